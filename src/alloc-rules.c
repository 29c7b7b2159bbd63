// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The allocator model's knowledge by kernel version (see alloc.h): ONE
 * table of version boundaries (alloc_rules[]), ONE table of request
 * classes, and the GFP mask -> zone, migratetype, alloc_flags rules. The
 * decision itself is alloc.c. Every rule cites the kernel function it
 * follows. Reference: allocator-decision.md (cited "AD §n").
 */
#include "alloc-internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compactctl.h"
#include "model.h"

#define NEWEST CC_KVER(6, 18, 0)

/* ---- version rules: one table ---------------------------------------------- */

static const struct {
	int since;		/* first mainline release */
	int backport;		/* also in this stable series from this release, 0 none */
	const char *cite;
} alloc_rules[R__N] = {
	[R_CMA_FREE] = { CC_KVER(3, 7, 0), 0,
		"mm/page_alloc.c __zone_watermark_ok, NR_FREE_CMA_PAGES (d1ce749a0db1)" },
	[R_ATOMIC_NO_KSWAPD] = { CC_KVER(3, 16, 0), 0,
		"mm/page_alloc.c gfp_to_alloc_flags v3.16 (not in v3.9.6; first version unverified)" },
	[R_RECLAIM_BITS] = { CC_KVER(4, 4, 0), 0,
		"include/linux/gfp.h v4.4: __GFP_WAIT split in two" },
	[R_FREE_LISTS] = { CC_KVER(4, 4, 0), 0,
		"mm/page_alloc.c __zone_watermark_ok v4.4 (MIGRATE_HIGHATOMIC)" },
	[R_THP_LIGHT] = { CC_KVER(4, 8, 0), 0,
		"mm/huge_memory.c alloc_hugepage_direct_gfpmask (≈v4.8, AD §3.1)" },
	[R_FAST_ORDER0] = { CC_KVER(4, 8, 0), 0,
		"mm/page_alloc.c zone_watermark_fast (48ee5f3696f6, v4.8)" },
	[R_COMPACT_COSTLY_GATE] = { CC_KVER(4, 8, 0), 0,
		"mm/compaction.c compaction_suitable, __compaction_suitable (≈v4.8, KI §2.4)" },
	[R_COMPACT_IO_ONLY] = { CC_KVER(4, 10, 0), 0,
		"mm/compaction.c try_to_compact_pages (may_perform_io) v4.10" },
	[R_RETRY_MAYFAIL] = { CC_KVER(4, 13, 0), 0,
		"include/linux/gfp.h v4.13" },
	[R_HA_LIST_ONLY] = { CC_KVER(4, 15, 0), CC_KVER(4, 14, 177),
		"mm/page_alloc.c __zone_watermark_ok (any list in v4.13.4, HighAtomic v4.15.18, v4.14.177)" },
	[R_ZONELIST_MANAGED] = { CC_KVER(4, 19, 0), 0,
		"mm/page_alloc.c build_zonerefs_node v4.19 (managed_zone; first version unverified)" },
	[R_NOFRAGMENT] = { CC_KVER(5, 0, 0), 0,
		"mm/page_alloc.c alloc_flags_nofragment, boost_watermark (≈v5.0)" },
	[R_HZ_GFP_ZONE] = { CC_KVER(5, 8, 0), 0,
		"mm/page_alloc.c prepare_alloc_pages: ac->highest_zoneidx v5.8 (classzone_idx before)" },
	[R_BOOST_RETRY] = { CC_KVER(5, 9, 0), 0,
		"mm/page_alloc.c zone_watermark_fast (absent v5.8.1, present v5.11.14)" },
	[R_FAST_UNUSABLE] = { CC_KVER(5, 10, 0), 0,
		"mm/page_alloc.c __zone_watermark_unusable_free (≈v5.10)" },
	[R_ZONELIST_POPULATED] = { CC_KVER(5, 18, 0), CC_KVER(5, 15, 85),
		"mm/page_alloc.c build_zonerefs_node: populated_zone (≈v5.18; 5.15.85 has it)" },
	[R_ALLOC_RESERVES] = { CC_KVER(6, 3, 0), CC_KVER(6, 1, 0),
		"mm/page_alloc.c gfp_to_alloc_flags, __zone_watermark_ok v6.3; in 6.1.192 "
		"(first 6.1.y release unverified: taken as all of 6.1.y)" },
	[R_FREE_HIGHATOMIC] = { CC_KVER(6, 12, 0), 0,
		"mm/page_alloc.c __zone_watermark_unusable_free: nr_free_highatomic "
		"(present v6.12.117, absent v6.1.192)" },
	[R_DEFRAG_MODE] = { CC_KVER(6, 15, 0), 0,
		"mm/page_alloc.c alloc_flags_nofragment, gfp_to_alloc_flags (e3aa7df331bc, v6.15)" },
	[R_HIGHATOMIC_NEEDS_HIGH] = { CC_KVER(6, 17, 0), CC_KVER(6, 12, 54),
		"mm/page_alloc.c gfp_to_alloc_flags (6a204d4b14c9, 2025-08; 6.12.y backport)" },
};

