/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The watch model (watch.c): the current and previous snapshots, the frame
 * clock, the score history per node, and what the user selected, sampled
 * from the path layer. The frame is rendered from it into a canvas
 * (watch-view.c) or a JSON line; the curses driver (watch-tui.c) and the
 * batch loop (cmd-watch.c) only call these.
 */
#ifndef COMPACTCTL_WATCH_H
#define COMPACTCTL_WATCH_H

#include <stdbool.h>
#include <stdint.h>

#include "canvas.h"
#include "model.h"
#include "path.h"
#include "trace-summary.h"

#define CC_WATCH_HIST 120	/* score samples kept per node */

struct cc_watch_hist {
	int id;
	int n;
	uint8_t v[CC_WATCH_HIST];
};

struct cc_watch {
	const struct cc_root *r;
	double interval;
	double pti_interval;		/* read pagetypeinfo at most this often; 0 never */

	struct cc_snapshot cur, prev;
	bool have_cur, have_prev;
	double t0, t_cur, t_prev;	/* frame clock, seconds */
	double t_pti;			/* when pagetypeinfo was last read; < 0 never */
	bool have_pti;			/* cur carries pagetypeinfo data */
	double t_static;		/* when osrelease, knobs, THP were read */
	int frame;			/* frames collected */
	char clock[16];			/* wall clock of cur ("" in a sysroot) */
	char note[512];			/* the first file not read, for the status line */
	bool notes_shown;

	int order;
	bool pages;			/* values in pages, else bytes */
	const struct cc_nodeset *nodes;	/* NULL: all nodes */
	int node;			/* node shown in detail (curses) */
	bool paused;

	struct cc_watch_hist *hist;
	int nhist;

	/* the trace panel (curses key t, root): the live trace summary,
	 * NULL while the panel is off */
	const struct cc_trace_report *trace;
};

void cc_watch_init(struct cc_watch *w, const struct cc_root *r, double interval,
		   double pti_interval);
void cc_watch_free(struct cc_watch *w);
/* One sample into cur (the old one becomes prev). On error w is unchanged:
 * -errno with e set (a file gone since the last frame is one). */
int cc_watch_sample(struct cc_watch *w, struct cc_err *e);
/* Batch mode: count frames (0: until a signal) interval apart, the first
 * being the sample already taken; emit(arg, w) after each sample. 0 at
 * the end or a signal; a failed sample's -errno with e set; -EIO when
 * emit failed. */
int cc_watch_batch(struct cc_watch *w, long count, int (*emit)(void *arg, struct cc_watch *w),
		   void *arg, struct cc_err *e);
/* The first selected node with memory */
int cc_watch_first_node(const struct cc_watch *w);
/* The next (dir 1) or previous (-1) selected node */
void cc_watch_next_node(struct cc_watch *w, int dir);
/* Per-second rate of a /proc/vmstat counter between prev and cur: 1 with *r
 * set; 0 when either frame lacks the counter or no time passed; -1 when the
 * counter went backwards. */
int cc_watch_rate(const struct cc_watch *w, const char *counter, double *r);
/* Copy the pagetypeinfo data of src into dst (a snapshot taken without it). */
void cc_watch_carry_pti(struct cc_snapshot *dst, const struct cc_snapshot *src);
const struct cc_watch_hist *cc_watch_hist(const struct cc_watch *w, int id);

/* What the c key did to the shown node, from the samples before and after
 * (cc_watch_compacted) */
struct cc_watch_compaction {
	int node;
	double seconds;
	bool known;			/* the node is in both samples */
	uint64_t free_before, free_after;	/* pages in blocks >= pageblock order */
	bool have_score;
	int score_before, score_after;
	bool have_migrated;
	int64_t migrated;		/* pgmigrate_success, system-wide */
};
void cc_watch_compacted(const struct cc_watch *w, int node, double seconds,
			struct cc_watch_compaction *c);

/* The frame (watch-view.c): all selected nodes in detail (batch), or only
 * w->node with a selection mark on the node list (curses). */
void cc_watch_render(const struct cc_watch *w, struct cc_canvas *c, bool all_nodes,
		     bool marks);
void cc_watch_render_help(struct cc_canvas *c);
/* The c key's question and result, each at most width columns a line */
void cc_watch_render_compaction(const struct cc_watch *w, const struct cc_watch_compaction *c,
				struct cc_canvas *cv);

#endif
