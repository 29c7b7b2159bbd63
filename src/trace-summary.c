// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * How a direct compaction stall shows in the events of one task, and how it
 * is counted (mm/page_alloc.c: __alloc_pages_direct_compact and
 * mm/compaction.c: try_to_compact_pages, compact_zone, v6.12/v6.18):
 *
 *   try_to_compact_pages   starts the attempt (order, gfp, prio)
 *   per zone of the zonelist, once each, in order:
 *     deferred             compaction_deferred(): result DEFERRED
 *     suitable ret=...     compaction_suitable(): skipped, or continue and
 *     begin .. end status  compact_zone() runs: result = its status
 *     (nothing)            the watermark was already met: result SUCCESS,
 *                          followed by defer_reset for that zone
 *     end status=success   also followed by defer_reset (alloc_success false)
 *   The attempt's result is the max over zones (enum compact_result order).
 *   A result other than SKIPPED counts COMPACTSTALL; then the allocation is
 *   tried, and on success compaction_defer_reset(alloc_success=true) traces
 *   defer_reset once more (COMPACTSUCCESS); otherwise COMPACTFAIL.
 *
 * So: a defer_reset while the zone loop is open is the loop's own (a zone
 * not visited yet, or whose run ended with success) and closes it; any
 * other defer_reset of the attempt is the allocation's success. A deferred
 * or suitable event for a zone the attempt already visited belongs to
 * direct reclaim (compaction_ready() calls compaction_suitable()) and closes
 * the loop. The stall's latency runs from try_to_compact_pages to the last
 * event of the loop. Caveat: an async attempt that breaks early on
 * need_resched() and then allocates from a zone it did not visit is counted
 * as a failure with the zone's success; rare, and visible as
 * trace < vmstat compact_success.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace-summary.h"

const char *const cc_ts_ctx_names[CC_TS_NCTX] = { "direct", "kcompactd", "proactive", "other" };

#define MAX_VISIT 32
#define NBUCKETS 1024

struct pstate {
	int pid;
	int next;			/* hash chain */
	int task;			/* index in report tasks, -1 none */
	bool kcd;
	/* direct attempt */
	bool in_attempt, loop_closed, loop_reset;
	uint64_t t0, t_last;
	int order;
	enum cc_cr rc;
	int nvisit;
	int visit_zone[MAX_VISIT];	/* zone index in the report */
	int visit_end[MAX_VISIT];	/* end status of its run, -1 none */
	uint32_t runs;
	/* compact_zone() run */
	bool in_run;
	uint64_t run_t0;
	int run_zone, pend_zone;	/* zone index or -1 */
	bool run_sync;
	enum cc_ts_ctx run_ctx;
	/* kcompactd */
	bool kcd_in_run, kcd_compacted;
	uint64_t kcd_t0;
	int kcd_nid, kcd_order;
	enum cc_cr kcd_rc;
	uint64_t kcd_pro_ns;
	bool kcd_pro;
	char comm[17];
};

struct cc_tsum {
	struct cc_tsum_opts o;
	struct cc_trace_report r;
	struct pstate *ps;
	int nps, cap;
	int bucket[NBUCKETS];
	int tcap;
	int *order;		/* task order by total time (report view) */
	struct cc_tev last_extfrag;
	bool have_extfrag;
};

void cc_ts_zonemap_from(struct cc_ts_zonemap *m, const struct cc_snapshot *s)
{
	int n, j;

	m->n = 0;
	for (n = 0; n < s->nnodes; n++)
		for (j = 0; j < s->nodes[n].nzones; j++) {
			const struct cc_zone *z = &s->nodes[n].zones[j];

			if (!cc_zi_has(z, ZF_START_PFN) || !z->zi[ZF_SPANNED] ||
			    m->n == CC_TS_MAX_ZONES)
				continue;
			m->z[m->n].start_pfn = z->zi[ZF_START_PFN];
			m->z[m->n].nid = s->nodes[n].id;
			snprintf(m->z[m->n].name, sizeof(m->z[0].name), "%s", z->name);
			m->n++;
		}
}

int cc_ts_bucket(uint64_t ns)
{
	uint64_t us = ns / 1000;
	int b = 0;

	while (us >= 2 && b < CC_TS_HIST - 1) {
		us >>= 1;
		b++;
	}
	return b;
}

