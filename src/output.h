/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Renderers: they only read the snapshot and the metrics. */
#ifndef COMPACTCTL_OUTPUT_H
#define COMPACTCTL_OUTPUT_H

#include <stdio.h>

#include <cjson/cJSON.h>

#include "model.h"

struct cc_view {
	int order;		/* the order the verdict talks about */
	const bool *nodes;	/* NULL: all nodes; else nodes[id] selects */
	bool color;
	bool utf8;
	int width;		/* terminal columns, 80 when not a tty */
};

void cc_text_status(FILE *out, const struct cc_snapshot *s, const struct cc_view *v);

/* Prometheus text exposition (out-prom.c) */
void cc_prom_status(FILE *out, const struct cc_snapshot *s, const struct cc_view *v);

cJSON *cc_json_status(const struct cc_snapshot *s, const struct cc_view *v);
/* Print a whole document and a newline; -1 if stdout failed. */
int cc_json_emit(cJSON *doc);

/* Before/after views (out-compare.c), for compact and diff. a and b must
 * have the same number of orders. */
extern const char *const cc_compact_counters[];	/* NULL-terminated */
void cc_text_compare(FILE *out, const struct cc_snapshot *a, const struct cc_snapshot *b,
		     const struct cc_view *v);
void cc_text_vmstat_delta(FILE *out, const struct cc_snapshot *a,
			  const struct cc_snapshot *b);
/* adds "nodes" and "vmstat_delta" to doc */
void cc_json_compare(cJSON *doc, const struct cc_snapshot *a, const struct cc_snapshot *b,
		     const struct cc_view *v);
cJSON *cc_json_vmstat_delta(const struct cc_snapshot *a, const struct cc_snapshot *b);
/* signed page count as bytes: "+1.2 GiB", "-4.0 KiB", "0 B" */
void cc_fmt_delta_bytes(char *buf, size_t n, int64_t pages, long page_size);

/* JSON helpers shared by the JSON views */
cJSON *cc_json_u64(uint64_t v);
void cc_json_add_u64(cJSON *obj, const char *key, uint64_t v);
cJSON *cc_json_u64_array(const uint64_t *v, int n);

#endif
