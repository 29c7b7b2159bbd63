/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Kernel attributes compactctl writes (the compaction triggers, a zram
 * device's compact, the hugetlb pools' nr_hugepages): the one way they are
 * written. Each is opened before the capability drop (cc_attr_open), kept
 * open, and written through that fd (cc_attr_write), with the kernel's
 * reasons for refusing turned into precise messages
 * (kernel-interfaces.md 3.2). In a tree, a FIFO standing for a slow file
 * is opened at each write instead (it would wait for its reader).
 */
#ifndef COMPACTCTL_ATTR_H
#define COMPACTCTL_ATTR_H

#include <limits.h>
#include <stdbool.h>

#include "path.h"

#define CC_COMPACT_MEMORY "/proc/sys/vm/compact_memory"

struct cc_attr {
	char kpath[256];
	char real[PATH_MAX];	/* for messages */
	int fd;			/* -1: not open (a FIFO, or the open failed) */
	int err;		/* 0, or the open's -errno: why it cannot be written */
	char why[512];		/* ... explained */
};

/* Open kpath for writing: 0, or -errno (also left in a->err, a->why). */
int cc_attr_open(const struct cc_root *r, struct cc_attr *a, const char *kpath);
/* Write data: 0, or -errno with e explaining (EACCES, EROFS, EINVAL ...). */
int cc_attr_write(const struct cc_root *r, struct cc_attr *a, const char *data,
		  struct cc_err *e);
void cc_attr_close(struct cc_attr *a);

#endif
