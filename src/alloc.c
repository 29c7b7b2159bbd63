// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The page allocator's admission decision (see alloc.h): the watermark
 * check, the compaction gate, the zonelist walk and the verdict, on the
 * version rules of alloc-rules.c. Every rule cites the kernel function it
 * follows. Reference: allocator-decision.md (cited "AD §n").
 */
#include "alloc-internal.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compactctl.h"
#include "metrics.h"

#define COSTLY_ORDER 3		/* PAGE_ALLOC_COSTLY_ORDER [include/linux/mmzone.h] */

/* ---- __zone_watermark_ok ------------------------------------------------------- */

static int64_t mark_of(const struct cc_alloc_zone *z, uint32_t flags)
{
	if (flags & CC_ALLOC_WMARK_LOW)
		return z->low;
	if (flags & CC_ALLOC_WMARK_HIGH)
		return z->high;
	return z->min;
}

static bool reserves_exempt(const struct cc_alloc_system *sys, uint32_t flags)
{
	if (cc_alloc_rule(sys, R_ALLOC_RESERVES))	/* ALLOC_RESERVES [mm/internal.h v6.18] */
		return flags & (CC_ALLOC_NON_BLOCK | CC_ALLOC_MIN_RESERVE |
				CC_ALLOC_HIGHATOMIC | CC_ALLOC_OOM);
	return flags & (CC_ALLOC_HARDER | CC_ALLOC_OOM);
}

/* The highatomic term: nr_free_highatomic (>= 6.12) or nr_reserved_highatomic
 * (whole reserved pageblocks) [mm/page_alloc.c __zone_watermark_unusable_free].
 * *approx when only an estimate is known. */
static int64_t highatomic_term(const struct cc_alloc_system *sys,
			       const struct cc_alloc_zone *z, bool *approx)
{
	if (!cc_alloc_rule(sys, R_FREE_LISTS))
		return 0;
	if (cc_alloc_rule(sys, R_FREE_HIGHATOMIC)) {
		if (z->free_highatomic >= 0)
			return z->free_highatomic;
		/* the reserved pageblocks bound the free pages in them */
		*approx = true;
	}
	if (z->reserved_highatomic >= 0)
		return z->reserved_highatomic;
	*approx = true;
	return 0;
}

/* min -= ... by the request's rights [mm/page_alloc.c __zone_watermark_ok
 * v6.18 (ALLOC_RESERVES), v4.19-v6.2 (HIGH, HARDER|OOM), v4.4 (HIGH, HARDER)] */
static int64_t reduce_mark(const struct cc_alloc_system *sys, int64_t m, uint32_t flags)
{
	if (cc_alloc_rule(sys, R_ALLOC_RESERVES)) {
		if (!(flags & (CC_ALLOC_NON_BLOCK | CC_ALLOC_MIN_RESERVE |
			       CC_ALLOC_HIGHATOMIC | CC_ALLOC_OOM)))
			return m;
		if (flags & CC_ALLOC_MIN_RESERVE) {
			m -= m / 2;
			if (flags & CC_ALLOC_NON_BLOCK)
				m -= m / 4;
		}
		if (flags & CC_ALLOC_OOM)
			m -= m / 2;
		return m;
	}
	if (flags & CC_ALLOC_HIGH)
		m -= m / 2;
	if (flags & (CC_ALLOC_HARDER | CC_ALLOC_OOM))
		m -= (flags & CC_ALLOC_OOM) ? m / 2 : m / 4;
	return m;
}

/* Types whose free lists the request may take from in (B) */
static uint32_t allowed_types(const struct cc_alloc_system *sys, uint32_t flags)
{
	uint32_t t = CC_MT_BIT(CC_MT_UNMOVABLE) | CC_MT_BIT(CC_MT_MOVABLE) |
		     CC_MT_BIT(CC_MT_RECLAIMABLE);

	if (flags & CC_ALLOC_CMA)
		t |= CC_MT_BIT(CC_MT_CMA);
	if (!cc_alloc_rule(sys, R_FREE_LISTS))	/* <= 4.3: MIGRATE_RESERVE, the last fallback */
		t |= CC_MT_BIT(CC_MT_RESERVE);
	if (cc_alloc_rule(sys, R_ALLOC_RESERVES) ? (flags & (CC_ALLOC_HIGHATOMIC | CC_ALLOC_OOM))
					: (flags & (CC_ALLOC_HARDER | CC_ALLOC_OOM)))
		t |= CC_MT_BIT(CC_MT_HIGHATOMIC);
	return t;
}

/* The types of the free blocks at order o; every type when unknown. */
static uint32_t types_at(const struct cc_alloc_zone *z, int o)
{
	if (!z->nr_free[o])
		return 0;
	if (z->lists_src == CC_LISTS_NONE)
		return ~0u;
	return z->mt_nonempty[o];
}

/* (B): some order o >= k has a block on an allowed list. 4.4 .. 4.13 with
 * ALLOC_HARDER: any non-empty order. */
