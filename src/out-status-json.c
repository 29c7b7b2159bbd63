// SPDX-License-Identifier: GPL-2.0-or-later
/* JSON view of status (schema in man/compactctl.8, JSON OUTPUT). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "counters.h"
#include "jsonw.h"
#include "metrics.h"
#include "views.h"

static void put_zi(struct cc_jw *w, const char *key, const struct cc_zone *z, enum cc_zf f)
{
	cc_jw_opt_u64(w, key, cc_zi_has(z, f), z->zi[f]);
}

/* a zone, streamed: the part of the document that grows with the machine
 * (issue 14: a cJSON tree of every zone was most of --json status's time) */
static void zone_json(struct cc_jw *w, const struct cc_snapshot *s, const struct cc_zone *z,
		      uint64_t node_present)
{
	struct cc_contig ci[CC_MAX_ORDERS];
	int k, t, score;

	cc_jw_obj(w, NULL);
	cc_jw_str(w, "name", z->name);
	cc_jw_str(w, "free_source",
		  z->free_src == CC_FREE_BUDDYINFO ? "buddyinfo" : "pagetypeinfo");
	cc_jw_bool(w, "free_lower_bound", z->free_lower_bound);
	cc_jw_u64_array(w, "free_blocks", z->free_blocks, s->norders);
	/* S_k, U_k and F_k from one pass per order */
	for (k = 0; k < s->norders; k++)
		cc_contig_info(z->free_blocks, s->norders, k, &ci[k]);
	cc_jw_u64(w, "free_pages", ci[0].free_pages);
	cc_jw_opt_u64(w, "free_bytes", cc_known_page_size(s) > 0,
		    ci[0].free_pages * (uint64_t)s->page_size);
	cc_jw_arr(w, "suitable_blocks");
	for (k = 0; k < s->norders; k++)
		cc_jw_u64(w, NULL, ci[k].suitable);
	cc_jw_end(w);
	cc_jw_arr(w, "unusable_index");
	for (k = 0; k < s->norders; k++)
		cc_jw_num(w, NULL, cc_unusable_index(&ci[k], k) / 1000.0);
	cc_jw_end(w);
	cc_jw_arr(w, "fragmentation_index");
	for (k = 0; k < s->norders; k++)
		cc_jw_num(w, NULL, cc_fragmentation_index(&ci[k], k, s->norders - 1) / 1000.0);
	cc_jw_end(w);
	cc_contig_info(z->free_blocks, s->norders, s->thp_order, &ci[0]);
	score = cc_extfrag_for_order(&ci[0], s->thp_order);
	cc_jw_int(w, "fragmentation_score", score);
	if (cc_zi_has(z, ZF_PRESENT))
		cc_jw_u64(w, "weighted_score",
			  cc_weighted_score(z->zi[ZF_PRESENT], score, node_present));
	else
		cc_jw_null(w, "weighted_score");

	put_zi(w, "present", z, ZF_PRESENT);
	put_zi(w, "managed", z, ZF_MANAGED);
	/* present but not managed: reserved, or not initialised yet under
	 * deferred struct page init [mm/mm_init.c: deferred_init_memmap] */
	cc_jw_opt_u64(w, "unmanaged", cc_zi_has(z, ZF_PRESENT) && cc_zi_has(z, ZF_MANAGED),
		    z->zi[ZF_PRESENT] > z->zi[ZF_MANAGED] ?
		    z->zi[ZF_PRESENT] - z->zi[ZF_MANAGED] : 0);
	put_zi(w, "spanned", z, ZF_SPANNED);
	put_zi(w, "start_pfn", z, ZF_START_PFN);
	put_zi(w, "zoneinfo_free_pages", z, ZF_FREE);
	put_zi(w, "boost", z, ZF_BOOST);
	if (z->in_zoneinfo) {
		static const enum cc_zf marks[] = { ZF_MIN, ZF_LOW, ZF_HIGH };
		static const char *const names[] = { "min", "low", "high" };
		size_t i;

		cc_jw_obj(w, "watermarks");
		put_zi(w, "min", z, ZF_MIN);
		put_zi(w, "low", z, ZF_LOW);
		put_zi(w, "high", z, ZF_HIGH);
		put_zi(w, "promo", z, ZF_PROMO);
		cc_jw_end(w);
		cc_jw_obj(w, "headroom");
		for (i = 0; i < ARRAY_SIZE(marks); i++) {
			int64_t d;

			if (cc_zone_headroom(z, marks[i], &d))
				cc_jw_num(w, names[i], (double)d);
			else
				cc_jw_null(w, names[i]);
		}
		cc_jw_end(w);
		cc_jw_arr(w, "protection");
		for (k = 0; k < z->nprot; k++)
			cc_jw_num(w, NULL, (double)z->protection[k]);
		cc_jw_end(w);
		put_zi(w, "nr_free_pages_blocks", z, ZF_NR_FREE_BLOCKS);
		put_zi(w, "pcp_pages", z, ZF_PCP);
	} else {
		cc_jw_null(w, "watermarks");
		cc_jw_null(w, "headroom");
		cc_jw_null(w, "protection");
	}

	if (z->in_pti) {
		cc_jw_obj(w, "migratetypes");
		for (t = 0; t < s->nmt; t++) {
			int ord;

			cc_jw_obj(w, s->mt_names[t]);
			cc_jw_u64_array(w, "free_blocks", z->mt_free[t], s->norders);
			cc_jw_arr(w, "capped_orders");
			for (ord = 0; ord < s->norders; ord++)
				if (z->mt_capped[t] & (1u << ord))
					cc_jw_int(w, NULL, ord);
			cc_jw_end(w);
			cc_jw_opt_u64(w, "pageblocks", z->have_blocks, z->mt_blocks[t]);
			cc_jw_end(w);
		}
		cc_jw_end(w);
	} else {
		cc_jw_null(w, "migratetypes");
	}
	cc_jw_end(w);
}

