// SPDX-License-Identifier: GPL-2.0-or-later
/* The watch frame: renders a struct cc_watch into a canvas. Reads only. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "counters.h"
#include "format.h"
#include "metrics.h"
#include "watch.h"

#define LABEL 12	/* width of the row labels ("order  size ") */

/* ---- formatting ---- */

/* a page count in the selected unit */
static void fmt_amount(const struct cc_watch *w, char *buf, size_t n, uint64_t pages)
{
	if (w->pages)
		snprintf(buf, n, "%" PRIu64, pages);
	else
		cc_fmt_bytes_as(buf, n, pages * (uint64_t)w->cur.page_size, CC_BYTES_SHORT);
}

static void fmt_signed(const struct cc_watch *w, char *buf, size_t n, int64_t pages)
{
	uint64_t a = pages < 0 ? (uint64_t)0 - (uint64_t)pages : (uint64_t)pages;

	buf[0] = pages < 0 ? '-' : '+';
	fmt_amount(w, buf + 1, n - 1, a);
}

static void fmt_rate(char *buf, size_t n, double r)
{
	if (r < 0)
		snprintf(buf, n, "?");
	else if (r == 0)
		snprintf(buf, n, "0");
	else if (r < 10)
		snprintf(buf, n, "%.1f", r);
	else if (r < 10000)
		snprintf(buf, n, "%.0f", r);
	else if (r < 1e6)
		snprintf(buf, n, "%.1fk", r / 1e3);
	else
		snprintf(buf, n, "%.1fM", r / 1e6);
}

static const char *order_size(const struct cc_snapshot *s, int k, char *buf, size_t n)
{
	cc_fmt_order_size(buf, n, s->page_size, k);
	return buf;
}

/* ---- the node list ---- */

static void node_line(const struct cc_watch *w, struct cc_canvas *c,
		      const struct cc_node *n, bool mark)
{
	const struct cc_watch_hist *h = cc_watch_hist(w, n->id);
	long p = cc_knob(&w->cur, K_PROACTIVENESS);
	enum cc_src src;
	int sc, lo, hi, room, j, has = cc_proactive_compaction(&w->cur, &src);
	bool mem = cc_node_has_memory(n), due;

	cc_put(c, mark ? CA_SELECT : CA_NORMAL, mark ? ">" : " ");
	cc_putf(c, mark ? CA_SELECT : CA_BOLD, "node %-3d", n->id);
	if (!mem) {
		cc_put(c, CA_DIM, " no memory\n");
		return;
	}
	if (!cc_node_score(&w->cur, n, w->cur.thp_order, &sc)) {
		cc_put(c, CA_DIM, " score unknown (no zoneinfo)\n");
		return;
	}
	cc_kcompactd_wmarks(p, &lo, &hi);
	due = has > 0 && p > 0 && sc > hi;
	{
		uint64_t fp = 0;
		char b[16];

		for (j = 0; j < n->nzones; j++) {
			struct cc_contig ci;

			cc_contig_info(n->zones[j].free_blocks, w->cur.norders, 0, &ci);
			if (n->zones[j].free_src != CC_FREE_NONE)
				fp += ci.free_pages;
		}
		fmt_amount(w, b, sizeof(b), fp);
		cc_putf(c, CA_NORMAL, " %5s free", b);
	}
	cc_put(c, CA_DIM, "  score ");
	cc_putf(c, due ? CA_WARN : CA_NORMAL, "%3d ", sc);
	/* the sparkline takes what the thresholds leave */
	room = c->width - cc_col(c) - 30;
	if (room > 40)
		room = 40;
	if (h && room > 4) {
		cc_spark(c, CA_BAR, h->v, h->n, room);
		cc_pad(c, cc_col(c) + (room - (h->n < room ? h->n : room)));
		cc_put(c, CA_NORMAL, " ");
	}
	if (has < 0)
		cc_put(c, CA_DIM, "proactive compaction unknown");
	else if (has == 0)
		cc_put(c, CA_DIM, "no proactive compaction");
	else if (p == 0)
		cc_put(c, CA_DIM, "proactive compaction off");
	else
		cc_putf(c, CA_DIM, "kcompactd above %d, to %d", hi, lo);
	if (due)
		cc_put(c, CA_WARN, " due");
	cc_put(c, CA_NORMAL, "\n");
}

