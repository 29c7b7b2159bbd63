/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The page allocator's own admission decision, as pure functions: "would an
 * order-k request of this GFP mask succeed now, without reclaim or
 * compaction, in which zone, and if not, why and what would help?"
 *
 * The rules are the kernel's, by version (mm/page_alloc.c, mm/compaction.c,
 * include/linux/gfp.h; reference: allocator-decision.md):
 *   gfp_zone, gfp_migratetype, gfp_to_alloc_flags, alloc_flags_nofragment,
 *   __zone_watermark_ok, zone_watermark_fast, the zonelist walk of
 *   get_page_from_freelist, __compaction_suitable and the fragmentation
 *   index gate of compaction_suitable.
 *
 * Inputs are plain numbers per zone, so the same engine serves a snapshot
 * (zoneinfo + buddyinfo + pagetypeinfo: alloc-snapshot.c) and the Mem-Info
 * block of a kernel allocation-failure report (the explain command). All
 * counts are in pages. Nothing here reads a file or prints.
 */
#ifndef COMPACTCTL_ALLOC_H
#define COMPACTCTL_ALLOC_H

#include <stdbool.h>
#include <stdint.h>

#include "gfp.h"

#define CC_ALLOC_MAX_ORDERS 20	/* as CC_MAX_ORDERS */
#define CC_ALLOC_MAX_ZONES 8	/* zone types per node (at most 6) */
#define CC_ALLOC_MAX_RESERVE 8	/* entries of lowmem_reserve[] (MAX_NR_ZONES) */
#define CC_ALLOC_MAX_DIST 64	/* node distances kept (more nodes: node id order) */

/* ---- kernel version ------------------------------------------------------ */

/* A release as a number that orders correctly: CC_KVER(6, 1, 192). */
#define CC_KVER(a, b, c) ((a) * 1000000 + (b) * 1000 + (c))

/* "6.18.44-fc-v857", "4.19.0-6-amd64", "2.6.31" -> CC_KVER(); 0 if the
 * string does not start with a release. */
int cc_kver_parse(const char *s);

/* ---- zone types, migratetypes ---------------------------------------------- */

/* enum zone_type order [include/linux/mmzone.h]; which of them a kernel has
 * depends on its config (CONFIG_ZONE_DMA, _DMA32, HIGHMEM, ZONE_DEVICE). */
enum cc_ztype {
	CC_ZT_DMA,
	CC_ZT_DMA32,
	CC_ZT_NORMAL,
	CC_ZT_HIGHMEM,
	CC_ZT_MOVABLE,
	CC_ZT_DEVICE,
	CC_ZT__N
};
/* "DMA", "DMA32", "Normal", "HighMem", "Movable", "Device" (as the kernel
 * prints them); -1 for any other name */
int cc_ztype_from_name(const char *name);
const char *cc_ztype_name(enum cc_ztype t);

/* Free-list types by meaning; their enum numbering changed over versions, so
 * pagetypeinfo names and Mem-Info letters are mapped to these. */
enum cc_amt {
	CC_MT_UNMOVABLE,	/* U */
	CC_MT_MOVABLE,		/* M */
	CC_MT_RECLAIMABLE,	/* E */
	CC_MT_HIGHATOMIC,	/* H, >= 4.4 */
	CC_MT_CMA,		/* C */
	CC_MT_ISOLATE,		/* I */
	CC_MT_RESERVE,		/* R, <= 4.3 */
	CC_MT__N
};
#define CC_MT_BIT(t) (1u << (t))
/* pagetypeinfo names ("Unmovable", "HighAtomic", "CMA", ...) -> enum; -1 other */
int cc_amt_from_name(const char *name);
/* Mem-Info buddy-line letters (U M E H C I R) -> enum; -1 other */
int cc_amt_from_letter(char c);
const char *cc_amt_name(enum cc_amt t);

/* ---- inputs ------------------------------------------------------------- */

/* Where the per-migratetype free lists come from. */
enum cc_lists_src {
	CC_LISTS_NONE,		/* only totals per order (buddyinfo): condition
				 * (B) is approximated, every block counted usable */
	CC_LISTS_PAGETYPEINFO,	/* counts per order and type (mt_free exact) */
	CC_LISTS_LETTERS,	/* Mem-Info "(UMEH)": which lists are non-empty */
};

/* One zone. Unknown values are -1 (except where noted). */
struct cc_alloc_zone {
	enum cc_ztype type;
	bool populated;		/* present_pages != 0 (in a zonelist) */
	bool managed_nonzero;	/* managed != 0 (the 4.19-5.17 zonelist rule) */

