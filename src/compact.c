// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The compaction engine (compact.h): snapshot, trigger, snapshot, per
 * pass. A pass writes "1" to /proc/sys/vm/compact_memory (the whole
 * system) or to each compacted node's /sys/devices/system/node/nodeN/
 * compact; the write returns when the kernel has compacted
 * [mm/compaction.c: sysctl_compaction_handler, compact_node, v6.18].
 */
#include "compact.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"
#include "signals.h"
#include "snapshot.h"

const char *cc_compact_stop_name(enum cc_compact_stop s)
{
	static const char *const names[] = {
		[CC_STOP_ONE] = "single_pass", [CC_STOP_PASSES] = "max_passes",
		[CC_STOP_NO_GAIN] = "no_gain", [CC_STOP_SCORE] = "score_reached",
		[CC_STOP_ALREADY] = "score_already_reached", [CC_STOP_SIGNAL] = "interrupted",
		[CC_STOP_ERROR] = "error",
	};

	return names[s];
}

uint64_t cc_compact_free_at(const struct cc_compact_report *r, const struct cc_snapshot *s)
{
	uint64_t sum = 0;
	int i;

	for (i = 0; i < s->nnodes; i++)
		if (cc_nodeset_has(&r->nodes, s->nodes[i].id))
			sum += cc_node_free_at(&s->nodes[i], s->norders, r->gain_order);
	return sum;
}

bool cc_compact_score_reached(const struct cc_compact_report *r, const struct cc_snapshot *s)
{
	bool any = false;
	int i, sc;

	for (i = 0; i < s->nnodes; i++) {
		if (!cc_nodeset_has(&r->nodes, s->nodes[i].id) ||
		    !cc_node_score(s, &s->nodes[i], s->thp_order, &sc))
			continue;
		if (sc > r->req.until_score)
			return false;
		any = true;
	}
	return any;
}

bool cc_compact_next(const struct cc_compact_report *r, int p, enum cc_compact_stop *stop)
{
	const struct cc_compact_pass *ps = &r->pass[p - 1];

	if (r->req.until_score >= 0 && cc_compact_score_reached(r, &r->snap[p])) {
		*stop = CC_STOP_SCORE;
		return false;
	}
	if (r->max_passes == 1) {
		*stop = CC_STOP_ONE;
		return false;
	}
	/* a pass the kernel cut short (a zone's scanners did not meet, e.g.
	 * contended) may gain nothing yet; the next one goes further */
	if (ps->gain < r->min_gain && !(ps->traced && cc_trace_cut_short(&ps->trace))) {
		*stop = CC_STOP_NO_GAIN;
		return false;
	}
	if (p >= r->max_passes) {
		*stop = CC_STOP_PASSES;
		return false;
	}
	return true;
}

/* ---- before the capability drop ---- */

static void stop_tracer(void *arg)
{
	cc_tracer_stop(arg);
}

int cc_compact_prepare(struct cc_compact *c, const struct cc_root *r,
		       const struct cc_compact_request *req, struct cc_err *e)
{
	struct cc_compact_report *rep = &c->rep;
	int id, n = 0;

	memset(c, 0, sizeof(*c));
	c->r = r;
	c->map_src.kpf_fd = c->map_src.owner_fd = -1;
	rep->drain.fraction.fd = rep->drain.refresh.fd = -1;
	rep->req = *req;
	rep->max_passes = req->passes ? req->passes :
			  req->until_score >= 0 ? CC_COMPACT_SCORE_PASSES : 1;
	rep->system = !req->nodes;
	if (req->nodes && cc_nodes_parse(req->nodes, &rep->nodes, e) < 0)
		return -EINVAL;
	if (rep->system) {
		rep->targets = xcalloc(1, sizeof(*rep->targets));
		cc_attr_open(r, &rep->targets[rep->ntargets++], CC_COMPACT_MEMORY);
	} else {
		for (id = cc_nodeset_next(&rep->nodes, 0); id >= 0;
		     id = cc_nodeset_next(&rep->nodes, id + 1))
			n++;
		rep->targets = xcalloc((size_t)n, sizeof(*rep->targets));
		for (id = cc_nodeset_next(&rep->nodes, 0); id >= 0;
		     id = cc_nodeset_next(&rep->nodes, id + 1)) {
			char kpath[64];

			snprintf(kpath, sizeof(kpath), "/sys/devices/system/node/node%d/compact", id);
			cc_attr_open(r, &rep->targets[rep->ntargets++], kpath);
		}
	}
	if (req->zram)
		cc_zram_open(r, &rep->zram);
	if (req->drain)
		cc_drain_open(&rep->drain, r);
	else
		snprintf(rep->drain.why, sizeof(rep->drain.why), "--no-drain");
	if (req->map && !req->dry_run)
		cc_map_open(&c->map_src, r, false);
	else
		snprintf(rep->map_why, sizeof(rep->map_why), "%s",
			 req->dry_run ? "--dry-run" : "--no-map");
	if (req->dry_run || !req->trace) {
		snprintf(rep->trace_why, sizeof(rep->trace_why), "%s",
			 req->dry_run ? "--dry-run" : "--no-trace");
	} else if (cc_tracer_start(&c->tracer, r) == 0) {
		rep->tracing = true;
		/* removed on every way out */
		cc_undo_push(&c->tracer_undo, stop_tracer, &c->tracer);
	} else {
		snprintf(rep->trace_why, sizeof(rep->trace_why), "%s", c->tracer.why);
	}
	return 0;
}

