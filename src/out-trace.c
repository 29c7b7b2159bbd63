// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Views of the `trace` report (views.h): the text summary (80 columns),
 * its JSON document (one line per live frame), the Prometheus metrics of
 * export --trace, and the --events lines (compactsnoop's columns) or JSON
 * lines. They only read the report; the output commit filters control
 * characters (a comm is the task's to choose).
 */
#include <inttypes.h>
#include <string.h>

#include "counters.h"
#include "views.h"

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
	uint64_t alloc, fb, ch = 0;
	int i;

	if (cc_trace_report_vm(r, "thp_fault_alloc", &alloc) &&
	    cc_trace_report_vm(r, "thp_fault_fallback", &fb)) {
		fprintf(out, "THP faults: %" PRIu64 " allocated, %" PRIu64 " fell back (%.1f%%",
			alloc, fb, pct(fb, alloc + fb));
		if (cc_trace_report_vm(r, "thp_fault_fallback_charge", &ch))
			fprintf(out, "; %" PRIu64 " for the charge", ch);
		fputs(")\n", out);
	}
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
			(double)r->psi_some_us / 1e3, r->window_s > 0 ?
			(double)r->psi_some_us / 1e4 / r->window_s : 0,
			(double)r->psi_full_us / 1e3, r->window_s > 0 ?
			(double)r->psi_full_us / 1e4 / r->window_s : 0);
	if (r->delay_note[0])
		fprintf(out, "%s\n", r->delay_note);
}

/* the trace's sums against /proc/vmstat, for the counters it can count */
static void text_agreement(FILE *out, const struct cc_trace_report *r)
{
	bool head = false;
	int i;

	for (i = 0; i < cc_ncounters; i++) {
		const struct cc_counter *c = &cc_counters[i];
		uint64_t t, v;

		if (!(c->views & CC_SHOW_TRACE) || !cc_trace_report_sum(r, c->name, &t) ||
		    !cc_trace_report_vm(r, c->name, &v))
			continue;
		if (!head)
			fprintf(out, "Agreement with /proc/vmstat over the window:\n"
				"  %-26s %12s %12s\n", "COUNTER", "TRACE", "VMSTAT");
		head = true;
		fprintf(out, "  %-26s %12" PRIu64 " %12" PRIu64 "%s\n", c->name, t, v,
			t == v ? "" : t < v ? "  (<)" : "  (>)");
	}
}

int cc_text_trace(struct cc_out *o, const struct cc_trace_view *v)
{
	const struct cc_trace_report *r = v->r;
	FILE *out = o->f;

	fprintf(out, "%s %.1f s system-wide: %" PRIu64 " events, %" PRIu64 " lost%s\n\n",
		v->live ? "Tracing for" : "Traced", r->window_s, r->records, r->lost,
		r->lost_unknown ? " (some, count unknown)" : "");
	text_direct(out, r, v->top > 0 ? v->top : 10);
	fputc('\n', out);
	text_kcd(out, r);
	fputc('\n', out);
	text_extfrag(out, r);
	fputc('\n', out);
	text_thp_psi(out, r);
	fputc('\n', out);
	text_agreement(out, r);
	if (v->live)
		fputs(v->keys ? "\n(q or ^C to quit)\n" : "\n", out);
	return ferror(out) ? -1 : 0;
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

	/* the THP fault counters of the table's trace view */
	for (i = 0; i < cc_ncounters; i++) {
		const struct cc_counter *c = &cc_counters[i];
		uint64_t d;

		if ((c->views & CC_SHOW_TRACE) && !strncmp(c->name, "thp_fault", 9) &&
		    cc_trace_report_vm(r, c->name, &d))
			cc_json_add_u64(o, c->name, d);
	}
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

static cJSON *json_agreement(const struct cc_trace_report *r)
{
	cJSON *a = cJSON_CreateArray();
	int i;

	for (i = 0; i < cc_ncounters; i++) {
		const struct cc_counter *c = &cc_counters[i];
		uint64_t t, v;
		cJSON *o;

		if (!(c->views & CC_SHOW_TRACE) || !cc_trace_report_sum(r, c->name, &t) ||
		    !cc_trace_report_vm(r, c->name, &v))
			continue;
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "counter", c->name);
		cc_json_add_u64(o, "trace", t);
		cc_json_add_u64(o, "vmstat", v);
		cJSON_AddItemToArray(a, o);
	}
	return a;
}