	int64_t free;		/* NR_FREE_PAGES: zoneinfo "pages free",
				 * Mem-Info "free:" (kB / page kB) */
	int64_t min, low, high;	/* watermarks AS PRINTED, i.e. boost included */
	int64_t boost;		/* watermark_boost; -1 unknown (Mem-Info < 5.16) */
	int64_t present, managed;
	int64_t free_cma;	/* NR_FREE_CMA_PAGES; 0 when none */
	int64_t reserved_highatomic;	/* nr_reserved_highatomic: HighAtomic
					 * pageblocks x pageblock_nr_pages */
	int64_t free_highatomic;	/* nr_free_highatomic (>= 6.12) */
	int64_t free_pcp;	/* on per-CPU lists (not in free) */

	int nreserve;		/* entries in lowmem_reserve (0: unknown) */
	int64_t lowmem_reserve[CC_ALLOC_MAX_RESERVE];	/* zoneinfo protection: */

	/* free lists; norders is the system's */
	uint64_t nr_free[CC_ALLOC_MAX_ORDERS];		/* blocks, all types */
	enum cc_lists_src lists_src;
	uint32_t mt_nonempty[CC_ALLOC_MAX_ORDERS];	/* CC_MT_BIT(t): a block of
							 * type t at order o */
	uint64_t mt_free[CC_MT__N][CC_ALLOC_MAX_ORDERS];	/* PAGETYPEINFO only */
};

struct cc_alloc_node {
	int id;
	int nzones;
	struct cc_alloc_zone zones[CC_ALLOC_MAX_ZONES];	/* in zone-type order */
	int ndist;			/* entries in distance[], 0 unknown */
	int distance[CC_ALLOC_MAX_DIST];	/* nodeN/distance, by node position */
	int has_cpus;			/* find_next_best_node's penalty: 1, 0, -1 */
	int unreclaimable;		/* zoneinfo node_unreclaimable: 1, 0, -1 */
};

enum cc_thp_defrag {
	CC_THP_DEFRAG_UNKNOWN,		/* taken as madvise, the default */
	CC_THP_DEFRAG_ALWAYS,
	CC_THP_DEFRAG_DEFER,
	CC_THP_DEFRAG_DEFER_MADVISE,
	CC_THP_DEFRAG_MADVISE,
	CC_THP_DEFRAG_NEVER,
};
/* "always defer defer+madvise [madvise] never" or a bare word */
enum cc_thp_defrag cc_thp_defrag_parse(const char *s);

/* The machine: version, configuration, knobs and its nodes. */
struct cc_alloc_system {
	int kver;		/* CC_KVER(); 0: unknown, newest rules (assumed) */
	int page_shift;		/* 12 for 4K pages */
	int norders;		/* free-list orders: MAX_PAGE_ORDER + 1 */
	int pageblock_order;
	uint32_t zone_types;	/* bit cc_ztype: zone types the kernel has
				 * (lowmem_reserve index = rank among them) */
	int numa;		/* CONFIG_NUMA: 1, 0, -1 unknown (then 1 if
				 * nnodes > 1) */
	int cma;		/* CONFIG_CMA: 1, 0, -1 (then 1 if any CMA seen) */
	int compaction;		/* CONFIG_COMPACTION: 1, 0, -1 (then 1) */
	long extfrag_threshold;	/* vm.extfrag_threshold (500) */
	long defrag_mode;	/* vm.defrag_mode (>= 6.15), 0 */
	enum cc_thp_defrag thp_defrag;
	bool thp_enabled_always;	/* transparent_hugepage/enabled=always:
					 * non-madvised VMAs fault THPs */

	int nnodes;
	struct cc_alloc_node *nodes;	/* sorted by id; owned (cc_alloc_system_free) */
};

void cc_alloc_system_init(struct cc_alloc_system *sys);
void cc_alloc_system_free(struct cc_alloc_system *sys);
/* append a node (zeroed, unknown values -1); NULL past 1024 nodes */
struct cc_alloc_node *cc_alloc_add_node(struct cc_alloc_system *sys, int id);
/* a zone with every value unknown (-1) and no free lists */
void cc_alloc_zone_init(struct cc_alloc_zone *z, enum cc_ztype type);
/* lowmem_reserve[] index of a zone type on this system (rank among
 * sys->zone_types), -1 if the type is not compiled in */
int cc_alloc_zone_index(const struct cc_alloc_system *sys, enum cc_ztype t);

/* ---- request classes (one table) ------------------------------------------ */

