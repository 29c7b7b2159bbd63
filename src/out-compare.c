// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Before/after view of two snapshots, shared by `compact` and `diff`: per
 * node and zone the free blocks per order before, after and the delta (the
 * memory-compaction cover letter's picture, aligned), free memory, free
 * memory usable at the compaction order, U and F per order, the fragmentation
 * score, and the /proc/vmstat deltas.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "counters.h"
#include "format.h"
#include "metrics.h"
#include "views.h"

static const char *arrow(const struct cc_out *o)
{
	return o->utf8 ? "\u2192" : "->";
}

static bool has_free(const struct cc_zone *z)
{
	return z && z->free_src != CC_FREE_NONE;
}

static void bytes(char *buf, size_t n, const struct cc_snapshot *s, uint64_t pages)
{
	cc_fmt_bytes(buf, n, pages * (uint64_t)s->page_size);
}

static void zone_rows(struct cc_out *o, const struct cc_snapshot *a, const struct cc_snapshot *b,
		      const struct cc_zone *za, const struct cc_zone *zb)
{
	FILE *out = o->f;
	static const uint64_t zero[CC_MAX_ORDERS];
	const uint64_t *na = has_free(za) ? za->free_blocks : zero;
	const uint64_t *nb = has_free(zb) ? zb->free_blocks : zero;
	struct cc_contig ca, cb;
	char s1[32], s2[32], s3[32];
	int k, C = b->thp_order, sa, sb;

	cc_contig_info(na, a->norders, 0, &ca);
	cc_contig_info(nb, b->norders, 0, &cb);
	fprintf(out, "  %-34s %12s %12s %12s\n", "", "before", "after", "delta");
	bytes(s1, sizeof(s1), a, ca.free_pages);
	bytes(s2, sizeof(s2), b, cb.free_pages);
	cc_fmt_delta_bytes(s3, sizeof(s3), (int64_t)(cb.free_pages - ca.free_pages),
			   b->page_size);
	fprintf(out, "  %-34s %12s %12s %12s\n", "free", s1, s2, s3);
	{
		char label[64], size[16];
		uint64_t fa, fb;

		cc_contig_info(na, a->norders, C, &ca);
		cc_contig_info(nb, b->norders, C, &cb);
		fa = C < 64 ? ca.suitable << C : 0;
		fb = C < 64 ? cb.suitable << C : 0;
		cc_fmt_order_size(size, sizeof(size), b->page_size, C);
		snprintf(label, sizeof(label), "free in blocks >= %s (order %d)", size, C);
		bytes(s1, sizeof(s1), a, fa);
		bytes(s2, sizeof(s2), b, fb);
		cc_fmt_delta_bytes(s3, sizeof(s3), (int64_t)(fb - fa), b->page_size);
		fprintf(out, "  %-34s %12s %12s %12s\n", label, s1, s2, s3);
		sa = cc_extfrag_for_order(&ca, C);
		sb = cc_extfrag_for_order(&cb, C);
		snprintf(label, sizeof(label), "fragmentation score (order %d)", C);
		fprintf(out, "  %-34s %12d %12d %+12d\n", label, sa, sb, sb - sa);
	}
	/* free pages parked on per-CPU lists are not in buddyinfo: pages that
	 * compaction freed may sit there for seconds before they merge */
	if (za && zb && cc_zi_has(za, ZF_PCP) && cc_zi_has(zb, ZF_PCP)) {
		bytes(s1, sizeof(s1), a, za->zi[ZF_PCP]);
		bytes(s2, sizeof(s2), b, zb->zi[ZF_PCP]);
		cc_fmt_delta_bytes(s3, sizeof(s3), (int64_t)(zb->zi[ZF_PCP] - za->zi[ZF_PCP]),
				   b->page_size);
		fprintf(out, "  %-34s %12s %12s %12s\n", "on per-CPU lists (not above)", s1, s2, s3);
	}
	fprintf(out, "    %5s %5s %9s %9s %10s  %-13s  %s\n", "order", "size", "before",
		"after", "delta", "unusable", "fragidx");
	for (k = 0; k < b->norders; k++) {
		char size[16], u1[16], u2[16], f1[16], f2[16], uu[40], ff[40];
		int64_t d = (int64_t)(nb[k] - na[k]);

		cc_fmt_order_size(size, sizeof(size), b->page_size, k);
		cc_contig_info(na, a->norders, k, &ca);
		cc_contig_info(nb, b->norders, k, &cb);
		cc_fmt_milli(u1, sizeof(u1), cc_unusable_index(&ca, k));
		cc_fmt_milli(u2, sizeof(u2), cc_unusable_index(&cb, k));
		cc_fmt_milli(f1, sizeof(f1), cc_fragmentation_index(&ca, k, a->norders - 1));
		cc_fmt_milli(f2, sizeof(f2), cc_fragmentation_index(&cb, k, b->norders - 1));
		snprintf(uu, sizeof(uu), "%s%s%s", u1, arrow(o), u2);
		snprintf(ff, sizeof(ff), "%s%s%s", f1, arrow(o), f2);
		/* growth green, loss yellow; the UTF-8 arrow is 3 bytes, 1 column */
		fprintf(out, "    %5d %5s %9" PRIu64 " %9" PRIu64 " %s%+10" PRId64 "%s  %-*s  %s\n",
			k, size, na[k], nb[k], !o->color || !d ? "" : d > 0 ? "\033[32m" :
			"\033[33m", d, o->color && d ? "\033[0m" : "",
			13 + (o->utf8 ? 2 : 0), uu, ff);
	}
}

void cc_text_vmstat_delta(struct cc_out *o, const struct cc_snapshot *a,
			  const struct cc_snapshot *b)
{
	const char *names[64];
	int64_t d[64];
	int n = 0, i, rows, nw = 0, vw = 0;

	for (i = 0; i < cc_ncounters && n < 64; i++) {
		const struct cc_counter *c = &cc_counters[i];
		char num[24];
		int l;

		if (!(c->views & CC_SHOW_DELTA) || !cc_counter_delta(a, b, c, &d[n]))
			continue;
		names[n] = c->name;
		l = (int)strlen(c->name);
		nw = l > nw ? l : nw;
		l = snprintf(num, sizeof(num), "%+" PRId64, d[n]);
		vw = l > vw ? l : vw;
		n++;
	}
	if (!n) {
		fputs("vmstat deltas: not available (no /proc/vmstat on both sides)\n", o->f);
		return;
	}
	fputs("vmstat deltas (system-wide: the kernel counts these globally):\n", o->f);
	/* two columns when they fit the width, else one */
	rows = 2 + 2 * (nw + 1 + vw) + 3 <= (o->width < 80 ? o->width : 80) ? (n + 1) / 2 : n;
	for (i = 0; i < rows; i++) {
		fprintf(o->f, "  %-*s %+*" PRId64, nw, names[i], vw, d[i]);
		if (i + rows < n)
			fprintf(o->f, "   %-*s %+*" PRId64, nw, names[i + rows], vw, d[i + rows]);
		fputc('\n', o->f);
	}
}

/* The ids of the nodes of a or b in ascending order: the next after id
 * (-1 for the first); -1 at the end. A node may be in one of them only. */
static int next_node(const struct cc_snapshot *a, const struct cc_snapshot *b, int id)
{
	int best = -1, i, k;

	for (k = 0; k < 2; k++) {
		const struct cc_snapshot *s = k ? b : a;

		for (i = 0; i < s->nnodes; i++)
			if (s->nodes[i].id > id && (best < 0 || s->nodes[i].id < best))
				best = s->nodes[i].id;
	}
	return best;
}

/* the zones of either node, in kernel zone order: the next after *j */
static bool next_zone(const struct cc_node *na, const struct cc_node *nb, int *j,
		      const struct cc_zone **za, const struct cc_zone **zb)
{
	int na_n = na ? na->nzones : 0, nb_n = nb ? nb->nzones : 0;

	for ((*j)++; *j < nb_n + na_n; (*j)++) {
		if (*j < nb_n) {
			*zb = &nb->zones[*j];
			*za = cc_zone_find(na, (*zb)->name);
			return true;
		}
		*za = &na->zones[*j - nb_n];
		*zb = NULL;
		if (!cc_zone_find(nb, (*za)->name))
			return true;
	}
	return false;
}

static const char *side(const struct cc_node *na, const struct cc_node *nb)
{
	return !na ? "after" : !nb ? "before" : "both";
}

void cc_text_compare(struct cc_out *o, const struct cc_snapshot *a, const struct cc_snapshot *b,
		     const struct cc_nodeset *nodes)
{
	FILE *out = o->f;
	int id, j;

	for (id = next_node(a, b, -1); id >= 0; id = next_node(a, b, id)) {
		const struct cc_node *na = cc_node_find(a, id), *nb = cc_node_find(b, id);
		const struct cc_zone *za, *zb;
		int s1, s2;

		if (!cc_nodeset_has(nodes, id))
			continue;
		fprintf(out, "%sNode %d%s", o->color ? "\033[1m" : "", id, o->color ? "\033[0m" : "");
		if (!na || !nb)
			fprintf(out, ": only in %s\n", side(na, nb));
		else if (cc_node_score_change(a, b, nb, &s1, &s2))
			fprintf(out, ": fragmentation score %d %s %d\n", s1, arrow(o), s2);
		else
			fputs(": fragmentation score not known (needs /proc/zoneinfo)\n", out);
		for (j = -1; next_zone(na, nb, &j, &za, &zb);) {
			if (!has_free(zb) && !has_free(za))
				continue;
			if (has_free(za) && has_free(zb) &&
			    !memcmp(za->free_blocks, zb->free_blocks,
				    sizeof(uint64_t) * (size_t)b->norders)) {
				struct cc_contig ci;
				char f1[32], f2[32], size[16];

				cc_contig_info(zb->free_blocks, b->norders, b->thp_order, &ci);
				bytes(f2, sizeof(f2), b, b->thp_order < 64 ? ci.suitable << b->thp_order : 0);
				cc_contig_info(zb->free_blocks, b->norders, 0, &ci);
				bytes(f1, sizeof(f1), b, ci.free_pages);
				cc_fmt_order_size(size, sizeof(size), b->page_size, b->thp_order);
				fprintf(out, "\n  Zone %s: unchanged (%s free, %s of it in blocks >= %s)\n",
					zb->name, f1, f2, size);
				continue;
			}
			fprintf(out, "\n  Zone %s%s\n", zb ? zb->name : za->name,
				!has_free(za) ? " (not in before)" : !has_free(zb) ? " (not in after)" : "");
			zone_rows(o, a, b, za, zb);
		}
		fputc('\n', out);
	}
}

/* ---- JSON ---- */

static cJSON *pair_u64(uint64_t x, uint64_t y)
{
	cJSON *o = cJSON_CreateObject();

	cc_json_add_u64(o, "before", x);
	cc_json_add_u64(o, "after", y);
	cJSON_AddNumberToObject(o, "delta", (double)(int64_t)(y - x));
	return o;
}

static cJSON *pair_int(int x, int y)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "before", x);
	cJSON_AddNumberToObject(o, "after", y);
	cJSON_AddNumberToObject(o, "delta", y - x);
	return o;
}

