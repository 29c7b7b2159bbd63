// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The allocator model (src/alloc.c) against numbers worked by hand:
 *  - allocator-decision.md §5 (live 6.18 snapshot, "AD §5"), every
 *    inequality of its tables;
 *  - the version rules of AD §1.4, §2.2, §2.3 and §3 on systems built so
 *    that each rule changes the answer (4.19 vs 6.1 vs 6.12+, <= 4.3);
 *  - one system per verdict cause.
 * The arithmetic is written next to each expectation.
 */
#include <string.h>

#include "alloc.h"
#include "tap.h"

/* ---- building systems ---------------------------------------------------- */

struct zspec {
	enum cc_ztype type;
	int64_t free, min, low, high, managed;
	int64_t prot[5];
	uint64_t nr[11];		/* free blocks per order (buddyinfo) */
	uint32_t types[11];		/* CC_MT_BIT per order, 0: no lists */
};

static void set_zone(struct cc_alloc_zone *z, const struct zspec *s)
{
	cc_alloc_zone_init(z, s->type);
	z->populated = s->managed > 0;
	z->present = z->managed = s->managed;
	z->free = s->free;
	z->min = s->min;
	z->low = s->low;
	z->high = s->high;
	z->boost = 0;
	z->free_cma = 0;
	z->reserved_highatomic = z->free_highatomic = 0;
	z->nreserve = 5;
	memcpy(z->lowmem_reserve, s->prot, sizeof(s->prot));
	memcpy(z->nr_free, s->nr, sizeof(s->nr));
	z->lists_src = CC_LISTS_NONE;
	for (int o = 0; o < 11; o++) {
		if (s->types[o])
			z->lists_src = CC_LISTS_PAGETYPEINFO;
		z->mt_nonempty[o] = s->types[o];
	}
}

static void x86_system(struct cc_alloc_system *sys, int kver)
{
	cc_alloc_system_init(sys);
	sys->kver = kver;
	sys->numa = 1;
	sys->cma = 0;
	sys->compaction = 1;
	/* x86_64: DMA=0, DMA32=1, NORMAL=2, MOVABLE=3, DEVICE=4 (AD §0) */
	sys->zone_types |= 1u << CC_ZT_DEVICE;
}

static struct cc_alloc_node *node3(struct cc_alloc_system *sys, int id,
				   const struct zspec *dma, const struct zspec *dma32,
				   const struct zspec *normal)
{
	struct cc_alloc_node *n = cc_alloc_add_node(sys, id);
	const struct zspec *zs[3] = { dma, dma32, normal };

	for (int i = 0; i < 3; i++)
		if (zs[i])
			set_zone(&n->zones[n->nzones++], zs[i]);
	return n;
}

#define MOV CC_MT_BIT(CC_MT_MOVABLE)
#define UNM CC_MT_BIT(CC_MT_UNMOVABLE)
#define HA CC_MT_BIT(CC_MT_HIGHATOMIC)
#define CMA CC_MT_BIT(CC_MT_CMA)
#define GFP_TRANSHUGE_LIGHT_T (CC_GFP(HARDWALL) | CC_GFP(HIGHMEM) | CC_GFP(MOVABLE) | \
			       CC_GFP(IO) | CC_GFP(FS) | CC_GFP(COMP) | \
			       CC_GFP(NOMEMALLOC) | CC_GFP(NOWARN))

/* AD §5: the live 6.18 snapshot. pagetypeinfo o8/o9/o10: DMA Unmovable 1 at
 * o8, Movable 1/3 at o9/o10; DMA32 Movable 4/750; Normal Movable 43/4272. */
static const struct zspec ad5_dma = {
	CC_ZT_DMA, 3840, 10, 13, 16, 3840, { 0, 3018, 24090, 24090, 24090 },
	{ 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 3 }, { [8] = UNM, [9] = MOV, [10] = MOV },
};
static const struct zspec ad5_dma32 = {
	CC_ZT_DMA32, 771783, 2115, 2887, 3659, 772807, { 0, 0, 21071, 21071, 21071 },
	{ 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 750 }, { [9] = MOV, [10] = MOV },
};
static const struct zspec ad5_normal = {
	CC_ZT_NORMAL, 4449031, 14769, 20163, 25557, 5394266, { 0, 0, 0, 0, 0 },
	{ 0, 0, 0, 0, 0, 0, 0, 0, 0, 43, 4272 }, { [9] = MOV, [10] = MOV },
};

static void ad5_system(struct cc_alloc_system *sys, int kver)
{
	x86_system(sys, kver);
	sys->thp_defrag = CC_THP_DEFRAG_MADVISE;
	node3(sys, 0, &ad5_dma, &ad5_dma32, &ad5_normal);
}

/* the result for zone type t in a verdict, or NULL */
static const struct cc_alloc_zone_result *zr(const struct cc_alloc_verdict *v,
					     enum cc_ztype t)
{
	for (int i = 0; i < v->nzones; i++)
		if (v->zones[i].type == t && v->zones[i].node == v->node)
			return &v->zones[i];
	return NULL;
}

static enum cc_ztype serve_type(const struct cc_alloc_verdict *v)
{
	return v->serve >= 0 ? v->zones[v->serve].type : CC_ZT__N;
}

static enum cc_ztype cause_type(const struct cc_alloc_verdict *v)
{
	return v->cause_zone >= 0 ? v->zones[v->cause_zone].type : CC_ZT__N;
}

static void decide(const struct cc_alloc_system *sys, enum cc_req_class c, int k,
		   int node, struct cc_alloc_verdict *v)
{
	cc_alloc_decide(sys, cc_req_gfp(sys, c, NULL), k, node, v);
}

/* ---- AD §5 --------------------------------------------------------------- */

