// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * map-dump SYSROOT prom|reach [ACHIEVED...]|ceiling [NODE]: what no command
 * prints yet (it arrives with the export and compact ports): the Prometheus
 * gauges, compact's "reached N% of the ceiling" lines for the given free
 * blocks per zone, and cc_map_ceiling_for_nodes() for all nodes or one.
 * tests/map.sh checks them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "map.h"
#include "snapshot.h"
#include "sysroot.h"

int main(int argc, char **argv)
{
	struct cc_map_request q = { .order = -1 };
	struct cc_map_report r = { 0 };
	struct cc_snapshot s;
	struct cc_err e;
	uint64_t ach[64] = { 0 };
	int i, ret = 1;

	if (argc < 3 || cc_sysroot_set(argv[1], &e) < 0)
		return 64;
	if (!strcmp(argv[2], "ceiling")) {
		static bool sel[CC_MAX_NODE_ID + 1];
		uint64_t blocks;

		if (argc > 3)
			sel[atoi(argv[3]) & CC_MAX_NODE_ID] = true;
		if (cc_map_ceiling_for_nodes(argc > 3 ? sel : NULL, -1, &blocks, &e) < 0) {
			cc_err_print(&e);
			return 1;
		}
		printf("%llu\n", (unsigned long long)blocks);
		return 0;
	}
	cc_snapshot_init(&s);
	if (cc_snapshot_collect(&s, &e) < 0 || cc_map_collect(&s, &q, &r, &e) < 0) {
		cc_err_print(&e);
		goto out;
	}
	if (!strcmp(argv[2], "prom")) {
		cc_prom_map(stdout, &r);
	} else if (!strcmp(argv[2], "reach") && r.nzones <= 64) {
		for (i = 0; i < r.nzones && i + 3 < argc; i++)
			ach[i] = strtoull(argv[i + 3], NULL, 10);
		cc_text_map_reach(stdout, &r, ach);
	} else {
		goto out;
	}
	ret = 0;
out:
	cc_map_report_free(&r);
	cc_snapshot_free(&s);
	return ret;
}
