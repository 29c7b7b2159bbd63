/* SPDX-License-Identifier: GPL-2.0-or-later */
/* zram devices for compact --zram: /sys/block/zramN (zram.c). */
#ifndef COMPACTCTL_ZRAM_H
#define COMPACTCTL_ZRAM_H

#include <stdint.h>

#include "attr.h"

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
int cc_zram_pages_compacted(const struct cc_root *r, const char *name, uint64_t *out,
			    struct cc_err *e);
void cc_zram_close(struct cc_zram_list *l);

#endif