static void ad5_thp(void)
{
	struct cc_alloc_system sys;
	struct cc_alloc_verdict v;
	const struct cc_alloc_zone_result *r;

	ad5_system(&sys, CC_KVER(6, 18, 44));
	decide(&sys, CC_REQ_THP, 9, 0, &v);
	is_int(v.highest, CC_ZT_MOVABLE, "§1.1 GFP_HIGHUSER_MOVABLE: gfp_zone = MOVABLE");
	is_int(v.hz, 3, "§1.4 >= 5.8: lowmem_reserve[ZONE_MOVABLE] = index 3");
	is_int(v.migratetype, CC_MT_MOVABLE, "§5 mt MOVABLE");
	ok(v.nzones >= 3 && v.zones[0].type == CC_ZT_NORMAL && v.zones[1].type == CC_ZT_DMA32 &&
	   v.zones[2].type == CC_ZT_DMA, "§1.2 walk Normal -> DMA32 -> DMA");
	is_int(v.flags_fast, CC_ALLOC_WMARK_LOW | CC_ALLOC_NOFRAGMENT,
	       "§5.1 P1 flags WMARK_LOW|NOFRAGMENT (madvised GFP_TRANSHUGE: no kswapd)");
	is_int(v.flags_slow, CC_ALLOC_WMARK_MIN | CC_ALLOC_CPUSET,
	       "§5.1 P2 flags WMARK_MIN|CPUSET (__GFP_NOMEMALLOC: no NON_BLOCK)");
	r = zr(&v, CC_ZT_NORMAL);
	is_int(r->low.usable, 4448520, "§5.1 Normal P1: F - 511 = 4449031 - 511 = 4448520");
	is_int(r->low.needed, 20163, "§5.1 Normal P1: Wlow + R[3] = 20163 + 0");
	ok(r->low.ok && r->low.list_order == 9, "§5.1 Normal P1 passes, (B) at order 9");
	r = zr(&v, CC_ZT_DMA32);
	is_int(r->low.usable, 771272, "§5.1 DMA32 P1: 771783 - 511 = 771272");
	is_int(r->low.needed, 23958, "§5.1 DMA32 P1: 2887 + 21071 = 23958");
	ok(r->low.ok, "§5.1 DMA32 would pass");
	r = zr(&v, CC_ZT_DMA);
	is_int(r->low.usable, 3329, "§5.1 DMA P1: 3840 - 511 = 3329");
	is_int(r->low.needed, 24103, "§5.1 DMA P1: 13 + 24090 = 24103");
	is_int(r->min.needed, 24100, "§5.1 DMA P2: 10 + 24090 = 24100");
	ok(!r->low.ok && !r->min.ok, "§5.1 DMA fails P1 and P2 on (A)");
	is_int(r->outcome, CC_ZO_RESERVE, "§1.4 DMA fails only by lowmem_reserve (3329 > 10)");
	ok(r->low.lists_ok == false && r->blocks == 1 + 2 * 3,
	   "§5.1 DMA has 1 + 2*3 = 7 order-9 blocks all the same");
	is_int(v.cause, CC_AC_AVAILABLE, "§5.1 THP succeeds");
	is_int(v.pass, 1, "§5.1 ... at P1");
	is_int(serve_type(&v), CC_ZT_NORMAL, "§5.1 ... in Normal");
	ok(!v.wakes_kswapd && !v.wakes_kcompactd, "§5.1 no kswapd wake");
	cc_alloc_verdict_free(&v);

	/* Normal fails P1 when F <= 20163 + 511 = 20674, P2 when F <= 14769 + 511 = 15280 */
	sys.nodes[0].zones[2].free = 20675;
	decide(&sys, CC_REQ_THP, 9, 0, &v);
	ok(v.pass == 1 && serve_type(&v) == CC_ZT_NORMAL, "§5.1 F_Normal 20675: P1 in Normal");
	cc_alloc_verdict_free(&v);
	sys.nodes[0].zones[2].free = 20674;
	decide(&sys, CC_REQ_THP, 9, 0, &v);
	ok(v.pass == 1 && serve_type(&v) == CC_ZT_DMA32,
	   "§5.1 F_Normal 20674: Normal fails P1, DMA32 serves at P1 (771272 > 23958)");
	cc_alloc_verdict_free(&v);
	/* DMA32 at 23958 + 511 = 24469 fails P1, passes P2 (24469 - 511 > 2115 + 21071) */
	sys.nodes[0].zones[1].free = 24469;
	decide(&sys, CC_REQ_THP, 9, 0, &v);
	ok(v.pass == 2 && serve_type(&v) == CC_ZT_NORMAL,
	   "§5.1 F_Normal 20674, F_DMA32 24469: nobody passes P1, Normal serves at P2 "
	   "(20163 > 14769)");
	is_int(zr(&v, CC_ZT_NORMAL)->outcome, CC_ZO_PASS_MIN, "§2.1 Normal: pass_min");
	ok(!v.wakes_kswapd, "§5.1 the THP mask has no __GFP_KSWAPD_RECLAIM: no wake");
	cc_alloc_verdict_free(&v);
	sys.nodes[0].zones[2].free = 15280;
	sys.nodes[0].zones[1].free = 23697;
	decide(&sys, CC_REQ_THP, 9, 0, &v);
	is_int(v.pass, 0, "§5.1 F_Normal 15280, F_DMA32 23697 (<= 2115 + 21071 + 511): no zone");
	is_int(v.cause, CC_AC_BELOW_WATERMARK, "... below the watermark: reclaim helps");
	ok(v.reclaim_helps, "... reclaim_helps");
	is_int(cause_type(&v), CC_ZT_NORMAL, "... about Normal, the first zone with blocks");
	cc_alloc_verdict_free(&v);
	cc_alloc_system_free(&sys);
}

