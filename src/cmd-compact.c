// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * compactctl compact: snapshot, trigger, snapshot, per pass; then the
 * before/after tables, the per-zone scanner outcome from the tracepoints and
 * the vmstat deltas. Whatever happens (errors, SIGINT/SIGTERM/SIGHUP), the
 * tracing instance is removed before compactctl exits.
 */
#include <argp.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actions.h"
#include "cmd.h"
#include "config.h"
#include "metrics.h"
#include "output.h"
#include "snapshot.h"
#include "signals.h"
#include "path.h"
#include "trace.h"
#include "tracer.h"

#define MAX_PASSES 100
#define DEFAULT_SCORE_PASSES 10

struct compact_args {
	const char *nodes;
	long passes;		/* 0: not given */
	long until_score;	/* -1: not given */
	bool dry_run, zram, no_trace;
};

enum { OPT_DRY_RUN = 0x200, OPT_ZRAM, OPT_NO_TRACE, OPT_UNTIL };

static const struct argp_option compact_options[] = {
	{ "node", 'n', "LIST", 0, "Compact only these nodes (0, 0,2 or 0-3) through "
	  "/sys/devices/system/node/nodeN/compact; default: the whole system", 0 },
	{ "passes", 'p', "N", 0, "Repeat while a pass still gains at least one pageblock "
	  "of free memory or ended before covering a zone, at most N passes (1-100)", 0 },
	{ "until-score", OPT_UNTIL, "S", 0, "Repeat until every compacted node's "
	  "fragmentation score is at most S (0-100), or a pass gains nothing "
	  "(at most --passes, default 10)", 0 },
	{ "zram", OPT_ZRAM, NULL, 0, "Also compact every initialised zram device first "
	  "(/sys/block/zramN/compact)", 0 },
	{ "dry-run", OPT_DRY_RUN, NULL, 0, "Say what would be written where, check the "
	  "permissions, write nothing", 0 },
	{ "no-trace", OPT_NO_TRACE, NULL, 0, "Do not use the compaction tracepoints", 0 },
	{ 0 }
};

static int num_arg(struct argp_state *state, const char *opt, const char *arg,
		   long lo, long hi, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno || end == arg || *end || v < lo || v > hi) {
		argp_error(state, "%s '%s': expected a number from %ld to %ld", opt, arg, lo, hi);
		return EINVAL;
	}
	*out = v;
	return 0;
}

static error_t compact_parse(int key, char *arg, struct argp_state *state)
{
	struct compact_args *a = state->input;

	switch (key) {
	case 'n':
		a->nodes = arg;
		return 0;
	case 'p':
		return num_arg(state, "--passes", arg, 1, MAX_PASSES, &a->passes);
	case OPT_UNTIL:
		return num_arg(state, "--until-score", arg, 0, 100, &a->until_score);
	case OPT_ZRAM:
		a->zram = true;
		return 0;
	case OPT_DRY_RUN:
		a->dry_run = true;
		return 0;
	case OPT_NO_TRACE:
		a->no_trace = true;
		return 0;
	}
	return cc_argp_default(key, arg, state);
}

static const struct argp compact_argp = {
	compact_options, compact_parse, NULL,
	"Trigger compaction of the whole system (/proc/sys/vm/compact_memory) or of "
	"nodes, and show what it did: free blocks per order before, after and the "
	"delta, the unusable and fragmentation indices and the fragmentation score, "
	"the /proc/vmstat deltas, and per zone how far the scanners got and why they "
	"stopped (compaction tracepoints, root). With --passes or --until-score it "
	"repeats while a pass still gains at least one pageblock of free memory in "
	"blocks of the pageblock order or larger.",
	cc_global_children, NULL, NULL
};

/* ---- the run ---- */

enum stop { STOP_ONE, STOP_PASSES, STOP_NO_GAIN, STOP_SCORE, STOP_ALREADY,
	    STOP_SIGNAL, STOP_ERROR };

