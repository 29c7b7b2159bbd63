// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * compactctl probe: how many huge pages can the kernel give now, per node?
 * (the engine is probe.c). Under the machine lock; every pool goes back to
 * its size before, on every path, unless someone else changed it meanwhile.
 */
#include <argp.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "signals.h"

struct probe_args {
	struct cc_lock_opts lock;
	struct cc_probe_request req;
};

enum { OPT_DRY_RUN = 0x300, OPT_FORCE };

static const struct argp_option probe_options[] = {
	{ "node", 'n', "LIST", 0, "Probe only these nodes (default: every node with memory)", 0 },
	{ "size", 's', "SIZE", 0, "Huge page size, e.g. 2M or 1G (default: 2M, else the smallest)", 0 },
	{ "percent", 'p', "P", 0,
	  "Try to allocate P% of the node's memory (default: the free memory above the "
	  "high watermarks)", 0 },
	{ "step", 'S', "P", 0, "Grow in steps of P% of memory, timing each (with --percent)", 0 },
	{ "dry-run", OPT_DRY_RUN, NULL, 0, "Say what would be written where; write nothing", 0 },
	{ "force", OPT_FORCE, NULL, 0,
	  "Probe even when applications use the pool of that size", 0 },
	{ 0 }
};

static error_t probe_parse(int key, char *arg, struct argp_state *state)
{
	struct probe_args *a = state->input;

	switch (key) {
	case ARGP_KEY_INIT:
		cc_argp_init_lock(state, &a->lock);
		return 0;
	case 'n':
		a->req.nodes = arg;
		return 0;
	case 's':
		a->req.size = arg;
		return 0;
	case 'p':
		return cc_arg_long(state, "--percent", arg, "a percentage", 1, 100, &a->req.percent);
	case 'S':
		return cc_arg_long(state, "--step", arg, "a percentage", 1, 100, &a->req.step);
	case OPT_DRY_RUN:
		a->req.dry_run = true;
		return 0;
	case OPT_FORCE:
		a->req.force = true;
		return 0;
	case ARGP_KEY_END:
		if (a->req.step && a->req.percent < 0) {
			argp_error(state, "--step needs --percent");
			return EINVAL;
		}
		return 0;
	}
	return cc_argp_default(key, arg, state);
}

static void probe_defaults(void *args)
{
	((struct probe_args *)args)->req.percent = -1;
}

static const struct argp probe_argp = {
	probe_options, probe_parse, NULL,
	"Try to allocate huge pages from the hugetlb pool of each node (root), report "
	"how many the kernel granted out of how many were attempted, how long it took "
	"and the /proc/vmstat deltas that explain it (compaction, direct reclaim, "
	"migration), then give every page back: the pool is restored to its size "
	"before the probe on every path, also on errors, SIGINT and SIGTERM, unless "
	"something else changed it meanwhile. One compactctl at a time changes the "
	"machine: another one waits (--wait, --no-wait).",
	cc_lock_children, NULL, NULL
};

static int run_probe(struct cc_ctx *ctx, void *args)
{
	struct probe_args *a = args;
	struct cc_probe_report p;
	struct cc_err e;
	int r, ret = EXIT_FAIL;

	cc_signals_catch();
	if (!a->req.dry_run && (r = cc_ctx_lock(ctx, a->lock.wait)))
		return r;
	/* the pool files opened while we may write them; then no privilege */
	r = cc_probe_prepare(&p, &ctx->root, &a->req, &e);
	cc_drop_privileges();
	if (r < 0 || (r = cc_probe_plan(&p, &ctx->root, &e)) < 0) {
		ret = cc_fail(r, &e);
		goto out;
	}
	r = cc_probe_check(&p, &ctx->root, &e);
	if (a->req.dry_run) {
		ret = ctx->view->probe(&ctx->out, &p) || cc_ctx_commit(ctx) ? EXIT_FAIL : EXIT_OK;
		if (r < 0 && r != -EBUSY)
			ret = cc_fail(r, &e);
		goto out;
	}
	if (r < 0) {
		ret = cc_fail(r, &e);
		goto out;
	}
	r = cc_probe_run(&p, &ctx->root, &e);
	if (r < 0 && !p.signal)
		cc_err_print(&e);
	ret = r < 0 || !cc_probe_all_restored(&p) ? EXIT_FAIL : EXIT_OK;
	for (int i = 0; i < p.nnp; i++)
		if (p.np[i].started && p.np[i].saved.outcome != CC_RESTORE_DONE)
			cc_warn("%s", p.np[i].saved.why);
	if (ctx->view->probe(&ctx->out, &p) || cc_ctx_commit(ctx))
		ret = EXIT_FAIL;
	if (p.signal) {
		cc_warn("interrupted by %s; %s", strsignal(p.signal), cc_probe_all_restored(&p) ?
			"every probed pool was restored" : "a pool could not be restored");
		ret = EXIT_FAIL;
	}
out:
	cc_probe_free(&p);
	return ret;
}

const struct cc_command cc_cmd_probe = {
	.name = "probe", .summary = "how many huge pages can be allocated now, per node (root)",
	.argp = &probe_argp, .args_size = sizeof(struct probe_args),
	.defaults = probe_defaults, .run = run_probe,
	.formats = CC_FORMAT_TEXT | CC_FORMAT_JSON,
	.usage_status = EXIT_USAGE, .fail_status = EXIT_FAIL,
};
