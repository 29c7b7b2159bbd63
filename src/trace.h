/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Per-zone outcome of a compaction run from the compaction tracepoints
 * (kernel-interfaces.md section 5): the records decoded from a tracing
 * instance's ring-buffer pages (parse-trace.c) and what they say (trace.c).
 * The live instance that records them is tracer.h.
 */
#ifndef COMPACTCTL_TRACE_H
#define COMPACTCTL_TRACE_H

#include <stdbool.h>
#include <stdint.h>

#include "model.h"
#include "trace-events.h"

/* One compact_zone() call: mm_compaction_begin .. mm_compaction_end */
struct cc_trace_zone {
	int node;			/* -1 until resolved */
	char zone[12];			/* "" until resolved */
	uint64_t zone_start, zone_end;	/* pfns, as compaction saw the zone */
	uint64_t migrate_start, free_start;	/* scanner positions at begin */
	uint64_t migrate_end, free_end;		/* ... and at end */
	bool ended;
	char status[20];		/* end status: complete, contended, ... */
	bool sync;
	double t_begin, t_end;		/* trace clock, seconds */
	uint64_t migrate_scanned, migrate_isolated;	/* isolate_migratepages */
	uint64_t free_scanned, free_isolated;		/* isolate_freepages + fast_ */
	uint64_t migrated, failed;	/* mm_compaction_migratepages */
	uint64_t thp_migrated, thp_failed, thp_split;	/* mm_migrate_pages */
};

struct cc_trace {
	struct cc_trace_zone *zones;
	int nzones;
	uint64_t lost;			/* events the buffer lost */
	uint64_t events;		/* events understood */
	uint64_t outside;		/* events outside a begin..end of their zone */
	uint64_t others;		/* events of other tasks, left out */
};

/* Decoding compact's events (the table loaded with CC_TEV_SET_COMPACT)
 * from trace_pipe_raw pages (parse-trace.c): feed every page of every CPU,
 * then finish. */
struct cc_trace_reader {
	const struct cc_tev_table *tab;
	const struct cc_tf_page *layout;
	long pid;			/* only this task's events (0: all) */
	struct cc_tev *ev;		/* decoded so far */
	size_t n, cap;
	uint64_t missed, others;
};
void cc_trace_reader_init(struct cc_trace_reader *rd, const struct cc_tev_table *tab,
			  const struct cc_tf_page *layout, long pid);
/* One page (len bytes) of CPU cpu. 0, or -1 with e set on a malformed
 * page (path names it); what it held before the fault is kept. */
int cc_trace_read_page(struct cc_trace_reader *rd, int cpu, const uint8_t *page, size_t len,
		       const char *path, struct cc_err *e);
/* The records of the pages fed since the last finish, in time order; the
 * reader is emptied for the next pass. 0, or -1 with e set. */
int cc_trace_reader_finish(struct cc_trace_reader *rd, struct cc_trace *t, struct cc_err *e);
void cc_trace_reader_free(struct cc_trace_reader *rd);
/* What the instance's overrun counters say was lost during the pass
 * (per_cpu/cpuN/stats), against what the page headers said. */
void cc_trace_add_lost(struct cc_trace *t, uint64_t overruns);
/* Name node and zone of each record from the zoneinfo start pfns. */
void cc_trace_resolve(struct cc_trace *t, const struct cc_snapshot *s);
void cc_trace_free(struct cc_trace *t);
static inline uint64_t cc_trace_lost(const struct cc_trace *t)
{
	return t->lost;
}
/* Percent of the zone the scanners covered (100 when they met). */
int cc_trace_coverage(const struct cc_trace_zone *z);
/* True when some zone's run ended before its scanners met (contended,
 * partial_skipped, ...): compaction did not get through that zone. */
bool cc_trace_cut_short(const struct cc_trace *t);
/* Sums over all records. "compact_migrate_scanned", "compact_free_scanned",
 * "compact_isolated" and "pgmigrate_success" equal those vmstat deltas when
 * only our task compacted; "not_migrated" (isolated but not migrated, incl.
 * pages put back when the free scanner ran dry) is >= the pgmigrate_fail
 * delta, not equal to it. */
extern const char *const cc_trace_sum_keys[];	/* NULL-terminated */
bool cc_trace_sum(const struct cc_trace *t, const char *counter, uint64_t *out);

#endif