static const char *const stop_names[] = {
	[STOP_ONE] = "single_pass", [STOP_PASSES] = "max_passes",
	[STOP_NO_GAIN] = "no_gain", [STOP_SCORE] = "score_reached",
	[STOP_ALREADY] = "score_already_reached", [STOP_SIGNAL] = "interrupted",
	[STOP_ERROR] = "error",
};

struct pass {
	double wall;		/* seconds spent in the writes */
	bool traced;
	struct cc_trace trace;
};

struct run {
	const struct cc_root *root;
	struct compact_args a;
	bool *sel;			/* nodes compacted (all for the system) */
	bool system;
	char (*targets)[96];		/* kernel paths written each pass */
	int ntargets;
	int max_passes;
	struct cc_snapshot *snap;	/* snap[0] before pass 1, snap[i] after pass i */
	struct pass *pass;
	int npasses;
	enum stop stop;
	struct cc_tracer tracer;
	bool tracing;
	struct cc_zram_list zram;
	int64_t min_gain;		/* pages: one pageblock */
};

static uint64_t free_at(const struct run *r, const struct cc_snapshot *s, int k)
{
	uint64_t sum = 0;
	int i;

	for (i = 0; i < s->nnodes; i++)
		if (r->sel[s->nodes[i].id])
			sum += cc_node_free_at(&s->nodes[i], s->norders, k);
	return sum;
}

static int64_t gain(const struct run *r, int p)
{
	int k = r->snap[0].pageblock_order;

	return (int64_t)(free_at(r, &r->snap[p], k) - free_at(r, &r->snap[p - 1], k));
}

/* true when every selected node with a known score is at most S */
static bool score_reached(const struct run *r, const struct cc_snapshot *s, long S)
{
	bool any = false;
	int i, sc;

	for (i = 0; i < s->nnodes; i++) {
		if (!r->sel[s->nodes[i].id] || !cc_node_score(s, &s->nodes[i], s->thp_order, &sc))
			continue;
		if (sc > S)
			return false;
		any = true;
	}
	return any;
}


/* nodes: exist and have memory; fills r->sel */
static int select_nodes(struct run *r)
{
	const struct cc_snapshot *s = &r->snap[0];
	int i;

	if (!r->a.nodes) {
		r->system = true;
		for (i = 0; i < s->nnodes; i++)
			r->sel[s->nodes[i].id] = true;
		return 0;
	}
	if (cc_select_nodes(r->a.nodes, s, r->sel) < 0)
		return -1;
	for (i = 0; i < s->nnodes; i++) {
		if (!r->sel[s->nodes[i].id])
			continue;
		if (!cc_node_has_memory(&s->nodes[i])) {
			fprintf(stderr, "compactctl: --node %d: the node has no memory to "
				"compact\n", s->nodes[i].id);
			return -1;
		}
	}
	return 0;
}

static void build_targets(struct run *r)
{
	const struct cc_snapshot *s = &r->snap[0];
	int i;

	r->targets = xcalloc((size_t)s->nnodes + 1, sizeof(*r->targets));
	if (r->system) {
		snprintf(r->targets[r->ntargets++], sizeof(r->targets[0]), "%s",
			 CC_COMPACT_MEMORY);
		return;
	}
	for (i = 0; i < s->nnodes; i++)
		if (r->sel[s->nodes[i].id])
			snprintf(r->targets[r->ntargets++], sizeof(r->targets[0]),
				 "/sys/devices/system/node/node%d/compact", s->nodes[i].id);
}

