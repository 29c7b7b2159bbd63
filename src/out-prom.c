// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Prometheus text exposition (format 0.0.4) of a snapshot, for
 * node_exporter's textfile collector: everything node_exporter cannot
 * collect (pagetypeinfo needs root) or compute (the kernel's indices and
 * the proactive compaction score). Gauges, and counters for /proc/vmstat.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "counters.h"
#include "format.h"
#include "metrics.h"
#include "views.h"

void cc_prom_family(FILE *out, const char *name, const char *type, const char *help)
{
	fprintf(out, "# HELP compactctl_%s %s\n# TYPE compactctl_%s %s\n", name, help, name,
		type);
}

/* Lines are put together piece by piece: at 1024 nodes an export has some
 * 400,000 lines, and vfprintf for each was a third of its time (issue 14). */
static void put_s(FILE *out, const char *s)
{
	fputs_unlocked(s, out);
}

static void put_u(FILE *out, uint64_t v)
{
	char tmp[24], *p = tmp + sizeof(tmp);

	do
		*--p = (char)('0' + v % 10);
	while ((v /= 10));
	fwrite_unlocked(p, 1, (size_t)(tmp + sizeof(tmp) - p), out);
}

static void put_i(FILE *out, int64_t v)
{
	if (v < 0) {
		putc_unlocked('-', out);
		put_u(out, (uint64_t)0 - (uint64_t)v);
	} else {
		put_u(out, (uint64_t)v);
	}
}

/* label values: control characters made visible first (format.h), then
 * backslash, quote and newline escaped as the format wants */
void cc_prom_label(FILE *out, const char *raw)
{
	char safe[256];
	const char *s = safe;

	if (cc_text_plain(raw) && !strpbrk(raw, "\\\"")) {	/* a zone or migratetype name */
		put_s(out, raw);
		return;
	}
	cc_safe_copy(safe, sizeof(safe), raw);
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			putc_unlocked('\\', out);
		if (*s == '\n') {
			put_s(out, "\\n");
			continue;
		}
		putc_unlocked(*s, out);
	}
}

/* compactctl_NAME{node="N",zone="Z": a zone's line up to its own labels */
static void zl(FILE *out, const char *name, const struct cc_node *n, const struct cc_zone *z)
{
	put_s(out, "compactctl_");
	put_s(out, name);
	put_s(out, "{node=\"");
	put_i(out, n->id);
	put_s(out, "\",zone=\"");
	cc_prom_label(out, z->name);
	putc_unlocked('"', out);
}

/* ,order="K"} and the rest of the line is the value's */
static void order_label(FILE *out, int k)
{
	put_s(out, ",order=\"");
	put_i(out, k);
	put_s(out, "\"} ");
}

/* } V and the line's end */
static void value_u(FILE *out, uint64_t v)
{
	put_u(out, v);
	putc_unlocked('\n', out);
}

/* thousandths as an exact decimal */
static void milli(FILE *out, int v)
{
	unsigned a = v < 0 ? (unsigned)-(long)v : (unsigned)v;
	char frac[4] = { (char)('0' + a % 1000 / 100), (char)('0' + a % 100 / 10),
			 (char)('0' + a % 10), '\n' };

	if (v < 0)
		putc_unlocked('-', out);
	put_u(out, a / 1000);
	putc_unlocked('.', out);
	fwrite_unlocked(frac, 1, 4, out);
}

static bool shown(const struct cc_status_report *v, const struct cc_node *n)
{
	return cc_nodeset_has(v->nodes, n->id);
}

#define EACH_ZONE(s, v, n, z)                                                       \
	for (int i_ = 0; i_ < (s)->nnodes; i_++)                                    \
		for (int j_ = 0; j_ < (s)->nodes[i_].nzones; j_++)                  \
			if (((n) = &(s)->nodes[i_], (z) = &(n)->zones[j_], 1) &&    \
			    shown(v, n) && (z)->free_src != CC_FREE_NONE)

