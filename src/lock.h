/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The machine lock: one system-wide lock for every command that changes
 * kernel state (compact, probe, watch's c key), so two runs never measure
 * or restore over each other.
 *   live      flock(LOCK_EX) on /run/lock/compactctl.lock (opened without
 *             following links, a regular file owned by root or by us),
 *             which holds "PID COMMAND" of the holder for the message of
 *             whoever waits.
 *   sysroot   flock on the tree's directory (nothing is written into it).
 * A lock dies with its holder, however it ends.
 */
#ifndef COMPACTCTL_LOCK_H
#define COMPACTCTL_LOCK_H

#include <limits.h>
#include <stdbool.h>

#include "path.h"

#define CC_LOCK_FILE "/run/lock/compactctl.lock"

struct cc_lock {
	int fd;
	bool held;
	char path[PATH_MAX];
};

/* Before it is taken: open the lock file (live, as root: before the
 * capability drop), or use the tree's directory. 0 or -errno, e set. */
int cc_lock_open(struct cc_lock *l, const struct cc_root *r, struct cc_err *e);
/* Take it. wait < 0: as long as it takes; 0: not at all; else seconds.
 * While waiting, says once on stderr who holds it. 0; -EWOULDBLOCK when
 * busy (e names the holder); -EINTR on a signal; -errno. */
int cc_lock_take(struct cc_lock *l, const char *command, double wait, struct cc_err *e);
/* Take it only if free now: 0 or -EWOULDBLOCK (e names the holder). */
static inline int cc_lock_try(struct cc_lock *l, const char *command, struct cc_err *e)
{
	return cc_lock_take(l, command, 0, e);
}
void cc_lock_release(struct cc_lock *l);
void cc_lock_close(struct cc_lock *l);

#endif
