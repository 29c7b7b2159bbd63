/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The `trace` engine: decoded events (trace-events.h) in time order in, a
 * report out (who stalled in direct compaction, how long, at which order and
 * zone, with which outcome; kcompactd; fallbacks). It never prints; the
 * views (trace-view.c) only read the report.
 */
#ifndef COMPACTCTL_TRACE_SUMMARY_H
#define COMPACTCTL_TRACE_SUMMARY_H

#include <stdbool.h>
#include <stdint.h>

#include "model.h"
#include "trace-events.h"

#define CC_TS_HIST 32		/* log2 buckets of microseconds, like bcc's */
#define CC_TS_MAX_ZONES 32
#define CC_TS_MAX_KCD 64	/* kcompactd nodes */
#define CC_TS_MAX_TASKS 4096	/* further tasks count in "other tasks" */
#define CC_TS_MAX_MTHP 16

struct cc_ts_stats {
	uint64_t count, total_ns, max_ns;
};

struct cc_ts_task {
	int pid;
	char comm[17];
	struct cc_ts_stats stall;	/* direct compaction stalls (vmstat compact_stall) */
	uint64_t success, fail, skipped;
	uint64_t outcome[CC_CR_N];	/* compaction result of each stall */
	uint32_t orders;		/* bit o: stalled at order o */
	uint64_t runs;			/* compact_zone() runs in its stalls */
};

enum cc_ts_ctx { CC_TS_DIRECT, CC_TS_KCOMPACTD, CC_TS_PROACTIVE, CC_TS_OTHER, CC_TS_NCTX };
extern const char *const cc_ts_ctx_names[CC_TS_NCTX];

struct cc_ts_zone {
	int nid;
	char name[12];
	struct cc_ts_stats runs[CC_TS_NCTX];	/* compact_zone() runs by context */
	uint64_t status[CC_CR_N];		/* end status of direct runs */
	uint64_t deferred, skipped;		/* direct attempts that passed it by */
};

struct cc_ts_kcd {
	int nid;
	uint64_t wake_requests;		/* mm_compaction_wakeup_kcompactd */
	struct cc_ts_stats runs;	/* kcompactd_wake .. kcompactd_sleep */
	struct cc_ts_stats proactive;	/* compaction runs between sleeps without a wake */
	uint64_t outcome[CC_CR_N];	/* best end status of each requested run */
	uint64_t idle_runs;		/* requested runs that compacted no zone */
};

struct cc_ts_extfrag {
	uint64_t events, pollute, steal, fragmenting;
};

/* One compact_zone() run or attempt verdict, for --events. */
struct cc_ts_run {
	uint64_t ts;
	int pid;
	const char *comm;
	int nid;
	const char *zone;
	int order;
	bool sync;
	uint64_t lat_ns;
	enum cc_cr status;
	enum cc_ts_ctx ctx;
};

/* A zone's first pfn names begin/end records (they carry no node/zone). */
struct cc_ts_zonemap {
	int n;
	struct {
		uint64_t start_pfn;
		int nid;
		char name[12];
	} z[CC_TS_MAX_ZONES];
};

struct cc_ts_mthp {
	char size[16];		/* "64kB" */
	uint64_t alloc, fallback, fallback_charge;
};

/* The zones of a snapshot (zoneinfo's start pfns) as the engine names them */
void cc_ts_zonemap_from(struct cc_ts_zonemap *m, const struct cc_snapshot *s);