static void check_lists(const struct cc_alloc_system *sys, const struct cc_alloc_zone *z,
			int k, uint32_t flags, struct cc_wmark_check *c)
{
	uint32_t ok = allowed_types(sys, flags);
	bool any = !cc_alloc_rule(sys, R_HA_LIST_ONLY) && (flags & CC_ALLOC_HARDER);

	c->lists_approx = z->lists_src == CC_LISTS_NONE;
	for (int o = k; o < cc_alloc_norders(sys); o++) {
		uint32_t t = types_at(z, o);

		if (t && (any || (t & ok))) {
			c->lists_ok = true;
			c->list_order = o;
			return;
		}
	}
}

/* <= 4.3: for each order below k, its free pages become unusable and the
 * mark halves [mm/page_alloc.c __zone_watermark_ok v3.16, zone_watermark_ok
 * v2.6.32] */
static bool old_order_loop(const struct cc_alloc_system *sys, const struct cc_alloc_zone *z,
			   int k, int64_t free_pages, int64_t min)
{
	(void)sys;
	for (int o = 0; o < k && o < CC_ALLOC_MAX_ORDERS; o++) {
		free_pages -= (int64_t)z->nr_free[o] << o;
		min >>= 1;
		if (free_pages <= min)
			return false;
	}
	return true;
}

static void full_check(const struct cc_alloc_system *sys, const struct cc_alloc_zone *z,
		       int k, int hz, uint32_t flags, int64_t mark, struct cc_wmark_check *c)
{
	bool ha_approx = false;

	c->order_pages = ((int64_t)1 << k) - 1;
	c->highatomic = reserves_exempt(sys, flags) ? 0 :
			highatomic_term(sys, z, &ha_approx);
	c->cma = (flags & CC_ALLOC_CMA) || !cc_alloc_cma_on(sys) ? 0 : z->free_cma;
	c->mark = mark;
	c->reduced = reduce_mark(sys, mark, flags);
	c->reserve = hz >= 0 && hz < z->nreserve ? z->lowmem_reserve[hz] : 0;
	c->usable = z->free - c->order_pages - c->highatomic - c->cma;
	c->needed = c->reduced + c->reserve;
	c->inputs_approx = ha_approx || hz < 0 || hz >= z->nreserve;
	c->free_ok = c->usable > c->needed;
	c->list_order = -1;
	if (!c->free_ok)
		return;
	if (k == 0) {
		c->lists_ok = true;
		c->list_order = 0;
	} else if (!cc_alloc_rule(sys, R_FREE_LISTS)) {
		/* the loop runs on free pages with CMA still counted */
		c->lists_ok = old_order_loop(sys, z, k, z->free - c->order_pages, c->reduced);
		c->list_order = c->lists_ok ? k : -1;
	} else {
		check_lists(sys, z, k, flags, c);
	}
}

/* zone_watermark_fast's order-0 shortcut [mm/page_alloc.c v6.18 (HA and CMA
 * via __zone_watermark_unusable_free, clamped at 0), v4.19-v5.8 (CMA only)] */
static bool fast_order0(const struct cc_alloc_system *sys, const struct cc_alloc_zone *z,
			int hz, uint32_t flags, int64_t mark)
{
	int64_t reserved = 0, usable = z->free, R;
	bool approx = false;

	if (!cc_alloc_rule(sys, R_FAST_ORDER0))
		return false;
	R = hz >= 0 && hz < z->nreserve ? z->lowmem_reserve[hz] : 0;
	if (!(flags & CC_ALLOC_CMA) && cc_alloc_cma_on(sys))
		reserved += z->free_cma;
	if (cc_alloc_rule(sys, R_FAST_UNUSABLE)) {
		if (!reserves_exempt(sys, flags))
			reserved += highatomic_term(sys, z, &approx);
		usable -= usable < reserved ? usable : reserved;
		return usable > mark + R;
	}
	return usable - reserved > mark + R;
}

bool cc_zone_watermark_ok(const struct cc_alloc_system *sys,
			  const struct cc_alloc_zone *z, int order, int hz,
			  uint32_t flags, struct cc_wmark_check *c)
{
	int64_t mark = mark_of(z, flags);
	bool min_reserve;

	memset(c, 0, sizeof(*c));
	c->list_order = -1;
	c->free = z->free;
	if (z->free < 0 || mark < 0 || order < 0 || order >= CC_ALLOC_MAX_ORDERS)
		return false;
	full_check(sys, z, order, hz, flags, mark, c);
	c->ok = c->free_ok && c->lists_ok;
	if (c->ok || order > 0)
		return c->ok;
	if (fast_order0(sys, z, hz, flags, mark)) {
		c->ok = c->free_ok = c->lists_ok = true;
		return true;
	}
	/* order 0, __GFP_HIGH at the min mark: retry without the boost
	 * [mm/page_alloc.c zone_watermark_fast v6.18; __GFP_ATOMIC ≈5.9-6.2] */
	min_reserve = cc_alloc_rule(sys, R_ALLOC_RESERVES) ? (flags & CC_ALLOC_MIN_RESERVE)
						  : (flags & CC_ALLOC_HARDER);
	if (cc_alloc_rule(sys, R_BOOST_RETRY) && min_reserve && z->boost > 0 &&
	    (flags & CC_ALLOC_WMARK_MASK) == CC_ALLOC_WMARK_MIN) {
		struct cc_wmark_check r;

		memset(&r, 0, sizeof(r));
		r.free = z->free;
		full_check(sys, z, 0, hz, flags, z->min - z->boost, &r);
		if (r.free_ok) {
			*c = r;
			c->ok = c->boost_retry = true;
		}
	}
	return c->ok;
}