int cc_json_trace(struct cc_out *out, const struct cc_trace_view *v)
{
	const struct cc_trace_report *r = v->r;
	cJSON *doc = cc_json_envelope(out, r->kernel), *o;

	cJSON_AddNumberToObject(doc, "window_seconds", cc_json_usec(r->window_s));
	cc_json_add_u64(doc, "events", r->records);
	cc_json_add_u64(doc, "events_lost", r->lost);
	cJSON_AddBoolToObject(doc, "events_lost_unknown", r->lost_unknown);
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
	if (r->vm_start && r->vm_now)
		cJSON_AddItemToObject(doc, "vmstat_delta",
				      cc_json_vmstat_delta(r->vm_start, r->vm_now, CC_SHOW_TRACE));
	else
		cJSON_AddNullToObject(doc, "vmstat_delta");
	cJSON_AddItemToObject(doc, "vmstat_agreement", json_agreement(r));
	cc_json_add_str_or_null(doc, "task_delay", r->delay_note);
	return cc_json_print(out, doc, v->live);
}

/* ---- Prometheus (export --trace, trace --format prometheus) ---- */

/* Every value is a count or a time over the recording window
 * (compactctl_trace_window_seconds), not since boot: gauges, which a
 * scrape may compare with the window, not counters (a counter must only
 * grow; /proc/vmstat's are exported as counters by export itself). */
static void family(FILE *out, const char *name, const char *help)
{
	fprintf(out, "# HELP compactctl_trace_%s %s\n# TYPE compactctl_trace_%s gauge\n", name,
		help, name);
}

static void prom_task(FILE *out, const char *name, const struct cc_ts_task *t)
{
	fprintf(out, "compactctl_trace_%s{comm=\"", name);
	cc_prom_label(out, t->comm);
	fprintf(out, "\",pid=\"%d\"} ", t->pid);
}

