// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * compactctl compact: trigger compaction and show what it did (the engine
 * is compact.c). Under the machine lock; whatever happens (errors,
 * SIGINT/SIGTERM/SIGHUP), the tracing instance is removed before exit.
 */
#include <argp.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "signals.h"
#include "snapshot.h"

struct compact_args {
	struct cc_lock_opts lock;
	struct cc_compact_request req;
	long passes;
};

enum { OPT_DRY_RUN = 0x200, OPT_ZRAM, OPT_NO_TRACE, OPT_UNTIL, OPT_NO_MAP, OPT_MAP, OPT_NO_DRAIN };

static const struct argp_option compact_options[] = {
	{ "node", 'n', "LIST", 0, "Compact only these nodes (0, 0,2 or 0-3) through "
	  "/sys/devices/system/node/nodeN/compact; default: the whole system", 0 },
	{ "passes", 'p', "N", 0, "Repeat while a pass still gains at least one pageblock "
	  "of free memory or ended before covering a zone, at most N passes (1-100)", 0 },
	{ "until-score", OPT_UNTIL, "S", 0, "Repeat until every compacted node's "
	  "fragmentation score is at most S (0-100), or a pass gains nothing "
	  "(at most --passes, default 10)", 0 },
	{ "zram", OPT_ZRAM, NULL, 0, "Also compact every initialised zram device first "
	  "(/sys/block/zramN/compact)", 0 },
	{ "dry-run", OPT_DRY_RUN, NULL, 0, "Say what would be written where, check the "
	  "permissions, write nothing", 0 },
	{ "no-trace", OPT_NO_TRACE, NULL, 0, "Do not use the compaction tracepoints", 0 },
	{ "no-drain", OPT_NO_DRAIN, NULL, 0, "Leave the per-CPU free lists alone (by default "
	  "they are drained before the first pass and kept small until the last, "
	  "through vm.percpu_pagelist_high_fraction and vm.stat_refresh, and the "
	  "fraction is restored)", 0 },
	{ "map", OPT_MAP, NULL, 0, "Measure the passes against the ceiling of "
	  "'compactctl map' at any size (by default only when the nodes span at most "
	  "1048576 page frames: the scan costs about 0.05 s per GiB)", 0 },
	{ "no-map", OPT_NO_MAP, NULL, 0, "Do not measure the passes against the ceiling "
	  "of 'compactctl map' (scanned before the first pass when cheap)", 0 },
	{ 0 }
};

static error_t compact_parse(int key, char *arg, struct argp_state *state)
{
	struct compact_args *a = state->input;

	switch (key) {
	case ARGP_KEY_INIT:
		cc_argp_init_lock(state, &a->lock);
		return 0;
	case 'n':
		a->req.nodes = arg;
		return 0;
	case 'p':
		return cc_arg_long(state, "--passes", arg, "a number", 1, CC_COMPACT_MAX_PASSES,
				   &a->passes);
	case OPT_UNTIL:
		return cc_arg_long(state, "--until-score", arg, "a number", 0, 100,
				   &a->req.until_score);
	case OPT_ZRAM:
		a->req.zram = true;
		return 0;
	case OPT_DRY_RUN:
		a->req.dry_run = true;
		return 0;
	case OPT_NO_TRACE:
		a->req.trace = false;
		return 0;
	case OPT_NO_MAP:
		a->req.map = false;
		return 0;
	case OPT_MAP:
		a->req.map = a->req.map_always = true;
		return 0;
	case OPT_NO_DRAIN:
		a->req.drain = false;
		return 0;
	}
	return cc_argp_default(key, arg, state);
}

static void compact_defaults(void *args)
{
	struct compact_args *a = args;

	a->req.until_score = -1;
	a->req.trace = true;
	a->req.map = true;
	a->req.drain = true;
}

static const struct argp compact_argp = {
	compact_options, compact_parse, NULL,
	"Trigger compaction of the whole system (/proc/sys/vm/compact_memory) or of "
	"nodes, and show what it did: free blocks per order before, after and the "
	"delta, the unusable and fragmentation indices and the fragmentation score, "
	"the /proc/vmstat deltas, and per zone how far the scanners got and why they "
	"stopped (compaction tracepoints, root), and how far each pass got against "
	"the ceiling of 'compactctl map' (root, when the nodes span at most 8M page "
	"frames). With --passes or --until-score it "
	"repeats while a pass still gains at least one pageblock of free memory in "
	"blocks of the pageblock order or larger. One compactctl at a time changes "
	"the machine: another one waits (--wait, --no-wait).",
	cc_lock_children, NULL, NULL
};

static int run_compact(struct cc_ctx *ctx, void *args)
{
	struct compact_args *a = args;
	struct cc_compact c;
	struct cc_err e;
	int r, ret = EXIT_FAIL;

	a->req.passes = (int)a->passes;
	cc_signals_catch();
	/* the lock, the files to write and the tracing instance while we have
	 * the privileges; none is needed after, to parse and compact */
	if (!a->req.dry_run && (r = cc_ctx_lock(ctx, a->lock.wait)))
		return r;
	if ((r = cc_compact_prepare(&c, &ctx->root, &a->req, &e)) < 0) {
		ret = cc_fail(r, &e);
		goto out;
	}
	cc_drop_privileges();
	if ((r = cc_compact_plan(&c, &e)) < 0) {
		ret = cc_fail(r, &e);
		goto out;
	}
	r = cc_compact_check(&c, &e);
	if (a->req.dry_run) {
		/* what would be written where; the first refusal on stderr */
		ret = ctx->view->compact(&ctx->out, &c.rep) || cc_ctx_commit(ctx) ? EXIT_FAIL :
		      EXIT_OK;
		if (r < 0)
			ret = cc_fail(r, &e);
		goto out;
	}
	if (r < 0) {
		ret = cc_fail(r, &e);
		goto out;
	}
	cc_snapshot_print_notes(&c.rep.snap[0]);
	r = cc_compact_run(&c, &e);
	if (r < 0)
		cc_err_print(&e);
	/* the passes done are worth showing, but never half a document */
	if ((r == 0 || (c.rep.npasses && ctx->view == &cc_view_text)) &&
	    ctx->view->compact(&ctx->out, &c.rep) == 0 && cc_ctx_commit(ctx) == 0 && r == 0)
		ret = EXIT_OK;
	if (c.rep.signal) {
		cc_warn("interrupted by %s after %d pass%s%s", strsignal(c.rep.signal),
			c.rep.npasses, c.rep.npasses == 1 ? "" : "es",
			c.rep.partial ? "; the last pass may be partial" : "");
		ret = EXIT_FAIL;
	}
out:
	cc_compact_free(&c);
	return ret;
}

const struct cc_command cc_cmd_compact = {
	.name = "compact", .summary = "trigger compaction and show what it did",
	.argp = &compact_argp, .args_size = sizeof(struct compact_args),
	.defaults = compact_defaults, .run = run_compact,
	.formats = CC_FORMAT_TEXT | CC_FORMAT_JSON,
	.usage_status = EXIT_USAGE, .fail_status = EXIT_FAIL,
};
