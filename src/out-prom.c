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
#include "wbuf.h"

static void family(struct cc_wbuf *b, const char *name, const char *type, const char *help)
{
	cc_wb_puts(b, "# HELP compactctl_");
	cc_wb_puts(b, name);
	cc_wb_putc(b, ' ');
	cc_wb_puts(b, help);
	cc_wb_puts(b, "\n# TYPE compactctl_");
	cc_wb_puts(b, name);
	cc_wb_putc(b, ' ');
	cc_wb_puts(b, type);
	cc_wb_putc(b, '\n');
}

void cc_prom_family(FILE *out, const char *name, const char *type, const char *help)
{
	struct cc_wbuf b;

	cc_wb_init(&b, out);
	family(&b, name, type, help);
	cc_wb_flush(&b);
}

/* Lines are put together piece by piece in a buffer: at 1024 nodes an
 * export has some 400,000 lines, and vfprintf, then stdio, for each was
 * most of its time (issue 14). */

/* label values: control characters made visible first (format.h), then
 * backslash, quote and newline escaped as the format wants */
static void label(struct cc_wbuf *b, const char *raw)
{
	char safe[256];
	const char *s = safe;
	size_t n = 0;

	/* zone and migratetype names: as they are, in one pass */
	while (cc_quote_as_is[(unsigned char)raw[n]])
		n++;
	if (!raw[n]) {
		cc_wb_put(b, raw, n);
		return;
	}
	cc_safe_copy(safe, sizeof(safe), raw);
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			cc_wb_putc(b, '\\');
		if (*s == '\n') {
			cc_wb_puts(b, "\\n");
			continue;
		}
		cc_wb_putc(b, *s);
	}
}

void cc_prom_label(FILE *out, const char *raw)
{
	struct cc_wbuf b;

	cc_wb_init(&b, out);
	label(&b, raw);
	cc_wb_flush(&b);
}

/* compactctl_NAME{node="N",zone="Z": a zone's line up to its own labels */
static void zl(struct cc_wbuf *b, const char *name, const struct cc_node *n,
	       const struct cc_zone *z)
{
	cc_wb_puts(b, "compactctl_");
	cc_wb_puts(b, name);
	cc_wb_puts(b, "{node=\"");
	cc_wb_i64(b, n->id);
	cc_wb_puts(b, "\",zone=\"");
	label(b, z->name);
	cc_wb_putc(b, '"');
}

/* ,order="K"} and the rest of the line is the value's */
static void order_label(struct cc_wbuf *b, int k)
{
	cc_wb_puts(b, ",order=\"");
	cc_wb_i64(b, k);
	cc_wb_puts(b, "\"} ");
}

/* the value and the line's end */
static void value_u(struct cc_wbuf *b, uint64_t v)
{
	cc_wb_u64(b, v);
	cc_wb_putc(b, '\n');
}

static void value_i(struct cc_wbuf *b, int64_t v)
{
	cc_wb_i64(b, v);
	cc_wb_putc(b, '\n');
}

/* thousandths as an exact decimal */
static void milli(struct cc_wbuf *b, int v)
{
	unsigned a = v < 0 ? (unsigned)-(long)v : (unsigned)v;
	char frac[5] = { '.', (char)('0' + a % 1000 / 100), (char)('0' + a % 100 / 10),
			 (char)('0' + a % 10), '\n' };

	cc_wb_digits(b, a / 1000, v < 0);
	cc_wb_put(b, frac, 5);
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
static void prom_verdicts(struct cc_wbuf *b, const struct cc_status_report *r)
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

		family(b, names[pass], "gauge", help[pass]);
		for (i = 0; i < r->snap->nnodes; i++) {
			const struct cc_alloc_verdict *vd = cc_status_verdict(r, i);
			int zi = vd ? (vd->serve >= 0 ? vd->serve : vd->cause_zone) : -1;

			if (!vd || (pass != 1 && vd->cause == CC_AC_UNKNOWN))
				continue;
			cc_wb_printf(b, "compactctl_%s{node=\"%d\",class=\"%s\",order=\"%d\"",
				names[pass], vd->node, cls, vd->order);
			if (pass == 0)
				cc_wb_printf(b, "} %d\n", vd->cause == CC_AC_AVAILABLE);
			else if (pass == 1)
				cc_wb_printf(b, ",cause=\"%s\",zone=\"%s\"} 1\n",
					cc_alloc_cause_name(vd->cause),
					zi >= 0 ? cc_ztype_name(vd->zones[zi].type) : "");
			else
				cc_wb_printf(b, "} %" PRIu64 "\n", cc_alloc_usable_blocks(vd, vd->node));
		}
	}
}

