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

#include "metrics.h"
#include "output.h"

/* vmstat counters whose deltas explain a compaction run, kernel names */
const char *const cc_compact_counters[] = {
	"compact_migrate_scanned", "compact_free_scanned", "compact_isolated",
	"pgmigrate_success", "pgmigrate_fail", "thp_migration_success",
	"thp_migration_fail", "thp_migration_split", "balloon_migrate",
	"compact_stall", "compact_success", "compact_fail", "compact_daemon_wake",
	"compact_daemon_migrate_scanned", "compact_daemon_free_scanned",
	NULL,
};

static const char *arrow(const struct cc_view *v)
{
	return v->utf8 ? "\u2192" : "->";
}

static bool selected(const struct cc_view *v, int id)
{
	return !v->nodes || v->nodes[id];
}

static bool has_free(const struct cc_zone *z)
{
	return z && z->free_src != CC_FREE_NONE;
}

/* "+1.2 GiB", "-512 KiB", "0 B" */
void cc_fmt_delta_bytes(char *buf, size_t n, int64_t pages, long page_size)
{
	uint64_t mag = (uint64_t)(pages < 0 ? -pages : pages) * (uint64_t)page_size;

	buf[0] = pages < 0 ? '-' : pages > 0 ? '+' : ' ';
	cc_fmt_bytes(buf + 1, n - 1, mag);
	if (!pages)
		memmove(buf, buf + 1, strlen(buf));
}

static void bytes(char *buf, size_t n, const struct cc_snapshot *s, uint64_t pages)
{
	cc_fmt_bytes(buf, n, pages * (uint64_t)s->page_size);
}

static void zone_rows(FILE *out, const struct cc_snapshot *a, const struct cc_snapshot *b,
		      const struct cc_zone *za, const struct cc_zone *zb,
		      const struct cc_view *v)
{
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
		cc_fmt_size_exact(size, sizeof(size), (uint64_t)b->page_size << C);
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

		cc_fmt_size_exact(size, sizeof(size), (uint64_t)b->page_size << k);
		cc_contig_info(na, a->norders, k, &ca);
		cc_contig_info(nb, b->norders, k, &cb);
		cc_fmt_milli(u1, sizeof(u1), cc_unusable_index(&ca, k));
		cc_fmt_milli(u2, sizeof(u2), cc_unusable_index(&cb, k));
		cc_fmt_milli(f1, sizeof(f1), cc_fragmentation_index(&ca, k, a->norders - 1));
		cc_fmt_milli(f2, sizeof(f2), cc_fragmentation_index(&cb, k, b->norders - 1));
		snprintf(uu, sizeof(uu), "%s%s%s", u1, arrow(v), u2);
		snprintf(ff, sizeof(ff), "%s%s%s", f1, arrow(v), f2);
		/* growth green, loss yellow; the UTF-8 arrow is 3 bytes, 1 column */
		fprintf(out, "    %5d %5s %9" PRIu64 " %9" PRIu64 " %s%+10" PRId64 "%s  %-*s  %s\n",
			k, size, na[k], nb[k], !v->color || !d ? "" : d > 0 ? "\033[32m" :
			"\033[33m", d, v->color && d ? "\033[0m" : "",
			13 + (v->utf8 ? 2 : 0), uu, ff);
	}
}

void cc_text_vmstat_delta(FILE *out, const struct cc_snapshot *a,
			  const struct cc_snapshot *b)
{
	const char *names[32];
	int64_t d[32];
	int n = 0, i, half;

	for (i = 0; cc_compact_counters[i] && n < 32; i++)
		if (cc_vmstat_delta(a, b, cc_compact_counters[i], &d[n]))
			names[n++] = cc_compact_counters[i];
	if (!n) {
		fputs("vmstat deltas: not available (no /proc/vmstat on both sides)\n", out);
		return;
	}
	fputs("vmstat deltas (system-wide: the kernel counts these globally):\n", out);
	half = (n + 1) / 2;
	for (i = 0; i < half; i++) {
		fprintf(out, "  %-30s %+10" PRId64, names[i], d[i]);
		if (i + half < n)
			fprintf(out, "   %-30s %+10" PRId64, names[i + half], d[i + half]);
		fputc('\n', out);
	}
}

