// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * compactctl explain [FILE|-]: what a kernel "page allocation failure"
 * (stall, vmalloc, OOM-killer) report means, and what to do about it.
 * Options and orchestration only: explain-input.c reads, parse-allocreport.c
 * parses, explain.c diagnoses, out-explain.c renders.
 */
#include <argp.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "explain-input.h"
#include "explain.h"
#include "output.h"

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
	"sos_commands/kernel/dmesg or var/log/messages).\v"
	"Exit status: 0 when a report was explained, 1 when none was found or the "
	"input could not be read, 64 usage error.",
	cc_global_children, NULL, NULL
};

struct run {
	const char *source;
	int explained;
};

/* Parse buf, explain and print every report in it */
static int explain_buffer(char *buf, size_t len, void *arg)
{
	struct run *run = arg;
	struct cc_ex_render o = { .width = cc_term_width(), .source = run->source };
	struct cc_ex_report *x = xcalloc(1, sizeof(*x));
	struct cc_areports rs;
	struct cc_err e;
	cJSON *doc = NULL, *list = NULL;
	int i;

	if (cc_parse_allocreports(buf, len, run->source, &rs, &e) < 0) {
		cc_err_print(&e);
		free(x);
		return -1;
	}
	for (i = 0; i < rs.nnotes; i++)
		cc_warn("%s", rs.notes[i]);
	if (rs.dropped)
		cc_warn("%s: %d older reports not shown (the newest %d are)", run->source,
			rs.dropped, rs.n);
	if (cc_g.json) {
		doc = cJSON_CreateObject();
		cJSON_AddStringToObject(doc, "source", run->source);
		list = cJSON_AddArrayToObject(doc, "reports");
	}
	if (!doc && rs.n)
		cc_text_explain_head(stdout, rs.n, &o);
	for (i = 0; i < rs.n; i++) {
		cc_explain(&rs.r[i], x);
		if (doc)
			cJSON_AddItemToArray(list, cc_json_explain(x));
		else
			cc_text_explain(stdout, x, i + 1, rs.n, &o);
		if (!doc && i + 1 < rs.n)
			putchar('\n');
	}
	run->explained += rs.n;
	if (doc) {
		char *text = cJSON_PrintUnformatted(doc);

		if (text)
			printf("%s\n", text);
		free(text);
		cJSON_Delete(doc);
	}
	cc_areports_free(&rs);
	free(x);
	return cc_flush_stdout() == EXIT_OK ? 0 : -1;
}

int cmd_explain(int argc, char **argv)
{
	struct explain_args a = { 0 };
	struct run run = { 0 };
	char source[PATH_MAX];
	struct cc_file f;
	struct cc_err e;
	int r;

	if (argp_parse(&explain_argp, argc, argv, 0, NULL, &a))
		return EXIT_USAGE;
	if (cc_apply_globals() < 0)
		return EXIT_USAGE;
	if (a.follow) {
		run.source = "/dev/kmsg";
		if (cc_ex_follow(explain_buffer, &run, &e) < 0) {
			cc_err_print(&e);
			return EXIT_FAIL;
		}
		return EXIT_OK;
	}
	if (cc_ex_collect(a.file, &f, source, sizeof(source), &e) < 0) {
		cc_err_print(&e);
		return EXIT_FAIL;
	}
	cc_drop_privileges(false);
	run.source = source;
	r = explain_buffer(f.data, f.len, &run);
	cc_file_free(&f);
	if (r < 0)
		return EXIT_FAIL;
	if (!run.explained) {
		cc_warn("%s: no allocation-failure report found", source);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}
