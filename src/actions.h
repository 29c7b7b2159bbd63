/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The compaction triggers and their privilege diagnostics (actions.c). */
#ifndef COMPACTCTL_ACTIONS_H
#define COMPACTCTL_ACTIONS_H

#include <stdint.h>

#include "compactctl.h"
#include "path.h"

#define CC_COMPACT_MEMORY "/proc/sys/vm/compact_memory"
#define CC_MAX_ZRAM 64

/* May kpath be written? faccessat(W_OK) with the effective ids: opens
 * nothing. 0, or -errno with e saying precisely what is missing (a security
 * module can still refuse the open; cc_trigger explains that too). */
int cc_trigger_check(const struct cc_root *r, const char *kpath, struct cc_err *e);
/* Write data to kpath; errors explained as for the triggers. 0 or -errno. */
int cc_write_explained(const struct cc_root *r, const char *kpath, const char *data,
		       struct cc_err *e);
/* Write "1\n" to kpath (blocks while the kernel compacts). 0 or -errno. */
int cc_trigger(const struct cc_root *r, const char *kpath, struct cc_err *e);

struct cc_zram {
	char name[16];
	char compact[48];		/* its kernel path: /sys/block/zramN/compact */
	uint64_t before, after;		/* mm_stat pages_compacted */
};
struct cc_zram_list {
	struct cc_zram dev[CC_MAX_ZRAM];
	int n;
};
/* Initialised zram devices (disksize > 0), by number. */
void cc_zram_list(const struct cc_root *r, struct cc_zram_list *l);
int cc_zram_pages_compacted(const struct cc_root *r, const char *name, uint64_t *out,
			    struct cc_err *e);

#endif
