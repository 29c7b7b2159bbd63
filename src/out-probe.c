// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * probe views: per node, a row per step (requested, obtained, time and the
 * vmstat deltas that explain it), the final count, and what became of the
 * pool; or, with --dry-run, what would be written where. Text and JSON
 * from the same report (probe.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "counters.h"
#include "format.h"
#include "views.h"

static void step_label(const struct cc_probe_step *st, char *buf, size_t n)
{
	if (st->percent)
		snprintf(buf, n, "%ld%%", st->percent);
	else
		snprintf(buf, n, "free");
}

static double total_seconds(const struct cc_probe_node *np)
{
	double t = 0;
	int k;

	for (k = 0; k < np->done; k++)
		t += np->steps[k].seconds;
	return t;
}

/* ---- text ---- */

static void text_dry_run(struct cc_out *o, const struct cc_probe_report *p)
{
	int i, k;

	for (i = 0; i < p->nnp; i++) {
		const struct cc_probe_node *np = &p->np[i];
		int col = 1;

		/* the path on a line of its own, the values wrapped */
		fprintf(o->f, "node %d%s: would write to\n  %s\n ", np->id,
			np->pool->err ? " (not allowed, see below)" : " (allowed)", np->pool->real);
		for (k = 0; k < np->nsteps; k++) {
			char v[24];
			int l = snprintf(v, sizeof(v), " %" PRIu64,
					 (uint64_t)np->orig + np->steps[k].requested);

			if (col + l > 78) {
				fputs("\n ", o->f);
				col = 1;
			}
			col += fprintf(o->f, "%s", v);
		}
		fprintf(o->f, ", then %ld (its size now)\n", np->orig);
	}
}

/* the columns: the counters of the table with a column, 9 wide for
 * page counts, 6 for the compaction events */
static int col_width(const struct cc_counter *c)
{
	return strncmp(c->name, "compact_", 8) ? 9 : 6;
}

/* what the attempt is measured against: --percent's base, the node's
 * managed memory, or the free memory above the high watermarks */
static void base_line(struct cc_out *o, const struct cc_probe_report *p,
		      const struct cc_probe_node *np)
{
	char b[32];

	cc_fmt_pages(b, sizeof(b), np->base, cc_known_page_size(&p->snap));
	if (p->req.percent > 0)
		fprintf(o->f, "  %%: of the node's managed memory, %s (%" PRIu64 " pages)\n", b,
			np->base);
	else
		fprintf(o->f, "  attempted: the free memory above the high watermarks, %s\n", b);
}

static void text_node(struct cc_out *o, const struct cc_probe_report *p,
		      const struct cc_probe_node *np)
{
	FILE *f = o->f;
	char sz[16];
	int k, c;

	cc_fmt_size_exact(sz, sizeof(sz), p->size_kb * 1024);
	fprintf(f, "Node %d: %s huge pages, pool %ld before, through\n  %s\n", np->id, sz,
		np->orig, np->pool->real);
	base_line(o, p, np);
	fprintf(f, "  %4s  %9s  %8s  %8s", "step", "requested", "obtained", "time");
	for (c = 0; c < cc_ncounters; c++)
		if (cc_counters[c].views & CC_SHOW_PROBE_COLUMN)
			fprintf(f, " %*s", col_width(&cc_counters[c]), cc_counters[c].label);
	fputc('\n', f);
	for (k = 0; k < np->done; k++) {
		const struct cc_probe_step *st = &np->steps[k];
		char pc[8];

		step_label(st, pc, sizeof(pc));
		fprintf(f, "  %4s  %9" PRIu64 "  %8" PRIu64 "  %7.3fs", pc, st->requested,
			st->obtained, st->seconds);
		for (c = 0; c < cc_ncounters; c++)
			if (cc_counters[c].views & CC_SHOW_PROBE_COLUMN)
				fprintf(f, " %*" PRId64, col_width(&cc_counters[c]), st->delta[c]);
		fputc('\n', f);
	}
	for (k = 0; k < np->done; k++)
		if (np->steps[k].interrupted)
			fprintf(f, "  (step %d was interrupted: the kernel may have allocated "
				"part of it)\n", k + 1);
	if (np->done) {
		const struct cc_probe_step *st = &np->steps[np->done - 1];
		char got[32];

		cc_fmt_bytes(got, sizeof(got), st->obtained * p->size_kb * 1024);
		fprintf(f, "  Final page count %" PRIu64 " (attempted %" PRIu64 "): %s, %.1f%%, "
			"in %.3fs\n", st->obtained, st->requested, got,
			st->requested ? 100.0 * (double)st->obtained / (double)st->requested : 0.0,
			total_seconds(np));
	}
	switch (np->saved.outcome) {
	case CC_RESTORE_DONE:
		fprintf(f, "  Pool restored to %ld\n\n", np->saved.orig);
		break;
	case CC_RESTORE_LEFT:
		fprintf(f, "  Pool NOT restored: it holds %ld, which another program set; "
			"left as it is\n\n", np->saved.now);
		break;
	default:
		fprintf(f, "  Pool restored to %ld FAILED (see the error)\n\n", np->saved.orig);
		break;
	}
}

int cc_text_probe(struct cc_out *o, const struct cc_probe_report *p)
{
	int i;

	if (p->req.dry_run)
		text_dry_run(o, p);
	for (i = 0; !p->req.dry_run && i < p->nnp; i++)
		if (p->np[i].started)
			text_node(o, p, &p->np[i]);
	return ferror(o->f) ? -1 : 0;
}

/* ---- JSON ---- */

static cJSON *json_step(const struct cc_probe_step *st)
{
	cJSON *s = cJSON_CreateObject(), *d;
	char key[48];
	int c;

	if (st->percent)
		cJSON_AddNumberToObject(s, "percent", (double)st->percent);
	else
		cJSON_AddNullToObject(s, "percent");
	cc_json_add_u64(s, "requested", st->requested);
	cc_json_add_u64(s, "obtained", st->obtained);
	cJSON_AddNumberToObject(s, "seconds", cc_json_usec(st->seconds));
	cJSON_AddBoolToObject(s, "interrupted", st->interrupted);
	d = cJSON_AddObjectToObject(s, "vmstat_delta");
	for (c = 0; c < cc_ncounters; c++)
		if ((cc_counters[c].views & CC_SHOW_PROBE) && st->have[c])
			cJSON_AddNumberToObject(d, cc_counter_key(&cc_counters[c], key, sizeof(key)),
						(double)st->delta[c]);
	return s;
}

static const char *outcome_name(enum cc_restore_outcome r)
{
	static const char *const names[] = {
		[CC_RESTORE_PENDING] = "pending", [CC_RESTORE_DONE] = "restored",
		[CC_RESTORE_LEFT] = "left", [CC_RESTORE_FAILED] = "failed",
	};

	return names[r];
}

static cJSON *json_node(const struct cc_probe_report *p, const struct cc_probe_node *np)
{
	cJSON *n = cJSON_CreateObject(), *steps, *w;
	int k;

	cJSON_AddNumberToObject(n, "node", np->id);
	cJSON_AddStringToObject(n, "file", np->pool->real);
	cJSON_AddNumberToObject(n, "pool_before", (double)np->orig);
	/* what --percent is of (managed), or the default target (free above high) */
	cJSON_AddStringToObject(n, "base", p->req.percent > 0 ? "managed" : "free_above_high");
	cc_json_add_u64(n, "base_pages", np->base);
	if (p->req.dry_run) {
		w = cJSON_AddArrayToObject(n, "would_write");
		for (k = 0; k < np->nsteps; k++)
			cJSON_AddItemToArray(w, cc_json_u64((uint64_t)np->orig +
							     np->steps[k].requested));
		cJSON_AddItemToArray(w, cJSON_CreateNumber((double)np->orig));
		cJSON_AddBoolToObject(n, "allowed", !np->pool->err);
		cc_json_add_str_or_null(n, "error", np->pool->err ? np->pool->why : NULL);
		return n;
	}
	steps = cJSON_AddArrayToObject(n, "steps");
	for (k = 0; k < np->done; k++)
		cJSON_AddItemToArray(steps, json_step(&np->steps[k]));
	cc_json_add_opt_u64(n, "final_page_count", np->done,
			    np->done ? np->steps[np->done - 1].obtained : 0);
	cc_json_add_u64(n, "attempted", np->steps[np->done ? np->done - 1 : np->nsteps - 1].requested);
	cJSON_AddNumberToObject(n, "seconds", cc_json_usec(total_seconds(np)));
	cJSON_AddBoolToObject(n, "restored", np->saved.outcome == CC_RESTORE_DONE);
	cJSON_AddStringToObject(n, "restore", outcome_name(np->saved.outcome));
	cJSON_AddNumberToObject(n, "pool_after", (double)np->saved.now);
	return n;
}

int cc_json_probe(struct cc_out *o, const struct cc_probe_report *p)
{
	cJSON *doc = cc_json_envelope(o, p->snap.kernel), *nodes;
	int i;

	cJSON_AddBoolToObject(doc, "dry_run", p->req.dry_run);
	cc_json_add_u64(doc, "size_kb", p->size_kb);
	nodes = cJSON_AddArrayToObject(doc, "nodes");
	for (i = 0; i < p->nnp; i++)
		if (p->req.dry_run || p->np[i].started)
			cJSON_AddItemToArray(nodes, json_node(p, &p->np[i]));
	cJSON_AddBoolToObject(doc, "interrupted", p->signal != 0);
	return cc_json_print(o, doc, false);
}