static void ad5_hugetlb(void)
{
	struct cc_alloc_system sys;
	struct cc_alloc_verdict v;
	const struct cc_alloc_zone_result *r;

	ad5_system(&sys, CC_KVER(6, 18, 44));
	decide(&sys, CC_REQ_HUGETLB, 9, 0, &v);
	ok(v.thisnode, "§5.2 __GFP_THISNODE: NOFALLBACK list");
	is_int(v.flags_fast, CC_ALLOC_WMARK_LOW | CC_ALLOC_KSWAPD | CC_ALLOC_NOFRAGMENT,
	       "§5.2 P1 WMARK_LOW|ALLOC_KSWAPD|ALLOC_NOFRAGMENT");
	is_int(v.flags_slow, CC_ALLOC_WMARK_MIN | CC_ALLOC_CPUSET | CC_ALLOC_KSWAPD,
	       "§5.2 P2 WMARK_MIN|ALLOC_CPUSET|ALLOC_KSWAPD");
	ok(v.pass == 1 && serve_type(&v) == CC_ZT_NORMAL, "§5.2 succeeds at P1 in Normal");
	ok(v.may_compact && v.direct_reclaim, "§5.2 may reclaim and compact");
	r = zr(&v, CC_ZT_DMA);
	is_int(r->compact_rhs, 25127, "§5.2 DMA compaction: 13 + 1024 + 24090 = 25127");
	ok(!r->compaction_suitable, "§5.2 DMA: 3840 > 25127 fails: COMPACT_SKIPPED");
	ok(zr(&v, CC_ZT_NORMAL)->fragindex == -1000 && zr(&v, CC_ZT_DMA32)->fragindex == -1000 &&
	   r->fragindex == -1000, "§5.2 fragmentation index -1000 in all three zones");
	cc_alloc_verdict_free(&v);
	cc_alloc_system_free(&sys);
}

static void ad5_other_classes(void)
{
	struct cc_alloc_system sys;
	struct cc_alloc_verdict v;
	const struct cc_alloc_zone_result *r;

	ad5_system(&sys, CC_KVER(6, 18, 44));
	decide(&sys, CC_REQ_DMA32, 9, 0, &v);
	is_int(v.hz, 1, "§5.3 GFP_KERNEL|GFP_DMA32: hz = 1");
	r = zr(&v, CC_ZT_DMA);
	ok(r->walk == 1 && r->low.needed == 13 + 3018 && r->low.ok,
	   "§5.3 DMA usable for dma32: 3329 > 13 + 3018 = 3031");
	is_int(zr(&v, CC_ZT_NORMAL)->outcome, CC_ZO_ZONE_MODIFIER,
	       "§1.1 Normal is above gfp_zone(GFP_DMA32)");
	cc_alloc_verdict_free(&v);

	decide(&sys, CC_REQ_ATOMIC, 9, 0, &v);
	is_int(v.flags_slow, CC_ALLOC_WMARK_MIN | CC_ALLOC_MIN_RESERVE | CC_ALLOC_NON_BLOCK |
	       CC_ALLOC_HIGHATOMIC | CC_ALLOC_KSWAPD,
	       "§3 GFP_ATOMIC P2: MIN_RESERVE|NON_BLOCK|HIGHATOMIC|KSWAPD, no CPUSET");
	is_int(zr(&v, CC_ZT_NORMAL)->min.reduced, 5539, "§5.3 Normal 14769 -> 7385 -> 5539");
	is_int(zr(&v, CC_ZT_DMA32)->min.reduced, 794, "§5.3 DMA32 2115 -> 1058 -> 794");
	r = zr(&v, CC_ZT_DMA);
	is_int(r->min.reduced, 4, "§5.3 DMA 10 -> 5 -> 4");
	ok(!r->min.ok, "§5.3 DMA still fails: 3329 <= 4 + 24090");
	cc_alloc_verdict_free(&v);
	cc_alloc_system_free(&sys);
}

/* ---- version rules ---------------------------------------------------- */

/* AD §1.4: node 0 has no Normal; node 1 has DMA32 and Normal. A GFP_KERNEL
 * request from node 0 walks node0/DMA32, node1/Normal, node1/DMA32. Before
 * 5.8 the reserve index is the preferred zone's (DMA32 = 1), from 5.8 on
 * gfp_zone's (NORMAL = 2), so node 1's DMA32 is protected by 0 or 10000. */
static void hz_by_version(void)
{
	static const struct zspec n0_dma32 = {
		CC_ZT_DMA32, 500, 500, 600, 700, 100000, { 0, 0, 0, 0, 0 },
		{ 500 }, { 0 },
	};
	static const struct zspec n1_dma32 = {
		CC_ZT_DMA32, 5000, 500, 600, 700, 100000, { 0, 0, 10000, 10000, 10000 },
		{ 5000 }, { 0 },
	};
	static const struct zspec n1_normal = {
		CC_ZT_NORMAL, 100, 500, 600, 700, 2560000, { 0, 0, 0, 0, 0 },
		{ 100 }, { 0 },
	};
	struct cc_alloc_system sys;
	struct cc_alloc_verdict v;

	x86_system(&sys, CC_KVER(4, 19, 0));
	node3(&sys, 0, NULL, &n0_dma32, NULL);
	node3(&sys, 1, NULL, &n1_dma32, &n1_normal);
	decide(&sys, CC_REQ_KERNEL, 0, 0, &v);
	is_int(v.hz, 1, "4.19: classzone_idx = preferred zone node0/DMA32 = 1");
	ok(v.nzones == 3 && v.zones[1].node == 1 && v.zones[1].type == CC_ZT_NORMAL &&
	   v.zones[2].type == CC_ZT_DMA32, "walk node0/DMA32, node1/Normal, node1/DMA32");
	/* node0 DMA32: 500 <= 600; node1 Normal 100 <= 600; node1 DMA32 5000 > 600 + 0 */
	ok(v.pass == 1 && v.zones[v.serve].node == 1 && serve_type(&v) == CC_ZT_DMA32,
	   "4.19: node1/DMA32 serves (5000 > 600 + R[1] = 600)");
	cc_alloc_verdict_free(&v);
	sys.kver = CC_KVER(6, 1, 0);
	decide(&sys, CC_REQ_KERNEL, 0, 0, &v);
	is_int(v.hz, 2, "6.1: highest_zoneidx = gfp_zone = NORMAL = 2");
	is_int(v.pass, 0, "6.1: node1/DMA32 fails (5000 <= 500 + R[2] = 10500 at P2)");
	is_int(v.zones[2].outcome, CC_ZO_RESERVE, "6.1: ... by its lowmem_reserve");
	cc_alloc_verdict_free(&v);
	cc_alloc_system_free(&sys);
}

