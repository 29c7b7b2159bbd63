// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * compactctl check: thresholds, for monitoring, in the plugin convention
 * (Nagios, Icinga, Sensu): one line and an exit status, 0 OK, 1 WARNING,
 * 2 CRITICAL, 3 UNKNOWN; usage errors are UNKNOWN too.
 */
#include <argp.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "snapshot.h"
#include "sources-collect.h"

struct check_args {
	const char *nodes;
	const char *order;
	int req_class;
	struct cc_check_limits lim;
	double timeout;
};

enum {
	OPT_MIN_FREE = 0x500, OPT_MAX_SCORE, OPT_CRIT_FREE, OPT_CRIT_SCORE, OPT_TIMEOUT,
	OPT_FOR, OPT_MAX, OPT_MIN, OPT_CRIT_MAX, OPT_CRIT_MIN,
};

static const struct argp_option check_options[] = {
	{ "node", 'n', "LIST", 0, "Check only these nodes (default: every node with memory)", 0 },
	{ "order", 'o', "K", 0,
	  "Count free memory in blocks of this order or larger, or a size such as 2M "
	  "(default: the THP order)", 0 },
	{ "for", OPT_FOR, "CLASS", 0,
	  "Count only the blocks a request of this class may use: thp (default), hugetlb, "
	  "kernel, atomic, dma32, dma", 0 },
	{ "min-free", OPT_MIN_FREE, "SIZE", 0,
	  "WARNING when a node has less free memory in such blocks (e.g. 512M)", 0 },
	{ "max-score", OPT_MAX_SCORE, "S", 0,
	  "WARNING when a node's fragmentation score is above S (0-100)", 0 },
	{ "critical-min-free", OPT_CRIT_FREE, "SIZE", 0,
	  "CRITICAL when a node has less free memory in such blocks", 0 },
	{ "critical-max-score", OPT_CRIT_SCORE, "S", 0,
	  "CRITICAL when a node's fragmentation score is above S (0-100)", 0 },
	{ "max", OPT_MAX, "NAME=VALUE", 0,
	  "WARNING when a source's value is above VALUE: psi_some_avg10, psi_full_avg10, "
	  "thp_fallback_no_free_block (percent), hugetlb_free_bytes, zsmalloc_freeable_bytes "
	  "(a size), cma_alloc_fail_pages, unmanaged_pages", 0 },
	{ "min", OPT_MIN, "NAME=VALUE", 0, "WARNING when a source's value is below VALUE", 0 },
	{ "critical-max", OPT_CRIT_MAX, "NAME=VALUE", 0, "CRITICAL above VALUE", 0 },
	{ "critical-min", OPT_CRIT_MIN, "NAME=VALUE", 0, "CRITICAL below VALUE", 0 },
	{ "timeout", OPT_TIMEOUT, "SECS", 0,
	  "UNKNOWN when the files cannot be read within SECS seconds (default 10)", 0 },
	{ 0 }
};

static error_t size_arg(struct argp_state *state, const char *opt, const char *arg,
			bool *set, uint64_t *out)
{
	if (cc_parse_size(arg, out)) {
		argp_error(state, "%s '%s': expected a size such as 512M", opt, arg);
		return EINVAL;
	}
	*set = true;
	return 0;
}

/* NAME=VALUE of --max, --min, --critical-max, --critical-min */
static error_t metric_arg(struct argp_state *state, const char *opt, const char *arg,
			  bool below, bool crit, struct cc_check_limits *l)
{
	struct cc_err e;

	if (cc_check_limit_parse(l, arg, below, crit, &e) == 0)
		return 0;
	argp_error(state, "%s %s", opt, e.msg);
	return EINVAL;
}

