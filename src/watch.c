// SPDX-License-Identifier: GPL-2.0-or-later
/* The watch model (watch.h): sampling, history, rates. */
#include "watch.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "metrics.h"
#include "signals.h"
#include "snapshot.h"

void cc_watch_init(struct cc_watch *w, const struct cc_root *r, double interval,
		   double pti_interval)
{
	memset(w, 0, sizeof(*w));
	w->r = r;
	w->interval = interval;
	w->pti_interval = pti_interval;
	w->t_pti = -1;
	w->t_static = -1;
}

void cc_watch_free(struct cc_watch *w)
{
	if (w->have_cur)
		cc_snapshot_free(&w->cur);
	if (w->have_prev)
		cc_snapshot_free(&w->prev);
	free(w->hist);
	w->hist = NULL;
	w->have_cur = w->have_prev = false;
}

/* Live: CLOCK_MONOTONIC. In a sysroot, the tree's /proc/uptime when it has
 * one, so recorded sequences replay with their own timing. */
static double frame_clock(const struct cc_root *r)
{
	char buf[128], *end;
	struct cc_err e;
	double v;

	if (!r->live && !cc_read_line(r, "/proc/uptime", buf, sizeof(buf), &e)) {
		v = strtod(buf, &end);
		if (end != buf && isfinite(v) && v >= 0)
			return v;
	}
	return cc_monotonic();
}

static bool any_zone(const struct cc_snapshot *s, bool pti)
{
	int i, j;

	for (i = 0; i < s->nnodes; i++)
		for (j = 0; j < s->nodes[i].nzones; j++)
			if (pti ? s->nodes[i].zones[j].in_pti : s->nodes[i].zones[j].in_zoneinfo)
				return true;
	return false;
}

/* A file that was there at the previous frame and is gone now is an error
 * (collect treats zoneinfo and vmstat as optional). */
static int vanished(const struct cc_root *r, const struct cc_snapshot *old,
		    const struct cc_snapshot *s, struct cc_err *e)
{
	const char *kpath = NULL;
	char real[PATH_MAX];

	if (any_zone(old, false) && !any_zone(s, false))
		kpath = "/proc/zoneinfo";
	else if (old->have_vmstat && !s->have_vmstat)
		kpath = "/proc/vmstat";
	if (!kpath)
		return 0;
	cc_root_path(r, real, sizeof(real), kpath);
	return cc_err_set(e, real, 0, "gone since the previous frame%s",
			  cc_exists(r, kpath) == -ENOENT ? " (no such file)" : ""), -ENOENT;
}

static struct cc_watch_hist *hist_get(struct cc_watch *w, int id)
{
	int i;

	for (i = 0; i < w->nhist; i++)
		if (w->hist[i].id == id)
			return &w->hist[i];
	w->hist = xrealloc(w->hist, (size_t)w->nhist + 1, sizeof(*w->hist));
	memset(&w->hist[w->nhist], 0, sizeof(*w->hist));
	w->hist[w->nhist].id = id;
	return &w->hist[w->nhist++];
}

const struct cc_watch_hist *cc_watch_hist(const struct cc_watch *w, int id)
{
	int i;

	for (i = 0; i < w->nhist; i++)
		if (w->hist[i].id == id)
			return &w->hist[i];
	return NULL;
}

/* after a new cur: every node's score into its history */
static void record(struct cc_watch *w)
{
	int i, sc;

	for (i = 0; i < w->cur.nnodes; i++) {
		struct cc_watch_hist *h;

		if (!cc_node_score(&w->cur, &w->cur.nodes[i], w->cur.thp_order, &sc))
			continue;
		h = hist_get(w, w->cur.nodes[i].id);
		if (h->n == CC_WATCH_HIST) {
			memmove(h->v, h->v + 1, CC_WATCH_HIST - 1);
			h->n--;
		}
		h->v[h->n++] = (uint8_t)(sc < 0 ? 0 : sc > 100 ? 100 : sc);
	}
}

/* The files only an administrator changes (osrelease, the vm knobs, THP
 * settings) are read again every minute, or at once when a frame shows
 * they may have changed: the zones or a zone's watermarks moved (writing
 * min_free_kbytes or watermark_scale_factor recomputes them,
 * [mm/page_alloc.c: setup_per_zone_wmarks, v6.18]). */
#define STATIC_SECONDS 60

static bool zones_moved(const struct cc_snapshot *a, const struct cc_snapshot *b)
{
	int i, j, f;

	if (a->nnodes != b->nnodes)
		return true;
	for (i = 0; i < a->nnodes; i++) {
		if (a->nodes[i].id != b->nodes[i].id || a->nodes[i].nzones != b->nodes[i].nzones)
			return true;
		for (j = 0; j < a->nodes[i].nzones; j++)
			for (f = ZF_MIN; f <= ZF_HIGH; f++)
				if (a->nodes[i].zones[j].zi[f] != b->nodes[i].zones[j].zi[f])
					return true;
	}
	return false;
}

