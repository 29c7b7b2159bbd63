// SPDX-License-Identifier: GPL-2.0-or-later
/* The curses driver of watch (tui.h): the only code that uses curses. */
#include <curses.h>
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "signals.h"
#include "snapshot.h"
#include "tui.h"

/* ---- the c key's files ---- */

void cc_watch_triggers_open(struct cc_watch_triggers *t, const struct cc_root *r)
{
	struct cc_nodeset nodes;
	struct cc_err e;
	int id;

	memset(t, 0, sizeof(*t));
	cc_attr_open(r, &t->compact_memory, CC_COMPACT_MEMORY);
	cc_node_dirs(r, &nodes);
	for (id = cc_nodeset_next(&nodes, 0); id >= 0; id = cc_nodeset_next(&nodes, id + 1)) {
		char kpath[64];

		t->node = xrealloc(t->node, (size_t)id + 1, sizeof(*t->node));
		while (t->nnode <= id)
			t->node[t->nnode++].fd = -2;	/* no such node */
		snprintf(kpath, sizeof(kpath), "/sys/devices/system/node/node%d/compact", id);
		cc_attr_open(r, &t->node[id], kpath);
	}
	t->lock_ok = cc_lock_open(&t->lock, r, &e) == 0;
	if (!(t->tcol = cc_tcol_new(r, false, &e)))
		snprintf(t->trace_why, sizeof(t->trace_why), "%.190s", e.msg);
}

void cc_watch_triggers_close(struct cc_watch_triggers *t)
{
	int i;

	for (i = 0; i < t->nnode; i++)
		if (t->node[i].fd != -2)
			cc_attr_close(&t->node[i]);
	free(t->node);
	cc_attr_close(&t->compact_memory);
	cc_tsum_free(t->tsum);
	cc_tcol_free(t->tcol);
	if (t->lock_ok)
		cc_lock_close(&t->lock);
}

/* node's trigger: its own file, or compact_memory for a kernel without */
static struct cc_attr *trigger(struct cc_watch_triggers *t, const struct cc_watch *w)
{
	int id = w->node;

	if (id < t->nnode && t->node[id].fd != -2 && t->node[id].err != -ENOENT)
		return &t->node[id];
	if (w->cur.nnodes == 1)
		return &t->compact_memory;
	return id < t->nnode && t->node[id].fd != -2 ? &t->node[id] : &t->compact_memory;
}

/* ---- drawing ---- */

static bool curses_on;
static chtype attr_of[CA__N];

static void curses_end(void)
{
	if (curses_on) {
		endwin();
		curses_on = false;
	}
}

/* Starts curses; whether the screen takes UTF-8. Curses draws wide
 * characters by the locale's character type (only that: numbers always
 * print with a '.'), so the screen's UTF-8 is the loaded locale's, not the
 * environment's guess (cc_utf8): a UTF-8 LANG whose locale is not installed
 * leaves curses in "C", which would print each byte of a bar. No other
 * command loads the locale. */
static bool curses_start(bool color)
{
	bool utf8 = setlocale(LC_CTYPE, "") && !strcmp(nl_langinfo(CODESET), "UTF-8");

	initscr();
	curses_on = true;
	atexit(curses_end);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	curs_set(0);

	attr_of[CA_NORMAL] = A_NORMAL;
	attr_of[CA_BOLD] = A_BOLD;
	attr_of[CA_DIM] = A_DIM;
	attr_of[CA_SELECT] = A_BOLD | A_REVERSE;
	attr_of[CA_STATUS] = A_REVERSE;
	attr_of[CA_BAR] = A_NORMAL;
	/* monochrome: changes in bold, falls underlined too, problems reversed */
	attr_of[CA_UP] = A_BOLD;
	attr_of[CA_DOWN] = A_BOLD | A_UNDERLINE;
	attr_of[CA_GOOD] = A_BOLD;
	attr_of[CA_WARN] = A_BOLD;
	attr_of[CA_BAD] = A_BOLD | A_REVERSE;
	if (color && has_colors() && start_color() == OK) {
		use_default_colors();
		init_pair(1, COLOR_GREEN, -1);
		init_pair(2, COLOR_RED, -1);
		init_pair(3, COLOR_YELLOW, -1);
		init_pair(4, COLOR_CYAN, -1);
		attr_of[CA_UP] = A_BOLD | COLOR_PAIR(1);
		attr_of[CA_DOWN] = A_BOLD | COLOR_PAIR(2);
		attr_of[CA_GOOD] = COLOR_PAIR(1);
		attr_of[CA_WARN] = A_BOLD | COLOR_PAIR(3);
		attr_of[CA_BAD] = A_BOLD | COLOR_PAIR(2);
		attr_of[CA_BAR] = COLOR_PAIR(4);
	}
	return utf8;
}

