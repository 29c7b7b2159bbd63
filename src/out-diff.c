// SPDX-License-Identifier: GPL-2.0-or-later
/* diff and snapshot views: the two moments compared, and one recorded. */
#include <stdio.h>

#include "format.h"
#include "jsonw.h"
#include "snapshot-json.h"
#include "views.h"

static bool assumed(const struct cc_diff_report *r)
{
	return r->snap[0]->thp_order_src == CC_SRC_ASSUMED ||
	       r->snap[1]->thp_order_src == CC_SRC_ASSUMED;
}

/* seconds from a to b; false when either has no time */
static bool interval(const struct cc_snapshot *a, const struct cc_snapshot *b, double *dt)
{
	if (!a->taken.tv_sec || !b->taken.tv_sec)
		return false;
	*dt = (double)(b->taken.tv_sec - a->taken.tv_sec) +
	      (double)(b->taken.tv_nsec - a->taken.tv_nsec) / 1e9;
	return true;
}

int cc_text_diff(struct cc_out *o, const struct cc_diff_report *r)
{
	const struct cc_snapshot *a = r->snap[0], *b = r->snap[1];
	char ps[16], cs[16];
	double dt;
	int k;

	for (k = 0; k < 2; k++) {
		const struct cc_snapshot *s = r->snap[k];

		fprintf(o->f, "%s %s%s%s%s", k ? "after: " : "before:", r->file[k],
			s->kernel[0] ? " (Linux " : "", s->kernel, s->kernel[0] ? ")" : "");
		/* AFTER may be the older one: say which way, not "-276 s later" */
		if (k && interval(a, b, &dt))
			fprintf(o->f, ", %.1f s %s", dt < 0 ? -dt : dt, dt < 0 ? "earlier" : "later");
		fputc('\n', o->f);
	}
	cc_fmt_size_exact(ps, sizeof(ps), (uint64_t)b->page_size);
	cc_fmt_order_size(cs, sizeof(cs), b->page_size, b->thp_order);
	fprintf(o->f, "%s pages%s, compaction order %d (%s)%s\n\n", ps,
		b->page_size_src == CC_SRC_ASSUMED || a->page_size_src == CC_SRC_ASSUMED ?
		" (assumed)" : "", b->thp_order, cs,
		assumed(r) ? " (assumed: buddyinfo has neither)" : "");
	cc_text_compare(o, a, b, r->nodes);
	if (a->have_vmstat && b->have_vmstat)
		cc_text_vmstat_delta(o, a, b);
	return ferror(o->f) ? -1 : 0;
}

static void json_side(cJSON *doc, const char *key, const char *file,
		      const struct cc_snapshot *s)
{
	cJSON *o = cJSON_AddObjectToObject(doc, key);

	cJSON_AddStringToObject(o, "file", file);
	cc_json_add_str_or_null(o, "kernel", s->kernel);
	if (s->taken.tv_sec)
		cJSON_AddNumberToObject(o, "unix_time", (double)s->taken.tv_sec +
					(double)s->taken.tv_nsec / 1e9);
	else
		cJSON_AddNullToObject(o, "unix_time");
}

int cc_json_diff(struct cc_out *o, const struct cc_diff_report *r)
{
	const struct cc_snapshot *a = r->snap[0], *b = r->snap[1];
	cJSON *doc = cc_json_envelope(o, b->kernel);
	double dt;

	json_side(doc, "before", r->file[0], a);
	json_side(doc, "after", r->file[1], b);
	if (interval(a, b, &dt))
		cJSON_AddNumberToObject(doc, "seconds", cc_json_usec(dt));
	else
		cJSON_AddNullToObject(doc, "seconds");
	cJSON_AddNumberToObject(doc, "page_size", (double)b->page_size);
	cJSON_AddNumberToObject(doc, "compaction_order", b->thp_order);
	cJSON_AddBoolToObject(doc, "assumed_geometry", assumed(r));
	cc_json_compare(doc, a, b, r->nodes);
	return cc_json_print(o, doc, false);
}

int cc_json_snapshot(struct cc_out *o, const struct cc_snapshot *s)
{
	struct cc_jw w;

	/* streamed: a tree of every count was most of snapshot's time */
	cc_jw_init(&w, o->f, true);
	cc_jw_obj(&w, NULL);
	cc_jw_members(&w, cc_json_envelope(o, s->kernel));
	cc_snapshot_write_json(&w, s);
	cc_jw_end(&w);
	return cc_jw_finish(&w);
}
