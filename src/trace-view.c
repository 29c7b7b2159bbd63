// SPDX-License-Identifier: GPL-2.0-or-later
/* Text, JSON and Prometheus views of the trace report (trace-view.h). */
#include "trace-view.h"

#include <inttypes.h>
#include <string.h>

#include "output.h"

#define MS(ns) ((double)(ns) / 1e6)

static const char *zone_label(char *buf, size_t n, int nid, const char *name)
{
	if (nid < 0)
		snprintf(buf, n, "?/%s", name);
	else
		snprintf(buf, n, "%d/%s", nid, name);
	return buf;
}

static void hist_bounds(int b, uint64_t *lo, uint64_t *hi)
{
	*lo = b ? 1ull << b : 0;
	*hi = (1ull << (b + 1)) - 1;
}

static void text_hist(FILE *out, const uint64_t *h)
{
	uint64_t max = 0, lo, hi;
	int first = -1, last = -1, b;

	for (b = 0; b < CC_TS_HIST; b++) {
		if (!h[b])
			continue;
		if (first < 0)
			first = b;
		last = b;
		if (h[b] > max)
			max = h[b];
	}
	if (first < 0)
		return;
	fprintf(out, "  %20s : %-8s %s\n", "stall latency (usecs)", "count", "distribution");
	for (b = first; b <= last; b++) {
		char bar[41];
		int w = (int)(h[b] * 40 / max);

		memset(bar, '*', (size_t)w);
		bar[w] = '\0';
		hist_bounds(b, &lo, &hi);
		fprintf(out, "  %9" PRIu64 " -> %-7" PRIu64 " : %-8" PRIu64 " |%-40s|\n",
			lo, hi, h[b], bar);
	}
}

static void text_outcome(FILE *out, const char *lead, const uint64_t *o)
{
	int i, n = 0;

	for (i = CC_CR_N - 1; i >= 0; i--) {
		if (!o[i])
			continue;
		fprintf(out, "%s%s %" PRIu64, n ? ", " : lead, cc_cr_names[i], o[i]);
		n++;
	}
	if (n)
		fputc('\n', out);
}

static void text_orders(FILE *out, uint32_t mask, char *buf, size_t n)
{
	size_t len = 0;
	int o;

	buf[0] = '\0';
	(void)out;
	for (o = 0; o < 32 && len + 4 < n; o++)
		if (mask & (1u << o))
			len += (size_t)snprintf(buf + len, n - len, "%s%d", len ? "," : "", o);
}

static void text_direct(FILE *out, const struct cc_trace_report *r, int top)
{
	char buf[64];
	int i, o;

	fprintf(out, "Direct compaction: %" PRIu64 " stalls", r->stall.count);
	fprintf(out, ", %" PRIu64 " succeeded, %" PRIu64 " failed\n", r->success, r->fail);
	if (!r->attempts)
		return;
	fprintf(out, "  %.3f s stalled in all, max %.1f ms; %" PRIu64 " of %" PRIu64
		" attempts skipped every zone\n", (double)r->stall.total_ns / 1e9,
		MS(r->stall.max_ns), r->skipped, r->attempts);
	text_outcome(out, "  result: ", r->outcome);
	fprintf(out, "\n  %-16s %7s %7s %6s %5s %9s %8s  %s\n", "TASK", "PID", "STALLS", "OK",
		"FAIL", "TOTAL ms", "MAX ms", "ORDERS");
	for (i = 0; i < r->ntasks && i < top; i++) {
		const struct cc_ts_task *t = &r->tasks[i];

		if (!t->stall.count)
			continue;
		text_orders(out, t->orders, buf, sizeof(buf));
		fprintf(out, "  %-16.16s %7d %7" PRIu64 " %6" PRIu64 " %5" PRIu64 " %9.1f %8.1f  %.11s\n",
			t->comm, t->pid, t->stall.count, t->success, t->fail, MS(t->stall.total_ns),
			MS(t->stall.max_ns), buf);
	}
	if (r->ntasks > top)
		fprintf(out, "  (%d more tasks)\n", r->ntasks - top);
	fprintf(out, "\n  %5s %7s %6s %5s %10s %8s\n", "ORDER", "STALLS", "OK", "FAIL", "TOTAL ms",
		"MAX ms");
	for (o = 0; o < CC_MAX_ORDERS; o++) {
		if (!r->orders[o].stall.count)
			continue;
		fprintf(out, "  %5d %7" PRIu64 " %6" PRIu64 " %5" PRIu64 " %10.1f %8.1f\n", o,
			r->orders[o].stall.count, r->orders[o].success, r->orders[o].fail,
			MS(r->orders[o].stall.total_ns), MS(r->orders[o].stall.max_ns));
	}
	fprintf(out, "\n  %-10s %5s %9s %7s %8s %7s %6s %7s %5s %4s\n", "ZONE", "RUNS", "TOTAL ms",
		"MAX ms", "complete", "partial", "contnd", "success", "defer", "skip");
	for (i = 0; i < r->nzones; i++) {
		const struct cc_ts_zone *z = &r->zones[i];
		const struct cc_ts_stats *d = &z->runs[CC_TS_DIRECT];

		if (!d->count && !z->deferred && !z->skipped)
			continue;
		fprintf(out, "  %-10.10s %5" PRIu64 " %9.1f %7.1f %8" PRIu64 " %7" PRIu64 " %6" PRIu64
			" %7" PRIu64 " %5" PRIu64 " %4" PRIu64 "\n",
			zone_label(buf, sizeof(buf), z->nid, z->name), d->count, MS(d->total_ns),
			MS(d->max_ns), z->status[CC_CR_COMPLETE], z->status[CC_CR_PARTIAL_SKIPPED],
			z->status[CC_CR_CONTENDED], z->status[CC_CR_SUCCESS], z->deferred, z->skipped);
	}
	fputc('\n', out);
	text_hist(out, r->hist);
}