/* ---- compaction gate ------------------------------------------------------- */

bool cc_compaction_suitable(const struct cc_alloc_system *sys,
			    const struct cc_alloc_zone *z, int order, int hz,
			    int64_t *lhs, int64_t *rhs)
{
	int64_t mark, R, ha = 0;
	bool approx = false;

	if (z->free < 0 || z->min < 0 || z->low < 0 || order < 0 || order >= 62)
		return false;
	/* __compaction_suitable [mm/compaction.c v6.18; v4.19 (k > 3 ? low : min);
	 * v4.4 low for every k]: an order-0 check with ALLOC_CMA, so free CMA
	 * counts and the highatomic term does not */
	mark = !cc_alloc_rule(sys, R_COMPACT_COSTLY_GATE) || order > COSTLY_ORDER ? z->low : z->min;
	mark += (int64_t)2 << order;		/* compact_gap() */
	R = hz >= 0 && hz < z->nreserve ? z->lowmem_reserve[hz] : 0;
	if (cc_alloc_rule(sys, R_FREE_LISTS))
		ha = highatomic_term(sys, z, &approx);
	*lhs = z->free - ha;
	*rhs = mark + R;
	return *lhs > *rhs;
}

/* compaction_suitable's fragmentation gate: not suitable iff
 * 0 <= F_k <= extfrag_threshold, for k > 3 (all k before ≈4.8) */
static bool fragindex_allows(const struct cc_alloc_system *sys, int order, int fragindex)
{
	if (cc_alloc_rule(sys, R_COMPACT_COSTLY_GATE) && order <= COSTLY_ORDER)
		return true;
	return !(fragindex >= 0 && fragindex <= sys->extfrag_threshold);
}

/* ---- the zonelist walk ----------------------------------------------------- */

static bool in_zonelist(const struct cc_alloc_system *sys, const struct cc_alloc_zone *z)
{
	/* build_zonerefs_node: populated_zone() (v4.4, >= 5.18, 5.15.85) or
	 * managed_zone() (v4.19 .. v5.17) */
	if (cc_alloc_rule(sys, R_ZONELIST_MANAGED) && !cc_alloc_rule(sys, R_ZONELIST_POPULATED) &&
	    z->managed >= 0)
		return z->managed > 0;
	return z->populated;
}

static int node_pos(const struct cc_alloc_system *sys, int id)
{
	for (int i = 0; i < sys->nnodes; i++)
		if (sys->nodes[i].id == id)
			return i;
	return -1;
}

/* find_next_best_node [mm/page_alloc.c v6.18]: the local node, then the
 * smallest distance (+1 below the local id, +1 with CPUs), ties by id.
 * node_load[] (spreading equal nodes) is not modelled. Without distances:
 * node id order. A sort, not the kernel's repeated scan: 1024 nodes. */
struct node_key {
	long key;
	int pos;
};

static int by_key(const void *a, const void *b)
{
	const struct node_key *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->pos - y->pos;
}

static int fallback_order(const struct cc_alloc_system *sys, int local, int *order)
{
	const struct cc_alloc_node *ln = &sys->nodes[local];
	struct node_key *k = xcalloc((size_t)sys->nnodes, sizeof(*k));
	int n = 0;

	for (int i = 0; i < sys->nnodes; i++) {
		if (i == local)
			continue;
		k[n].pos = i;
		k[n].key = i < ln->ndist && i < CC_ALLOC_MAX_DIST ? ln->distance[i] : 0;
		k[n].key += sys->nodes[i].id < ln->id;
		k[n].key += sys->nodes[i].has_cpus > 0;
		n++;
	}
	qsort(k, (size_t)n, sizeof(*k), by_key);
	order[0] = local;
	for (int i = 0; i < n; i++)
		order[i + 1] = k[i].pos;
	free(k);
	return n + 1;
}

static void add_result(struct cc_alloc_verdict *v, const struct cc_alloc_system *sys,
		       int np, int zp, int walk)
{
	struct cc_alloc_zone_result *r = &v->zones[v->nzones++];

	memset(r, 0, sizeof(*r));
	r->node_pos = np;
	r->node = sys->nodes[np].id;
	r->zone_pos = zp;
	r->type = sys->nodes[np].zones[zp].type;
	r->walk = walk;
	r->outcome = CC_ZO_UNKNOWN;
}

static bool listed(const struct cc_alloc_verdict *v, int np, int zp)
{
	for (int i = 0; i < v->nzones; i++)
		if (v->zones[i].node_pos == np && v->zones[i].zone_pos == zp)
			return true;
	return false;
}

/* Zones of the walk (§1.2-1.3): per node in fallback order, highest type
 * first, type <= gfp_zone, in the zonelist. Then the start node's other
 * populated zones, lowest first, so the views can say why they were not
 * used. */
static void build_walk(const struct cc_alloc_system *sys, int start, bool thisnode,
		       enum cc_ztype highest, struct cc_alloc_verdict *v)
{
	int *order = xcalloc((size_t)sys->nnodes, sizeof(int));
	int nn = thisnode ? 1 : fallback_order(sys, start, order), walk = 0;

