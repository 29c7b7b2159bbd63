/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The tracepoints `compactctl trace` records (kernel-interfaces.md 5.1), in
 * one table: each event with the fields we read by name (alternative names
 * for renamed fields), and the decoder from a binary record to a cc_tev.
 */
#ifndef COMPACTCTL_TRACE_EVENTS_H
#define COMPACTCTL_TRACE_EVENTS_H

#include "path.h"
#include "tracefmt.h"

enum cc_tev_type {
	CC_TEV_TRY,		/* mm_compaction_try_to_compact_pages */
	CC_TEV_BEGIN,
	CC_TEV_END,
	CC_TEV_ISO_MIGRATE,
	CC_TEV_ISO_FREE,
	CC_TEV_FAST_ISO_FREE,
	CC_TEV_MIGRATEPAGES,
	CC_TEV_SUITABLE,
	CC_TEV_FINISHED,
	CC_TEV_DEFERRED,
	CC_TEV_DEFER_COMPACTION,
	CC_TEV_DEFER_RESET,
	CC_TEV_KCD_WAKE,	/* mm_compaction_kcompactd_wake: the daemon starts work */
	CC_TEV_KCD_SLEEP,
	CC_TEV_WAKEUP_KCD,	/* mm_compaction_wakeup_kcompactd: someone asks */
	CC_TEV_EXTFRAG,		/* kmem/mm_page_alloc_extfrag */
	CC_TEV_STACK,		/* ftrace/kernel_stack, after an extfrag (--stack) */
	CC_TEV_MIGRATE_PAGES,	/* migrate/mm_migrate_pages: compact's THP counts */
	CC_TEV_NTYPES
};

/* The sets of events a command reads (cc_tev_load's want) */
#define CC_TEV_BIT(t) (1u << (t))
#define CC_TEV_SET_TRACE \
	((CC_TEV_BIT(CC_TEV_NTYPES) - 1) & ~CC_TEV_BIT(CC_TEV_MIGRATE_PAGES))
#define CC_TEV_SET_COMPACT \
	(CC_TEV_BIT(CC_TEV_BEGIN) | CC_TEV_BIT(CC_TEV_END) | CC_TEV_BIT(CC_TEV_ISO_MIGRATE) | \
	 CC_TEV_BIT(CC_TEV_ISO_FREE) | CC_TEV_BIT(CC_TEV_FAST_ISO_FREE) | \
	 CC_TEV_BIT(CC_TEV_MIGRATEPAGES) | CC_TEV_BIT(CC_TEV_MIGRATE_PAGES))

/* Roles of the values in cc_tev.v[], per type (see the table in trace-events.c) */
enum {
	/* TRY */ CC_V_ORDER = 0, CC_V_GFP = 1, CC_V_PRIO = 2,
	/* BEGIN/END */ CC_V_ZONE_START = 0, CC_V_MIGRATE_PFN = 1, CC_V_FREE_PFN = 2,
	CC_V_ZONE_END = 3, CC_V_SYNC = 4, CC_V_STATUS = 5,
	/* ISO_*: the counts and the first pfn of the block scanned */
	CC_V_SCANNED = 0, CC_V_TAKEN = 1, CC_V_ISO_PFN = 2,
	/* MIGRATEPAGES */
	CC_V_MIGRATED = 0, CC_V_FAILED = 1,
	/* SUITABLE, FINISHED, DEFER*: node, zone idx, order, ret */
	CC_V_NID = 0, CC_V_IDX = 1, CC_V_ZORDER = 2, CC_V_RET = 3,
	/* KCD_WAKE, WAKEUP_KCD: nid, order, classzone idx; KCD_SLEEP: nid */
	CC_V_KNID = 0, CC_V_KORDER = 1, CC_V_KIDX = 2,
	/* EXTFRAG */ CC_V_PFN = 0, CC_V_ALLOC_ORDER = 1, CC_V_FALLBACK_ORDER = 2,
	CC_V_ALLOC_MT = 3, CC_V_FALLBACK_MT = 4, CC_V_CHANGE_OWNER = 5,
	/* MIGRATE_PAGES: THP counts; CC_V_FOR_COMPACTION is 1 when the reason
	 * is "compaction" (decoded by name) */
	CC_V_THP_OK = 0, CC_V_THP_FAILED = 1, CC_V_THP_SPLIT = 2, CC_V_FOR_COMPACTION = 3,
	CC_TEV_NVALS = 6
};