static int kver_of(const struct cc_alloc_system *sys)
{
	return sys->kver ? sys->kver : NEWEST;
}

bool cc_alloc_rule(const struct cc_alloc_system *sys, enum alloc_rule r)
{
	int v = kver_of(sys), b = alloc_rules[r].backport;

	if (v >= alloc_rules[r].since)
		return true;
	/* same major.minor stable series, at or after the backport */
	return b && v / 1000 == b / 1000 && v >= b;
}

int cc_kver_parse(const char *s)
{
	int part[3] = { 0, 0, 0 }, i = 0;

	if (!s || *s < '0' || *s > '9')
		return 0;
	while (i < 3) {
		long v = 0;

		if (*s < '0' || *s > '9')
			break;
		while (*s >= '0' && *s <= '9' && v < 1000)
			v = v * 10 + (*s++ - '0');
		if (v >= 1000)
			return 0;
		part[i++] = (int)v;
		if (*s != '.')
			break;
		s++;
	}
	if (i < 2 || part[0] == 0)
		return 0;
	return CC_KVER(part[0], part[1], part[2]);
}

/* ---- names ------------------------------------------------------------------ */

/* enum cc_ztype is the model's zone type order (model.c, enum zone_type) */
int cc_ztype_from_name(const char *name)
{
	return cc_zone_type_index(name);
}

const char *cc_ztype_name(enum cc_ztype t)
{
	return cc_zone_type_name((int)t);
}

/* pagetypeinfo names [mm/vmstat.c migratetype_names] and Mem-Info letters
 * [mm/page_alloc.c show_migration_types] */
static const struct {
	const char *name;
	char letter;
} amt_names[CC_MT__N] = {
	[CC_MT_UNMOVABLE] = { "Unmovable", 'U' },
	[CC_MT_MOVABLE] = { "Movable", 'M' },
	[CC_MT_RECLAIMABLE] = { "Reclaimable", 'E' },
	[CC_MT_HIGHATOMIC] = { "HighAtomic", 'H' },
	[CC_MT_CMA] = { "CMA", 'C' },
	[CC_MT_ISOLATE] = { "Isolate", 'I' },
	[CC_MT_RESERVE] = { "Reserve", 'R' },
};

int cc_amt_from_name(const char *name)
{
	for (int t = 0; t < CC_MT__N; t++)
		if (!strcmp(amt_names[t].name, name))
			return t;
	return -1;
}

int cc_amt_from_letter(char c)
{
	for (int t = 0; t < CC_MT__N; t++)
		if (amt_names[t].letter == c)
			return t;
	return -1;
}

const char *cc_amt_name(enum cc_amt t)
{
	return (unsigned)t < CC_MT__N ? amt_names[t].name : "?";
}

