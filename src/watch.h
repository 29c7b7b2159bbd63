/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The watch view's model: the current and previous snapshots, the frame
 * clock, the score history per node, and what the user selected. The view
 * (watch-view.c) renders it into a canvas; cmd-watch.c collects the
 * snapshots and shows the canvas with curses or as text.
 */
#ifndef COMPACTCTL_WATCH_H
#define COMPACTCTL_WATCH_H

#include <stdbool.h>
#include <stdint.h>

#include "canvas.h"
#include "model.h"

#define CC_WATCH_HIST 120	/* score samples kept per node */

struct cc_watch_hist {
	int id;
	int n;
	uint8_t v[CC_WATCH_HIST];
};

struct cc_watch {
	struct cc_snapshot cur, prev;
	bool have_cur, have_prev;
	double t0, t_cur, t_prev;	/* frame clock, seconds */
	double t_pti;			/* when pagetypeinfo was last read */
	bool have_pti;			/* cur carries pagetypeinfo data */
	int frame;			/* frames collected */
	char clock[16];			/* wall clock of cur ("" in a sysroot) */

	double interval;
	int order;
	bool pages;			/* values in pages, else bytes */
	const bool *nodes;		/* NULL: all nodes */
	int node;			/* node shown in detail (curses) */
	bool paused;

	struct cc_watch_hist *hist;
	int nhist;
};

/* After a new cur: record every node's score. */
void cc_watch_record(struct cc_watch *w);
/* Per-second rate of a /proc/vmstat counter between prev and cur: 1 with *r
 * set; 0 when either frame lacks the counter or no time passed; -1 when the
 * counter went backwards. */
int cc_watch_rate(const struct cc_watch *w, const char *counter, double *r);
/* Copy the pagetypeinfo data of src into dst (a snapshot taken without it). */
void cc_watch_carry_pti(struct cc_snapshot *dst, const struct cc_snapshot *src);

/* The frame: all selected nodes in detail (batch), or only w->node with a
 * selection mark on the node list (curses). */
void cc_watch_render(const struct cc_watch *w, struct cc_canvas *c, bool all_nodes,
		     bool marks);
void cc_watch_render_help(struct cc_canvas *c);

#endif