int cc_prom_status(struct cc_out *o, const struct cc_status_report *v)
{
	const struct cc_snapshot *s = v->snap;
	struct cc_wbuf wb, *b = &wb;
	const struct cc_node *n;
	const struct cc_zone *z;
	int k, t, lo, hi, i;
	long C = s->thp_order;

	cc_wb_init(b, o->f);

	family(b, "export_timestamp_seconds", "gauge",
		       "Unix time at which compactctl read the kernel files of this export "
		       "(an alert on its age finds a stopped timer).");
	cc_wb_printf(b, "compactctl_export_timestamp_seconds %lld.%03ld\n", (long long)s->taken.tv_sec,
		s->taken.tv_nsec / 1000000);
	family(b, "page_size_bytes", "gauge", "Base page size.");
	if (cc_known_page_size(s))
		cc_wb_printf(b, "compactctl_page_size_bytes %ld\n", s->page_size);
	family(b, "pageblock_order", "gauge", "Pageblock order (pageblock_order).");
	cc_wb_printf(b, "compactctl_pageblock_order %d\n", s->pageblock_order);
	family(b, "compaction_order", "gauge",
	       "Order of the proactive compaction score (COMPACTION_HPAGE_ORDER).");
	cc_wb_printf(b, "compactctl_compaction_order %d\n", s->thp_order);

	family(b, "free_blocks", "gauge", "Free blocks of each order (/proc/buddyinfo).");
	EACH_ZONE(s, v, n, z)
		for (k = 0; k < s->norders; k++) {
			zl(b, "free_blocks", n, z);
			order_label(b, k);
			value_u(b, z->free_blocks[k]);
		}
	family(b, "free_pages", "gauge", "Free pages in the buddy allocator per zone.");
	EACH_ZONE(s, v, n, z) {
		struct cc_contig ci;

		cc_contig_info(z->free_blocks, s->norders, 0, &ci);
		zl(b, "free_pages", n, z);
		cc_wb_puts(b, "} ");
		value_u(b, ci.free_pages);
	}
	family(b, "compaction_order_free_pages", "gauge",
		       "Free pages in blocks of the compaction order or larger: what huge page "
		       "allocations can take now without compaction.");
	EACH_ZONE(s, v, n, z) {
		zl(b, "compaction_order_free_pages", n, z);
		cc_wb_puts(b, "} ");
		value_u(b, cc_zone_free_at(z, s->norders, (int)C));
	}
	family(b, "migratetype_free_blocks", "gauge",
	       "Free blocks per migratetype and order (/proc/pagetypeinfo, root only).");
	EACH_ZONE(s, v, n, z)
		for (t = 0; t < s->nmt; t++) {
			if (!z->in_pti || !(z->mt_rows & (1u << t)))
				continue;
			for (k = 0; k < s->norders; k++) {
				zl(b, "migratetype_free_blocks", n, z);
				cc_wb_puts(b, ",migratetype=\"");
				label(b, s->mt_names[t]);
				cc_wb_putc(b, '"');
				order_label(b, k);
				value_u(b, z->mt_free[t][k]);
			}
		}
	family(b, "pageblocks", "gauge",
	       "Pageblocks per migratetype (/proc/pagetypeinfo, root only).");
	EACH_ZONE(s, v, n, z)
		for (t = 0; z->have_blocks && t < s->nmt; t++) {
			zl(b, "pageblocks", n, z);
			cc_wb_puts(b, ",migratetype=\"");
			label(b, s->mt_names[t]);
			cc_wb_puts(b, "\"} ");
			value_u(b, z->mt_blocks[t]);
		}
	family(b, "unusable_free_space_ratio", "gauge",
		       "Unusable free space index per order: the share of free memory in blocks "
		       "smaller than the order, 0 to 1 (debugfs extfrag/unusable_index).");
	EACH_ZONE(s, v, n, z)
		for (k = 0; k < s->norders; k++) {
			struct cc_contig ci;

			cc_contig_info(z->free_blocks, s->norders, k, &ci);
			zl(b, "unusable_free_space_ratio", n, z);
			order_label(b, k);
			milli(b, cc_unusable_index(&ci, k));
		}
	family(b, "fragmentation_index", "gauge",
	       "Fragmentation index per order (debugfs extfrag/extfrag_index): -1 a block "
	       "is free, towards 0 lack of memory, towards 1 fragmentation.");
	EACH_ZONE(s, v, n, z)
		for (k = 0; k < s->norders; k++) {
			struct cc_contig ci;

			cc_contig_info(z->free_blocks, s->norders, k, &ci);
			zl(b, "fragmentation_index", n, z);
			order_label(b, k);
			milli(b, cc_fragmentation_index(&ci, k, s->norders - 1));
		}
	family(b, "zone_fragmentation_score", "gauge",
	       "Zone fragmentation score at the compaction order, percent "
	       "(fragmentation_score_zone).");
	EACH_ZONE(s, v, n, z) {
		struct cc_contig ci;

		cc_contig_info(z->free_blocks, s->norders, (int)C, &ci);
		zl(b, "zone_fragmentation_score", n, z);
		cc_wb_puts(b, "} ");
		value_i(b, cc_extfrag_for_order(&ci, (int)C));
	}
	family(b, "node_fragmentation_score", "gauge",
	       "Node proactive compaction score, 0 to 100 (fragmentation_score_node); "
	       "kcompactd compacts above the high threshold.");
	for (i = 0; i < s->nnodes; i++) {
		int sc;

		n = &s->nodes[i];
		if (shown(v, n) && cc_node_score(s, n, s->thp_order, &sc))
			cc_wb_printf(b, "compactctl_node_fragmentation_score{node=\"%d\"} %d\n", n->id,
				sc);
	}
	/* Tunables only as read from the kernel: a kernel without
	 * compaction_proactiveness (before 5.9) has no proactive compaction and
	 * so no thresholds, and a default is no fact about a dump's machine;
	 * a missing series says "unknown" to Prometheus. */
	if (cc_knob_is_set(s, K_PROACTIVENESS)) {
		cc_kcompactd_wmarks(cc_knob(s, K_PROACTIVENESS), &lo, &hi);
		family(b, "kcompactd_score_threshold", "gauge",
			       "kcompactd's proactive compaction thresholds for the node score.");
		cc_wb_printf(b, "compactctl_kcompactd_score_threshold{bound=\"low\"} %d\n", lo);
		cc_wb_printf(b, "compactctl_kcompactd_score_threshold{bound=\"high\"} %d\n", hi);
		family(b, "compaction_proactiveness", "gauge",
			       "vm.compaction_proactiveness.");
		cc_wb_printf(b, "compactctl_compaction_proactiveness %ld\n",
			cc_knob(s, K_PROACTIVENESS));
	}
	if (cc_knob_is_set(s, K_EXTFRAG_THRESHOLD)) {
		family(b, "extfrag_threshold", "gauge", "vm.extfrag_threshold.");
		cc_wb_printf(b, "compactctl_extfrag_threshold %ld\n", cc_knob(s, K_EXTFRAG_THRESHOLD));
	}

	family(b, "watermark_pages", "gauge",
	       "Zone watermarks in pages, boost included (/proc/zoneinfo).");
	EACH_ZONE(s, v, n, z) {
		static const enum cc_zf marks[] = { ZF_MIN, ZF_LOW, ZF_HIGH, ZF_PROMO };
		static const char *const names[] = { "min", "low", "high", "promo" };

		for (k = 0; k < 4; k++)
			if (cc_zi_has(z, marks[k])) {
				zl(b, "watermark_pages", n, z);
				cc_wb_puts(b, ",watermark=\"");
				cc_wb_puts(b, names[k]);
				cc_wb_puts(b, "\"} ");
				value_u(b, z->zi[marks[k]]);
			}
	}
	family(b, "watermark_boost_pages", "gauge",
	       "Watermark boost after a fallback to another migratetype.");
	EACH_ZONE(s, v, n, z)
		if (cc_zi_has(z, ZF_BOOST)) {
			zl(b, "watermark_boost_pages", n, z);
			cc_wb_puts(b, "} ");
			value_u(b, z->zi[ZF_BOOST]);
		}
	family(b, "low_watermark_headroom_pages", "gauge",
	       "Free pages (zoneinfo) minus the low watermark; negative below it.");
	EACH_ZONE(s, v, n, z) {
		int64_t h;

		if (cc_zone_headroom(z, ZF_LOW, &h)) {
			zl(b, "low_watermark_headroom_pages", n, z);
			cc_wb_puts(b, "} ");
			value_i(b, h);
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

		family(b, names[k], "gauge", helps[k]);
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
			zl(b, names[k], n, z);
			cc_wb_puts(b, "} ");
			value_u(b, val);
		}
	}
	family(b, "pcp_free_pages", "gauge",
		       "Free pages on the per-CPU lists (zoneinfo pagesets count), in no buddy list.");
	EACH_ZONE(s, v, n, z)
		if (cc_zi_has(z, ZF_PCP)) {
			zl(b, "pcp_free_pages", n, z);
			cc_wb_puts(b, "} ");
			value_u(b, z->zi[ZF_PCP]);
		}
	family(b, "free_pageblock_pages", "gauge",
		       "Free pages in whole free pageblocks (nr_free_pages_blocks, 6.15), what "
		       "kswapd balances on with vm.defrag_mode.");
	EACH_ZONE(s, v, n, z)
		if (cc_zi_has(z, ZF_NR_FREE_BLOCKS)) {
			zl(b, "free_pageblock_pages", n, z);
			cc_wb_puts(b, "} ");
			value_u(b, z->zi[ZF_NR_FREE_BLOCKS]);
		}
	prom_verdicts(b, v);
	/* the sources and the map write to the FILE themselves */
	cc_wb_flush(b);
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
		cc_wb_puts(b, "# HELP compactctl_vmstat_");
		cc_wb_puts(b, name);
		cc_wb_puts(b, "_total ");
		cc_wb_puts(b, help);
		cc_wb_puts(b, "\n# TYPE compactctl_vmstat_");
		cc_wb_puts(b, name);
		cc_wb_puts(b, "_total counter\ncompactctl_vmstat_");
		cc_wb_puts(b, name);
		cc_wb_puts(b, "_total ");
		value_u(b, s->vmstat[i].value);
	}
	if (cc_wb_flush(b) < 0)
		return -1;
	if (v->map)
		cc_prom_map(o, v->map);
	return ferror(o->f) ? -1 : 0;
}
