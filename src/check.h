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
#include "status.h"

enum cc_check_state {
	CC_CHECK_OK = 0,
	CC_CHECK_WARNING = 1,
	CC_CHECK_CRITICAL = 2,
	CC_CHECK_UNKNOWN = 3,
};
const char *cc_check_state_name(enum cc_check_state s);

/* A threshold on one of the sources' values (cc_sources_metrics[]):
 * --max NAME=V alerts above V, --min NAME=V below */
struct cc_metric_limit {
	int metric;			/* index in cc_sources_metrics[] */
	bool below;			/* --min: alert below */
	bool warn_set, crit_set;
	double warn, crit;
};
#define CC_CHECK_MAX_METRICS 16

struct cc_check_limits {
	bool warn_free_set, crit_free_set;
	uint64_t warn_free, crit_free;	/* bytes in blocks >= order: alert below */
	long warn_score, crit_score;	/* -1 unset: alert above */
	int nmetric;
	struct cc_metric_limit metric[CC_CHECK_MAX_METRICS];
};

struct cc_check_node {
	int id;
	/* in blocks of the order or larger that the request class may use
	 * (every block when the verdict is unknown: no zoneinfo) */
	uint64_t free_bytes;
	bool free_known;		/* the page size is known */
	bool free_every_block;		/* no zoneinfo: every block counted */
	bool have_score;
	int score;
	enum cc_check_state state;
};

struct cc_check_metric {
	bool have;			/* the value is known */
	double value;
	enum cc_check_state state;
};

struct cc_check_report {
	char kernel[128];		/* "" unknown */
	struct cc_check_limits lim;
	int order;
	int req_class;			/* enum cc_req_class */
	long page_size;			/* 0: not known (a tree that does not say) */
	struct cc_check_node *nodes;
	int nnodes;
	struct cc_check_metric metric[CC_CHECK_MAX_METRICS];	/* per lim.metric[] */
	enum cc_check_state state;
	char why[512];			/* UNKNOWN without a node: the reason */
};

/* Every selected node of st (st->nodes NULL: every node with memory) and
 * st's sources against lim */
void cc_check_evaluate(struct cc_check_report *r, const struct cc_status_report *st,
		       const struct cc_check_limits *lim);
/* NAME=VALUE into l (--max: alert above, below for --min; crit for the
 * --critical- forms). 0, or -EINVAL with e saying why. */
int cc_check_limit_parse(struct cc_check_limits *l, const char *arg, bool below, bool crit,
			 struct cc_err *e);
/* UNKNOWN for a reason (the files could not be read) */
void cc_check_unknown(struct cc_check_report *r, const char *why);
void cc_check_free(struct cc_check_report *r);

#endif
