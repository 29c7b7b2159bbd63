/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * compactctl explain: the diagnosis of one allocation-failure report.
 * cc_explain() reads a parsed report (allocreport.h), runs the allocator's
 * own decision (alloc.h) on its Mem-Info numbers and returns what was
 * asked, how each zone answered, the cause in the vocabulary and
 * advice. It prints nothing; out-explain.c renders the result.
 */
#ifndef COMPACTCTL_EXPLAIN_H
#define COMPACTCTL_EXPLAIN_H

#include "alloc.h"
#include "allocreport.h"
#include "gfp.h"
#include "model.h"

enum cc_ex_cause {
	CC_EX_FRAGMENTATION,	/* enough free memory, no usable block >= order */
	CC_EX_BELOW_WATERMARK,	/* memory really low: reclaim was the answer */
	CC_EX_RESERVED_ONLY,	/* blocks only in the highatomic reserve or CMA */
	CC_EX_ZONE_NOT_ALLOWED,	/* the zone modifier kept it out of the free zones */
	CC_EX_CPUSET,		/* mems_allowed / nodemask kept it off free nodes */
	CC_EX_NO_RECLAIM_ALLOWED,	/* could not reclaim (atomic) or compact (NOIO/NOFS) */
	CC_EX_UNKNOWN,
	CC_EX__N
};
const char *cc_ex_cause_name(enum cc_ex_cause c);

/* The alloc.c system built from a report: which report zone each of its
 * zones came from. */
struct cc_ex_sysmap {
	int node_pos, zone_pos;	/* in sys */
	int report_zone;	/* index in r->zones */
};

/* alloc-report.c: alloc.h's input from a report's Mem-Info (pages from kB
 * by the report's page size). Nodes not in keep (NULL: every node) are
 * left out. Returns the number of map entries. */
int cc_alloc_from_report(const struct cc_areport *r, int kver, const struct cc_nodeset *keep,
			 struct cc_alloc_system *sys, struct cc_ex_sysmap *map, int nmap);
/* The page size in kB the report's buddy lines show; 0 unknown */
unsigned cc_report_page_kb(const struct cc_areport *r);

struct cc_ex_zone {
	int rz;			/* index in the report's zones */
	bool eligible;		/* in the request's zonelist walk */
	const char *not_why;	/* why not, when !eligible */
	int walk;		/* position in the walk, -1 */
	bool evaluated;		/* the allocator model ran on it */
	enum cc_zone_outcome outcome;
	struct cc_wmark_check check;	/* the slow path's check at min */
	bool have_buddy;
	uint64_t blocks_ge;	/* free blocks of order >= the request's */
	uint32_t types_ge;	/* CC_MT_BIT of the types holding them (letters) */
	bool usable_block;	/* one of them is of a type the request may take */
	bool reserved_only;	/* all of them are HighAtomic or CMA (or Isolate) */
	int unusable_index;	/* thousandths */
	int fragindex;		/* thousandths */
	bool compaction_suitable;
};

#define CC_EX_MAX_ADVICE 8
#define CC_EX_MAX_MISSING 12

struct cc_ex_report {
	const struct cc_areport *r;

	/* the kernel and the mask */
	int kver;		/* CC_KVER used for the rules and the layout */
	bool kver_assumed;	/* not in the report */
	char layout[16];	/* "4.9", the version whose GFP layout was used */
	bool layout_assumed;
	bool names_agree;
	struct cc_gfp_decoded gfp;
	char gfp_names[256];	/* as printed, or named from the layout */
	bool names_printed;

	/* the request */
	int order;		/* -1 unknown */
	unsigned page_kb;
	bool page_kb_assumed;
	uint64_t size_bytes;	/* 0 unknown */
	uint64_t block_kb;	/* the requested block, page_kb << order (order
				 * unknown: one page) */
	enum cc_ztype highest;	/* gfp_zone() */
	bool direct_reclaim, kswapd, io, fs, high, atomic_ctx, nowarn, costly;
	const char *retry;	/* "none", "__GFP_NORETRY", ... */
	bool cpuset_applies;	/* ALLOC_CPUSET: mems_allowed constrains it */
	int compaction_possible;	/* 1, 0, -1 unknown */
	int compaction_helps;	/* 1, 0, -1 unknown */
	char caller[64];	/* first frame outside the allocator */
	char callers[160];	/* it and the next two, "a < b < c" */

	/* the zones: eligible in walk order, then the others */
	int nzones;
	struct cc_ex_zone zones[CC_AR_MAX_ZONES];
	enum cc_alloc_cause model_cause;	/* alloc.c's node cause */
	uint64_t hidden_free_kb;	/* global free minus the zones printed */
	bool filtered;		/* the kernel left zones or nodes out */

	/* the diagnosis */
	enum cc_ex_cause cause;
	const char *state;	/* the memory state under the cause */
	char reason[640];
	int nadvice;
	char advice[CC_EX_MAX_ADVICE][400];
	int nmissing;
	char missing[CC_EX_MAX_MISSING][160];
};

/* Diagnose report r. */
void cc_explain(const struct cc_areport *r, struct cc_ex_report *x);
/* The requested block's size, "64K", "2M" (of one page when the order is
 * unknown) */
const char *cc_ex_block_text(const struct cc_ex_report *x, char *buf, size_t n);

/* Every report of one input, or of one --follow batch: the engine's
 * report, which the views (views.h: cc_text_explain, cc_json_explain)
 * render. */
struct cc_explain_batch {
	const char *source;		/* where the reports came from */
	bool stream;			/* --follow: one JSON line per batch */
	struct cc_areports parsed;	/* notes: lines that looked wrong */
	struct cc_ex_report *x;		/* parsed.n diagnoses */
};

/* Parse buf (modified in place) and diagnose every report in it. 0, or
 * -errno with e set when the input cannot be read as text. */
int cc_explain_buffer(char *buf, size_t len, const char *source, struct cc_explain_batch *b,
		      struct cc_err *e);
void cc_explain_batch_free(struct cc_explain_batch *b);

#endif
