// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer harnesses, one per parser, chosen by FUZZ_TARGET at build time:
 *   1 buddyinfo, 2 pagetypeinfo, 3 zoneinfo, 4 vmstat, 5 snapshot JSON,
 *   6 diff input (snapshot JSON or raw buddyinfo, rendered as diff does),
 *   7 node meminfo (and /proc/meminfo's MemTotal), 8 trace records,
 *   9 zram mm_stat; sysctl -a is fuzz-sysctl.c.
 * The order-column check (parse-orders.c) is exercised by 1 and 2.
 * Each parses the input as the kernel's file would be parsed, then runs the
 * metrics over whatever was accepted.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"
#include "parse.h"
#include "snapshot-json.h"
#include "trace.h"
#include "views.h"

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
	{
		struct cc_node *n = cc_node_get(&s, 0, true);

		uint64_t kb;

		r = cc_parse_node_meminfo(n, buf, size, "fuzz", &e);
		/* the same file without the node prefix: /proc/meminfo */
		(void)cc_parse_meminfo_total(buf, size, "fuzz", &kb, &e);
	}
#elif FUZZ_TARGET == 8
	{
		struct cc_trace t;

		r = cc_trace_parse(&t, buf, size, "fuzz", &e);
		if (r == 0) {
			uint64_t sum;
			int i;

			cc_trace_resolve(&t, &s);
			(void)cc_trace_cut_short(&t);
			for (i = 0; i < t.nzones; i++)
				(void)cc_trace_coverage(&t.zones[i]);
			for (i = 0; cc_trace_sum_keys[i]; i++)
				(void)cc_trace_sum(&t, cc_trace_sum_keys[i], &sum);
			cc_trace_free(&t);
		}
	}
#elif FUZZ_TARGET == 9
	{
		uint64_t pages;

		r = cc_parse_zram_mm_stat(buf, size, "fuzz", &pages, &e);
	}
#else
#error "FUZZ_TARGET 1 to 9"
#endif
	if (r == 0)
		metrics(&s);
#if FUZZ_TARGET == 6
	/* diff renders what it loaded, against itself */
	if (r == 0 && s.norders > 0 && s.page_size > 0) {
		struct cc_out o = { .f = null, .command = "diff", .width = 80, .utf8 = true };
		struct cc_status_report st = { .snap = &s, .order = s.norders - 1 };
		struct cc_diff_report d = { .file = { "a", "b" }, .snap = { &s, &s } };

		cc_text_diff(&o, &d);
		cc_json_diff(&o, &d);
		cc_text_status(&o, &st);
		cc_json_status(&o, &st);
		cc_prom_status(&o, &st);
	}
#endif
	cc_snapshot_free(&s);
	free(buf);
	return 0;
}