enum cc_thp_defrag cc_thp_defrag_parse(const char *s)
{
	static const struct { const char *w; enum cc_thp_defrag d; } words[] = {
		{ "always", CC_THP_DEFRAG_ALWAYS }, { "defer", CC_THP_DEFRAG_DEFER },
		{ "defer+madvise", CC_THP_DEFRAG_DEFER_MADVISE },
		{ "madvise", CC_THP_DEFRAG_MADVISE }, { "never", CC_THP_DEFRAG_NEVER },
	};
	const char *a = s ? strchr(s, '[') : NULL, *b;
	size_t n;

	if (!s)
		return CC_THP_DEFRAG_UNKNOWN;
	if (a) {		/* "always defer [madvise] never": the bracketed one */
		b = strchr(++a, ']');
		if (!b)
			return CC_THP_DEFRAG_UNKNOWN;
		n = (size_t)(b - a);
	} else {
		a = s;
		n = strcspn(s, " \n");
	}
	for (size_t i = 0; i < ARRAY_SIZE(words); i++)
		if (strlen(words[i].w) == n && !strncmp(words[i].w, a, n))
			return words[i].d;
	return CC_THP_DEFRAG_UNKNOWN;
}

/* ---- the system -------------------------------------------------------------- */

void cc_alloc_system_init(struct cc_alloc_system *sys)
{
	memset(sys, 0, sizeof(*sys));
	sys->page_shift = 12;
	sys->norders = 11;
	sys->pageblock_order = 9;
	sys->zone_types = 1u << CC_ZT_DMA | 1u << CC_ZT_DMA32 | 1u << CC_ZT_NORMAL |
			  1u << CC_ZT_MOVABLE;
	sys->numa = -1;
	sys->cma = -1;
	sys->compaction = -1;
	sys->extfrag_threshold = 500;
}

void cc_alloc_system_free(struct cc_alloc_system *sys)
{
	free(sys->nodes);
	sys->nodes = NULL;
	sys->nnodes = 0;
}

struct cc_alloc_node *cc_alloc_add_node(struct cc_alloc_system *sys, int id)
{
	struct cc_alloc_node *n;

	if (sys->nnodes >= 1024 || id < 0)
		return NULL;
	sys->nodes = xrealloc(sys->nodes, sys->nnodes + 1, sizeof(*sys->nodes));
	n = &sys->nodes[sys->nnodes++];
	memset(n, 0, sizeof(*n));
	n->id = id;
	n->has_cpus = -1;
	n->unreclaimable = -1;
	return n;
}

void cc_alloc_zone_init(struct cc_alloc_zone *z, enum cc_ztype type)
{
	memset(z, 0, sizeof(*z));
	z->type = type;
	z->free = z->min = z->low = z->high = -1;
	z->boost = z->present = z->managed = -1;
	z->reserved_highatomic = z->free_highatomic = z->free_pcp = -1;
}

int cc_alloc_zone_index(const struct cc_alloc_system *sys, enum cc_ztype t)
{
	if ((unsigned)t >= CC_ZT__N || !(sys->zone_types & (1u << t)))
		return -1;
	return __builtin_popcount(sys->zone_types & ((1u << t) - 1));
}

int cc_alloc_norders(const struct cc_alloc_system *sys)
{
	if (sys->norders < 1)
		return 1;
	return sys->norders > CC_ALLOC_MAX_ORDERS ? CC_ALLOC_MAX_ORDERS : sys->norders;
}

/* ---- request classes ----------------------------------------------------------- */

#define GFP_RECLAIM (CC_GFP(DIRECT_RECLAIM) | CC_GFP(KSWAPD_RECLAIM))
#define GFP_KERNEL_ (GFP_RECLAIM | CC_GFP(IO) | CC_GFP(FS))
#define GFP_HIGHUSER_MOVABLE_ (GFP_KERNEL_ | CC_GFP(HARDWALL) | CC_GFP(HIGHMEM) | \
			       CC_GFP(MOVABLE))