void cc_text_compare(FILE *out, const struct cc_snapshot *a, const struct cc_snapshot *b,
		     const struct cc_view *v)
{
	int i, j;

	for (i = 0; i < b->nnodes; i++) {
		const struct cc_node *nb = &b->nodes[i];
		const struct cc_node *na = cc_node_get((struct cc_snapshot *)a, nb->id, false);
		int s1, s2;

		if (!selected(v, nb->id) || !na)
			continue;
		fprintf(out, "%sNode %d%s", v->color ? "\033[1m" : "", nb->id,
			v->color ? "\033[0m" : "");
		if (cc_node_score_change(a, b, nb, &s1, &s2))
			fprintf(out, ": fragmentation score %d %s %d\n", s1, arrow(v), s2);
		else
			fputs(": fragmentation score not known (needs /proc/zoneinfo)\n", out);
		for (j = 0; j < nb->nzones; j++) {
			const struct cc_zone *zb = &nb->zones[j];
			const struct cc_zone *za = cc_zone_get((struct cc_node *)na, zb->name, false);

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
				cc_fmt_size_exact(size, sizeof(size), (uint64_t)b->page_size << b->thp_order);
				fprintf(out, "\n  Zone %s: unchanged (%s free, %s of it in blocks >= %s)\n",
					zb->name, f1, f2, size);
				continue;
			}
			fprintf(out, "\n  Zone %s%s\n", zb->name, !has_free(za) ? " (not in before)" :
				!has_free(zb) ? " (not in after)" : "");
			zone_rows(out, a, b, za, zb, v);
		}
		for (j = 0; j < na->nzones; j++) {
			const struct cc_zone *za = &na->zones[j];

			if (has_free(za) && !cc_zone_get((struct cc_node *)nb, za->name, false)) {
				fprintf(out, "\n  Zone %s (not in after)\n", za->name);
				zone_rows(out, a, b, za, NULL, v);
			}
		}
		fputc('\n', out);
	}
	for (i = 0; i < a->nnodes; i++)
		if (selected(v, a->nodes[i].id) && !cc_node_get((struct cc_snapshot *)b,
								a->nodes[i].id, false))
			fprintf(out, "Node %d: only in before\n\n", a->nodes[i].id);
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

cJSON *cc_json_vmstat_delta(const struct cc_snapshot *a, const struct cc_snapshot *b)
{
	cJSON *o = cJSON_CreateObject();
	int i;

	for (i = 0; cc_compact_counters[i]; i++) {
		int64_t d;

		if (cc_vmstat_delta(a, b, cc_compact_counters[i], &d))
			cJSON_AddNumberToObject(o, cc_compact_counters[i], (double)d);
	}
	return o;
}

void cc_json_compare(cJSON *doc, const struct cc_snapshot *a, const struct cc_snapshot *b,
		     const struct cc_view *v)
{
	cJSON *nodes = cJSON_AddArrayToObject(doc, "nodes");
	int i, j;

	for (i = 0; i < b->nnodes; i++) {
		const struct cc_node *nb = &b->nodes[i];
		const struct cc_node *na = cc_node_get((struct cc_snapshot *)a, nb->id, false);
		cJSON *no, *zs;
		int s1, s2;

		if (!selected(v, nb->id) || !na)
			continue;
		no = cJSON_CreateObject();
		cJSON_AddItemToArray(nodes, no);
		cJSON_AddNumberToObject(no, "node", nb->id);
		if (cc_node_score_change(a, b, nb, &s1, &s2))
			cJSON_AddItemToObject(no, "fragmentation_score", pair_int(s1, s2));
		else
			cJSON_AddNullToObject(no, "fragmentation_score");
		cJSON_AddItemToObject(no, "free_pages_at_compaction_order",
				      pair_u64(cc_node_free_at(na, a->norders, a->thp_order),
					       cc_node_free_at(nb, b->norders, b->thp_order)));
		zs = cJSON_AddArrayToObject(no, "zones");
		for (j = 0; j < nb->nzones; j++) {
			const struct cc_zone *zb = &nb->zones[j];
			const struct cc_zone *za = cc_zone_get((struct cc_node *)na, zb->name, false);

			if (has_free(zb) || has_free(za))
				cJSON_AddItemToArray(zs, zone_cmp_json(a, b, za, zb));
		}
		for (j = 0; j < na->nzones; j++)
			if (has_free(&na->zones[j]) &&
			    !cc_zone_get((struct cc_node *)nb, na->zones[j].name, false))
				cJSON_AddItemToArray(zs, zone_cmp_json(a, b, &na->zones[j], NULL));
	}
	if (a->have_vmstat && b->have_vmstat)
		cJSON_AddItemToObject(doc, "vmstat_delta", cc_json_vmstat_delta(a, b));
	else
		cJSON_AddNullToObject(doc, "vmstat_delta");
}
