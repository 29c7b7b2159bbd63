// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * compactctl map: block classes, blockers and the compaction ceiling (the
 * engine is map-*.c, the views out-map.c). It reads; it changes nothing in
 * the kernel (a debugfs it mounts for page_owner is private to it), so it
 * takes no lock.
 */
#include <argp.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "map.h"
#include "snapshot.h"

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
	{ "svg", OPT_SVG, "FILE", 0, "Also write the map as a standalone SVG to FILE "
	  "(replaced atomically; a FIFO or device written in place)", 0 },
	{ "blocks", OPT_BLOCKS, NULL, 0, "JSON: the class of every block", 0 },
	{ 0 }
};

static error_t map_parse(int key, char *arg, struct argp_state *state)
{
	struct map_args *a = state->input;

	switch (key) {
	case 'n': a->nodes = arg; return 0;
	case 'o': a->order = arg; return 0;
	case OPT_SVG: a->svg = arg; return 0;
	case OPT_BLOCKS: a->blocks = true; return 0;
	case OPT_ZONE:
		if (cc_zone_type_index(arg) < 0) {
			argp_error(state, "--zone '%s': not a zone name (DMA, DMA32, Normal, "
				   "HighMem, Movable, Device)", arg);
			return EINVAL;
		}
		a->zone = arg;
		return 0;
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

/* The SVG, rendered whole, then put in place by the output-file rules */
static int write_svg(struct cc_ctx *ctx, struct cc_outfile *svg, const struct cc_map_report *r)
{
	struct cc_out o = ctx->out;
	struct cc_err e;
	char *buf = NULL;
	size_t len = 0;
	int ret;

	o.f = open_memstream(&buf, &len);
	if (!o.f)
		return cc_warn("%s: %s", svg->path, strerror(errno)), -1;
	ret = cc_svg_map(&o, r);
	if (fclose(o.f) == EOF || ret < 0) {
		free(buf);
		cc_outfile_abort(svg);
		return cc_warn("%s: rendering: %s", svg->path, strerror(errno)), -1;
	}
	ret = cc_outfile_commit(svg, buf, len, &e);
	free(buf);
	if (ret < 0)
		cc_err_print(&e);
	return ret;
}

static int run_map(struct cc_ctx *ctx, void *args)
{
	struct map_args *a = args;
	struct cc_map_request q = { .order = -1, .top_stacks = 10, .blocks = a->blocks };
	struct cc_map_report r = { 0 };
	struct cc_outfile svg;
	struct cc_map_src src;
	struct cc_nodeset sel;
	struct cc_snapshot s;
	struct cc_err e;
	bool have_svg = false;
	int ret = EXIT_USAGE, rc;

	/* what needs privileges first: the SVG's temporary file, kpageflags,
	 * page_owner (and the debugfs it is on) */
	if (a->svg) {
		if (cc_outfile_open(&svg, a->svg, &e) < 0)
			return cc_fail(-1, &e);
		have_svg = true;
	}
	cc_map_open(&src, &ctx->root, true);
	cc_drop_privileges();
	cc_snapshot_init(&s);
	if ((rc = cc_snapshot_collect_ex(&ctx->root, &s, CC_COLLECT_NO_PAGETYPEINFO, &e)) < 0) {
		ret = cc_fail(rc, &e);
		goto out;
	}
	if ((a->order && cc_parse_order_upto(a->order, &s, CC_MAP_MAX_ORDER, &q.order) < 0) ||
	    (a->nodes && cc_select_nodes(a->nodes, &s, &sel) < 0))
		goto out;
	q.nodes = a->nodes ? &sel : NULL;
	q.zone = a->zone;
	ret = EXIT_FAIL;
	cc_snapshot_print_notes(&s);
	if ((rc = cc_map_collect(&ctx->root, &src, &s, &q, &r, &e)) < 0) {
		cc_err_print(&e);
		goto out;
	}
	if (have_svg) {
		have_svg = false;
		if (write_svg(ctx, &svg, &r) < 0)
			goto out;
	}
	if (ctx->view->map(&ctx->out, &r) == 0 && cc_ctx_commit(ctx) == 0)
		ret = EXIT_OK;
out:
	if (have_svg)
		cc_outfile_abort(&svg);
	cc_map_close(&src);
	cc_map_report_free(&r);
	cc_snapshot_free(&s);
	return ret;
}

const struct cc_command cc_cmd_map = {
	.name = "map", .summary = "what blocks compaction, block by block, and its ceiling",
	.argp = &map_argp, .args_size = sizeof(struct map_args), .run = run_map,
	.formats = CC_FORMAT_TEXT | CC_FORMAT_JSON | CC_FORMAT_PROMETHEUS,
	.usage_status = EXIT_USAGE, .fail_status = EXIT_FAIL,
};