static void add_stat(struct cc_ts_stats *s, uint64_t ns)
{
	s->count++;
	s->total_ns += ns;
	if (ns > s->max_ns)
		s->max_ns = ns;
}

struct cc_tsum *cc_tsum_new(const struct cc_tsum_opts *o)
{
	struct cc_tsum *s = xcalloc(1, sizeof(*s));
	int i;

	if (o)
		s->o = *o;
	for (i = 0; i < NBUCKETS; i++)
		s->bucket[i] = -1;
	for (i = 0; i < CC_MAX_MT; i++)
		snprintf(s->r.mt_names[i], sizeof(s->r.mt_names[i]), "%s", cc_mt_name(i));
	snprintf(s->r.other_tasks.comm, sizeof(s->r.other_tasks.comm), "(other tasks)");
	return s;
}

void cc_tsum_free(struct cc_tsum *s)
{
	if (!s)
		return;
	free(s->ps);
	free(s->r.tasks);
	free(s);
}

static struct pstate *pstate(struct cc_tsum *s, const struct cc_tev *ev)
{
	unsigned h = (unsigned)ev->pid % NBUCKETS;
	struct pstate *p;
	int i;

	for (i = s->bucket[h]; i >= 0; i = s->ps[i].next)
		if (s->ps[i].pid == ev->pid)
			break;
	if (i < 0) {
		if (s->nps == s->cap) {
			s->cap = s->cap ? s->cap * 2 : 64;
			s->ps = xrealloc(s->ps, (size_t)s->cap, sizeof(*s->ps));
		}
		i = s->nps++;
		p = &s->ps[i];
		memset(p, 0, sizeof(*p));
		p->pid = ev->pid;
		p->task = -1;
		p->run_zone = p->pend_zone = -1;
		p->next = s->bucket[h];
		s->bucket[h] = i;
	}
	p = &s->ps[i];
	if (!p->comm[0] && ev->comm[0]) {
		snprintf(p->comm, sizeof(p->comm), "%s", ev->comm);
		if (!strncmp(p->comm, "kcompactd", 9))
			p->kcd = true;
	}
	return p;
}

/* zone index in the report for (nid, name), created on first use */
static int zone_idx(struct cc_tsum *s, int nid, const char *name)
{
	int i;

	for (i = 0; i < s->r.nzones; i++)
		if (s->r.zones[i].nid == nid && !strcmp(s->r.zones[i].name, name))
			return i;
	if (s->r.nzones == CC_TS_MAX_ZONES)
		return -1;
	i = s->r.nzones++;
	memset(&s->r.zones[i], 0, sizeof(s->r.zones[i]));
	s->r.zones[i].nid = nid;
	snprintf(s->r.zones[i].name, sizeof(s->r.zones[i].name), "%s", name);
	return i;
}

static int zone_of_event(struct cc_tsum *s, const struct cc_tev *ev)
{
	return zone_idx(s, (int)ev->v[CC_V_NID], ev->zone);
}

static int zone_of_pfn(struct cc_tsum *s, uint64_t start)
{
	int i;

	if (s->o.zones)
		for (i = 0; i < s->o.zones->n; i++)
			if (s->o.zones->z[i].start_pfn == start)
				return zone_idx(s, s->o.zones->z[i].nid, s->o.zones->z[i].name);
	return zone_idx(s, -1, "?");
}

static struct cc_ts_kcd *kcd(struct cc_tsum *s, int nid)
{
	int i;

	for (i = 0; i < s->r.nkcd; i++)
		if (s->r.kcd[i].nid == nid)
			return &s->r.kcd[i];
	if (s->r.nkcd == CC_TS_MAX_KCD)
		return NULL;
	i = s->r.nkcd++;
	memset(&s->r.kcd[i], 0, sizeof(s->r.kcd[i]));
	s->r.kcd[i].nid = nid;
	return &s->r.kcd[i];
}

static struct cc_ts_task *task(struct cc_tsum *s, struct pstate *p)
{
	struct cc_ts_task *t;