enum cc_req_class {
	CC_REQ_THP,		/* THP fault: GFP_TRANSHUGE(_LIGHT) per defrag */
	CC_REQ_HUGETLB,		/* hugetlb pool grow (nr_hugepages) */
	CC_REQ_KERNEL,		/* GFP_KERNEL */
	CC_REQ_ATOMIC,		/* GFP_ATOMIC */
	CC_REQ_DMA32,		/* GFP_KERNEL | GFP_DMA32 */
	CC_REQ_DMA,		/* GFP_KERNEL | GFP_DMA */
	CC_REQ__N
};

struct cc_req_class_desc {
	const char *name;	/* "thp", the --for argument and JSON value */
	const char *gfp_text;	/* the mask as the kernel names it (v6.18) */
	const char *what;	/* one line for --help and the man page */
};
extern const struct cc_req_class_desc cc_req_classes[CC_REQ__N];
int cc_req_class_from_name(const char *name);	/* -1 unknown */

/* The class's mask on this system's kernel version (4.3's __GFP_WAIT,
 * 4.4-6.2's __GFP_ATOMIC, 4.12's __GFP_REPEAT) and THP defrag setting.
 * For THP, *madvised says which VMA is assumed: MADV_HUGEPAGE unless
 * transparent_hugepage/enabled is "always" (with "madvise" only madvised
 * VMAs fault THPs at all). */
cc_gfp_t cc_req_gfp(const struct cc_alloc_system *sys, enum cc_req_class c,
		    bool *madvised);

/* ---- the allocator's rules, from a mask ------------------------------------ */

/* alloc_flags, by meaning; which exist depends on the version. */
enum cc_alloc_flag {
	CC_ALLOC_WMARK_MIN = 1u << 0,
	CC_ALLOC_WMARK_LOW = 1u << 1,
	CC_ALLOC_WMARK_HIGH = 1u << 2,
	CC_ALLOC_NO_WATERMARKS = 1u << 3,	/* task context; never from a mask */
	CC_ALLOC_OOM = 1u << 4,			/* task context (OOM victim) */
	CC_ALLOC_HIGH = 1u << 5,		/* <= 6.2: __GFP_HIGH */
	CC_ALLOC_HARDER = 1u << 6,		/* <= 6.2 */
	CC_ALLOC_MIN_RESERVE = 1u << 7,		/* >= 6.3: __GFP_HIGH */
	CC_ALLOC_NON_BLOCK = 1u << 8,		/* >= 6.3 */
	CC_ALLOC_HIGHATOMIC = 1u << 9,		/* >= 6.3 */
	CC_ALLOC_CPUSET = 1u << 10,
	CC_ALLOC_CMA = 1u << 11,
	CC_ALLOC_KSWAPD = 1u << 12,		/* >= 5.0; earlier: the wake itself */
	CC_ALLOC_NOFRAGMENT = 1u << 13,		/* >= 5.0 */
};
#define CC_ALLOC_WMARK_MASK (CC_ALLOC_WMARK_MIN | CC_ALLOC_WMARK_LOW | CC_ALLOC_WMARK_HIGH)
/* "WMARK_MIN|CPUSET|KSWAPD" into buf */
void cc_alloc_flags_text(char *buf, unsigned n, uint32_t flags);

/* gfp_zone(): the highest zone type the mask may use */
enum cc_ztype cc_gfp_zone(const struct cc_alloc_system *sys, cc_gfp_t gfp);
/* gfp_migratetype(): CC_MT_UNMOVABLE, _MOVABLE or _RECLAIMABLE */
enum cc_amt cc_gfp_migratetype(cc_gfp_t gfp);
bool cc_gfp_direct_reclaim(const struct cc_alloc_system *sys, cc_gfp_t gfp);
bool cc_gfp_kswapd_reclaim(const struct cc_alloc_system *sys, cc_gfp_t gfp);
/* direct compaction may run at all: CONFIG_COMPACTION, direct reclaim, k > 0,
 * __GFP_IO (and __GFP_FS on <= 4.9; gfp_compaction_allowed >= 6.8) */
bool cc_gfp_may_compact(const struct cc_alloc_system *sys, cc_gfp_t gfp, int order);

/* ALLOC_* of the fast path (P1: prepare_alloc_pages + alloc_flags_nofragment)
 * and of the slow path's first attempt (P2: gfp_to_alloc_flags), for a
 * request whose preferred zone is pref on node n. */
uint32_t cc_alloc_flags_fast(const struct cc_alloc_system *sys, cc_gfp_t gfp,
			     int order, const struct cc_alloc_node *n,
			     enum cc_ztype pref);
