// SPDX-License-Identifier: GPL-2.0-or-later
/* The status engine (status.h). */
#include "status.h"

#include <stdlib.h>
#include <string.h>

#include "alloc-snapshot.h"

void cc_status_report_build(struct cc_status_report *r, const struct cc_snapshot *s,
			    const struct cc_nodeset *nodes, int order,
			    enum cc_req_class c, const struct cc_sources *so)
{
	memset(r, 0, sizeof(*r));
	r->snap = s;
	r->order = order;
	r->nodes = nodes;
	r->req_class = c;
	cc_alloc_from_snapshot(s, &r->sys);
	r->verdicts = xcalloc((size_t)s->nnodes + 1, sizeof(*r->verdicts));
	for (int i = 0; i < s->nnodes; i++)
		if (cc_nodeset_has(nodes, s->nodes[i].id))
			cc_alloc_decide_class(&r->sys, c, order, s->nodes[i].id, &r->verdicts[i]);
	if (so) {
		r->have_sources = true;
		cc_sources_report_build(s, so, &r->src);
	}
}

void cc_status_report_free(struct cc_status_report *r)
{
	for (int i = 0; r->verdicts && i < r->snap->nnodes; i++)
		cc_alloc_verdict_free(&r->verdicts[i]);
	free(r->verdicts);
	cc_alloc_system_free(&r->sys);
	if (r->have_sources)
		cc_sources_report_free(&r->src);
	memset(r, 0, sizeof(*r));
}

const struct cc_alloc_verdict *cc_status_verdict(const struct cc_status_report *r, int i)
{
	return cc_nodeset_has(r->nodes, r->snap->nodes[i].id) ? &r->verdicts[i] : NULL;
}
