// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The allocator model's input from a snapshot: zoneinfo gives the free
 * pages, watermarks (boost included), protection (lowmem_reserve) and free
 * CMA; buddyinfo the free blocks per order; pagetypeinfo the free blocks
 * per order and migratetype, and the HighAtomic pageblocks. Without
 * pagetypeinfo the free-list condition is approximated from buddyinfo
 * (lists_src CC_LISTS_NONE), which the verdict says.
 */
#include "alloc-snapshot.h"

#include <string.h>

#include "compactctl.h"

static int64_t zi_or(const struct cc_zone *z, enum cc_zf f, int64_t unknown)
{
	return cc_zi_has(z, f) ? (int64_t)z->zi[f] : unknown;
}

/* Zone types the kernel has: every zone zoneinfo or buddyinfo names (since
 * ≈4.12 zoneinfo also lists unpopulated zones), plus ZONE_MOVABLE (always
 * compiled in since 2.6.23; gfp_zone() of GFP_HIGHUSER_MOVABLE). A
 * configured but unnamed zone below Normal (old zoneinfo, no memory in it on
 * any node) would shift the lowmem_reserve index: assumed not to happen. */
static uint32_t zone_types(const struct cc_snapshot *s)
{
	uint32_t t = 1u << CC_ZT_MOVABLE;

	for (int i = 0; i < s->nnodes; i++)
		for (int j = 0; j < s->nodes[i].nzones; j++) {
			int zt = cc_ztype_from_name(s->nodes[i].zones[j].name);

			if (zt >= 0)
				t |= 1u << zt;
		}
	return t;
}

/* CONFIG_CMA: pagetypeinfo names the CMA type, and zoneinfo prints a zone's
 * "cma" pages, only when it is built in [mm/vmstat.c migratetype_names,
 * zoneinfo_show_print v6.18]. Unknown (-1) without pagetypeinfo. */
static int cma_config(const struct cc_snapshot *s)
{
	bool pti = false;

	for (int t = 0; t < s->nmt; t++)
		if (!strcmp(s->mt_names[t], "CMA"))
			return 1;
	for (int i = 0; i < s->nnodes; i++)
		for (int j = 0; j < s->nodes[i].nzones; j++) {
			if (cc_zi_has(&s->nodes[i].zones[j], ZF_CMA))
				return 1;
			pti |= s->nodes[i].zones[j].in_pti;
		}
	return pti ? 0 : -1;
}

static void fill_lists(const struct cc_snapshot *s, const struct cc_zone *src,
		       struct cc_alloc_zone *z, int norders)
{
	if (!src->in_pti)
		return;
	z->lists_src = CC_LISTS_PAGETYPEINFO;
	for (int t = 0; t < s->nmt; t++) {
		int mt = cc_amt_from_name(s->mt_names[t]);

		if (mt < 0 || !(src->mt_rows & (1u << t)))
			continue;
		for (int o = 0; o < norders; o++) {
			z->mt_free[mt][o] += src->mt_free[t][o];
			if (src->mt_free[t][o])
				z->mt_nonempty[o] |= CC_MT_BIT(mt);
		}
	}
}

static void fill_highatomic(const struct cc_snapshot *s, const struct cc_zone *src,
			    struct cc_alloc_zone *z, int norders)
{
	int t = cc_mt_index((struct cc_snapshot *)s, "HighAtomic", false);

	if (t < 0)
		return;
	if (src->have_blocks && s->pageblock_order >= 0)
		z->reserved_highatomic = (int64_t)src->mt_blocks[t] << s->pageblock_order;
	if (src->mt_rows & (1u << t)) {
		z->free_highatomic = 0;
		for (int o = 0; o < norders; o++)
			z->free_highatomic += (int64_t)src->mt_free[t][o] << o;
	}
}

static void fill_zone(const struct cc_snapshot *s, const struct cc_zone *src,
		      struct cc_alloc_zone *z, int norders)
{
	z->present = zi_or(src, ZF_PRESENT, -1);
	z->managed = zi_or(src, ZF_MANAGED, -1);
	z->populated = z->present >= 0 ? z->present > 0 : src->populated;
	z->managed_nonzero = z->managed > 0;
	z->free = zi_or(src, ZF_FREE, -1);
	z->min = zi_or(src, ZF_MIN, -1);
	z->low = zi_or(src, ZF_LOW, -1);
	z->high = zi_or(src, ZF_HIGH, -1);
	z->boost = zi_or(src, ZF_BOOST, -1);
	z->free_cma = zi_or(src, ZF_NR_FREE_CMA, 0);
	z->free_pcp = zi_or(src, ZF_PCP, -1);
	z->nreserve = src->nprot < CC_ALLOC_MAX_RESERVE ? src->nprot : CC_ALLOC_MAX_RESERVE;
	for (int j = 0; j < z->nreserve; j++)
		z->lowmem_reserve[j] = src->protection[j];
	if (src->free_src != CC_FREE_NONE)
		for (int o = 0; o < norders; o++)
			z->nr_free[o] = src->free_blocks[o];
	fill_lists(s, src, z, norders);
	fill_highatomic(s, src, z, norders);
}

void cc_alloc_from_snapshot(const struct cc_snapshot *s, struct cc_alloc_system *sys)
{
	int norders = s->norders < CC_ALLOC_MAX_ORDERS ? s->norders : CC_ALLOC_MAX_ORDERS;

	cc_alloc_system_init(sys);
	sys->kver = cc_kver_parse(s->kernel);
	if (s->page_size > 0 && cc_ilog2_exact((uint64_t)s->page_size) > 0)
		sys->page_shift = cc_ilog2_exact((uint64_t)s->page_size);
	sys->norders = norders > 0 ? norders : 1;
	if (s->pageblock_order >= 0)
		sys->pageblock_order = s->pageblock_order;
	sys->zone_types = zone_types(s);
	sys->numa = s->nnodes > 1 ? 1 : -1;
	sys->cma = cma_config(s);
	sys->compaction = s->compaction;
	sys->extfrag_threshold = cc_knob(s, K_EXTFRAG_THRESHOLD);
	sys->defrag_mode = cc_knob(s, K_DEFRAG_MODE);
	sys->thp_defrag = cc_thp_defrag_parse(s->thp_defrag);
	sys->thp_enabled_always = !strcmp(s->thp_enabled, "always");
	for (int i = 0; i < s->nnodes; i++) {
		const struct cc_node *sn = &s->nodes[i];
		struct cc_alloc_node *n = cc_alloc_add_node(sys, sn->id);

		if (!n)
			break;
		for (int j = 0; j < sn->nzones && n->nzones < CC_ALLOC_MAX_ZONES; j++) {
			int zt = cc_ztype_from_name(sn->zones[j].name);

			if (zt < 0)
				continue;
			cc_alloc_zone_init(&n->zones[n->nzones], (enum cc_ztype)zt);
			fill_zone(s, &sn->zones[j], &n->zones[n->nzones], norders);
			n->nzones++;
		}
	}
}
