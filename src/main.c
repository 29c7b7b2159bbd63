// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * compactctl: memory fragmentation analysis and compaction control.
 * Root argp parser, global options and subcommand dispatch.
 */
#include <argp.h>
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cmd.h"
#include "config.h"
#include "sysroot.h"

const char *argp_program_version = "compactctl " COMPACTCTL_VERSION;
const char *argp_program_bug_address = NULL;

struct cc_globals cc_g;

enum { OPT_NO_COLOR = 0x100, OPT_SYSROOT };

static const struct argp_option global_options[] = {
	{ NULL, 0, NULL, 0, "Global options (before or after the command):", -1 },
	{ "json", 'j', NULL, 0, "Print JSON on stdout", -1 },
	{ "sysroot", OPT_SYSROOT, "DIR", 0,
	  "Read (and write) DIR/proc/... and DIR/sys/... instead of the live system", -1 },
	{ "no-color", OPT_NO_COLOR, NULL, 0, "Never use colour (also: NO_COLOR set)", -1 },
	{ 0 }
};

static error_t global_parse(int key, char *arg, struct argp_state *state)
{
	(void)state;
	switch (key) {
	case 'j':
		cc_g.json = true;
		return 0;
	case OPT_SYSROOT:
		cc_g.sysroot = arg;
		return 0;
	case OPT_NO_COLOR:
		cc_g.no_color = true;
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

const struct argp cc_global_argp = { global_options, global_parse, NULL, NULL,
				     NULL, NULL, NULL };

const struct argp_child cc_global_children[] = {
	{ &cc_global_argp, 0, NULL, 0 },
	{ 0 }
};

error_t cc_argp_default(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case ARGP_KEY_INIT:
		state->child_inputs[0] = NULL;
		return 0;
	case ARGP_KEY_ARG:
		argp_error(state, "unexpected argument '%s'", arg);
		return EINVAL;
	}
	return ARGP_ERR_UNKNOWN;
}

int cc_apply_globals(void)
{
	struct cc_err e;

	if (cc_g.sysroot && cc_sysroot_set(cc_g.sysroot, &e) < 0) {
		cc_err_print(&e);
		return -1;
	}
	return 0;
}

bool cc_use_color(void)
{
	const char *nc = getenv("NO_COLOR");

	if (cc_g.no_color || cc_g.json || (nc && *nc))
		return false;
	return isatty(STDOUT_FILENO);
}

bool cc_utf8(void)
{
	return !strcmp(nl_langinfo(CODESET), "UTF-8");
}

int cc_term_width(void)
{
	struct winsize ws;

	if (isatty(STDOUT_FILENO) && !ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) &&
	    ws.ws_col >= 40)
		return ws.ws_col;
	return 80;
}

int cc_flush_stdout(void)
{
	if (fflush(stdout) == EOF || ferror(stdout)) {
		if (errno != EPIPE)
			fprintf(stderr, "compactctl: write error on stdout: %s\n",
				strerror(errno));
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
};

static const struct command commands[] = {
	{ "status", cmd_status, "fragmentation of every node and zone (default)" },
	{ "compact", cmd_compact, "trigger compaction and show what it did" },
	{ "snapshot", cmd_snapshot, "one JSON document of every raw count" },
	{ "diff", cmd_diff, "compare two snapshots or buddyinfo captures" },
	{ "watch", cmd_watch, "live view of fragmentation and compaction" },
	{ "probe", cmd_probe, "how many huge pages the kernel can give now" },
	{ "export", cmd_export, "Prometheus text format, for node_exporter" },
	{ "check", cmd_check, "monitoring-plugin check of thresholds" },
	{ "trace", cmd_trace, "who stalls in compaction, what fragments memory" },
};

static const char root_doc[] =
	"Memory fragmentation analysis and compaction control.\v"
	"Commands:\n"
	"  status     fragmentation of every node and zone (the default)\n"
	"  compact    trigger compaction (system, or --node) and show what it did\n"
	"  snapshot   print one JSON document of every raw count, for diff\n"
	"  diff       compare two snapshots or raw buddyinfo captures\n"
	"  watch      live view (curses), or text frames with --batch\n"
	"  probe      how many huge pages can be allocated now, per node (root)\n"
	"  export     the Prometheus text format (-o FILE for node_exporter)\n"
	"  check      OK/WARNING/UNKNOWN against thresholds, for monitoring\n"
	"  trace      who stalls in compaction and what fragments memory (root)\n"
	"\n"
	"Run 'compactctl COMMAND --help' for the options of a command.\n"
	"Exit status: 0 success, 1 failure, 64 usage error.";

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

static const struct argp_child root_children[] = {
	{ &cc_global_argp, 0, NULL, 0 },
	{ 0 }
};

static const struct argp root_argp = { NULL, root_parse, "[COMMAND [OPTION...]]",
				       root_doc, root_children, NULL, NULL };

int main(int argc, char **argv)
{
	struct root_state rs = { -1 };
	const char *name = "status";
	char prog[64];
	char **sub_argv;
	int sub_argc, r;
	size_t i;

	setlocale(LC_ALL, "");
	if (argp_parse(&root_argp, argc, argv, ARGP_IN_ORDER, NULL, &rs))
		return EXIT_USAGE;
	if (rs.cmd_index >= 0)
		name = argv[rs.cmd_index];
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(commands[i].name, name))
			break;
	if (i == ARRAY_SIZE(commands)) {
		fprintf(stderr, "compactctl: unknown command '%s'\n"
			"Try 'compactctl --help' for more information.\n", name);
		return EXIT_USAGE;
	}
	/* the command's own argv: "compactctl status" + its arguments */
	sub_argc = rs.cmd_index >= 0 ? argc - rs.cmd_index : 1;
	sub_argv = xcalloc((size_t)sub_argc + 1, sizeof(*sub_argv));
	snprintf(prog, sizeof(prog), "compactctl %s", commands[i].name);
	sub_argv[0] = prog;
	for (r = 1; r < sub_argc; r++)
		sub_argv[r] = argv[rs.cmd_index + r];
	r = commands[i].fn(sub_argc, sub_argv);
	free(sub_argv);
	return r;
}