int cc_prom_trace(struct cc_out *o, const struct cc_trace_view *v)
{
	const struct cc_trace_report *r = v->r;
	FILE *out = o->f;
	uint64_t cum = 0, lo, hi;
	int i, j, b, last, top = v->top > 0 ? v->top : 10;

	family(out, "window_seconds", "Length of the recording window.");
	fprintf(out, "compactctl_trace_window_seconds %.6f\n", r->window_s);
	family(out, "events", "Trace events decoded in the window.");
	fprintf(out, "compactctl_trace_events %" PRIu64 "\n", r->records);
	family(out, "events_lost", "Events the kernel dropped in the window (buffer full).");
	fprintf(out, "compactctl_trace_events_lost %" PRIu64 "\n", r->lost);
	family(out, "direct_stalls", "Direct compaction stalls in the window, by whether the "
	       "allocation then succeeded (vmstat compact_success, compact_fail).");
	fprintf(out, "compactctl_trace_direct_stalls{outcome=\"success\"} %" PRIu64 "\n"
		"compactctl_trace_direct_stalls{outcome=\"fail\"} %" PRIu64 "\n", r->success,
		r->fail);
	family(out, "direct_stall_seconds", "Time tasks spent in direct compaction in the window.");
	fprintf(out, "compactctl_trace_direct_stall_seconds %.9f\n", (double)r->stall.total_ns / 1e9);
	family(out, "direct_stall_max_seconds", "The longest direct compaction stall in the window.");
	fprintf(out, "compactctl_trace_direct_stall_max_seconds %.9f\n", (double)r->stall.max_ns / 1e9);
	family(out, "direct_stalls_by_latency", "Direct compaction stalls shorter than "
	       "under_seconds (log2 buckets of microseconds, cumulative).");
	for (last = CC_TS_HIST - 1; last > 0 && !r->hist[last]; last--)
		;
	for (b = 0; b <= last; b++) {
		cum += r->hist[b];
		hist_bounds(b, &lo, &hi);
		fprintf(out, "compactctl_trace_direct_stalls_by_latency{under_seconds=\"%.6f\"} %"
			PRIu64 "\n", (double)(hi + 1) / 1e6, cum);
	}
	fprintf(out, "compactctl_trace_direct_stalls_by_latency{under_seconds=\"+Inf\"} %"
		PRIu64 "\n", cum);
	family(out, "direct_stalls_by_order", "Direct compaction stalls in the window by order.");
	for (i = 0; i < CC_MAX_ORDERS; i++)
		if (r->orders[i].stall.count)
			fprintf(out, "compactctl_trace_direct_stalls_by_order{order=\"%d\"} %" PRIu64
				"\n", i, r->orders[i].stall.count);
	family(out, "task_direct_stalls", "Direct compaction stalls of the tasks that stalled "
	       "longest in the window.");
	for (i = 0; i < r->ntasks && i < top; i++) {
		prom_task(out, "task_direct_stalls", &r->tasks[i]);
		fprintf(out, "%" PRIu64 "\n", r->tasks[i].stall.count);
	}
	family(out, "task_direct_stall_seconds", "Their time in direct compaction.");
	for (i = 0; i < r->ntasks && i < top; i++) {
		prom_task(out, "task_direct_stall_seconds", &r->tasks[i]);
		fprintf(out, "%.9f\n", (double)r->tasks[i].stall.total_ns / 1e9);
	}
	family(out, "kcompactd_runs", "kcompactd runs in the window, per node.");
	for (i = 0; i < r->nkcd; i++)
		fprintf(out, "compactctl_trace_kcompactd_runs{node=\"%d\"} %" PRIu64 "\n",
			r->kcd[i].nid, r->kcd[i].runs.count);
	family(out, "kcompactd_seconds", "kcompactd's time in its runs, per node.");
	for (i = 0; i < r->nkcd; i++)
		fprintf(out, "compactctl_trace_kcompactd_seconds{node=\"%d\"} %.9f\n",
			r->kcd[i].nid, (double)r->kcd[i].runs.total_ns / 1e9);
	family(out, "extfrag_events", "Fallbacks to another migratetype in the window "
	       "(mm_page_alloc_extfrag): pollute (the block kept its type) or steal.");
	for (i = 0; i < CC_MAX_MT; i++)
		for (j = 0; j < CC_MAX_MT; j++) {
			const struct cc_ts_extfrag *x = &r->extfrag[i][j];
			static const char *const kinds[] = { "pollute", "steal" };
			int k;

			for (k = 0; x->events && k < 2; k++) {
				fputs("compactctl_trace_extfrag_events{alloc_migratetype=\"", out);
				cc_prom_label(out, r->mt_names[i]);
				fputs("\",fallback_migratetype=\"", out);
				cc_prom_label(out, r->mt_names[j]);
				fprintf(out, "\",kind=\"%s\"} %" PRIu64 "\n", kinds[k],
					k ? x->steal : x->pollute);
			}
		}
	if (r->have_psi) {
		family(out, "psi_memory_stall_seconds", "Memory pressure stall time in the window "
		       "(/proc/pressure/memory total), some or full.");
		fprintf(out, "compactctl_trace_psi_memory_stall_seconds{kind=\"some\"} %.6f\n"
			"compactctl_trace_psi_memory_stall_seconds{kind=\"full\"} %.6f\n",
			(double)r->psi_some_us / 1e6, (double)r->psi_full_us / 1e6);
	}
	return ferror(out) ? -1 : 0;
}

/* ---- --events ---- */

static double rel_s(uint64_t ts, uint64_t t0)
{
	return ts >= t0 ? (double)(ts - t0) / 1e9 : -(double)(t0 - ts) / 1e9;
}

static void text_run(FILE *out, const struct cc_ts_run *run, uint64_t t0)
{
	bool ran = run->lat_ns || run->status > CC_CR_DEFERRED;
	char lat[16];

	if (ran)
		snprintf(lat, sizeof(lat), "%.3f", MS(run->lat_ns));
	else
		snprintf(lat, sizeof(lat), "-");
	fprintf(out, "%-11.6f %-16.16s %7d %4d %-7.7s %5d %-5s %9s  %s%s%s\n", rel_s(run->ts, t0),
		run->comm, run->pid, run->nid, run->zone, run->order,
		ran ? (run->sync ? "SYNC" : "ASYNC") : "-", lat, cc_cr_names[run->status],
		run->ctx == CC_TS_DIRECT ? "" : " ",
		run->ctx == CC_TS_DIRECT ? "" : cc_ts_ctx_names[run->ctx]);
}