static cJSON *zone_cmp_json(const struct cc_snapshot *a, const struct cc_snapshot *b,
			    const struct cc_zone *za, const struct cc_zone *zb)
{
	static const uint64_t zero[CC_MAX_ORDERS];
	const uint64_t *na = has_free(za) ? za->free_blocks : zero;
	const uint64_t *nb = has_free(zb) ? zb->free_blocks : zero;
	cJSON *o = cJSON_CreateObject(), *fb, *x, *y, *dd, *ub, *ua, *fbf, *faf;
	struct cc_contig ca, cb;
	int k, C = b->thp_order;

	cJSON_AddStringToObject(o, "name", zb ? zb->name : za->name);
	cJSON_AddStringToObject(o, "in", !has_free(za) ? "after" : !has_free(zb) ? "before" :
				"both");
	fb = cJSON_AddObjectToObject(o, "free_blocks");
	x = cJSON_AddArrayToObject(fb, "before");
	y = cJSON_AddArrayToObject(fb, "after");
	dd = cJSON_AddArrayToObject(fb, "delta");
	for (k = 0; k < b->norders; k++) {
		cJSON_AddItemToArray(x, cc_json_u64(na[k]));
		cJSON_AddItemToArray(y, cc_json_u64(nb[k]));
		cJSON_AddItemToArray(dd, cJSON_CreateNumber((double)(int64_t)(nb[k] - na[k])));
	}
	cc_contig_info(na, a->norders, 0, &ca);
	cc_contig_info(nb, b->norders, 0, &cb);
	cJSON_AddItemToObject(o, "free_pages", pair_u64(ca.free_pages, cb.free_pages));
	if (za && zb && cc_zi_has(za, ZF_PCP) && cc_zi_has(zb, ZF_PCP))
		cJSON_AddItemToObject(o, "pcp_pages", pair_u64(za->zi[ZF_PCP], zb->zi[ZF_PCP]));
	else
		cJSON_AddNullToObject(o, "pcp_pages");
	cc_contig_info(na, a->norders, C, &ca);
	cc_contig_info(nb, b->norders, C, &cb);
	cJSON_AddItemToObject(o, "free_pages_at_compaction_order",
			      pair_u64(C < 64 ? ca.suitable << C : 0,
				       C < 64 ? cb.suitable << C : 0));
	cJSON_AddItemToObject(o, "fragmentation_score",
			      pair_int(cc_extfrag_for_order(&ca, C), cc_extfrag_for_order(&cb, C)));
	x = cJSON_AddObjectToObject(o, "unusable_index");
	ub = cJSON_AddArrayToObject(x, "before");
	ua = cJSON_AddArrayToObject(x, "after");
	y = cJSON_AddObjectToObject(o, "fragmentation_index");
	fbf = cJSON_AddArrayToObject(y, "before");
	faf = cJSON_AddArrayToObject(y, "after");
	for (k = 0; k < b->norders; k++) {
		cc_contig_info(na, a->norders, k, &ca);
		cc_contig_info(nb, b->norders, k, &cb);
		cJSON_AddItemToArray(ub, cJSON_CreateNumber(cc_unusable_index(&ca, k) / 1000.0));
		cJSON_AddItemToArray(ua, cJSON_CreateNumber(cc_unusable_index(&cb, k) / 1000.0));
		cJSON_AddItemToArray(fbf, cJSON_CreateNumber(
			cc_fragmentation_index(&ca, k, a->norders - 1) / 1000.0));
		cJSON_AddItemToArray(faf, cJSON_CreateNumber(
			cc_fragmentation_index(&cb, k, b->norders - 1) / 1000.0));
	}
	return o;
}