/* ---- after it ---- */

int cc_compact_plan(struct cc_compact *c, struct cc_err *e)
{
	struct cc_compact_report *rep = &c->rep;
	const struct cc_snapshot *s;
	struct cc_err e2;
	int i, ret;

	/* the format files are parsed here, after the capability drop; and
	 * before the first snapshot: the instance's buffers are memory the
	 * free counts miss, so it must be there for the first snapshot as it
	 * is for the last, or the gain would count the buffers */
	if (rep->tracing && cc_tracer_open_reader(&c->tracer, &e2) < 0) {
		snprintf(rep->trace_why, sizeof(rep->trace_why), "%.190s", e2.msg);
		rep->tracing = false;
		cc_undo_now(&c->tracer_undo);
	}
	rep->snap = xcalloc((size_t)rep->max_passes + 1, sizeof(*rep->snap));
	rep->pass = xcalloc((size_t)rep->max_passes, sizeof(*rep->pass));
	cc_snapshot_init(&rep->snap[0]);
	ret = cc_snapshot_collect(c->r, &rep->snap[0], e);
	if (ret < 0)
		return ret;
	s = &rep->snap[0];
	if (rep->system) {
		for (i = 0; i < s->nnodes; i++)
			cc_nodeset_add(&rep->nodes, s->nodes[i].id);
	} else {
		if (cc_nodes_check(&rep->nodes, s, e) < 0)
			return -EINVAL;
		for (i = 0; i < s->nnodes; i++)
			if (cc_nodeset_has(&rep->nodes, s->nodes[i].id) &&
			    !cc_node_has_memory(&s->nodes[i]))
				return cc_err_set(e, NULL, 0, "--node %d: the node has no memory to "
						  "compact", s->nodes[i].id), -EINVAL;
	}
	if (rep->req.zram)
		cc_zram_keep_initialised(c->r, &rep->zram);
	rep->gain_order = s->pageblock_order;
	rep->min_gain = (int64_t)1 << rep->gain_order;
	/* the ceiling, right before the first pass (the scan is not atomic) */
	if (rep->req.map && !rep->req.dry_run)
		rep->have_map = cc_map_when_cheap(c->r, &c->map_src, s, &rep->nodes,
						  rep->req.map_always ? 0 : CC_MAP_COMPACT_PFNS,
						  &rep->map,
						  rep->map_why, sizeof(rep->map_why));
	cc_map_close(&c->map_src);
	return 0;
}

int cc_compact_check(const struct cc_compact *c, struct cc_err *e)
{
	const struct cc_compact_report *rep = &c->rep;
	int i;

	for (i = 0; i < rep->zram.n; i++)
		if (rep->zram.dev[i].compact.err)
			return cc_err_set(e, NULL, 0, "%s", rep->zram.dev[i].compact.why),
			       rep->zram.dev[i].compact.err;
	for (i = 0; i < rep->ntargets; i++)
		if (rep->targets[i].err)
			return cc_err_set(e, NULL, 0, "%s", rep->targets[i].why),
			       rep->targets[i].err;
	return 0;
}

