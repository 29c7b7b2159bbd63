// SPDX-License-Identifier: GPL-2.0-or-later
/* The restore registry (restore.h). */
#include "restore.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "signals.h"

#define MAX_UNDO 2048

static struct cc_undo *stack[MAX_UNDO];
static int depth;
static bool at_exit;

void cc_undo_push(struct cc_undo *u, void (*fn)(void *arg), void *arg)
{
	u->fn = fn;
	u->arg = arg;
	u->armed = true;
	if (!at_exit) {
		atexit(cc_restore_all);
		at_exit = true;
	}
	if (depth == MAX_UNDO) {	/* cannot happen: a node's pool each at most */
		cc_undo_now(u);
		return;
	}
	stack[depth++] = u;
}

static void run(struct cc_undo *u)
{
	sigset_t old;

	if (!u->armed)
		return;
	u->armed = false;
	cc_signals_block(&old);
	u->fn(u->arg);
	sigprocmask(SIG_SETMASK, &old, NULL);
}

void cc_undo_now(struct cc_undo *u)
{
	int i;

	run(u);
	for (i = 0; i < depth; i++)
		if (stack[i] == u) {
			memmove(stack + i, stack + i + 1, (size_t)(depth - i - 1) * sizeof(*stack));
			depth--;
			break;
		}
}

void cc_restore_all(void)
{
	while (depth > 0)
		run(stack[--depth]);
}

/* ---- a changed kernel value ---- */

static void restore_value(void *arg)
{
	struct cc_saved *v = arg;
	char data[32], real[PATH_MAX];
	struct cc_err e;
	int r;

	snprintf(real, sizeof(real), "%s", v->attr->real);
	/* only what is still ours: someone may have set it since */
	if (cc_read_long(v->r, v->attr->kpath, &v->now, &e) < 0) {
		v->outcome = CC_RESTORE_FAILED;
		snprintf(v->why, sizeof(v->why), "%s", e.msg);
		return;
	}
	if (v->now != v->ours) {
		v->outcome = CC_RESTORE_LEFT;
		snprintf(v->why, sizeof(v->why), "%.300s: holds %ld, not the %ld this run set: "
			 "someone changed it since; left as it is (it was %ld before)", real,
			 v->now, v->ours, v->orig);
		return;
	}
	snprintf(data, sizeof(data), "%ld\n", v->orig);
	r = cc_attr_write(v->r, v->attr, data, &e);
	if (!r)
		r = cc_read_long(v->r, v->attr->kpath, &v->now, &e);
	if (r) {
		v->outcome = CC_RESTORE_FAILED;
		snprintf(v->why, sizeof(v->why), "%s", e.msg);
	} else if (v->now != v->orig) {
		v->outcome = CC_RESTORE_FAILED;
		snprintf(v->why, sizeof(v->why), "%.300s: restored to %ld but it holds %ld "
			 "(applications took pages meanwhile?)", real, v->orig, v->now);
	} else {
		v->outcome = CC_RESTORE_DONE;
	}
	if (v->outcome != CC_RESTORE_DONE && !v->why[0])
		snprintf(v->why, sizeof(v->why), "%.300s: not restored", real);
}

/* at exit or on a signal nobody reports the outcome: say it here */
static void restore_value_and_say(void *arg)
{
	struct cc_saved *v = arg;

	restore_value(v);
	if (v->outcome != CC_RESTORE_DONE)
		cc_warn("%s", v->why);
}

void cc_saved_push(struct cc_saved *v, const struct cc_root *r, struct cc_attr *attr, long orig)
{
	memset(v, 0, sizeof(*v));
	v->r = r;
	v->attr = attr;
	v->orig = v->ours = v->now = orig;
	cc_undo_push(&v->undo, restore_value_and_say, v);
}

void cc_saved_restore(struct cc_saved *v)
{
	v->undo.fn = restore_value;	/* the caller reports the outcome */
	cc_undo_now(&v->undo);
}