	if (p->task >= 0)
		return &s->r.tasks[p->task];
	if (s->r.ntasks == CC_TS_MAX_TASKS)
		return &s->r.other_tasks;
	if (s->r.ntasks == s->tcap) {
		s->tcap = s->tcap ? s->tcap * 2 : 32;
		s->r.tasks = xrealloc(s->r.tasks, (size_t)s->tcap, sizeof(*s->r.tasks));
	}
	p->task = s->r.ntasks++;
	t = &s->r.tasks[p->task];
	memset(t, 0, sizeof(*t));
	t->pid = p->pid;
	snprintf(t->comm, sizeof(t->comm), "%s", p->comm[0] ? p->comm : "?");
	return t;
}

static void finish_attempt(struct cc_tsum *s, struct pstate *p, bool success)
{
	struct cc_ts_task *t;
	uint64_t lat;
	int o;

	if (!p->in_attempt)
		return;
	p->in_attempt = false;
	t = task(s, p);
	if (p->rc == CC_CR_SKIPPED && !success) {
		s->r.skipped++;
		t->skipped++;
		return;
	}
	lat = p->t_last - p->t0;
	add_stat(&s->r.stall, lat);
	add_stat(&t->stall, lat);
	s->r.hist[cc_ts_bucket(lat)]++;
	s->r.outcome[p->rc]++;
	t->outcome[p->rc]++;
	t->runs += p->runs;
	o = p->order >= 0 && p->order < CC_MAX_ORDERS ? p->order : 0;
	add_stat(&s->r.orders[o].stall, lat);
	t->orders |= 1u << (o & 31);
	if (success) {
		s->r.success++;
		t->success++;
		s->r.orders[o].success++;
	} else {
		s->r.fail++;
		t->fail++;
		s->r.orders[o].fail++;
	}
}

/* index in the attempt's visited zones, -1 if not visited */
static int visited(const struct pstate *p, int zone)
{
	int i;

	for (i = 0; i < p->nvisit; i++)
		if (p->visit_zone[i] == zone)
			return i;
	return -1;
}

static int visit(struct pstate *p, int zone)
{
	if (p->nvisit == MAX_VISIT)
		return -1;
	p->visit_zone[p->nvisit] = zone;
	p->visit_end[p->nvisit] = -1;
	return p->nvisit++;
}

static bool loop_open(const struct pstate *p)
{
	return p->in_attempt && !p->loop_closed;
}

/* a zone verdict (deferred, suitable) of the loop, or the loop is over */
static bool loop_zone_event(struct pstate *p, int zone, uint64_t ts)
{
	if (!loop_open(p))
		return false;
	if (visited(p, zone) >= 0) {
		p->loop_closed = true;	/* direct reclaim's compaction_ready() */
		return false;
	}
	visit(p, zone);
	p->t_last = ts;
	return true;
}

static void on_try(struct cc_tsum *s, struct pstate *p, const struct cc_tev *ev)
{
	finish_attempt(s, p, false);
	s->r.attempts++;
	p->in_attempt = true;
	p->loop_closed = p->loop_reset = false;
	p->t0 = p->t_last = ev->ts;
	p->order = (int)ev->v[CC_V_ORDER];
	p->rc = CC_CR_SKIPPED;
	p->nvisit = 0;
	p->runs = 0;
}

static void on_defer_reset(struct cc_tsum *s, struct pstate *p, const struct cc_tev *ev)
{
	int z = zone_of_event(s, ev), i;

	if (!p->in_attempt)
		return;
	if (!p->loop_closed && !p->loop_reset) {
		i = visited(p, z);
		if (i < 0 || p->visit_end[i] == CC_CR_SUCCESS) {
			/* try_to_compact_pages' own reset: the loop ends in success */
			if (i < 0)
				visit(p, z);
			p->rc = CC_CR_SUCCESS;
			p->loop_closed = p->loop_reset = true;
			p->t_last = ev->ts;
			return;
		}
	}
	finish_attempt(s, p, true);
}

static enum cc_ts_ctx run_ctx(const struct pstate *p)
{
	if (p->kcd)
		return p->kcd_in_run ? CC_TS_KCOMPACTD : CC_TS_PROACTIVE;
	return loop_open(p) ? CC_TS_DIRECT : CC_TS_OTHER;
}

