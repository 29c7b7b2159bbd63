// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sources-dump DIR FORMAT: collect a sysroot tree (or the live system when
 * DIR is "-") and print the sources report as FORMAT: text, json or prom.
 * Stands in for status/export until the port wires the report into them.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "output.h"
#include "snapshot.h"
#include "sources-collect.h"
#include "sources-report.h"
#include "sysroot.h"

int main(int argc, char **argv)
{
	struct cc_sources_view o = { .width = 80 };
	struct cc_sources_report r;
	struct cc_snapshot s;
	struct cc_err e;
	int i, rc = 0;

	if (argc != 3) {
		fputs("usage: sources-dump DIR|- text|json|prom\n", stderr);
		return 64;
	}
	if (strcmp(argv[1], "-") && cc_sysroot_set(argv[1], &e)) {
		cc_err_print(&e);
		return 1;
	}
	cc_snapshot_init(&s);
	s.sources = xcalloc(1, sizeof(*s.sources));
	cc_sources_init(s.sources);
	/* a tree of source files only: no buddy files, an empty snapshot */
	if (cc_exists("/proc/buddyinfo") == -ENOENT && cc_exists("/proc/pagetypeinfo") == -ENOENT)
		s.page_size_src = CC_SRC_UNKNOWN;
	else if (cc_snapshot_collect(&s, &e)) {
		cc_err_print(&e);
		cc_snapshot_free(&s);
		return 1;
	}
	if (cc_sources_collect(&s, s.sources, &e)) {
		cc_err_print(&e);
		cc_snapshot_free(&s);
		return 1;
	}
	cc_sources_report_build(&s, s.sources, &r);
	if (!strcmp(argv[2], "text")) {
		for (i = 0; i < s.nnodes; i++) {
			printf("Node %d\n", s.nodes[i].id);
			cc_text_zone_memory(stdout, &r, s.nodes[i].id, &o);
		}
		cc_text_sources(stdout, &r, &o);
	} else if (!strcmp(argv[2], "json")) {
		cJSON *doc = cc_json_sources(&r);

		rc = cc_json_emit(doc) ? 1 : 0;
		cJSON_Delete(doc);
	} else if (!strcmp(argv[2], "prom")) {
		cc_prom_sources(stdout, &r);
	} else if (!strcmp(argv[2], "check")) {
		for (i = 0; i < cc_sources_nmetrics; i++) {
			double v;

			if (cc_sources_metrics[i].get(&r, &v))
				printf("%s %.2f %s\n", cc_sources_metrics[i].name, v,
				       cc_sources_metrics[i].unit);
			else
				printf("%s unknown\n", cc_sources_metrics[i].name);
		}
	} else {
		fputs("sources-dump: FORMAT is text, json, prom or check\n", stderr);
		rc = 64;
	}
	cc_sources_report_free(&r);
	cc_snapshot_free(&s);
	return rc;
}
