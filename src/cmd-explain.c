// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * compactctl explain [FILE|-]: what a kernel "page allocation failure"
 * (stall, vmalloc, OOM-killer) report means, and what to do about it.
 * Options and orchestration only: explain-input.c reads the kernel log,
 * explain.c parses and diagnoses, out-explain.c renders.
 */
#include <argp.h>
#include <errno.h>

#include "cmd.h"
#include "explain-input.h"

struct explain_args {
	const char *file;
	bool follow;
};

static const struct argp_option explain_options[] = {
	{ "follow", 'f', NULL, 0,
	  "Wait for new reports in the kernel log and explain each as it comes", 0 },
	{ 0 }
};

static error_t explain_parse(int key, char *arg, struct argp_state *state)
{
	struct explain_args *a = state->input;

	switch (key) {
	case 'f':
		a->follow = true;
		return 0;
	case ARGP_KEY_ARG:
		if (a->file) {
			argp_error(state, "one FILE at a time ('%s' and '%s')", a->file, arg);
			return EINVAL;
		}
		a->file = arg;
		return 0;
	case ARGP_KEY_END:
		if (a->follow && a->file) {
			argp_error(state, "--follow reads the kernel log; it takes no FILE");
			return EINVAL;
		}
		return 0;
	}
	return cc_argp_default(key, arg, state);
}

static const struct argp explain_argp = {
	explain_options, explain_parse, "[FILE|-]",
	"Explain kernel allocation-failure reports (\"page allocation failure\", "
	"\"page allocation stalls\", vmalloc errors, OOM-killer reports): what was "
	"asked, how each zone answered, the cause and what to do. FILE is a saved "
	"dmesg, syslog, journal or pasted report, '-' is stdin; without FILE the "
	"kernel log (/dev/kmsg, what it holds now; with --sysroot DIR the tree's "
	"sos_commands/kernel/dmesg or var/log/messages). With --follow and --json, "
	"one JSON document per line for each batch of new reports.\v"
	"Exit status: 0 when a report was explained (--follow: when the log ended), "
	"1 when none was found or the input could not be read, 64 usage error.",
	cc_global_children, NULL, NULL
};

struct run {
	struct cc_ctx *ctx;
	const char *source;
	bool follow;
	bool failed;		/* and said so */
	int explained;
};

/* Explain every report in buf and print them; a --follow batch without
 * one prints nothing. 0, or -1 after the message. */
static int explain_batch(char *buf, size_t len, void *arg)
{
	struct run *run = arg;
	struct cc_explain_batch b;
	struct cc_err e;
	int i, r = 0;

	if (cc_explain_buffer(buf, len, run->source, &b, &e) < 0) {
		cc_err_print(&e);
		run->failed = true;
		return -1;
	}
	b.stream = run->follow;
	for (i = 0; i < b.parsed.nnotes; i++)
		cc_warn("%s", b.parsed.notes[i]);
	if (b.parsed.dropped)
		cc_warn("%s: %d older reports not shown (the newest %d are)", run->source,
			b.parsed.dropped, b.parsed.n);
	if ((b.parsed.n || !run->follow) &&
	    (run->ctx->view->explain(&run->ctx->out, &b) < 0 || cc_ctx_commit(run->ctx) < 0)) {
		run->failed = true;	/* the commit said why */
		r = -1;
	}
	run->explained += b.parsed.n;
	cc_explain_batch_free(&b);
	return r;
}

/* Nothing a parent left open (the fd of a lock it holds) lives on in us
 * but keep[]; then no capability either. */
static void shed(const int *keep, size_t n)
{
	cc_close_inherited(keep, n);
	cc_drop_privileges();
}

static int run_explain(struct cc_ctx *ctx, void *args)
{
	struct explain_args *a = args;
	struct run run = { .ctx = ctx, .follow = a->follow };
	struct cc_ex_log log;
	struct cc_file f;
	struct cc_err e;
	int r, keep[2];

	/* Only the live kernel log (/dev/kmsg: CAP_SYSLOG under
	 * dmesg_restrict) is opened with privileges; a FILE, stdin or a
	 * tree's saved log is read after the drop, like every other input */
	bool privileged_open = !a->file && ctx->root.live;

	keep[0] = ctx->root.dirfd;
	keep[1] = -1;
	if (!privileged_open)
		shed(keep, ARRAY_SIZE(keep));
	r = cc_ex_input_open(&ctx->root, a->file, a->follow, &log, &f, &e);
	if (r < 0) {
		cc_err_print(&e);
		return EXIT_FAIL;
	}
	if (privileged_open) {
		keep[1] = log.fd;
		shed(keep, ARRAY_SIZE(keep));
	}
	run.source = log.fd >= 0 ? log.path : f.path;
	if (a->follow)
		r = cc_ex_log_follow(&log, explain_batch, &run, &e);
	else if (log.fd < 0 || (r = cc_ex_log_read(&log, &f, &e)) == 0)
		r = explain_batch(f.data, f.len, &run);
	if (r < 0 && !run.failed)
		cc_err_print(&e);
	cc_ex_log_close(&log);
	cc_file_free(&f);
	if (r < 0)
		return EXIT_FAIL;
	if (!run.explained && !a->follow) {
		cc_warn("%s: no allocation-failure report found", run.source);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

const struct cc_command cc_cmd_explain = {
	.name = "explain", .summary = "what a kernel allocation-failure report means",
	.argp = &explain_argp, .args_size = sizeof(struct explain_args), .run = run_explain,
	.formats = CC_FORMAT_TEXT | CC_FORMAT_JSON,
	.usage_status = EXIT_USAGE, .fail_status = EXIT_FAIL,
};
