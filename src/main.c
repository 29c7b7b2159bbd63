// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * compactctl: memory fragmentation analysis and compaction control.
 * The root argp parser, the command table, and the one place that turns
 * the global options into a command context (cmd.h): the view chosen
 * from --json/--format, the path layer's root from --sysroot.
 */
#include <argp.h>
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "config.h"
#include "restore.h"
#include "signals.h"

const char *argp_program_version = "compactctl " COMPACTCTL_VERSION;
const char *argp_program_bug_address = NULL;

/* the commands, in the order --help lists them; status is the default */
static const struct cc_command *const commands[] = {
	&cc_cmd_status, &cc_cmd_compact, &cc_cmd_snapshot, &cc_cmd_diff, &cc_cmd_watch,
	&cc_cmd_probe, &cc_cmd_export, &cc_cmd_check,
	&cc_cmd_explain,
	&cc_cmd_trace,
	&cc_cmd_map,
};

struct root_state {
	int cmd_index; /* index in argv of the command, or -1 */
};

static error_t root_parse(int key, char *arg, struct argp_state *state)
{
	struct root_state *rs = state->input;

	(void)arg;
	switch (key) {
	case ARGP_KEY_INIT:
		state->child_inputs[0] = NULL;
		return 0;
	case ARGP_KEY_ARG:
		/* first positional: the command; the rest belongs to it */
		rs->cmd_index = state->next - 1;
		state->next = state->argc;
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

/* --help's text after the options: the commands, from the table */
static char *root_help(int key, const char *text, void *input)
{
	char *buf = NULL;
	size_t len = 0, i;
	FILE *f;

	(void)input;
	if (key != ARGP_KEY_HELP_POST_DOC)
		return (char *)text;
	f = open_memstream(&buf, &len);
	if (!f)
		return (char *)text;
	fputs("Commands:\n", f);
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(f, "  %-10s %s\n", commands[i]->name, commands[i]->summary);
	fputs("\nRun 'compactctl COMMAND --help' for the options of a command.\n"
	      "Exit status: 0 success, 1 failure, 64 usage error, 75 another compactctl\n"
	      "is changing the machine (--no-wait); check: 0 OK, 1 WARNING, 2 CRITICAL,\n"
	      "3 UNKNOWN.", f);
	fclose(f);
	return buf;
}

static const struct argp_child root_children[] = {
	{ &cc_global_argp, 0, NULL, 0 },
	{ 0 }
};

static const struct argp root_argp = {
	NULL, root_parse, "[COMMAND [OPTION...]]",
	"Memory fragmentation analysis and compaction control.\v", root_children,
	root_help, NULL
};

static const struct cc_command *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(commands[i]->name, name))
			return commands[i];
	return NULL;
}

/* the view of --json/--format, if the command has it; NULL after a message */
static const struct cc_view_ops *choose_view(const struct cc_command *cmd)
{
	static const struct cc_view_ops *const views[] = {
		&cc_view_text, &cc_view_json, &cc_view_prometheus,
	};
	const struct cc_view_ops *v = &cc_view_text;
	size_t i;

	/* the default: text, or the command's own format (export) */
	for (i = 0; i < ARRAY_SIZE(views) && !(cmd->formats & v->format); i++)
		v = views[i];
	if (cc_g.format)
		v = cc_view_find(cc_g.format);
	if (cc_g.json) {
		if (cc_g.format && v != &cc_view_json) {
			cc_warn("--json and --format %s exclude each other", cc_g.format);
			return NULL;
		}
		v = &cc_view_json;
	}
	if (cmd->formats & v->format)
		return v;
	if (cmd == &cc_cmd_export && v == &cc_view_json)
		cc_warn("export: prints the Prometheus format; for JSON use "
			"'compactctl --json status'");
	else
		cc_warn("%s: no %s output", cmd->name, v->name);
	return NULL;
}