	order[0] = start;
	for (int i = 0; i < nn; i++) {
		const struct cc_alloc_node *n = &sys->nodes[order[i]];

		for (int zp = n->nzones - 1; zp >= 0; zp--)
			if (n->zones[zp].type <= highest && in_zonelist(sys, &n->zones[zp]))
				add_result(v, sys, order[i], zp, walk++);
	}
	for (int zp = 0; zp < sys->nodes[start].nzones; zp++)
		if (!listed(v, start, zp) && sys->nodes[start].zones[zp].populated)
			add_result(v, sys, start, zp, -1);
	free(order);
}

/* ---- per-zone evaluation ---------------------------------------------------- */

static void zone_blocks(const struct cc_alloc_system *sys, const struct cc_alloc_zone *z,
			int k, struct cc_alloc_zone_result *r)
{
	struct cc_contig ci;
	int no = cc_alloc_norders(sys);

	cc_contig_info(z->nr_free, no, k, &ci);
	r->blocks = ci.suitable;
	r->fragindex = cc_fragmentation_index(&ci, k, no - 1);
	for (int o = k; o < no; o++)
		if (z->nr_free[o] && z->lists_src != CC_LISTS_NONE)
			r->block_types |= z->mt_nonempty[o];
}

/* With ALLOC_NOFRAGMENT a zone that passes may still have no page for
 * k < pageblock_order: __rmqueue takes its own type >= k, CMA (ALLOC_CMA),
 * or claims a whole free block >= pageblock_order of a fallback type; no
 * steal [mm/page_alloc.c __rmqueue, __rmqueue_claim v6.18]. Unknown types:
 * assumed to have a page. */
static bool nofragment_page(const struct cc_alloc_system *sys, const struct cc_alloc_zone *z,
			    int k, enum cc_amt mt, uint32_t flags)
{
	uint32_t own = CC_MT_BIT(mt), fallback = CC_MT_BIT(CC_MT_UNMOVABLE) |
		CC_MT_BIT(CC_MT_MOVABLE) | CC_MT_BIT(CC_MT_RECLAIMABLE);

	if (!(flags & CC_ALLOC_NOFRAGMENT) || k >= sys->pageblock_order ||
	    z->lists_src == CC_LISTS_NONE)
		return true;
	if (flags & CC_ALLOC_CMA)
		own |= CC_MT_BIT(CC_MT_CMA);
	if (flags & CC_ALLOC_HIGHATOMIC)
		own |= CC_MT_BIT(CC_MT_HIGHATOMIC);
	for (int o = k; o < cc_alloc_norders(sys); o++) {
		uint32_t t = types_at(z, o);

		if ((t & own) || (o >= sys->pageblock_order && (t & fallback)))
			return true;
	}
	return false;
}

/* What-if: does (A) pass with one term removed? */
static bool passes_without(const struct cc_wmark_check *c, int64_t term)
{
	return term > 0 && c->usable + term > c->needed;
}

/* No free block >= k: compaction's fragmentation gate says whether it is
 * fragmentation or too little memory */
static enum cc_zone_outcome no_block_outcome(const struct cc_alloc_system *sys, int k,
					     const struct cc_alloc_zone_result *r)
{
	if (k > 0 && fragindex_allows(sys, k, r->fragindex) && r->fragindex != 0)
		return CC_ZO_FRAGMENTED;
	return CC_ZO_LOW_MEMORY;
}

/* free pages: zoneinfo's, else the free lists' (buddyinfo) */
static bool zone_has_free(const struct cc_alloc_zone *z)
{
	for (int o = 0; z->free < 0 && o < CC_ALLOC_MAX_ORDERS; o++)
		if (z->nr_free[o])
			return true;
	return z->free > 0;
}

static enum cc_zone_outcome fail_outcome(const struct cc_alloc_system *sys,
					 const struct cc_alloc_zone *z, int k,
					 const struct cc_wmark_check *c,
					 const struct cc_alloc_zone_result *r,
					 uint32_t flags)
{
	/* without its watermarks (no zoneinfo) a walked zone, which buddyinfo
	 * listed, still cannot serve when it has no free block >= k there */
	if (z->free < 0 || mark_of(z, flags) < 0)
		return r->blocks ? CC_ZO_UNKNOWN : no_block_outcome(sys, k, r);
	if (!c->free_ok) {
		if (passes_without(c, c->reserve))
			return CC_ZO_RESERVE;
		if (passes_without(c, c->highatomic))
			return CC_ZO_HIGHATOMIC;
		if (passes_without(c, c->cma))
			return CC_ZO_CMA;
		if (z->boost > 0 && c->usable > reduce_mark(sys, c->mark - z->boost, flags) +
		    c->reserve)
			return CC_ZO_BOOST;
		return CC_ZO_WATERMARK;
	}
	if (c->lists_ok)	/* passed, but defrag_mode found no page */
		return CC_ZO_NOFRAGMENT;
	if (r->block_types & CC_MT_BIT(CC_MT_HIGHATOMIC))
		return CC_ZO_HIGHATOMIC;
	if (r->block_types & CC_MT_BIT(CC_MT_CMA))
		return CC_ZO_CMA;
	return no_block_outcome(sys, k, r);
}

