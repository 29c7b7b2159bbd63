/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Kernel pseudo-filesystems (tracefs for compact's tracing instance,
 * debugfs for map's page_owner): where one is mounted, and the one way to
 * mount one that is not: in a private mount namespace of this process,
 * which nobody else sees and which goes away with the process however it
 * ends, so nothing is left to restore and no lock is needed.
 */
#ifndef COMPACTCTL_MOUNT_H
#define COMPACTCTL_MOUNT_H

#include <stddef.h>

#include "path.h"

/* The mount point of the first filesystem of this type in
 * /proc/self/mounts, or "" when none is (or the table is unreadable). */
void cc_find_mount(const struct cc_root *r, const char *type, char *out, size_t n);
/* Mount a filesystem of this type at target (which must exist), private to
 * this process. Live and root only, before the capability drop. 0, or -1
 * with why set ("tracefs is not mounted and ..."). */
int cc_mount_private(const char *type, const char *target, char *why, size_t n);

#endif