uint32_t cc_alloc_flags_slow(const struct cc_alloc_system *sys, cc_gfp_t gfp,
			     int order);

/* One __zone_watermark_ok (k > 0) or zone_watermark_fast (k = 0)
 * evaluation, with every term kept for the views. */
struct cc_wmark_check {
	int64_t free;		/* F */
	int64_t order_pages;	/* 2^k - 1 (0 for the k = 0 fast path) */
	int64_t highatomic;	/* HA subtracted (0 when exempt) */
	int64_t cma;		/* free CMA subtracted (0 with ALLOC_CMA) */
	int64_t mark;		/* the mark chosen by the flags (boost included) */
	int64_t reduced;	/* after the ALLOC_HIGH/HARDER/... reductions */
	int64_t reserve;	/* lowmem_reserve[hz] */
	int64_t usable;		/* F - U */
	int64_t needed;		/* reduced + reserve: pass iff usable > needed */
	bool free_ok;		/* (A) */
	bool lists_ok;		/* (B): a free block >= k of an allowed type */
	bool lists_approx;	/* (B) from totals only (buddyinfo) */
	bool inputs_approx;	/* highatomic term or lowmem_reserve[hz] unknown
				 * (taken as 0 or as the reserved pageblocks) */
	int list_order;		/* lowest order >= k that satisfied (B), -1 */
	bool boost_retry;	/* k = 0: passed only on the boost-less retry */
	bool ok;
};

/* __zone_watermark_ok / zone_watermark_fast for zone z of the system's
 * version, at order k, with the mark selected by flags, lowmem_reserve
 * index hz. */
bool cc_zone_watermark_ok(const struct cc_alloc_system *sys,
			  const struct cc_alloc_zone *z, int order, int hz,
			  uint32_t flags, struct cc_wmark_check *out);

/* __compaction_suitable(): room for migration targets,
 * F - HA > mark + 2^(k+1) + lowmem_reserve[hz] (by version) */
bool cc_compaction_suitable(const struct cc_alloc_system *sys,
			    const struct cc_alloc_zone *z, int order, int hz,
			    int64_t *lhs, int64_t *rhs);

/* ---- the decision ------------------------------------------------------- */

/* Why a zone cannot serve the request now (at the slow path's first try,
 * P2), or that it can. */
enum cc_zone_outcome {
	CC_ZO_PASS_LOW,		/* P1 passes: served silently */
	CC_ZO_PASS_MIN,		/* fails low, passes min: served, kswapd woken */
	CC_ZO_ZONE_MODIFIER,	/* zone above the mask's highest zone: never */
	CC_ZO_UNPOPULATED,	/* not in the zonelist */
	CC_ZO_RESERVE,		/* (A) fails only because of lowmem_reserve */
	CC_ZO_HIGHATOMIC,	/* (A) or (B) fails only because of HighAtomic */
	CC_ZO_CMA,		/* (A) or (B) fails only because of CMA */
	CC_ZO_BOOST,		/* (A) fails only because of the watermark boost */
	CC_ZO_WATERMARK,	/* (A) fails: too few free pages */
	CC_ZO_FRAGMENTED,	/* (A) ok, no block >= k, fragindex > threshold */
	CC_ZO_LOW_MEMORY,	/* (A) ok, no block >= k, fragindex <= threshold */
	CC_ZO_NOFRAGMENT,	/* defrag_mode: passes, but no block of its
				 * own type >= k nor a whole foreign pageblock */
	CC_ZO_UNKNOWN,		/* inputs missing (no watermarks) */
};
const char *cc_zone_outcome_name(enum cc_zone_outcome o);

struct cc_alloc_zone_result {
	int node;		/* node id */
	int node_pos;		/* index in sys->nodes */
	int zone_pos;		/* index in that node's zones[] */
	enum cc_ztype type;
	int walk;		/* position in the zonelist walk, -1 not walked */
	enum cc_zone_outcome outcome;
	struct cc_wmark_check low;	/* P1 */
	struct cc_wmark_check min;	/* P2 */
	uint64_t blocks;	/* free blocks >= k, in units of 2^k (S_k), all types */
	uint32_t block_types;	/* CC_MT_BIT: types holding a block >= k
				 * (0 with CC_LISTS_NONE) */
	int fragindex;		/* F_k in thousandths (mm/vmstat.c) */
	bool compaction_suitable;	/* __compaction_suitable and the
					 * fragindex gate (k > 3) */
	int64_t compact_lhs, compact_rhs;
};

