// SPDX-License-Identifier: GPL-2.0-or-later
/* compactctl snapshot (one JSON document of every raw count) and
 * compactctl diff A B (two snapshots or raw buddyinfo captures, any mix). */
#include <argp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "output.h"
#include "snapshot-json.h"
#include "snapshot.h"

static const struct argp snapshot_argp = {
	NULL, cc_argp_default, NULL,
	"Print one JSON document with every raw count status reads (buddyinfo, "
	"pagetypeinfo, zoneinfo, vmstat, knobs), a timestamp and the kernel release, "
	"for 'compactctl diff'. The output is JSON with or without --json.",
	cc_global_children, NULL, NULL
};

int cmd_snapshot(int argc, char **argv)
{
	struct cc_root root;
	struct cc_snapshot s;
	struct cc_err e;
	int ret = EXIT_FAIL;
	cJSON *doc;

	if (argp_parse(&snapshot_argp, argc, argv, 0, NULL, NULL))
		return EXIT_USAGE;
	if (cc_apply_globals(&root) < 0)
		return EXIT_FAIL;
	cc_drop_privileges(false);
	cc_snapshot_init(&s);
	if (cc_snapshot_collect(&root, &s, &e) < 0) {
		cc_err_print(&e);
		goto out;
	}
	cc_snapshot_print_notes(&s);
	doc = cc_snapshot_to_json(&s);
	ret = cc_json_emit(doc) < 0 ? EXIT_FAIL : EXIT_OK;
	cJSON_Delete(doc);
	if (cc_flush_stdout())
		ret = EXIT_FAIL;
out:
	cc_snapshot_free(&s);
	cc_root_fini(&root);
	return ret;
}

struct diff_args {
	const char *files[2];
	int nfiles;
	const char *nodes;
};

static const struct argp_option diff_options[] = {
	{ "node", 'n', "LIST", 0, "Only these nodes (0, 0,2 or 0-3)", 0 },
	{ 0 }
};

static error_t diff_parse(int key, char *arg, struct argp_state *state)
{
	struct diff_args *a = state->input;

	switch (key) {
	case 'n':
		a->nodes = arg;
		return 0;
	case ARGP_KEY_ARG:
		if (a->nfiles == 2) {
			argp_error(state, "unexpected argument '%s'", arg);
			return EINVAL;
		}
		a->files[a->nfiles++] = arg;
		return 0;
	case ARGP_KEY_END:
		if (a->nfiles != 2) {
			argp_error(state, "needs two files: BEFORE and AFTER");
			return EINVAL;
		}
		return 0;
	}
	return cc_argp_default(key, arg, state);
}

static const struct argp diff_argp = {
	diff_options, diff_parse, "BEFORE AFTER",
	"Compare two moments: each file is a 'compactctl snapshot' document or a raw "
	"/proc/buddyinfo capture (any mix). Prints free blocks per order before, after "
	"and the delta for every zone, with the unusable free space and fragmentation "
	"indices, the fragmentation score and the /proc/vmstat deltas. A raw buddyinfo "
	"capture carries no page size or pageblock order: 4K pages and order 9 are "
	"assumed (and said so).",
	cc_global_children, NULL, NULL
};

static void json_side(cJSON *doc, const char *key, const char *file,
		      const struct cc_snapshot *s)
{
	cJSON *o = cJSON_AddObjectToObject(doc, key);

	cJSON_AddStringToObject(o, "file", file);
	if (s->kernel[0])
		cJSON_AddStringToObject(o, "kernel", s->kernel);
	else
		cJSON_AddNullToObject(o, "kernel");
	if (s->taken.tv_sec)
		cJSON_AddNumberToObject(o, "unix_time", (double)s->taken.tv_sec +
					(double)s->taken.tv_nsec / 1e9);
	else
		cJSON_AddNullToObject(o, "unix_time");
}