/* every file the run would write, checked; -1 after printing the first error */
static int preflight(struct run *r, cJSON *dry)
{
	struct cc_err e;
	int i, bad = 0;

	for (i = 0; i < r->ntargets + (r->a.zram ? r->zram.n : 0); i++) {
		const char *k = i < r->ntargets ? r->targets[i] :
				r->zram.dev[i - r->ntargets].compact;
		char real[PATH_MAX];
		int err;

		err = cc_trigger_check(r->root, k, &e);
		cc_root_path(r->root, real, sizeof(real), k);
		if (dry) {
			cJSON *w = cJSON_CreateObject();

			cJSON_AddStringToObject(w, "file", real);
			cJSON_AddStringToObject(w, "data", "1\n");
			cJSON_AddBoolToObject(w, "allowed", !err);
			if (err)
				cJSON_AddStringToObject(w, "error", e.msg);
			else
				cJSON_AddNullToObject(w, "error");
			cJSON_AddItemToArray(dry, w);
		} else if (r->a.dry_run) {
			printf("would write \"1\" to %s%s\n", real,
			       err ? " (not allowed, see below)" : " (allowed)");
		}
		if (err && !bad++)
			cc_err_print(&e);
	}
	return bad ? -1 : 0;
}

static int do_pass(struct run *r, int p, struct cc_err *e)
{
	struct pass *ps = &r->pass[p - 1];
	double t0;
	int i;

	if (r->tracing && cc_tracer_arm(&r->tracer, e) < 0)
		return -1;
	t0 = cc_monotonic();
	for (i = 0; i < r->ntargets; i++)
		if (cc_trigger(r->root, r->targets[i], e) < 0)
			return -1;
	ps->wall = cc_monotonic() - t0;
	if (r->tracing) {
		if (cc_tracer_collect(&r->tracer, &ps->trace, e) < 0)
			return -1;
		ps->traced = true;
	}
	cc_snapshot_init(&r->snap[p]);
	if (cc_snapshot_collect(r->root, &r->snap[p], e) < 0)
		return -1;
	if (ps->traced)
		cc_trace_resolve(&ps->trace, &r->snap[p]);
	return 0;
}

static int do_zram(struct run *r, struct cc_err *e)
{
	int i;

	for (i = 0; i < r->zram.n; i++) {
		struct cc_zram *z = &r->zram.dev[i];

		if (cc_zram_pages_compacted(r->root, z->name, &z->before, e) < 0 ||
		    cc_trigger(r->root, z->compact, e) < 0 ||
		    cc_zram_pages_compacted(r->root, z->name, &z->after, e) < 0)
			return -1;
	}
	return 0;
}

/* returns 0, or -1 with e set (the passes done so far stay reportable) */
static int run_passes(struct run *r, struct cc_err *e)
{
	int p;

	if (r->a.until_score >= 0 && score_reached(r, &r->snap[0], r->a.until_score)) {
		r->stop = STOP_ALREADY;
		return 0;
	}
	if (r->a.zram && do_zram(r, e) < 0)
		return -1;
	for (p = 1; p <= r->max_passes; p++) {
		int rc = do_pass(r, p, e);

		if (rc == 0)
			r->npasses = p;
		if (cc_got_signal) {
			r->stop = STOP_SIGNAL;
			return rc;
		}
		if (rc < 0)
			return -1;
		if (r->a.until_score >= 0 && score_reached(r, &r->snap[p], r->a.until_score)) {
			r->stop = STOP_SCORE;
			return 0;
		}
		if (r->max_passes == 1) {
			r->stop = STOP_ONE;
			return 0;
		}
		/* a pass the kernel cut short (a zone's scanners did not meet)
		 * may gain nothing yet; the next one goes further */
		if (gain(r, p) < r->min_gain &&
		    !(r->pass[p - 1].traced && cc_trace_cut_short(&r->pass[p - 1].trace))) {
			r->stop = STOP_NO_GAIN;
			return 0;
		}
	}
	r->stop = STOP_PASSES;
	return 0;
}

/* ---- text ---- */

static void fmt_pages(char *buf, size_t n, const struct cc_snapshot *s, uint64_t pages)
{
	cc_fmt_bytes(buf, n, pages * (uint64_t)s->page_size);
}