static void text_kcd(FILE *out, const struct cc_trace_report *r)
{
	uint64_t other = 0;
	int i;

	for (i = 0; i < r->nzones; i++)
		other += r->zones[i].runs[CC_TS_OTHER].count;
	if (!r->nkcd)
		fprintf(out, "kcompactd: no activity\n");
	for (i = 0; i < r->nkcd; i++) {
		const struct cc_ts_kcd *k = &r->kcd[i];

		fprintf(out, "kcompactd node %d: %" PRIu64 " wake requests, %" PRIu64
			" runs (%.1f ms, max %.1f ms),\n  %" PRIu64 " of them found nothing to do\n",
			k->nid, k->wake_requests, k->runs.count, MS(k->runs.total_ns),
			MS(k->runs.max_ns), k->idle_runs);
		if (k->proactive.count)
			fprintf(out, "  proactive: %" PRIu64 " passes (%.1f ms)\n",
				k->proactive.count, MS(k->proactive.total_ns));
		text_outcome(out, "  result: ", k->outcome);
	}
	if (other)
		fprintf(out, "other compaction (compact_memory, sysfs): %" PRIu64 " zone runs\n", other);
}

static void text_extfrag(FILE *out, const struct cc_trace_report *r)
{
	const struct cc_ts_extfrag *t = &r->extfrag_total;
	double rate = r->window_s > 0 ? (double)t->events / r->window_s : 0;
	int a, f;

	fprintf(out, "Fallbacks (mm_page_alloc_extfrag): %" PRIu64 " in %.1f s (%.1f/s)",
		t->events, r->window_s, rate);
	if (!t->events) {
		fputc('\n', out);
		return;
	}
	fprintf(out, ",\n  %" PRIu64 " fragmenting (split a block below pageblock order)\n",
		t->fragmenting);
	fprintf(out, "  %-12s    %-12s %9s %9s %11s %9s\n", "ALLOCATION", "FROM", "EVENTS",
		"POLLUTE", "STEAL/CLAIM", "PER s");
	for (a = 0; a < CC_MAX_MT; a++)
		for (f = 0; f < CC_MAX_MT; f++) {
			const struct cc_ts_extfrag *x = &r->extfrag[a][f];

			if (!x->events)
				continue;
			fprintf(out, "  %-12.12s <- %-12.12s %9" PRIu64 " %9" PRIu64 " %11" PRIu64
				" %9.1f\n", r->mt_names[a], r->mt_names[f], x->events, x->pollute,
				x->steal, r->window_s > 0 ? (double)x->events / r->window_s : 0);
		}
}

static double pct(uint64_t part, uint64_t whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 0;
}