/* GFP_TRANSHUGE_LIGHT [include/linux/gfp_types.h v6.18] */
#define GFP_TRANSHUGE_LIGHT_ ((GFP_HIGHUSER_MOVABLE_ | CC_GFP(COMP) | \
			       CC_GFP(NOMEMALLOC) | CC_GFP(NOWARN)) & ~GFP_RECLAIM)

/* The masks as of v6.18 (AD §3); cc_req_gfp() adapts them to older layouts. */
static const struct {
	cc_gfp_t gfp;
	cc_gfp_t until_6_2;	/* added on 4.4 .. 6.2 (__GFP_ATOMIC) */
} class_masks[CC_REQ__N] = {
	[CC_REQ_THP] = { GFP_TRANSHUGE_LIGHT_, 0 },	/* + defrag, see thp_gfp() */
	/* mm/hugetlb.c alloc_buddy_hugetlb_folio v6.18, 2 MiB (movable) hstate */
	[CC_REQ_HUGETLB] = { GFP_HIGHUSER_MOVABLE_ | CC_GFP(COMP) | CC_GFP(NOWARN) |
			     CC_GFP(THISNODE) | CC_GFP(RETRY_MAYFAIL), 0 },
	[CC_REQ_KERNEL] = { GFP_KERNEL_, 0 },
	[CC_REQ_ATOMIC] = { CC_GFP(HIGH) | CC_GFP(KSWAPD_RECLAIM), CC_GFP(ATOMIC) },
	[CC_REQ_DMA32] = { GFP_KERNEL_ | CC_GFP(DMA32), 0 },
	[CC_REQ_DMA] = { GFP_KERNEL_ | CC_GFP(DMA), 0 },
};

const struct cc_req_class_desc cc_req_classes[CC_REQ__N] = {
	[CC_REQ_THP] = { "thp", "GFP_TRANSHUGE(_LIGHT)",
		"a transparent huge page fault (mask per THP defrag and madvise)" },
	[CC_REQ_HUGETLB] = { "hugetlb",
		"GFP_HIGHUSER_MOVABLE|__GFP_COMP|__GFP_NOWARN|__GFP_THISNODE|"
		"__GFP_RETRY_MAYFAIL",
		"growing the hugetlb pool by one page on the node (nr_hugepages)" },
	[CC_REQ_KERNEL] = { "kernel", "GFP_KERNEL",
		"a kernel allocation that may sleep, reclaim and compact" },
	[CC_REQ_ATOMIC] = { "atomic", "GFP_ATOMIC",
		"an atomic allocation: no sleeping, may dip below the min watermark" },
	[CC_REQ_DMA32] = { "dma32", "GFP_KERNEL|GFP_DMA32",
		"a GFP_KERNEL allocation limited to ZONE_DMA32 and below" },
	[CC_REQ_DMA] = { "dma", "GFP_KERNEL|GFP_DMA",
		"a GFP_KERNEL allocation limited to ZONE_DMA" },
};

int cc_req_class_from_name(const char *name)
{
	for (int c = 0; c < CC_REQ__N; c++)
		if (!strcmp(cc_req_classes[c].name, name))
			return c;
	return -1;
}

/* The THP fault mask by defrag setting: mm/huge_memory.c vma_thp_gfp_mask
 * v6.18 (v4.19 alloc_hugepage_direct_gfpmask, same table; AD §3); NUMA
 * kernels add __GFP_THISNODE|__GFP_NORETRY to the first, local attempt
 * [mm/mempolicy.c alloc_pages_mpol v6.18]. Before ≈4.8 only "defrag
 * applies" (GFP_TRANSHUGE with __GFP_NORETRY) or not (no reclaim bits). */