static void text_passes(FILE *out, const struct run *r, const struct cc_view *v)
{
	const struct cc_snapshot *s0 = &r->snap[0];
	int k = s0->pageblock_order, p, i;
	char size[16], head[64];

	cc_fmt_size_exact(size, sizeof(size), (uint64_t)s0->page_size << k);
	snprintf(head, sizeof(head), "free in blocks >= %s", size);
	fprintf(out, "%4s %8s  %-28s %10s  %10s %8s\n", "pass", "time", head, "gain",
		"migrated", "failed");
	for (p = 1; p <= r->npasses; p++) {
		char b1[24], b2[24], g[24], col[64];
		int64_t mig = 0, fail = 0;

		fmt_pages(b1, sizeof(b1), s0, free_at(r, &r->snap[p - 1], k));
		fmt_pages(b2, sizeof(b2), s0, free_at(r, &r->snap[p], k));
		cc_fmt_delta_bytes(g, sizeof(g), gain(r, p), s0->page_size);
		snprintf(col, sizeof(col), "%s %s %s", b1, v->utf8 ? "\u2192" : "->", b2);
		cc_vmstat_delta(&r->snap[p - 1], &r->snap[p], "pgmigrate_success", &mig);
		cc_vmstat_delta(&r->snap[p - 1], &r->snap[p], "pgmigrate_fail", &fail);
		fprintf(out, "%4d %7.3fs  %-*s %10s  %10" PRId64 " %8" PRId64 "\n", p,
			r->pass[p - 1].wall, 28 + (v->utf8 ? 2 : 0), col, g, mig, fail);
		for (i = 0; i < r->snap[p].nnodes; i++) {
			const struct cc_node *nb = &r->snap[p].nodes[i];
			int s1, s2;

			if (r->sel[nb->id] &&
			    cc_node_score_change(&r->snap[p - 1], &r->snap[p], nb, &s1, &s2))
				fprintf(out, "%14snode %d fragmentation score %d %s %d\n", "",
					nb->id, s1, v->utf8 ? "\u2192" : "->", s2);
		}
	}
	fprintf(out, "(free memory in blocks >= %s, order %d, of the compacted node%s; "
		"migrated and failed pages are system-wide)\n", size, k,
		r->system ? "s" : r->ntargets == 1 ? "" : "s");
}

static void text_stop(FILE *out, const struct run *r)
{
	char size[16];

	cc_fmt_size_exact(size, sizeof(size),
			  (uint64_t)r->snap[0].page_size << r->snap[0].pageblock_order);
	switch (r->stop) {
	case STOP_NO_GAIN:
		fprintf(out, "Stopped after pass %d: it gained less than one pageblock (%s)%s.\n",
			r->npasses, size, r->tracing ? " and covered every zone" : "");
		break;
	case STOP_PASSES:
		fprintf(out, "Stopped after %d passes (--passes); the last still gained.\n",
			r->npasses);
		break;
	case STOP_SCORE:
		fprintf(out, "Stopped after pass %d: every compacted node's score is at most "
			"%ld.\n", r->npasses, r->a.until_score);
		break;
	case STOP_SIGNAL:
		fprintf(out, "Interrupted after %d pass%s.\n", r->npasses,
			r->npasses == 1 ? "" : "es");
		break;
	case STOP_ERROR:
		fprintf(out, "Stopped by an error after %d pass%s.\n", r->npasses,
			r->npasses == 1 ? "" : "es");
		break;
	default:
		if (r->max_passes == 1)
			fputs("One pass; --passes N repeats while a pass still gains.\n", out);
		break;
	}
}

static void text_trace(FILE *out, const struct run *r)
{
	int p, i;

	if (!r->tracing) {
		fprintf(out, "Per-zone outcome: not available (%s); vmstat deltas only.\n",
			r->tracer.why[0] ? r->tracer.why : "--no-trace");
		return;
	}
	fputs("Per-zone outcome (compaction tracepoints):\n", out);
	fprintf(out, "%4s %-10s %-15s %8s %11s %11s %9s %6s\n", "pass", "zone", "status",
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
			fprintf(out, "%4d %-10s %-15s %8s %11" PRIu64 " %11" PRIu64 " %9" PRIu64
				" %6" PRIu64 "\n", p, name, z->ended ? z->status : "(no end)", cov,
				z->migrate_scanned, z->free_scanned, z->migrated, z->failed);
		}
		if (!t->nzones)
			fprintf(out, "%4d (no compaction events recorded)\n", p);
		if (cc_trace_lost(t))
			fprintf(out, "     %" PRIu64 " events lost (trace buffer full): sums are "
				"lower bounds\n", cc_trace_lost(t));
	}
	fputs("(covered: share of the zone between the two scanners' start points that "
	      "they walked; 100% when they met)\n", out);
}