/* AD §2.2: the highatomic term. Normal: 2 reserved HighAtomic pageblocks
 * (1024 pages) of which 100 pages are free; F = 2000, min 1000. GFP_KERNEL
 * order 4 needs F - 15 - HA > 1000: 4.19 and 6.1 subtract the reserved 1024
 * (2000 - 15 - 1024 = 961 fails), 6.12+ the free 100 (1885 passes). */
static void highatomic_by_version(void)
{
	static const struct zspec normal = {
		CC_ZT_NORMAL, 2000, 1000, 1200, 1400, 100000, { 0, 0, 0, 0, 0 },
		{ 1000, 0, 0, 0, 0, 20 }, { [0] = MOV, [5] = MOV },
	};
	static const int kv[3] = { CC_KVER(4, 19, 0), CC_KVER(6, 1, 0), CC_KVER(6, 12, 0) };
	static const bool pass[3] = { false, false, true };
	struct cc_alloc_system sys;
	struct cc_alloc_verdict v;

	for (int i = 0; i < 3; i++) {
		x86_system(&sys, kv[i]);
		node3(&sys, 0, NULL, NULL, &normal);
		sys.nodes[0].zones[0].reserved_highatomic = 1024;
		sys.nodes[0].zones[0].free_highatomic = 100;
		decide(&sys, CC_REQ_KERNEL, 4, 0, &v);
		is_int(zr(&v, CC_ZT_NORMAL)->min.highatomic, i < 2 ? 1024 : 100,
		       "%s: HA term %s", i == 0 ? "4.19" : i == 1 ? "6.1" : "6.12",
		       i < 2 ? "nr_reserved_highatomic 1024" : "nr_free_highatomic 100");
		is_int(v.pass != 0, pass[i], "%s: order 4 at F 2000 %s",
		       i == 0 ? "4.19" : i == 1 ? "6.1" : "6.12",
		       pass[i] ? "passes (1885 > 1000)" : "fails (961 <= 1000): highatomic");
		if (!pass[i])
			is_int(v.cause, CC_AC_HIGHATOMIC_ONLY,
			       "... cause highatomic_only (passes without the 1024)");
		cc_alloc_verdict_free(&v);
		cc_alloc_system_free(&sys);
	}
}

/* AD §2.2, §2.3, §3: GFP_NOWAIT (kswapd only) is charged the highatomic
 * term on 4.19 (no __GFP_ATOMIC, no HARDER) but not on 6.1+ (ALLOC_NON_BLOCK
 * is an ALLOC_RESERVES flag); neither reduces the mark. Normal F 2000, min
 * 1000, low 1200, 1024 reserved HighAtomic pages. GFP_ATOMIC: the same mark
 * (Wmin/2*3/4) in both schemes, its mask carries __GFP_ATOMIC on 4.4-6.2. */
static void reductions_by_version(void)
{
	static const struct zspec normal = {
		CC_ZT_NORMAL, 2000, 1000, 1200, 1400, 100000, { 0, 0, 0, 0, 0 },
		{ 1000, 500 }, { [0] = MOV, [1] = MOV },
	};
	const cc_gfp_t nowait = CC_GFP(KSWAPD_RECLAIM) | CC_GFP(NOWARN);
	struct cc_alloc_system sys;
	struct cc_alloc_verdict v;

	x86_system(&sys, CC_KVER(4, 19, 0));
	node3(&sys, 0, NULL, NULL, &normal);
	sys.nodes[0].zones[0].reserved_highatomic = 1024;
	cc_alloc_decide(&sys, nowait, 1, 0, &v);
	/* 2000 - 1 - 1024 = 975 <= 1000 */
	ok(v.zones[0].min.highatomic == 1024 && v.zones[0].min.reduced == 1000 && !v.pass,
	   "4.19 GFP_NOWAIT order 1: HA charged, mark 1000 kept: 975 <= 1000 fails");
	cc_alloc_verdict_free(&v);
	/* zone_watermark_fast 4.19-5.8: order 0 passes on F - CMA > mark + R,
	 * the highatomic term ignored: 2000 > 1200 at P1 */
	cc_alloc_decide(&sys, nowait, 0, 0, &v);
	is_int(v.pass, 1, "4.19 GFP_NOWAIT order 0: the fast path ignores HA (2000 > 1200)");
	cc_alloc_verdict_free(&v);
	sys.kver = CC_KVER(5, 10, 0);
	cc_alloc_decide(&sys, nowait, 0, 0, &v);
	is_int(v.pass, 0, "5.10 GFP_NOWAIT order 0: the fast path charges HA (976 <= 1000)");
	cc_alloc_verdict_free(&v);
	sys.kver = CC_KVER(4, 19, 0);
	ok(cc_req_gfp(&sys, CC_REQ_ATOMIC, NULL) & CC_GFP(ATOMIC),
	   "4.19 GFP_ATOMIC carries __GFP_ATOMIC");
	decide(&sys, CC_REQ_ATOMIC, 0, 0, &v);
	ok(v.flags_slow == (CC_ALLOC_WMARK_MIN | CC_ALLOC_HIGH | CC_ALLOC_HARDER) &&
	   v.zones[0].min.reduced == 375,
	   "4.19 GFP_ATOMIC: HIGH|HARDER (no ALLOC_KSWAPD before 5.0), 1000 -> 500 -> 375");
	cc_alloc_verdict_free(&v);

	sys.kver = CC_KVER(6, 1, 0);
	cc_alloc_decide(&sys, nowait, 1, 0, &v);
	ok(v.flags_slow == (CC_ALLOC_WMARK_MIN | CC_ALLOC_CPUSET | CC_ALLOC_NON_BLOCK |
			    CC_ALLOC_HIGHATOMIC | CC_ALLOC_KSWAPD) &&
	   v.zones[0].min.highatomic == 0 && v.zones[0].min.reduced == 1000 && v.pass == 2,
	   "6.1 GFP_NOWAIT order 1: NON_BLOCK exempts HA, reduces nothing: 1999 > 1000");
	cc_alloc_verdict_free(&v);
	ok(!(cc_req_gfp(&sys, CC_REQ_ATOMIC, NULL) & CC_GFP(ATOMIC)),
	   "6.1 GFP_ATOMIC has no __GFP_ATOMIC");
	decide(&sys, CC_REQ_ATOMIC, 0, 0, &v);
	is_int(v.zones[0].min.reduced, 375, "6.1 GFP_ATOMIC: 1000 -> 500 -> 375");
	cc_alloc_verdict_free(&v);

	/* GFP_NOWAIT order 1: ALLOC_HIGHATOMIC on 6.1 .. 6.16, only with
	 * __GFP_HIGH from 6.17 (6a204d4b14c9) */
	cc_alloc_decide(&sys, nowait, 1, 0, &v);
	ok(v.flags_slow & CC_ALLOC_HIGHATOMIC, "6.1 GFP_NOWAIT order 1: ALLOC_HIGHATOMIC");
	cc_alloc_verdict_free(&v);
	sys.kver = CC_KVER(6, 18, 0);
	cc_alloc_decide(&sys, nowait, 1, 0, &v);
	ok(!(v.flags_slow & CC_ALLOC_HIGHATOMIC), "6.18 GFP_NOWAIT order 1: no ALLOC_HIGHATOMIC");
	cc_alloc_verdict_free(&v);
	cc_alloc_system_free(&sys);
}

