// SPDX-License-Identifier: GPL-2.0-or-later
/* The check engine (check.h). */
#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"

const char *cc_check_state_name(enum cc_check_state s)
{
	static const char *const names[] = { "OK", "WARNING", "CRITICAL", "UNKNOWN" };

	return names[s];
}

static enum cc_check_state worse(enum cc_check_state a, enum cc_check_state b)
{
	/* CRITICAL over WARNING over UNKNOWN over OK */
	static const int rank[] = { 0, 2, 3, 1 };

	return rank[b] > rank[a] ? b : a;
}

static enum cc_check_state node_state(const struct cc_check_limits *lim,
				      const struct cc_check_node *n)
{
	enum cc_check_state st = CC_CHECK_OK;

	if (lim->crit_free_set && n->free_bytes < lim->crit_free)
		st = CC_CHECK_CRITICAL;
	else if (lim->warn_free_set && n->free_bytes < lim->warn_free)
		st = CC_CHECK_WARNING;
	if (!n->have_score) {
		if (lim->warn_score >= 0 || lim->crit_score >= 0)
			st = worse(st, CC_CHECK_UNKNOWN);
	} else if (lim->crit_score >= 0 && n->score > lim->crit_score) {
		st = worse(st, CC_CHECK_CRITICAL);
	} else if (lim->warn_score >= 0 && n->score > lim->warn_score) {
		st = worse(st, CC_CHECK_WARNING);
	}
	return st;
}

void cc_check_evaluate(struct cc_check_report *r, const struct cc_snapshot *s,
		       const struct cc_nodeset *sel, int order,
		       const struct cc_check_limits *lim)
{
	int i;

	memset(r, 0, sizeof(*r));
	r->lim = *lim;
	r->order = order;
	r->page_size = s->page_size;
	r->nodes = xcalloc((size_t)s->nnodes + 1, sizeof(*r->nodes));
	snprintf(r->kernel, sizeof(r->kernel), "%s", s->kernel);
	for (i = 0; i < s->nnodes; i++) {
		const struct cc_node *n = &s->nodes[i];
		struct cc_check_node *c;

		if (sel ? !cc_nodeset_has(sel, n->id) : !cc_node_has_memory(n))
			continue;
		c = &r->nodes[r->nnodes++];
		c->id = n->id;
		c->free_bytes = cc_node_free_at(n, s->norders, order) * (uint64_t)s->page_size;
		c->have_score = cc_node_score(s, n, s->thp_order, &c->score);
		c->state = node_state(lim, c);
		r->state = worse(r->state, c->state);
	}
	if (!r->nnodes)
		cc_check_unknown(r, "no node with memory to check");
}

void cc_check_unknown(struct cc_check_report *r, const char *why)
{
	r->state = CC_CHECK_UNKNOWN;
	snprintf(r->why, sizeof(r->why), "%s", why);
}

void cc_check_free(struct cc_check_report *r)
{
	free(r->nodes);
	r->nodes = NULL;
}