static void text_zram(FILE *out, const struct run *r)
{
	int i;

	if (!r->a.zram)
		return;
	if (!r->zram.n) {
		fputs("zram: no initialised device\n", out);
		return;
	}
	for (i = 0; i < r->zram.n; i++)
		fprintf(out, "zram: %s pages_compacted %" PRIu64 " -> %" PRIu64 " (+%" PRIu64 ")\n",
			r->zram.dev[i].name, r->zram.dev[i].before, r->zram.dev[i].after,
			r->zram.dev[i].after - r->zram.dev[i].before);
}

static void text_report(FILE *out, const struct run *r, const struct cc_view *v)
{
	const struct cc_snapshot *first = &r->snap[0], *last = &r->snap[r->npasses];
	int i;

	fputs("Compacted ", out);
	if (r->system) {
		char real[PATH_MAX];

		cc_root_path(r->root, real, sizeof(real), CC_COMPACT_MEMORY);
		fprintf(out, "the whole system (%s)", real);
	} else {
		for (i = 0; i < r->ntargets; i++) {
			char real[PATH_MAX];

			cc_root_path(r->root, real, sizeof(real), r->targets[i]);
			fprintf(out, "%s%s", i ? ", " : "", real);
		}
	}
	fputs("\n\n", out);
	if (r->stop == STOP_ALREADY) {
		fprintf(out, "Nothing to do: every selected node's fragmentation score is "
			"already at most %ld.\n", r->a.until_score);
		return;
	}
	text_zram(out, r);
	if (r->npasses) {
		text_passes(out, r, v);
		text_stop(out, r);
		fputc('\n', out);
		text_trace(out, r);
		fputc('\n', out);
		fputs("Before the first pass and after the last:\n\n", out);
		cc_text_compare(out, first, last, v);
		cc_text_vmstat_delta(out, first, last);
	} else {
		text_stop(out, r);
	}
}

/* ---- JSON ---- */

static double usec(double seconds)
{
	return (double)llround(seconds * 1e6) / 1e6;
}