/* <= 4.3 (alloc-failure-reports.md §5.5): the high-order part subtracts
 * each lower order's free pages and halves the mark. Normal F = 1000, low
 * 500, order 2 at P1: (A) 1000 - 3 = 997 > 500; o=0: 997 - 600 = 397 > 250;
 * o=1: 397 - 2*100 = 197 > 125: passes. With 150 order-1 blocks: 397 - 300
 * = 97 <= 125 fails at low, and 97 <= 100 at min (400). */
static void old_order_loop(void)
{
	struct zspec normal = {
		CC_ZT_NORMAL, 1000, 400, 500, 600, 100000, { 0, 0, 0, 0 },
		{ 600, 100, 25 }, { 0 },
	};
	struct cc_alloc_system sys;
	struct cc_alloc_verdict v;

	x86_system(&sys, CC_KVER(3, 10, 0));
	node3(&sys, 0, NULL, NULL, &normal);
	ok(cc_req_gfp(&sys, CC_REQ_KERNEL, NULL) & CC_GFP(WAIT), "3.10 GFP_KERNEL has __GFP_WAIT");
	decide(&sys, CC_REQ_KERNEL, 2, 0, &v);
	is_int(v.pass, 1, "3.10 order 2: 997 > 500, 397 > 250, 197 > 125: passes at low");
	cc_alloc_verdict_free(&v);
	/* 136 order-1 blocks: 397 - 272 = 125 <= 125 fails at low, > 100 passes
	 * at min (only with the 2^k - 1 = 3 pages taken first) */
	sys.nodes[0].zones[0].nr_free[1] = 136;
	decide(&sys, CC_REQ_KERNEL, 2, 0, &v);
	is_int(v.pass, 2, "3.10 order 2 with 136 order-1 blocks: 125 <= 125 at low, > 100 at min");
	cc_alloc_verdict_free(&v);
	sys.nodes[0].zones[0].nr_free[1] = 150;
	decide(&sys, CC_REQ_KERNEL, 2, 0, &v);
	ok(!v.pass, "3.10 order 2 with 150 order-1 blocks: 97 <= 125 and <= 100 fails");
	cc_alloc_verdict_free(&v);
	cc_alloc_system_free(&sys);
}

/* ---- one system per cause ---------------------------------------------- */

/* issue 13: Normal and DMA32 have no order-9 block, DMA has 7 (1 + 2*3);
 * DMA's 3840 free pages are below its protection for Normal requests
 * (3840 - 511 = 3329 <= min 12 + R[3] 21067). Normal and DMA32 hold 8000
 * order-7 blocks each (1,024,000 pages): F_9 = 1000 - (1000 +
 * 1000*1024000/512)/8000 = 1000 - 2001000/8000 = 1000 - 250 = 750. */
static void cause_zone_not_allowed(void)
{
	static const struct zspec dma = {
		CC_ZT_DMA, 3840, 12, 15, 18, 3840, { 0, 3019, 21067, 21067, 21067 },
		{ 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 3 }, { 0 },
	};
	static const struct zspec dma32 = {
		CC_ZT_DMA32, 1024000, 2419, 3191, 3963, 1100000, { 0, 0, 18048, 18048, 18048 },
		{ 0, 0, 0, 0, 0, 0, 0, 8000 }, { 0 },
	};
	static const struct zspec normal = {
		CC_ZT_NORMAL, 1024000, 14464, 19084, 23704, 4620288, { 0 },
		{ 0, 0, 0, 0, 0, 0, 0, 8000 }, { 0 },
	};
	struct cc_alloc_system sys;
	struct cc_alloc_verdict v;

	x86_system(&sys, CC_KVER(6, 18, 44));
	node3(&sys, 0, &dma, &dma32, &normal);
	decide(&sys, CC_REQ_HUGETLB, 9, 0, &v);
	is_int(v.pass, 0, "issue 13: no zone can serve hugetlb order 9");
	is_int(v.cause, CC_AC_ZONE_NOT_ALLOWED, "issue 13: cause zone_not_allowed");
	is_int(cause_type(&v), CC_ZT_DMA, "issue 13: ... the blocks are in DMA");
	is_int(v.unusable_blocks, 7, "issue 13: 7 unusable order-9 blocks (1 + 2*3)");
	is_int(zr(&v, CC_ZT_DMA)->outcome, CC_ZO_RESERVE,
	       "issue 13: DMA 3840 - 511 = 3329 <= 12 + 21067");
	is_int(zr(&v, CC_ZT_NORMAL)->fragindex, 750,
	       "F_9(Normal) = 1000 - (1000 + 2000000)/8000 = 750");
	is_int(zr(&v, CC_ZT_NORMAL)->outcome, CC_ZO_FRAGMENTED, "Normal: 750 > 500 fragmented");
	ok(v.compaction_helps, "compaction helps (Normal 1024000 > 19084 + 1024)");
	ok(!v.reclaim_helps, "reclaim does not");
	cc_alloc_verdict_free(&v);
	cc_alloc_system_free(&sys);
}