/* pageblock counts: short migratetype names, unique across kernels */
static const char *mt_abbrev(const char *name, char *buf, size_t n)
{
	static const char *const map[][2] = {
		{ "Unmovable", "U" }, { "Movable", "M" }, { "Reclaimable", "R" },
		{ "HighAtomic", "H" }, { "CMA", "C" }, { "Isolate", "I" },
		{ "Reserve", "Rs" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(map); i++)
		if (!strcmp(name, map[i][0]))
			return map[i][1];
	snprintf(buf, n, "%.2s", name);
	return buf;
}

static bool any_zoneinfo(const struct cc_node *n)
{
	int i;

	for (i = 0; i < n->nzones; i++)
		if (n->zones[i].in_zoneinfo)
			return true;
	return false;
}

/* ---- one node in detail ---- */

struct grid {
	int nz;			/* zone columns */
	int cw;			/* columns per zone */
	int vw;			/* value width */
	bool delta;		/* room for a delta after the value */
	int bw;			/* bar width, 0 none */
};

static void cell_text(struct cc_canvas *c, const struct grid *g, int zi, enum cc_style a,
		      const char *s)
{
	char buf[128];
	int max = g->cw - 1;

	cc_pad(c, LABEL + zi * g->cw);
	snprintf(buf, sizeof(buf), "%s", s);
	if ((int)strlen(buf) > max && max >= 0)
		buf[max] = '\0';
	cc_put(c, a, buf);
}

/* value right-aligned in vw, then the delta when it changed */
static void cell_value(const struct cc_watch *w, struct cc_canvas *c, const struct grid *g,
		       int zi, uint64_t now, const uint64_t *before)
{
	char v[32], d[32];
	enum cc_style a = CA_NORMAL;

	fmt_amount(w, v, sizeof(v), now);
	if (before && now != *before)
		a = now > *before ? CA_UP : CA_DOWN;
	cc_pad(c, LABEL + zi * g->cw);
	cc_pad(c, cc_col(c) + g->vw - (int)strlen(v));
	cc_put(c, a, v);
	if (g->delta) {
		cc_put(c, CA_NORMAL, " ");
		if (before && now != *before) {
			fmt_signed(w, d, sizeof(d), (int64_t)(now - *before));
			cc_put(c, a, d);
		}
	}
}

static const struct cc_zone *prev_zone(const struct cc_watch *w, const struct cc_node *n,
				       const struct cc_zone *z)
{
	if (!w->have_prev || w->prev.norders != w->cur.norders)
		return NULL;
	return cc_zone_find(cc_node_find(&w->prev, n->id), z->name);
}

static void grid_layout(const struct cc_watch *w, const struct cc_canvas *c,
			const struct cc_node *n, const int *zs, int nz, struct grid *g)
{
	const struct cc_snapshot *s = &w->cur;
	int i, k;

	g->nz = nz;
	g->cw = nz ? (c->width - LABEL) / nz : 0;
	g->vw = 5;
	if (w->pages)
		for (i = 0; i < nz; i++) {
			struct cc_contig ci;
			char b[32];

			cc_contig_info(n->zones[zs[i]].free_blocks, s->norders, 0, &ci);
			for (k = -1; k < s->norders; k++) {
				uint64_t v = k < 0 ? ci.free_pages :
					n->zones[zs[i]].free_blocks[k] << k;
				int len = snprintf(b, sizeof(b), "%" PRIu64, v);

				if (len > g->vw)
					g->vw = len;
			}
		}
	g->delta = g->cw >= 2 * g->vw + 3;
	g->bw = g->cw - (g->delta ? 2 * g->vw + 3 : g->vw + 1) - 2;
	if (g->bw < 3)
		g->bw = 0;
	if (g->bw > 32)
		g->bw = 32;
}

/* zoneinfo's watermarks include the boost (a recent fallback): it is shown
 * when there is one */
static void over_low(const struct cc_watch *w, struct cc_canvas *c, const struct grid *g,
		     int i, const struct cc_zone *z)
{
	char b[32];
	int64_t h;

	if (!cc_zone_headroom(z, ZF_LOW, &h))
		return;
	fmt_signed(w, b, sizeof(b), h);
	cc_pad(c, LABEL + i * g->cw);
	cc_pad(c, cc_col(c) + g->vw + 1 - (int)strlen(b));
	cc_put(c, h < 0 ? CA_BAD : CA_NORMAL, b);
	if (cc_zi_has(z, ZF_BOOST) && z->zi[ZF_BOOST]) {
		fmt_amount(w, b, sizeof(b), z->zi[ZF_BOOST]);
		if (cc_col(c) + 7 + (int)strlen(b) < LABEL + (i + 1) * g->cw)
			cc_putf(c, CA_WARN, " boost %s", b);
		else
			cc_put(c, CA_WARN, " b");
	}
}

static void wmarks(const struct cc_watch *w, struct cc_canvas *c, const struct grid *g,
		   int i, const struct cc_zone *z)
{
	char m[16], l[16], h[16], txt[64];

	if (!z->in_zoneinfo)
		return;
	fmt_amount(w, m, sizeof(m), z->zi[ZF_MIN]);
	fmt_amount(w, l, sizeof(l), z->zi[ZF_LOW]);
	fmt_amount(w, h, sizeof(h), z->zi[ZF_HIGH]);
	snprintf(txt, sizeof(txt), "%s/%s/%s", m, l, h);
	if ((int)strlen(txt) > g->cw - 1)
		snprintf(txt, sizeof(txt), "low %s", l);
	cell_text(c, g, i, CA_NORMAL, txt);
}

static void node_detail(const struct cc_watch *w, struct cc_canvas *c,
			const struct cc_node *n)
{
	const struct cc_snapshot *s = &w->cur;
	int zs[CC_MAX_ZONES], nz = 0, i, k, t, K = w->order;
	struct grid g;
	char b1[32], sz[16];

	for (i = 0; i < n->nzones; i++)
		if (n->zones[i].free_src != CC_FREE_NONE)
			zs[nz++] = i;
	if (!nz)
		return;
	grid_layout(w, c, n, zs, nz, &g);
	cc_putf(c, CA_BOLD, "Node %d", n->id);
	for (i = 0; i < nz; i++) {
		cc_pad(c, LABEL + i * g.cw);
		cc_putf(c, CA_BOLD, "%*s", g.vw, n->zones[zs[i]].name);
		cc_put(c, CA_DIM, g.delta ? "  change" : "");
	}
	cc_put(c, CA_NORMAL, "\n");

	for (k = 0; k < s->norders; k++) {
		enum cc_style la = k == K ? CA_SELECT : CA_DIM;

		cc_putf(c, la, "%c%4d %5s", k == K ? '>' : ' ', k,
			order_size(s, k, sz, sizeof(sz)));
		for (i = 0; i < nz; i++) {
			const struct cc_zone *z = &n->zones[zs[i]];
			const struct cc_zone *pz = prev_zone(w, n, z);
			struct cc_contig all;
			uint64_t now = z->free_blocks[k] << k, before = 0;

			if (pz)
				before = pz->free_blocks[k] << k;
			cell_value(w, c, &g, i, now, pz ? &before : NULL);
			if (g.bw) {
				cc_contig_info(z->free_blocks, s->norders, 0, &all);
				cc_pad(c, LABEL + i * g.cw +
					  (g.delta ? 2 * g.vw + 3 : g.vw + 1) + 1);
				cc_bar(c, CA_BAR, now, all.free_pages, g.bw);
			}
		}
		cc_put(c, CA_NORMAL, "\n");
	}

	/* per zone: free, watermarks, boost, indices at the selected order */
	cc_put(c, CA_DIM, "free");
	for (i = 0; i < nz; i++) {
		const struct cc_zone *z = &n->zones[zs[i]];
		const struct cc_zone *pz = prev_zone(w, n, z);
		struct cc_contig a, pa;

		cc_contig_info(z->free_blocks, s->norders, 0, &a);
		if (pz)
			cc_contig_info(pz->free_blocks, s->norders, 0, &pa);
		cell_value(w, c, &g, i, a.free_pages, pz ? &pa.free_pages : NULL);
	}
	for (i = 0; any_zoneinfo(n) && i < 2 * nz; i++) {
		if (i == 0)
			cc_put(c, CA_DIM, "\nover low");
		if (i < nz)
			over_low(w, c, &g, i, &n->zones[zs[i]]);
		else
			wmarks(w, c, &g, i - nz, &n->zones[zs[i - nz]]);
		if (i == nz - 1)
			cc_put(c, CA_DIM, "\nmin/low/hi");
	}
	for (t = 0; t < 2; t++) {
		cc_putf(c, CA_DIM, "\n%s %d", t ? "fragidx" : "unusable", K);
		for (i = 0; i < nz; i++) {
			const struct cc_zone *z = &n->zones[zs[i]];
			const struct cc_zone *pz = prev_zone(w, n, z);
			struct cc_contig ci;
			int v, pv = 0;

			cc_contig_info(z->free_blocks, s->norders, K, &ci);
			v = t ? cc_fragmentation_index(&ci, K, s->norders - 1) :
				cc_unusable_index(&ci, K);
			if (pz) {
				cc_contig_info(pz->free_blocks, s->norders, K, &ci);
				pv = t ? cc_fragmentation_index(&ci, K, s->norders - 1) :
					cc_unusable_index(&ci, K);
			}
			cc_fmt_milli(b1, sizeof(b1), v);
			cc_pad(c, LABEL + i * g.cw);
			cc_pad(c, cc_col(c) + g.vw + 1 - (int)strlen(b1));
			cc_put(c, !pz || pv == v ? CA_NORMAL : v < pv ? CA_UP : CA_DOWN, b1);
		}
	}
	if (w->have_pti) {
		cc_put(c, CA_DIM, "\npageblocks");
		for (i = 0; i < nz; i++) {
			const struct cc_zone *z = &n->zones[zs[i]];
			char txt[128], ab[4];
			size_t len = 0;

			if (!z->have_blocks)
				continue;
			txt[0] = '\0';
			for (t = 0; t < s->nmt && len < sizeof(txt) - 24; t++)
				if (z->mt_blocks[t])
					len += (size_t)snprintf(txt + len, sizeof(txt) - len,
								"%s%s%" PRIu64, len ? " " : "",
								mt_abbrev(s->mt_names[t], ab, sizeof(ab)),
								z->mt_blocks[t]);
			cell_text(c, &g, i, CA_NORMAL, txt);
		}
	}
	cc_put(c, CA_NORMAL, "\n");
}

/* ---- system-wide rates ---- */

static void rates(const struct cc_watch *w, struct cc_canvas *c)
{
	static const unsigned rows[] = { CC_SHOW_RATE_ROW1, CC_SHOW_RATE_ROW2 };
	double dt = w->t_cur - w->t_prev;
	int r, i;

	if (!w->cur.have_vmstat)
		return;
	if (!w->have_prev || !w->prev.have_vmstat || dt <= 0) {
		cc_put(c, CA_BOLD, "system-wide/s");
		cc_put(c, CA_DIM, "  vmstat rates from the second frame on\n");
		return;
	}
	for (r = 0; r < 2; r++) {
		if (r == 0)
			cc_put(c, CA_BOLD, "system-wide/s");
		else
			cc_put(c, CA_NORMAL, "             ");
		for (i = 0; i < cc_ncounters; i++) {
			const struct cc_counter *ct = &cc_counters[i];
			char b[32];
			double rate;
			int got;

			if (!(ct->views & rows[r]))
				continue;
			got = cc_watch_rate(w, ct->name, &rate);
			if (!got)
				snprintf(b, sizeof(b), "-");
			else
				fmt_rate(b, sizeof(b), got < 0 ? -1.0 : rate);
			cc_putf(c, CA_DIM, " %s ", ct->label);
			cc_put(c, strcmp(b, "0") && strcmp(b, "-") ? CA_UP : CA_NORMAL, b);
		}
		cc_put(c, CA_NORMAL, "\n");
	}
}

void cc_watch_render(const struct cc_watch *w, struct cc_canvas *c, bool all_nodes,
		     bool marks)
{
	const struct cc_snapshot *s = &w->cur;
	char sz[16];
	int i;

	char left[256], right[64];
	int rl, room;

	/* frame number, time since the first frame, and the clock on the
	 * right; the left part gives way when the line is short */
	rl = snprintf(right, sizeof(right), "%s#%d +%.1fs%s%s", w->paused ? "PAUSED " : "",
		      w->frame, w->t_cur - w->t0, w->clock[0] ? " " : "", w->clock);
	if (rl + 20 > c->width && w->clock[0])
		rl = snprintf(right, sizeof(right), "%s#%d +%.1fs",
			      w->paused ? "PAUSED " : "", w->frame, w->t_cur - w->t0);
	room = c->width - rl - 1;
	if (room < 0)
		room = 0;
	/* the kernel release goes first, then the interval */
	snprintf(left, sizeof(left), "compactctl  %s  order %d (%s)  %s  every %gs",
		 s->kernel[0] ? s->kernel : "Linux ?", w->order,
		 order_size(s, w->order, sz, sizeof(sz)), w->pages ? "pages" : "bytes",
		 w->interval);
	if ((int)strlen(left) > room)
		snprintf(left, sizeof(left), "compactctl  order %d (%s)  %s  every %gs",
			 w->order, order_size(s, w->order, sz, sizeof(sz)),
			 w->pages ? "pages" : "bytes", w->interval);
	if ((int)strlen(left) > room)
		snprintf(left, sizeof(left), "order %d (%s)  %s", w->order,
			 order_size(s, w->order, sz, sizeof(sz)), w->pages ? "pages" : "bytes");
	if ((int)strlen(left) > room)
		left[room] = '\0';
	cc_put(c, CA_BOLD, left);
	cc_pad(c, c->width - rl);
	cc_put(c, w->paused ? CA_WARN : CA_DIM, right);
	cc_put(c, CA_NORMAL, "\n");

	for (i = 0; i < s->nnodes; i++)
		if (cc_nodeset_has(w->nodes, s->nodes[i].id))
			node_line(w, c, &s->nodes[i], marks && s->nodes[i].id == w->node);
	for (i = 0; i < s->nnodes; i++) {
		if (!cc_nodeset_has(w->nodes, s->nodes[i].id))
			continue;
		if (all_nodes || s->nodes[i].id == w->node)
			node_detail(w, c, &s->nodes[i]);
		if (all_nodes)
			cc_put(c, CA_NORMAL, "\n");
	}
	rates(w, c);
}

void cc_watch_render_help(struct cc_canvas *c)
{
	cc_put(c, CA_BOLD, "compactctl watch: keys\n\n");
	cc_put(c, CA_NORMAL,
	       "  q          quit (also Ctrl-C)\n"
	       "  space      pause / resume sampling\n"
	       "  o / O      select the next higher / lower order\n"
	       "  n / N      show the next / previous node\n"
	       "  b          values in bytes or in pages\n"
	       "  c          compact the shown node now (root; asks first)\n"
	       "  up / down  scroll when the frame is taller than the screen\n"
	       "  ?          this help\n\n");
	cc_put(c, CA_DIM,
	       "Values: free memory per order (blocks x block size), with the change\n"
	       "since the previous frame. Rates are per second over the last interval\n"
	       "and system-wide: the kernel keeps compaction counters only globally.\n"
	       "/proc/pagetypeinfo (pageblocks) is read at most every\n"
	       "--pagetypeinfo-interval seconds: it holds each zone's lock.\n\n"
	       "Press any key to return.\n");
}

void cc_watch_render_compaction(const struct cc_watch *w, const struct cc_watch_compaction *c,
				struct cc_canvas *cv)
{
	char after[32], gain[32], sz[16];

	if (!c->known) {
		cc_putf(cv, CA_STATUS, "node %d compacted in %.2fs", c->node, c->seconds);
		return;
	}
	cc_fmt_bytes(after, sizeof(after), c->free_after * (uint64_t)w->cur.page_size);
	cc_fmt_delta_bytes(gain, sizeof(gain), (int64_t)(c->free_after - c->free_before),
			   w->cur.page_size);
	cc_fmt_order_size(sz, sizeof(sz), w->cur.page_size, w->cur.pageblock_order);
	/* most telling first; the rest on a second line where it would not
	 * fit, never cut */
	cc_putf(cv, CA_STATUS, "node %d compacted in %.2fs: %s free in blocks >= %s (now %s)",
		c->node, c->seconds, gain, sz, after);
	if (c->have_score)
		cc_putf(cv, CA_STATUS, "%sscore %d -> %d", cv->width - cc_col(cv) < 40 ? "\n" : ", ",
			c->score_before, c->score_after);
	if (c->have_migrated)
		cc_putf(cv, CA_STATUS, "%s%lld pages migrated",
			cv->width - cc_col(cv) < 30 ? "\n" : ", ", (long long)c->migrated);
}