static void on_begin(struct cc_tsum *s, struct pstate *p, const struct cc_tev *ev)
{
	p->in_run = true;
	p->run_t0 = ev->ts;
	p->run_sync = ev->v[CC_V_SYNC] != 0;
	p->run_zone = p->pend_zone >= 0 ? p->pend_zone : zone_of_pfn(s, (uint64_t)ev->v[CC_V_ZONE_START]);
	p->pend_zone = -1;
	p->run_ctx = run_ctx(p);
}

static void on_end(struct cc_tsum *s, struct pstate *p, const struct cc_tev *ev)
{
	enum cc_cr st = (enum cc_cr)ev->v[CC_V_STATUS];
	struct cc_ts_zone *z;
	struct cc_ts_run run;
	uint64_t lat;
	int i;

	if (!p->in_run)
		return;		/* began before the recording */
	p->in_run = false;
	lat = ev->ts - p->run_t0;
	z = p->run_zone >= 0 ? &s->r.zones[p->run_zone] : NULL;
	if (z)
		add_stat(&z->runs[p->run_ctx], lat);
	if (p->run_ctx == CC_TS_DIRECT && loop_open(p)) {
		if (z)
			z->status[st]++;
		if (st > p->rc)
			p->rc = st;
		p->runs++;
		p->t_last = ev->ts;
		i = visited(p, p->run_zone);
		if (i < 0)
			i = visit(p, p->run_zone);
		if (i >= 0)
			p->visit_end[i] = (int)st;
	} else if (p->run_ctx == CC_TS_KCOMPACTD) {
		p->kcd_compacted = true;
		if (st > p->kcd_rc)
			p->kcd_rc = st;
	} else if (p->run_ctx == CC_TS_PROACTIVE) {
		p->kcd_pro = true;
		p->kcd_pro_ns += lat;
	}
	if (s->o.on_run) {
		run.ts = ev->ts;
		run.pid = p->pid;
		run.comm = p->comm[0] ? p->comm : "?";
		run.nid = z ? z->nid : -1;
		run.zone = z ? z->name : "?";
		run.order = p->run_ctx == CC_TS_DIRECT ? p->order :
			    p->run_ctx == CC_TS_KCOMPACTD ? p->kcd_order : -1;
		run.sync = p->run_sync;
		run.lat_ns = lat;
		run.status = st;
		run.ctx = p->run_ctx;
		s->o.on_run(&run, s->o.arg);
	}
}

/* a zone a direct attempt passed by without compacting it (--events) */
static void zone_verdict(struct cc_tsum *s, struct pstate *p, const struct cc_tev *ev,
			 enum cc_cr st)
{
	struct cc_ts_run run;

	if (!s->o.on_run)
		return;
	memset(&run, 0, sizeof(run));
	run.ts = ev->ts;
	run.pid = p->pid;
	run.comm = p->comm[0] ? p->comm : "?";
	run.nid = (int)ev->v[CC_V_NID];
	run.zone = ev->zone;
	run.order = p->order;
	run.status = st;
	run.ctx = CC_TS_DIRECT;
	s->o.on_run(&run, s->o.arg);
}

static void on_zone_verdict(struct cc_tsum *s, struct pstate *p, const struct cc_tev *ev)
{
	int z = zone_of_event(s, ev);
	bool suitable = ev->type == CC_TEV_SUITABLE;
	enum cc_cr ret = suitable ? (enum cc_cr)ev->v[CC_V_RET] : CC_CR_DEFERRED;

	if (p->kcd || !loop_open(p)) {
		if (suitable && ret == CC_CR_CONTINUE)
			p->pend_zone = z;	/* kcompactd's next run */
		return;
	}
	if (!loop_zone_event(p, z, ev->ts))
		return;
	if (!suitable) {
		if (p->rc < CC_CR_DEFERRED)
			p->rc = CC_CR_DEFERRED;
		if (z >= 0)
			s->r.zones[z].deferred++;
		zone_verdict(s, p, ev, CC_CR_DEFERRED);
	} else if (ret == CC_CR_CONTINUE) {
		p->pend_zone = z;
	} else {
		if (z >= 0)
			s->r.zones[z].skipped++;
		zone_verdict(s, p, ev, CC_CR_SKIPPED);
	}
}

