// SPDX-License-Identifier: GPL-2.0-or-later
/* The check engine (check.h). */
#include "check.h"

#include <errno.h>
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

	if (!n->free_known) {
		if (lim->warn_free_set || lim->crit_free_set)
			st = CC_CHECK_UNKNOWN;
	} else if (lim->crit_free_set && n->free_bytes < lim->crit_free) {
		st = CC_CHECK_CRITICAL;
	} else if (lim->warn_free_set && n->free_bytes < lim->warn_free) {
		st = CC_CHECK_WARNING;
	}
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

/* A source's value against its thresholds: unknown is UNKNOWN */
static enum cc_check_state metric_state(const struct cc_metric_limit *l,
					const struct cc_check_metric *m)
{
	bool crit = l->below ? m->value < l->crit : m->value > l->crit;
	bool warn = l->below ? m->value < l->warn : m->value > l->warn;

	if (!m->have)
		return CC_CHECK_UNKNOWN;
	if (l->crit_set && crit)
		return CC_CHECK_CRITICAL;
	if (l->warn_set && warn)
		return CC_CHECK_WARNING;
	return CC_CHECK_OK;
}

/* Free memory in blocks >= k the request class may use (the allocator
 * verdict: not the blocks lowmem_reserve keeps for lower zones, nor those
 * only in HighAtomic or CMA it may not take); without zoneinfo the verdict
 * is unknown and every block counts. */
static void node_free(struct cc_check_node *c, const struct cc_status_report *st, int i)
{
	const struct cc_snapshot *s = st->snap;
	const struct cc_alloc_verdict *v = cc_status_verdict(st, i);
	uint64_t blocks;

	c->free_every_block = v->cause == CC_AC_UNKNOWN;
	blocks = c->free_every_block ? cc_node_free_at(&s->nodes[i], s->norders, st->order) >>
				       st->order : cc_alloc_usable_blocks(v, v->node);
	c->free_known = cc_known_page_size(s) > 0;
	c->free_bytes = (blocks << st->order) * (uint64_t)cc_known_page_size(s);
}

void cc_check_evaluate(struct cc_check_report *r, const struct cc_status_report *st,
		       const struct cc_check_limits *lim)
{
	const struct cc_snapshot *s = st->snap;
	int i;

	memset(r, 0, sizeof(*r));
	r->lim = *lim;
	r->order = st->order;
	r->req_class = st->req_class;
	r->page_size = cc_known_page_size(s);
	r->nodes = xcalloc((size_t)s->nnodes + 1, sizeof(*r->nodes));
	snprintf(r->kernel, sizeof(r->kernel), "%s", s->kernel);
	for (i = 0; i < s->nnodes; i++) {
		const struct cc_node *n = &s->nodes[i];
		struct cc_check_node *c;

		if (st->nodes ? !cc_nodeset_has(st->nodes, n->id) : !cc_node_has_memory(n))
			continue;
		c = &r->nodes[r->nnodes++];
		c->id = n->id;
		node_free(c, st, i);
		c->have_score = cc_node_score(s, n, s->thp_order, &c->score);
		c->state = node_state(lim, c);
		r->state = worse(r->state, c->state);
	}
	for (i = 0; i < lim->nmetric; i++) {
		const struct cc_metric_limit *l = &lim->metric[i];
		struct cc_check_metric *m = &r->metric[i];

		m->have = st->have_sources &&
			  cc_sources_metrics[l->metric].get(&st->src, &m->value);
		m->state = metric_state(l, m);
		r->state = worse(r->state, m->state);
	}
	if (!r->nnodes)
		cc_check_unknown(r, "no node with memory to check");
}

int cc_check_limit_parse(struct cc_check_limits *l, const char *arg, bool below, bool crit,
			 struct cc_err *e)
{
	const char *eq = strchr(arg, '=');
	struct cc_metric_limit *m = NULL;
	uint64_t size;
	char *end;
	double v;
	int k, i;

	for (k = 0; k < cc_sources_nmetrics && eq; k++)
		if (strlen(cc_sources_metrics[k].name) == (size_t)(eq - arg) &&
		    !strncmp(cc_sources_metrics[k].name, arg, (size_t)(eq - arg)))
			break;
	if (!eq || k == cc_sources_nmetrics)
		return cc_err_set(e, NULL, 0, "'%s': expected NAME=VALUE, NAME one of those "
				  "--help lists", arg), -EINVAL;
	/* sizes for bytes (512M), else a number (a percentage may say %) */
	if (!strcmp(cc_sources_metrics[k].unit, "B") && !cc_parse_size(eq + 1, &size)) {
		v = (double)size;
	} else {
		v = strtod(eq + 1, &end);
		if (end == eq + 1 || (*end && strcmp(end, "%")) || !(v >= 0))
			return cc_err_set(e, NULL, 0, "'%s': '%s' is not a value in %s", arg,
					  eq + 1, cc_sources_metrics[k].unit), -EINVAL;
	}
	for (i = 0; i < l->nmetric && !m; i++)
		if (l->metric[i].metric == k)
			m = &l->metric[i];
	if (m && m->below != below)
		return cc_err_set(e, NULL, 0, "'%s': a threshold the other way is set already",
				  arg), -EINVAL;
	if (!m && l->nmetric == CC_CHECK_MAX_METRICS)
		return cc_err_set(e, NULL, 0, "'%s': at most %d such thresholds", arg,
				  CC_CHECK_MAX_METRICS), -EINVAL;
	if (!m) {
		m = &l->metric[l->nmetric++];
		m->metric = k;
		m->below = below;
	}
	*(crit ? &m->crit_set : &m->warn_set) = true;
	*(crit ? &m->crit : &m->warn) = v;
	return 0;
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
