/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The probe engine (probe.c): how many huge pages can the kernel give
 * now, per node? Grows each node's hugetlb pool through nr_hugepages,
 * records what the kernel granted and the vmstat deltas that explain it,
 * and gives every page back through the restore registry (restore.h): on
 * every path, and only while the pool still holds what the probe left.
 * The memory-compaction cover letter's high-order allocation test.
 */
#ifndef COMPACTCTL_PROBE_H
#define COMPACTCTL_PROBE_H

#include <stdbool.h>
#include <stdint.h>

#include "attr.h"
#include "counters.h"
#include "model.h"
#include "restore.h"

#define CC_PROBE_MAX_COUNTERS 64

struct cc_probe_request {
	const char *nodes;	/* --node LIST; NULL: every node with memory */
	const char *size;	/* --size; NULL: 2M, else the smallest */
	long percent;		/* -1: the free memory above the high watermarks */
	long step;		/* percent per step; 0: one step */
	bool dry_run, force;
};

struct cc_probe_step {
	long percent;		/* 0: the default target */
	uint64_t requested;	/* pages above the pool before */
	uint64_t obtained;
	double seconds;
	bool interrupted;	/* a signal cut the kernel's allocation short */
	bool have[CC_PROBE_MAX_COUNTERS];	/* by cc_counters index */
	int64_t delta[CC_PROBE_MAX_COUNTERS];
};

struct cc_probe_node {
	int id;
	struct cc_attr *pool;	/* nr_hugepages written: the node's or the global */
	struct cc_attr node_pool;
	long orig;		/* the pool's size before */
	uint64_t base;		/* the pages --percent is of, or free above high */
	struct cc_probe_step *steps;
	int nsteps, done;
	struct cc_saved saved;	/* the pool before, and its restore */
	bool started;		/* saved is registered */
};

struct cc_probe_report {
	struct cc_probe_request req;
	uint64_t size_kb;
	uint64_t hp_pages;	/* base pages per huge page */
	char global_dir[96];	/* /sys/kernel/mm/hugepages/hugepages-NkB */
	struct cc_attr global_pool;
	struct cc_snapshot snap;
	struct cc_probe_node *np;
	int nnp;
	int signal;		/* interrupted by it, 0 none */
};

/* Before the capability drop: the arguments, each node's pool file opened
 * (and the global one). 0, or -EINVAL (usage) with e set. */
int cc_probe_prepare(struct cc_probe_report *p, const struct cc_root *r,
		     const struct cc_probe_request *req, struct cc_err *e);
/* After it: the snapshot, the size, the nodes and their steps. 0, -EINVAL
 * (usage) or -errno with e set. */
int cc_probe_plan(struct cc_probe_report *p, const struct cc_root *r, struct cc_err *e);
/* The pool files writable and not in use by applications (unless
 * --force). 0 or -errno with e set. */
int cc_probe_check(struct cc_probe_report *p, const struct cc_root *r, struct cc_err *e);
/* Probe node after node, each restored right after; stops at a signal or
 * an error. 0, or -errno with e set (what was done stays reported). */
int cc_probe_run(struct cc_probe_report *p, const struct cc_root *r, struct cc_err *e);
/* Every probed pool restored */
bool cc_probe_all_restored(const struct cc_probe_report *p);
void cc_probe_free(struct cc_probe_report *p);

#endif
