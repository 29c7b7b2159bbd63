// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The `trace` session: collector -> engine -> views, in one of three modes
 * (live frames until q or a signal, --duration then one summary, --events
 * as they come). Restores the terminal and removes the tracing instance on
 * every path; a signal ends it like `compact` does (restore, then die of
 * the signal); SIGKILL leaves an instance the next run reaps.
 */
#include "trace-run.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "kallsyms.h"
#include "output.h"
#include "signals.h"
#include "sysroot.h"
#include "trace-collect.h"
#include "trace-view.h"

struct session {
	const struct cc_trace_run_opts *o;
	struct cc_ksyms ks;
	const struct cc_trace_report *r;	/* migratetype names for extfrag lines */
	char symbuf[160];
	uint64_t t0;
	bool have_t0;
};

static uint64_t rel0(struct session *ss, uint64_t ts)
{
	if (!ss->have_t0) {
		ss->t0 = ts;
		ss->have_t0 = true;
	}
	return ss->t0;
}

static void emit_json_line(cJSON *doc)
{
	char *text = cJSON_PrintUnformatted(doc);

	if (text) {
		fputs(text, stdout);
		fputc('\n', stdout);
		free(text);
	}
	cJSON_Delete(doc);
}

static void on_run(const struct cc_ts_run *run, void *arg)
{
	struct session *ss = arg;
	uint64_t t0 = rel0(ss, run->ts);

	if (ss->o->json)
		emit_json_line(cc_json_trace_run(run, t0));
	else
		cc_text_trace_run(stdout, run, t0);
}

static const char *sym(uint64_t addr, void *arg)
{
	struct session *ss = arg;

	return cc_ksym_name(&ss->ks, addr, ss->symbuf, sizeof(ss->symbuf));
}

static void on_extfrag(const struct cc_tev *ev, const struct cc_tev *stack, void *arg)
{
	struct session *ss = arg;
	const char *mt[CC_MAX_MT];
	uint64_t t0 = rel0(ss, ev->ts);
	int i;

	for (i = 0; i < CC_MAX_MT; i++)
		mt[i] = ss->r->mt_names[i];
	if (ss->o->json)
		emit_json_line(cc_json_trace_extfrag(ev, ss->o->stack ? stack : NULL, t0, mt, sym, ss));
	else
		cc_text_trace_extfrag(stdout, ev, ss->o->stack ? stack : NULL, t0, mt, sym, ss);
}

static void load_ksyms(struct session *ss)
{
	struct cc_file f;
	struct cc_err e;

	if (cc_read_file("/proc/kallsyms", &f, &e))
		return;
	if (cc_parse_kallsyms(&ss->ks, f.data, f.len, f.path, &e))
		memset(&ss->ks, 0, sizeof(ss->ks));
	cc_file_free(&f);
}

static void frame(struct cc_tcol *c, struct cc_tsum *s, const struct cc_trace_run_opts *o,
		  bool live)
{
	struct cc_trace_report *r = cc_tsum_report_mut(s);
	struct cc_tview_opts vo = { o->top, live };

	cc_tcol_counters(c, r);
	if (o->json) {
		if (live) {
			emit_json_line(cc_json_trace(r));
		} else {
			cJSON *doc = cc_json_trace(r);

			cc_json_emit(doc);
			cJSON_Delete(doc);
		}
		return;
	}
	if (live && isatty(STDOUT_FILENO))
		fputs("\033[H\033[2J", stdout);	/* home, clear: a refreshing view */
	cc_text_trace(stdout, r, &vo);
	if (live)
		fputs(isatty(STDIN_FILENO) ? "\n(q or ^C to quit)\n" : "\n", stdout);
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

static bool quit_key(bool tty, int ms)
{
	struct pollfd p = { STDIN_FILENO, POLLIN, 0 };
	char ch;

	if (poll(&p, tty ? 1 : 0, ms) <= 0 || !tty)
		return false;
	return read(STDIN_FILENO, &ch, 1) == 1 && (ch == 'q' || ch == 'Q');
}

int cc_trace_run(const struct cc_trace_run_opts *o, struct cc_err *e)
{
	struct session ss = { .o = o };
	struct cc_tcol_opts co = { o->stack };
	struct cc_tsum_opts so = { 0 };
	struct termios saved;
	struct cc_tcol *c;
	struct cc_tsum *s;
	bool live = !o->duration_s && !o->events, tty = false, quit = false;
	double start, next;
	sigset_t old;

	cc_signals_catch();
	if (cc_tcol_open(&c, &co, e) < 0) {
		cc_signals_restore();
		return -1;
	}
	if (o->stack)
		load_ksyms(&ss);
	so.zones = cc_tcol_zonemap(c);
	if (o->events) {
		so.on_run = on_run;
		so.on_extfrag = on_extfrag;
		so.arg = &ss;
		if (!o->json)
			cc_text_trace_header(stdout);
	}
	s = cc_tsum_new(&so);
	ss.r = cc_tsum_report(s);
	cc_tcol_counters(c, cc_tsum_report_mut(s));	/* migratetype names */
	if (live)
		tty = raw_stdin(&saved);
	start = cc_monotonic();
	next = start + o->interval_s;
	while (!cc_got_signal && !quit) {
		quit = quit_key(tty, cc_tcol_poll_ms(c));
		cc_tcol_poll(c, s, false, e);
		if (o->duration_s && cc_monotonic() - start >= o->duration_s)
			break;
		if (live && cc_monotonic() >= next) {
			frame(c, s, o, true);
			next += o->interval_s;
		}
		fflush(stdout);
	}
	cc_signals_block(&old);	/* the restore is not interrupted */
	if (tty)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved);
	if (!cc_got_signal) {
		cc_tcol_poll(c, s, true, e);
		if (!o->events)
			frame(c, s, o, false);
	}
	cc_tcol_close(c);
	cc_tsum_free(s);
	cc_ksyms_free(&ss.ks);
	sigprocmask(SIG_SETMASK, &old, NULL);
	cc_signals_reraise();	/* dies here if a signal ended it */
	cc_signals_restore();
	return 0;
}
