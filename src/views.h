/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Views: one table of functions per output format (in the style of
 * nvme-cli's struct print_ops). An engine fills a report; the command
 * hands it to ctx->view, chosen once in main from --json/--format, and
 * never branches on the format itself. Text and JSON of a command are two
 * functions over the same report, so they cannot drift. A NULL entry: the
 * format has no such view (main refuses the combination as a usage error).
 * Views only read their report and write to o->f; none reads a file.
 */
#ifndef COMPACTCTL_VIEWS_H
#define COMPACTCTL_VIEWS_H

#include <stdbool.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "check.h"
#include "compact.h"
#include "explain.h"
#include "map.h"
#include "model.h"
#include "probe.h"
#include "trace-summary.h"
#include "status.h"
#include "watch.h"

enum {
	CC_FORMAT_TEXT = 1u << 0,
	CC_FORMAT_JSON = 1u << 1,
	CC_FORMAT_PROMETHEUS = 1u << 2,
};

/* Where a view writes, and how */
struct cc_out {
	FILE *f;
	const char *command;	/* the JSON envelope's "command" */
	bool color;		/* SGR colours (text on a terminal) */
	bool utf8;		/* arrows, bars and blocks in UTF-8 */
	int width;		/* terminal columns, 80 when not a terminal */
};

/* diff: two moments and where they came from */
struct cc_diff_report {
	const char *file[2];
	const struct cc_snapshot *snap[2];
	const struct cc_nodeset *nodes;
};

/* trace: the summary, or a live frame of it */
struct cc_trace_view {
	const struct cc_trace_report *r;
	int top;			/* task rows of the text (0: 10) */
	bool live;			/* a refreshing frame (JSON: one line) */
	bool keys;			/* ... that q ends */
};

struct cc_view_ops {
	const char *name;		/* as --format names it */
	unsigned format;
	int (*status)(struct cc_out *o, const struct cc_status_report *r);
	int (*snapshot)(struct cc_out *o, const struct cc_snapshot *s);
	int (*diff)(struct cc_out *o, const struct cc_diff_report *r);
	int (*check)(struct cc_out *o, const struct cc_check_report *r);
	int (*compact)(struct cc_out *o, const struct cc_compact_report *r);
	int (*probe)(struct cc_out *o, const struct cc_probe_report *r);
	int (*watch_frame)(struct cc_out *o, const struct cc_watch *w);
	int (*explain)(struct cc_out *o, const struct cc_explain_batch *b);
	int (*trace)(struct cc_out *o, const struct cc_trace_view *v);
	/* one --events line; an event with neither run nor extfrag starts the
	 * stream (the text's column header) */
	int (*trace_event)(struct cc_out *o, const struct cc_trace_event *ev);
	int (*map)(struct cc_out *o, const struct cc_map_report *r);
};

extern const struct cc_view_ops cc_view_text, cc_view_json, cc_view_prometheus;
/* by --format name; NULL if unknown */
const struct cc_view_ops *cc_view_find(const char *name);

/* ---- the views' pieces, per report (out-*.c) ---- */

/* status (out-status-text.c, out-status-json.c, out-prom.c) */
int cc_text_status(struct cc_out *o, const struct cc_status_report *r);
int cc_json_status(struct cc_out *o, const struct cc_status_report *r);
struct cc_jw;
/* the members of the status document, into the object w is writing */
void cc_jw_status(struct cc_jw *w, const struct cc_out *o, const struct cc_status_report *r);
int cc_prom_status(struct cc_out *o, const struct cc_status_report *r);

/* status pieces: the allocator verdict (out-alloc.c). page_size 0: sizes in
 * pages. "  thp order 9 (2M): available now from Normal (...)", wrapped */
void cc_text_alloc_verdict(struct cc_out *o, const struct cc_alloc_verdict *v,
			   long page_size, int indent);
/* "    thp order 9: kept for lower-zone requests (...)" for the verdict's
 * zone of that name on its node; nothing for a zone it did not look at */
void cc_text_alloc_zone(struct cc_out *o, const struct cc_alloc_verdict *v,
			const char *zone, int indent);
/* the verdict's keys (man/compactctl.8, ALLOCATION VERDICT) */
cJSON *cc_json_alloc_verdict(const struct cc_alloc_verdict *v);

/* status pieces: the other sources of contiguous memory (out-sources.c).
 * Under each node: memory not managed yet, on per-CPU lists, defrag_mode */
/* the memory of node index ni (in r->s->nodes) the buddy lists do not show */
void cc_text_zone_memory(struct cc_out *o, const struct cc_sources_report *r, int ni);
/* every source, one block each, the pools of the shown nodes */
void cc_text_sources(struct cc_out *o, const struct cc_sources_report *r,
		     const struct cc_nodeset *nodes);
cJSON *cc_json_sources(const struct cc_sources_report *r, const struct cc_nodeset *nodes);
void cc_prom_sources(struct cc_out *o, const struct cc_sources_report *r,
		     const struct cc_nodeset *nodes);

/* Prometheus pieces (out-prom.c): "# HELP compactctl_NAME ...", "# TYPE";
 * a label value, made safe and escaped */
void cc_prom_family(FILE *out, const char *name, const char *type, const char *help);
void cc_prom_label(FILE *out, const char *raw);

/* before/after tables shared by compact and diff (out-compare.c) */
void cc_text_compare(struct cc_out *o, const struct cc_snapshot *a, const struct cc_snapshot *b,
		     const struct cc_nodeset *nodes);
void cc_text_vmstat_delta(struct cc_out *o, const struct cc_snapshot *a,
			  const struct cc_snapshot *b);
/* adds "nodes" and "vmstat_delta" to doc */
void cc_json_compare(cJSON *doc, const struct cc_snapshot *a, const struct cc_snapshot *b,
		     const struct cc_nodeset *nodes);
cJSON *cc_json_vmstat_delta(const struct cc_snapshot *a, const struct cc_snapshot *b,
			    unsigned view);

/* the others */
int cc_text_diff(struct cc_out *o, const struct cc_diff_report *r);
int cc_json_diff(struct cc_out *o, const struct cc_diff_report *r);
int cc_json_snapshot(struct cc_out *o, const struct cc_snapshot *s);
int cc_text_check(struct cc_out *o, const struct cc_check_report *r);
int cc_json_check(struct cc_out *o, const struct cc_check_report *r);
int cc_text_compact(struct cc_out *o, const struct cc_compact_report *r);
int cc_json_compact(struct cc_out *o, const struct cc_compact_report *r);
int cc_text_probe(struct cc_out *o, const struct cc_probe_report *r);
int cc_json_probe(struct cc_out *o, const struct cc_probe_report *r);
int cc_text_watch_frame(struct cc_out *o, const struct cc_watch *w);
int cc_json_watch_frame(struct cc_out *o, const struct cc_watch *w);
/* explain: allocation-failure reports diagnosed (out-explain.c) */
int cc_text_explain(struct cc_out *o, const struct cc_explain_batch *b);
int cc_json_explain(struct cc_out *o, const struct cc_explain_batch *b);

/* trace (out-trace.c) */
int cc_text_trace(struct cc_out *o, const struct cc_trace_view *v);
int cc_json_trace(struct cc_out *o, const struct cc_trace_view *v);
int cc_prom_trace(struct cc_out *o, const struct cc_trace_view *v);
int cc_text_trace_event(struct cc_out *o, const struct cc_trace_event *ev);
int cc_json_trace_event(struct cc_out *o, const struct cc_trace_event *ev);

/* map (out-map.c): the report in each format, the SVG file (map --svg);
 * compact's lines against the ceiling of the map taken before its first
 * pass (a line per pass, the per-zone table, their JSON) */
int cc_text_map(struct cc_out *o, const struct cc_map_report *r);
int cc_json_map(struct cc_out *o, const struct cc_map_report *r);
int cc_prom_map(struct cc_out *o, const struct cc_map_report *r);
int cc_svg_map(struct cc_out *o, const struct cc_map_report *r);
void cc_text_map_reach_line(struct cc_out *o, const struct cc_map_report *m,
			    const struct cc_snapshot *s);
void cc_text_map_reach(struct cc_out *o, const struct cc_map_report *m,
		       const struct cc_snapshot *before, const struct cc_snapshot *after);
cJSON *cc_json_map_ceiling(const struct cc_map_report *m);
cJSON *cc_json_map_reach(const struct cc_map_report *m, const struct cc_snapshot *s);

/* ---- JSON helpers (out-json-util.c) ---- */

/* Every JSON document starts so: compactctl_version, command, kernel
 * (null when unknown). */
cJSON *cc_json_envelope(const struct cc_out *o, const char *kernel);
/* Print doc whole (pretty, or one line), strings made safe first (no
 * control character, valid UTF-8); -1 if out failed. Frees doc. */
int cc_json_print(struct cc_out *o, cJSON *doc, bool one_line);
cJSON *cc_json_u64(uint64_t v);
void cc_json_add_u64(cJSON *obj, const char *key, uint64_t v);
void cc_json_add_opt_u64(cJSON *obj, const char *key, bool have, uint64_t v);
void cc_json_add_str_or_null(cJSON *obj, const char *key, const char *v);
cJSON *cc_json_u64_array(const uint64_t *v, int n);
/* seconds rounded to microseconds */
double cc_json_usec(double seconds);

#endif
