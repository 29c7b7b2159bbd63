// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer harnesses, one per parser, chosen by FUZZ_TARGET at build time:
 *   1 buddyinfo, 2 pagetypeinfo, 3 zoneinfo, 4 vmstat, 5 snapshot JSON,
 *   6 diff input (snapshot JSON or raw buddyinfo, rendered as diff does),
 *   7 allocation-failure reports (parsed, explained, rendered as text and JSON).
 * Each parses the input as the kernel's file would be parsed, then runs the
 * metrics over whatever was accepted.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "metrics.h"
#include "output.h"
#include "parse.h"
#include "snapshot-json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void metrics(struct cc_snapshot *s)
{
	int i, j, k, sc;

	for (i = 0; i < s->nnodes; i++) {
		for (j = 0; j < s->nodes[i].nzones; j++) {
			struct cc_zone *z = &s->nodes[i].zones[j];
			int64_t h;

			if (!cc_zone_sane(z, s->norders))
				return;	/* collect refuses such input */
			for (k = 0; k <= s->norders; k++) {
				struct cc_contig ci;

				cc_contig_info(z->free_blocks, s->norders, k, &ci);
				(void)cc_unusable_index(&ci, k);
				(void)cc_fragmentation_index(&ci, k, s->norders - 1);
				(void)cc_extfrag_for_order(&ci, k);
			}
			(void)cc_zone_headroom(z, ZF_LOW, &h);
		}
	}
	for (i = 0; i < s->nnodes; i++) {
		struct cc_verdict v;

		if (s->norders > 0) {
			(void)cc_node_score(s, &s->nodes[i], s->norders - 1, &sc);
			cc_node_verdict(s, &s->nodes[i], s->norders - 1, &v);
		}
	}
}

#if FUZZ_TARGET == 7
/* every report: explained, rendered both ways; -1 so no metrics run */
static int explain_all(FILE *out, char *buf, size_t size)
{
	static struct cc_ex_report x;
	struct cc_ex_render o = { .width = 80, .source = "fuzz" };
	struct cc_areports rs;
	struct cc_err e;
	int i;

	if (cc_parse_allocreports(buf, size, "fuzz", &rs, &e) < 0)
		return -1;
	for (i = 0; i < rs.n; i++) {
		cJSON *doc;

		cc_explain(&rs.r[i], &x);
		cc_text_explain(out, &x, i + 1, rs.n, &o);
		doc = cc_json_explain(&x);
		cJSON_Delete(doc);
	}
	cc_areports_free(&rs);
	return -1;
}
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *null;
	struct cc_snapshot s;
	struct cc_err e;
	char *buf = malloc(size + 1);
	int r;

	if (!buf)
		return 0;
	if (!null)
		null = fopen("/dev/null", "w");
	memcpy(buf, data, size);
	buf[size] = '\0';
	cc_snapshot_init(&s);
#if FUZZ_TARGET == 1
	r = cc_parse_buddyinfo(&s, buf, size, "fuzz", &e);
#elif FUZZ_TARGET == 2
	r = cc_parse_pagetypeinfo(&s, buf, size, "fuzz", &e);
#elif FUZZ_TARGET == 3
	r = cc_parse_zoneinfo(&s, buf, size, "fuzz", &e);
#elif FUZZ_TARGET == 4
	r = cc_parse_vmstat(&s, buf, size, "fuzz", &e);
#elif FUZZ_TARGET == 5 || FUZZ_TARGET == 6
	r = cc_snapshot_load_buf(&s, buf, size, "fuzz", &e);
#elif FUZZ_TARGET == 7
	(void)e;
	r = explain_all(null, buf, size);
#else
#error "FUZZ_TARGET 1 to 7"
#endif
	if (r == 0)
		metrics(&s);
#if FUZZ_TARGET == 6
	/* diff renders what it loaded, against itself */
	if (r == 0 && s.norders > 0 && s.page_size > 0) {
		struct cc_view v = { .order = s.norders - 1, .width = 80 };
		cJSON *doc = cJSON_CreateObject();

		cc_text_compare(null, &s, &s, &v);
		cc_text_vmstat_delta(null, &s, &s);
		cc_json_compare(doc, &s, &s, &v);
		cJSON_Delete(doc);
		cc_text_status(null, &s, &v);
		cc_prom_status(null, &s, &v);
	}
#endif
	cc_snapshot_free(&s);
	free(buf);
	return 0;
}