static int hz_for(const struct cc_alloc_system *sys, const struct cc_alloc_verdict *v)
{
	/* >= 5.8 gfp_zone(); before, the preferred (first walked) zone's index
	 * [mm/internal.h ac_classzone_idx v4.19] */
	if (cc_alloc_rule(sys, R_HZ_GFP_ZONE) || v->nzones == 0 || v->zones[0].walk != 0)
		return cc_alloc_zone_index(sys, v->highest);
	return cc_alloc_zone_index(sys, v->zones[0].type);
}

static void eval_zone(const struct cc_alloc_system *sys, struct cc_alloc_verdict *v,
		      struct cc_alloc_zone_result *r)
{
	const struct cc_alloc_zone *z = &sys->nodes[r->node_pos].zones[r->zone_pos];
	int64_t lhs = 0, rhs = 0;
	bool strict;

	zone_blocks(sys, z, v->order, r);
	if (r->walk < 0) {
		r->outcome = r->type > v->highest ? CC_ZO_ZONE_MODIFIER : CC_ZO_UNPOPULATED;
		r->low.free = r->min.free = z->free;
		return;
	}
	cc_zone_watermark_ok(sys, z, v->order, v->hz, v->flags_fast, &r->low);
	cc_zone_watermark_ok(sys, z, v->order, v->hz, v->flags_slow, &r->min);
	v->marks_unknown |= z->free < 0 || mark_of(z, v->flags_slow) < 0;
	v->lists_approx |= r->low.lists_approx || r->min.lists_approx;
	v->inputs_approx |= r->low.inputs_approx || r->min.inputs_approx;
	r->compaction_suitable =
		cc_compaction_suitable(sys, z, v->order, v->hz, &lhs, &rhs) &&
		fragindex_allows(sys, v->order, r->fragindex);
	r->compact_lhs = lhs;
	r->compact_rhs = rhs;
	/* ALLOC_NOFRAGMENT changes the outcome only with defrag_mode (no retry
	 * without it); otherwise only the serving zone (pick_serving_zone) */
	strict = cc_alloc_defrag_mode(sys);
	if (r->low.ok && (!strict || nofragment_page(sys, z, v->order, v->migratetype,
						     v->flags_fast)))
		r->outcome = CC_ZO_PASS_LOW;
	else if (r->min.ok && (!strict || nofragment_page(sys, z, v->order, v->migratetype,
							  v->flags_slow)))
		r->outcome = CC_ZO_PASS_MIN;
	else
		r->outcome = fail_outcome(sys, z, v->order, &r->min, r, v->flags_slow);
}

/* ---- the verdict --------------------------------------------------------- */

const char *cc_zone_outcome_name(enum cc_zone_outcome o)
{
	static const char *const names[] = {
		[CC_ZO_PASS_LOW] = "pass_low", [CC_ZO_PASS_MIN] = "pass_min",
		[CC_ZO_ZONE_MODIFIER] = "zone_modifier",
		[CC_ZO_UNPOPULATED] = "unpopulated",
		[CC_ZO_RESERVE] = "lowmem_reserve", [CC_ZO_HIGHATOMIC] = "highatomic",
		[CC_ZO_CMA] = "cma", [CC_ZO_BOOST] = "boost",
		[CC_ZO_WATERMARK] = "below_watermark", [CC_ZO_FRAGMENTED] = "fragmented",
		[CC_ZO_LOW_MEMORY] = "low_memory", [CC_ZO_NOFRAGMENT] = "nofragment",
		[CC_ZO_UNKNOWN] = "unknown",
	};

	return (unsigned)o < ARRAY_SIZE(names) ? names[o] : "unknown";
}

const char *cc_alloc_cause_name(enum cc_alloc_cause c)
{
	static const char *const names[] = {
		[CC_AC_AVAILABLE] = "available",
		[CC_AC_BELOW_WATERMARK] = "below_watermark",
		[CC_AC_LOW_MEMORY] = "low_memory",
		[CC_AC_FRAGMENTED] = "fragmented",
		[CC_AC_HIGHATOMIC_ONLY] = "highatomic_only",
		[CC_AC_CMA_ONLY] = "cma_only",
		[CC_AC_ZONE_NOT_ALLOWED] = "zone_not_allowed",
		[CC_AC_NO_FREE] = "no_free_memory",
		[CC_AC_NO_ZONE] = "no_zone",
		[CC_AC_TOO_LARGE] = "order_too_large",
		[CC_AC_UNKNOWN] = "unknown",
	};

	return (unsigned)c < ARRAY_SIZE(names) ? names[c] : "unknown";
}

/* Blocks >= k in zone result r that the request may not use, and why (as
 * a node cause). */
static uint64_t unusable_blocks(const struct cc_alloc_zone_result *r, uint32_t allowed,
				enum cc_alloc_cause *why)
{
	if (r->outcome == CC_ZO_ZONE_MODIFIER || r->outcome == CC_ZO_RESERVE) {
		*why = CC_AC_ZONE_NOT_ALLOWED;
		return r->blocks;
	}
	if (!r->blocks || !r->block_types || (r->block_types & allowed))
		return 0;
	if (r->block_types & CC_MT_BIT(CC_MT_HIGHATOMIC))
		*why = CC_AC_HIGHATOMIC_ONLY;
	else if (r->block_types & CC_MT_BIT(CC_MT_CMA))
		*why = CC_AC_CMA_ONLY;
	else
		return 0;	/* isolated pageblocks: passing, not counted */
	return r->blocks;
}