static int run(const struct cc_command *cmd, int argc, char **argv)
{
	struct cc_ctx ctx;
	struct cc_err e;
	void *args = xcalloc(1, cmd->args_size ? cmd->args_size : 1);
	int ret;

	if (cmd->defaults)
		cmd->defaults(args);
	argp_err_exit_status = cmd->usage_status;
	if (argp_parse(cmd->argp, argc, argv, 0, NULL, args)) {
		free(args);
		return cmd->usage_status;
	}
	memset(&ctx, 0, sizeof(ctx));
	ctx.cmd = cmd;
	ctx.view = choose_view(cmd);
	if (!ctx.view) {
		free(args);
		return cmd->usage_status;
	}
	if (cc_root_init(&ctx.root, cc_g.sysroot, &e) < 0) {
		cc_err_print(&e);
		free(args);
		return cmd->fail_status;
	}
	ctx.color_allowed = cc_color_allowed();
	ctx.out.command = cmd->name;
	ctx.out.color = ctx.color_allowed && ctx.view == &cc_view_text &&
			isatty(STDOUT_FILENO);
	ctx.out.utf8 = cc_utf8();
	ctx.out.width = cc_term_width();
	ctx.out.f = cc_memfile(&ctx.buf, &ctx.len, &ctx.plain);
	if (!ctx.out.f) {
		fputs("compactctl: out of memory\n", stderr);
		exit(EXIT_FAIL);
	}
	ret = cmd->run(&ctx, args);
	/* whatever run left behind is undone now, on every way out */
	cc_restore_all();
	if (ctx.have_outfile)
		cc_outfile_abort(&ctx.outfile);
	if (ctx.have_lock)
		cc_lock_close(&ctx.lock);
	fclose(ctx.out.f);
	free(ctx.buf);
	cc_root_fini(&ctx.root);
	free(args);
	return ret;
}

int main(int argc, char **argv)
{
	struct root_state rs = { -1 };
	const struct cc_command *cmd;
	const char *name = "status";
	char prog[64];
	char **sub_argv;
	int sub_argc, r;

	/* Blocks up to 4 MiB come from the heap and are reused, whatever was
	 * freed before: glibc's threshold otherwise follows the largest block
	 * freed so far, and a status at 1024 nodes (a 1.2 MiB walk of every
	 * zone a node, alloc.c) mapped and faulted a fresh one for each node:
	 * 8 % of its time once no multi-megabyte file buffer came before it.
	 * It overrides MALLOC_MMAP_THRESHOLD_ and GLIBC_TUNABLES; watch may
	 * keep up to 8 MiB of freed heap; valgrind and ASan ignore it. */
	mallopt(M_MMAP_THRESHOLD, 4 << 20);
	mallopt(M_TRIM_THRESHOLD, 8 << 20);
	if (argp_parse(&root_argp, argc, argv, ARGP_IN_ORDER, NULL, &rs))
		return EXIT_USAGE;
	if (rs.cmd_index >= 0)
		name = argv[rs.cmd_index];
	cmd = find_command(name);
	if (!cmd) {
		cc_warn("unknown command '%s'", name);
		fputs("Try 'compactctl --help' for more information.\n", stderr);
		return EXIT_USAGE;
	}
	/* the command's own argv: "compactctl status" + its arguments */
	sub_argc = rs.cmd_index >= 0 ? argc - rs.cmd_index : 1;
	sub_argv = xcalloc((size_t)sub_argc + 1, sizeof(*sub_argv));
	snprintf(prog, sizeof(prog), "compactctl %s", cmd->name);
	sub_argv[0] = prog;
	for (r = 1; r < sub_argc; r++)
		sub_argv[r] = argv[rs.cmd_index + r];
	r = run(cmd, sub_argc, sub_argv);
	free(sub_argv);
	/* a command killed by a signal dies of it, once everything is restored */
	if (cc_got_signal)
		cc_signals_reraise();
	return r;
}