static void text_thp_psi(FILE *out, const struct cc_trace_report *r)
{
	uint64_t alloc = r->vm[CC_TSV_THP_FAULT_ALLOC].delta;
	uint64_t fb = r->vm[CC_TSV_THP_FAULT_FALLBACK].delta;
	uint64_t ch = r->vm[CC_TSV_THP_FAULT_FALLBACK_CHARGE].delta;
	int i;

	if (r->vm[CC_TSV_THP_FAULT_ALLOC].have)
		fprintf(out, "THP faults: %" PRIu64 " allocated, %" PRIu64 " fell back (%.1f%%; "
			"%" PRIu64 " for the charge)\n", alloc, fb,
			pct(fb, alloc + fb), ch);
	for (i = 0; i < r->nmthp; i++) {
		const struct cc_ts_mthp *m = &r->mthp[i];

		if (!m->alloc && !m->fallback)
			continue;
		fprintf(out, "  mTHP %-8s %" PRIu64 " allocated, %" PRIu64 " fell back (%.1f%%), "
			"%" PRIu64 " for the charge\n", m->size, m->alloc, m->fallback,
			pct(m->fallback, m->alloc + m->fallback), m->fallback_charge);
	}
	if (r->have_psi)
		fprintf(out, "Memory pressure (PSI): some %.1f ms (%.3f%%), full %.1f ms (%.3f%%)\n",
			(double)r->psi_some_us / 1e3, r->window_s > 0 ? (double)r->psi_some_us / 1e4 / r->window_s : 0,
			(double)r->psi_full_us / 1e3, r->window_s > 0 ? (double)r->psi_full_us / 1e4 / r->window_s : 0);
	if (r->delay_note[0])
		fprintf(out, "%s\n", r->delay_note);
}

bool cc_trace_report_sum(const struct cc_trace_report *r, int tsv, uint64_t *out)
{
	switch (tsv) {
	case CC_TSV_STALL: *out = r->stall.count; return true;
	case CC_TSV_SUCCESS: *out = r->success; return true;
	case CC_TSV_FAIL: *out = r->fail; return true;
	case CC_TSV_MIGRATE_SCANNED: *out = r->migrate_scanned; return true;
	case CC_TSV_FREE_SCANNED: *out = r->free_scanned; return true;
	case CC_TSV_ISOLATED: *out = r->isolated; return true;
	case CC_TSV_PGMIGRATE_SUCCESS: *out = r->migrated; return true;
	}
	return false;
}

static void text_agreement(FILE *out, const struct cc_trace_report *r)
{
	int i;

	if (!r->vm[CC_TSV_STALL].have)
		return;
	fprintf(out, "Agreement with /proc/vmstat over the window:\n  %-26s %12s %12s\n",
		"COUNTER", "TRACE", "VMSTAT");
	for (i = 0; i < CC_TSV_N; i++) {
		uint64_t v;

		if (!r->vm[i].have || !cc_trace_report_sum(r, i, &v))
			continue;
		fprintf(out, "  %-26s %12" PRIu64 " %12" PRIu64 "%s\n", r->vm[i].name, v,
			r->vm[i].delta, v == r->vm[i].delta ? "" : v < r->vm[i].delta ? "  (<)" : "  (>)");
	}
}

void cc_text_trace(FILE *out, const struct cc_trace_report *r, const struct cc_tview_opts *o)
{
	fprintf(out, "%s %.1f s system-wide: %" PRIu64 " events, %" PRIu64 " lost%s\n\n",
		o && o->live ? "Tracing for" : "Traced", r->window_s, r->records, r->lost,
		r->lost_unknown ? " (some, count unknown)" : "");
	text_direct(out, r, o && o->top > 0 ? o->top : 10);
	fputc('\n', out);
	text_kcd(out, r);
	fputc('\n', out);
	text_extfrag(out, r);
	fputc('\n', out);
	text_thp_psi(out, r);
	fputc('\n', out);
	text_agreement(out, r);
}

/* ---- JSON ---- */

static cJSON *json_stats(const struct cc_ts_stats *s)
{
	cJSON *o = cJSON_CreateObject();

	cc_json_add_u64(o, "count", s->count);
	cc_json_add_u64(o, "total_ns", s->total_ns);
	cc_json_add_u64(o, "max_ns", s->max_ns);
	return o;
}