static bool has_usable_block(const struct cc_alloc_zone_result *r, uint32_t allowed)
{
	return r->blocks && (!r->block_types || (r->block_types & allowed));
}

static enum cc_alloc_cause cause_of_outcome(enum cc_zone_outcome o)
{
	switch (o) {
	case CC_ZO_HIGHATOMIC: return CC_AC_HIGHATOMIC_ONLY;
	case CC_ZO_CMA: return CC_AC_CMA_ONLY;
	case CC_ZO_FRAGMENTED:
	case CC_ZO_NOFRAGMENT: return CC_AC_FRAGMENTED;
	case CC_ZO_LOW_MEMORY: return CC_AC_LOW_MEMORY;
	case CC_ZO_RESERVE:
	case CC_ZO_ZONE_MODIFIER: return CC_AC_ZONE_NOT_ALLOWED;
	case CC_ZO_UNKNOWN: return CC_AC_UNKNOWN;
	default: return CC_AC_BELOW_WATERMARK;
	}
}

static int first_walked(const struct cc_alloc_verdict *v, enum cc_zone_outcome a,
			enum cc_zone_outcome b)
{
	for (int i = 0; i < v->nzones; i++)
		if (v->zones[i].walk >= 0 &&
		    (v->zones[i].outcome == a || v->zones[i].outcome == b))
			return i;
	return -1;
}

/* The node's cause when no zone passes:
 * 1. a usable block >= k exists but the zone's free pages fail (A):
 *    that zone's reason (watermark, boost, highatomic, CMA);
 * 2. blocks >= k exist only where this request may not take them: where
 *    they are (most blocks: lowmem_reserve or zone modifier, HighAtomic, CMA);
 * 3. no block >= k: fragmented (compaction) before low memory before
 *    below watermark, in walk order. */
/* Step 2: the reason that holds the most unusable blocks, and its first zone */
static bool cause_from_unusable(const uint64_t *by_why, uint32_t allowed,
				struct cc_alloc_verdict *v)
{
	int best = -1;

	for (int c = 0; c <= CC_AC_UNKNOWN; c++)
		if (by_why[c] && (best < 0 || by_why[c] > by_why[best]))
			best = c;
	if (best < 0)
		return false;
	v->cause = (enum cc_alloc_cause)best;
	for (int i = 0; i < v->nzones && v->cause_zone < 0; i++) {
		enum cc_alloc_cause why = CC_AC_UNKNOWN;

		if (unusable_blocks(&v->zones[i], allowed, &why) && why == v->cause)
			v->cause_zone = i;
	}
	return true;
}

/* Step 3: no block >= k: the first walked zone by this preference */
/* Without watermarks (no zoneinfo) fragmented and low memory cannot be told
 * from the compaction gate's free-pages test: the zone with the most free
 * pages decides, by its fragmentation index alone */
static int most_free_walked(const struct cc_alloc_system *sys, const struct cc_alloc_verdict *v)
{
	uint64_t best = 0;
	int at = -1;

	for (int i = 0; i < v->nzones; i++) {
		const struct cc_alloc_zone_result *r = &v->zones[i];
		const struct cc_alloc_zone *z = &sys->nodes[r->node_pos].zones[r->zone_pos];
		struct cc_contig ci;

		if (r->walk < 0 || (r->outcome != CC_ZO_FRAGMENTED && r->outcome != CC_ZO_LOW_MEMORY))
			continue;
		cc_contig_info(z->nr_free, cc_alloc_norders(sys), 0, &ci);
		if (at < 0 || ci.free_pages > best) {
			best = ci.free_pages;
			at = i;
		}
	}
	return at;
}

static void cause_without_blocks(const struct cc_alloc_system *sys, struct cc_alloc_verdict *v)
{
	static const enum cc_zone_outcome pref[][2] = {
		{ CC_ZO_FRAGMENTED, CC_ZO_NOFRAGMENT }, { CC_ZO_LOW_MEMORY, CC_ZO_LOW_MEMORY },
		{ CC_ZO_WATERMARK, CC_ZO_BOOST }, { CC_ZO_HIGHATOMIC, CC_ZO_CMA },
		{ CC_ZO_UNKNOWN, CC_ZO_UNKNOWN },
	};

	if (v->marks_unknown)
		v->cause_zone = most_free_walked(sys, v);
	for (int i = 0; i < (int)ARRAY_SIZE(pref) && v->cause_zone < 0; i++)
		v->cause_zone = first_walked(v, pref[i][0], pref[i][1]);
	v->cause = v->cause_zone >= 0 ? cause_of_outcome(v->zones[v->cause_zone].outcome)
				      : CC_AC_UNKNOWN;
}

