/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Views of the `trace` report: text (80 columns), JSON, Prometheus lines,
 * and the per-event lines of --events. They only read what they are given.
 */
#ifndef COMPACTCTL_TRACE_VIEW_H
#define COMPACTCTL_TRACE_VIEW_H

#include <stdio.h>

#include <cjson/cJSON.h>

#include "trace-summary.h"

struct cc_tview_opts {
	int top;		/* task rows (10) */
	bool live;		/* a refreshing frame: say so in the title */
};

void cc_text_trace(FILE *out, const struct cc_trace_report *r, const struct cc_tview_opts *o);
cJSON *cc_json_trace(const struct cc_trace_report *r);
/* counters for the textfile collector (export --trace) */
void cc_prom_trace(FILE *out, const struct cc_trace_report *r);

/* The trace's value for a vmstat counter of the agreement table; false if
 * the trace has no such sum. */
bool cc_trace_report_sum(const struct cc_trace_report *r, int tsv, uint64_t *out);

/* --events: compactsnoop's columns, one line per compact_zone() run or zone
 * verdict; fallbacks as their own lines, with the stack under --stack.
 * t0: the trace time shown as 0. sym: names an address ("" if unknown). */
void cc_text_trace_header(FILE *out);
void cc_text_trace_run(FILE *out, const struct cc_ts_run *run, uint64_t t0);
void cc_text_trace_extfrag(FILE *out, const struct cc_tev *ev, const struct cc_tev *stack,
			   uint64_t t0, const char *const *mt_names,
			   const char *(*sym)(uint64_t addr, void *arg), void *arg);
cJSON *cc_json_trace_run(const struct cc_ts_run *run, uint64_t t0);
cJSON *cc_json_trace_extfrag(const struct cc_tev *ev, const struct cc_tev *stack, uint64_t t0,
			     const char *const *mt_names,
			     const char *(*sym)(uint64_t addr, void *arg), void *arg);

#endif
