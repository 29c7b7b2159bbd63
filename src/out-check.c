// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check views: the monitoring plugin's one line, "COMPACTCTL STATE -
 * message | perfdata" (the Nagios plugin guidelines), and the same
 * message in JSON.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "views.h"

/* a source's value in its unit: "1.25%", "512 MiB", "3 pages" */
static void fmt_value(FILE *f, const struct cc_sources_metric *d, double v)
{
	char b[32];

	if (!strcmp(d->unit, "B")) {
		cc_fmt_bytes(b, sizeof(b), (uint64_t)v);
		fputs(b, f);
	} else if (!strcmp(d->unit, "%")) {
		fprintf(f, "%.2f%%", v);
	} else {
		fprintf(f, "%.0f %s", v, d->unit);
	}
}

/* " >= 512 MiB", " < 256 MiB (critical)": the threshold that decided */
static void free_verdict(FILE *f, const struct cc_check_limits *l, uint64_t v)
{
	char b[32];

	if (l->crit_free_set && v < l->crit_free) {
		cc_fmt_bytes(b, sizeof(b), l->crit_free);
		fprintf(f, " < %s (critical)", b);
	} else if (l->warn_free_set && v < l->warn_free) {
		cc_fmt_bytes(b, sizeof(b), l->warn_free);
		fprintf(f, " < %s", b);
	} else if (l->warn_free_set || l->crit_free_set) {
		cc_fmt_bytes(b, sizeof(b), l->warn_free_set ? l->warn_free : l->crit_free);
		fprintf(f, " >= %s", b);
	}
}

static void score_verdict(FILE *f, const struct cc_check_limits *l, int v)
{
	if (l->crit_score >= 0 && v > l->crit_score)
		fprintf(f, " > %ld (critical)", l->crit_score);
	else if (l->warn_score >= 0 && v > l->warn_score)
		fprintf(f, " > %ld", l->warn_score);
	else if (l->warn_score >= 0 || l->crit_score >= 0)
		fprintf(f, " <= %ld", l->warn_score >= 0 ? l->warn_score : l->crit_score);
}

/* ", psi_some_avg10 1.25% > 1%": a source's value and the limit that decided */
static void metric_message(FILE *f, const struct cc_check_report *r, int i)
{
	const struct cc_metric_limit *l = &r->lim.metric[i];
	const struct cc_check_metric *m = &r->metric[i];
	const struct cc_sources_metric *d = &cc_sources_metrics[l->metric];
	bool crit = m->state == CC_CHECK_CRITICAL;
	double lim = crit || !l->warn_set ? l->crit : l->warn;

	fprintf(f, ", %s ", d->name);
	if (!m->have) {
		fputs("unknown", f);
		return;
	}
	fmt_value(f, d, m->value);
	fputs(m->state == CC_CHECK_OK ? (l->below ? " >= " : " <= ") : (l->below ? " < " : " > "),
	      f);
	fmt_value(f, d, lim);
	if (crit)
		fputs(" (critical)", f);
}

/* the message, the same in text and JSON; a malloc'ed string */
static char *message(const struct cc_check_report *r)
{
	const struct cc_check_limits *l = &r->lim;
	char *buf = NULL, b[32];
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int i;

	if (!f)
		return NULL;
	if (!r->nnodes)
		fputs(r->why, f);
	for (i = 0; i < r->nnodes; i++) {
		const struct cc_check_node *n = &r->nodes[i];

		fprintf(f, "%snode%d order>=%d free", i ? ", " : "", n->id, r->order);
		if (n->free_known) {
			cc_fmt_bytes(b, sizeof(b), n->free_bytes);
			fprintf(f, " %s", b);
			free_verdict(f, l, n->free_bytes);
		} else {
			fputs(" unknown (page size unknown)", f);
		}
		if (n->have_score) {
			fprintf(f, ", score %d", n->score);
			score_verdict(f, l, n->score);
		} else if (l->warn_score >= 0 || l->crit_score >= 0) {
			fputs(", score unknown (no zoneinfo)", f);
		}
	}
	for (i = 0; i < l->nmetric; i++)
		metric_message(f, r, i);
	if (fclose(f) == EOF) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* NAME=VALUE[UOM];warn;crit: a range "N:" alerts below N, "N" above */
static void metric_perfdata(FILE *f, const struct cc_check_report *r, int i)
{
	const struct cc_metric_limit *l = &r->lim.metric[i];
	const struct cc_check_metric *m = &r->metric[i];
	const char *unit = cc_sources_metrics[l->metric].unit;

	if (!m->have)
		return;
	fprintf(f, " %s=%.*f%s;", cc_sources_metrics[l->metric].name,
		strcmp(unit, "%") ? 0 : 2, m->value, strcmp(unit, "pages") ? unit : "");
	if (l->warn_set)
		fprintf(f, "%.*f%s", strcmp(unit, "%") ? 0 : 2, l->warn, l->below ? ":" : "");
	fputc(';', f);
	if (l->crit_set)
		fprintf(f, "%.*f%s", strcmp(unit, "%") ? 0 : 2, l->crit, l->below ? ":" : "");
}

static void perfdata(FILE *f, const struct cc_check_report *r)
{
	const struct cc_check_limits *l = &r->lim;
	int i;

	for (i = 0; i < l->nmetric; i++)
		metric_perfdata(f, r, i);
	for (i = 0; i < r->nnodes; i++) {
		const struct cc_check_node *n = &r->nodes[i];

		/* free: alert below the threshold, "N:" in the range syntax */
		if (n->free_known) {
			fprintf(f, " node%d_free=%" PRIu64 "B;", n->id, n->free_bytes);
			if (l->warn_free_set)
				fprintf(f, "%" PRIu64 ":", l->warn_free);
			if (l->crit_free_set)
				fprintf(f, ";%" PRIu64 ":", l->crit_free);
		}
		if (!n->have_score)
			continue;
		fprintf(f, " node%d_score=%d;", n->id, n->score);
		if (l->warn_score >= 0)
			fprintf(f, "%ld", l->warn_score);
		fputc(';', f);
		if (l->crit_score >= 0)
			fprintf(f, "%ld", l->crit_score);
		fputs(";0;100", f);
	}
}

int cc_text_check(struct cc_out *o, const struct cc_check_report *r)
{
	char *msg = message(r);

	if (!msg)
		return -1;
	fprintf(o->f, "COMPACTCTL %s - %s", cc_check_state_name(r->state), msg);
	free(msg);
	if (r->nnodes) {
		char *perf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&perf, &len);

		if (!f)
			return -1;
		perfdata(f, r);
		if (fclose(f) == EOF) {
			free(perf);
			return -1;
		}
		if (len)	/* "NAME=VALUE..." after " |", nothing when none is known */
			fprintf(o->f, " |%s", perf);
		free(perf);
	}
	fputc('\n', o->f);
	return ferror(o->f) ? -1 : 0;
}

