// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The `trace` session (trace-run.h). The instance belongs to the restore
 * registry (trace-collect.c), so every way out removes it: the end, q, an
 * error, and the handled signals (the command then dies of the signal);
 * after a SIGKILL the next run reaps it (tracer.c).
 */
#include "trace-run.h"

#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "signals.h"

static uint64_t rel0(struct cc_trace_session *s, uint64_t ts)
{
	if (!s->have_t0) {
		s->t0 = ts;
		s->have_t0 = true;
	}
	return s->t0;
}

static void emit(struct cc_trace_session *s, struct cc_trace_event *ev)
{
	ev->kernel = cc_tsum_report(s->sum)->kernel;
	if (!s->failed && s->emit_event(s->arg, ev) < 0)
		s->failed = 1;
}

static void on_run(const struct cc_ts_run *run, void *arg)
{
	struct cc_trace_session *s = arg;
	struct cc_trace_event ev = { .run = run };

	ev.t0 = rel0(s, run->ts);
	emit(s, &ev);
}

static void on_extfrag(const struct cc_tev *x, const struct cc_tev *stack, void *arg)
{
	struct cc_trace_session *s = arg;
	const struct cc_trace_report *r = cc_tsum_report(s->sum);
	int64_t a = x->v[CC_V_ALLOC_MT], f = x->v[CC_V_FALLBACK_MT];
	struct cc_trace_event ev = { .extfrag = x };
	int i;

	ev.t0 = rel0(s, x->ts);
	ev.alloc_mt = a >= 0 && a < CC_MAX_MT ? r->mt_names[a] : "?";
	ev.fallback_mt = f >= 0 && f < CC_MAX_MT ? r->mt_names[f] : "?";
	ev.have_stack = s->stack;
	for (i = 0; s->stack && stack && i < stack->nstack; i++)
		snprintf(ev.stack[ev.nstack++], sizeof(ev.stack[0]), "%s",
			 cc_tcol_symbol(s->col, stack->stack[i]));
	emit(s, &ev);
}

/* q on a terminal ends the live view: no line buffering, no echo */
static bool raw_stdin(struct termios *saved)
{
	struct termios t;

	if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, saved))
		return false;
	t = *saved;
	t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	t.c_cc[VMIN] = 0;
	t.c_cc[VTIME] = 0;
	return !tcsetattr(STDIN_FILENO, TCSANOW, &t);
}

/* wait ms for q (on a terminal), or just wait */
static bool quit_key(bool tty, int ms)
{
	struct pollfd p = { STDIN_FILENO, POLLIN, 0 };
	char ch;

	if (poll(&p, tty ? 1 : 0, ms) <= 0 || !tty)
		return false;
	return read(STDIN_FILENO, &ch, 1) == 1 && (ch == 'q' || ch == 'Q');
}

static int frame(struct cc_trace_session *s, bool tty)
{
	struct cc_trace_view v = { cc_tsum_report(s->sum), s->top, true, tty };

	cc_tcol_counters(s->col, cc_tsum_report_mut(s->sum));
	return s->emit_frame(s->arg, &v);
}

int cc_trace_session_run(struct cc_trace_session *s)
{
	struct cc_tsum_opts so = { 0 };
	struct termios saved;
	bool tty = false, quit = false;
	double start, next;

	cc_tcol_engine_opts(s->col, &so);
	if (s->events) {
		so.on_run = on_run;
		so.on_extfrag = on_extfrag;
		so.arg = s;
	}
	s->sum = cc_tsum_new(&so);
	/* the migratetype names, before the first fallback line */
	cc_tcol_counters(s->col, cc_tsum_report_mut(s->sum));
	if (s->keys)
		tty = raw_stdin(&saved);
	start = cc_monotonic();
	next = start + s->interval_s;
	while (!cc_got_signal && !quit && !s->failed) {
		quit = quit_key(tty, cc_tcol_poll_ms(s->col));
		cc_tcol_poll(s->col, s->sum, false);
		if (s->events && s->flush && s->flush(s->arg) < 0)
			s->failed = 1;
		if (s->duration_s > 0 && cc_monotonic() - start >= s->duration_s)
			break;
		if (s->interval_s > 0 && cc_monotonic() >= next) {
			if (frame(s, tty) < 0)
				s->failed = 1;
			next += s->interval_s;
		}
	}
	if (tty)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved);
	if (cc_got_signal || s->failed)
		return s->failed ? -1 : 0;
	/* what the buffers still hold, then the counters of the window */
	cc_tcol_poll(s->col, s->sum, true);
	if (s->events && s->flush && s->flush(s->arg) < 0)
		s->failed = 1;
	cc_tcol_counters(s->col, cc_tsum_report_mut(s->sum));
	return s->failed ? -1 : 0;
}

const struct cc_trace_report *cc_trace_session_report(struct cc_trace_session *s)
{
	return cc_tsum_report(s->sum);
}

void cc_trace_session_free(struct cc_trace_session *s)
{
	cc_tsum_free(s->sum);
	s->sum = NULL;
}
