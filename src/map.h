/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * compactctl map: every page of a zone from /proc/kpageflags, every aligned
 * block of order k classified, and the most compaction could ever give
 * (kernel-interfaces.md section 4).
 *
 *   source    cc_map_open(): /proc/kpageflags (and debugfs page_owner)
 *             opened through the path layer before the capability drop.
 *   scan      cc_map_scan_zone(): streams kpageflags from an fd (pread in
 *             large chunks), classifies each page and block; no other I/O.
 *   engine    cc_map_finish_zone(): uninitialised memory, the ceiling,
 *             Meta's pair; the page_owner attribution. Pure.
 *   collector map-collect.c: zone spans from the snapshot, memory blocks,
 *             buddyinfo after the scan, page_owner, all through the path
 *             layer; cc_map_when_cheap() for compact and export.
 *   views     out-map.c: text, JSON, Prometheus (views.c's table), the
 *             SVG file, and compact's lines against the ceiling.
 */
#ifndef COMPACTCTL_MAP_H
#define COMPACTCTL_MAP_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "model.h"
#include "path.h"

/* /proc/kpageflags bits [include/uapi/linux/kernel-page-flags.h, v6.12] */
enum {
	KPF_LOCKED = 0, KPF_SLAB = 7, KPF_BUDDY = 10, KPF_LRU = 5,
	KPF_COMPOUND_HEAD = 15, KPF_COMPOUND_TAIL = 16, KPF_HUGE = 17,
	KPF_UNEVICTABLE = 18, KPF_HWPOISON = 19, KPF_NOPAGE = 20, KPF_THP = 22,
	KPF_OFFLINE = 23, KPF_ZERO_PAGE = 24, KPF_PGTABLE = 26,
	KPF_RESERVED = 32, KPF_MLOCKED = 33,	/* "kernel hacking" bits */
};
#define KPF(b) (1ull << (b))

/*
 * What a page is, for compaction. The blockers (immovable kinds) come after
 * PK_FIRST_BLOCKER; each is named separately because operators ask "is it
 * slab or page tables?". One table, cc_pkinds[], names them everywhere.
 */
enum cc_pkind {
	PK_HOLE,	/* NOPAGE: no memmap, offline memory */
	PK_FREE,	/* BUDDY */
	PK_MOVABLE,	/* LRU or THP in a folio below pageblock order */
	PK_HUGE,	/* in a folio of >= pageblock order (THP or hugetlb) */
	PK_UNINIT,	/* flag-less, beyond managed (deferred struct-page init) */
	PK_SLAB,
	PK_PGTABLE,
	PK_RESERVED,
	PK_HUGETLB,	/* hugetlb folio below pageblock order */
	PK_ZERO,	/* the (huge) zero page */
	PK_HWPOISON,
	PK_UNEVICTABLE,	/* unevictable/mlocked, compact_unevictable_allowed = 0 */
	PK_OFFLINE,	/* balloon, virtio-mem fake-offline */
	PK_HUGE_PART,	/* order > pageblock: a huge folio smaller than the block */
	PK_NONLRU,	/* flags, but none that compaction can migrate */
	PK_KERNEL,	/* no flags, not free: kernel allocations, per-CPU lists */
	PK__N
};
#define PK_FIRST_BLOCKER PK_SLAB

struct cc_pkind_desc {
	const char *key;	/* JSON key */
	const char *label;	/* text */
};
extern const struct cc_pkind_desc cc_pkinds[PK__N];

/* Block classes; the letters are the map's cells and the JSON --blocks. */
enum cc_bclass {
	BC_F,	/* all free */
	BC_C,	/* free and movable only: a candidate */
	BC_T,	/* one huge folio already */
	BC_U,	/* blocked by at least one immovable page */
	BC_I,	/* uninitialised (deferred init); not counted in U */
	BC_H,	/* a hole (at least one page without memmap) */
	BC_P,	/* partial: zone edge or another zone's memory inside */
	BC__N,
	BC_Z = BC__N,	/* scan-time only: flag-less, uninit or U decided later */
};
extern const char cc_bclass_letter[BC__N];
extern const char *const cc_bclass_name[BC__N];

/* "blocked by 1, 2-8, 9-64, >64 pages" */
#define CC_MAP_NHIST 4
extern const char *const cc_map_hist_label[CC_MAP_NHIST];
int cc_map_hist_bucket(uint64_t immovable_pages);

#define CC_MAP_MAX_ORDER 18		/* 1 GiB with 4K pages */
#define CC_MAP_MAX_BLOCKS (1u << 22)	/* per zone: 5 bytes each */

/* Memory-block ownership when node or zone spans interleave: belongs[i]
 * for memory block first + i, of block_pages pages. */
struct cc_map_owner {
	uint64_t block_pages;
	uint64_t first;
	uint64_t n;
	const uint8_t *belongs;		/* 1: this zone's memory, 0: another's */
};

struct cc_map_params {
	int order;		/* k: the block order classified */
	int pageblock_order;
	int max_order;		/* largest buddy order (norders - 1) */
	bool unevictable_movable;	/* compact_unevictable_allowed */
	bool buddy_head_only;	/* < 4.6: BUDDY only on a free block's head */
	size_t chunk_bytes;	/* pread size, 0: default 128 KiB (two buffers: RSS) */
	bool page_by_page;	/* no whole-block fast path (the fuzzer compares) */
};

struct cc_map_ceiling {
	uint64_t blocks;	/* N_best = F + candidates that fit */
	uint64_t candidates;	/* of C, how many fit */
	uint64_t migrate_pages;	/* page moves for them, cheapest first */
	uint64_t target_pages;	/* free pages outside F, above the reserve */
	uint64_t reserve;	/* pages: the zone's min watermark */
	uint64_t simple_bound;	/* floor((free - reserve) / 2^k) */
};

struct cc_map_zone {
	int node;
	char name[12];
	uint64_t start_pfn, end_pfn;	/* the span, [start, end) */
	uint64_t present, managed, min_wmark, pcp;
	bool have_managed, have_min;

	uint64_t first_pfn;	/* of block 0: start_pfn rounded down */
	uint64_t nblocks;
	uint8_t *cls;		/* enum cc_bclass per block */
	uint32_t *cnt;		/* C: movable pages; U: immovable; I/Z: flag-less */

	uint64_t pages[PK__N];		/* in-zone pages by kind */
	uint64_t blocks[BC__N + 1];	/* by class (+ BC_Z until finished) */
	uint64_t blocker_blocks[PK__N];	/* U blocks holding that kind */
	uint64_t blocker_pages[PK__N];	/* its pages in U blocks */
	uint64_t hist[CC_MAP_NHIST];
	uint64_t free_hist[CC_MAX_ORDERS];	/* free blocks rebuilt from BUDDY */
	uint64_t pages_past_eof;	/* beyond the end of kpageflags */

	/* engine */
	uint64_t uninit_budget;		/* present - managed - reserved */
	struct cc_map_ceiling ceil;
	uint64_t immovable_pages;	/* blockers, for Meta's pair */
	uint64_t counted_pages;		/* not hole, not uninit, not partial */
	uint64_t counted_blocks;	/* F + C + T + U */

	/* buddyinfo: order-k blocks free (S_k) before and after the scan */
	bool have_buddy;
	uint64_t buddy_before, buddy_after;
	uint64_t buddy_hist[CC_MAX_ORDERS];	/* before */
	double scan_seconds;
};

/* page_owner: read, not enabled (how to enable), or not readable */
enum cc_map_owner_state { CC_OWNER_OFF, CC_OWNER_ON, CC_OWNER_UNREADABLE };

struct cc_owner_stack {
	char *stack;		/* frames, one per line, as the file has them */
	uint64_t pages;		/* immovable pages in U blocks */
	uint64_t allocs;
};

struct cc_map_report {
	char kernel[128];
	long page_size;
	int order, pageblock_order, max_order;
	bool unevictable_movable, buddy_head_only;
	bool with_blocks;	/* --blocks: the JSON lists every block's class */
	int nzones;
	struct cc_map_zone *zones;
	double seconds;		/* whole scan */

	enum cc_map_owner_state owner;
	char owner_note[256];
	struct cc_owner_stack *stacks;	/* top N, most pages first */
	int nstacks;
	uint64_t owner_records;
};

/* --- scan (map-scan.c) --- */

/* z: node, name, span, counts set by the caller; allocates cls/cnt.
 * -1 with e set when the zone has too many blocks for the order. */
int cc_map_zone_init(struct cc_map_zone *z, const struct cc_map_params *p,
		     struct cc_err *e);
/* Stream the zone's PFN range from fd (kpageflags: one u64 per PFN at PFN*8;
 * short reads past the end are holes); path names the file in messages.
 * Memory: one chunk buffer. 0 or -errno with e set. */
int cc_map_scan_zone(int fd, const char *path, const struct cc_map_params *p,
		     const struct cc_map_owner *own, struct cc_map_zone *z,
		     struct cc_err *e);
void cc_map_zone_free(struct cc_map_zone *z);

/* --- engine (map-engine.c) --- */

/* Decide uninitialised blocks, the ceiling and Meta's pair. */
void cc_map_finish_zone(const struct cc_map_params *p, struct cc_map_zone *z);
/* sums over the report's zones */
void cc_map_total(const struct cc_map_report *r, struct cc_map_zone *t);
void cc_map_report_free(struct cc_map_report *r);
/* The top blocker of a zone (most U blocks), PK__N when none is blocked */
enum cc_pkind cc_map_top_blocker(const struct cc_map_zone *z);
/* How far compaction got against the ceiling: per zone of the map, the free
 * blocks of the map's order in snapshot s (buddyinfo S_k); 0 for a zone s
 * lacks. achieved has room for r->nzones. */
void cc_map_achieved(const struct cc_map_report *r, const struct cc_snapshot *s,
		     uint64_t *achieved);

/* --- page_owner (parse-page-owner.c) --- */

/* One record of debugfs page_owner: pfn, order, and the stack text. */
struct cc_owner_record {
	uint64_t pfn;
	int order;
	const char *stack;	/* lines after the PFN line, up to the blank */
	size_t stack_len;
};
/* Parse whole records in buf (records end with a blank line); calls cb for
 * each; returns bytes consumed (a partial last record is left), or -1 with e
 * set on a malformed record. */
long cc_parse_page_owner(const char *buf, size_t len, const char *path,
			 int (*cb)(const struct cc_owner_record *rec, void *arg),
			 void *arg, struct cc_err *e);
/* Attribute the records to the U blocks of r's zones: top n stacks
 * (map-engine.c). */
struct cc_owner_acc;
struct cc_owner_acc *cc_owner_acc_new(const struct cc_map_report *r);
int cc_owner_acc_add(const struct cc_owner_record *rec, void *acc);
void cc_owner_acc_finish(struct cc_owner_acc *a, struct cc_map_report *r, int n);

/* --- the source and the collector (map-collect.c) --- */

/* What map reads, opened before the capability drop (cc_map_open) */
struct cc_map_src {
	int kpf_fd;			/* /proc/kpageflags, -1 when not open */
	char kpf_path[PATH_MAX];	/* its real path, for messages */
	int kpf_err;			/* -errno when not open */
	struct cc_err kpf_why;		/* and why, as a message */
	int owner_fd;			/* debugfs page_owner, -1 when not open */
	char owner_path[PATH_MAX];
	enum cc_map_owner_state owner;
	char owner_note[256];		/* when not open: why, and how to enable */
};

/* Open /proc/kpageflags (and, with page_owner, debugfs page_owner: read
 * only when the kernel was booted with page_owner=on, debugfs mounted
 * privately if it is not mounted, mount.h) through the path layer. Never
 * fails: what could not be opened is said in src (kpf_err, owner_note). */
void cc_map_open(struct cc_map_src *src, const struct cc_root *r, bool page_owner);
void cc_map_close(struct cc_map_src *src);

struct cc_map_request {
	const struct cc_nodeset *nodes;	/* NULL: all */
	const char *zone;	/* NULL: all */
	int order;		/* -1: pageblock order */
	int top_stacks;		/* page_owner top N */
	bool blocks;		/* --blocks */
};
/* s: a collected snapshot (zoneinfo, buddyinfo, knobs); src: opened. 0 or
 * -errno with e set. */
int cc_map_collect(const struct cc_root *root, const struct cc_map_src *src,
		   const struct cc_snapshot *s, const struct cc_map_request *q,
		   struct cc_map_report *r, struct cc_err *e);

/*
 * compact and export use the map when it is cheap: the page frames the scan
 * reads (the zones' spans of these nodes) at most a limit. The kernel
 * produces /proc/kpageflags at about 5 MiB of memory per ms (dd reads 24
 * GiB's in 1.1 s on a 2-vCPU VM). For export, whose floor is reading the
 * files it reports on, CC_MAP_CHEAP_PFNS (32 GiB of 4 KiB pages, 1.5 s);
 * for compact CC_MAP_COMPACT_PFNS (4 GiB, 0.2 s): compacting an already
 * compacted 24 GiB takes 0.01-0.04 s, and the scan would be most of every
 * run (issue 14: compact <= 2x the kernel's trigger); --map lifts it.
 * cc_map_when_cheap() runs the scan at the pageblock order when src has
 * kpageflags open and the span is at most limit (0: any): true with r
 * filled, or false with why set (not root, not in the tree, too large, or
 * the scan failed).
 */
#define CC_MAP_CHEAP_PFNS (1ull << 23)
#define CC_MAP_COMPACT_PFNS (1ull << 20)
uint64_t cc_map_span_pfns(const struct cc_snapshot *s, const struct cc_nodeset *nodes);
bool cc_map_when_cheap(const struct cc_root *root, const struct cc_map_src *src,
		       const struct cc_snapshot *s, const struct cc_nodeset *nodes,
		       uint64_t limit, struct cc_map_report *r, char *why, size_t n);

#endif
