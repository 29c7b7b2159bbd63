// SPDX-License-Identifier: GPL-2.0-or-later
/* compactctl map: block classes, blockers and the compaction ceiling. */
#include <argp.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd.h"
#include "map.h"
#include "snapshot.h"
#include "sysroot.h"

struct map_args {
	const char *nodes, *zone, *order, *svg;
	bool blocks;
};

enum { OPT_ZONE = 0x500, OPT_SVG, OPT_BLOCKS };

static const struct argp_option map_options[] = {
	{ "node", 'n', "LIST", 0, "Only these nodes (0, 0,2 or 0-3)", 0 },
	{ "zone", OPT_ZONE, "NAME", 0, "Only zones of this name (DMA, DMA32, Normal, ...)", 0 },
	{ "order", 'o', "K", 0, "Blocks of order K (0-18) or a size such as 2M or 1G "
	  "(default: the pageblock order)", 0 },
	{ "svg", OPT_SVG, "FILE", 0, "Also write the map as a standalone SVG to FILE", 0 },
	{ "blocks", OPT_BLOCKS, NULL, 0, "JSON: the class of every block", 0 },
	{ 0 }
};

static error_t map_parse(int key, char *arg, struct argp_state *state)
{
	struct map_args *a = state->input;

	switch (key) {
	case 'n': a->nodes = arg; return 0;
	case 'o': a->order = arg; return 0;
	case OPT_ZONE: a->zone = arg; return 0;
	case OPT_SVG: a->svg = arg; return 0;
	case OPT_BLOCKS: a->blocks = true; return 0;
	}
	return cc_argp_default(key, arg, state);
}

static const struct argp map_argp = {
	map_options, map_parse, NULL,
	"Classify every page of each zone from /proc/kpageflags (root) and every "
	"aligned block of order K: free, candidate (free and movable pages only), "
	"huge folio, blocked (with what blocks it), uninitialised, hole. Show the "
	"blockers, the compaction ceiling (the most free blocks compaction could "
	"give), Meta's pair (share of memory immovable against share of blocks "
	"holding any), a map of each zone, and with page_owner the allocation "
	"stacks of the blockers.",
	cc_global_children, NULL, NULL
};

/* --order: 0..CC_MAP_MAX_ORDER, or a power-of-two size of pages */
static int parse_order(const char *arg, long page_size, int *order)
{
	uint64_t size;
	char *end;
	long v;

	v = strtol(arg, &end, 10);
	if (end != arg && !*end) {
		if (v >= 0 && v <= CC_MAP_MAX_ORDER) {
			*order = (int)v;
			return 0;
		}
	} else if (cc_parse_size(arg, &size) == 0 && size >= (uint64_t)page_size &&
	    size % (uint64_t)page_size == 0) {
		int k = cc_ilog2_exact(size / (uint64_t)page_size);

		if (k >= 0 && k <= CC_MAP_MAX_ORDER) {
			*order = k;
			return 0;
		}
	}
	fprintf(stderr, "compactctl: --order '%s': expected an order (0 to %d) or a "
		"power-of-two size such as 2M\n", arg, CC_MAP_MAX_ORDER);
	return -1;
}

/* The SVG replaces a regular file only: never a device, never through a
 * link (rename replaces the link itself). */
static int write_svg(const char *path, const struct cc_map_report *r, struct cc_err *e)
{
	struct stat st;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	int ret;

	if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return cc_err_set(e, path, 0, "not a regular file; not replaced");
	f = open_memstream(&buf, &len);
	if (!f)
		return cc_err_set(e, path, 0, "%s", strerror(errno));
	cc_svg_map(f, r);
	if (fclose(f) == EOF) {
		free(buf);
		return cc_err_set(e, path, 0, "rendering: %s", strerror(errno));
	}
	ret = cc_write_user_file_atomic(path, buf, len, e);
	free(buf);
	return ret;
}

static int render(const struct map_args *a, const struct cc_map_report *r)
{
	struct cc_map_view v = { cc_use_color(), cc_utf8(), cc_term_width(), a->blocks };
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	if (!out)
		return EXIT_FAIL;
	if (cc_g.json) {
		cJSON *d = cc_json_map(r, &v);
		char *t = cJSON_Print(d);

		if (t)
			fprintf(out, "%s\n", t);
		free(t);
		cJSON_Delete(d);
	} else {
		cc_text_map(out, r, &v);
	}
	if (fclose(out) == EOF) {
		free(buf);
		return EXIT_FAIL;
	}
	fwrite(buf, 1, len, stdout);
	free(buf);
	return cc_flush_stdout();
}

int cmd_map(int argc, char **argv)
{
	static bool sel[CC_MAX_NODE_ID + 1];
	struct map_args a = { 0 };
	struct cc_map_request q = { .order = -1, .top_stacks = 10, .page_owner = true };
	struct cc_map_report r = { 0 };
	struct cc_snapshot s;
	struct cc_err e;
	int ret = EXIT_FAIL;

	if (argp_parse(&map_argp, argc, argv, 0, NULL, &a))
		return EXIT_USAGE;
	if (cc_apply_globals() < 0)
		return EXIT_FAIL;
	if (a.zone && cc_zone_type_index(a.zone) < 0) {
		fprintf(stderr, "compactctl: --zone '%s': not a zone name (DMA, DMA32, "
			"Normal, HighMem, Movable, Device)\n", a.zone);
		return EXIT_USAGE;
	}
	cc_drop_privileges(false);
	cc_snapshot_init(&s);
	if (cc_snapshot_collect(&s, &e) < 0) {
		cc_err_print(&e);
		goto out;
	}
	ret = EXIT_USAGE;
	if (a.order && parse_order(a.order, s.page_size, &q.order) < 0)
		goto out;
	if (a.nodes) {
		if (cc_select_nodes(a.nodes, &s, sel) < 0)
			goto out;
		q.nodes = sel;
	}
	q.zone = a.zone;
	ret = EXIT_FAIL;
	cc_snapshot_print_notes(&s);
	if (cc_map_collect(&s, &q, &r, &e) < 0 ||
	    (a.svg && write_svg(a.svg, &r, &e) < 0)) {
		cc_err_print(&e);
		goto out;
	}
	ret = render(&a, &r);
out:
	cc_map_report_free(&r);
	cc_snapshot_free(&s);
	return ret;
}
