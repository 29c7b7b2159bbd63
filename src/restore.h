/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The one restore mechanism: a registry of what a command changed in the
 * kernel, undone on every way out (the normal end, errors, the handled
 * signals, exit() from anywhere), newest first, with the handled signals
 * blocked so a second Ctrl-C cannot cut a restore short.
 *
 * A changed value (cc_saved) is restored only if it still holds what this
 * run set: another run (or an administrator) may have set it since, and
 * writing our old value over theirs would undo their change. Then it is
 * left, with a warning. Restores are read back.
 */
#ifndef COMPACTCTL_RESTORE_H
#define COMPACTCTL_RESTORE_H

#include <limits.h>
#include <stdbool.h>

#include "attr.h"
#include "path.h"

/* ---- the registry ---- */

struct cc_undo {
	void (*fn)(void *arg);
	void *arg;
	bool armed;
};
/* Register u (it must live until cc_restore_all or cc_undo_now) */
void cc_undo_push(struct cc_undo *u, void (*fn)(void *arg), void *arg);
/* Undo u now (if still armed) and take it off the registry */
void cc_undo_now(struct cc_undo *u);
/* Undo everything still registered, newest first, signals blocked.
 * Idempotent; also runs at exit(). */
void cc_restore_all(void);

/* ---- a changed kernel value ---- */

enum cc_restore_outcome {
	CC_RESTORE_PENDING,	/* not restored yet */
	CC_RESTORE_DONE,	/* written back and read back equal */
	CC_RESTORE_LEFT,	/* someone else changed it since: left as it is */
	CC_RESTORE_FAILED,	/* the write or the read-back failed, or differs */
};

struct cc_saved {
	const struct cc_root *r;
	struct cc_attr *attr;	/* the attribute, opened for writing (attr.h) */
	long orig;		/* before the run */
	long ours;		/* what the run left there last (read back) */
	long now;		/* what the restore found, then read back */
	enum cc_restore_outcome outcome;
	char why[512];		/* LEFT or FAILED: what happened */
	struct cc_undo undo;
};
/* Register a kernel attribute about to be changed from orig (written back,
 * when it comes to that, through cc_attr_write) */
void cc_saved_push(struct cc_saved *v, const struct cc_root *r, struct cc_attr *attr, long orig);
/* Restore v now (cc_undo_now): the outcome says what happened. */
void cc_saved_restore(struct cc_saved *v);

#endif