int cc_watch_sample(struct cc_watch *w, struct cc_err *e)
{
	struct cc_snapshot s;
	bool pti_due, static_due;
	unsigned flags;
	double t;
	int ret;

	t = frame_clock(w->r);
	pti_due = w->pti_interval > 0 &&
		  (!w->have_cur || w->t_pti < 0 || t - w->t_pti >= w->pti_interval);
	static_due = !w->have_cur || w->t_static < 0 || t - w->t_static >= STATIC_SECONDS ||
		     t < w->t_static;
	flags = pti_due ? 0 : CC_COLLECT_NO_PAGETYPEINFO;
	cc_snapshot_init(&s);
	ret = cc_snapshot_collect_keep(w->r, &s, flags, static_due ? NULL : &w->cur, e);
	if (ret == 0 && !static_due && zones_moved(&w->cur, &s)) {
		static_due = true;
		ret = cc_snapshot_read_statics(w->r, &s, e);
	}
	if (ret == 0 && s.norders < 1) {
		cc_err_set(e, "/proc/buddyinfo", 0, "no zones");
		ret = -ENOENT;
	}
	if (ret == 0 && w->have_cur)
		ret = vanished(w->r, &w->cur, &s, e);
	if (ret < 0) {
		cc_snapshot_free(&s);
		return ret;
	}
	if (static_due)
		w->t_static = t;
	if (pti_due && any_zone(&s, true)) {
		w->t_pti = t;
		w->have_pti = true;
	} else if (w->have_cur && w->have_pti) {
		cc_watch_carry_pti(&s, &w->cur);
	}
	if (s.nnotes && !w->note[0])
		snprintf(w->note, sizeof(w->note), "note: %s not read: %s", s.notes[0].file,
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
	if (w->r->live) {
		time_t now = time(NULL);
		struct tm tm;

		if (localtime_r(&now, &tm))
			strftime(w->clock, sizeof(w->clock), "%H:%M:%S", &tm);
	}
	if (w->order >= s.norders)
		w->order = s.norders - 1;
	record(w);
	return 0;
}

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

int cc_watch_batch(struct cc_watch *w, long count, int (*emit)(void *arg, struct cc_watch *w),
		   void *arg, struct cc_err *e)
{
	double deadline = cc_monotonic();
	long i;
	int ret;

	for (i = 0; !count || i < count; i++) {
		if (i) {
			deadline += w->interval;
			sleep_until(deadline);
			if (cc_got_signal)
				break;
			if ((ret = cc_watch_sample(w, e)) < 0)
				return ret;
		}
		if (emit(arg, w) < 0)
			return -EIO;
	}
	return 0;
}

int cc_watch_first_node(const struct cc_watch *w)
{
	int i;

	for (i = 0; i < w->cur.nnodes; i++)
		if (cc_nodeset_has(w->nodes, w->cur.nodes[i].id) &&
		    cc_node_has_memory(&w->cur.nodes[i]))
			return w->cur.nodes[i].id;
	return w->cur.nnodes ? w->cur.nodes[0].id : 0;
}

void cc_watch_next_node(struct cc_watch *w, int dir)
{
	const struct cc_snapshot *s = &w->cur;
	int i, cur = 0, k;

	for (i = 0; i < s->nnodes; i++)
		if (s->nodes[i].id == w->node)
			cur = i;
	for (k = 1; k <= s->nnodes; k++) {
		i = ((cur + dir * k) % s->nnodes + s->nnodes) % s->nnodes;
		if (cc_nodeset_has(w->nodes, s->nodes[i].id)) {
			w->node = s->nodes[i].id;
			return;
		}
	}
}

int cc_watch_rate(const struct cc_watch *w, const char *counter, double *r)
{
	double dt = w->t_cur - w->t_prev;
	int64_t d;

	if (!w->have_prev || dt <= 0 || !cc_vmstat_delta(&w->prev, &w->cur, counter, &d))
		return 0;
	if (d < 0)
		return -1;
	*r = (double)d / dt;
	return 1;
}

void cc_watch_carry_pti(struct cc_snapshot *dst, const struct cc_snapshot *src)
{
	int i, j;

	dst->nmt = src->nmt;
	memcpy(dst->mt_names, src->mt_names, sizeof(dst->mt_names));
	if (src->pageblock_src == CC_SRC_KERNEL) {
		dst->pageblock_order = src->pageblock_order;
		dst->pageblock_src = src->pageblock_src;
	}
	for (i = 0; i < dst->nnodes; i++) {
		const struct cc_node *sn = cc_node_find(src, dst->nodes[i].id);

		for (j = 0; sn && j < dst->nodes[i].nzones; j++) {
			struct cc_zone *d = &dst->nodes[i].zones[j];
			const struct cc_zone *z = cc_zone_find(sn, d->name);

			if (!z || !z->in_pti)
				continue;
			d->in_pti = true;
			d->mt_rows = z->mt_rows;
			memcpy(d->mt_free, z->mt_free, sizeof(d->mt_free));
			memcpy(d->mt_capped, z->mt_capped, sizeof(d->mt_capped));
			d->have_blocks = z->have_blocks;
			memcpy(d->mt_blocks, z->mt_blocks, sizeof(d->mt_blocks));
		}
	}
}

void cc_watch_compacted(const struct cc_watch *w, int node, double seconds,
			struct cc_watch_compaction *c)
{
	const struct cc_node *nb = cc_node_find(&w->prev, node);
	const struct cc_node *na = cc_node_find(&w->cur, node);
	int k = w->cur.pageblock_order;

	memset(c, 0, sizeof(*c));
	c->node = node;
	c->seconds = seconds;
	if (!nb || !na)
		return;
	c->known = true;
	c->free_before = cc_node_free_at(nb, w->prev.norders, k);
	c->free_after = cc_node_free_at(na, w->cur.norders, k);
	c->have_score = cc_node_score_change(&w->prev, &w->cur, na, &c->score_before,
					     &c->score_after);
	c->have_migrated = cc_vmstat_delta(&w->prev, &w->cur, "pgmigrate_success", &c->migrated);
}