static void draw_line(int y, const struct cc_line *l, int maxcols)
{
	int i = 0, cols = 0;

	move(y, 0);
	while (i < l->len && cols < maxcols) {
		int j = i;
		uint8_t a = l->attr[i];

		/* a run of one attribute, cut at maxcols */
		while (j < l->len && l->attr[j] == a && cols < maxcols) {
			j++;
			while (j < l->len && (l->text[j] & 0xc0) == 0x80)
				j++;
			cols++;
		}
		attrset(attr_of[a]);
		addnstr(l->text + i, j - i);
		i = j;
	}
	attrset(A_NORMAL);
}

struct screen {
	struct cc_canvas c;
	struct cc_canvas msg;	/* the status area: a message, wrapped, or the keys */
	bool have_msg, msg_is_error;
	double msg_until;	/* messages (not errors) fade after this */
	int scroll;
	bool help;
};

static void set_msg(struct screen *sc, bool error, double secs, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void set_msg(struct screen *sc, bool error, double secs, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	cc_canvas_reset(&sc->msg, COLS - 1);
	sc->msg.wrap = true;
	cc_put(&sc->msg, error ? CA_BAD : CA_STATUS, buf);
	sc->have_msg = true;
	sc->msg_is_error = error;
	sc->msg_until = cc_monotonic() + secs;
}

/* the status area's canvas: a message while it lasts, else the keys */
static const struct cc_canvas *status_area(const struct cc_watch *w, struct screen *sc,
					   bool more)
{
	if (sc->have_msg && (sc->msg_is_error || cc_monotonic() < sc->msg_until))
		return &sc->msg;
	cc_canvas_reset(&sc->msg, COLS - 1);
	sc->have_msg = false;
	if (w->note[0] && w->frame <= 3)
		cc_put(&sc->msg, CA_STATUS, w->note);
	else
		cc_put(&sc->msg, CA_STATUS, more ?
		       "q quit  space pause  o/O order  n node  b  c  t  ? help  "
		       "(up/down: more)" :
		       "q quit  space pause  o/O order  n node  b units  c compact  t trace  "
		       "? help");
	return &sc->msg;
}

static void draw(const struct cc_watch *w, struct screen *sc)
{
	const struct cc_canvas *st;
	int rows, i, max;

	erase();
	if (COLS < 20 || LINES < 4) {
		mvprintw(0, 0, "%dx%d: too small", COLS, LINES);
		refresh();
		return;
	}
	cc_canvas_reset(&sc->c, COLS);
	if (sc->help)
		cc_watch_render_help(&sc->c);
	else if (w->have_cur)
		cc_watch_render(w, &sc->c, false, true);
	else
		cc_put(&sc->c, CA_DIM, "waiting for the first sample...");
	st = status_area(w, sc, sc->c.n > LINES - 1);
	rows = LINES - (st->n < LINES - 1 ? st->n : LINES - 2);
	max = sc->c.n - rows;
	if (sc->scroll > max)
		sc->scroll = max;
	if (sc->scroll < 0)
		sc->scroll = 0;
	for (i = 0; i < rows && sc->scroll + i < sc->c.n; i++)
		draw_line(i, &sc->c.lines[sc->scroll + i], COLS);
	for (i = 0; rows + i < LINES && i < st->n; i++) {
		move(rows + i, 0);
		attrset(attr_of[sc->msg_is_error && sc->have_msg ? CA_BAD : CA_STATUS]);
		hline(' ', COLS - 1);
		attrset(A_NORMAL);
		draw_line(rows + i, &st->lines[i], COLS - 1);
	}
	refresh();
}

/* wait for a key (or a signal); ERR on a signal */
static int wait_key(void)
{
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
	int ch;

	for (;;) {
		ch = getch();
		if (ch != ERR && ch != KEY_RESIZE)
			return ch;
		if (cc_got_signal)
			return ERR;
		poll(&p, 1, 1000);
	}
}

/* key c: compact the shown node, after asking, under the machine lock */
static void compact_key(struct cc_watch *w, struct cc_watch_triggers *t, struct screen *sc)
{
	struct cc_attr *a = trigger(t, w);
	struct cc_watch_compaction comp;
	struct cc_err e;
	double t0, took;
	int ch, r;

	if (a->err) {
		set_msg(sc, true, 5, "c: %s", a->why);
		return;
	}
	set_msg(sc, false, 3600, "Compact node %d now? y/N (writes 1 to %s; the view waits)",
		w->node, a->real);
	draw(w, sc);
	ch = wait_key();
	if (ch != 'y' && ch != 'Y') {
		set_msg(sc, false, 5, "compaction cancelled");
		return;
	}
	/* one compactctl at a time changes the machine: a probe or compact
	 * running now would measure our compaction as theirs */
	if (!t->lock_ok || cc_lock_try(&t->lock, "watch", &e) < 0) {
		set_msg(sc, true, 5, "c: %s", t->lock_ok ? e.msg : "no machine lock");
		return;
	}
	set_msg(sc, false, 5, "compacting node %d...", w->node);
	draw(w, sc);
	r = cc_watch_sample(w, &e);
	t0 = cc_monotonic();
	if (r == 0)
		r = cc_attr_write(w->r, a, "1\n", &e);
	took = cc_monotonic() - t0;
	if (r == 0)
		r = cc_watch_sample(w, &e);
	cc_lock_release(&t->lock);
	if (r < 0) {
		set_msg(sc, true, 5, "%s", e.msg);
		return;
	}
	cc_watch_compacted(w, w->node, took, &comp);
	cc_canvas_reset(&sc->msg, COLS - 1);
	sc->msg.wrap = true;
	cc_watch_render_compaction(w, &comp, &sc->msg);
	sc->have_msg = true;
	sc->msg_is_error = false;
	sc->msg_until = cc_monotonic() + 30;
}

/* key t: the trace panel on (a private tracing instance, set up under
 * the machine lock like c's compaction) or off (the instance removed) */
static void trace_key(struct cc_watch *w, struct cc_watch_triggers *t, struct screen *sc)
{
	struct cc_tcol_opts o = { false, &t->lock };
	struct cc_tsum_opts so = { 0 };
	struct cc_err e;
	int r;

	if (t->tsum) {
		cc_tcol_stop(t->tcol);
		cc_tsum_free(t->tsum);
		t->tsum = NULL;
		w->trace = NULL;
		set_msg(sc, false, 3, "trace panel off");
		return;
	}
	if (!t->tcol) {
		set_msg(sc, true, 5, "t: %s", t->trace_why);
		return;
	}
	if (!t->lock_ok || cc_lock_try(&t->lock, "watch", &e) < 0) {
		set_msg(sc, true, 5, "t: %s", t->lock_ok ? e.msg : "no machine lock");
		return;
	}
	r = cc_tcol_start(t->tcol, &o, &e);
	cc_lock_release(&t->lock);
	if (r < 0) {
		set_msg(sc, true, 5, "t: %s", e.msg);
		return;
	}
	cc_tcol_engine_opts(t->tcol, &so);
	t->tsum = cc_tsum_new(&so);
	set_msg(sc, false, 3, "trace panel on: recording compaction system-wide");
}

/* the trace panel's report, as of now */
static void trace_frame(struct cc_watch *w, struct cc_watch_triggers *t)
{
	if (!t->tsum)
		return;
	cc_tcol_counters(t->tcol, cc_tsum_report_mut(t->tsum));
	w->trace = cc_tsum_report(t->tsum);
}

/* a key; false to quit */
static bool key(struct cc_watch *w, struct cc_watch_triggers *t, struct screen *sc, int ch,
		double *deadline)
{
	int rows = LINES - 1;

	if (sc->help && ch != KEY_RESIZE && ch != ERR) {
		sc->help = false;
		return ch != 'q' && ch != 'Q';
	}
	switch (ch) {
	case 'q':
	case 'Q':
		return false;
	case ' ':
		w->paused = !w->paused;
		if (!w->paused)
			*deadline = cc_monotonic();
		break;
	case 'o':
		if (w->have_cur && w->order < w->cur.norders - 1)
			w->order++;
		break;
	case 'O':
		if (w->order > 0)
			w->order--;
		break;
	case 'n':
	case 'N':
		if (w->have_cur) {
			cc_watch_next_node(w, ch == 'n' ? 1 : -1);
			sc->scroll = 0;
		}
		break;
	case 'b':
		w->pages = !w->pages;
		break;
	case 'c':
		if (w->have_cur) {
			compact_key(w, t, sc);
			/* keep its before/after on screen for a whole interval */
			*deadline = cc_monotonic() + w->interval;
		}
		break;
	case 't':
		trace_key(w, t, sc);
		trace_frame(w, t);
		break;
	case '?':
	case 'h':
		sc->help = true;
		break;
	case KEY_UP:
	case 'k':
		sc->scroll--;
		break;
	case KEY_DOWN:
	case 'j':
		sc->scroll++;
		break;
	case KEY_PPAGE:
		sc->scroll -= rows - 1;
		break;
	case KEY_NPAGE:
		sc->scroll += rows - 1;
		break;
	case KEY_HOME:
	case 'g':
		sc->scroll = 0;
		break;
	case 12: /* ^L */
		clearok(curscr, TRUE);
		break;
	}
	return true;
}

int cc_watch_tui(struct cc_watch *w, struct cc_watch_triggers *t, bool color)
{
	struct screen sc;
	double deadline = cc_monotonic() + w->interval;	/* frame 1 is sampled */
	struct cc_err e;
	bool run = true, utf8;

	memset(&sc, 0, sizeof(sc));
	utf8 = curses_start(color);
	cc_canvas_init(&sc.c, COLS, utf8);
	cc_canvas_init(&sc.msg, COLS - 1, utf8);
	while (run && !cc_got_signal) {
		struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
		double now = cc_monotonic();
		int ch, timeout;

		if (!w->paused && now >= deadline) {
			if (cc_watch_sample(w, &e) < 0)
				set_msg(&sc, true, 5, "%s", e.msg);
			else if (sc.msg_is_error)
				sc.have_msg = sc.msg_is_error = false;
			trace_frame(w, t);
			deadline += w->interval;
			if (deadline < now)
				deadline = now + w->interval;
		}
		draw(w, &sc);
		timeout = w->paused ? 1000 : (int)((deadline - cc_monotonic()) * 1000) + 1;
		if (timeout < 0)
			timeout = 0;
		/* the trace panel reads the kernel's buffers every 10-100 ms,
		 * also while paused (they would fill) */
		if (t->tsum && timeout > cc_tcol_poll_ms(t->tcol))
			timeout = cc_tcol_poll_ms(t->tcol);
		poll(&p, 1, timeout);
		if (t->tsum)
			cc_tcol_poll(t->tcol, t->tsum, false);
		while (run && (ch = getch()) != ERR)
			run = key(w, t, &sc, ch, &deadline);
	}
	cc_canvas_free(&sc.c);
	cc_canvas_free(&sc.msg);
	curses_end();
	return EXIT_OK;
}