/* HighAtomic- and CMA-only blocks (pagetypeinfo types). Normal (6.18):
 * F = 100000, min 1000; its only order >= 9 block is HighAtomic (1 block,
 * reserved 512 pages, all free). hugetlb: (A) 100000 - 511 - 512 > 1000,
 * (B) no allowed list -> highatomic. GFP_ATOMIC order 9: ALLOC_HIGHATOMIC
 * takes the H list -> passes. A CMA-only variant for GFP_KERNEL order 9. */
static void cause_reserved_lists(void)
{
	static const struct zspec normal = {
		CC_ZT_NORMAL, 100000, 1000, 1200, 1400, 1000000, { 0 },
		{ 99488, 0, 0, 0, 0, 0, 0, 0, 0, 1 }, { [0] = MOV, [9] = HA },
	};
	struct cc_alloc_system sys;
	struct cc_alloc_verdict v;

	x86_system(&sys, CC_KVER(6, 18, 0));
	node3(&sys, 0, NULL, NULL, &normal);
	sys.nodes[0].zones[0].reserved_highatomic = 512;
	sys.nodes[0].zones[0].free_highatomic = 512;
	decide(&sys, CC_REQ_HUGETLB, 9, 0, &v);
	ok(!v.pass && v.cause == CC_AC_HIGHATOMIC_ONLY && v.zones[0].outcome == CC_ZO_HIGHATOMIC,
	   "hugetlb order 9, only a HighAtomic block: highatomic_only");
	is_int(v.zones[0].min.highatomic, 512, "... the 512 free HighAtomic pages are charged");
	cc_alloc_verdict_free(&v);
	decide(&sys, CC_REQ_ATOMIC, 9, 0, &v);
	ok(v.pass == 2 && v.zones[0].min.list_order == 9 && v.zones[0].min.highatomic == 0,
	   "GFP_ATOMIC order 9: ALLOC_HIGHATOMIC uses the block at P2, HA not charged");
	cc_alloc_verdict_free(&v);
	cc_alloc_system_free(&sys);

	x86_system(&sys, CC_KVER(6, 18, 0));
	sys.cma = 1;
	node3(&sys, 0, NULL, NULL, &normal);
	sys.nodes[0].zones[0].mt_nonempty[9] = CMA;
	sys.nodes[0].zones[0].free_cma = 512;
	decide(&sys, CC_REQ_KERNEL, 9, 0, &v);
	ok(!v.pass && v.cause == CC_AC_CMA_ONLY && v.zones[0].min.cma == 512,
	   "GFP_KERNEL order 9, only a CMA block: cma_only, free_cma charged");
	cc_alloc_verdict_free(&v);
	decide(&sys, CC_REQ_HUGETLB, 9, 0, &v);
	ok(v.pass == 1 && (v.flags_fast & CC_ALLOC_CMA), "hugetlb (movable): ALLOC_CMA passes");
	cc_alloc_verdict_free(&v);
	/* only the free CMA pages keep (A) above the mark: 1600 - 1 - 700 <= 1000 */
	sys.nodes[0].zones[0].free = 1600;
	sys.nodes[0].zones[0].free_cma = 700;
	sys.nodes[0].zones[0].mt_nonempty[9] = UNM;
	decide(&sys, CC_REQ_KERNEL, 1, 0, &v);
	ok(!v.pass && v.zones[0].outcome == CC_ZO_CMA && v.cause == CC_AC_CMA_ONLY,
	   "GFP_KERNEL order 1: 1600 - 1 - 700 = 899 <= 1000, passes without CMA: cma_only");
	cc_alloc_verdict_free(&v);
	cc_alloc_system_free(&sys);
}

/* Boost: Normal min 1000 of which boost 600 (printed min 1600). GFP_KERNEL
 * order 0 with F = 1500: 1500 <= 1600 fails; without boost 1500 > 1000:
 * cause boost (below_watermark). GFP_ATOMIC order 0: mark 1600 -> 800 ->
 * 600, passes anyway; with F = 500: 500 <= 600 fails, and the boost-less
 * retry (1000 -> 500 -> 375) passes. */
static void cause_boost(void)
{
	static const struct zspec normal = {
		CC_ZT_NORMAL, 1500, 1600, 1850, 2100, 100000, { 0 }, { 1500 }, { [0] = MOV },
	};
	struct cc_alloc_system sys;
	struct cc_alloc_verdict v;

	x86_system(&sys, CC_KVER(6, 18, 0));
	node3(&sys, 0, NULL, NULL, &normal);
	sys.nodes[0].zones[0].boost = 600;
	decide(&sys, CC_REQ_KERNEL, 0, 0, &v);
	ok(!v.pass && v.zones[0].outcome == CC_ZO_BOOST && v.cause == CC_AC_BELOW_WATERMARK,
	   "GFP_KERNEL order 0, F 1500: fails only by the boost (1500 > 1000)");
	ok(v.wakes_kswapd && v.reclaim_helps, "... kswapd woken, reclaim helps");
	cc_alloc_verdict_free(&v);
	sys.nodes[0].zones[0].free = 500;
	sys.nodes[0].zones[0].nr_free[0] = 500;
	decide(&sys, CC_REQ_ATOMIC, 0, 0, &v);
	ok(v.pass == 2 && v.zones[0].min.boost_retry && v.zones[0].min.reduced == 375,
	   "GFP_ATOMIC order 0, F 500: passes on the boost-less retry (500 > 375)");
	cc_alloc_verdict_free(&v);
	cc_alloc_system_free(&sys);
}