static cJSON *trace_json(const struct run *r, const struct pass *ps)
{
	cJSON *o = cJSON_CreateObject(), *zs, *chk;
	const struct cc_trace *t = &ps->trace;
	int i;

	cJSON_AddBoolToObject(o, "available", ps->traced);
	if (!ps->traced) {
		cJSON_AddStringToObject(o, "reason", r->tracer.why[0] ? r->tracer.why :
					"--no-trace");
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
		if (z->ended)
			cJSON_AddStringToObject(zo, "status", z->status);
		else
			cJSON_AddNullToObject(zo, "status");
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
		cJSON_AddNumberToObject(zo, "seconds", usec(z->t_end - z->t_begin));
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

static cJSON *json_report(const struct run *r, const struct cc_view *v)
{
	const struct cc_snapshot *s0 = &r->snap[0];
	cJSON *doc = cJSON_CreateObject(), *o, *a;
	int p, i;

	cJSON_AddStringToObject(doc, "compactctl_version", COMPACTCTL_VERSION);
	if (s0->kernel[0])
		cJSON_AddStringToObject(doc, "kernel", s0->kernel);
	else
		cJSON_AddNullToObject(doc, "kernel");
	cJSON_AddNumberToObject(doc, "page_size", (double)s0->page_size);
	cJSON_AddNumberToObject(doc, "pageblock_order", s0->pageblock_order);
	cJSON_AddNumberToObject(doc, "compaction_order", s0->thp_order);
	cJSON_AddBoolToObject(doc, "dry_run", false);
	o = cJSON_AddObjectToObject(doc, "target");
	cJSON_AddStringToObject(o, "scope", r->system ? "system" : "nodes");
	a = cJSON_AddArrayToObject(o, "nodes");
	for (i = 0; i < s0->nnodes; i++)
		if (r->sel[s0->nodes[i].id])
			cJSON_AddItemToArray(a, cJSON_CreateNumber(s0->nodes[i].id));
	a = cJSON_AddArrayToObject(o, "files");
	for (i = 0; i < r->ntargets; i++) {
		char real[PATH_MAX];

		cc_root_path(r->root, real, sizeof(real), r->targets[i]);
		cJSON_AddItemToArray(a, cJSON_CreateString(real));
	}
	cJSON_AddNumberToObject(doc, "max_passes", r->max_passes);
	if (r->a.until_score >= 0)
		cJSON_AddNumberToObject(doc, "until_score", (double)r->a.until_score);
	else
		cJSON_AddNullToObject(doc, "until_score");
	cJSON_AddNumberToObject(doc, "gain_order", s0->pageblock_order);
	cJSON_AddNumberToObject(doc, "min_gain_pages", (double)r->min_gain);
	cJSON_AddStringToObject(doc, "stop_reason", stop_names[r->stop]);

	a = cJSON_AddArrayToObject(doc, "passes");
	for (p = 1; p <= r->npasses; p++) {
		const struct cc_snapshot *x = &r->snap[p - 1], *y = &r->snap[p];
		cJSON *po = cJSON_CreateObject(), *fo, *sc;

		cJSON_AddItemToArray(a, po);
		cJSON_AddNumberToObject(po, "pass", p);
		cJSON_AddNumberToObject(po, "seconds", usec(r->pass[p - 1].wall));
		fo = cJSON_AddObjectToObject(po, "free_pages_at_gain_order");
		cc_json_add_u64(fo, "before", free_at(r, x, s0->pageblock_order));
		cc_json_add_u64(fo, "after", free_at(r, y, s0->pageblock_order));
		cJSON_AddNumberToObject(fo, "gain", (double)gain(r, p));
		sc = cJSON_AddArrayToObject(po, "fragmentation_scores");
		for (i = 0; i < y->nnodes; i++) {
			const struct cc_node *nb = &y->nodes[i];
			int s1, s2;

			if (r->sel[nb->id] && cc_node_score_change(x, y, nb, &s1, &s2)) {
				cJSON *n = cJSON_CreateObject();

				cJSON_AddNumberToObject(n, "node", nb->id);
				cJSON_AddNumberToObject(n, "before", s1);
				cJSON_AddNumberToObject(n, "after", s2);
				cJSON_AddItemToArray(sc, n);
			}
		}
		cJSON_AddItemToObject(po, "vmstat_delta", cc_json_vmstat_delta(x, y));
		cJSON_AddItemToObject(po, "trace", trace_json(r, &r->pass[p - 1]));
	}
	if (r->a.zram) {
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
	cc_json_compare(doc, &r->snap[0], &r->snap[r->npasses], v);
	return doc;
}

static int report(const struct run *r, const struct cc_view *v)
{
	if (cc_g.json) {
		cJSON *doc = json_report(r, v);
		int rc = cc_json_emit(doc);

		cJSON_Delete(doc);
		if (rc < 0)
			return EXIT_FAIL;
	} else {
		text_report(stdout, r, v);
	}
	return cc_flush_stdout();
}

static int dry_run(struct run *r)
{
	int rc;

	if (cc_g.json) {
		cJSON *doc = cJSON_CreateObject(), *w;

		cJSON_AddStringToObject(doc, "compactctl_version", COMPACTCTL_VERSION);
		cJSON_AddBoolToObject(doc, "dry_run", true);
		cJSON_AddNumberToObject(doc, "max_passes", r->max_passes);
		w = cJSON_AddArrayToObject(doc, "writes");
		rc = preflight(r, w);
		if (cc_json_emit(doc) < 0)
			rc = -1;
		cJSON_Delete(doc);
	} else {
		rc = preflight(r, NULL);
		printf("%d pass%s at most; nothing written (--dry-run)\n", r->max_passes,
		       r->max_passes == 1 ? "" : "es");
	}
	if (cc_flush_stdout())
		return EXIT_FAIL;
	return rc < 0 ? EXIT_FAIL : EXIT_OK;
}

static void run_free(struct run *r)
{
	int p;

	/* calloc'ed: snapshots never collected are all zero, safe to free */
	for (p = 0; p <= r->max_passes; p++)
		cc_snapshot_free(&r->snap[p]);
	for (p = 0; p < r->max_passes; p++)
		cc_trace_free(&r->pass[p].trace);
	free(r->snap);
	free(r->pass);
	free(r->targets);
}

int cmd_compact(int argc, char **argv)
{
	static bool sel[CC_MAX_NODE_ID + 1];
	struct cc_root root;
	struct run r;
	struct cc_view v = { 0 };
	struct cc_err e;
	int ret = EXIT_FAIL, rc;

	memset(&r, 0, sizeof(r));
	memset(sel, 0, sizeof(sel));
	r.a.until_score = -1;
	if (argp_parse(&compact_argp, argc, argv, 0, NULL, &r.a))
		return EXIT_USAGE;
	if (cc_apply_globals(&root) < 0)
		return EXIT_FAIL;
	r.root = &root;
	r.max_passes = r.a.passes ? (int)r.a.passes :
		       r.a.until_score >= 0 ? DEFAULT_SCORE_PASSES : 1;
	r.snap = xcalloc((size_t)r.max_passes + 1, sizeof(*r.snap));
	r.pass = xcalloc((size_t)r.max_passes, sizeof(*r.pass));
	r.sel = sel;
	cc_snapshot_init(&r.snap[0]);
	if (cc_snapshot_collect(&root, &r.snap[0], &e) < 0) {
		cc_err_print(&e);
		goto out;
	}
	if (select_nodes(&r) < 0) {
		ret = EXIT_USAGE;
		goto out;
	}
	build_targets(&r);
	r.min_gain = (int64_t)1 << r.snap[0].pageblock_order;
	if (r.a.zram)
		cc_zram_list(&root, &r.zram);
	if (r.a.dry_run) {
		ret = dry_run(&r);
		goto out;
	}
	if (preflight(&r, NULL) < 0)
		goto out;
	cc_snapshot_print_notes(&r.snap[0]);

	cc_signals_catch();
	if (!r.a.no_trace)
		r.tracing = cc_tracer_start(&r.tracer, &root) == 0;
	else
		r.tracer.why[0] = '\0';
	rc = run_passes(&r, &e);
	cc_tracer_stop(&r.tracer);
	cc_signals_restore();

	v.color = cc_use_color();
	v.utf8 = cc_utf8();
	v.width = cc_term_width();
	v.order = r.snap[0].thp_order;
	v.nodes = r.sel;
	if (rc < 0 && !cc_got_signal) {
		r.stop = STOP_ERROR;
		cc_err_print(&e);
		/* the passes that completed are still worth showing, not half JSON */
		if (r.npasses && !cc_g.json)
			report(&r, &v);
		goto out;
	}
	ret = report(&r, &v);
	if (cc_got_signal) {
		int sig = cc_got_signal;

		fprintf(stderr, "compactctl: interrupted by %s after %d pass%s%s\n",
			strsignal(sig), r.npasses, r.npasses == 1 ? "" : "es",
			rc < 0 ? "; the last pass may be partial" : "");
		run_free(&r);
		cc_root_fini(&root);
		cc_signals_reraise();
		return EXIT_FAIL;
	}
out:
	cc_tracer_stop(&r.tracer);
	run_free(&r);
	cc_root_fini(&root);
	return ret;
}
