/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The status engine (status.c): what status, export and each watch frame
 * show, as one report over a snapshot. Beside the snapshot it holds the page
 * allocator's decision for a request class at the verdict's order, per
 * shown node (alloc.h), and, when they were read, every other source of
 * contiguous memory (sources-report.h). Pure: nothing is read or printed.
 */
#ifndef COMPACTCTL_STATUS_H
#define COMPACTCTL_STATUS_H

#include <stdbool.h>

#include "alloc.h"
#include "model.h"
#include "sources-report.h"

struct cc_map_report;

struct cc_status_report {
	const struct cc_snapshot *snap;
	int order;			/* the order the verdict talks about */
	const struct cc_nodeset *nodes;	/* NULL: every node */
	enum cc_req_class req_class;	/* --for CLASS */
	struct cc_alloc_system sys;	/* the allocator's input, from snap */
	/* per snap->nodes[i]: the verdict of a request starting there
	 * (nzones 0 for a node not shown) */
	struct cc_alloc_verdict *verdicts;
	bool have_sources;		/* sources were read (not in watch) */
	struct cc_sources_report src;
	const struct cc_map_report *map;	/* export as root: the map's gauges */
};

/* so NULL: the sources were not read. Free with cc_status_report_free. */
void cc_status_report_build(struct cc_status_report *r, const struct cc_snapshot *s,
			    const struct cc_nodeset *nodes, int order,
			    enum cc_req_class c, const struct cc_sources *so);
void cc_status_report_free(struct cc_status_report *r);

/* The verdict of node s->nodes[i], NULL when it is not shown */
const struct cc_alloc_verdict *cc_status_verdict(const struct cc_status_report *r, int i);

#endif
