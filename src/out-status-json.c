// SPDX-License-Identifier: GPL-2.0-or-later
/* JSON view of status (schema in man/compactctl.8, JSON OUTPUT). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "counters.h"
#include "metrics.h"
#include "views.h"

static void add_zi(cJSON *obj, const char *key, const struct cc_zone *z, enum cc_zf f)
{
	cc_json_add_opt_u64(obj, key, cc_zi_has(z, f), z->zi[f]);
}

static cJSON *zone_json(const struct cc_snapshot *s, const struct cc_zone *z,
			uint64_t node_present)
{
	cJSON *o = cJSON_CreateObject(), *a, *w, *h, *su, *u, *f;
	struct cc_contig ci;
	int k, t, score;

	cJSON_AddStringToObject(o, "name", z->name);
	cJSON_AddStringToObject(o, "free_source",
				z->free_src == CC_FREE_BUDDYINFO ? "buddyinfo" : "pagetypeinfo");
	cJSON_AddBoolToObject(o, "free_lower_bound", z->free_lower_bound);
	cJSON_AddItemToObject(o, "free_blocks", cc_json_u64_array(z->free_blocks, s->norders));
	cc_contig_info(z->free_blocks, s->norders, 0, &ci);
	cc_json_add_u64(o, "free_pages", ci.free_pages);
	cc_json_add_opt_u64(o, "free_bytes", cc_known_page_size(s) > 0,
			    ci.free_pages * (uint64_t)s->page_size);

	/* one pass per order fills S_k, U_k and F_k */
	su = cJSON_AddArrayToObject(o, "suitable_blocks");
	u = cJSON_AddArrayToObject(o, "unusable_index");
	f = cJSON_AddArrayToObject(o, "fragmentation_index");
	for (k = 0; k < s->norders; k++) {
		cc_contig_info(z->free_blocks, s->norders, k, &ci);
		cJSON_AddItemToArray(su, cc_json_u64(ci.suitable));
		cJSON_AddItemToArray(u, cJSON_CreateNumber(cc_unusable_index(&ci, k) / 1000.0));
		cJSON_AddItemToArray(f, cJSON_CreateNumber(
			cc_fragmentation_index(&ci, k, s->norders - 1) / 1000.0));
	}
	cc_contig_info(z->free_blocks, s->norders, s->thp_order, &ci);
	score = cc_extfrag_for_order(&ci, s->thp_order);
	cJSON_AddNumberToObject(o, "fragmentation_score", score);
	if (cc_zi_has(z, ZF_PRESENT))
		cc_json_add_u64(o, "weighted_score",
				cc_weighted_score(z->zi[ZF_PRESENT], score, node_present));
	else
		cJSON_AddNullToObject(o, "weighted_score");

	add_zi(o, "present", z, ZF_PRESENT);
	add_zi(o, "managed", z, ZF_MANAGED);
	/* present but not managed: reserved, or not initialised yet under
	 * deferred struct page init [mm/mm_init.c: deferred_init_memmap] */
	cc_json_add_opt_u64(o, "unmanaged", cc_zi_has(z, ZF_PRESENT) && cc_zi_has(z, ZF_MANAGED),
			    z->zi[ZF_PRESENT] > z->zi[ZF_MANAGED] ?
			    z->zi[ZF_PRESENT] - z->zi[ZF_MANAGED] : 0);
	add_zi(o, "spanned", z, ZF_SPANNED);
	add_zi(o, "start_pfn", z, ZF_START_PFN);
	add_zi(o, "zoneinfo_free_pages", z, ZF_FREE);
	add_zi(o, "boost", z, ZF_BOOST);
	if (z->in_zoneinfo) {
		w = cJSON_AddObjectToObject(o, "watermarks");
		add_zi(w, "min", z, ZF_MIN);
		add_zi(w, "low", z, ZF_LOW);
		add_zi(w, "high", z, ZF_HIGH);
		add_zi(w, "promo", z, ZF_PROMO);
		h = cJSON_AddObjectToObject(o, "headroom");
		{
			static const enum cc_zf marks[] = { ZF_MIN, ZF_LOW, ZF_HIGH };
			static const char *const names[] = { "min", "low", "high" };
			size_t i;

			for (i = 0; i < ARRAY_SIZE(marks); i++) {
				int64_t d;

				if (cc_zone_headroom(z, marks[i], &d))
					cJSON_AddNumberToObject(h, names[i], (double)d);
				else
					cJSON_AddNullToObject(h, names[i]);
			}
		}
		a = cJSON_AddArrayToObject(o, "protection");
		for (k = 0; k < z->nprot; k++)
			cJSON_AddItemToArray(a, cJSON_CreateNumber((double)z->protection[k]));
		add_zi(o, "nr_free_pages_blocks", z, ZF_NR_FREE_BLOCKS);
		add_zi(o, "pcp_pages", z, ZF_PCP);
	} else {
		cJSON_AddNullToObject(o, "watermarks");
		cJSON_AddNullToObject(o, "headroom");
		cJSON_AddNullToObject(o, "protection");
	}

	if (z->in_pti) {
		cJSON *mts = cJSON_AddObjectToObject(o, "migratetypes");

		for (t = 0; t < s->nmt; t++) {
			cJSON *m = cJSON_AddObjectToObject(mts, s->mt_names[t]);
			cJSON *cap;
			int ord;

			cJSON_AddItemToObject(m, "free_blocks", cc_json_u64_array(z->mt_free[t], s->norders));
			cap = cJSON_AddArrayToObject(m, "capped_orders");
			for (ord = 0; ord < s->norders; ord++)
				if (z->mt_capped[t] & (1u << ord))
					cJSON_AddItemToArray(cap, cJSON_CreateNumber(ord));
			cc_json_add_opt_u64(m, "pageblocks", z->have_blocks, z->mt_blocks[t]);
		}
	} else {
		cJSON_AddNullToObject(o, "migratetypes");
	}
	return o;
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
static void kcompactd_json(cJSON *no, const struct cc_snapshot *s, bool proactive,
			   const int *score)
{
	long p = cc_knob(s, K_PROACTIVENESS);
	int lo, hi;

	if (!proactive) {
		cJSON_AddNullToObject(no, "kcompactd_low");
		cJSON_AddNullToObject(no, "kcompactd_high");
		cJSON_AddNullToObject(no, "proactive_compaction_due");
		return;
	}
	cc_kcompactd_wmarks(p, &lo, &hi);
	cJSON_AddNumberToObject(no, "kcompactd_low", lo);
	cJSON_AddNumberToObject(no, "kcompactd_high", hi);
	if (score)
		cJSON_AddBoolToObject(no, "proactive_compaction_due", p > 0 && *score > hi);
	else
		cJSON_AddNullToObject(no, "proactive_compaction_due");
}