enum cc_alloc_cause {
	CC_AC_AVAILABLE,	/* a zone passes: the request succeeds now */
	CC_AC_BELOW_WATERMARK,	/* free pages below the mark: reclaim helps */
	CC_AC_LOW_MEMORY,	/* no block >= k, too little free memory for
				 * compaction (fragindex <= threshold): reclaim */
	CC_AC_FRAGMENTED,	/* no usable block >= k, fragindex > threshold:
				 * compaction helps */
	CC_AC_HIGHATOMIC_ONLY,	/* blocks >= k (or the free pages) only in the
				 * HighAtomic reserve this request may not use */
	CC_AC_CMA_ONLY,		/* ... only in CMA areas (non-movable request) */
	CC_AC_ZONE_NOT_ALLOWED,	/* blocks >= k only in zones the request may
				 * not use (lowmem_reserve, zone modifier) */
	CC_AC_NO_FREE,		/* no free page in any usable zone */
	CC_AC_NO_ZONE,		/* no populated zone on the walk */
	CC_AC_TOO_LARGE,	/* k > MAX_PAGE_ORDER */
	CC_AC_UNKNOWN,		/* inputs missing */
};
const char *cc_alloc_cause_name(enum cc_alloc_cause c);

struct cc_alloc_verdict {
	int req_class;		/* enum cc_req_class, -1 for a raw mask */
	bool madvised;		/* thp: the VMA assumed madvised */
	int page_shift;		/* for sizes in the views */
	long extfrag_threshold;	/* the fragmentation gate used */
	cc_gfp_t gfp;
	int order;
	int node;		/* the node the request starts on (id) */
	enum cc_ztype highest;	/* gfp_zone */
	int hz;			/* lowmem_reserve index used (by version) */
	enum cc_amt migratetype;
	uint32_t flags_fast, flags_slow;
	bool thisnode;		/* NOFALLBACK zonelist */
	bool direct_reclaim, may_compact;

	enum cc_alloc_cause cause;
	int pass;		/* 1: P1 (low), 2: P2 (min), 0: none */
	int serve;		/* index in zones[] of the serving zone, -1 */
	bool wakes_kswapd;	/* P1 failed and the mask has kswapd reclaim */
	bool wakes_kcompactd;	/* ... and kswapd would not run (node
				 * unreclaimable unknown: false) */
	bool reclaim_helps;	/* some usable zone has blocks >= k but too few
				 * free pages, or too little memory to compact */
	bool compaction_helps;	/* some usable zone passes the compaction gate */
	int cause_zone;		/* index in zones[] the cause is about, -1 */
	uint64_t unusable_blocks;	/* blocks >= k this request may not use */
	uint32_t allowed_types;	/* CC_MT_BIT: free lists the slow path may take */
	bool lists_approx;	/* some (B) was approximated from buddyinfo */
	bool inputs_approx;	/* some check had an unknown term (see above) */
	bool version_assumed;	/* kernel version unknown: newest rules */
	bool marks_unknown;	/* a walked zone's free pages or watermarks
				 * are not known (no zoneinfo) */

	int nzones;
	struct cc_alloc_zone_result *zones;	/* walk order first, then the
						 * node's zones not walked; other
						 * nodes' zones only up to the serving
						 * one, at most CC_ALLOC_MAX_REMOTE */
	int zones_omitted;	/* other nodes' zones walked but not kept */
};
#define CC_ALLOC_MAX_REMOTE 16

/* The decision for an order-k request of mask gfp starting on node id node.
 * Returns 0, or -1 if the node is not in sys (v is then empty). */
int cc_alloc_decide(const struct cc_alloc_system *sys, cc_gfp_t gfp, int order,
		    int node, struct cc_alloc_verdict *v);
/* The same for a request class (cc_req_gfp), recorded in v->req_class. */
int cc_alloc_decide_class(const struct cc_alloc_system *sys, enum cc_req_class c,
			  int order, int node, struct cc_alloc_verdict *v);
void cc_alloc_verdict_free(struct cc_alloc_verdict *v);
/* Blocks of order >= k in node id node's zones that the request may use:
 * the zones it may take from (not kept by lowmem_reserve, not above its
 * highest zone) and the free lists it may take (not only HighAtomic or CMA
 * when it may not). A zone below its watermark still counts: reclaim makes
 * them usable. Without pagetypeinfo the free lists are not known: every
 * block of an allowed zone counts (v->lists_approx). */
uint64_t cc_alloc_usable_blocks(const struct cc_alloc_verdict *v, int node);

#endif
