/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The /proc/vmstat counters compactctl knows, in one table with the views
 * that show each (counters.c). Every list of counters a command prints is
 * this table filtered by one view flag, in table order.
 */
#ifndef COMPACTCTL_COUNTERS_H
#define COMPACTCTL_COUNTERS_H

#include <stdbool.h>
#include <stdint.h>

#include "model.h"

enum cc_counter_view {
	CC_SHOW_STATUS = 1u << 0,	/* status JSON "vmstat" (and watch frames) */
	CC_SHOW_DELTA = 1u << 1,	/* compact and diff: deltas that explain a run */
	CC_SHOW_PROBE = 1u << 2,	/* probe: deltas per step (JSON) */
	CC_SHOW_PROBE_COLUMN = 1u << 3,	/* ... and a column of its text table */
	CC_SHOW_RATE = 1u << 4,		/* watch: rates per second (JSON) */
	CC_SHOW_RATE_ROW1 = 1u << 5,	/* watch text: first rates row */
	CC_SHOW_RATE_ROW2 = 1u << 6,	/* watch text: second rates row */
	CC_SHOW_PROMETHEUS = 1u << 7,	/* export: a family, every counter of it */
	CC_SHOW_TRACE = 1u << 8,	/* trace: deltas over the recording */
};

struct cc_counter {
	/* The kernel's name. "name*" is a family: name and every counter
	 * whose name starts with it (older kernels print per-zone variants,
	 * pgscan_direct_normal, ...). */
	const char *name;
	const char *label;	/* short label in text tables and rates, or NULL */
	unsigned views;
};

extern const struct cc_counter cc_counters[];
extern const int cc_ncounters;

/* The key a family is shown under: its name without the '*' */
const char *cc_counter_key(const struct cc_counter *c, char *buf, size_t n);
/* A counter's value in s (a family: the sum of its members, not counting
 * *_throttle, which counts events, not pages); false if s has none. */
bool cc_counter_value(const struct cc_snapshot *s, const struct cc_counter *c, uint64_t *v);
/* b - a; false if either lacks the counter */
bool cc_counter_delta(const struct cc_snapshot *a, const struct cc_snapshot *b,
		      const struct cc_counter *c, int64_t *d);
/* Whether a /proc/vmstat name belongs to a family shown in view */
bool cc_counter_in(const char *name, unsigned view);

#endif