/* The allocator's verdict (out-alloc.c) and the free blocks of order >= k
 * on the node: all of them, and those the request may use (null when the
 * verdict is unknown: no zoneinfo) */
static cJSON *verdict_json(const struct cc_status_report *r, int i)
{
	const struct cc_alloc_verdict *v = cc_status_verdict(r, i);
	const struct cc_snapshot *s = r->snap;
	long ps = cc_known_page_size(s);
	cJSON *o = cc_json_alloc_verdict(v);
	uint64_t all = cc_node_free_at(&s->nodes[i], s->norders, r->order) >> r->order;
	uint64_t usable = cc_alloc_usable_blocks(v, v->node);
	bool known = v->cause != CC_AC_UNKNOWN;

	cc_json_add_u64(o, "free_blocks", all);
	cc_json_add_opt_u64(o, "free_bytes", ps > 0, (all << r->order) * (uint64_t)ps);
	cc_json_add_opt_u64(o, "usable_blocks", known, usable);
	cc_json_add_opt_u64(o, "usable_bytes", known && ps > 0, (usable << r->order) * (uint64_t)ps);
	return o;
}

/* kcompactd's thresholds and whether the score is above the high one: null
 * where the kernel has no proactive compaction or that is unknown, and the
 * last also without a score */
static void kcompactd_json(struct cc_jw *w, const struct cc_snapshot *s, bool proactive,
			   const int *score)
{
	long p = cc_knob(s, K_PROACTIVENESS);
	int lo, hi;

	if (!proactive) {
		cc_jw_null(w, "kcompactd_low");
		cc_jw_null(w, "kcompactd_high");
		cc_jw_null(w, "proactive_compaction_due");
		return;
	}
	cc_kcompactd_wmarks(p, &lo, &hi);
	cc_jw_int(w, "kcompactd_low", lo);
	cc_jw_int(w, "kcompactd_high", hi);
	if (score)
		cc_jw_bool(w, "proactive_compaction_due", p > 0 && *score > hi);
	else
		cc_jw_null(w, "proactive_compaction_due");
}

/* a subtree built with cJSON (the verdict, the sources), streamed and freed */
static void put_tree(struct cc_jw *w, const char *key, cJSON *it)
{
	cc_jw_item(w, key, it);
	cJSON_Delete(it);
}

static void node_json(struct cc_jw *w, const struct cc_status_report *r, int i, bool proactive)
{
	const struct cc_snapshot *s = r->snap;
	const struct cc_node *n = &s->nodes[i];
	uint64_t np = cc_node_present(n);
	int score, j;
	bool have_score;

	cc_jw_obj(w, NULL);
	cc_jw_int(w, "node", n->id);
	have_score = cc_node_score(s, n, s->thp_order, &score);
	if (have_score)
		cc_jw_int(w, "fragmentation_score", score);
	else
		cc_jw_null(w, "fragmentation_score");
	kcompactd_json(w, s, proactive, have_score ? &score : NULL);
	cc_jw_u64(w, "present", np);
	put_tree(w, "verdict", verdict_json(r, i));
	cc_jw_arr(w, "zones");
	for (j = 0; j < n->nzones; j++)
		if (n->zones[j].free_src != CC_FREE_NONE)
			zone_json(w, s, &n->zones[j], np);
	cc_jw_end(w);
	cc_jw_end(w);
}

