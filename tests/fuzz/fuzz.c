// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer harnesses, one per parser, chosen by FUZZ_TARGET at build time:
 *   1 buddyinfo, 2 pagetypeinfo, 3 zoneinfo, 4 vmstat, 5 snapshot JSON,
 *   6 diff input (snapshot JSON or raw buddyinfo, rendered as diff does),
 *   7 node meminfo (and /proc/meminfo's MemTotal), (8: compact's trace
 *   records are fuzz-trace.c's target 3),
 *   9 zram mm_stat, 10 /proc/pressure/memory, 11 zsmalloc classes,
 *   12 /proc/meminfo, 13 a sysfs attribute (hugetlb pool file or counter;
 *   the first byte picks the file name); sysctl -a is fuzz-sysctl.c.
 *   14 allocation-failure reports (parsed, explained, rendered as text and JSON).
 * 9 to 13 render what was accepted through the sources report's views.
 * The order-column check (parse-orders.c) is exercised by 1 and 2.
 * Each parses the input as the kernel's file would be parsed, then runs the
 * metrics over whatever was accepted.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "metrics.h"
#include "parse.h"
#include "snapshot-json.h"
#include "sources-report.h"
#include "views.h"

#if FUZZ_TARGET == 14
/* every report: explained, rendered both ways; -1 so no metrics run */
static int explain_all(FILE *out, char *buf, size_t size)
{
	struct cc_out o = { .f = out, .command = "explain", .width = 80, .utf8 = true };
	struct cc_explain_batch b;
	struct cc_err e;

	if (cc_explain_buffer(buf, size, "fuzz", &b, &e) == 0) {
		cc_text_explain(&o, &b);
		cc_json_explain(&o, &b);
		cc_explain_batch_free(&b);
	}
	return -1;
}
#endif

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
	for (i = 0; i < s->nnodes; i++)
		if (s->norders > 0)
			(void)cc_node_score(s, &s->nodes[i], s->norders - 1, &sc);
	/* the allocation verdict of every class, at orders 0 and the last
	 * (every order of every class would be slow on 1024 nodes) */
	if (s->norders > 0) {
		struct cc_status_report r;
		int c;

		for (c = 0; c < CC_REQ__N; c++)
			for (k = 0; k < s->norders; k += s->norders - 1 > 0 ? s->norders - 1 : 1) {
				cc_status_report_build(&r, s, NULL, k, (enum cc_req_class)c, NULL);
				cc_status_report_free(&r);
			}
	}
}

#if FUZZ_TARGET >= 9 && FUZZ_TARGET <= 13
/* parse into a sources struct of one zram device and render the report */
static void sources(char *buf, size_t size, FILE *null)
{
	struct cc_out o = { .f = null, .command = "status", .width = 80, .utf8 = true };
	struct cc_sources_report r;
	struct cc_zram_info *z;
	struct cc_snapshot s;
	struct cc_sources so;
	struct cc_err e;
	int rc;

	cc_snapshot_init(&s);
	s.page_size = 4096;
	s.page_size_src = CC_SRC_KERNEL;
	cc_sources_init(&so);
	z = cc_zram_info_add(&so, "zram0");
	so.zram_av.state = CC_AV_YES;
	(void)z; /* the psi, meminfo and sysfs targets render it empty */
#if FUZZ_TARGET == 9
	rc = cc_parse_zram_mm_stat(&z->mm, buf, size, "fuzz", &e);
	z->have_mm = z->initialised = true;
#elif FUZZ_TARGET == 10
	rc = cc_parse_psi(&so.psi, buf, size, "fuzz", &e);
	so.psi_av.state = CC_AV_YES;
#elif FUZZ_TARGET == 11
	rc = cc_parse_zs_classes(&z->zs, buf, size, "fuzz", &e);
	z->zs_av.state = CC_AV_YES;
#elif FUZZ_TARGET == 12
	rc = cc_parse_meminfo(&so.meminfo, buf, size, "fuzz", &e);
#else
	{
		static const char *const attrs[] = {
			"nr_hugepages", "demote_size", "anon_fault_alloc", "alloc_pages_fail",
		};
		const char *name = attrs[size ? (uint8_t)buf[0] % 4 : 0];
		struct cc_hpool *p = cc_hpool_get(&so, -1, 2048);
		struct cc_cma *c = cc_cma_add(&so, "fuzz");

		rc = size ? cc_parse_hpool_attr(p, name, buf + 1, size - 1, "fuzz", &e) : -1;
		if (size)
			(void)cc_parse_stat_file(c->stats, &c->nstats, CC_MAX_CMA_STATS, name,
						 buf + 1, size - 1, "fuzz", &e);
		so.hugetlb_av.state = so.cma_av.state = CC_AV_YES;
	}
#endif
	if (rc == 0) {
		cc_sources_report_build(&s, &so, &r);
		for (int i = 0; i < cc_sources_nmetrics; i++) {
			double v;

			(void)cc_sources_metrics[i].get(&r, &v);
		}
		cc_text_sources(&o, &r, NULL);
		cc_prom_sources(&o, &r, NULL);
		cJSON_Delete(cc_json_sources(&r, NULL));
		cc_sources_report_free(&r);
	}
	cc_sources_free(&so);
	cc_snapshot_free(&s);
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
	{
		struct cc_node *n = cc_node_get(&s, 0, true);

		uint64_t kb;

		r = cc_parse_node_meminfo(n, buf, size, "fuzz", &e);
		/* the same file without the node prefix: /proc/meminfo */
		(void)cc_parse_meminfo_total(buf, size, "fuzz", &kb, &e);
	}
#elif FUZZ_TARGET <= 13
	(void)e;
	r = -1;
	sources(buf, size, null);
#elif FUZZ_TARGET == 14
	(void)e;
	r = explain_all(null, buf, size);
#else
#error "FUZZ_TARGET 1 to 14"
#endif
	if (r == 0)
		metrics(&s);
#if FUZZ_TARGET == 6
	/* diff renders what it loaded, against itself */
	if (r == 0 && s.norders > 0 && s.page_size > 0) {
		struct cc_out o = { .f = null, .command = "diff", .width = 80, .utf8 = true };
		struct cc_status_report st;
		struct cc_diff_report d = { .file = { "a", "b" }, .snap = { &s, &s } };

		cc_status_report_build(&st, &s, NULL, s.norders - 1, CC_REQ_HUGETLB, NULL);
		cc_text_diff(&o, &d);
		cc_json_diff(&o, &d);
		cc_text_status(&o, &st);
		cc_json_status(&o, &st);
		cc_prom_status(&o, &st);
		cc_status_report_free(&st);
	}
#endif
	cc_snapshot_free(&s);
	free(buf);
	return 0;
}
