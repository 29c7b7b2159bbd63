/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The live tracing session behind compact's per-zone outcome: a private
 * tracing instance that records only our own task (tracer.c). Root only;
 * not under --sysroot.
 */
#ifndef COMPACTCTL_TRACER_H
#define COMPACTCTL_TRACER_H

#include <limits.h>
#include <stdbool.h>

#include "path.h"
#include "trace.h"

struct cc_tracer {
	const struct cc_root *r;
	char root[PATH_MAX];	/* tracefs mount point */
	char name[32];		/* compactctl.<16 random hex digits> */
	char inst[PATH_MAX + 64]; /* its kernel path */
	int instances_fd;	/* the tracefs instances directory */
	int inst_fd;		/* our instance, flocked while we live */
	int on_fd;		/* its tracing_on */
	bool created;
	char why[200];		/* why tracing is unavailable */
};

/* Mount tracefs privately if needed, create and lock our instance (reaping
 * abandoned ones), enable the events, open tracing_on: everything that
 * needs privileges, so it can run before the capability drop.
 * 0 and ready, or -1 with tr->why set (tracing then simply stays off). */
int cc_tracer_start(struct cc_tracer *tr, const struct cc_root *r);
/* Clear the buffer and start recording. */
int cc_tracer_arm(struct cc_tracer *tr, struct cc_err *e);
/* Stop recording and parse what was recorded. */
int cc_tracer_collect(struct cc_tracer *tr, struct cc_trace *t, struct cc_err *e);
/* Stop, remove the instance (still locked), close. Idempotent. */
void cc_tracer_stop(struct cc_tracer *tr);
/* Remove the compactctl.* instances nobody holds the lock of, in an
 * instances directory its caller has locked; returns how many. */
int cc_tracer_reap(int instances_fd);

#endif