static cc_gfp_t thp_gfp(const struct cc_alloc_system *sys, bool madvised)
{
	const cc_gfp_t light = GFP_TRANSHUGE_LIGHT_, direct = CC_GFP(DIRECT_RECLAIM);
	const cc_gfp_t kswapd = CC_GFP(KSWAPD_RECLAIM);
	cc_gfp_t g;

	switch (sys->thp_defrag) {
	case CC_THP_DEFRAG_ALWAYS:
		g = light | direct | (madvised ? 0 : CC_GFP(NORETRY));
		break;
	case CC_THP_DEFRAG_DEFER:
		g = light | kswapd;
		break;
	case CC_THP_DEFRAG_DEFER_MADVISE:
		g = light | (madvised ? direct : kswapd);
		break;
	case CC_THP_DEFRAG_NEVER:
		g = light;
		break;
	default:		/* madvise, the default since 4.6 */
		g = light | (madvised ? direct : 0);
		break;
	}
	if (!cc_alloc_rule(sys, R_THP_LIGHT))
		g = (g & direct) ? light | direct | CC_GFP(NORETRY) : light;
	return g | CC_GFP(THISNODE) | CC_GFP(NORETRY);
}

cc_gfp_t cc_req_gfp(const struct cc_alloc_system *sys, enum cc_req_class c,
		    bool *madvised)
{
	bool mad = !sys->thp_enabled_always;
	cc_gfp_t g;

	if ((unsigned)c >= CC_REQ__N)
		return 0;
	if (madvised)
		*madvised = c == CC_REQ_THP && mad;
	g = c == CC_REQ_THP ? thp_gfp(sys, mad) : class_masks[c].gfp;
	if (cc_alloc_rule(sys, R_RECLAIM_BITS) && !cc_alloc_rule(sys, R_ALLOC_RESERVES))
		g |= class_masks[c].until_6_2;
	if (!cc_alloc_rule(sys, R_RETRY_MAYFAIL) && (g & CC_GFP(RETRY_MAYFAIL)))
		g = (g & ~CC_GFP(RETRY_MAYFAIL)) | CC_GFP(REPEAT);
	if (!cc_alloc_rule(sys, R_RECLAIM_BITS)) {
		/* <= 4.3: one __GFP_WAIT; kswapd is woken unless __GFP_NO_KSWAPD */
		bool wait = g & CC_GFP(DIRECT_RECLAIM), ksw = g & CC_GFP(KSWAPD_RECLAIM);

		g &= ~GFP_RECLAIM;
		if (wait)
			g |= CC_GFP(WAIT);
		if (!ksw && !wait)
			g |= CC_GFP(NO_KSWAPD);
	}
	return g;
}

/* ---- flags from a mask --------------------------------------------------------- */

/* gfp_zone() through GFP_ZONE_TABLE [include/linux/gfp.h v6.18]; OPT_ZONE_*
 * fall back to NORMAL when the zone is not configured. */
enum cc_ztype cc_gfp_zone(const struct cc_alloc_system *sys, cc_gfp_t gfp)
{
	enum cc_ztype t;

	if (gfp & CC_GFP(DMA))
		t = CC_ZT_DMA;
	else if (gfp & CC_GFP(DMA32))
		t = CC_ZT_DMA32;
	else if ((gfp & CC_GFP(HIGHMEM)) && (gfp & CC_GFP(MOVABLE)))
		return CC_ZT_MOVABLE;	/* literal ZONE_MOVABLE, always there */
	else if (gfp & CC_GFP(HIGHMEM))
		t = CC_ZT_HIGHMEM;
	else
		return CC_ZT_NORMAL;
	return (sys->zone_types & (1u << t)) ? t : CC_ZT_NORMAL;
}

/* gfp_migratetype() [include/linux/gfp.h v6.18] */
enum cc_amt cc_gfp_migratetype(cc_gfp_t gfp)
{
	bool mov = gfp & CC_GFP(MOVABLE), rec = gfp & CC_GFP(RECLAIMABLE);

	if (mov && !rec)
		return CC_MT_MOVABLE;
	if (rec && !mov)
		return CC_MT_RECLAIMABLE;
	return CC_MT_UNMOVABLE;
}

