/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * zram devices: /sys/block/zramN (zram.c), for compact --zram and the
 * sources report; mm_stat (parse-zram-mmstat.c) is read by both.
 */
#ifndef COMPACTCTL_ZRAM_H
#define COMPACTCTL_ZRAM_H

#include <stdbool.h>
#include <stdint.h>

#include "attr.h"

/* /sys/block/zramN/mm_stat columns (Documentation/admin-guide/blockdev/zram.rst) */
enum cc_zmm {
	ZMM_ORIG, ZMM_COMPR, ZMM_USED, ZMM_LIMIT, ZMM_USED_MAX, ZMM_SAME,
	ZMM_COMPACTED, ZMM_HUGE, ZMM_HUGE_SINCE, ZMM__N
};
extern const char *const cc_zmm_names[ZMM__N];	/* the documented column names */
struct cc_zram_mm {
	int ncols;		/* 7 (4.x) to 9 (>= 5.15); v[i] valid for i < ncols */
	uint64_t v[ZMM__N];
};
/* One line of 7 or more counters; 0, or -1 with e set */
int cc_parse_zram_mm_stat(struct cc_zram_mm *m, char *buf, size_t len, const char *path,
			  struct cc_err *e);

/* "zram0".."zram9999": a name safe to put in a path */
bool cc_zram_name(const char *name);
/* disksize in bytes (0: not initialised; the kernel's compact then says
 * EINVAL and there is no pool). 0, or -errno with e set. */
int cc_zram_disksize(const struct cc_root *r, const char *name, uint64_t *bytes,
		     struct cc_err *e);
/* mm_stat of a device. 0, or -errno with e set (-EBADMSG: malformed). */
int cc_zram_mm_stat(const struct cc_root *r, const char *name, struct cc_zram_mm *m,
		    struct cc_err *e);

#define CC_MAX_ZRAM 64

struct cc_zram {
	char name[16];
	struct cc_attr compact;		/* /sys/block/zramN/compact */
	uint64_t before, after;		/* mm_stat pages_compacted */
};
struct cc_zram_list {
	struct cc_zram dev[CC_MAX_ZRAM];
	int n;
};

/* Before the capability drop: every zramN device, by number, its compact
 * file opened (a directory listing; nothing parsed). */
void cc_zram_open(const struct cc_root *r, struct cc_zram_list *l);
/* After: keep the initialised ones (disksize > 0; compact says EINVAL on
 * the others). */
void cc_zram_keep_initialised(const struct cc_root *r, struct cc_zram_list *l);
void cc_zram_close(struct cc_zram_list *l);

#endif
