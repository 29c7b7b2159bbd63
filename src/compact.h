/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The compaction engine (compact.c): trigger compaction of the system or
 * of nodes, pass after pass, and record what each pass did (snapshots,
 * the tracepoints' per-zone outcome, zram) and why the passes stopped, in
 * a report the views render. It prints nothing.
 */
#ifndef COMPACTCTL_COMPACT_H
#define COMPACTCTL_COMPACT_H

#include <stdbool.h>
#include <stdint.h>

#include "attr.h"
#include "drain.h"
#include "map.h"
#include "model.h"
#include "restore.h"
#include "trace.h"
#include "tracer.h"
#include "zram.h"

#define CC_COMPACT_MAX_PASSES 100
#define CC_COMPACT_SCORE_PASSES 10	/* --until-score without --passes */

enum cc_compact_stop {
	CC_STOP_ONE,		/* one pass was asked for */
	CC_STOP_PASSES,		/* --passes reached */
	CC_STOP_NO_GAIN,	/* a pass gained less than one pageblock */
	CC_STOP_SCORE,		/* --until-score reached */
	CC_STOP_ALREADY,	/* --until-score reached before the first pass */
	CC_STOP_SIGNAL,
	CC_STOP_ERROR,
};
const char *cc_compact_stop_name(enum cc_compact_stop s);	/* JSON */

struct cc_compact_request {
	const char *nodes;	/* --node LIST; NULL: the whole system */
	int passes;		/* 0: 1, or CC_COMPACT_SCORE_PASSES with until_score */
	long until_score;	/* -1: not given */
	bool zram, trace, dry_run;
	bool map;		/* measure against the map's ceiling when cheap */
	bool map_always;	/* --map: ... at any size */
	bool drain;		/* drain the per-CPU lists around the passes */
};

struct cc_compact_pass {
	double wall;		/* seconds in the writes */
	int64_t gain;		/* pages free in blocks >= gain_order: after - before */
	bool traced;
	struct cc_trace trace;
};

struct cc_compact_report {
	struct cc_compact_request req;
	bool system;			/* compact_memory, not nodeN/compact */
	struct cc_nodeset nodes;	/* the compacted nodes (all: the system) */
	struct cc_attr *targets;	/* written by each pass */
	int ntargets;
	struct cc_zram_list zram;	/* --zram: the initialised devices */
	int max_passes;
	int gain_order;			/* the pageblock order */
	int64_t min_gain;		/* one pageblock, in pages */
	struct cc_snapshot *snap;	/* [0] before pass 1, [p] after pass p */
	struct cc_compact_pass *pass;
	int npasses;			/* passes that completed */
	enum cc_compact_stop stop;
	bool tracing;
	char trace_why[200];		/* why not, when not */
	int signal;			/* interrupted by it, 0 none */
	bool partial;			/* the last pass broke off (error, signal) */
	/* the map taken before pass 1 (map.h): the ceiling the passes are
	 * measured against; without it, why not (--no-map, not root, ...) */
	bool have_map;
	struct cc_map_report map;
	char map_why[200];
	/* the per-CPU lists drained before pass 1 (drain.h); the fraction is
	 * restored after the last pass */
	struct cc_drain drain;
};

struct cc_compact {
	struct cc_compact_report rep;
	const struct cc_root *r;
	struct cc_tracer tracer;
	struct cc_undo tracer_undo;
	struct cc_map_src map_src;	/* kpageflags, opened before the drop */
};

/* Before the capability drop: the node list, the trigger files opened, the
 * zram devices' files, the tracing instance, /proc/kpageflags for the map.
 * 0, or -EINVAL (a usage error) with e set. */
int cc_compact_prepare(struct cc_compact *c, const struct cc_root *r,
		       const struct cc_compact_request *req, struct cc_err *e);
/* After it: the snapshot before, the nodes checked against it, and the map
 * of the compacted nodes when it is cheap (cc_map_when_cheap). 0, -EINVAL
 * (usage: no such node, no memory), or -errno, with e set. */
int cc_compact_plan(struct cc_compact *c, struct cc_err *e);
/* 0 if every file a pass writes can be written; else the first reason. */
int cc_compact_check(const struct cc_compact *c, struct cc_err *e);
/* The passes. 0, or -errno with e set (the passes done stay reported). */
int cc_compact_run(struct cc_compact *c, struct cc_err *e);
void cc_compact_free(struct cc_compact *c);

/* Whether to go on after pass p (1-based); if not, why: pure, so the
 * stop rules are tested without a kernel. */
bool cc_compact_next(const struct cc_compact_report *r, int p, enum cc_compact_stop *stop);
/* Pages free in blocks >= gain_order over the compacted nodes */
uint64_t cc_compact_free_at(const struct cc_compact_report *r, const struct cc_snapshot *s);
/* Every compacted node with a known score has one of at most S (and one
 * has) */
bool cc_compact_score_reached(const struct cc_compact_report *r, const struct cc_snapshot *s);

#endif