static cJSON *json_outcome(const uint64_t *v)
{
	cJSON *o = cJSON_CreateObject();
	int i;

	for (i = 0; i < CC_CR_N; i++)
		if (v[i])
			cc_json_add_u64(o, cc_cr_names[i], v[i]);
	return o;
}

static cJSON *json_orders(uint32_t mask)
{
	cJSON *a = cJSON_CreateArray();
	int o;

	for (o = 0; o < 32; o++)
		if (mask & (1u << o))
			cJSON_AddItemToArray(a, cJSON_CreateNumber(o));
	return a;
}

static cJSON *json_task(const struct cc_ts_task *t)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "pid", t->pid);
	cJSON_AddStringToObject(o, "comm", t->comm);
	cc_json_add_u64(o, "stalls", t->stall.count);
	cc_json_add_u64(o, "success", t->success);
	cc_json_add_u64(o, "fail", t->fail);
	cc_json_add_u64(o, "skipped_attempts", t->skipped);
	cc_json_add_u64(o, "total_ns", t->stall.total_ns);
	cc_json_add_u64(o, "max_ns", t->stall.max_ns);
	cc_json_add_u64(o, "zone_runs", t->runs);
	cJSON_AddItemToObject(o, "orders", json_orders(t->orders));
	cJSON_AddItemToObject(o, "result", json_outcome(t->outcome));
	return o;
}

static cJSON *json_direct(const struct cc_trace_report *r)
{
	cJSON *d = cJSON_CreateObject(), *a;
	int i;

	cc_json_add_u64(d, "attempts", r->attempts);
	cc_json_add_u64(d, "skipped_attempts", r->skipped);
	cc_json_add_u64(d, "stalls", r->stall.count);
	cc_json_add_u64(d, "success", r->success);
	cc_json_add_u64(d, "fail", r->fail);
	cc_json_add_u64(d, "total_ns", r->stall.total_ns);
	cc_json_add_u64(d, "max_ns", r->stall.max_ns);
	cJSON_AddItemToObject(d, "result", json_outcome(r->outcome));
	a = cJSON_AddArrayToObject(d, "histogram_us");
	for (i = 0; i < CC_TS_HIST; i++) {
		cJSON *b;
		uint64_t lo, hi;

		if (!r->hist[i])
			continue;
		hist_bounds(i, &lo, &hi);
		b = cJSON_CreateObject();
		cc_json_add_u64(b, "low", lo);
		cc_json_add_u64(b, "high", hi);
		cc_json_add_u64(b, "count", r->hist[i]);
		cJSON_AddItemToArray(a, b);
	}
	a = cJSON_AddArrayToObject(d, "orders");
	for (i = 0; i < CC_MAX_ORDERS; i++) {
		cJSON *o;

		if (!r->orders[i].stall.count)
			continue;
		o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "order", i);
		cc_json_add_u64(o, "stalls", r->orders[i].stall.count);
		cc_json_add_u64(o, "success", r->orders[i].success);
		cc_json_add_u64(o, "fail", r->orders[i].fail);
		cc_json_add_u64(o, "total_ns", r->orders[i].stall.total_ns);
		cc_json_add_u64(o, "max_ns", r->orders[i].stall.max_ns);
		cJSON_AddItemToArray(a, o);
	}
	a = cJSON_AddArrayToObject(d, "tasks");
	for (i = 0; i < r->ntasks; i++)
		cJSON_AddItemToArray(a, json_task(&r->tasks[i]));
	if (r->other_tasks.stall.count || r->other_tasks.skipped)
		cJSON_AddItemToObject(d, "other_tasks", json_task(&r->other_tasks));
	return d;
}

static cJSON *json_zones(const struct cc_trace_report *r)
{
	cJSON *a = cJSON_CreateArray();
	int i, c;

	for (i = 0; i < r->nzones; i++) {
		const struct cc_ts_zone *z = &r->zones[i];
		cJSON *o = cJSON_CreateObject(), *runs;

		if (z->nid >= 0)
			cJSON_AddNumberToObject(o, "node", z->nid);
		else
			cJSON_AddNullToObject(o, "node");
		cJSON_AddStringToObject(o, "zone", z->name);
		runs = cJSON_AddObjectToObject(o, "runs");
		for (c = 0; c < CC_TS_NCTX; c++)
			cJSON_AddItemToObject(runs, cc_ts_ctx_names[c], json_stats(&z->runs[c]));
		cJSON_AddItemToObject(o, "direct_result", json_outcome(z->status));
		cc_json_add_u64(o, "direct_deferred", z->deferred);
		cc_json_add_u64(o, "direct_skipped", z->skipped);
		cJSON_AddItemToArray(a, o);
	}
	return a;
}

