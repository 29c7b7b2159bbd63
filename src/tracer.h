/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A private tracing instance (tracer.c), the only code that creates,
 * configures and removes one: compact's per-zone outcome (an instance that
 * records only our own task, cc_tracer_start) and trace's system-wide
 * recording (an empty instance the collector configures, cc_tracer_create,
 * read through per-CPU trace_pipe_raw fds). Root only; not under --sysroot.
 */
#ifndef COMPACTCTL_TRACER_H
#define COMPACTCTL_TRACER_H

#include <limits.h>
#include <stdbool.h>

#include "path.h"
#include "trace.h"

struct cc_tracer_cpu {
	int cpu;
	int fd;			/* per_cpu/cpuN/trace_pipe_raw, O_NONBLOCK */
};

struct cc_tracer {
	const struct cc_root *r;
	char root[PATH_MAX];	/* tracefs mount point */
	char name[32];		/* compactctl.<16 random hex digits> */
	char inst[PATH_MAX + 64]; /* its kernel path */
	int instances_fd;	/* the tracefs instances directory */
	int inst_fd;		/* our instance, flocked while we live */
	int on_fd;		/* its tracing_on */
	bool created;
	long pid;		/* whose events count (0: everyone's) */
	struct cc_tracer_cpu *cpus;	/* cc_tracer_open_cpus */
	int ncpus;
	uint8_t *page;		/* ... and a page of theirs at a time */
	size_t page_size;
	/* compact's reader (cc_tracer_open_reader) */
	struct cc_tev_table *tab;
	struct cc_tf_page layout;
	uint64_t lost_seen;	/* overruns of the passes before */
	char why[200];		/* why tracing is unavailable */
};

/* Mount tracefs privately if needed, create and lock our instance (reaping
 * abandoned ones), enable the events, open tracing_on: everything that
 * needs privileges, so it can run before the capability drop.
 * 0 and ready, or -1 with tr->why set (tracing then simply stays off). */
int cc_tracer_start(struct cc_tracer *tr, const struct cc_root *r);
/* The per-CPU buffer, in KiB, that holds a compaction pass over pages page
 * frames (1 to 64 MiB). Pure. */
long cc_tracer_pass_kb(uint64_t pages);
/* The privileged half of cc_tracer_start and cc_tracer_create, for a caller
 * that creates the instance later (watch's trace panel): find tracefs, or
 * mount it in a private mount namespace. 0, or -1 with tr->why set. */
int cc_tracer_mount(struct cc_tracer *tr, const struct cc_root *r);
/* After cc_tracer_mount: an empty instance (stale ones reaped), nothing
 * enabled, tracing_on opened (recording is off until cc_tracer_set_on). It
 * may be created again after cc_tracer_stop. 0, or -1 with tr->why set and
 * nothing left behind. */
int cc_tracer_create(struct cc_tracer *tr);
/* Write val to the instance's file rel ("events/kmem/.../enable"). 0 or -1
 * with e set. */
int cc_tracer_write(struct cc_tracer *tr, const char *rel, const char *val,
		    struct cc_err *e);
/* Read the instance's file rel, or with top the tracefs file rel
 * ("saved_cmdlines", "events/header_page"), through the path layer. */
int cc_tracer_read(const struct cc_tracer *tr, const char *rel, bool top, struct cc_file *f,
		   struct cc_err *e);
/* Start (true) or stop recording. */
int cc_tracer_set_on(struct cc_tracer *tr, bool on, struct cc_err *e);
/* Open every present CPU's per_cpu/cpuN/trace_pipe_raw (O_NONBLOCK)
 * through the path layer into tr->cpus, and a buffer of a ring-buffer page
 * (tr->page, cc_tracer_page_size); closed by cc_tracer_stop before
 * the instance is removed (an open reader keeps it busy). 0, or -1 with e
 * set when none could be opened. */
int cc_tracer_open_cpus(struct cc_tracer *tr, struct cc_err *e);
/* A cc_tev_reader of the instance's format files (events/header_page is
 * tracefs's); arg is the tracer. */
int cc_tracer_read_format(const char *rel, struct cc_file *f, void *arg, struct cc_err *e);
/* The size of a ring-buffer page (a read of trace_pipe_raw): the system's
 * page, or buffer_subbuf_size_kb (6.8+). */
size_t cc_tracer_page_size(const struct cc_tracer *tr);
/* Events the instance lost so far: overrun + dropped events of every
 * opened CPU (per_cpu/cpuN/stats). */
uint64_t cc_tracer_lost(const struct cc_tracer *tr);
/* After cc_tracer_start and the capability drop (it parses the format
 * files): the reader of compact's events, from the per-CPU pages. 0, or -1
 * with e set. */
int cc_tracer_open_reader(struct cc_tracer *tr, struct cc_err *e);
/* Start recording (the buffer is empty). */
int cc_tracer_arm(struct cc_tracer *tr, struct cc_err *e);
/* Stop recording and decode what was recorded, consuming it. */
int cc_tracer_collect(struct cc_tracer *tr, struct cc_trace *t, struct cc_err *e);
/* Stop, close the CPU readers, remove the instance (still locked), close.
 * Idempotent; the tracefs mount stays (cc_tracer_create may follow). */
void cc_tracer_stop(struct cc_tracer *tr);
/* Remove the compactctl.* instances nobody holds the lock of, in an
 * instances directory its caller has locked; returns how many. */
int cc_tracer_reap(int instances_fd);

#endif