static bool metric_name_ok(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

/* The allocator verdict per node: available (0 or 1), why (an info
 * metric: 1 for the cause, labelled with the zone it is about), and the free
 * blocks of order >= k the request may use. Unknown verdicts (no zoneinfo)
 * give only the cause. */
static void prom_verdicts(FILE *out, const struct cc_status_report *r)
{
	const char *cls = cc_req_classes[r->req_class].name;
	int i, pass;

	for (pass = 0; pass < 3; pass++) {
		static const char *const names[] = {
			"allocation_available", "allocation_verdict_info", "allocation_usable_blocks",
		};
		static const char *const help[] = {
			("1 when the page allocator would grant a request of the class at the "
			 "order now, without reclaim or compaction (status --for CLASS)."),
			"The verdict's cause, and the zone that serves or the zone the cause is about.",
			"Free blocks of the order or larger on the node that the class may use.",
		};

		cc_prom_family(out, names[pass], "gauge", help[pass]);
		for (i = 0; i < r->snap->nnodes; i++) {
			const struct cc_alloc_verdict *vd = cc_status_verdict(r, i);
			int zi = vd ? (vd->serve >= 0 ? vd->serve : vd->cause_zone) : -1;

			if (!vd || (pass != 1 && vd->cause == CC_AC_UNKNOWN))
				continue;
			fprintf(out, "compactctl_%s{node=\"%d\",class=\"%s\",order=\"%d\"",
				names[pass], vd->node, cls, vd->order);
			if (pass == 0)
				fprintf(out, "} %d\n", vd->cause == CC_AC_AVAILABLE);
			else if (pass == 1)
				fprintf(out, ",cause=\"%s\",zone=\"%s\"} 1\n",
					cc_alloc_cause_name(vd->cause),
					zi >= 0 ? cc_ztype_name(vd->zones[zi].type) : "");
			else
				fprintf(out, "} %" PRIu64 "\n", cc_alloc_usable_blocks(vd, vd->node));
		}
	}
}

int cc_prom_status(struct cc_out *o, const struct cc_status_report *v)
{
	const struct cc_snapshot *s = v->snap;
	FILE *out = o->f;
	const struct cc_node *n;
	const struct cc_zone *z;
	int k, t, lo, hi, i;
	long C = s->thp_order;

	cc_prom_family(out, "export_timestamp_seconds", "gauge",
		       "Unix time at which compactctl read the kernel files of this export "
		       "(an alert on its age finds a stopped timer).");
	fprintf(out, "compactctl_export_timestamp_seconds %lld.%03ld\n", (long long)s->taken.tv_sec,
		s->taken.tv_nsec / 1000000);
	cc_prom_family(out, "page_size_bytes", "gauge", "Base page size.");
	if (cc_known_page_size(s))
		fprintf(out, "compactctl_page_size_bytes %ld\n", s->page_size);
	cc_prom_family(out, "pageblock_order", "gauge", "Pageblock order (pageblock_order).");
	fprintf(out, "compactctl_pageblock_order %d\n", s->pageblock_order);
	cc_prom_family(out, "compaction_order", "gauge",
	       "Order of the proactive compaction score (COMPACTION_HPAGE_ORDER).");
	fprintf(out, "compactctl_compaction_order %d\n", s->thp_order);

	cc_prom_family(out, "free_blocks", "gauge", "Free blocks of each order (/proc/buddyinfo).");
	EACH_ZONE(s, v, n, z)
		for (k = 0; k < s->norders; k++) {
			zl(out, "free_blocks", n, z);
			order_label(out, k);
			value_u(out, z->free_blocks[k]);
		}
	cc_prom_family(out, "free_pages", "gauge", "Free pages in the buddy allocator per zone.");
	EACH_ZONE(s, v, n, z) {
		struct cc_contig ci;

		cc_contig_info(z->free_blocks, s->norders, 0, &ci);
		zl(out, "free_pages", n, z);
		put_s(out, "} ");
		value_u(out, ci.free_pages);
	}
	cc_prom_family(out, "compaction_order_free_pages", "gauge",
		       "Free pages in blocks of the compaction order or larger: what huge page "
		       "allocations can take now without compaction.");
	EACH_ZONE(s, v, n, z) {
		zl(out, "compaction_order_free_pages", n, z);
		put_s(out, "} ");
		value_u(out, cc_zone_free_at(z, s->norders, (int)C));
	}
	cc_prom_family(out, "migratetype_free_blocks", "gauge",
	       "Free blocks per migratetype and order (/proc/pagetypeinfo, root only).");
	EACH_ZONE(s, v, n, z)
		for (t = 0; t < s->nmt; t++) {
			if (!z->in_pti || !(z->mt_rows & (1u << t)))
				continue;
			for (k = 0; k < s->norders; k++) {
				zl(out, "migratetype_free_blocks", n, z);
				put_s(out, ",migratetype=\"");
				cc_prom_label(out, s->mt_names[t]);
				putc_unlocked('"', out);
				order_label(out, k);
				value_u(out, z->mt_free[t][k]);
			}
		}
	cc_prom_family(out, "pageblocks", "gauge",
	       "Pageblocks per migratetype (/proc/pagetypeinfo, root only).");
	EACH_ZONE(s, v, n, z)
		for (t = 0; z->have_blocks && t < s->nmt; t++) {
			zl(out, "pageblocks", n, z);
			put_s(out, ",migratetype=\"");
			cc_prom_label(out, s->mt_names[t]);
			put_s(out, "\"} ");
			value_u(out, z->mt_blocks[t]);
		}
	cc_prom_family(out, "unusable_free_space_ratio", "gauge",
		       "Unusable free space index per order: the share of free memory in blocks "
		       "smaller than the order, 0 to 1 (debugfs extfrag/unusable_index).");
	EACH_ZONE(s, v, n, z)
		for (k = 0; k < s->norders; k++) {
			struct cc_contig ci;

			cc_contig_info(z->free_blocks, s->norders, k, &ci);
			zl(out, "unusable_free_space_ratio", n, z);
			order_label(out, k);
			milli(out, cc_unusable_index(&ci, k));
		}
	cc_prom_family(out, "fragmentation_index", "gauge",
	       "Fragmentation index per order (debugfs extfrag/extfrag_index): -1 a block "
	       "is free, towards 0 lack of memory, towards 1 fragmentation.");
	EACH_ZONE(s, v, n, z)
		for (k = 0; k < s->norders; k++) {
			struct cc_contig ci;

			cc_contig_info(z->free_blocks, s->norders, k, &ci);
			zl(out, "fragmentation_index", n, z);
			order_label(out, k);
			milli(out, cc_fragmentation_index(&ci, k, s->norders - 1));
		}
	cc_prom_family(out, "zone_fragmentation_score", "gauge",
	       "Zone fragmentation score at the compaction order, percent "
	       "(fragmentation_score_zone).");
	EACH_ZONE(s, v, n, z) {
		struct cc_contig ci;

		cc_contig_info(z->free_blocks, s->norders, (int)C, &ci);
		zl(out, "zone_fragmentation_score", n, z);
		put_s(out, "} ");
		put_i(out, cc_extfrag_for_order(&ci, (int)C));
		putc_unlocked('\n', out);
	}
	cc_prom_family(out, "node_fragmentation_score", "gauge",
	       "Node proactive compaction score, 0 to 100 (fragmentation_score_node); "
	       "kcompactd compacts above the high threshold.");
	for (i = 0; i < s->nnodes; i++) {
		int sc;

		n = &s->nodes[i];
		if (shown(v, n) && cc_node_score(s, n, s->thp_order, &sc))
			fprintf(out, "compactctl_node_fragmentation_score{node=\"%d\"} %d\n", n->id,
				sc);
	}
	/* Tunables only as read from the kernel: a kernel without
	 * compaction_proactiveness (before 5.9) has no proactive compaction and
	 * so no thresholds, and a default is no fact about a dump's machine;
	 * a missing series says "unknown" to Prometheus. */
	if (cc_knob_is_set(s, K_PROACTIVENESS)) {
		cc_kcompactd_wmarks(cc_knob(s, K_PROACTIVENESS), &lo, &hi);
		cc_prom_family(out, "kcompactd_score_threshold", "gauge",
			       "kcompactd's proactive compaction thresholds for the node score.");
		fprintf(out, "compactctl_kcompactd_score_threshold{bound=\"low\"} %d\n", lo);
		fprintf(out, "compactctl_kcompactd_score_threshold{bound=\"high\"} %d\n", hi);
		cc_prom_family(out, "compaction_proactiveness", "gauge",
			       "vm.compaction_proactiveness.");
		fprintf(out, "compactctl_compaction_proactiveness %ld\n",
			cc_knob(s, K_PROACTIVENESS));
	}
	if (cc_knob_is_set(s, K_EXTFRAG_THRESHOLD)) {
		cc_prom_family(out, "extfrag_threshold", "gauge", "vm.extfrag_threshold.");
		fprintf(out, "compactctl_extfrag_threshold %ld\n", cc_knob(s, K_EXTFRAG_THRESHOLD));
	}

	cc_prom_family(out, "watermark_pages", "gauge",
	       "Zone watermarks in pages, boost included (/proc/zoneinfo).");
	EACH_ZONE(s, v, n, z) {
		static const enum cc_zf marks[] = { ZF_MIN, ZF_LOW, ZF_HIGH, ZF_PROMO };
		static const char *const names[] = { "min", "low", "high", "promo" };

		for (k = 0; k < 4; k++)
			if (cc_zi_has(z, marks[k])) {
				zl(out, "watermark_pages", n, z);
				put_s(out, ",watermark=\"");
				put_s(out, names[k]);
				put_s(out, "\"} ");
				value_u(out, z->zi[marks[k]]);
			}
	}
	cc_prom_family(out, "watermark_boost_pages", "gauge",
	       "Watermark boost after a fallback to another migratetype.");
	EACH_ZONE(s, v, n, z)
		if (cc_zi_has(z, ZF_BOOST)) {
			zl(out, "watermark_boost_pages", n, z);
			put_s(out, "} ");
			value_u(out, z->zi[ZF_BOOST]);
		}
	cc_prom_family(out, "low_watermark_headroom_pages", "gauge",
	       "Free pages (zoneinfo) minus the low watermark; negative below it.");
	EACH_ZONE(s, v, n, z) {
		int64_t h;

		if (cc_zone_headroom(z, ZF_LOW, &h)) {
			zl(out, "low_watermark_headroom_pages", n, z);
			put_s(out, "} ");
			put_i(out, h);
			putc_unlocked('\n', out);
		}
	}
	/* four families, not one with a kind label: managed <= present <=
	 * spanned, so a sum over such a label would count pages twice; the
	 * unmanaged pages (present - managed: reserved, or not initialised yet)
	 * are a part of present */
	for (k = 0; k < 4; k++) {
		static const char *const names[] = { "zone_managed_pages", "zone_present_pages",
						     "zone_spanned_pages", "zone_unmanaged_pages" };
		static const char *const helps[] = {
			"Pages of the zone the buddy allocator manages (/proc/zoneinfo).",
			"Physical pages in the zone (/proc/zoneinfo).",
			"Pages the zone spans, holes included (/proc/zoneinfo).",
			("Present pages the buddy allocator does not manage: present - managed "
			 "(reserved, or not initialised yet)."),
		};

		cc_prom_family(out, names[k], "gauge", helps[k]);
		EACH_ZONE(s, v, n, z) {
			static const enum cc_zf f[] = { ZF_MANAGED, ZF_PRESENT, ZF_SPANNED };
			uint64_t val;

			if (k < 3) {
				if (!cc_zi_has(z, f[k]))
					continue;
				val = z->zi[f[k]];
			} else {
				if (!cc_zi_has(z, ZF_PRESENT) || !cc_zi_has(z, ZF_MANAGED))
					continue;
				val = z->zi[ZF_PRESENT] > z->zi[ZF_MANAGED] ?
				      z->zi[ZF_PRESENT] - z->zi[ZF_MANAGED] : 0;
			}
			zl(out, names[k], n, z);
			put_s(out, "} ");
			value_u(out, val);
		}
	}
	cc_prom_family(out, "pcp_free_pages", "gauge",
		       "Free pages on the per-CPU lists (zoneinfo pagesets count), in no buddy list.");
	EACH_ZONE(s, v, n, z)
		if (cc_zi_has(z, ZF_PCP)) {
			zl(out, "pcp_free_pages", n, z);
			put_s(out, "} ");
			value_u(out, z->zi[ZF_PCP]);
		}
	cc_prom_family(out, "free_pageblock_pages", "gauge",
		       "Free pages in whole free pageblocks (nr_free_pages_blocks, 6.15), what "
		       "kswapd balances on with vm.defrag_mode.");
	EACH_ZONE(s, v, n, z)
		if (cc_zi_has(z, ZF_NR_FREE_BLOCKS)) {
			zl(out, "free_pageblock_pages", n, z);
			put_s(out, "} ");
			value_u(out, z->zi[ZF_NR_FREE_BLOCKS]);
		}
	prom_verdicts(out, v);
	if (v->have_sources)
		cc_prom_sources(o, &v->src, v->nodes);

	for (i = 0; i < s->nvmstat; i++) {
		const char *name = s->vmstat[i].name;
		char help[160];

		if (!cc_counter_in(name, CC_SHOW_PROMETHEUS) || !metric_name_ok(name))
			continue;
		snprintf(help, sizeof(help),
			 "/proc/vmstat %s since boot (system-wide: the kernel keeps no per-node "
			 "value).", name);
		fprintf(out, "# HELP compactctl_vmstat_%s_total %s\n"
			"# TYPE compactctl_vmstat_%s_total counter\n"
			"compactctl_vmstat_%s_total %" PRIu64 "\n", name, help, name, name,
			s->vmstat[i].value);
	}
	if (v->map)
		cc_prom_map(o, v->map);
	return ferror(out) ? -1 : 0;
}