static void on_kcd(struct cc_tsum *s, struct pstate *p, const struct cc_tev *ev)
{
	struct cc_ts_kcd *k = kcd(s, (int)ev->v[CC_V_KNID]);

	p->kcd = true;
	if (!k)
		return;
	if (ev->type == CC_TEV_KCD_WAKE) {
		p->kcd_in_run = true;
		p->kcd_compacted = false;
		p->kcd_t0 = ev->ts;
		p->kcd_nid = (int)ev->v[CC_V_KNID];
		p->kcd_order = (int)ev->v[CC_V_KORDER];
		p->kcd_rc = CC_CR_SKIPPED;
		return;
	}
	/* sleep: the end of a requested run, or of a proactive pass */
	if (p->kcd_in_run) {
		add_stat(&k->runs, ev->ts - p->kcd_t0);
		if (p->kcd_compacted)
			k->outcome[p->kcd_rc]++;
		else
			k->idle_runs++;
		p->kcd_in_run = false;
	}
	if (p->kcd_pro) {
		add_stat(&k->proactive, p->kcd_pro_ns);
		p->kcd_pro = false;
		p->kcd_pro_ns = 0;
	}
}

static void on_extfrag(struct cc_tsum *s, const struct cc_tev *ev)
{
	int64_t a = ev->v[CC_V_ALLOC_MT], f = ev->v[CC_V_FALLBACK_MT];
	bool steal = ev->v[CC_V_CHANGE_OWNER] != 0;
	/* fragmenting: the fallback split a block smaller than a pageblock,
	 * as the event's own field says [include/trace/events/kmem.h:
	 * mm_page_alloc_extfrag: fallback_order < pageblock_order] */
	bool frag = ev->v[CC_V_FALLBACK_ORDER] < s->o.pageblock_order;
	struct cc_ts_extfrag *x[2] = { &s->r.extfrag_total, NULL };
	int i;

	if (a >= 0 && a < CC_MAX_MT && f >= 0 && f < CC_MAX_MT)
		x[1] = &s->r.extfrag[a][f];
	for (i = 0; i < 2 && x[i]; i++) {
		x[i]->events++;
		x[i]->steal += steal;
		x[i]->pollute += !steal;
		x[i]->fragmenting += frag;
	}
}

static void flush_extfrag(struct cc_tsum *s, const struct cc_tev *stack)
{
	if (s->have_extfrag && s->o.on_extfrag)
		s->o.on_extfrag(&s->last_extfrag, stack, s->o.arg);
	s->have_extfrag = false;
}

void cc_tsum_feed(struct cc_tsum *s, const struct cc_tev *ev)
{
	struct pstate *p;

	s->r.records++;
	if (ev->type == CC_TEV_STACK) {
		flush_extfrag(s, ev);
		return;
	}
	flush_extfrag(s, NULL);
	switch (ev->type) {
	case CC_TEV_ISO_MIGRATE:
		s->r.migrate_scanned += (uint64_t)ev->v[CC_V_SCANNED];
		s->r.isolated += (uint64_t)ev->v[CC_V_TAKEN];
		break;
	case CC_TEV_ISO_FREE:
	case CC_TEV_FAST_ISO_FREE:
		s->r.free_scanned += (uint64_t)ev->v[CC_V_SCANNED];
		s->r.isolated += (uint64_t)ev->v[CC_V_TAKEN];
		break;
	case CC_TEV_MIGRATEPAGES:
		s->r.migrated += (uint64_t)ev->v[CC_V_MIGRATED];
		s->r.not_migrated += (uint64_t)ev->v[CC_V_FAILED];
		break;
	case CC_TEV_WAKEUP_KCD: {
		struct cc_ts_kcd *k = kcd(s, (int)ev->v[CC_V_KNID]);

		if (k)
			k->wake_requests++;
		break;
	}
	case CC_TEV_EXTFRAG:
		on_extfrag(s, ev);
		if (s->o.on_extfrag) {
			s->last_extfrag = *ev;
			s->have_extfrag = true;
		}
		break;
	default:
		break;
	}
	switch (ev->type) {
	case CC_TEV_TRY:
	case CC_TEV_BEGIN:
	case CC_TEV_END:
	case CC_TEV_SUITABLE:
	case CC_TEV_DEFERRED:
	case CC_TEV_DEFER_COMPACTION:
	case CC_TEV_DEFER_RESET:
	case CC_TEV_FINISHED:
	case CC_TEV_KCD_WAKE:
	case CC_TEV_KCD_SLEEP:
		break;
	default:
		return;
	}
	p = pstate(s, ev);
	switch (ev->type) {
	case CC_TEV_TRY:
		if (!p->kcd)
			on_try(s, p, ev);
		break;
	case CC_TEV_BEGIN:
		on_begin(s, p, ev);
		break;
	case CC_TEV_END:
		on_end(s, p, ev);
		break;
	case CC_TEV_SUITABLE:
	case CC_TEV_DEFERRED:
		on_zone_verdict(s, p, ev);
		break;
	case CC_TEV_DEFER_COMPACTION:
		if (loop_open(p))
			p->t_last = ev->ts;
		break;
	case CC_TEV_DEFER_RESET:
		if (!p->kcd)
			on_defer_reset(s, p, ev);
		break;
	case CC_TEV_FINISHED:
		/* names a run whose zone the map did not know */
		if (p->in_run && p->run_zone >= 0 && s->r.zones[p->run_zone].nid < 0)
			p->run_zone = zone_of_event(s, ev);
		break;
	default:
		on_kcd(s, p, ev);
		break;
	}
}