/* Compaction results, in the order of enum compact_result since v4.7
 * [include/linux/compaction.h, v6.12]; decoded BY NAME from the format
 * file's symbol table, so older numberings map correctly. */
enum cc_cr {
	CC_CR_NOT_SUITABLE_ZONE, CC_CR_SKIPPED, CC_CR_DEFERRED, CC_CR_NO_SUITABLE_PAGE,
	CC_CR_CONTINUE, CC_CR_COMPLETE, CC_CR_PARTIAL_SKIPPED, CC_CR_CONTENDED,
	CC_CR_SUCCESS, CC_CR_N
};
extern const char *const cc_cr_names[CC_CR_N];

#define CC_TEV_MAX_STACK 32

struct cc_tev {
	enum cc_tev_type type;
	int cpu;
	int pid;
	uint64_t ts;		/* trace clock, ns */
	int64_t v[CC_TEV_NVALS];
	uint32_t seq;		/* the order it came in (cc_tev_sort's last key) */
	char zone[12];		/* zone name of CC_V_IDX / CC_V_KIDX, "" if none */
	char comm[17];		/* filled by the collector, "" if unknown */
	/* CC_TEV_STACK: nstack return addresses, out of line so that only
	 * the events that have one pay for it (a queued event is ~120 bytes;
	 * 32 frames inline made every one 368): allocated by cc_tev_decode,
	 * freed by cc_tev_clear. NULL when nstack is 0. */
	int nstack;
	uint64_t *stack;
};

struct cc_tev_table {
	/* format of each type, by event id; have[type] false if not available */
	bool have[CC_TEV_NTYPES];
	struct cc_tf_event fmt[CC_TEV_NTYPES];
	/* the field of each role, resolved once */
	const struct cc_tf_field *field[CC_TEV_NTYPES][CC_TEV_NVALS];
	const struct cc_tf_field *pid_field;
};

/* "compaction/mm_compaction_begin" etc. */
const char *cc_tev_path(enum cc_tev_type t);
bool cc_tev_required(enum cc_tev_type t);
/* Resolve the roles of type t from its parsed format file. 0, or -1 with e
 * set when a required field is missing (path names the format file). */
int cc_tev_bind(struct cc_tev_table *tab, enum cc_tev_type t, const struct cc_tf_event *fmt,
		const char *path, struct cc_err *e);
/* Fill tab and the page layout from the format files of the events in
 * want (a CC_TEV_SET_*), each read through read(rel, f, arg, e) by its
 * tracefs name ("events/header_page",
 * "events/compaction/mm_compaction_begin/format"): a live instance or a
 * capture. An optional event that is missing or unusable is left out.
 * 0, or -1 with e set when a required one is. */
typedef int (*cc_tev_reader)(const char *rel, struct cc_file *f, void *arg, struct cc_err *e);
int cc_tev_load(struct cc_tev_table *tab, struct cc_tf_page *layout, unsigned want,
		cc_tev_reader read, void *arg, struct cc_err *e);
/* Decode one record. 1 if it is one of ours, 0 if not (other id, too short).
 * A kernel stack's addresses are allocated: cc_tev_clear each decoded event
 * once done with it (a no-op for every other type). */
int cc_tev_decode(const struct cc_tev_table *tab, const struct cc_tf_record *r, int cpu,
		  struct cc_tev *out);
/* Free what cc_tev_decode allocated for ev (its stack), if anything */
void cc_tev_clear(struct cc_tev *ev);

/* Put decoded events (of several CPUs, each CPU's in the order its
 * buffer holds them) in time order, then by CPU, then as they came: the
 * order the engine wants (events of one CPU may share a timestamp). */
void cc_tev_sort(struct cc_tev *ev, size_t n);

/* Migratetype names of kernels >= 4.4 [include/linux/mmzone.h: enum
 * migratetype, v6.12]: the extfrag event prints numbers. */
const char *cc_mt_name(int64_t mt);

#endif
