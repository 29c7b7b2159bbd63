// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check views: the monitoring plugin's one line, "COMPACTCTL STATE -
 * message | perfdata" (the Nagios plugin guidelines), and the same
 * message in JSON.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "format.h"
#include "views.h"

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

		cc_fmt_bytes(b, sizeof(b), n->free_bytes);
		fprintf(f, "%snode%d order>=%d free %s", i ? ", " : "", n->id, r->order, b);
		free_verdict(f, l, n->free_bytes);
		if (n->have_score) {
			fprintf(f, ", score %d", n->score);
			score_verdict(f, l, n->score);
		} else if (l->warn_score >= 0 || l->crit_score >= 0) {
			fputs(", score unknown (no zoneinfo)", f);
		}
	}
	if (fclose(f) == EOF) {
		free(buf);
		return NULL;
	}
	return buf;
}

static void perfdata(FILE *f, const struct cc_check_report *r)
{
	const struct cc_check_limits *l = &r->lim;
	int i;

	for (i = 0; i < r->nnodes; i++) {
		const struct cc_check_node *n = &r->nodes[i];

		/* free: alert below the threshold, "N:" in the range syntax */
		fprintf(f, "%snode%d_free=%" PRIu64 "B;", i ? " " : "", n->id, n->free_bytes);
		if (l->warn_free_set)
			fprintf(f, "%" PRIu64 ":", l->warn_free);
		if (l->crit_free_set)
			fprintf(f, ";%" PRIu64 ":", l->crit_free);
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
		fputs(" | ", o->f);
		perfdata(o->f, r);
	}
	fputc('\n', o->f);
	return ferror(o->f) ? -1 : 0;
}

int cc_json_check(struct cc_out *o, const struct cc_check_report *r)
{
	const struct cc_check_limits *l = &r->lim;
	cJSON *doc = cc_json_envelope(o, r->kernel), *nodes;
	char *msg = message(r);
	int i;

	cJSON_AddNumberToObject(doc, "order", r->order);
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
		cc_json_add_u64(no, "free_bytes", n->free_bytes);
		cc_json_add_opt_u64(no, "score", n->have_score, (uint64_t)n->score);
		cJSON_AddStringToObject(no, "status", cc_check_state_name(n->state));
		cJSON_AddBoolToObject(no, "ok", n->state == CC_CHECK_OK);
		cJSON_AddItemToArray(nodes, no);
	}
	cJSON_AddStringToObject(doc, "status", cc_check_state_name(r->state));
	cJSON_AddNumberToObject(doc, "exit_code", r->state);
	cJSON_AddStringToObject(doc, "message", msg ? msg : "");
	free(msg);
	return cc_json_print(o, doc, false);
}