bool cc_gfp_direct_reclaim(const struct cc_alloc_system *sys, cc_gfp_t gfp)
{
	(void)sys;
	return gfp & (CC_GFP(DIRECT_RECLAIM) | CC_GFP(WAIT));
}

/* __GFP_KSWAPD_RECLAIM (>= 4.4); before, kswapd was woken unless
 * __GFP_NO_KSWAPD [mm/page_alloc.c __alloc_pages_slowpath v3.16] */
bool cc_gfp_kswapd_reclaim(const struct cc_alloc_system *sys, cc_gfp_t gfp)
{
	if (gfp & CC_GFP(KSWAPD_RECLAIM))
		return true;
	if (gfp & CC_GFP(DIRECT_RECLAIM))
		return false;
	return !cc_alloc_rule(sys, R_RECLAIM_BITS) && !(gfp & CC_GFP(NO_KSWAPD));
}

/* try_to_compact_pages: v4.4 needs __GFP_FS and __GFP_IO, v4.10+ __GFP_IO
 * (may_perform_io; gfp_compaction_allowed v6.8); and __alloc_pages_direct_compact
 * runs only with direct reclaim and k > 0 [mm/compaction.c, mm/page_alloc.c v6.18] */
bool cc_gfp_may_compact(const struct cc_alloc_system *sys, cc_gfp_t gfp, int order)
{
	if (sys->compaction == 0 || order <= 0 || !cc_gfp_direct_reclaim(sys, gfp))
		return false;
	if (!(gfp & CC_GFP(IO)))
		return false;
	return cc_alloc_rule(sys, R_COMPACT_IO_ONLY) || (gfp & CC_GFP(FS));
}

/* CONFIG_CMA; when unknown, on if some zone has free CMA pages */
bool cc_alloc_cma_on(const struct cc_alloc_system *sys)
{
	if (!cc_alloc_rule(sys, R_CMA_FREE) || sys->cma == 0)
		return false;
	if (sys->cma > 0)
		return true;
	for (int i = 0; i < sys->nnodes; i++)
		for (int j = 0; j < sys->nodes[i].nzones; j++)
			if (sys->nodes[i].zones[j].free_cma > 0)
				return true;
	return false;
}

/* ALLOC_CMA for MOVABLE requests [mm/page_alloc.c gfp_to_alloc_flags_cma v6.18] */
static uint32_t cma_flag(const struct cc_alloc_system *sys, cc_gfp_t gfp)
{
	return cc_alloc_cma_on(sys) && cc_gfp_migratetype(gfp) == CC_MT_MOVABLE ? CC_ALLOC_CMA : 0;
}

bool cc_alloc_defrag_mode(const struct cc_alloc_system *sys)
{
	return sys->defrag_mode > 0 && cc_alloc_rule(sys, R_DEFRAG_MODE);
}

/* alloc_flags_nofragment [mm/page_alloc.c v6.18]: with defrag_mode always;
 * otherwise when the preferred zone is NORMAL, ZONE_DMA32 exists and (on
 * more than one node) this node's DMA32 is populated. */
static uint32_t nofragment_flag(const struct cc_alloc_system *sys,
				const struct cc_alloc_node *n, enum cc_ztype pref)
{
	if (!cc_alloc_rule(sys, R_NOFRAGMENT))
		return 0;
	if (cc_alloc_defrag_mode(sys))
		return CC_ALLOC_NOFRAGMENT;
	if (pref != CC_ZT_NORMAL || !(sys->zone_types & (1u << CC_ZT_DMA32)))
		return 0;
	if (sys->nnodes > 1 && n) {
		for (int i = 0; i < n->nzones; i++)
			if (n->zones[i].type == CC_ZT_DMA32)
				return n->zones[i].populated ? CC_ALLOC_NOFRAGMENT : 0;
		return 0;
	}
	return CC_ALLOC_NOFRAGMENT;
}