static void decide_cause(const struct cc_alloc_system *sys, struct cc_alloc_verdict *v)
{
	uint64_t by_why[CC_AC_UNKNOWN + 1] = { 0 };
	uint32_t allowed = v->allowed_types;
	bool any_free = false, any_known = false, unknown_block = false;

	for (int i = 0; i < v->nzones; i++) {
		const struct cc_alloc_zone_result *r = &v->zones[i];
		enum cc_alloc_cause why = CC_AC_UNKNOWN;
		uint64_t nb = unusable_blocks(r, allowed, &why);

		by_why[why] += nb;
		v->unusable_blocks += nb;
		if (r->walk < 0 || r->outcome == CC_ZO_RESERVE)
			continue;
		any_free |= zone_has_free(&sys->nodes[r->node_pos].zones[r->zone_pos]);
		any_known |= r->outcome != CC_ZO_UNKNOWN;
		/* a zone that may hold a usable block but whose check is not
		 * known (no watermarks): nothing can be said */
		unknown_block |= r->outcome == CC_ZO_UNKNOWN && has_usable_block(r, allowed);
		/* step 1: a usable block, too few free pages */
		if (v->cause_zone < 0 && has_usable_block(r, allowed) && !r->min.free_ok &&
		    r->outcome != CC_ZO_UNKNOWN)
			v->cause_zone = i;
	}
	if (!any_known || unknown_block)	/* no watermarks: nothing can be said */
		v->cause = CC_AC_UNKNOWN;
	else if (v->cause_zone >= 0)
		v->cause = cause_of_outcome(v->zones[v->cause_zone].outcome);
	else if (cause_from_unusable(by_why, allowed, v))
		return;
	else if (!any_free)
		v->cause = CC_AC_NO_FREE;
	else
		cause_without_blocks(sys, v);
}

/* P1 walks the list with the fast flags; with ALLOC_NOFRAGMENT it prefers a
 * zone that has a page without fragmenting and retries without the flag at
 * the end [mm/page_alloc.c get_page_from_freelist v6.18]. Then P2. */
static void pick_serving_zone(const struct cc_alloc_system *sys, struct cc_alloc_verdict *v)
{
	int first_low = -1, first_min = -1;

	for (int i = 0; i < v->nzones; i++) {
		const struct cc_alloc_zone_result *r = &v->zones[i];
		const struct cc_alloc_zone *z = &sys->nodes[r->node_pos].zones[r->zone_pos];

		if (r->walk < 0)
			continue;
		if (r->outcome == CC_ZO_PASS_LOW) {
			if (nofragment_page(sys, z, v->order, v->migratetype, v->flags_fast)) {
				v->serve = i;
				v->pass = 1;
				return;
			}
			if (first_low < 0)
				first_low = i;
		}
		if (r->outcome == CC_ZO_PASS_MIN && first_min < 0)
			first_min = i;
	}
	if (first_low >= 0) {
		v->serve = first_low;
		v->pass = 1;
	} else if (first_min >= 0) {
		v->serve = first_min;
		v->pass = 2;
	}
}

/* pgdat_balanced: some zone <= hz of the node passes order k at the high
 * mark with no rights (zone_watermark_ok_safe) [mm/vmscan.c v6.18] */
static bool node_balanced(const struct cc_alloc_system *sys, const struct cc_alloc_node *n,
			  int k, int hz, bool *boosted)
{
	bool any = false, ok = false;

	*boosted = false;
	for (int i = 0; i < n->nzones; i++) {
		const struct cc_alloc_zone *z = &n->zones[i];
		struct cc_wmark_check c;

		if (cc_alloc_zone_index(sys, z->type) > hz || !in_zonelist(sys, z))
			continue;
		any = true;
		*boosted |= z->boost > 0;
		ok |= cc_zone_watermark_ok(sys, z, k, hz, CC_ALLOC_WMARK_HIGH, &c);
	}
	return ok || !any;
}

/* A failed P1 wakes kswapd (wake_all_kswapds) if the mask may; kswapd does
 * not run when the node is hopeless or balanced and unboosted, and then a
 * request without direct reclaim wakes kcompactd [mm/vmscan.c wakeup_kswapd
 * v6.18] */
static void decide_wakes(const struct cc_alloc_system *sys, const struct cc_alloc_node *n,
			 struct cc_alloc_verdict *v)
{
	bool boosted, skip;

	if (v->pass == 1 || !cc_gfp_kswapd_reclaim(sys, v->gfp))
		return;
	skip = n->unreclaimable == 1 ||
	       (node_balanced(sys, n, v->order, v->hz, &boosted) && !boosted);
	v->wakes_kswapd = !skip;
	v->wakes_kcompactd = skip && !v->direct_reclaim && sys->compaction != 0;
}

/* Reclaim helps a zone that has a usable block >= k but too few free pages,
 * or too little free memory for compaction (F_k <= threshold); compaction
 * helps a zone with no usable block that passes the compaction gate. A zone
 * short of both free pages and blocks would need the two; it is left out. */
static void decide_help(struct cc_alloc_verdict *v)
{
	uint32_t allowed = v->allowed_types;

	for (int i = 0; i < v->nzones; i++) {
		const struct cc_alloc_zone_result *r = &v->zones[i];

		if (r->walk < 0 || r->outcome == CC_ZO_RESERVE)
			continue;
		if (((r->outcome == CC_ZO_WATERMARK || r->outcome == CC_ZO_BOOST) &&
		     has_usable_block(r, allowed)) || r->outcome == CC_ZO_LOW_MEMORY)
			v->reclaim_helps = true;
		if (v->order > 0 && r->compaction_suitable && !r->min.lists_ok &&
		    r->outcome != CC_ZO_UNKNOWN)
			v->compaction_helps = true;
		if (r->outcome == CC_ZO_NOFRAGMENT && r->compaction_suitable)
			v->compaction_helps = true;
	}
}