static void text_extfrag_line(FILE *out, const struct cc_trace_event *ev)
{
	const struct cc_tev *x = ev->extfrag;
	int i;

	fprintf(out, "%-11.6f %-16.16s %7d extfrag %s<-%s order %d from %d, %s\n",
		rel_s(x->ts, ev->t0), x->comm[0] ? x->comm : "?", x->pid, ev->alloc_mt,
		ev->fallback_mt, (int)x->v[CC_V_ALLOC_ORDER], (int)x->v[CC_V_FALLBACK_ORDER],
		x->v[CC_V_CHANGE_OWNER] ? "steal" : "pollute");
	for (i = 0; i < ev->nstack; i++)
		fprintf(out, "            => %.64s\n", ev->stack[i]);
}

int cc_text_trace_event(struct cc_out *o, const struct cc_trace_event *ev)
{
	if (ev->run)
		text_run(o->f, ev->run, ev->t0);
	else if (ev->extfrag)
		text_extfrag_line(o->f, ev);
	else	/* the start of the stream */
		fprintf(o->f, "%-11s %-16s %7s %4s %-7s %5s %-5s %9s  %s\n", "TIME(s)", "COMM",
			"PID", "NODE", "ZONE", "ORDER", "MODE", "LAT(ms)", "STATUS");
	return ferror(o->f) ? -1 : 0;
}

static void json_run(cJSON *o, const struct cc_ts_run *run, uint64_t t0)
{
	cJSON_AddStringToObject(o, "event", "compaction");
	cJSON_AddNumberToObject(o, "time", rel_s(run->ts, t0));
	cJSON_AddStringToObject(o, "comm", run->comm);
	cJSON_AddNumberToObject(o, "pid", run->pid);
	if (run->nid >= 0)
		cJSON_AddNumberToObject(o, "node", run->nid);
	else
		cJSON_AddNullToObject(o, "node");
	cJSON_AddStringToObject(o, "zone", run->zone);
	cJSON_AddNumberToObject(o, "order", run->order);
	cJSON_AddBoolToObject(o, "sync", run->sync);
	cc_json_add_u64(o, "latency_ns", run->lat_ns);
	cJSON_AddStringToObject(o, "status", cc_cr_names[run->status]);
	cJSON_AddStringToObject(o, "context", cc_ts_ctx_names[run->ctx]);
}

static void json_extfrag_line(cJSON *o, const struct cc_trace_event *ev)
{
	const struct cc_tev *x = ev->extfrag;
	cJSON *a;
	int i;

	cJSON_AddStringToObject(o, "event", "extfrag");
	cJSON_AddNumberToObject(o, "time", rel_s(x->ts, ev->t0));
	cJSON_AddStringToObject(o, "comm", x->comm[0] ? x->comm : "?");
	cJSON_AddNumberToObject(o, "pid", x->pid);
	cc_json_add_u64(o, "pfn", (uint64_t)x->v[CC_V_PFN]);
	cJSON_AddNumberToObject(o, "alloc_order", (double)x->v[CC_V_ALLOC_ORDER]);
	cJSON_AddNumberToObject(o, "fallback_order", (double)x->v[CC_V_FALLBACK_ORDER]);
	cJSON_AddStringToObject(o, "alloc_migratetype", ev->alloc_mt);
	cJSON_AddStringToObject(o, "fallback_migratetype", ev->fallback_mt);
	cJSON_AddBoolToObject(o, "change_ownership", x->v[CC_V_CHANGE_OWNER] != 0);
	if (!ev->have_stack)
		return;
	a = cJSON_AddArrayToObject(o, "stack");
	for (i = 0; i < ev->nstack; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(ev->stack[i]));
}

int cc_json_trace_event(struct cc_out *o, const struct cc_trace_event *ev)
{
	cJSON *doc;

	if (!ev->run && !ev->extfrag)
		return 0;	/* JSON lines have no header */
	doc = cc_json_envelope(o, ev->kernel);
	if (ev->run)
		json_run(doc, ev->run, ev->t0);
	else
		json_extfrag_line(doc, ev);
	return cc_json_print(o, doc, true);
}
