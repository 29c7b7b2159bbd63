/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef COMPACTCTL_SNAPSHOT_H
#define COMPACTCTL_SNAPSHOT_H

#include "model.h"
#include "path.h"

/* Read every file status uses into s. Returns 0, or -1 with e set when a
 * required file is missing or any file is malformed. Files that exist but
 * cannot be read (pagetypeinfo without root) become notes in s. */
int cc_snapshot_collect(const struct cc_root *root, struct cc_snapshot *s, struct cc_err *e);

/* Skip /proc/pagetypeinfo (it holds each zone's lock while it is printed),
 * unless buddyinfo is missing and it is the only source of free counts. */
#define CC_COLLECT_NO_PAGETYPEINFO 1u
int cc_snapshot_collect_ex(const struct cc_root *root, struct cc_snapshot *s, unsigned flags,
			   struct cc_err *e);
/* The same, but the files that change only when an administrator writes
 * them (osrelease, the /proc/sys/vm knobs, the THP settings) or on node
 * hotplug (the nodes online) are copied from statics instead of read, when
 * statics is not NULL (watch's frames: 13 of the 17 files a frame read,
 * 0.35 ms of a 1 ms frame). */
int cc_snapshot_collect_keep(const struct cc_root *root, struct cc_snapshot *s, unsigned flags,
			     const struct cc_snapshot *statics, struct cc_err *e);
/* Those files read again into a collected snapshot. */
int cc_snapshot_read_statics(const struct cc_root *root, struct cc_snapshot *s,
			     struct cc_err *e);

/* Only /proc/vmstat (required), into an initialised snapshot. */
int cc_vmstat_collect(const struct cc_root *root, struct cc_snapshot *s, struct cc_err *e);

/* Only /proc/zoneinfo (required), into an initialised snapshot. */
int cc_zoneinfo_collect(const struct cc_root *root, struct cc_snapshot *s, struct cc_err *e);

/* The nodes /sys/devices/system/node has a nodeN directory of */
void cc_node_dirs(const struct cc_root *root, struct cc_nodeset *found);

/* Print s->notes to stderr, one line each. */
void cc_snapshot_print_notes(const struct cc_snapshot *s);

#endif