static cJSON *json_kcd(const struct cc_trace_report *r)
{
	cJSON *a = cJSON_CreateArray();
	int i;

	for (i = 0; i < r->nkcd; i++) {
		const struct cc_ts_kcd *k = &r->kcd[i];
		cJSON *o = cJSON_CreateObject();

		cJSON_AddNumberToObject(o, "node", k->nid);
		cc_json_add_u64(o, "wake_requests", k->wake_requests);
		cJSON_AddItemToObject(o, "runs", json_stats(&k->runs));
		cc_json_add_u64(o, "idle_runs", k->idle_runs);
		cJSON_AddItemToObject(o, "proactive", json_stats(&k->proactive));
		cJSON_AddItemToObject(o, "result", json_outcome(k->outcome));
		cJSON_AddItemToArray(a, o);
	}
	return a;
}

static void json_ef(cJSON *o, const struct cc_ts_extfrag *x)
{
	cc_json_add_u64(o, "events", x->events);
	cc_json_add_u64(o, "pollute", x->pollute);
	cc_json_add_u64(o, "steal", x->steal);
	cc_json_add_u64(o, "fragmenting", x->fragmenting);
}

static cJSON *json_extfrag(const struct cc_trace_report *r)
{
	cJSON *o = cJSON_CreateObject(), *a;
	int i, j;

	json_ef(o, &r->extfrag_total);
	cJSON_AddNumberToObject(o, "per_second", r->window_s > 0 ?
				(double)r->extfrag_total.events / r->window_s : 0);
	a = cJSON_AddArrayToObject(o, "pairs");
	for (i = 0; i < CC_MAX_MT; i++)
		for (j = 0; j < CC_MAX_MT; j++) {
			cJSON *p;

			if (!r->extfrag[i][j].events)
				continue;
			p = cJSON_CreateObject();
			cJSON_AddStringToObject(p, "alloc", r->mt_names[i]);
			cJSON_AddStringToObject(p, "fallback", r->mt_names[j]);
			json_ef(p, &r->extfrag[i][j]);
			cJSON_AddItemToArray(a, p);
		}
	return o;
}

static cJSON *json_thp(const struct cc_trace_report *r)
{
	cJSON *o = cJSON_CreateObject(), *a;
	int i;

	for (i = CC_TSV_THP_FAULT_ALLOC; i <= CC_TSV_THP_FAULT_FALLBACK_CHARGE; i++)
		if (r->vm[i].have)
			cc_json_add_u64(o, r->vm[i].name, r->vm[i].delta);
	a = cJSON_AddArrayToObject(o, "mthp");
	for (i = 0; i < r->nmthp; i++) {
		cJSON *m = cJSON_CreateObject();

		cJSON_AddStringToObject(m, "size", r->mthp[i].size);
		cc_json_add_u64(m, "anon_fault_alloc", r->mthp[i].alloc);
		cc_json_add_u64(m, "anon_fault_fallback", r->mthp[i].fallback);
		cc_json_add_u64(m, "anon_fault_fallback_charge", r->mthp[i].fallback_charge);
		cJSON_AddItemToArray(a, m);
	}
	return o;
}

