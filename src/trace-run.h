/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The `trace` session (trace-run.c): the loop that polls the collector
 * (trace-collect.h) into the engine (trace-summary.h) for a duration, until
 * q or a signal (the live view), or event by event, and hands frames and
 * event lines to the caller's emitters (a command: its views, then the
 * output commit). It prints nothing itself.
 */
#ifndef COMPACTCTL_TRACE_RUN_H
#define COMPACTCTL_TRACE_RUN_H

#include <stdbool.h>

#include "trace-collect.h"
#include "views.h"

struct cc_trace_session {
	struct cc_tcol *col;		/* started (cc_tcol_start) */
	double duration_s;		/* > 0: record this long; 0: until q or a signal */
	double interval_s;		/* live frames: one every interval (0: none) */
	bool events;			/* emit_event for each run, verdict, fallback */
	bool stack;			/* ... with the fallbacks' stacks */
	bool keys;			/* q on the terminal ends it */
	int top;			/* task rows of a live frame */
	/* the caller's: render (and commit) a live frame, or event lines;
	 * a negative return ends the session (the output failed) */
	int (*emit_frame)(void *arg, const struct cc_trace_view *v);
	int (*emit_event)(void *arg, const struct cc_trace_event *ev);
	int (*flush)(void *arg);	/* after each poll that emitted events */
	void *arg;
	/* state */
	struct cc_tsum *sum;
	uint64_t t0;
	bool have_t0;
	int failed;			/* an emitter's failure */
};

/* Record as s says. 0 at the end (the duration, q, or a signal: see
 * cc_got_signal); -1 when an emitter failed. The final report (counters
 * included) stays until cc_trace_session_free. */
int cc_trace_session_run(struct cc_trace_session *s);
const struct cc_trace_report *cc_trace_session_report(struct cc_trace_session *s);
void cc_trace_session_free(struct cc_trace_session *s);

#endif