cJSON *cc_json_vmstat_delta(const struct cc_snapshot *a, const struct cc_snapshot *b,
			    unsigned view)
{
	cJSON *o = cJSON_CreateObject();
	char key[48];
	int i;

	for (i = 0; i < cc_ncounters; i++) {
		const struct cc_counter *c = &cc_counters[i];
		int64_t d;

		if ((c->views & view) && cc_counter_delta(a, b, c, &d))
			cJSON_AddNumberToObject(o, cc_counter_key(c, key, sizeof(key)), (double)d);
	}
	return o;
}

void cc_json_compare(cJSON *doc, const struct cc_snapshot *a, const struct cc_snapshot *b,
		     const struct cc_nodeset *nodes)
{
	cJSON *arr = cJSON_AddArrayToObject(doc, "nodes");
	int id, j;

	for (id = next_node(a, b, -1); id >= 0; id = next_node(a, b, id)) {
		const struct cc_node *na = cc_node_find(a, id), *nb = cc_node_find(b, id);
		const struct cc_zone *za, *zb;
		cJSON *no, *zs;
		int s1, s2;

		if (!cc_nodeset_has(nodes, id))
			continue;
		no = cJSON_CreateObject();
		cJSON_AddItemToArray(arr, no);
		cJSON_AddNumberToObject(no, "node", id);
		cJSON_AddStringToObject(no, "in", side(na, nb));
		if (na && nb && cc_node_score_change(a, b, nb, &s1, &s2))
			cJSON_AddItemToObject(no, "fragmentation_score", pair_int(s1, s2));
		else
			cJSON_AddNullToObject(no, "fragmentation_score");
		cJSON_AddItemToObject(no, "free_pages_at_compaction_order",
				      pair_u64(na ? cc_node_free_at(na, a->norders, a->thp_order) : 0,
					       nb ? cc_node_free_at(nb, b->norders, b->thp_order) : 0));
		zs = cJSON_AddArrayToObject(no, "zones");
		for (j = -1; next_zone(na, nb, &j, &za, &zb);)
			if (has_free(zb) || has_free(za))
				cJSON_AddItemToArray(zs, zone_cmp_json(a, b, za, zb));
	}
	if (a->have_vmstat && b->have_vmstat)
		cJSON_AddItemToObject(doc, "vmstat_delta", cc_json_vmstat_delta(a, b, CC_SHOW_DELTA));
	else
		cJSON_AddNullToObject(doc, "vmstat_delta");
}
