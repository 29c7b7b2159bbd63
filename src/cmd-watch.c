// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * compactctl watch: a live view of fragmentation and compaction, with
 * curses, or one text frame per interval (--batch).
 */
#include <argp.h>
#include <curses.h>
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "actions.h"
#include "cmd.h"
#include "metrics.h"
#include "output.h"
#include "signals.h"
#include "snapshot.h"
#include "path.h"
#include "watch.h"

struct watch_args {
	double interval;
	long count;		/* frames in batch mode, 0 forever */
	bool batch;
	bool pages;
	double pti_interval;	/* 0: never read pagetypeinfo */
	const char *nodes;
	const char *order;
};

enum { OPT_NODE = 0x200, OPT_PAGES, OPT_PTI };

static const struct argp_option watch_options[] = {
	{ "interval", 'i', "SEC", 0, "Seconds between frames (default 1, at least 0.1)", 0 },
	{ "batch", 'b', NULL, 0, "No curses: print a text frame per interval (like top -b)", 0 },
	{ "iterations", 'n', "N", 0, "Stop after N frames (default: until interrupted)", 0 },
	{ "node", OPT_NODE, "LIST", 0, "Only these nodes (0, 0,2 or 0-3)", 0 },
	{ "order", 'o', "K", 0,
	  "The order the indices talk about, or a size such as 2M (default: the THP order)",
	  0 },
	{ "pages", OPT_PAGES, NULL, 0, "Show pages instead of bytes (key b toggles)", 0 },
	{ "pagetypeinfo-interval", OPT_PTI, "SEC", 0,
	  "Read /proc/pagetypeinfo at most every SEC seconds (default 10; 0 never): "
	  "it holds each zone's lock while it is read", 0 },
	{ 0 }
};

static int seconds_arg(struct argp_state *state, const char *opt, const char *arg,
		       double min, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	if (end == arg || *end || errno || !isfinite(v) || v < min || v > 86400) {
		argp_error(state, "%s '%s': expected seconds from %g to 86400", opt, arg, min);
		return EINVAL;
	}
	*out = v;
	return 0;
}

static error_t watch_parse(int key, char *arg, struct argp_state *state)
{
	struct watch_args *a = state->input;
	char *end;

	switch (key) {
	case 'i':
		return seconds_arg(state, "--interval", arg, 0.1, &a->interval);
	case 'b':
		a->batch = true;
		return 0;
	case 'n':
		errno = 0;
		a->count = strtol(arg, &end, 10);
		if (end == arg || *end || errno || a->count < 1 || a->count > 100000000) {
			argp_error(state, "--iterations '%s': expected a count from 1", arg);
			return EINVAL;
		}
		return 0;
	case OPT_NODE:
		a->nodes = arg;
		return 0;
	case 'o':
		a->order = arg;
		return 0;
	case OPT_PAGES:
		a->pages = true;
		return 0;
	case OPT_PTI:
		if (seconds_arg(state, "--pagetypeinfo-interval", arg, 0, &a->pti_interval))
			return EINVAL;
		if (a->pti_interval > 0 && a->pti_interval < 1)
			a->pti_interval = 1;
		return 0;
	}
	return cc_argp_default(key, arg, state);
}

static const struct argp watch_argp = {
	watch_options, watch_parse, NULL,
	"Watch fragmentation live: free memory per order and zone with the change "
	"since the previous frame, the unusable and fragmentation indices at the "
	"selected order, watermarks and boost, each node's fragmentation score with "
	"its history, and system-wide compaction rates from /proc/vmstat. Keys: q quit, "
	"space pause, o and O order, n node, b bytes or pages, c compact the node (root), "
	"? help. With --batch, one text frame per interval (with --json, one JSON "
	"document per line).",
	cc_global_children, NULL, NULL
};

/* ---- the frame clock and sampling ---- */


/* Live: CLOCK_MONOTONIC. In a sysroot, the tree's /proc/uptime when it has
 * one, so recorded sequences replay with their own timing. */
static double frame_clock(const struct cc_root *root)
{
	char buf[128];
	struct cc_err e;
	double v;
	char *end;

	if (!root->live && !cc_read_line(root, "/proc/uptime", buf, sizeof(buf), &e)) {
		v = strtod(buf, &end);
		if (end != buf && isfinite(v) && v >= 0)
			return v;
	}
	return cc_monotonic();
}

struct watcher {
	const struct cc_root *root;
	struct watch_args a;
	struct cc_watch w;
	bool notes_shown;
	char note[512];		/* first note, for the status line */
};

