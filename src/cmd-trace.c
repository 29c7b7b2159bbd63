// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * compactctl trace: who stalls in direct compaction, what kcompactd does,
 * which allocations fragment memory; system-wide, from the tracepoints of a
 * private tracing instance (no BPF). Options and orchestration only: the
 * session is trace-run.c, the engine trace-summary.c, the views trace-view.c.
 */
#include <argp.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "trace-run.h"

enum { OPT_DURATION = 0x600, OPT_EVENTS, OPT_STACK, OPT_INTERVAL, OPT_TOP };

static const struct argp_option trace_options[] = {
	{ "duration", OPT_DURATION, "TIME", 0,
	  "Record for TIME (30s, 500ms, 2m), then print the summary", 0 },
	{ "events", OPT_EVENTS, NULL, 0,
	  "One line per compaction run and fallback event (JSON lines with --json)", 0 },
	{ "stack", OPT_STACK, NULL, 0, "With --events: the kernel stack of each fallback", 0 },
	{ "interval", OPT_INTERVAL, "TIME", 0, "Live view: refresh every TIME (default 1s)", 0 },
	{ "top", OPT_TOP, "N", 0, "Show the N tasks that stalled longest (default 10)", 0 },
	{ 0 }
};

/* "30s", "500ms", "2m", "1.5" (seconds) -> seconds, or -1 */
static double parse_time(const char *s)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || v <= 0 || v != v)
		return -1;
	if (!strcmp(end, "ms"))
		v /= 1000;
	else if (!strcmp(end, "m"))
		v *= 60;
	else if (!strcmp(end, "h"))
		v *= 3600;
	else if (*end && strcmp(end, "s"))
		return -1;
	return v >= 0.01 && v <= 7 * 86400 ? v : -1;
}

static error_t trace_parse(int key, char *arg, struct argp_state *state)
{
	struct cc_trace_run_opts *o = state->input;
	char *end;
	long n;

	switch (key) {
	case OPT_DURATION:
	case OPT_INTERVAL: {
		double v = parse_time(arg);

		if (v < 0) {
			argp_error(state, "%s '%s': expected a time like 30s, 500ms or 2m",
				   key == OPT_DURATION ? "--duration" : "--interval", arg);
			return EINVAL;
		}
		*(key == OPT_DURATION ? &o->duration_s : &o->interval_s) = v;
		return 0;
	}
	case OPT_EVENTS:
		o->events = true;
		return 0;
	case OPT_STACK:
		o->stack = true;
		return 0;
	case OPT_TOP:
		errno = 0;
		n = strtol(arg, &end, 10);
		if (errno || end == arg || *end || n < 1 || n > 1000) {
			argp_error(state, "--top '%s': expected 1 to 1000", arg);
			return EINVAL;
		}
		o->top = (int)n;
		return 0;
	case ARGP_KEY_END:
		if (o->stack && !o->events) {
			argp_error(state, "--stack needs --events");
			return EINVAL;
		}
		return 0;
	}
	return cc_argp_default(key, arg, state);
}

static const char trace_doc[] =
	"System-wide: direct compaction stalls per task, order and zone (count, "
	"latency, histogram, result), kcompactd runs, fallbacks that fragment "
	"memory (mm_page_alloc_extfrag) per migratetype pair, THP fallbacks, PSI.\v"
	"Without --duration or --events: a summary refreshed each --interval until "
	"q or ^C. Needs root and tracefs; records in a private tracing instance, "
	"removed on exit (and by the next run after a SIGKILL).\n"
	"Exit status: 0 success, 1 failure, 64 usage error.";

static const struct argp trace_argp = { trace_options, trace_parse, NULL, trace_doc,
					cc_global_children, NULL, NULL };

int cmd_trace(int argc, char **argv)
{
	struct cc_trace_run_opts o = { .interval_s = 1, .top = 10 };
	struct cc_err e;

	if (argp_parse(&trace_argp, argc, argv, 0, NULL, &o))
		return EXIT_USAGE;
	if (cc_apply_globals() < 0)
		return EXIT_FAIL;
	o.json = cc_g.json;
	if (cc_g.sysroot) {
		fprintf(stderr, "compactctl: trace: records the live kernel; not under --sysroot\n");
		return EXIT_FAIL;
	}
	if (cc_trace_run(&o, &e) < 0) {
		cc_err_print(&e);
		return EXIT_FAIL;
	}
	return cc_flush_stdout();
}
