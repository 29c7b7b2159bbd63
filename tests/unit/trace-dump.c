// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * trace-dump TRACE [ZONEINFO]: run the trace parser (src/parse-trace.c) on a
 * captured `trace` file and print what it found, one record per line:
 *   zone NODE/ZONE STATUS COVERED% MIGRATE_SCANNED FREE_SCANNED ISOLATED MIGRATED NOT_MIGRATED
 *   sum KEY VALUE
 *   events N lost N
 * tests/trace-parse.sh checks this against awk and against /proc/vmstat.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "parse.h"
#include "path.h"
#include "trace.h"

int main(int argc, char **argv)
{
	struct cc_snapshot s;
	struct cc_trace t;
	struct cc_file f;
	struct cc_err e;
	int i;

	if (argc < 2)
		return 64;
	cc_snapshot_init(&s);
	if (argc > 2) {
		if (cc_read_user_file(argv[2], &f, &e) ||
		    cc_parse_zoneinfo(&s, f.data, f.len, f.path, &e)) {
			cc_err_print(&e);
			return 1;
		}
		cc_file_free(&f);
	}
	if (cc_read_user_file(argv[1], &f, &e) || cc_trace_parse(&t, f.data, f.len, f.path,
						getenv("TRACE_PID") ? atol(getenv("TRACE_PID")) : 0, &e)) {
		cc_err_print(&e);
		cc_file_free(&f);
		cc_snapshot_free(&s);
		return 1;
	}
	cc_file_free(&f);
	cc_trace_resolve(&t, &s);
	for (i = 0; i < t.nzones; i++) {
		const struct cc_trace_zone *z = &t.zones[i];

		printf("zone %d/%s %s %d%% %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 "\n",
		       z->node, z->zone[0] ? z->zone : "?", z->ended ? z->status : "-",
		       cc_trace_coverage(z), z->migrate_scanned, z->free_scanned,
		       z->migrate_isolated + z->free_isolated, z->migrated, z->failed);
	}
	for (i = 0; cc_trace_sum_keys[i]; i++) {
		uint64_t v;

		if (cc_trace_sum(&t, cc_trace_sum_keys[i], &v))
			printf("sum %s %" PRIu64 "\n", cc_trace_sum_keys[i], v);
	}
	printf("events %" PRIu64 " lost %" PRIu64 "\n", t.events, cc_trace_lost(&t));
	cc_trace_free(&t);
	cc_snapshot_free(&s);
	return 0;
}
