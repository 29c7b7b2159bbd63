// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * compactctl trace: who stalls in direct compaction, what kcompactd does,
 * which allocations fragment memory; system-wide, from the tracepoints of a
 * private tracing instance (no BPF). Options and orchestration only: the
 * session is trace-run.c, the collector trace-collect.c, the engine
 * trace-summary.c, the views out-trace.c.
 */
#include <argp.h>
#include <stdio.h>
#include <unistd.h>

#include "cmd.h"
#include "signals.h"

struct trace_args {
	struct cc_lock_opts lock;
	double duration, interval;
	bool events, stack;
	long top;
};

enum { OPT_DURATION = 0x600, OPT_EVENTS, OPT_STACK, OPT_INTERVAL, OPT_TOP };

static const struct argp_option trace_options[] = {
	{ "duration", OPT_DURATION, "TIME", 0,
	  "Record for TIME (30s, 500ms, 2m, or seconds), then print the summary", 0 },
	{ "events", OPT_EVENTS, NULL, 0,
	  "One line per compaction run and fallback event (JSON lines with --json)", 0 },
	{ "stack", OPT_STACK, NULL, 0, "With --events: the kernel stack of each fallback", 0 },
	{ "interval", OPT_INTERVAL, "TIME", 0, "Live view: refresh every TIME (default 1s)", 0 },
	{ "top", OPT_TOP, "N", 0, "Show the N tasks that stalled longest (default 10)", 0 },
	{ 0 }
};

static error_t trace_parse(int key, char *arg, struct argp_state *state)
{
	struct trace_args *a = state->input;

	switch (key) {
	case ARGP_KEY_INIT:
		cc_argp_init_lock(state, &a->lock);
		return 0;
	case OPT_DURATION:
		return cc_arg_seconds(state, "--duration", arg, 0.01, &a->duration);
	case OPT_INTERVAL:
		return cc_arg_seconds(state, "--interval", arg, 0.1, &a->interval);
	case OPT_EVENTS:
		a->events = true;
		return 0;
	case OPT_STACK:
		a->stack = true;
		return 0;
	case OPT_TOP:
		return cc_arg_long(state, "--top", arg, "a count", 1, 1000, &a->top);
	case ARGP_KEY_END:
		if (a->stack && !a->events) {
			argp_error(state, "--stack needs --events");
			return EINVAL;
		}
		return 0;
	}
	return cc_argp_default(key, arg, state);
}

static void trace_defaults(void *args)
{
	struct trace_args *a = args;

	a->interval = 1;
	a->top = 10;
}

static const struct argp trace_argp = {
	trace_options, trace_parse, NULL,
	"System-wide: direct compaction stalls per task, order and zone (count, "
	"latency, histogram, result), kcompactd runs, fallbacks that fragment "
	"memory (mm_page_alloc_extfrag) per migratetype pair, THP fallbacks, PSI, "
	"and the trace's sums against /proc/vmstat.\v"
	"Without --duration or --events: a summary redrawn each --interval until "
	"q or ^C. Needs root and tracefs; records in a private tracing instance, "
	"removed on exit (and by the next run after a SIGKILL). The instance is "
	"set up under the machine lock (--wait, --no-wait), which it does not hold "
	"while it records.",
	cc_lock_children, NULL, NULL
};

static int emit_frame(void *arg, const struct cc_trace_view *v)
{
	struct cc_ctx *ctx = arg;

	/* redrawn on a terminal (a constant, not input: not filtered) */
	if (v->keys && ctx->view == &cc_view_text && isatty(STDOUT_FILENO) &&
	    fputs("\033[H\033[2J", stdout) >= 0)
		fflush(stdout);
	return ctx->view->trace(&ctx->out, v) < 0 ? -1 : cc_ctx_commit(ctx);
}

static int emit_event(void *arg, const struct cc_trace_event *ev)
{
	struct cc_ctx *ctx = arg;

	return ctx->view->trace_event(&ctx->out, ev);
}

static int flush(void *arg)
{
	return cc_ctx_commit(arg);
}

static int run_trace(struct cc_ctx *ctx, void *args)
{
	struct trace_args *a = args;
	struct cc_trace_session s = {
		.duration_s = a->duration, .events = a->events, .stack = a->stack,
		.keys = !a->duration && !a->events, .top = (int)a->top,
		.emit_frame = emit_frame, .emit_event = emit_event, .flush = flush, .arg = ctx,
	};
	struct cc_trace_event header = { 0 };
	struct cc_trace_view v = { .top = (int)a->top };
	int r;

	if (ctx->view->format == CC_FORMAT_PROMETHEUS && (!a->duration || a->events)) {
		cc_warn("trace: --format prometheus needs --duration, without --events");
		return EXIT_USAGE;
	}
	s.interval_s = s.keys ? a->interval : 0;	/* the live view's frames */
	r = cc_trace_setup(ctx, &s, a->lock.wait, a->stack);
	cc_drop_privileges();
	if (r == 0 && a->events && (emit_event(ctx, &header) < 0 || flush(ctx) < 0))
		r = EXIT_FAIL;
	if (r == 0 && cc_trace_session_run(&s) < 0)
		r = EXIT_FAIL;
	/* the summary, unless --events or a signal (main restores, then dies
	 * of it) */
	if (r == 0 && !a->events && !cc_got_signal) {
		v.r = cc_trace_session_report(&s);
		if (ctx->view->trace(&ctx->out, &v) < 0 || cc_ctx_commit(ctx) < 0)
			r = EXIT_FAIL;
	}
	cc_trace_session_free(&s);
	cc_tcol_free(s.col);
	return r;
}

const struct cc_command cc_cmd_trace = {
	.name = "trace", .summary = "who stalls in compaction, what fragments memory (root)",
	.argp = &trace_argp, .args_size = sizeof(struct trace_args),
	.defaults = trace_defaults, .run = run_trace,
	.formats = CC_FORMAT_TEXT | CC_FORMAT_JSON | CC_FORMAT_PROMETHEUS,
	.usage_status = EXIT_USAGE, .fail_status = EXIT_FAIL,
};
