// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * compact views: a row per pass and why the passes stopped, the per-zone
 * outcome from the tracepoints, the free blocks before and after and the
 * vmstat deltas (out-compare.c); or, with --dry-run, what would be written
 * where. Text and JSON from the same report (compact.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "counters.h"
#include "format.h"
#include "metrics.h"
#include "views.h"

static const char *arrow(const struct cc_out *o)
{
	return o->utf8 ? "\u2192" : "->";
}

static const struct cc_snapshot *last(const struct cc_compact_report *r)
{
	return &r->snap[r->npasses];
}

/* ---- text ---- */

static void text_dry_run(struct cc_out *o, const struct cc_compact_report *r)
{
	int i;

	for (i = 0; i < r->zram.n + r->ntargets; i++) {
		const struct cc_attr *a = i < r->zram.n ? &r->zram.dev[i].compact :
					  &r->targets[i - r->zram.n];

		fprintf(o->f, "would write \"1\" to %s%s\n", a->real,
			a->err ? " (not allowed, see below)" : " (allowed)");
	}
	if (r->drain.usable)
		fprintf(o->f, "would write %ld to %s\n  for the passes, then its value back "
			"(allowed)\nwould write \"1\" to %s\n  %d to %d times (allowed)\n",
			cc_drain_fraction(&r->snap[0]), r->drain.fraction.real,
			r->drain.refresh.real, CC_DRAIN_MIN_REFRESHES, CC_DRAIN_MAX_REFRESHES);
	else
		fprintf(o->f, "would not drain the per-CPU lists:\n  %s\n", r->drain.why);
	fprintf(o->f, "%d pass%s at most; nothing written (--dry-run)\n", r->max_passes,
		r->max_passes == 1 ? "" : "es");
}

static void text_passes(struct cc_out *o, const struct cc_compact_report *r)
{
	const struct cc_snapshot *s0 = &r->snap[0];
	FILE *f = o->f;
	char size[16], head[64];
	int p, i;

	cc_fmt_order_size(size, sizeof(size), s0->page_size, r->gain_order);
	snprintf(head, sizeof(head), "free in blocks >= %s", size);
	fprintf(f, "%4s %8s  %-28s %10s  %10s %8s\n", "pass", "time", head, "gain",
		"migrated", "failed");
	for (p = 1; p <= r->npasses; p++) {
		const struct cc_snapshot *x = &r->snap[p - 1], *y = &r->snap[p];
		char b1[24], b2[24], g[24], col[64];
		int64_t mig = 0, fail = 0;

		cc_fmt_bytes(b1, sizeof(b1), cc_compact_free_at(r, x) * (uint64_t)s0->page_size);
		cc_fmt_bytes(b2, sizeof(b2), cc_compact_free_at(r, y) * (uint64_t)s0->page_size);
		cc_fmt_delta_bytes(g, sizeof(g), r->pass[p - 1].gain, s0->page_size);
		snprintf(col, sizeof(col), "%s %s %s", b1, arrow(o), b2);
		cc_vmstat_delta(x, y, "pgmigrate_success", &mig);
		cc_vmstat_delta(x, y, "pgmigrate_fail", &fail);
		fprintf(f, "%4d %7.3fs  %-*s %10s  %10" PRId64 " %8" PRId64 "\n", p,
			r->pass[p - 1].wall, 28 + (o->utf8 ? 2 : 0), col, g, mig, fail);
		for (i = 0; i < y->nnodes; i++) {
			const struct cc_node *nb = &y->nodes[i];
			int s1, s2;

			if (cc_nodeset_has(&r->nodes, nb->id) &&
			    cc_node_score_change(x, y, nb, &s1, &s2))
				fprintf(f, "%14snode %d fragmentation score %d %s %d\n", "",
					nb->id, s1, arrow(o), s2);
		}
		if (r->have_map)
			cc_text_map_reach_line(o, &r->map, y);
	}
	fprintf(f, "(free memory in blocks >= %s, order %d, of the compacted node%s;\n"
		" migrated and failed pages are system-wide)\n", size, r->gain_order,
		r->system || r->ntargets > 1 ? "s" : "");
}

static void text_stop(struct cc_out *o, const struct cc_compact_report *r)
{
	const struct cc_compact_pass *lp = r->npasses ? &r->pass[r->npasses - 1] : NULL;
	char size[16], g[24];

	cc_fmt_order_size(size, sizeof(size), r->snap[0].page_size, r->gain_order);
	switch (r->stop) {
	case CC_STOP_NO_GAIN:
		fprintf(o->f, "Stopped after pass %d: it gained less than one pageblock (%s)%s.\n",
			r->npasses, size, r->tracing ? " and covered every zone" : "");
		break;
	case CC_STOP_PASSES:
		/* what the last pass did, not what the rule would suggest */
		cc_fmt_delta_bytes(g, sizeof(g), lp->gain, r->snap[0].page_size);
		if (lp->gain >= r->min_gain)
			fprintf(o->f, "Stopped after %d passes (--passes); the last still gained "
				"(%s).\n", r->npasses, g);
		else
			fprintf(o->f, "Stopped after %d passes (--passes); the last gained %s but\n"
				"ended before its scanners met in some zone (see below): more may "
				"help.\n", r->npasses, g);
		break;
	case CC_STOP_SCORE:
		fprintf(o->f, "Stopped after pass %d: every compacted node's score is at most "
			"%ld.\n", r->npasses, r->req.until_score);
		break;
	case CC_STOP_SIGNAL:
		fprintf(o->f, "Interrupted after %d pass%s.\n", r->npasses,
			r->npasses == 1 ? "" : "es");
		break;
	case CC_STOP_ERROR:
		fprintf(o->f, "Stopped by an error after %d pass%s.\n", r->npasses,
			r->npasses == 1 ? "" : "es");
		break;
	case CC_STOP_ONE:
		fputs("One pass; --passes N repeats while a pass still gains.\n", o->f);
		break;
	case CC_STOP_ALREADY:
		break;
	}
}

static void text_trace(struct cc_out *o, const struct cc_compact_report *r)
{
	FILE *f = o->f;
	int p, i;

	if (!r->tracing) {
		/* the reason may be long (a mount namespace that failed) */
		fprintf(f, "Per-zone outcome: not available%s(%s).\n",
			strlen(r->trace_why) > 40 ? ":\n  " : " ", r->trace_why);
		return;
	}
	fputs("Per-zone outcome (compaction tracepoints):\n", f);
	fprintf(f, "%4s %-9s %-15s %7s %11s %11s %9s %6s\n", "pass", "zone", "status",
		"covered", "mig.scanned", "free.scann.", "migrated", "failed");
	for (p = 1; p <= r->npasses; p++) {
		const struct cc_trace *t = &r->pass[p - 1].trace;

		for (i = 0; i < t->nzones; i++) {
			const struct cc_trace_zone *z = &t->zones[i];
			char name[24], cov[16];

			if (z->node >= 0)
				snprintf(name, sizeof(name), "%d/%s", z->node, z->zone);
			else
				snprintf(name, sizeof(name), "pfn %#" PRIx64, z->zone_start);
			snprintf(cov, sizeof(cov), "%d%%", cc_trace_coverage(z));
			fprintf(f, "%4d %-9s %-15s %7s %11" PRIu64 " %11" PRIu64 " %9" PRIu64
				" %6" PRIu64 "\n", p, name, z->ended ? z->status : "(no end)", cov,
				z->migrate_scanned, z->free_scanned, z->migrated, z->failed);
		}
		if (!t->nzones && !t->events)
			fprintf(f, "%4d (no compaction events recorded)\n", p);
		else if (!t->nzones)
			fprintf(f, "%4d (no compaction run recorded from its begin: %" PRIu64
				" events outside one)\n", p, t->events);
		if (cc_trace_lost(t))
			fprintf(f, "     %" PRIu64 " events lost (trace buffer full): sums are "
				"lower bounds\n", cc_trace_lost(t));
	}
	fputs("(covered: share of the zone between the two scanners' start points that\n"
	      " they walked; 100% when they met)\n", f);
}

static const char *restore_text(const struct cc_drain *d)
{
	return d->saved.outcome == CC_RESTORE_DONE ? "restored" : d->saved.why;
}

/* the per-CPU lists: what they held, and what the drain did */
static void text_drain(struct cc_out *o, const struct cc_compact_report *r)
{
	const struct cc_drain *d = &r->drain;
	uint64_t after, ps = r->snap[0].page_size;
	char b[3][24];

	if (!d->have_pcp || !cc_pcp_pages(last(r), &after)) {
		if (!d->done)
			fprintf(o->f, "Per-CPU free lists: not drained:\n  %s.\n", d->why);
		return;
	}
	cc_fmt_bytes(b[0], sizeof(b[0]), d->pcp_before * ps);
	cc_fmt_bytes(b[2], sizeof(b[2]), after * ps);
	if (!d->usable || !d->refreshes) {
		fprintf(o->f, "Per-CPU free lists: %s before, %s after the last pass; "
			"not drained:\n  %s.\n", b[0], b[2], d->why[0] ? d->why : "interrupted");
		return;
	}
	cc_fmt_bytes(b[1], sizeof(b[1]), d->pcp_drained * ps);
	fprintf(o->f, "Per-CPU free lists: %s before, %s after the drain, %s after the\n"
		"  last pass (vm.percpu_pagelist_high_fraction %ld %s %ld for the passes,\n"
		"  %s; %d writes to vm.stat_refresh, %.0f ms).\n", b[0], b[1], b[2],
		d->saved.orig, arrow(o), d->set_to, d->done ? restore_text(d) : "as it was",
		d->refreshes, d->seconds * 1e3);
}

/* against the map's ceiling, or why it was not measured */
static void text_ceiling(struct cc_out *o, const struct cc_compact_report *r)
{
	if (r->have_map)
		cc_text_map_reach(o, &r->map, &r->snap[0], last(r));
	else
		fprintf(o->f, "Against the ceiling: not measured%s(%s).\n",
			strlen(r->map_why) > 40 ? ":\n  " : " ", r->map_why);
	fputc('\n', o->f);
}

static void text_zram(struct cc_out *o, const struct cc_compact_report *r)
{
	int i;

	if (!r->req.zram)
		return;
	if (!r->zram.n) {
		fputs("zram: no initialised device\n", o->f);
		return;
	}
	for (i = 0; i < r->zram.n; i++)
		fprintf(o->f, "zram: %s pages_compacted %" PRIu64 " -> %" PRIu64 " (+%" PRIu64 ")\n",
			r->zram.dev[i].name, r->zram.dev[i].before, r->zram.dev[i].after,
			r->zram.dev[i].after - r->zram.dev[i].before);
}

int cc_text_compact(struct cc_out *o, const struct cc_compact_report *r)
{
	if (r->req.dry_run) {
		text_dry_run(o, r);
		return ferror(o->f) ? -1 : 0;
	}
	if (r->stop == CC_STOP_ALREADY) {
		/* nothing was written: no "Compacted" line */
		fprintf(o->f, "Nothing to do: every selected node's fragmentation score is "
			"already at most %ld.\n", r->req.until_score);
		return ferror(o->f) ? -1 : 0;
	}
	if (r->system) {
		fprintf(o->f, "Compacted the whole system (%s)\n\n", r->targets[0].real);
	} else if (r->ntargets == 1) {
		fprintf(o->f, "Compacted %s\n\n", r->targets[0].real);
	} else {
		/* .../node0/compact, .../node1/compact: the list, and where */
		const char *real = r->targets[0].real, *last = strrchr(real, '/');
		const char *digits = last;
		char list[256];

		while (digits > real && digits[-1] >= '0' && digits[-1] <= '9')
			digits--;
		cc_nodeset_format(&r->nodes, list, sizeof(list));
		fprintf(o->f, "Compacted nodes %s through\n  %.*sN%s\n\n", list,
			(int)(digits - real), real, last);
	}
	text_zram(o, r);
	if (r->npasses) {
		text_passes(o, r);
		text_stop(o, r);
		text_drain(o, r);
		fputc('\n', o->f);
		text_ceiling(o, r);
		text_trace(o, r);
		fputc('\n', o->f);
		fputs("Before the first pass and after the last:\n\n", o->f);
		cc_text_compare(o, &r->snap[0], last(r), &r->nodes);
		cc_text_vmstat_delta(o, &r->snap[0], last(r));
	} else {
		text_stop(o, r);
	}
	return ferror(o->f) ? -1 : 0;
}

/* ---- JSON ---- */

static cJSON *json_writes(const struct cc_compact_report *r)
{
	cJSON *a = cJSON_CreateArray();
	char data[32];
	int i;

	for (i = 0; i < r->zram.n + r->ntargets; i++) {
		const struct cc_attr *t = i < r->zram.n ? &r->zram.dev[i].compact :
					  &r->targets[i - r->zram.n];
		cJSON *w = cJSON_CreateObject();

		cJSON_AddStringToObject(w, "file", t->real);
		cJSON_AddStringToObject(w, "data", "1\n");
		cJSON_AddBoolToObject(w, "allowed", !t->err);
		cc_json_add_str_or_null(w, "error", t->err ? t->why : NULL);
		cJSON_AddItemToArray(a, w);
	}
	/* the drain's writes, when it would drain */
	snprintf(data, sizeof(data), "%ld\n", cc_drain_fraction(&r->snap[0]));
	for (i = 0; r->drain.usable && i < 2; i++) {
		const struct cc_attr *t = i ? &r->drain.refresh : &r->drain.fraction;
		cJSON *w = cJSON_CreateObject();

		cJSON_AddStringToObject(w, "file", t->real);
		cJSON_AddStringToObject(w, "data", i ? "1\n" : data);
		cJSON_AddBoolToObject(w, "allowed", true);
		cJSON_AddNullToObject(w, "error");
		cJSON_AddItemToArray(a, w);
	}
	return a;
}

static cJSON *json_drain(const struct cc_compact_report *r)
{
	const struct cc_drain *d = &r->drain;
	cJSON *o = cJSON_CreateObject(), *p;
	uint64_t after;

	cJSON_AddBoolToObject(o, "drained", d->usable && d->refreshes > 0);
	cc_json_add_str_or_null(o, "skipped", d->usable ? NULL : d->why);
	if (d->usable) {
		p = cJSON_AddObjectToObject(o, "percpu_pagelist_high_fraction");
		cJSON_AddNumberToObject(p, "before", (double)d->saved.orig);
		cJSON_AddNumberToObject(p, "during", (double)d->set_to);
		cJSON_AddBoolToObject(p, "restored", !d->done ||
				      d->saved.outcome == CC_RESTORE_DONE);
		cc_json_add_str_or_null(p, "restore_error", d->done &&
					d->saved.outcome != CC_RESTORE_DONE ? d->saved.why : NULL);
	} else {
		cJSON_AddNullToObject(o, "percpu_pagelist_high_fraction");
	}
	cJSON_AddNumberToObject(o, "stat_refresh_writes", d->refreshes);
	cJSON_AddNumberToObject(o, "seconds", cc_round_dec(d->seconds, 6));
	if (d->have_pcp && cc_pcp_pages(last(r), &after)) {
		p = cJSON_AddObjectToObject(o, "pcp_pages");
		cc_json_add_u64(p, "before", d->pcp_before);
		if (d->usable && d->refreshes)
			cc_json_add_u64(p, "after_drain", d->pcp_drained);
		else
			cJSON_AddNullToObject(p, "after_drain");
		cc_json_add_u64(p, "after", after);
	} else {
		cJSON_AddNullToObject(o, "pcp_pages");
	}
	return o;
}

static cJSON *json_trace(const struct cc_compact_report *r, const struct cc_compact_pass *ps)
{
	cJSON *o = cJSON_CreateObject(), *zs, *chk;
	const struct cc_trace *t = &ps->trace;
	int i;

	cJSON_AddBoolToObject(o, "available", ps->traced);
	if (!ps->traced) {
		cJSON_AddStringToObject(o, "reason", r->trace_why);
		return o;
	}
	cc_json_add_u64(o, "events", t->events);
	cc_json_add_u64(o, "events_lost", cc_trace_lost(t));
	zs = cJSON_AddArrayToObject(o, "zones");
	for (i = 0; i < t->nzones; i++) {
		const struct cc_trace_zone *z = &t->zones[i];
		cJSON *zo = cJSON_CreateObject();

		cJSON_AddItemToArray(zs, zo);
		if (z->node >= 0) {
			cJSON_AddNumberToObject(zo, "node", z->node);
			cJSON_AddStringToObject(zo, "zone", z->zone);
		} else {
			cJSON_AddNullToObject(zo, "node");
			cJSON_AddNullToObject(zo, "zone");
		}
		cc_json_add_str_or_null(zo, "status", z->ended ? z->status : NULL);
		cJSON_AddStringToObject(zo, "mode", z->sync ? "sync" : "async");
		cc_json_add_u64(zo, "zone_start_pfn", z->zone_start);
		cc_json_add_u64(zo, "zone_end_pfn", z->zone_end);
		cc_json_add_u64(zo, "migrate_pfn_start", z->migrate_start);
		cc_json_add_u64(zo, "migrate_pfn_end", z->migrate_end);
		cc_json_add_u64(zo, "free_pfn_start", z->free_start);
		cc_json_add_u64(zo, "free_pfn_end", z->free_end);
		cJSON_AddNumberToObject(zo, "covered_percent", cc_trace_coverage(z));
		cc_json_add_u64(zo, "migrate_scanned", z->migrate_scanned);
		cc_json_add_u64(zo, "migrate_isolated", z->migrate_isolated);
		cc_json_add_u64(zo, "free_scanned", z->free_scanned);
		cc_json_add_u64(zo, "free_isolated", z->free_isolated);
		cc_json_add_u64(zo, "migrated", z->migrated);
		cc_json_add_u64(zo, "failed", z->failed);
		cc_json_add_u64(zo, "thp_migrated", z->thp_migrated);
		cc_json_add_u64(zo, "thp_failed", z->thp_failed);
		cc_json_add_u64(zo, "thp_split", z->thp_split);
		cJSON_AddNumberToObject(zo, "seconds", cc_json_usec(z->t_end - z->t_begin));
	}
	/* the trace sums next to the vmstat deltas they should equal (5.3) */
	chk = cJSON_AddObjectToObject(o, "sums");
	for (i = 0; cc_trace_sum_keys[i]; i++) {
		uint64_t sum;

		if (cc_trace_sum(t, cc_trace_sum_keys[i], &sum))
			cc_json_add_u64(chk, cc_trace_sum_keys[i], sum);
	}
	return o;
}

static cJSON *json_pass(const struct cc_compact_report *r, int p)
{
	const struct cc_snapshot *x = &r->snap[p - 1], *y = &r->snap[p];
	cJSON *po = cJSON_CreateObject(), *fo, *sc;
	int i;

	cJSON_AddNumberToObject(po, "pass", p);
	cJSON_AddNumberToObject(po, "seconds", cc_json_usec(r->pass[p - 1].wall));
	fo = cJSON_AddObjectToObject(po, "free_pages_at_gain_order");
	cc_json_add_u64(fo, "before", cc_compact_free_at(r, x));
	cc_json_add_u64(fo, "after", cc_compact_free_at(r, y));
	cJSON_AddNumberToObject(fo, "gain", (double)r->pass[p - 1].gain);
	sc = cJSON_AddArrayToObject(po, "fragmentation_scores");
	for (i = 0; i < y->nnodes; i++) {
		const struct cc_node *nb = &y->nodes[i];
		int s1, s2;

		if (cc_nodeset_has(&r->nodes, nb->id) && cc_node_score_change(x, y, nb, &s1, &s2)) {
			cJSON *n = cJSON_CreateObject();

			cJSON_AddNumberToObject(n, "node", nb->id);
			cJSON_AddNumberToObject(n, "before", s1);
			cJSON_AddNumberToObject(n, "after", s2);
			cJSON_AddItemToArray(sc, n);
		}
	}
	cJSON_AddItemToObject(po, "vmstat_delta", cc_json_vmstat_delta(x, y, CC_SHOW_DELTA));
	cJSON_AddItemToObject(po, "trace", json_trace(r, &r->pass[p - 1]));
	if (r->have_map)
		cJSON_AddItemToObject(po, "ceiling_reached", cc_json_map_reach(&r->map, y));
	else
		cJSON_AddNullToObject(po, "ceiling_reached");
	return po;
}

int cc_json_compact(struct cc_out *o, const struct cc_compact_report *r)
{
	const struct cc_snapshot *s0 = &r->snap[0];
	cJSON *doc = cc_json_envelope(o, s0->kernel), *t, *a;
	int p, i;

	cJSON_AddBoolToObject(doc, "dry_run", r->req.dry_run);
	cJSON_AddNumberToObject(doc, "max_passes", r->max_passes);
	if (r->req.dry_run) {
		cJSON_AddItemToObject(doc, "writes", json_writes(r));
		return cc_json_print(o, doc, false);
	}
	cJSON_AddNumberToObject(doc, "page_size", (double)s0->page_size);
	cJSON_AddNumberToObject(doc, "pageblock_order", s0->pageblock_order);
	cJSON_AddNumberToObject(doc, "compaction_order", s0->thp_order);
	t = cJSON_AddObjectToObject(doc, "target");
	cJSON_AddStringToObject(t, "scope", r->system ? "system" : "nodes");
	a = cJSON_AddArrayToObject(t, "nodes");
	for (i = 0; i < s0->nnodes; i++)
		if (cc_nodeset_has(&r->nodes, s0->nodes[i].id))
			cJSON_AddItemToArray(a, cJSON_CreateNumber(s0->nodes[i].id));
	a = cJSON_AddArrayToObject(t, "files");
	for (i = 0; i < r->ntargets; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(r->targets[i].real));
	if (r->req.until_score >= 0)
		cJSON_AddNumberToObject(doc, "until_score", (double)r->req.until_score);
	else
		cJSON_AddNullToObject(doc, "until_score");
	cJSON_AddNumberToObject(doc, "gain_order", r->gain_order);
	cJSON_AddNumberToObject(doc, "min_gain_pages", (double)r->min_gain);
	cJSON_AddStringToObject(doc, "stop_reason", cc_compact_stop_name(r->stop));
	if (r->have_map)
		cJSON_AddItemToObject(doc, "ceiling", cc_json_map_ceiling(&r->map));
	else
		cJSON_AddNullToObject(doc, "ceiling");
	cc_json_add_str_or_null(doc, "ceiling_skipped", r->have_map ? NULL : r->map_why);
	cJSON_AddItemToObject(doc, "pcp_drain", json_drain(r));
	a = cJSON_AddArrayToObject(doc, "passes");
	for (p = 1; p <= r->npasses; p++)
		cJSON_AddItemToArray(a, json_pass(r, p));
	if (r->req.zram) {
		a = cJSON_AddArrayToObject(doc, "zram");
		for (i = 0; i < r->zram.n; i++) {
			cJSON *z = cJSON_CreateObject();

			cJSON_AddStringToObject(z, "device", r->zram.dev[i].name);
			cc_json_add_u64(z, "pages_compacted_before", r->zram.dev[i].before);
			cc_json_add_u64(z, "pages_compacted_after", r->zram.dev[i].after);
			cJSON_AddItemToArray(a, z);
		}
	} else {
		cJSON_AddNullToObject(doc, "zram");
	}
	cc_json_compare(doc, s0, last(r), &r->nodes);
	return cc_json_print(o, doc, false);
}