static void text_header(FILE *out, const char *fa, const char *fb,
			const struct cc_snapshot *a, const struct cc_snapshot *b)
{
	char ps[16], cs[16];

	fprintf(out, "before: %s%s%s%s\n", fa, a->kernel[0] ? " (Linux " : "", a->kernel,
		a->kernel[0] ? ")" : "");
	fprintf(out, "after:  %s%s%s%s", fb, b->kernel[0] ? " (Linux " : "", b->kernel,
		b->kernel[0] ? ")" : "");
	if (a->taken.tv_sec && b->taken.tv_sec)
		fprintf(out, ", %.1f s later", (double)(b->taken.tv_sec - a->taken.tv_sec) +
			(double)(b->taken.tv_nsec - a->taken.tv_nsec) / 1e9);
	fputc('\n', out);
	cc_fmt_size_exact(ps, sizeof(ps), (uint64_t)b->page_size);
	cc_fmt_size_exact(cs, sizeof(cs), (uint64_t)b->page_size << b->thp_order);
	fprintf(out, "%s pages%s, compaction order %d (%s)%s\n\n", ps,
		b->page_size_src == CC_SRC_ASSUMED || a->page_size_src == CC_SRC_ASSUMED ?
		" (assumed)" : "", b->thp_order, cs,
		b->thp_order_src == CC_SRC_ASSUMED || a->thp_order_src == CC_SRC_ASSUMED ?
		" (assumed: raw buddyinfo has no page size)" : "");
}

int cmd_diff(int argc, char **argv)
{
	static bool sel[CC_MAX_NODE_ID + 1];
	struct diff_args a = { 0 };
	struct cc_root root;
	struct cc_snapshot s[2];
	struct cc_view v = { 0 };
	struct cc_err e;
	int ret = EXIT_FAIL, i;

	if (argp_parse(&diff_argp, argc, argv, 0, NULL, &a))
		return EXIT_USAGE;
	if (cc_apply_globals(&root) < 0)
		return EXIT_FAIL;
	cc_root_fini(&root);
	cc_drop_privileges(false);
	cc_snapshot_init(&s[0]);
	cc_snapshot_init(&s[1]);
	for (i = 0; i < 2; i++) {
		if (cc_snapshot_load(&s[i], a.files[i], &e) < 0) {
			cc_err_print(&e);
			goto out;
		}
	}
	if (s[0].norders != s[1].norders || s[0].page_size != s[1].page_size) {
		fprintf(stderr, "compactctl: %s: %d orders of %ld-byte pages, but %s has %d "
			"orders of %ld-byte pages: not the same machine\n", a.files[1],
			s[1].norders, s[1].page_size, a.files[0], s[0].norders, s[0].page_size);
		goto out;
	}
	if (a.nodes) {
		if (cc_select_nodes(a.nodes, &s[1], sel) < 0) {
			ret = EXIT_USAGE;
			goto out;
		}
		v.nodes = sel;
	}
	v.color = cc_use_color();
	v.utf8 = cc_utf8();
	v.width = cc_term_width();
	v.order = s[1].thp_order;
	if (cc_g.json) {
		cJSON *doc = cJSON_CreateObject();

		json_side(doc, "before", a.files[0], &s[0]);
		json_side(doc, "after", a.files[1], &s[1]);
		cJSON_AddNumberToObject(doc, "page_size", (double)s[1].page_size);
		cJSON_AddNumberToObject(doc, "compaction_order", s[1].thp_order);
		cJSON_AddBoolToObject(doc, "assumed_geometry",
				      s[0].thp_order_src == CC_SRC_ASSUMED ||
				      s[1].thp_order_src == CC_SRC_ASSUMED);
		cc_json_compare(doc, &s[0], &s[1], &v);
		ret = cc_json_emit(doc) < 0 ? EXIT_FAIL : EXIT_OK;
		cJSON_Delete(doc);
	} else {
		text_header(stdout, a.files[0], a.files[1], &s[0], &s[1]);
		cc_text_compare(stdout, &s[0], &s[1], &v);
		if (s[0].have_vmstat && s[1].have_vmstat)
			cc_text_vmstat_delta(stdout, &s[0], &s[1]);
		ret = EXIT_OK;
	}
	if (cc_flush_stdout())
		ret = EXIT_FAIL;
out:
	cc_snapshot_free(&s[0]);
	cc_snapshot_free(&s[1]);
	return ret;
}
