// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * compactctl watch: a live view of fragmentation and compaction, with
 * curses (watch-tui.c), or one frame per interval (--batch) through the
 * view table. The model and its sampling are watch.c.
 */
#include <argp.h>
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include "cmd.h"
#include "signals.h"
#include "snapshot.h"
#include "tui.h"

struct watch_args {
	double interval;
	long count;		/* frames in batch mode, 0 forever */
	bool batch;
	bool pages;
	double pti_interval;	/* 0: never read pagetypeinfo */
	const char *nodes;
	const char *order;
};

enum { OPT_NODE = 0x200, OPT_PAGES, OPT_PTI };

static const struct argp_option watch_options[] = {
	{ "interval", 'i', "SEC", 0, "Seconds between frames (default 1, at least 0.1)", 0 },
	{ "batch", 'b', NULL, 0, "No curses: print a text frame per interval (like top -b)", 0 },
	{ "iterations", 'n', "N", 0, "Stop after N frames (default: until interrupted)", 0 },
	{ "node", OPT_NODE, "LIST", 0, "Only these nodes (0, 0,2 or 0-3)", 0 },
	{ "order", 'o', "K", 0,
	  "The order the indices talk about, or a size such as 2M (default: the THP order)",
	  0 },
	{ "pages", OPT_PAGES, NULL, 0, "Show pages instead of bytes (key b toggles)", 0 },
	{ "pagetypeinfo-interval", OPT_PTI, "SEC", 0,
	  "Read /proc/pagetypeinfo at most every SEC seconds (default 60; 0 never): "
	  "it holds each zone's lock while it is read", 0 },
	{ 0 }
};

static error_t watch_parse(int key, char *arg, struct argp_state *state)
{
	struct watch_args *a = state->input;

	switch (key) {
	case 'i':
		return cc_arg_seconds(state, "--interval", arg, 0.1, &a->interval);
	case 'b':
		a->batch = true;
		return 0;
	case 'n':
		return cc_arg_long(state, "--iterations", arg, "a count", 1, 100000000, &a->count);
	case OPT_NODE:
		a->nodes = arg;
		return 0;
	case 'o':
		a->order = arg;
		return 0;
	case OPT_PAGES:
		a->pages = true;
		return 0;
	case OPT_PTI:
		if (cc_arg_seconds(state, "--pagetypeinfo-interval", arg, 0, &a->pti_interval))
			return EINVAL;
		if (a->pti_interval > 0 && a->pti_interval < 1)
			a->pti_interval = 1;
		return 0;
	}
	return cc_argp_default(key, arg, state);
}

static void watch_defaults(void *args)
{
	struct watch_args *a = args;

	a->interval = 1;
	/* the pageblock counts by type move slowly, and one read cost as
	 * much as six frames (issue 14 goal 5: <= 3x vmstat's CPU) */
	a->pti_interval = 60;
}

static const struct argp watch_argp = {
	watch_options, watch_parse, NULL,
	"Watch fragmentation live: free memory per order and zone with the change "
	"since the previous frame, the unusable and fragmentation indices at the "
	"selected order, watermarks and boost, each node's fragmentation score with "
	"its history, and system-wide compaction rates from /proc/vmstat. Keys: q quit, "
	"space pause, o and O order, n node, b bytes or pages, c compact the node (root; "
	"not while another compactctl changes the machine), ? help. With --batch, one "
	"text frame per interval (with --json, one JSON document per line).",
	cc_global_children, NULL, NULL
};

/* a batch frame: the notes once, then the frame, whole */
static int emit(void *arg, struct cc_watch *w)
{
	struct cc_ctx *ctx = arg;

	if (!w->notes_shown) {
		cc_snapshot_print_notes(&w->cur);
		w->notes_shown = true;
	}
	return ctx->view->watch_frame(&ctx->out, w) < 0 || cc_ctx_commit(ctx) < 0 ? -1 : 0;
}

static int run_watch(struct cc_ctx *ctx, void *args)
{
	struct watch_args *a = args;
	struct cc_watch_triggers t = { 0 };
	struct cc_watch w;
	struct cc_nodeset sel;
	struct cc_err e;
	int ret = EXIT_USAGE;

	if (!a->batch && (ctx->view != &cc_view_text || !isatty(STDIN_FILENO) ||
			  !isatty(STDOUT_FILENO))) {
		cc_warn(ctx->view != &cc_view_text ? "watch: --json needs --batch (one JSON "
			"document per frame and line)" : "watch: the live view needs a terminal; "
			"use --batch for pipes and logs");
		return EXIT_USAGE;
	}
	/* the c key's files and the lock while we may open them */
	if (!a->batch)
		cc_watch_triggers_open(&t, &ctx->root);
	cc_drop_privileges();
	cc_watch_init(&w, &ctx->root, a->interval, a->pti_interval);
	w.pages = a->pages;
	/* the first sample validates the files, --node and --order */
	if (cc_watch_sample(&w, &e) < 0) {
		cc_err_print(&e);
		ret = EXIT_FAIL;
		goto out;
	}
	w.order = cc_default_order(&w.cur);
	if ((a->order && cc_parse_order_arg(a->order, &w.cur, &w.order) < 0) ||
	    (a->nodes && cc_select_nodes(a->nodes, &w.cur, &sel) < 0))
		goto out;
	w.nodes = a->nodes ? &sel : NULL;
	w.node = cc_watch_first_node(&w);
	cc_signals_catch();
	if (!a->batch) {
		ret = cc_watch_tui(&w, &t, ctx->color_allowed);
	} else {
		ret = cc_watch_batch(&w, a->count, emit, ctx, &e);
		if (ret < 0 && ret != -EIO)	/* a sample failed; the frames before are whole */
			cc_err_print(&e);
		ret = ret < 0 ? EXIT_FAIL : EXIT_OK;
	}
out:
	cc_watch_free(&w);
	if (!a->batch)
		cc_watch_triggers_close(&t);
	return ret;
}

const struct cc_command cc_cmd_watch = {
	.name = "watch", .summary = "live view (curses), or text frames with --batch",
	.argp = &watch_argp, .args_size = sizeof(struct watch_args),
	.defaults = watch_defaults, .run = run_watch,
	.formats = CC_FORMAT_TEXT | CC_FORMAT_JSON,
	.usage_status = EXIT_USAGE, .fail_status = EXIT_FAIL,
};
