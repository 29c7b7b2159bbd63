// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The page allocator's admission decision (see alloc.h). Every rule cites
 * the kernel function it follows; rules that changed between releases are
 * switched by ONE table of version boundaries (alloc_rules[] below).
 * Reference: allocator-decision.md (cited "AD §n").
 */
#include "alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compactctl.h"
#include "metrics.h"

#define COSTLY_ORDER 3		/* PAGE_ALLOC_COSTLY_ORDER [include/linux/mmzone.h] */
#define NEWEST CC_KVER(6, 18, 0)

/* ---- version rules: one table ---------------------------------------------- */

enum alloc_rule {
	R_CMA_FREE,		/* free CMA pages unusable without ALLOC_CMA */
	R_ATOMIC_NO_KSWAPD,	/* <4.4: ALLOC_HARDER <- !(__GFP_WAIT|__GFP_NO_KSWAPD) */
	R_RECLAIM_BITS,		/* __GFP_DIRECT_RECLAIM / __GFP_KSWAPD_RECLAIM */
	R_FREE_LISTS,		/* (B) by free lists; HighAtomic exists */
	R_THP_LIGHT,		/* GFP_TRANSHUGE_LIGHT, the 5-value defrag table */
	R_FAST_ORDER0,		/* zone_watermark_fast's order-0 shortcut */
	R_COMPACT_COSTLY_GATE,	/* fragindex gate for k > 3 only; min mark k <= 3 */
	R_COMPACT_IO_ONLY,	/* direct compaction needs __GFP_IO, not __GFP_FS */
	R_RETRY_MAYFAIL,	/* __GFP_RETRY_MAYFAIL replaces __GFP_REPEAT */
	R_HA_LIST_ONLY,		/* HARDER may use the HighAtomic list only */
	R_ZONELIST_MANAGED,	/* zonelists hold managed (not populated) zones */
	R_NOFRAGMENT,		/* ALLOC_KSWAPD, ALLOC_NOFRAGMENT, watermark boost */
	R_HZ_GFP_ZONE,		/* lowmem_reserve[gfp_zone()] (else preferred zone) */
	R_BOOST_RETRY,		/* order-0 __GFP_HIGH retry without the boost */
	R_FAST_UNUSABLE,	/* order-0 shortcut subtracts HighAtomic too */
	R_ZONELIST_POPULATED,	/* back to populated zones */
	R_ALLOC_RESERVES,	/* MIN_RESERVE / NON_BLOCK / HIGHATOMIC rework */
	R_FREE_HIGHATOMIC,	/* HA term = nr_free_highatomic */
	R_DEFRAG_MODE,		/* vm.defrag_mode */
	R_HIGHATOMIC_NEEDS_HIGH,	/* ALLOC_HIGHATOMIC only with MIN_RESERVE */
	R__N
};

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

static bool rule(const struct cc_alloc_system *sys, enum alloc_rule r)
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

static const char *const ztype_names[CC_ZT__N] = {
	"DMA", "DMA32", "Normal", "HighMem", "Movable", "Device",
};

int cc_ztype_from_name(const char *name)
{
	for (int t = 0; t < CC_ZT__N; t++)
		if (!strcmp(ztype_names[t], name))
			return t;
	return -1;
}