cJSON *cc_json_trace(const struct cc_trace_report *r)
{
	cJSON *doc = cJSON_CreateObject(), *a, *o;
	int i;

	cJSON_AddNumberToObject(doc, "window_seconds", r->window_s);
	cc_json_add_u64(doc, "events", r->records);
	cc_json_add_u64(doc, "events_lost", r->lost);
	cJSON_AddItemToObject(doc, "direct", json_direct(r));
	cJSON_AddItemToObject(doc, "zones", json_zones(r));
	cJSON_AddItemToObject(doc, "kcompactd", json_kcd(r));
	cJSON_AddItemToObject(doc, "extfrag", json_extfrag(r));
	cJSON_AddItemToObject(doc, "thp", json_thp(r));
	if (r->have_psi) {
		o = cJSON_AddObjectToObject(doc, "psi_memory");
		cc_json_add_u64(o, "some_us", r->psi_some_us);
		cc_json_add_u64(o, "full_us", r->psi_full_us);
	} else {
		cJSON_AddNullToObject(doc, "psi_memory");
	}
	o = cJSON_AddObjectToObject(doc, "sums");
	cc_json_add_u64(o, "compact_migrate_scanned", r->migrate_scanned);
	cc_json_add_u64(o, "compact_free_scanned", r->free_scanned);
	cc_json_add_u64(o, "compact_isolated", r->isolated);
	cc_json_add_u64(o, "pgmigrate_success", r->migrated);
	cc_json_add_u64(o, "not_migrated", r->not_migrated);
	o = cJSON_AddObjectToObject(doc, "vmstat_delta");
	for (i = 0; i < CC_TSV_N; i++)
		if (r->vm[i].have)
			cc_json_add_u64(o, r->vm[i].name, r->vm[i].delta);
	a = cJSON_AddArrayToObject(doc, "vmstat_agreement");
	for (i = 0; i < CC_TSV_N; i++) {
		uint64_t v;

		if (!r->vm[i].have || !cc_trace_report_sum(r, i, &v))
			continue;
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "counter", r->vm[i].name);
		cc_json_add_u64(o, "trace", v);
		cc_json_add_u64(o, "vmstat", r->vm[i].delta);
		cJSON_AddItemToArray(a, o);
	}
	cJSON_AddStringToObject(doc, "task_delay", r->delay_note);
	return doc;
}

void cc_prom_trace(FILE *out, const struct cc_trace_report *r)
{
	int i;

	fprintf(out, "# HELP compactctl_trace_direct_stalls Direct compaction stalls in the "
		"trace window, by task.\n# TYPE compactctl_trace_direct_stalls gauge\n");
	for (i = 0; i < r->ntasks && i < 20; i++)
		fprintf(out, "compactctl_trace_direct_stalls{comm=\"%s\",pid=\"%d\"} %" PRIu64 "\n",
			r->tasks[i].comm, r->tasks[i].pid, r->tasks[i].stall.count);
	fprintf(out, "# HELP compactctl_trace_direct_stall_seconds Time in direct compaction in "
		"the trace window.\n# TYPE compactctl_trace_direct_stall_seconds gauge\n"
		"compactctl_trace_direct_stall_seconds %.9f\n", (double)r->stall.total_ns / 1e9);
	fprintf(out, "# HELP compactctl_trace_extfrag_events Fallback events in the trace "
		"window.\n# TYPE compactctl_trace_extfrag_events gauge\n");
	fprintf(out, "compactctl_trace_extfrag_events{kind=\"pollute\"} %" PRIu64 "\n"
		"compactctl_trace_extfrag_events{kind=\"steal\"} %" PRIu64 "\n",
		r->extfrag_total.pollute, r->extfrag_total.steal);
	fprintf(out, "# HELP compactctl_trace_window_seconds Length of the trace window.\n"
		"# TYPE compactctl_trace_window_seconds gauge\n"
		"compactctl_trace_window_seconds %.3f\n", r->window_s);
}

/* ---- --events ---- */

void cc_text_trace_header(FILE *out)
{
	fprintf(out, "%-11s %-16s %7s %4s %-7s %5s %-5s %9s  %s\n", "TIME(s)", "COMM", "PID",
		"NODE", "ZONE", "ORDER", "MODE", "LAT(ms)", "STATUS");
}

static double rel_s(uint64_t ts, uint64_t t0)
{
	return ts >= t0 ? (double)(ts - t0) / 1e9 : -(double)(t0 - ts) / 1e9;
}

