/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The per-CPU free lists drained around compaction (compact's default;
 * --no-drain turns it off).
 *
 * Pages freed on a CPU go first to that CPU's list (the pcp lists of
 * /proc/zoneinfo's "pagesets"), not to the buddy lists: no buddyinfo count
 * shows them, they merge with nothing, and compaction's free scanner cannot
 * see them. Since 6.7 each list's limit auto-tunes up to an eighth of the
 * zone per CPU (high_max), so after a workload frees memory the lists can
 * hold hundreds of MiB, and whether compaction gains anything depends more
 * on them than on compaction. The kernel offers no write that drains them,
 * but two documented sysctls do it:
 *  - vm.percpu_pagelist_high_fraction = F sets every list's high_min and
 *    high_max to max(managed / F / cpus, 4 * batch) [mm/page_alloc.c:
 *    zone_highsize, zone_set_pageset_high_and_batch, v6.18]; F = the
 *    largest zone's managed pages makes that the floor, 4 * batch;
 *  - each write to vm.stat_refresh runs refresh_cpu_vm_stats on every CPU,
 *    whose decay_pcp_high lowers a list's high towards high_min, but
 *    never more than 32 batches below what the list holds, and frees what
 *    the list holds above it [mm/vmstat.c, mm/page_alloc.c:
 *    decay_pcp_high, v6.18]: at most 32 batches (2016 pages) per list and
 *    write. The writes go on, in groups, until a group frees
 *    (almost) nothing.
 * The fraction stays set through the passes (pages compaction frees then
 * reach the buddy lists too) and is restored after them on every path,
 * signals included (restore.h). Before 6.7 the lists do not decay; the
 * fraction alone caps them, and the pages above the cap go on the next
 * free on that CPU.
 */
#ifndef COMPACTCTL_DRAIN_H
#define COMPACTCTL_DRAIN_H

#include <stdbool.h>
#include <stdint.h>

#include "attr.h"
#include "model.h"
#include "restore.h"

#define CC_PCP_FRACTION "/proc/sys/vm/percpu_pagelist_high_fraction"
#define CC_STAT_REFRESH "/proc/sys/vm/stat_refresh"
#define CC_DRAIN_GROUP 32		/* stat_refresh writes between counts */
#define CC_DRAIN_MIN_REFRESHES 64	/* high from its maximum to the floor */
#define CC_DRAIN_MAX_REFRESHES 2048	/* 4M pages per list at 2016 a write */

struct cc_drain {
	bool usable;			/* both files open for writing */
	bool done;			/* the fraction was set (and is restored) */
	char why[512];			/* why not, when not usable */
	struct cc_attr fraction, refresh;
	struct cc_saved saved;		/* the fraction's old value, restored */
	long set_to;
	int refreshes;			/* stat_refresh writes made */
	double seconds;			/* setting the fraction and the writes */
	bool have_pcp;			/* zoneinfo lists the pagesets */
	uint64_t pcp_before;		/* pages on the lists, before the drain */
	uint64_t pcp_drained;		/* ... right after it, before pass 1 */
};

/* Before the capability drop: open the two files. Never fails: when they
 * cannot be written, d->usable is false and d->why says why. */
void cc_drain_open(struct cc_drain *d, const struct cc_root *r);
/* The fraction that brings every zone's lists to the kernel's floor: the
 * largest managed page count of s's zones (at least the kernel's minimum,
 * 8; at most INT_MAX). Pure. */
long cc_drain_fraction(const struct cc_snapshot *s);
/* Pages on the per-CPU lists of s's zones; false when zoneinfo has none */
bool cc_pcp_pages(const struct cc_snapshot *s, uint64_t *pages);
/* Set the fraction (registered for restore), write stat_refresh, and count
 * the lists again. before: the snapshot taken before. 0, or -errno with e
 * set when a write fails (what was set is still restored). */
int cc_drain_start(struct cc_drain *d, const struct cc_root *r,
		   const struct cc_snapshot *before, struct cc_err *e);
/* Restore the fraction now (if it was set); the outcome is in d->saved. */
void cc_drain_restore(struct cc_drain *d);
void cc_drain_close(struct cc_drain *d);

#endif