static bool any_zoneinfo(const struct cc_snapshot *s)
{
	int i, j;

	for (i = 0; i < s->nnodes; i++)
		for (j = 0; j < s->nodes[i].nzones; j++)
			if (s->nodes[i].zones[j].in_zoneinfo)
				return true;
	return false;
}

/* A file that was there at the previous frame and is gone now is an error
 * (collect treats zoneinfo and vmstat as optional). */
static int vanished(const struct cc_root *root, const struct cc_snapshot *old, const struct cc_snapshot *s,
		    struct cc_err *e)
{
	const char *kpath = NULL;
	char real[PATH_MAX];

	if (any_zoneinfo(old) && !any_zoneinfo(s))
		kpath = "/proc/zoneinfo";
	else if (old->have_vmstat && !s->have_vmstat)
		kpath = "/proc/vmstat";
	if (!kpath)
		return 0;
	cc_root_path(root, real, sizeof(real), kpath);
	return cc_err_set(e, real, 0, "gone since the previous frame%s",
			  cc_exists(root, kpath) == -ENOENT ? " (no such file)" : "");
}

static bool any_pti(const struct cc_snapshot *s)
{
	int i, j;

	for (i = 0; i < s->nnodes; i++)
		for (j = 0; j < s->nodes[i].nzones; j++)
			if (s->nodes[i].zones[j].in_pti)
				return true;
	return false;
}

/* One sample into w.cur (the old one becomes w.prev). On error w is
 * unchanged. */
static int sample(struct watcher *x, struct cc_err *e)
{
	struct cc_watch *w = &x->w;
	struct cc_snapshot s;
	bool pti_due;
	double t;

	t = frame_clock(x->root);
	pti_due = x->a.pti_interval > 0 &&
		  (!w->have_cur || w->t_pti < 0 || t - w->t_pti >= x->a.pti_interval);
	cc_snapshot_init(&s);
	if (cc_snapshot_collect_ex(x->root, &s, pti_due ? 0 : CC_COLLECT_NO_PAGETYPEINFO, e) < 0) {
		cc_snapshot_free(&s);
		return -1;
	}
	if (s.norders < 1 || (w->have_cur && vanished(x->root, &w->cur, &s, e) < 0)) {
		if (s.norders < 1)
			cc_err_set(e, "/proc/buddyinfo", 0, "no zones");
		cc_snapshot_free(&s);
		return -1;
	}
	if (pti_due && any_pti(&s)) {
		w->t_pti = t;
		w->have_pti = true;
	} else if (w->have_cur && w->have_pti) {
		cc_watch_carry_pti(&s, &w->cur);
	}
	if (s.nnotes && !x->note[0])
		snprintf(x->note, sizeof(x->note), "note: %s not read: %s", s.notes[0].file,
			 s.notes[0].why);
	if (w->have_prev)
		cc_snapshot_free(&w->prev);
	if (w->have_cur) {
		w->prev = w->cur;
		w->t_prev = w->t_cur;
		w->have_prev = true;
	} else {
		w->t0 = t;
	}
	w->cur = s;
	w->t_cur = t;
	w->have_cur = true;
	w->frame++;
	w->clock[0] = '\0';
	if (x->root->live) {
		time_t now = time(NULL);
		struct tm tm;

		if (localtime_r(&now, &tm))
			strftime(w->clock, sizeof(w->clock), "%H:%M:%S", &tm);
	}
	if (w->order >= s.norders)
		w->order = s.norders - 1;
	cc_watch_record(w);
	return 0;
}

/* the first selected node with memory */
static int first_node(const struct cc_watch *w)
{
	int i;

	for (i = 0; i < w->cur.nnodes; i++)
		if ((!w->nodes || w->nodes[w->cur.nodes[i].id]) &&
		    cc_node_has_memory(&w->cur.nodes[i]))
			return w->cur.nodes[i].id;
	return w->cur.nnodes ? w->cur.nodes[0].id : 0;
}

/* ---- batch mode ---- */

static void sleep_until(double deadline)
{
	struct timespec ts;
	double now = cc_monotonic();

	if (deadline <= now)
		return;
	ts.tv_sec = (time_t)(deadline - now);
	ts.tv_nsec = (long)((deadline - now - (double)ts.tv_sec) * 1e9);
	nanosleep(&ts, NULL);	/* a signal ends it early */
}