cJSON *cc_json_status_doc(const struct cc_out *out, const struct cc_status_report *r)
{
	const struct cc_snapshot *s = r->snap;
	cJSON *doc = cc_json_envelope(out, s->kernel), *a, *o;
	enum cc_src pro_src;
	int i, k, has_pro;

	cJSON_AddBoolToObject(doc, "live", s->machine[0] != '\0');
	if (cc_known_page_size(s))
		cJSON_AddNumberToObject(doc, "page_size", (double)s->page_size);
	else
		cJSON_AddNullToObject(doc, "page_size");
	cJSON_AddStringToObject(doc, "page_size_source", cc_src_name(s->page_size_src));
	cJSON_AddNumberToObject(doc, "pageblock_order", s->pageblock_order);
	cJSON_AddStringToObject(doc, "pageblock_order_source", cc_src_name(s->pageblock_src));
	cJSON_AddNumberToObject(doc, "max_order", s->norders - 1);
	cJSON_AddNumberToObject(doc, "compaction_order", s->thp_order);
	cJSON_AddStringToObject(doc, "compaction_order_source", cc_src_name(s->thp_order_src));
	cJSON_AddNumberToObject(doc, "order", r->order);
	cJSON_AddStringToObject(doc, "class", cc_req_classes[r->req_class].name);
	if (s->compaction < 0)
		cJSON_AddNullToObject(doc, "compaction_available");
	else
		cJSON_AddBoolToObject(doc, "compaction_available", s->compaction);

	has_pro = cc_proactive_compaction(s, &pro_src);
	if (has_pro < 0)
		cJSON_AddNullToObject(doc, "proactive_compaction");
	else
		cJSON_AddBoolToObject(doc, "proactive_compaction", has_pro);
	cJSON_AddStringToObject(doc, "proactive_compaction_source", cc_src_name(pro_src));
	o = cJSON_AddObjectToObject(doc, "knobs");
	for (k = 0; k < K__N; k++) {
		if (cc_knob_is_set(s, k))
			cJSON_AddNumberToObject(o, cc_knobs[k].name, (double)s->knob[k]);
		else
			cJSON_AddNullToObject(o, cc_knobs[k].name);
	}
	o = cJSON_AddObjectToObject(doc, "thp");
	if (s->thp_enabled[0])
		cJSON_AddStringToObject(o, "enabled", s->thp_enabled);
	else
		cJSON_AddNullToObject(o, "enabled");
	if (s->thp_defrag[0])
		cJSON_AddStringToObject(o, "defrag", s->thp_defrag);
	else
		cJSON_AddNullToObject(o, "defrag");
	cc_json_add_opt_u64(o, "khugepaged_defrag", s->khugepaged_defrag >= 0,
		    (uint64_t)s->khugepaged_defrag);
	cc_json_add_opt_u64(o, "hpage_pmd_size", s->hpage_pmd_size != 0, s->hpage_pmd_size);

	a = cJSON_AddArrayToObject(doc, "migratetypes");
	for (k = 0; k < s->nmt; k++)
		cJSON_AddItemToArray(a, cJSON_CreateString(s->mt_names[k]));

	a = cJSON_AddArrayToObject(doc, "nodes");
	for (i = 0; i < s->nnodes; i++) {
		const struct cc_node *n = &s->nodes[i];
		uint64_t np = cc_node_present(n);
		cJSON *no, *zs;
		int score, j;
		bool have_score;

		if (!cc_nodeset_has(r->nodes, n->id))
			continue;
		no = cJSON_CreateObject();
		cJSON_AddItemToArray(a, no);
		cJSON_AddNumberToObject(no, "node", n->id);
		have_score = cc_node_score(s, n, s->thp_order, &score);
		if (have_score)
			cJSON_AddNumberToObject(no, "fragmentation_score", score);
		else
			cJSON_AddNullToObject(no, "fragmentation_score");
		kcompactd_json(no, s, has_pro > 0, have_score ? &score : NULL);
		cc_json_add_u64(no, "present", np);

		cJSON_AddItemToObject(no, "verdict", verdict_json(r, i));

		zs = cJSON_AddArrayToObject(no, "zones");
		for (j = 0; j < n->nzones; j++)
			if (n->zones[j].free_src != CC_FREE_NONE)
				cJSON_AddItemToArray(zs, zone_json(s, &n->zones[j], np));
	}

	o = cJSON_AddObjectToObject(doc, "vmstat");
	for (k = 0; k < cc_ncounters; k++) {
		uint64_t v;

		if ((cc_counters[k].views & CC_SHOW_STATUS) &&
		    cc_counter_value(s, &cc_counters[k], &v))
			cc_json_add_u64(o, cc_counters[k].name, v);
	}
	if (r->have_sources)
		cJSON_AddItemToObject(doc, "sources", cc_json_sources(&r->src, r->nodes));
	a = cJSON_AddArrayToObject(doc, "unreadable");
	for (i = 0; i < s->nnotes; i++) {
		cJSON *n = cJSON_CreateObject();

		cJSON_AddStringToObject(n, "file", s->notes[i].file);
		cJSON_AddStringToObject(n, "error", s->notes[i].why);
		cJSON_AddItemToArray(a, n);
	}
	return doc;
}

int cc_json_status(struct cc_out *o, const struct cc_status_report *r)
{
	return cc_json_print(o, cc_json_status_doc(o, r), false);
}