/* Atomic below min, and fragmented vs low memory. Normal min 1000, low
 * 1250: F = 700. GFP_KERNEL order 0: 700 <= 1000 below_watermark.
 * GFP_ATOMIC: 1000 -> 500 -> 375, 700 > 375 passes at P2, kswapd woken. */
static void cause_watermark_and_atomic(void)
{
	static const struct zspec normal = {
		CC_ZT_NORMAL, 700, 1000, 1250, 1500, 100000, { 0 }, { 700 }, { [0] = MOV },
	};
	struct cc_alloc_system sys;
	struct cc_alloc_verdict v;

	x86_system(&sys, CC_KVER(6, 18, 0));
	node3(&sys, 0, NULL, NULL, &normal);
	decide(&sys, CC_REQ_KERNEL, 0, 0, &v);
	ok(!v.pass && v.cause == CC_AC_BELOW_WATERMARK && v.zones[0].outcome == CC_ZO_WATERMARK,
	   "GFP_KERNEL order 0, F 700 <= 1000: below_watermark");
	cc_alloc_verdict_free(&v);
	decide(&sys, CC_REQ_ATOMIC, 0, 0, &v);
	ok(v.pass == 2 && v.wakes_kswapd && !v.wakes_kcompactd,
	   "GFP_ATOMIC order 0: 700 > 375 at P2, kswapd woken (700 <= high 1500), not kcompactd");
	cc_alloc_verdict_free(&v);
	/* unreclaimable node, balanced or not: kswapd skipped; atomic has no
	 * direct reclaim -> kcompactd instead */
	sys.nodes[0].unreclaimable = 1;
	decide(&sys, CC_REQ_ATOMIC, 0, 0, &v);
	ok(!v.wakes_kswapd && v.wakes_kcompactd, "unreclaimable node: kcompactd instead");
	cc_alloc_verdict_free(&v);
	cc_alloc_system_free(&sys);
}

/* No block >= 9: 1024 order-8 blocks (262144 pages) in Normal, NB 1024:
 * F_9 = 1000 - (1000 + 1000*262144/512)/1024 = 1000 - 513000/1024 = 1000 -
 * 500 = 500 <= 500: low memory. With 2048 order-7 blocks (same pages):
 * 1000 - 513000/2048 = 1000 - 250 = 750: fragmented. */
static void cause_fragmented_low_memory(void)
{
	static const struct zspec normal = {
		CC_ZT_NORMAL, 262144, 1000, 1250, 1500, 1000000, { 0 },
		{ 0, 0, 0, 0, 0, 0, 0, 0, 1024 }, { [8] = MOV },
	};
	struct cc_alloc_system sys;
	struct cc_alloc_verdict v;

	x86_system(&sys, CC_KVER(6, 18, 0));
	node3(&sys, 0, NULL, NULL, &normal);
	decide(&sys, CC_REQ_HUGETLB, 9, 0, &v);
	ok(!v.pass && v.cause == CC_AC_LOW_MEMORY && v.zones[0].fragindex == 500,
	   "1024 order-8 blocks: F_9 = 500 <= 500, low_memory");
	ok(v.reclaim_helps && !v.compaction_helps, "... reclaim helps, compaction does not");
	cc_alloc_verdict_free(&v);
	sys.nodes[0].zones[0].nr_free[8] = 0;
	sys.nodes[0].zones[0].nr_free[7] = 2048;
	sys.nodes[0].zones[0].mt_nonempty[7] = MOV;
	decide(&sys, CC_REQ_HUGETLB, 9, 0, &v);
	ok(!v.pass && v.cause == CC_AC_FRAGMENTED && v.zones[0].fragindex == 750,
	   "2048 order-7 blocks: F_9 = 750 > 500, fragmented");
	ok(v.compaction_helps && !v.reclaim_helps, "... compaction helps");
	cc_alloc_verdict_free(&v);
	/* without pagetypeinfo (B) is approximated and said so */
	sys.nodes[0].zones[0].lists_src = CC_LISTS_NONE;
	decide(&sys, CC_REQ_HUGETLB, 9, 0, &v);
	ok(v.cause == CC_AC_FRAGMENTED && v.lists_approx, "buddyinfo only: lists_approx");
	cc_alloc_verdict_free(&v);
	cc_alloc_system_free(&sys);
}

/* defrag_mode (6.15+): order 3 unmovable, Normal's only blocks >= 3 are
 * Movable order-4 (not a whole pageblock): without defrag_mode P1 passes
 * (NOFRAGMENT only picks the zone), with it no zone has a page. */
static void nofragment_defrag_mode(void)
{
	static const struct zspec normal = {
		CC_ZT_NORMAL, 100000, 1000, 1250, 1500, 1000000, { 0 },
		{ 99984, 0, 0, 0, 1 }, { [0] = MOV, [4] = MOV },
	};
	struct cc_alloc_system sys;
	struct cc_alloc_verdict v;

	x86_system(&sys, CC_KVER(6, 18, 0));
	node3(&sys, 0, NULL, NULL, &normal);
	decide(&sys, CC_REQ_KERNEL, 3, 0, &v);
	is_int(v.pass, 1, "defrag_mode 0: order-3 unmovable passes P1 (fallback after NOFRAGMENT)");
	cc_alloc_verdict_free(&v);
	sys.defrag_mode = 1;
	decide(&sys, CC_REQ_KERNEL, 3, 0, &v);
	ok(!v.pass && v.zones[0].outcome == CC_ZO_NOFRAGMENT && v.cause == CC_AC_FRAGMENTED,
	   "defrag_mode 1: no own-type block, no whole pageblock: nofragment");
	cc_alloc_verdict_free(&v);
	cc_alloc_system_free(&sys);
}

