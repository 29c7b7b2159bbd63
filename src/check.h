/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The check engine (check.c): thresholds evaluated per node, in the
 * monitoring-plugin convention (Nagios, Icinga, Sensu): OK, WARNING,
 * CRITICAL, UNKNOWN, which is also the exit status.
 */
#ifndef COMPACTCTL_CHECK_H
#define COMPACTCTL_CHECK_H

#include <stdbool.h>
#include <stdint.h>

#include "model.h"

enum cc_check_state {
	CC_CHECK_OK = 0,
	CC_CHECK_WARNING = 1,
	CC_CHECK_CRITICAL = 2,
	CC_CHECK_UNKNOWN = 3,
};
const char *cc_check_state_name(enum cc_check_state s);

struct cc_check_limits {
	bool warn_free_set, crit_free_set;
	uint64_t warn_free, crit_free;	/* bytes in blocks >= order: alert below */
	long warn_score, crit_score;	/* -1 unset: alert above */
};

struct cc_check_node {
	int id;
	uint64_t free_bytes;		/* in blocks of the order or larger */
	bool have_score;
	int score;
	enum cc_check_state state;
};

struct cc_check_report {
	char kernel[128];		/* "" unknown */
	struct cc_check_limits lim;
	int order;
	long page_size;
	struct cc_check_node *nodes;
	int nnodes;
	enum cc_check_state state;
	char why[512];			/* UNKNOWN without a node: the reason */
};

/* Every selected node (sel NULL: every node with memory) against lim */
void cc_check_evaluate(struct cc_check_report *r, const struct cc_snapshot *s,
		       const struct cc_nodeset *sel, int order,
		       const struct cc_check_limits *lim);
/* UNKNOWN for a reason (the files could not be read) */
void cc_check_unknown(struct cc_check_report *r, const char *why);
void cc_check_free(struct cc_check_report *r);

#endif