void cc_tsum_settle(struct cc_tsum *s, uint64_t now, uint64_t idle_ns)
{
	int i;

	flush_extfrag(s, NULL);
	for (i = 0; i < s->nps; i++) {
		struct pstate *p = &s->ps[i];

		if (!p->in_attempt)
			continue;
		if (!idle_ns || (!p->in_run && p->t_last + idle_ns < now))
			finish_attempt(s, p, false);
	}
}

static int by_total(const void *a, const void *b)
{
	const struct cc_ts_task *x = a, *y = b;

	if (x->stall.total_ns != y->stall.total_ns)
		return x->stall.total_ns > y->stall.total_ns ? -1 : 1;
	if (x->stall.count != y->stall.count)
		return x->stall.count > y->stall.count ? -1 : 1;
	return x->pid < y->pid ? -1 : x->pid > y->pid;
}

struct cc_trace_report *cc_tsum_report_mut(struct cc_tsum *s)
{
	int i;

	if (s->r.ntasks > 1) {
		qsort(s->r.tasks, (size_t)s->r.ntasks, sizeof(*s->r.tasks), by_total);
		for (i = 0; i < s->nps; i++)
			s->ps[i].task = -1;
		for (i = 0; i < s->r.ntasks; i++) {
			unsigned h = (unsigned)s->r.tasks[i].pid % NBUCKETS;
			int j;

			for (j = s->bucket[h]; j >= 0; j = s->ps[j].next)
				if (s->ps[j].pid == s->r.tasks[i].pid)
					s->ps[j].task = i;
		}
	}
	return &s->r;
}

const struct cc_trace_report *cc_tsum_report(struct cc_tsum *s)
{
	return cc_tsum_report_mut(s);
}

bool cc_trace_report_sum(const struct cc_trace_report *r, const char *counter, uint64_t *out)
{
	/* where the kernel bumps each counter, it emits the event counted */
	const struct {
		const char *counter;
		uint64_t v;
	} sums[] = {
		{ "compact_stall", r->stall.count },
		{ "compact_success", r->success },
		{ "compact_fail", r->fail },
		{ "compact_migrate_scanned", r->migrate_scanned },
		{ "compact_free_scanned", r->free_scanned },
		{ "compact_isolated", r->isolated },
		{ "pgmigrate_success", r->migrated },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sums); i++)
		if (!strcmp(sums[i].counter, counter)) {
			*out = sums[i].v;
			return true;
		}
	return false;
}

bool cc_trace_report_vm(const struct cc_trace_report *r, const char *counter, uint64_t *out)
{
	const struct cc_kv *a, *b;

	if (!r->vm_start || !r->vm_now || !(a = cc_vmstat_find(r->vm_start, counter)) ||
	    !(b = cc_vmstat_find(r->vm_now, counter)))
		return false;
	*out = b->value >= a->value ? b->value - a->value : 0;
	return true;
}
