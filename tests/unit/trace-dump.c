// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * trace-dump DIR: run compact's trace reader (src/parse-trace.c) on a
 * capture made by scripts/capture-compact-trace.sh (format files, cpuN.raw
 * pages, zoneinfo) and print what it found, one record per line:
 *   zone NODE/ZONE STATUS COVERED% MIGRATE_SCANNED FREE_SCANNED ISOLATED MIGRATED NOT_MIGRATED THP
 *   sum KEY VALUE
 *   events N lost N others N
 * With TRACE_PID set, only that task's events count, as compact counts its
 * own; with TRACE_REVERSE set, the CPUs' pages are fed last CPU first.
 * tests/trace-parse.sh checks this against awk counts of the kernel's
 * own text of the same buffer (trace.txt) and against /proc/vmstat.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "parse.h"
#include "path.h"
#include "trace.h"

#include "capture.h"

static int on_page(int cpu, const uint8_t *data, size_t len, const char *path, void *arg,
		   struct cc_err *e)
{
	return cc_trace_read_page(arg, cpu, data, len, path, e);
}

int main(int argc, char **argv)
{
	static struct cc_tev_table tab;
	struct cc_trace_reader rd;
	struct cc_tf_page layout;
	struct cc_snapshot s;
	struct cc_trace t;
	struct cc_file f;
	struct cc_err e;
	int i;

	if (argc < 2)
		return 64;
	cc_snapshot_init(&s);
	if (!capture_load(argv[1], "zoneinfo", &f, &e)) {
		int r = cc_parse_zoneinfo(&s, f.data, f.len, f.path, &e);

		cc_file_free(&f);
		if (r)
			goto fail;
	}
	if (cc_tev_load(&tab, &layout, CC_TEV_SET_COMPACT, capture_read_format, argv[1], &e))
		goto fail;
	cc_trace_reader_init(&rd, &tab, &layout, getenv("TRACE_PID") ? atol(getenv("TRACE_PID")) : 0);
	if (capture_pages(argv[1], getenv("TRACE_REVERSE") != NULL, on_page, &rd, &e) ||
	    cc_trace_reader_finish(&rd, &t, &e)) {
		cc_trace_reader_free(&rd);
		goto fail;
	}
	cc_trace_resolve(&t, &s);
	for (i = 0; i < t.nzones; i++) {
		const struct cc_trace_zone *z = &t.zones[i];

		printf("zone %d/%s %s %d%% %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64
		       " %" PRIu64 "\n", z->node, z->zone[0] ? z->zone : "?",
		       z->ended ? z->status : "-", cc_trace_coverage(z), z->migrate_scanned,
		       z->free_scanned, z->migrate_isolated + z->free_isolated, z->migrated,
		       z->failed, z->thp_migrated);
	}
	for (i = 0; cc_trace_sum_keys[i]; i++) {
		uint64_t v;

		if (cc_trace_sum(&t, cc_trace_sum_keys[i], &v))
			printf("sum %s %" PRIu64 "\n", cc_trace_sum_keys[i], v);
	}
	printf("events %" PRIu64 " lost %" PRIu64 " others %" PRIu64 "\n", t.events,
	       cc_trace_lost(&t), t.others);
	cc_trace_free(&t);
	cc_snapshot_free(&s);
	return 0;
fail:
	cc_err_print(&e);
	cc_snapshot_free(&s);
	return 1;
}