void cc_jw_status(struct cc_jw *w, const struct cc_out *out, const struct cc_status_report *r)
{
	const struct cc_snapshot *s = r->snap;
	enum cc_src pro_src;
	int i, k, has_pro;

	cc_jw_members(w, cc_json_envelope(out, s->kernel));
	cc_jw_bool(w, "live", s->machine[0] != '\0');
	if (cc_known_page_size(s))
		cc_jw_int(w, "page_size", s->page_size);
	else
		cc_jw_null(w, "page_size");
	cc_jw_str(w, "page_size_source", cc_src_name(s->page_size_src));
	cc_jw_int(w, "pageblock_order", s->pageblock_order);
	cc_jw_str(w, "pageblock_order_source", cc_src_name(s->pageblock_src));
	cc_jw_int(w, "max_order", s->norders - 1);
	cc_jw_int(w, "compaction_order", s->thp_order);
	cc_jw_str(w, "compaction_order_source", cc_src_name(s->thp_order_src));
	cc_jw_int(w, "order", r->order);
	cc_jw_str(w, "class", cc_req_classes[r->req_class].name);
	if (s->compaction < 0)
		cc_jw_null(w, "compaction_available");
	else
		cc_jw_bool(w, "compaction_available", s->compaction);

	has_pro = cc_proactive_compaction(s, &pro_src);
	if (has_pro < 0)
		cc_jw_null(w, "proactive_compaction");
	else
		cc_jw_bool(w, "proactive_compaction", has_pro);
	cc_jw_str(w, "proactive_compaction_source", cc_src_name(pro_src));
	cc_jw_obj(w, "knobs");
	for (k = 0; k < K__N; k++) {
		if (cc_knob_is_set(s, k))
			cc_jw_num(w, cc_knobs[k].name, (double)s->knob[k]);
		else
			cc_jw_null(w, cc_knobs[k].name);
	}
	cc_jw_end(w);
	cc_jw_obj(w, "thp");
	cc_jw_str_or_null(w, "enabled", s->thp_enabled);
	cc_jw_str_or_null(w, "defrag", s->thp_defrag);
	cc_jw_opt_u64(w, "khugepaged_defrag", s->khugepaged_defrag >= 0,
		    (uint64_t)s->khugepaged_defrag);
	cc_jw_opt_u64(w, "hpage_pmd_size", s->hpage_pmd_size != 0, s->hpage_pmd_size);
	cc_jw_end(w);

	cc_jw_arr(w, "migratetypes");
	for (k = 0; k < s->nmt; k++)
		cc_jw_str(w, NULL, s->mt_names[k]);
	cc_jw_end(w);

	cc_jw_arr(w, "nodes");
	for (i = 0; i < s->nnodes; i++)
		if (cc_nodeset_has(r->nodes, s->nodes[i].id))
			node_json(w, r, i, has_pro > 0);
	cc_jw_end(w);

	cc_jw_obj(w, "vmstat");
	for (k = 0; k < cc_ncounters; k++) {
		uint64_t v;

		if ((cc_counters[k].views & CC_SHOW_STATUS) &&
		    cc_counter_value(s, &cc_counters[k], &v))
			cc_jw_u64(w, cc_counters[k].name, v);
	}
	cc_jw_end(w);
	if (r->have_sources)
		put_tree(w, "sources", cc_json_sources(&r->src, r->nodes));
	cc_jw_arr(w, "unreadable");
	for (i = 0; i < s->nnotes; i++) {
		cc_jw_obj(w, NULL);
		cc_jw_str(w, "file", s->notes[i].file);
		cc_jw_str(w, "error", s->notes[i].why);
		cc_jw_end(w);
	}
	cc_jw_end(w);
}

int cc_json_status(struct cc_out *o, const struct cc_status_report *r)
{
	struct cc_jw w;

	cc_jw_init(&w, o->f, true);
	cc_jw_obj(&w, NULL);
	cc_jw_status(&w, o, r);
	cc_jw_end(&w);
	return cc_jw_finish(&w);
}