static cJSON *json_frame(const struct cc_watch *w)
{
	static const char *const counters[] = {
		"pgmigrate_success", "pgmigrate_fail", "compact_migrate_scanned",
		"compact_free_scanned", "compact_isolated", "compact_stall",
		"compact_success", "compact_fail", "compact_daemon_wake",
		"thp_fault_alloc", "thp_fault_fallback", NULL,
	};
	struct cc_view v = { .order = w->order, .nodes = w->nodes, .width = 80 };
	cJSON *doc = cc_json_status(&w->cur, &v), *r;
	double dt = w->t_cur - w->t_prev;
	int i;

	cJSON_AddNumberToObject(doc, "frame", w->frame);
	cJSON_AddNumberToObject(doc, "elapsed_s", round((w->t_cur - w->t0) * 1000) / 1000);
	if (!w->have_prev || dt <= 0) {
		cJSON_AddNullToObject(doc, "rates_per_s");
		return doc;
	}
	r = cJSON_AddObjectToObject(doc, "rates_per_s");
	for (i = 0; counters[i]; i++) {
		double rate;

		if (cc_watch_rate(w, counters[i], &rate) > 0)
			cJSON_AddNumberToObject(r, counters[i], round(rate * 10) / 10);
	}
	return doc;
}

static int run_batch(struct watcher *x)
{
	struct cc_watch *w = &x->w;
	struct cc_canvas c;
	struct cc_err e;
	double deadline = cc_monotonic();
	long i;
	int ret = EXIT_OK;

	cc_canvas_init(&c, cc_term_width(), cc_utf8());
	/* frame 1 is the sample cmd_watch took */
	for (i = 0; !x->a.count || i < x->a.count; i++) {
		if (i) {
			deadline += x->a.interval;
			sleep_until(deadline);
			if (cc_got_signal)
				break;
			if (sample(x, &e) < 0) {
				cc_err_print(&e);
				ret = EXIT_FAIL;
				break;
			}
		}
		if (!x->notes_shown) {
			cc_snapshot_print_notes(&w->cur);
			x->notes_shown = true;
		}
		if (cc_g.json) {
			cJSON *doc = json_frame(w);
			char *txt = cJSON_PrintUnformatted(doc);

			if (txt) {
				fputs(txt, stdout);
				fputc('\n', stdout);
			}
			free(txt);
			cJSON_Delete(doc);
		} else {
			cc_canvas_reset(&c, c.width);
			if (i)
				cc_put(&c, CA_NORMAL, "\n");
			cc_watch_render(w, &c, true, false);
			cc_canvas_write(&c, stdout);
		}
		if (cc_flush_stdout()) {
			ret = EXIT_FAIL;
			break;
		}
	}
	cc_canvas_free(&c);
	return ret;
}

/* ---- curses ---- */

static bool curses_on;

static void curses_end(void)
{
	if (curses_on) {
		endwin();
		curses_on = false;
	}
}

static chtype attr_of[CA__N];