void cc_text_trace_run(FILE *out, const struct cc_ts_run *run, uint64_t t0)
{
	char lat[16];

	if (run->lat_ns || run->status > CC_CR_DEFERRED)
		snprintf(lat, sizeof(lat), "%.3f", MS(run->lat_ns));
	else
		snprintf(lat, sizeof(lat), "-");
	fprintf(out, "%-11.6f %-16.16s %7d %4d %-7.7s %5d %-5s %9s  %s%s%s\n", rel_s(run->ts, t0),
		run->comm, run->pid, run->nid, run->zone, run->order,
		run->lat_ns || run->status > CC_CR_DEFERRED ? (run->sync ? "SYNC" : "ASYNC") : "-",
		lat, cc_cr_names[run->status], run->ctx == CC_TS_DIRECT ? "" : " ",
		run->ctx == CC_TS_DIRECT ? "" : cc_ts_ctx_names[run->ctx]);
}

void cc_text_trace_extfrag(FILE *out, const struct cc_tev *ev, const struct cc_tev *stack,
			   uint64_t t0, const char *const *mt, const char *(*sym)(uint64_t, void *),
			   void *arg)
{
	int64_t a = ev->v[CC_V_ALLOC_MT], f = ev->v[CC_V_FALLBACK_MT];
	int i;

	fprintf(out, "%-11.6f %-16.16s %7d extfrag %s<-%s order %d from %d, %s\n",
		rel_s(ev->ts, t0), ev->comm[0] ? ev->comm : "?", ev->pid,
		a >= 0 && a < CC_MAX_MT ? mt[a] : "?", f >= 0 && f < CC_MAX_MT ? mt[f] : "?",
		(int)ev->v[CC_V_ALLOC_ORDER], (int)ev->v[CC_V_FALLBACK_ORDER],
		ev->v[CC_V_CHANGE_OWNER] ? "steal" : "pollute");
	for (i = 0; stack && i < stack->nstack; i++)
		fprintf(out, "            => %.64s\n", sym ? sym(stack->stack[i], arg) : "");
}

cJSON *cc_json_trace_run(const struct cc_ts_run *run, uint64_t t0)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "event", "compaction");
	cJSON_AddNumberToObject(o, "time", rel_s(run->ts, t0));
	cJSON_AddStringToObject(o, "comm", run->comm);
	cJSON_AddNumberToObject(o, "pid", run->pid);
	cJSON_AddNumberToObject(o, "node", run->nid);
	cJSON_AddStringToObject(o, "zone", run->zone);
	cJSON_AddNumberToObject(o, "order", run->order);
	cJSON_AddBoolToObject(o, "sync", run->sync);
	cc_json_add_u64(o, "latency_ns", run->lat_ns);
	cJSON_AddStringToObject(o, "status", cc_cr_names[run->status]);
	cJSON_AddStringToObject(o, "context", cc_ts_ctx_names[run->ctx]);
	return o;
}

cJSON *cc_json_trace_extfrag(const struct cc_tev *ev, const struct cc_tev *stack, uint64_t t0,
			     const char *const *mt, const char *(*sym)(uint64_t, void *), void *arg)
{
	cJSON *o = cJSON_CreateObject(), *a;
	int64_t am = ev->v[CC_V_ALLOC_MT], fm = ev->v[CC_V_FALLBACK_MT];
	int i;

	cJSON_AddStringToObject(o, "event", "extfrag");
	cJSON_AddNumberToObject(o, "time", rel_s(ev->ts, t0));
	cJSON_AddStringToObject(o, "comm", ev->comm[0] ? ev->comm : "?");
	cJSON_AddNumberToObject(o, "pid", ev->pid);
	cc_json_add_u64(o, "pfn", (uint64_t)ev->v[CC_V_PFN]);
	cJSON_AddNumberToObject(o, "alloc_order", (double)ev->v[CC_V_ALLOC_ORDER]);
	cJSON_AddNumberToObject(o, "fallback_order", (double)ev->v[CC_V_FALLBACK_ORDER]);
	cJSON_AddStringToObject(o, "alloc_migratetype", am >= 0 && am < CC_MAX_MT ? mt[am] : "?");
	cJSON_AddStringToObject(o, "fallback_migratetype", fm >= 0 && fm < CC_MAX_MT ? mt[fm] : "?");
	cJSON_AddBoolToObject(o, "change_ownership", ev->v[CC_V_CHANGE_OWNER] != 0);
	if (stack) {
		a = cJSON_AddArrayToObject(o, "stack");
		for (i = 0; i < stack->nstack; i++)
			cJSON_AddItemToArray(a, cJSON_CreateString(sym ? sym(stack->stack[i], arg) : ""));
	}
	return o;
}
