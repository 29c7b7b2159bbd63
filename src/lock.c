// SPDX-License-Identifier: GPL-2.0-or-later
/* The machine lock (lock.h). */
#include "lock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "signals.h"

int cc_lock_open(struct cc_lock *l, const struct cc_root *r, struct cc_err *e)
{
	struct stat st;

	memset(l, 0, sizeof(*l));
	l->fd = -1;
	if (!r->live) {
		/* the tree stands for a machine: its directory is the lock */
		snprintf(l->path, sizeof(l->path), "%s", r->prefix);
		l->fd = dup(r->dirfd);
		if (l->fd < 0)
			return cc_err_set(e, l->path, 0, "%s", strerror(errno)), -errno;
		return 0;
	}
	snprintf(l->path, sizeof(l->path), "%s", CC_LOCK_FILE);
	l->fd = open(CC_LOCK_FILE, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, 0644);
	if (l->fd < 0 && (errno == EACCES || errno == EPERM))	/* another user's file */
		l->fd = open(CC_LOCK_FILE, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
	if (l->fd < 0) {
		int err = errno;

		return cc_err_set(e, l->path, 0, "cannot open the lock: %s",
				  err == ELOOP ? "a symbolic link: refused" : strerror(err)), -err;
	}
	/* in a sticky world-writable /run/lock anyone may put a file there
	 * first: only a regular file of root's or ours is the lock */
	if (fstat(l->fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    (st.st_uid != 0 && st.st_uid != geteuid())) {
		close(l->fd);
		l->fd = -1;
		return cc_err_set(e, l->path, 0, "not a regular file owned by root: refused "
				  "as the lock"), -EPERM;
	}
	return 0;
}

/* "pid 1234, compactctl probe" from the lock file; "" in a tree */
static void holder(const struct cc_lock *l, char *buf, size_t n)
{
	ssize_t got = pread(l->fd, buf, n - 1, 0);

	buf[got > 0 ? got : 0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
}

int cc_lock_take(struct cc_lock *l, const char *command, double wait, struct cc_err *e)
{
	double deadline = wait > 0 ? cc_monotonic() + wait : 0;
	bool said = false;
	char who[160], line[160];

	for (;;) {
		struct timespec ts = { 0, 50 * 1000 * 1000 };

		if (flock(l->fd, LOCK_EX | LOCK_NB) == 0)
			break;
		if (errno != EWOULDBLOCK)
			return cc_err_set(e, l->path, 0, "%s", strerror(errno)), -errno;
		holder(l, who, sizeof(who));
		if (!who[0])
			snprintf(who, sizeof(who), "another compactctl");
		if (wait == 0 || (deadline > 0 && cc_monotonic() >= deadline))
			return cc_err_set(e, l->path, 0, "busy: %s is changing the machine%s", who,
					  wait == 0 ? "" : " (waited too long)"), -EWOULDBLOCK;
		if (!said) {
			cc_warn("%s: waiting for %s to finish", l->path, who);
			said = true;
		}
		if (cc_got_signal)
			return cc_err_set(e, l->path, 0, "interrupted while waiting"), -EINTR;
		nanosleep(&ts, NULL);
	}
	l->held = true;
	/* who holds it, for the message of the next one (a tree's directory
	 * is only locked) */
	if (!strcmp(l->path, CC_LOCK_FILE)) {
		int len = snprintf(line, sizeof(line), "pid %d, compactctl %s\n", (int)getpid(),
				   command);

		if (ftruncate(l->fd, 0) == 0 && pwrite(l->fd, line, (size_t)len, 0) < 0)
			errno = 0;	/* an unwritable lock file still locks */
	}
	return 0;
}

void cc_lock_release(struct cc_lock *l)
{
	if (l->held) {
		if (!strcmp(l->path, CC_LOCK_FILE) && ftruncate(l->fd, 0) < 0)
			errno = 0;
		flock(l->fd, LOCK_UN);
	}
	l->held = false;
}

void cc_lock_close(struct cc_lock *l)
{
	cc_lock_release(l);
	if (l->fd >= 0)
		close(l->fd);
	l->fd = -1;
}