uint32_t cc_alloc_flags_fast(const struct cc_alloc_system *sys, cc_gfp_t gfp,
			     int order, const struct cc_alloc_node *n,
			     enum cc_ztype pref)
{
	uint32_t f = CC_ALLOC_WMARK_LOW | cma_flag(sys, gfp);

	(void)order;
	/* prepare_alloc_pages + alloc_flags_nofragment(zone, gfp) [v6.18] */
	if (cc_alloc_rule(sys, R_NOFRAGMENT) && cc_gfp_kswapd_reclaim(sys, gfp))
		f |= CC_ALLOC_KSWAPD;
	return f | nofragment_flag(sys, n, pref);
}

/* gfp_to_alloc_flags [mm/page_alloc.c v6.18, v6.1.192, v5.15.85, v4.19, v3.16] */
uint32_t cc_alloc_flags_slow(const struct cc_alloc_system *sys, cc_gfp_t gfp,
			     int order)
{
	uint32_t f = CC_ALLOC_WMARK_MIN | CC_ALLOC_CPUSET | cma_flag(sys, gfp);
	bool nomemalloc = gfp & CC_GFP(NOMEMALLOC);

	if (cc_alloc_rule(sys, R_NOFRAGMENT) && cc_gfp_kswapd_reclaim(sys, gfp))
		f |= CC_ALLOC_KSWAPD;
	if (cc_alloc_defrag_mode(sys))
		f |= CC_ALLOC_NOFRAGMENT;
	if (cc_alloc_rule(sys, R_ALLOC_RESERVES)) {
		if (gfp & CC_GFP(HIGH))
			f |= CC_ALLOC_MIN_RESERVE;
		if (!cc_gfp_direct_reclaim(sys, gfp)) {
			if (!nomemalloc) {
				f |= CC_ALLOC_NON_BLOCK;
				if (order > 0 && (!cc_alloc_rule(sys, R_HIGHATOMIC_NEEDS_HIGH) ||
						  (f & CC_ALLOC_MIN_RESERVE)))
					f |= CC_ALLOC_HIGHATOMIC;
			}
			if (f & CC_ALLOC_MIN_RESERVE)
				f &= ~CC_ALLOC_CPUSET;
		}
		return f;
	}
	if (gfp & CC_GFP(HIGH))
		f |= CC_ALLOC_HIGH;
	if (cc_alloc_rule(sys, R_RECLAIM_BITS)) {
		/* 4.4 .. 6.2: __GFP_ATOMIC */
		if (gfp & CC_GFP(ATOMIC)) {
			if (!nomemalloc)
				f |= CC_ALLOC_HARDER;
			f &= ~CC_ALLOC_CPUSET;
		}
	} else {
		/* <= 4.3: "atomic" = cannot wait (and, from ≈3.16, may wake kswapd) */
		bool atomic = !(gfp & CC_GFP(WAIT)) &&
			(!cc_alloc_rule(sys, R_ATOMIC_NO_KSWAPD) || !(gfp & CC_GFP(NO_KSWAPD)));

		if (atomic) {
			if (!nomemalloc)
				f |= CC_ALLOC_HARDER;
			f &= ~CC_ALLOC_CPUSET;
		}
	}
	return f;
}

void cc_alloc_flags_text(char *buf, unsigned n, uint32_t flags)
{
	static const char *const names[] = {
		"WMARK_MIN", "WMARK_LOW", "WMARK_HIGH", "NO_WATERMARKS", "OOM",
		"HIGH", "HARDER", "MIN_RESERVE", "NON_BLOCK", "HIGHATOMIC",
		"CPUSET", "CMA", "KSWAPD", "NOFRAGMENT",
	};
	size_t used = 0;

	if (!n)
		return;
	buf[0] = '\0';
	for (unsigned i = 0; i < ARRAY_SIZE(names); i++) {
		int w;

		if (!(flags & (1u << i)))
			continue;
		w = snprintf(buf + used, n - used, "%s%s", used ? "|" : "", names[i]);
		if (w < 0 || (size_t)w >= n - used)
			break;
		used += (size_t)w;
	}
}