static int do_pass(struct cc_compact *c, int p, struct cc_err *e)
{
	struct cc_compact_report *rep = &c->rep;
	struct cc_compact_pass *ps = &rep->pass[p - 1];
	double t0;
	int i, ret;

	if (rep->tracing && cc_tracer_arm(&c->tracer, e) < 0)
		return -EIO;
	t0 = cc_monotonic();
	for (i = 0; i < rep->ntargets; i++) {
		/* compact_memory accepts only "1" since 6.5; the others ignore it */
		ret = cc_attr_write(c->r, &rep->targets[i], "1\n", e);
		if (ret < 0)
			return ret;
	}
	ps->wall = cc_monotonic() - t0;
	if (rep->tracing) {
		if (cc_tracer_collect(&c->tracer, &ps->trace, e) < 0)
			return -EIO;
		ps->traced = true;
	}
	/* without /proc/pagetypeinfo (it holds each zone's lock while printed,
	 * 5 ms of a 24 GiB machine's 9 ms no-op compaction): nothing after a
	 * pass needs the per-migratetype counts, and the pageblock order is
	 * the first snapshot's */
	cc_snapshot_init(&rep->snap[p]);
	ret = cc_snapshot_collect_ex(c->r, &rep->snap[p], CC_COLLECT_NO_PAGETYPEINFO, e);
	if (ret < 0)
		return ret;
	rep->snap[p].pageblock_order = rep->snap[0].pageblock_order;
	rep->snap[p].pageblock_src = rep->snap[0].pageblock_src;
	if (ps->traced)
		cc_trace_resolve(&ps->trace, &rep->snap[p]);
	ps->gain = (int64_t)(cc_compact_free_at(rep, &rep->snap[p]) -
			     cc_compact_free_at(rep, &rep->snap[p - 1]));
	return 0;
}

static int do_zram(struct cc_compact *c, struct cc_err *e)
{
	struct cc_zram_list *l = &c->rep.zram;
	int i, ret;

	for (i = 0; i < l->n; i++) {
		struct cc_zram *z = &l->dev[i];
		struct cc_zram_mm before, after;

		if ((ret = cc_zram_mm_stat(c->r, z->name, &before, e)) < 0 ||
		    (ret = cc_attr_write(c->r, &z->compact, "1\n", e)) < 0 ||
		    (ret = cc_zram_mm_stat(c->r, z->name, &after, e)) < 0)
			return ret;
		z->before = before.v[ZMM_COMPACTED];
		z->after = after.v[ZMM_COMPACTED];
	}
	return 0;
}

/* A signal came (cc_got_signal): the run stops there, reported as
 * interrupted; ret is the step's result (< 0: that step broke off). */
static bool interrupted(struct cc_compact_report *rep, int ret)
{
	if (!cc_got_signal)
		return false;
	rep->signal = cc_got_signal;
	rep->stop = CC_STOP_SIGNAL;
	rep->partial = ret < 0;
	return true;
}

static int run_passes(struct cc_compact *c, struct cc_err *e)
{
	struct cc_compact_report *rep = &c->rep;
	int p, ret = 0;

	if (rep->req.until_score >= 0 && cc_compact_score_reached(rep, &rep->snap[0])) {
		rep->stop = CC_STOP_ALREADY;
		return 0;
	}
	if (rep->req.zram && (ret = do_zram(c, e)) < 0) {
		rep->stop = CC_STOP_ERROR;
		return ret;
	}
	ret = cc_drain_start(&rep->drain, c->r, &rep->snap[0], e);
	if (interrupted(rep, ret))
		return 0;
	if (ret < 0) {
		rep->stop = CC_STOP_ERROR;
		return ret;
	}
	for (p = 1; p <= rep->max_passes; p++) {
		ret = do_pass(c, p, e);
		if (ret == 0)
			rep->npasses = p;
		if (interrupted(rep, ret))
			return 0;
		if (ret < 0) {
			rep->stop = CC_STOP_ERROR;
			rep->partial = true;
			return ret;
		}
		if (!cc_compact_next(rep, p, &rep->stop))
			break;
	}
	return 0;
}

int cc_compact_run(struct cc_compact *c, struct cc_err *e)
{
	int ret = run_passes(c, e);

	/* the instance goes as soon as the passes are done, and the lists get
	 * their limits back */
	cc_undo_now(&c->tracer_undo);
	cc_drain_restore(&c->rep.drain);
	/* a signal held off while they were restored: the passes are whole,
	 * but the run was interrupted all the same */
	if (cc_got_signal && !c->rep.signal)
		c->rep.signal = cc_got_signal;
	return ret;
}

void cc_compact_free(struct cc_compact *c)
{
	struct cc_compact_report *rep = &c->rep;
	int p;

	cc_undo_now(&c->tracer_undo);
	for (p = 0; rep->snap && p <= rep->max_passes; p++)
		cc_snapshot_free(&rep->snap[p]);
	for (p = 0; rep->pass && p < rep->max_passes; p++)
		cc_trace_free(&rep->pass[p].trace);
	for (p = 0; p < rep->ntargets; p++)
		cc_attr_close(&rep->targets[p]);
	cc_zram_close(&rep->zram);
	cc_drain_close(&rep->drain);
	cc_map_close(&c->map_src);
	cc_map_report_free(&rep->map);
	free(rep->snap);
	free(rep->pass);
	free(rep->targets);
}