const char *cc_ztype_name(enum cc_ztype t)
{
	return (unsigned)t < CC_ZT__N ? ztype_names[t] : "?";
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

static int norders_of(const struct cc_alloc_system *sys)
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
	if (!rule(sys, R_THP_LIGHT))
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
	if (rule(sys, R_RECLAIM_BITS) && !rule(sys, R_ALLOC_RESERVES))
		g |= class_masks[c].until_6_2;
	if (!rule(sys, R_RETRY_MAYFAIL) && (g & CC_GFP(RETRY_MAYFAIL)))
		g = (g & ~CC_GFP(RETRY_MAYFAIL)) | CC_GFP(REPEAT);
	if (!rule(sys, R_RECLAIM_BITS)) {
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
	return !rule(sys, R_RECLAIM_BITS) && !(gfp & CC_GFP(NO_KSWAPD));
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
	return rule(sys, R_COMPACT_IO_ONLY) || (gfp & CC_GFP(FS));
}

static bool cma_on(const struct cc_alloc_system *sys)
{
	return sys->cma != 0 && rule(sys, R_CMA_FREE);
}

/* ALLOC_CMA for MOVABLE requests [mm/page_alloc.c gfp_to_alloc_flags_cma v6.18] */
static uint32_t cma_flag(const struct cc_alloc_system *sys, cc_gfp_t gfp)
{
	return cma_on(sys) && cc_gfp_migratetype(gfp) == CC_MT_MOVABLE ? CC_ALLOC_CMA : 0;
}

static bool defrag_mode(const struct cc_alloc_system *sys)
{
	return sys->defrag_mode > 0 && rule(sys, R_DEFRAG_MODE);
}

/* alloc_flags_nofragment [mm/page_alloc.c v6.18]: with defrag_mode always;
 * otherwise when the preferred zone is NORMAL, ZONE_DMA32 exists and (on
 * more than one node) this node's DMA32 is populated. */
static uint32_t nofragment_flag(const struct cc_alloc_system *sys,
				const struct cc_alloc_node *n, enum cc_ztype pref)
{
	if (!rule(sys, R_NOFRAGMENT))
		return 0;
	if (defrag_mode(sys))
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
	if (rule(sys, R_NOFRAGMENT) && cc_gfp_kswapd_reclaim(sys, gfp))
		f |= CC_ALLOC_KSWAPD;
	return f | nofragment_flag(sys, n, pref);
}

/* gfp_to_alloc_flags [mm/page_alloc.c v6.18, v6.1.192, v5.15.85, v4.19, v3.16] */
uint32_t cc_alloc_flags_slow(const struct cc_alloc_system *sys, cc_gfp_t gfp,
			     int order)
{
	uint32_t f = CC_ALLOC_WMARK_MIN | CC_ALLOC_CPUSET | cma_flag(sys, gfp);
	bool nomemalloc = gfp & CC_GFP(NOMEMALLOC);

	if (rule(sys, R_NOFRAGMENT) && cc_gfp_kswapd_reclaim(sys, gfp))
		f |= CC_ALLOC_KSWAPD;
	if (defrag_mode(sys))
		f |= CC_ALLOC_NOFRAGMENT;
	if (rule(sys, R_ALLOC_RESERVES)) {
		if (gfp & CC_GFP(HIGH))
			f |= CC_ALLOC_MIN_RESERVE;
		if (!cc_gfp_direct_reclaim(sys, gfp)) {
			if (!nomemalloc) {
				f |= CC_ALLOC_NON_BLOCK;
				if (order > 0 && (!rule(sys, R_HIGHATOMIC_NEEDS_HIGH) ||
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
	if (rule(sys, R_RECLAIM_BITS)) {
		/* 4.4 .. 6.2: __GFP_ATOMIC */
		if (gfp & CC_GFP(ATOMIC)) {
			if (!nomemalloc)
				f |= CC_ALLOC_HARDER;
			f &= ~CC_ALLOC_CPUSET;
		}
	} else {
		/* <= 4.3: "atomic" = cannot wait (and, from ≈3.16, may wake kswapd) */
		bool atomic = !(gfp & CC_GFP(WAIT)) &&
			(!rule(sys, R_ATOMIC_NO_KSWAPD) || !(gfp & CC_GFP(NO_KSWAPD)));

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
	if (rule(sys, R_ALLOC_RESERVES))	/* ALLOC_RESERVES [mm/internal.h v6.18] */
		return flags & (CC_ALLOC_NON_BLOCK | CC_ALLOC_MIN_RESERVE |
				CC_ALLOC_HIGHATOMIC | CC_ALLOC_OOM);
	return flags & (CC_ALLOC_HARDER | CC_ALLOC_OOM);
}

/* The highatomic term: nr_free_highatomic (>= 6.12) or nr_reserved_highatomic
 * (whole reserved pageblocks) [mm/page_alloc.c __zone_watermark_unusable_free].
 * *approx when only an estimate is known. */
static int64_t highatomic_term(const struct cc_alloc_system *sys,
			       const struct cc_alloc_zone *z, int norders, bool *approx)
{
	if (!rule(sys, R_FREE_LISTS))
		return 0;
	if (rule(sys, R_FREE_HIGHATOMIC)) {
		if (z->free_highatomic >= 0)
			return z->free_highatomic;
		if (z->lists_src == CC_LISTS_PAGETYPEINFO) {
			int64_t sum = 0;

			for (int o = 0; o < norders; o++)
				sum += (int64_t)z->mt_free[CC_MT_HIGHATOMIC][o] << o;
			return sum;
		}
		/* the reserved pageblocks bound the free pages in them */
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
	if (rule(sys, R_ALLOC_RESERVES)) {
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
	if (rule(sys, R_ALLOC_RESERVES) ? (flags & (CC_ALLOC_HIGHATOMIC | CC_ALLOC_OOM))
					: (flags & (CC_ALLOC_HARDER | CC_ALLOC_OOM)))
		t |= CC_MT_BIT(CC_MT_HIGHATOMIC);
	return t;
}

uint32_t cc_alloc_allowed_types(const struct cc_alloc_system *sys, uint32_t flags)
{
	return allowed_types(sys, flags);
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
	bool any = !rule(sys, R_HA_LIST_ONLY) && (flags & CC_ALLOC_HARDER);

	c->lists_approx = z->lists_src == CC_LISTS_NONE;
	for (int o = k; o < norders_of(sys); o++) {
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
			highatomic_term(sys, z, norders_of(sys), &ha_approx);
	c->cma = (flags & CC_ALLOC_CMA) || !cma_on(sys) ? 0 : z->free_cma;
	c->mark = mark;
	c->reduced = reduce_mark(sys, mark, flags);
	c->reserve = hz >= 0 && hz < z->nreserve ? z->lowmem_reserve[hz] : 0;
	c->usable = z->free - c->order_pages - c->highatomic - c->cma;
	c->needed = c->reduced + c->reserve;
	c->free_ok = c->usable > c->needed;
	c->list_order = -1;
	if (!c->free_ok)
		return;
	if (k == 0) {
		c->lists_ok = true;
		c->list_order = 0;
	} else if (!rule(sys, R_FREE_LISTS)) {
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

	if (!rule(sys, R_FAST_ORDER0))
		return false;
	R = hz >= 0 && hz < z->nreserve ? z->lowmem_reserve[hz] : 0;
	if (!(flags & CC_ALLOC_CMA) && cma_on(sys))
		reserved += z->free_cma;
	if (rule(sys, R_FAST_UNUSABLE)) {
		if (!reserves_exempt(sys, flags))
			reserved += highatomic_term(sys, z, norders_of(sys), &approx);
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
	min_reserve = rule(sys, R_ALLOC_RESERVES) ? (flags & CC_ALLOC_MIN_RESERVE)
						  : (flags & CC_ALLOC_HARDER);
	if (rule(sys, R_BOOST_RETRY) && min_reserve && z->boost > 0 &&
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
	mark = !rule(sys, R_COMPACT_COSTLY_GATE) || order > COSTLY_ORDER ? z->low : z->min;
	mark += (int64_t)2 << order;		/* compact_gap() */
	R = hz >= 0 && hz < z->nreserve ? z->lowmem_reserve[hz] : 0;
	if (rule(sys, R_FREE_LISTS))
		ha = highatomic_term(sys, z, norders_of(sys), &approx);
	*lhs = z->free - ha;
	*rhs = mark + R;
	return *lhs > *rhs;
}

/* compaction_suitable's fragmentation gate: not suitable iff
 * 0 <= F_k <= extfrag_threshold, for k > 3 (all k before ≈4.8) */
static bool fragindex_allows(const struct cc_alloc_system *sys, int order, int fragindex)
{
	if (rule(sys, R_COMPACT_COSTLY_GATE) && order <= COSTLY_ORDER)
		return true;
	return !(fragindex >= 0 && fragindex <= sys->extfrag_threshold);
}

/* ---- the zonelist walk ----------------------------------------------------- */

static bool in_zonelist(const struct cc_alloc_system *sys, const struct cc_alloc_zone *z)
{
	/* build_zonerefs_node: populated_zone() (v4.4, >= 5.18, 5.15.85) or
	 * managed_zone() (v4.19 .. v5.17) */
	if (rule(sys, R_ZONELIST_MANAGED) && !rule(sys, R_ZONELIST_POPULATED) &&
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
 * node id order. */
static int fallback_order(const struct cc_alloc_system *sys, int local, int *order)
{
	const struct cc_alloc_node *ln = &sys->nodes[local];
	int n = 0;
	bool *used = xcalloc((size_t)sys->nnodes, sizeof(bool));

	order[n++] = local;
	used[local] = true;
	while (n < sys->nnodes) {
		long best = -1, bestv = 0;

		for (int i = 0; i < sys->nnodes; i++) {
			long v;

			if (used[i])
				continue;
			v = i < ln->ndist && i < CC_ALLOC_MAX_DIST ? ln->distance[i] : 0;
			v += sys->nodes[i].id < ln->id;
			v += sys->nodes[i].has_cpus > 0;
			if (best < 0 || v < bestv) {
				best = i;
				bestv = v;
			}
		}
		used[best] = true;
		order[n++] = (int)best;
	}
	free(used);
	return n;
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
	int no = norders_of(sys);

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
	for (int o = k; o < norders_of(sys); o++) {
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

static enum cc_zone_outcome fail_outcome(const struct cc_alloc_system *sys,
					 const struct cc_alloc_zone *z, int k,
					 const struct cc_wmark_check *c,
					 const struct cc_alloc_zone_result *r,
					 uint32_t flags)
{
	if (z->free < 0 || mark_of(z, flags) < 0)
		return CC_ZO_UNKNOWN;
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
	if (k > 0 && fragindex_allows(sys, k, r->fragindex) && r->fragindex != 0)
		return CC_ZO_FRAGMENTED;
	return CC_ZO_LOW_MEMORY;
}

static int hz_for(const struct cc_alloc_system *sys, const struct cc_alloc_verdict *v)
{
	/* >= 5.8 gfp_zone(); before, the preferred (first walked) zone's index
	 * [mm/internal.h ac_classzone_idx v4.19] */
	if (rule(sys, R_HZ_GFP_ZONE) || v->nzones == 0 || v->zones[0].walk != 0)
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
	if (r->low.lists_approx || r->min.lists_approx)
		v->lists_approx = true;
	r->compaction_suitable =
		cc_compaction_suitable(sys, z, v->order, v->hz, &lhs, &rhs) &&
		fragindex_allows(sys, v->order, r->fragindex);
	r->compact_lhs = lhs;
	r->compact_rhs = rhs;
	/* ALLOC_NOFRAGMENT changes the outcome only with defrag_mode (no retry
	 * without it); otherwise only the serving zone (pick_serving_zone) */
	strict = defrag_mode(sys);
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
	*why = (r->block_types & CC_MT_BIT(CC_MT_HIGHATOMIC)) ? CC_AC_HIGHATOMIC_ONLY :
	       (r->block_types & CC_MT_BIT(CC_MT_CMA)) ? CC_AC_CMA_ONLY :
	       CC_AC_ZONE_NOT_ALLOWED;	/* Isolate */
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
static void decide_cause(const struct cc_alloc_system *sys, struct cc_alloc_verdict *v)
{
	uint64_t by_why[CC_AC_UNKNOWN + 1] = { 0 };
	uint32_t allowed = allowed_types(sys, v->flags_slow);
	int i, best = -1;
	bool any_free = false, any_known = false;

	for (i = 0; i < v->nzones; i++) {
		const struct cc_alloc_zone_result *r = &v->zones[i];
		enum cc_alloc_cause why = CC_AC_UNKNOWN;
		uint64_t nb = unusable_blocks(r, allowed, &why);

		by_why[why] += nb;
		v->unusable_blocks += nb;
		if (r->walk < 0 || r->outcome == CC_ZO_RESERVE)
			continue;
		any_free |= sys->nodes[r->node_pos].zones[r->zone_pos].free > 0;
		any_known |= r->outcome != CC_ZO_UNKNOWN;
		if (v->cause_zone < 0 && has_usable_block(r, allowed) && !r->min.free_ok &&
		    r->outcome != CC_ZO_UNKNOWN)
			v->cause_zone = i;
	}
	if (v->cause_zone >= 0) {
		v->cause = cause_of_outcome(v->zones[v->cause_zone].outcome);
		return;
	}
	for (int c = 0; c <= CC_AC_UNKNOWN; c++)
		if (by_why[c] && (best < 0 || by_why[c] > by_why[best]))
			best = c;
	if (best >= 0) {
		v->cause = (enum cc_alloc_cause)best;
		for (i = 0; i < v->nzones && v->cause_zone < 0; i++) {
			enum cc_alloc_cause why = CC_AC_UNKNOWN;

			if (unusable_blocks(&v->zones[i], allowed, &why) && why == v->cause)
				v->cause_zone = i;
		}
		return;
	}
	if (!any_known) {
		v->cause = CC_AC_UNKNOWN;
		return;
	}
	if (!any_free) {
		v->cause = CC_AC_NO_FREE;
		return;
	}
	static const enum cc_zone_outcome pref[][2] = {
		{ CC_ZO_FRAGMENTED, CC_ZO_NOFRAGMENT }, { CC_ZO_LOW_MEMORY, CC_ZO_LOW_MEMORY },
		{ CC_ZO_WATERMARK, CC_ZO_BOOST }, { CC_ZO_HIGHATOMIC, CC_ZO_CMA },
		{ CC_ZO_UNKNOWN, CC_ZO_UNKNOWN },
	};
	for (i = 0; i < (int)ARRAY_SIZE(pref) && v->cause_zone < 0; i++)
		v->cause_zone = first_walked(v, pref[i][0], pref[i][1]);
	v->cause = v->cause_zone >= 0 ? cause_of_outcome(v->zones[v->cause_zone].outcome)
				      : CC_AC_UNKNOWN;
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

static void decide_help(struct cc_alloc_verdict *v)
{
	for (int i = 0; i < v->nzones; i++) {
		const struct cc_alloc_zone_result *r = &v->zones[i];

		if (r->walk < 0 || r->outcome == CC_ZO_RESERVE)
			continue;
		if (r->outcome == CC_ZO_WATERMARK || r->outcome == CC_ZO_BOOST ||
		    r->outcome == CC_ZO_LOW_MEMORY)
			v->reclaim_helps = true;
		if (v->order > 0 && r->compaction_suitable && !r->min.lists_ok &&
		    r->outcome != CC_ZO_UNKNOWN)
			v->compaction_helps = true;
		if (r->outcome == CC_ZO_NOFRAGMENT && r->compaction_suitable)
			v->compaction_helps = true;
	}
}

int cc_alloc_decide(const struct cc_alloc_system *sys, cc_gfp_t gfp, int order,
		    int node, struct cc_alloc_verdict *v)
{
	int np = node_pos(sys, node), pref_np;
	enum cc_ztype pref;

	memset(v, 0, sizeof(*v));
	v->serve = v->cause_zone = -1;
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
	v->zones = xcalloc((size_t)sys->nnodes * CC_ALLOC_MAX_ZONES, sizeof(*v->zones));
	build_walk(sys, np, v->thisnode, v->highest, v);
	v->hz = hz_for(sys, v);
	pref = v->nzones && v->zones[0].walk == 0 ? v->zones[0].type : v->highest;
	pref_np = v->nzones && v->zones[0].walk == 0 ? v->zones[0].node_pos : np;
	v->flags_fast = cc_alloc_flags_fast(sys, gfp, order, &sys->nodes[pref_np], pref);
	v->flags_slow = cc_alloc_flags_slow(sys, gfp, order);
	if (order < 0 || order >= norders_of(sys)) {
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
	decide_help(v);
	return 0;
}

void cc_alloc_verdict_free(struct cc_alloc_verdict *v)
{
	free(v->zones);
	v->zones = NULL;
	v->nzones = 0;
}