/* AD §1.2: zonelists hold populated zones (v4.4, >= 5.18) or managed ones
 * (v4.19 .. 5.17). An empty Movable zone is never walked; a DMA zone with
 * present pages but none managed is walked on 6.18, not on 4.19. */
static void zonelist_membership(void)
{
	struct cc_alloc_system sys;
	struct cc_alloc_verdict v;
	struct cc_alloc_node *n;

	ad5_system(&sys, CC_KVER(6, 18, 0));
	n = &sys.nodes[0];
	cc_alloc_zone_init(&n->zones[n->nzones++], CC_ZT_MOVABLE);
	n->zones[3].present = n->zones[3].managed = 0;
	n->zones[0].managed = 0;
	decide(&sys, CC_REQ_THP, 9, 0, &v);
	ok(v.nzones == 3 && v.zones[0].type == CC_ZT_NORMAL && v.zones[2].type == CC_ZT_DMA,
	   "6.18: empty Movable not walked; DMA (present, not managed) walked");
	cc_alloc_verdict_free(&v);
	sys.kver = CC_KVER(4, 19, 0);
	decide(&sys, CC_REQ_THP, 9, 0, &v);
	ok(v.zones[0].walk == 0 && v.zones[1].walk == 1 && v.zones[2].walk == -1 &&
	   v.zones[2].type == CC_ZT_DMA, "4.19: DMA with managed 0 is not in the zonelist");
	cc_alloc_verdict_free(&v);
	cc_alloc_system_free(&sys);
}

/* <= 4.3, MIGRATE_RESERVE blocks are the allocator's last fallback: usable.
 * Normal below min (F 900 <= 1000) with its only order-9 block on the
 * Reserve list: below_watermark, not a block the request may not use. Then
 * the same zone without watermarks (no zoneinfo): unknown. */
static void reserve_and_unknown(void)
{
	static const struct zspec normal = {
		CC_ZT_NORMAL, 900, 1000, 1250, 1500, 100000, { 0 },
		{ 388, 0, 0, 0, 0, 0, 0, 0, 0, 1 },
		{ [0] = MOV, [9] = CC_MT_BIT(CC_MT_RESERVE) },
	};
	struct cc_alloc_system sys;
	struct cc_alloc_verdict v;

	x86_system(&sys, CC_KVER(3, 10, 0));
	node3(&sys, 0, NULL, NULL, &normal);
	decide(&sys, CC_REQ_KERNEL, 9, 0, &v);
	ok(v.cause == CC_AC_BELOW_WATERMARK && v.unusable_blocks == 0 && v.reclaim_helps,
	   "3.10: a Reserve block counts as usable: below_watermark (900 - 511 <= 1000), "
	   "reclaim helps");
	cc_alloc_verdict_free(&v);
	sys.nodes[0].zones[0].min = sys.nodes[0].zones[0].low = sys.nodes[0].zones[0].free = -1;
	sys.nodes[0].zones[0].mt_nonempty[9] = HA;
	sys.kver = CC_KVER(6, 18, 0);
	decide(&sys, CC_REQ_KERNEL, 9, 0, &v);
	is_int(v.cause, CC_AC_UNKNOWN, "no watermarks: unknown, whatever the blocks");
	cc_alloc_verdict_free(&v);
	cc_alloc_system_free(&sys);
}

static void misc(void)
{
	struct cc_alloc_system sys;
	struct cc_alloc_verdict v;

	is_int(cc_kver_parse("6.18.44-fc-v857"), CC_KVER(6, 18, 44), "kver 6.18.44-fc-v857");
	is_int(cc_kver_parse("4.19.0-6-amd64"), CC_KVER(4, 19, 0), "kver 4.19.0-6-amd64");
	is_int(cc_kver_parse("2.6.31"), CC_KVER(2, 6, 31), "kver 2.6.31");
	is_int(cc_kver_parse("5.10"), CC_KVER(5, 10, 0), "kver 5.10");
	is_int(cc_kver_parse("?"), 0, "kver ? unknown");
	is_int(cc_thp_defrag_parse("always defer defer+madvise [madvise] never"),
	       CC_THP_DEFRAG_MADVISE, "defrag [madvise]");
	is_int(cc_thp_defrag_parse("defer+madvise"), CC_THP_DEFRAG_DEFER_MADVISE,
	       "defrag defer+madvise");
	is_int(cc_amt_from_letter('H'), CC_MT_HIGHATOMIC, "letter H");
	is_int(cc_amt_from_name("Reclaimable"), CC_MT_RECLAIMABLE, "name Reclaimable");
	is_int(cc_req_class_from_name("dma32"), CC_REQ_DMA32, "class dma32");
	ad5_system(&sys, 0);
	is_int(cc_alloc_decide(&sys, 0, 9, 7, &v), -1, "no node 7");
	decide(&sys, CC_REQ_THP, 11, 0, &v);
	ok(v.cause == CC_AC_TOO_LARGE && v.version_assumed, "order 11 > MAX_PAGE_ORDER 10");
	cc_alloc_verdict_free(&v);
	sys.thp_enabled_always = true;
	ok(cc_req_gfp(&sys, CC_REQ_THP, NULL) == (GFP_TRANSHUGE_LIGHT_T | CC_GFP(THISNODE) |
						  CC_GFP(NORETRY)),
	   "THP enabled=always, defrag=madvise, not madvised: GFP_TRANSHUGE_LIGHT");
	cc_alloc_system_free(&sys);
}

int main(void)
{
	ad5_thp();
	ad5_hugetlb();
	ad5_other_classes();
	hz_by_version();
	highatomic_by_version();
	reductions_by_version();
	old_order_loop();
	cause_zone_not_allowed();
	cause_reserved_lists();
	cause_boost();
	cause_watermark_and_atomic();
	cause_fragmented_low_memory();
	nofragment_defrag_mode();
	zonelist_membership();
	reserve_and_unknown();
	misc();
	return tap_done();
}