static error_t check_parse(int key, char *arg, struct argp_state *state)
{
	struct check_args *a = state->input;
	struct cc_check_limits *l = &a->lim;

	switch (key) {
	case 'n':
		a->nodes = arg;
		return 0;
	case 'o':
		a->order = arg;
		return 0;
	case OPT_MIN_FREE:
		return size_arg(state, "--min-free", arg, &l->warn_free_set, &l->warn_free);
	case OPT_CRIT_FREE:
		return size_arg(state, "--critical-min-free", arg, &l->crit_free_set, &l->crit_free);
	case OPT_MAX_SCORE:
		return cc_arg_long(state, "--max-score", arg, "a number", 0, 100, &l->warn_score);
	case OPT_CRIT_SCORE:
		return cc_arg_long(state, "--critical-max-score", arg, "a number", 0, 100, &l->crit_score);
	case OPT_TIMEOUT:
		return cc_arg_seconds(state, "--timeout", arg, 0.1, &a->timeout);
	case OPT_FOR:
		return cc_arg_class(state, arg, &a->req_class);
	case OPT_MAX:
	case OPT_MIN:
	case OPT_CRIT_MAX:
	case OPT_CRIT_MIN:
		return metric_arg(state, key == OPT_MAX ? "--max" : key == OPT_MIN ? "--min" :
				  key == OPT_CRIT_MAX ? "--critical-max" : "--critical-min", arg,
				  key == OPT_MIN || key == OPT_CRIT_MIN,
				  key == OPT_CRIT_MAX || key == OPT_CRIT_MIN, l);
	case ARGP_KEY_END:
		if (!l->warn_free_set && !l->crit_free_set && l->warn_score < 0 &&
		    l->crit_score < 0 && !l->nmetric) {
			argp_error(state, "give a threshold: --min-free SIZE, --max-score S, "
				   "--max NAME=VALUE (or their --critical- forms)");
			return EINVAL;
		}
		return 0;
	}
	return cc_argp_default(key, arg, state);
}

static void check_defaults(void *args)
{
	struct check_args *a = args;

	a->lim.warn_score = a->lim.crit_score = -1;
	a->timeout = 10;
}

static const struct argp check_argp = {
	check_options, check_parse, NULL,
	"Check fragmentation against thresholds, for monitoring: prints one line, "
	"'COMPACTCTL OK - ...' (or WARNING, CRITICAL, UNKNOWN) with performance data, "
	"and exits 0 (OK), 1 (WARNING: a node has less free memory in blocks of the "
	"order that the request class may use than --min-free, a fragmentation score "
	"above --max-score, or a source's value past its --max or --min), 2 "
	"(CRITICAL: the same against the --critical- thresholds) or 3 (UNKNOWN: the "
	"files could not be read in time, a value is not known, or the command line "
	"is wrong). /proc/pagetypeinfo is not read (it holds each zone's lock): the "
	"blocks only in HighAtomic or CMA areas are counted as usable.",
	cc_global_children, NULL, NULL
};

static int run_check(struct cc_ctx *ctx, void *args)
{
	struct check_args *a = args;
	struct cc_status_report st = { 0 };
	struct cc_check_report r;
	struct cc_sources so;
	struct cc_nodeset sel;
	struct cc_snapshot s;
	struct cc_err e;
	int order, ret = CC_CHECK_UNKNOWN;

	cc_drop_privileges();
	ctx->root.deadline = cc_monotonic() + a->timeout;
	memset(&r, 0, sizeof(r));
	r.lim = a->lim;
	cc_snapshot_init(&s);
	cc_sources_init(&so);
	/* buddyinfo and zoneinfo say all the thresholds need: pagetypeinfo,
	 * which holds each zone's lock while it is read, is left alone; the
	 * other sources only for a threshold on them */
	if (cc_snapshot_collect_ex(&ctx->root, &s, CC_COLLECT_NO_PAGETYPEINFO, &e) < 0 ||
	    (a->lim.nmetric && cc_sources_collect(&ctx->root, &s, &so, &e) < 0)) {
		cc_err_print(&e);
		cc_check_unknown(&r, e.msg);
	} else {
		order = cc_default_order(&s);
		if ((a->order && cc_parse_order_arg(a->order, &s, &order) < 0) ||
		    (a->nodes && cc_select_nodes(a->nodes, &s, &sel) < 0))
			goto out;	/* usage: UNKNOWN, said on stderr */
		cc_status_report_build(&st, &s, a->nodes ? &sel : NULL, order,
				       (enum cc_req_class)a->req_class,
				       a->lim.nmetric ? &so : NULL);
		cc_check_evaluate(&r, &st, &a->lim);
		cc_status_report_free(&st);
	}
	ret = ctx->view->check(&ctx->out, &r) == 0 && cc_ctx_commit(ctx) == 0 ? (int)r.state :
	      CC_CHECK_UNKNOWN;
out:
	cc_check_free(&r);
	cc_sources_free(&so);
	cc_snapshot_free(&s);
	return ret;
}

const struct cc_command cc_cmd_check = {
	.name = "check", .summary = "OK/WARNING/CRITICAL/UNKNOWN against thresholds",
	.argp = &check_argp, .args_size = sizeof(struct check_args),
	.defaults = check_defaults, .run = run_check,
	.formats = CC_FORMAT_TEXT | CC_FORMAT_JSON,
	.usage_status = CC_CHECK_UNKNOWN, .fail_status = CC_CHECK_UNKNOWN,
};