int cc_json_check(struct cc_out *o, const struct cc_check_report *r)
{
	const struct cc_check_limits *l = &r->lim;
	cJSON *doc = cc_json_envelope(o, r->kernel), *nodes, *metrics;
	char *msg = message(r);
	int i;

	cJSON_AddNumberToObject(doc, "order", r->order);
	cJSON_AddStringToObject(doc, "class", cc_req_classes[r->req_class].name);
	cc_json_add_opt_u64(doc, "min_free_bytes", l->warn_free_set, l->warn_free);
	cc_json_add_opt_u64(doc, "critical_min_free_bytes", l->crit_free_set, l->crit_free);
	cc_json_add_opt_u64(doc, "max_score", l->warn_score >= 0, (uint64_t)l->warn_score);
	cc_json_add_opt_u64(doc, "critical_max_score", l->crit_score >= 0,
			    (uint64_t)l->crit_score);
	nodes = cJSON_AddArrayToObject(doc, "nodes");
	for (i = 0; i < r->nnodes; i++) {
		const struct cc_check_node *n = &r->nodes[i];
		cJSON *no = cJSON_CreateObject();

		cJSON_AddNumberToObject(no, "node", n->id);
		cc_json_add_opt_u64(no, "free_bytes", n->free_known, n->free_bytes);
		cJSON_AddBoolToObject(no, "free_counts_every_block", n->free_every_block);
		cc_json_add_opt_u64(no, "score", n->have_score, (uint64_t)n->score);
		cJSON_AddStringToObject(no, "status", cc_check_state_name(n->state));
		cJSON_AddBoolToObject(no, "ok", n->state == CC_CHECK_OK);
		cJSON_AddItemToArray(nodes, no);
	}
	metrics = cJSON_AddArrayToObject(doc, "thresholds");
	for (i = 0; i < l->nmetric; i++) {
		const struct cc_metric_limit *ml = &l->metric[i];
		cJSON *mo = cJSON_CreateObject();

		cJSON_AddStringToObject(mo, "name", cc_sources_metrics[ml->metric].name);
		cJSON_AddStringToObject(mo, "unit", cc_sources_metrics[ml->metric].unit);
		cJSON_AddStringToObject(mo, "alert", ml->below ? "below" : "above");
		if (r->metric[i].have)
			cJSON_AddNumberToObject(mo, "value", r->metric[i].value);
		else
			cJSON_AddNullToObject(mo, "value");
		if (ml->warn_set)
			cJSON_AddNumberToObject(mo, "warning", ml->warn);
		else
			cJSON_AddNullToObject(mo, "warning");
		if (ml->crit_set)
			cJSON_AddNumberToObject(mo, "critical", ml->crit);
		else
			cJSON_AddNullToObject(mo, "critical");
		cJSON_AddStringToObject(mo, "status", cc_check_state_name(r->metric[i].state));
		cJSON_AddItemToArray(metrics, mo);
	}
	cJSON_AddStringToObject(doc, "status", cc_check_state_name(r->state));
	cJSON_AddNumberToObject(doc, "exit_code", r->state);
	cJSON_AddStringToObject(doc, "message", msg ? msg : "");
	free(msg);
	return cc_json_print(o, doc, false);
}
