/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The curses driver of watch (watch-tui.c): draws the watch model's
 * canvas, turns keys into changes of the model, and runs the c key's
 * compaction of the shown node under the machine lock.
 */
#ifndef COMPACTCTL_TUI_H
#define COMPACTCTL_TUI_H

#include <stdbool.h>

#include "attr.h"
#include "lock.h"
#include "trace-collect.h"
#include "watch.h"

/* The files the c key writes, opened before the capability drop */
struct cc_watch_triggers {
	struct cc_attr compact_memory;	/* a kernel without per-node files */
	struct cc_attr *node;		/* nodeN/compact, by node id */
	int nnode;
	struct cc_lock lock;		/* taken for the compaction only */
	bool lock_ok;
	/* the t key's trace panel: tracefs found or mounted before the drop
	 * (NULL: not root, a sysroot, no tracefs: trace_why says) */
	struct cc_tcol *tcol;
	struct cc_tsum *tsum;		/* while the panel is on */
	char trace_why[200];
};

/* Before the drop: the lock file, every node's trigger opened, tracefs */
void cc_watch_triggers_open(struct cc_watch_triggers *t, const struct cc_root *r);
void cc_watch_triggers_close(struct cc_watch_triggers *t);

/* Run the live view until q or a signal. */
int cc_watch_tui(struct cc_watch *w, struct cc_watch_triggers *t, bool color);

#endif
