/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The live side of `compactctl trace`: a private tracing instance recording
 * the compaction and fallback events system-wide, read as binary pages from
 * every CPU's trace_pipe_raw, decoded, put in time order and fed to the
 * engine (trace-summary.h); plus the counters the trace does not carry
 * (vmstat, PSI, mTHP), sampled at the start and at each report.
 */
#ifndef COMPACTCTL_TRACE_COLLECT_H
#define COMPACTCTL_TRACE_COLLECT_H

#include "trace-summary.h"

struct cc_tcol;

struct cc_tcol_opts {
	bool stack;		/* kernel stacks of the fallback events */
};

/* Create the instance, read the format files, enable the events and start
 * recording. 0, or -1 with e set (and nothing left behind). */
int cc_tcol_open(struct cc_tcol **out, const struct cc_tcol_opts *o, struct cc_err *e);
/* The zone map and migratetype names the engine needs (from zoneinfo and
 * pagetypeinfo at the start). */
const struct cc_ts_zonemap *cc_tcol_zonemap(const struct cc_tcol *c);
/* Read what the kernel recorded and feed it to s in time order; events of
 * the last 100 ms wait for the next call unless `final` (then recording is
 * stopped first). 0, or -1 with e set. */
int cc_tcol_poll(struct cc_tcol *c, struct cc_tsum *s, bool final, struct cc_err *e);
/* How long to wait before the next poll (10 to 100 ms, from the rate). */
int cc_tcol_poll_ms(const struct cc_tcol *c);
/* Fill the report's counters (vmstat/PSI/mTHP deltas since the start, lost
 * events, window). */
void cc_tcol_counters(struct cc_tcol *c, struct cc_trace_report *r);
/* Remove the instance (idempotent), free. */
void cc_tcol_close(struct cc_tcol *c);

/* /proc/pressure/memory: the "total=" microseconds of the some and full
 * lines (parse-psi.c). 0, or -1 with e set. */
int cc_parse_psi(char *buf, size_t len, const char *path, uint64_t *some_us,
		 uint64_t *full_us, struct cc_err *e);

#endif