/* Once decided, the verdict keeps the start node's zones, the serving and
 * the cause zone, and at most CC_ALLOC_MAX_REMOTE other nodes' zones the
 * walk tried first: on 1024 nodes every zonelist has thousands of zones. */
static bool relevant(const struct cc_alloc_verdict *v, int i, int *remote)
{
	const struct cc_alloc_zone_result *r = &v->zones[i];
	int stop = v->serve >= 0 ? v->zones[v->serve].walk : INT_MAX;

	if (r->node == v->node || i == v->serve || i == v->cause_zone)
		return true;
	if (r->walk < 0 || r->walk >= stop || *remote >= CC_ALLOC_MAX_REMOTE)
		return false;
	(*remote)++;
	return true;
}

static void keep_relevant_zones(struct cc_alloc_verdict *v)
{
	int kept = 0, remote = 0, serve = -1, cause = -1;

	for (int i = 0; i < v->nzones; i++) {
		if (!relevant(v, i, &remote))
			continue;
		serve = i == v->serve ? kept : serve;
		cause = i == v->cause_zone ? kept : cause;
		v->zones[kept++] = v->zones[i];
	}
	v->zones_omitted = v->nzones - kept;
	v->nzones = kept;
	v->zones = xrealloc(v->zones, (size_t)kept + 1, sizeof(*v->zones));
	v->serve = serve;
	v->cause_zone = cause;
}

static size_t zones_total(const struct cc_alloc_system *sys)
{
	size_t n = 1;	/* never a zero-sized allocation */

	for (int i = 0; i < sys->nnodes; i++)
		n += (size_t)sys->nodes[i].nzones;
	return n;
}

int cc_alloc_decide(const struct cc_alloc_system *sys, cc_gfp_t gfp, int order,
		    int node, struct cc_alloc_verdict *v)
{
	int np = node_pos(sys, node), pref_np;
	enum cc_ztype pref;

	memset(v, 0, sizeof(*v));
	v->serve = v->cause_zone = v->req_class = -1;
	v->page_shift = sys->page_shift;
	v->extfrag_threshold = sys->extfrag_threshold;
	if (np < 0)
		return -1;
	v->gfp = gfp;
	v->order = order;
	v->node = node;
	v->version_assumed = !sys->kver;
	v->highest = cc_gfp_zone(sys, gfp);
	v->migratetype = cc_gfp_migratetype(gfp);
	v->thisnode = (gfp & CC_GFP(THISNODE)) && sys->numa != 0;
	v->direct_reclaim = cc_gfp_direct_reclaim(sys, gfp);
	v->may_compact = cc_gfp_may_compact(sys, gfp, order);
	/* room for every zone once (the walk lists each at most once), not
	 * CC_ALLOC_MAX_ZONES a node, zeroed: at 1024 nodes that calloc, a
	 * verdict per node, was three quarters of status (add_result clears
	 * what it uses) */
	v->zones = xrealloc(NULL, zones_total(sys), sizeof(*v->zones));
	build_walk(sys, np, v->thisnode, v->highest, v);
	v->hz = hz_for(sys, v);
	pref = v->nzones && v->zones[0].walk == 0 ? v->zones[0].type : v->highest;
	pref_np = v->nzones && v->zones[0].walk == 0 ? v->zones[0].node_pos : np;
	v->flags_fast = cc_alloc_flags_fast(sys, gfp, order, &sys->nodes[pref_np], pref);
	v->flags_slow = cc_alloc_flags_slow(sys, gfp, order);
	v->allowed_types = allowed_types(sys, v->flags_slow);
	if (order < 0 || order >= cc_alloc_norders(sys)) {
		v->cause = CC_AC_TOO_LARGE;
		return 0;
	}
	for (int i = 0; i < v->nzones; i++)
		eval_zone(sys, v, &v->zones[i]);
	pick_serving_zone(sys, v);
	if (v->pass) {
		v->cause = CC_AC_AVAILABLE;
		v->cause_zone = v->serve;
	} else if (!v->nzones || v->zones[0].walk != 0) {
		v->cause = CC_AC_NO_ZONE;
	} else {
		decide_cause(sys, v);
	}
	decide_wakes(sys, &sys->nodes[np], v);
	if (!v->pass)
		decide_help(v);
	keep_relevant_zones(v);
	return 0;
}

uint64_t cc_alloc_usable_blocks(const struct cc_alloc_verdict *v, int node)
{
	uint64_t n = 0;

	for (int i = 0; i < v->nzones; i++) {
		enum cc_alloc_cause why;

		if (v->zones[i].node == node)
			n += v->zones[i].blocks - unusable_blocks(&v->zones[i], v->allowed_types,
								  &why);
	}
	return n;
}

int cc_alloc_decide_class(const struct cc_alloc_system *sys, enum cc_req_class c,
			  int order, int node, struct cc_alloc_verdict *v)
{
	bool madvised;
	cc_gfp_t gfp = cc_req_gfp(sys, c, &madvised);
	int r = cc_alloc_decide(sys, gfp, order, node, v);

	v->req_class = c;
	v->madvised = madvised;
	return r;
}

void cc_alloc_verdict_free(struct cc_alloc_verdict *v)
{
	free(v->zones);
	v->zones = NULL;
	v->nzones = 0;
}
