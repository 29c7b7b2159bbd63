// SPDX-License-Identifier: GPL-2.0-or-later
/* compactctl status and export: the fragmentation of every node and zone. */
#include <argp.h>
#include <errno.h>
#include <stdio.h>

#include "cmd.h"
#include "map.h"
#include "signals.h"
#include "snapshot.h"
#include "sources-collect.h"

struct status_args {
	const char *nodes;
	const char *order;
	const char *output;
	double trace;			/* export --trace SECONDS; 0 none */
	struct cc_lock_opts lock;	/* ... set up under the machine lock */
	int req_class;
	bool map;			/* export: the map's gauges, as root when cheap */
};

enum { OPT_OUTPUT = 0x400, OPT_TRACE, OPT_FOR, OPT_NO_MAP };

#define FOR_OPTION \
	{ "for", OPT_FOR, "CLASS", 0, \
	  "The request the verdict is about: thp (default), hugetlb, kernel, atomic, dma32, " \
	  "dma", 0 }

static const struct argp_option status_options[] = {
	{ "node", 'n', "LIST", 0, "Only these nodes (0, 0,2 or 0-3)", 0 },
	{ "order", 'o', "K", 0,
	  "The order the verdict talks about, or a size such as 2M (default: the THP order)",
	  0 },
	{ "output", OPT_OUTPUT, "FILE", 0,
	  "Write to FILE instead of stdout: a regular file is replaced atomically "
	  "(temporary file + rename); a FIFO or device is written in place", 0 },
	FOR_OPTION,
	{ 0 }
};

static const struct argp_option export_options[] = {
	{ "node", 'n', "LIST", 0, "Only these nodes (0, 0,2 or 0-3)", 0 },
	{ "output", 'o', "FILE", 0,
	  "Write to FILE instead of stdout, replaced atomically, e.g. for node_exporter's "
	  "textfile collector", 0 },
	{ "trace", OPT_TRACE, "SECONDS", 0,
	  "Also record the compaction tracepoints for SECONDS (30s, 1m; root) and add "
	  "the trace's metrics (compactctl_trace_*) over that window", 0 },
	FOR_OPTION,
	{ "no-map", OPT_NO_MAP, NULL, 0, "Leave out the map's gauges (blocks by class and "
	  "the compaction ceiling; root, at most 8M page frames)", 0 },
	{ 0 }
};

static error_t status_parse(int key, char *arg, struct argp_state *state)
{
	struct status_args *a = state->input;

	switch (key) {
	case 'n':
		a->nodes = arg;
		return 0;
	case 'o':
		a->order = arg;
		return 0;
	case OPT_OUTPUT:
		a->output = arg;
		return 0;
	case OPT_FOR:
		return cc_arg_class(state, arg, &a->req_class);
	case OPT_NO_MAP:
		a->map = false;
		return 0;
	}
	return cc_argp_default(key, arg, state);
}

static void export_defaults(void *args)
{
	((struct status_args *)args)->map = true;
}

/* export's -o is --output; --trace and the lock options are export's */
static error_t export_parse(int key, char *arg, struct argp_state *state)
{
	struct status_args *a = state->input;

	switch (key) {
	case ARGP_KEY_INIT:
		cc_argp_init_lock(state, &a->lock);
		return 0;
	case OPT_TRACE:
		return cc_arg_seconds(state, "--trace", arg, 0.01, &a->trace);
	}
	return status_parse(key == 'o' ? OPT_OUTPUT : key, arg, state);
}

static const struct argp status_argp = {
	status_options, status_parse, NULL,
	"Show the free memory of every node and zone by order, with the kernel's "
	"fragmentation metrics: unusable free space index, fragmentation index, the "
	"proactive-compaction score and watermark headroom; the page allocator's own "
	"decision for a request of the class at the order (which zone serves it, or why "
	"none can and what would help); and every other source of contiguous memory "
	"(hugetlb pools, THP and mTHP, CMA, memory pressure, zram, balloon, memory not "
	"managed yet, per-CPU lists). --format prometheus prints what export prints.",
	cc_global_children, NULL, NULL
};

