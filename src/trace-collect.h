/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The live side of `compactctl trace` (trace-collect.c): a private tracing
 * instance (tracer.h) recording the compaction and fallback events
 * system-wide, read as binary pages from every CPU's trace_pipe_raw,
 * decoded, put in time order and fed to the engine (trace-summary.h); plus
 * the counters the trace does not carry (vmstat, PSI, mTHP), sampled at the
 * start and at each report. Every file through the path layer.
 */
#ifndef COMPACTCTL_TRACE_COLLECT_H
#define COMPACTCTL_TRACE_COLLECT_H

#include "kallsyms.h"
#include "lock.h"
#include "path.h"
#include "restore.h"
#include "trace-summary.h"
#include "tracer.h"

struct cc_tcol_opts {
	bool stack;		/* kernel stacks of the fallback events */
	/* the machine lock, tried (never waited for) before a buffer resize,
	 * which allocates memory; NULL: never resize */
	struct cc_lock *lock;
};

struct cc_tcol;

/* Before the capability drop: find or mount tracefs, and with --stack read
 * /proc/kallsyms (its addresses need CAP_SYSLOG). NULL with e set when
 * tracing is impossible (not root, --sysroot, no tracefs). */
struct cc_tcol *cc_tcol_new(const struct cc_root *r, bool stack, struct cc_err *e);
/* Create the instance, read the format files, enable the events, open the
 * per-CPU readers, sample the counters and start recording; the instance
 * is registered with the restore registry. 0, or -1 with e set and no
 * instance left. Needs no capability (tracefs files are root's). */
int cc_tcol_start(struct cc_tcol *c, const struct cc_tcol_opts *o, struct cc_err *e);
bool cc_tcol_running(const struct cc_tcol *c);
/* The options the engine needs from the machine (zone map, pageblock
 * order), valid after cc_tcol_start. */
void cc_tcol_engine_opts(const struct cc_tcol *c, struct cc_tsum_opts *so);
/* Read what the kernel recorded and feed it to s in time order; events of
 * the last 100 ms wait for the next call unless `final` (then recording is
 * stopped first). */
void cc_tcol_poll(struct cc_tcol *c, struct cc_tsum *s, bool final);
/* How long to wait before the next poll (10 to 100 ms, from the rate). */
int cc_tcol_poll_ms(const struct cc_tcol *c);
/* Fill the report's counters (vmstat/PSI/mTHP since the start, lost
 * events, window, migratetype names, kernel); the report then points at
 * the collector's vmstat samples: render it before cc_tcol_free. */
void cc_tcol_counters(struct cc_tcol *c, struct cc_trace_report *r);
/* The name of a kernel address for --stack ("func+0x1a", or hex) */
const char *cc_tcol_symbol(struct cc_tcol *c, uint64_t addr);
/* Remove the instance now (the restore registry's entry too); recording
 * may be started again. */
void cc_tcol_stop(struct cc_tcol *c);
void cc_tcol_free(struct cc_tcol *c);

#endif