struct cc_trace_report {
	double window_s;		/* wall-clock length of the recording */
	uint64_t records;		/* decoded events */
	uint64_t lost;			/* events the kernel dropped (ring full) */
	bool lost_unknown;
	/* direct compaction */
	uint64_t attempts;		/* mm_compaction_try_to_compact_pages */
	uint64_t skipped;		/* attempts where every zone was skipped */
	struct cc_ts_stats stall;	/* the others: vmstat's compact_stall */
	uint64_t success, fail;
	uint64_t outcome[CC_CR_N];
	uint64_t hist[CC_TS_HIST];
	struct {
		struct cc_ts_stats stall;
		uint64_t success, fail;
	} orders[CC_MAX_ORDERS];
	struct cc_ts_task *tasks;	/* sorted by total stall time, then pid */
	int ntasks;
	struct cc_ts_task other_tasks;	/* beyond CC_TS_MAX_TASKS */
	struct cc_ts_zone zones[CC_TS_MAX_ZONES];
	int nzones;
	struct cc_ts_kcd kcd[CC_TS_MAX_KCD];
	int nkcd;
	/* fallbacks, [alloc migratetype][fallback migratetype] */
	struct cc_ts_extfrag extfrag[CC_MAX_MT][CC_MAX_MT];
	struct cc_ts_extfrag extfrag_total;
	char mt_names[CC_MAX_MT][16];
	/* sums of the scanner and migration events, all contexts: comparable
	 * with the vmstat counters of the same names */
	uint64_t migrate_scanned, free_scanned, isolated, migrated, not_migrated;
	/* outside the trace (the collector): /proc/vmstat at the start and
	 * now (NULL when not read), whose deltas the views show for the
	 * counters of the table marked CC_SHOW_TRACE (counters.h) */
	const struct cc_snapshot *vm_start, *vm_now;
	char kernel[128];		/* release, "" unknown */
	struct cc_ts_mthp mthp[CC_TS_MAX_MTHP];
	int nmthp;
	bool have_psi;
	uint64_t psi_some_us, psi_full_us;	/* deltas of /proc/pressure/memory total= */
	char delay_note[120];		/* per-task compaction delay: where it is, or why not */
};

/* One line of --events for the views: a compaction run or zone verdict,
 * or a fallback (with its stack, named, under --stack). */
struct cc_trace_event {
	uint64_t t0;			/* the trace time shown as 0 */
	const char *kernel;		/* for the JSON envelope */
	const struct cc_ts_run *run;	/* or NULL */
	const struct cc_tev *extfrag;	/* or NULL */
	const char *alloc_mt, *fallback_mt;	/* its migratetypes, named */
	bool have_stack;
	int nstack;
	char stack[CC_TEV_MAX_STACK][96];
};

struct cc_tsum;

struct cc_tsum_opts {
	const struct cc_ts_zonemap *zones;	/* may be NULL */
	/* the kernel's pageblock order: a fallback from a smaller block
	 * "fragments" [include/trace/events/kmem.h: mm_page_alloc_extfrag,
	 * fragmenting]; 0 unknown (none counted) */
	int pageblock_order;
	/* --events: each run/verdict and each fallback (with its stack) */
	void (*on_run)(const struct cc_ts_run *run, void *arg);
	void (*on_extfrag)(const struct cc_tev *ev, const struct cc_tev *stack, void *arg);
	void *arg;
};

struct cc_tsum *cc_tsum_new(const struct cc_tsum_opts *o);
/* Events in time order (per task at least). */
void cc_tsum_feed(struct cc_tsum *s, const struct cc_tev *ev);
/* Close attempts idle since before `now` minus `idle_ns` (live summaries);
 * with idle_ns 0, close every open attempt (end of a recording). */
void cc_tsum_settle(struct cc_tsum *s, uint64_t now, uint64_t idle_ns);
/* The report so far (sorted); valid until the next feed or free. */
const struct cc_trace_report *cc_tsum_report(struct cc_tsum *s);
/* The same report, for the collector to add vmstat/PSI/mTHP and lost events */
struct cc_trace_report *cc_tsum_report_mut(struct cc_tsum *s);
void cc_tsum_free(struct cc_tsum *s);

/* bucket of a latency: 0 for < 2 us, b for [2^b, 2^(b+1)) us */
int cc_ts_bucket(uint64_t ns);

/* The trace's own count of a /proc/vmstat counter (compact_stall,
 * compact_success, compact_fail, the scanner sums, pgmigrate_success), for
 * the agreement table; false for a counter the trace cannot count. */
bool cc_trace_report_sum(const struct cc_trace_report *r, const char *counter, uint64_t *out);
/* The delta of a /proc/vmstat counter over the window; false if unknown. */
bool cc_trace_report_vm(const struct cc_trace_report *r, const char *counter, uint64_t *out);

#endif