static void curses_start(void)
{
	const char *nc = getenv("NO_COLOR");
	bool color;

	initscr();
	curses_on = true;
	atexit(curses_end);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	curs_set(0);

	color = has_colors() && !cc_g.no_color && !(nc && *nc);
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
	if (color && start_color() == OK) {
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
	int scroll;
	bool help;
	char msg[512];		/* status line: a message, or an error */
	bool msg_is_error;
	double msg_until;	/* messages (not errors) fade after this */
};

static void status_line(struct watcher *x, struct screen *sc, bool more)
{
	struct cc_canvas st;
	const char *txt;
	enum cc_attr a = CA_STATUS;

	cc_canvas_init(&st, COLS - 1, sc->c.utf8);
	if (sc->msg[0] && (sc->msg_is_error || cc_monotonic() < sc->msg_until)) {
		txt = sc->msg;
		a = sc->msg_is_error ? CA_BAD : CA_STATUS;
	} else if (x->note[0] && x->w.frame <= 3) {
		txt = x->note;
	} else {
		txt = more ? "q quit  space pause  o/O order  n node  b units  c compact  "
			     "? help  (up/down: more)" :
			     "q quit  space pause  o/O order  n node  b units  c compact  ? help";
	}
	cc_put(&st, a, txt);
	cc_pad(&st, COLS - 1);
	if (st.n)
		draw_line(LINES - 1, &st.lines[0], COLS - 1);
	cc_canvas_free(&st);
}

static void draw(struct watcher *x, struct screen *sc)
{
	int rows = LINES - 1, i, max;

	erase();
	if (COLS < 20 || LINES < 4) {
		mvprintw(0, 0, "%dx%d: too small", COLS, LINES);
		refresh();
		return;
	}
	cc_canvas_reset(&sc->c, COLS);
	if (sc->help)
		cc_watch_render_help(&sc->c);
	else if (x->w.have_cur)
		cc_watch_render(&x->w, &sc->c, false, true);
	else
		cc_put(&sc->c, CA_DIM, "waiting for the first sample...");
	max = sc->c.n - rows;
	if (sc->scroll > max)
		sc->scroll = max;
	if (sc->scroll < 0)
		sc->scroll = 0;
	for (i = 0; i < rows && sc->scroll + i < sc->c.n; i++)
		draw_line(i, &sc->c.lines[sc->scroll + i], COLS);
	status_line(x, sc, sc->c.n - sc->scroll > rows);
	refresh();
}

static void set_msg(struct screen *sc, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void set_msg(struct screen *sc, bool error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(sc->msg, sizeof(sc->msg), fmt, ap);
	va_end(ap);
	sc->msg_is_error = error;
	sc->msg_until = cc_monotonic() + 5;
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

static void next_node(struct cc_watch *w, int dir)
{
	const struct cc_snapshot *s = &w->cur;
	int i, cur = 0, k;

	for (i = 0; i < s->nnodes; i++)
		if (s->nodes[i].id == w->node)
			cur = i;
	for (k = 1; k <= s->nnodes; k++) {
		i = ((cur + dir * k) % s->nnodes + s->nnodes) % s->nnodes;
		if (!w->nodes || w->nodes[s->nodes[i].id]) {
			w->node = s->nodes[i].id;
			return;
		}
	}
}

/* key c: compact the shown node, after asking */
static void compact_key(struct watcher *x, struct screen *sc)
{
	struct cc_watch *w = &x->w;
	char kpath[96], after_s[32], gain_s[32], sz[16], tail[96];
	struct cc_err e;
	struct cc_node *nb, *na;
	uint64_t fb, fa;
	double t0, took;
	int ch, k, sb, sa, len;
	int64_t mig = 0;

	snprintf(kpath, sizeof(kpath), "/sys/devices/system/node/node%d/compact", w->node);
	if (cc_exists(x->root, kpath) && w->cur.nnodes == 1)
		snprintf(kpath, sizeof(kpath), "%s", CC_COMPACT_MEMORY);
	if (cc_trigger_check(x->root, kpath, &e) < 0) {
		set_msg(sc, true, "c: %s", e.msg);
		return;
	}
	set_msg(sc, false, "Compact node %d now? y/N (writes 1 to %s; the view waits for it)",
		w->node, kpath);
	sc->msg_until = cc_monotonic() + 3600;
	draw(x, sc);
	ch = wait_key();
	if (ch != 'y' && ch != 'Y') {
		set_msg(sc, false, "compaction cancelled");
		return;
	}
	set_msg(sc, false, "compacting node %d...", w->node);
	draw(x, sc);
	if (sample(x, &e) < 0) {
		set_msg(sc, true, "%s", e.msg);
		return;
	}
	t0 = cc_monotonic();
	if (cc_trigger(x->root, kpath, &e) < 0) {
		set_msg(sc, true, "%s", e.msg);
		return;
	}
	took = cc_monotonic() - t0;
	if (sample(x, &e) < 0) {
		set_msg(sc, true, "%s", e.msg);
		return;
	}
	/* what it did: free memory in blocks >= the pageblock order, the score,
	 * and the pages migrated meanwhile (system-wide counter) */
	k = w->cur.pageblock_order;
	nb = cc_node_get(&w->prev, w->node, false);
	na = cc_node_get(&w->cur, w->node, false);
	if (!nb || !na) {
		set_msg(sc, false, "node %d compacted in %.2fs", w->node, took);
		return;
	}
	fb = cc_node_free_at(nb, w->prev.norders, k);
	fa = cc_node_free_at(na, w->cur.norders, k);
	cc_fmt_bytes(after_s, sizeof(after_s), fa * (uint64_t)w->cur.page_size);
	cc_fmt_delta_bytes(gain_s, sizeof(gain_s), (int64_t)(fa - fb), w->cur.page_size);
	cc_fmt_size_exact(sz, sizeof(sz), (uint64_t)w->cur.page_size << k);
	/* most telling first: the status line is cut at the terminal width */
	len = snprintf(tail, sizeof(tail), "%s", "");
	if (cc_node_score_change(&w->prev, &w->cur, na, &sb, &sa))
		len += snprintf(tail + len, sizeof(tail) - (size_t)len, ", score %d -> %d", sb, sa);
	if (cc_vmstat_delta(&w->prev, &w->cur, "pgmigrate_success", &mig))
		snprintf(tail + len, sizeof(tail) - (size_t)len, ", %lld pages migrated",
			 (long long)mig);
	set_msg(sc, false, "node %d compacted in %.2fs: %s free in blocks >= %s (now %s)%s",
		w->node, took, gain_s, sz, after_s, tail);
	sc->msg_until = cc_monotonic() + 30;
}

/* a key; false to quit */
static bool key(struct watcher *x, struct screen *sc, int ch, double *deadline)
{
	struct cc_watch *w = &x->w;
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
			next_node(w, ch == 'n' ? 1 : -1);
			sc->scroll = 0;
		}
		break;
	case 'b':
		w->pages = !w->pages;
		break;
	case 'c':
		if (w->have_cur) {
			compact_key(x, sc);
			/* keep its before/after on screen for a whole interval */
			*deadline = cc_monotonic() + x->a.interval;
		}
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

static int run_curses(struct watcher *x)
{
	struct screen sc = { 0 };
	struct cc_watch *w = &x->w;
	double deadline = cc_monotonic();
	struct cc_err e;
	bool run = true;

	deadline += x->a.interval;	/* frame 1 is the sample cmd_watch took */
	curses_start();
	cc_canvas_init(&sc.c, COLS, cc_utf8());
	while (run && !cc_got_signal) {
		struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
		double now = cc_monotonic();
		int ch, timeout;

		if (!w->paused && now >= deadline) {
			if (sample(x, &e) < 0) {
				set_msg(&sc, true, "%s", e.msg);
			} else {
				if (sc.msg_is_error)
					sc.msg[0] = '\0';
				sc.msg_is_error = false;
			}
			deadline += x->a.interval;
			if (deadline < now)
				deadline = now + x->a.interval;
		}
		draw(x, &sc);
		timeout = w->paused ? 1000 : (int)((deadline - cc_monotonic()) * 1000) + 1;
		if (timeout < 0)
			timeout = 0;
		poll(&p, 1, timeout);
		while (run && (ch = getch()) != ERR)
			run = key(x, &sc, ch, &deadline);
	}
	cc_canvas_free(&sc.c);
	curses_end();
	return EXIT_OK;
}

int cmd_watch(int argc, char **argv)
{
	static bool sel[CC_MAX_NODE_ID + 1];
	struct watcher x = { .a = { .interval = 1, .pti_interval = 10 } };
	struct cc_root root;
	struct cc_err e;
	int ret;

	if (argp_parse(&watch_argp, argc, argv, 0, NULL, &x.a))
		return EXIT_USAGE;
	if (cc_apply_globals(&root) < 0)
		return EXIT_FAIL;
	x.root = &root;
	/* the c key writes nodeN/compact: root does so as the file's owner;
	 * anyone else needs CAP_DAC_OVERRIDE, the one capability kept */
	cc_drop_privileges(geteuid() != 0);
	if (cc_g.json && !x.a.batch) {
		fprintf(stderr, "compactctl: watch: --json needs --batch (one JSON document "
			"per frame and line)\n");
		return EXIT_USAGE;
	}
	if (!x.a.batch && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))) {
		fprintf(stderr, "compactctl: watch: the live view needs a terminal; use "
			"--batch for pipes and logs\n");
		return EXIT_USAGE;
	}
	x.w.interval = x.a.interval;
	x.w.pages = x.a.pages;
	x.w.t_pti = -1;
	/* the first sample validates the files, --node and --order */
	if (sample(&x, &e) < 0) {
		cc_err_print(&e);
		return EXIT_FAIL;
	}
	x.w.order = x.w.cur.thp_order < x.w.cur.norders ? x.w.cur.thp_order :
		    x.w.cur.norders - 1;
	ret = EXIT_USAGE;
	if (x.a.order && cc_parse_order_arg(x.a.order, &x.w.cur, &x.w.order) < 0)
		goto out;
	if (x.a.nodes) {
		if (cc_select_nodes(x.a.nodes, &x.w.cur, sel) < 0)
			goto out;
		x.w.nodes = sel;
	}
	x.w.node = first_node(&x.w);

	cc_signals_catch();
	ret = x.a.batch ? run_batch(&x) : run_curses(&x);
out:
	if (x.w.have_cur)
		cc_snapshot_free(&x.w.cur);
	if (x.w.have_prev)
		cc_snapshot_free(&x.w.prev);
	free(x.w.hist);
	cc_root_fini(&root);
	if (cc_got_signal)
		cc_signals_reraise();
	cc_signals_restore();
	return ret;
}