static const struct argp export_argp = {
	export_options, export_parse, NULL,
	"Print the fragmentation state in the Prometheus text format (the same as "
	"'status --format prometheus'): free blocks per order, per migratetype and "
	"pageblock counts (root), the unusable free space and fragmentation indices, "
	"zone and node fragmentation scores, watermarks, boost and headroom, the "
	"allocation verdict of the class at the compaction order, the other sources of "
	"contiguous memory, and the compaction counters of /proc/vmstat, under "
	"compactctl_ with node, zone and order labels; as root, the blocks by class and "
	"the compaction ceiling of 'compactctl map' when the scan is cheap. With -o FILE "
	"the file is replaced atomically, for node_exporter's textfile collector. With "
	"--trace, the tracing instance is set up under the machine lock (--wait, --no-wait).",
	cc_lock_children, NULL, NULL
};

static int run_status(struct cc_ctx *ctx, void *args)
{
	struct status_args *a = args;
	struct cc_status_report r = { 0 };
	struct cc_trace_session ts = { .duration_s = a->trace };
	struct cc_trace_view tv = { .top = 10 };
	struct cc_map_report m = { 0 };
	struct cc_map_src src = { .kpf_fd = -1, .owner_fd = -1 };
	struct cc_sources so;
	struct cc_nodeset sel;
	struct cc_snapshot s;
	struct cc_err e;
	char why[200];
	int order, ret = EXIT_FAIL;

	/* the output file first (as root it may need privileges), the tracing
	 * instance and kpageflags for the map, then drop them all before
	 * anything is read */
	cc_snapshot_init(&s);
	cc_sources_init(&so);
	if (a->output && cc_ctx_output(ctx, a->output) < 0)
		ret = EXIT_FAIL;
	else if (a->trace)
		ret = cc_trace_setup(ctx, &ts, a->lock.wait, false);
	else
		ret = EXIT_OK;
	if (ret == EXIT_OK && a->map)
		cc_map_open(&src, &ctx->root, false);
	cc_drop_privileges();
	if (ret != EXIT_OK)
		goto out;
	ret = EXIT_FAIL;
	if (cc_snapshot_collect(&ctx->root, &s, &e) < 0 ||
	    cc_sources_collect(&ctx->root, &s, &so, &e) < 0) {
		cc_err_print(&e);
		goto out;
	}
	order = cc_default_order(&s);
	if ((a->order && cc_parse_order_arg(a->order, &s, &order) < 0) ||
	    (a->nodes && cc_select_nodes(a->nodes, &s, &sel) < 0)) {
		ret = EXIT_USAGE;
		goto out;
	}
	cc_status_report_build(&r, &s, a->nodes ? &sel : NULL, order,
			       (enum cc_req_class)a->req_class, &so);
	cc_snapshot_print_notes(&s);
	/* a kernel or a tree without kpageflags has no map to say anything of */
	if (a->map && src.kpf_err != -ENOENT) {
		if (cc_map_when_cheap(&ctx->root, &src, &s, r.nodes, CC_MAP_CHEAP_PFNS, &m, why, sizeof(why)))
			r.map = &m;
		else
			cc_warn("note: the map's gauges are left out: %s", why);
	}
	/* the trace's window follows the snapshot; a signal ends it (main
	 * restores, then dies of it) */
	if (a->trace && (cc_trace_session_run(&ts) < 0 || cc_got_signal))
		goto out;
	tv.r = a->trace ? cc_trace_session_report(&ts) : NULL;
	if (ctx->view->status(&ctx->out, &r) == 0 &&
	    (!tv.r || ctx->view->trace(&ctx->out, &tv) == 0) && cc_ctx_commit(ctx) == 0)
		ret = EXIT_OK;
out:
	cc_status_report_free(&r);
	cc_sources_free(&so);
	cc_map_close(&src);
	cc_map_report_free(&m);
	cc_snapshot_free(&s);
	if (a->trace) {
		cc_trace_session_free(&ts);
		cc_tcol_free(ts.col);
	}
	return ret;
}

const struct cc_command cc_cmd_status = {
	.name = "status", .summary = "fragmentation of every node and zone (the default)",
	.argp = &status_argp, .args_size = sizeof(struct status_args), .run = run_status,
	.formats = CC_FORMAT_TEXT | CC_FORMAT_JSON | CC_FORMAT_PROMETHEUS,
	.usage_status = EXIT_USAGE, .fail_status = EXIT_FAIL,
};

const struct cc_command cc_cmd_export = {
	.name = "export", .summary = "the Prometheus text format (-o FILE for node_exporter)",
	.argp = &export_argp, .args_size = sizeof(struct status_args),
	.defaults = export_defaults, .run = run_status,
	.formats = CC_FORMAT_PROMETHEUS, .usage_status = EXIT_USAGE, .fail_status = EXIT_FAIL,
};
