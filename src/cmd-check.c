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

struct check_args {
	const char *nodes;
	const char *order;
	struct cc_check_limits lim;
	double timeout;
};

enum { OPT_MIN_FREE = 0x500, OPT_MAX_SCORE, OPT_CRIT_FREE, OPT_CRIT_SCORE, OPT_TIMEOUT };

static const struct argp_option check_options[] = {
	{ "node", 'n', "LIST", 0, "Check only these nodes (default: every node with memory)", 0 },
	{ "order", 'o', "K", 0,
	  "Count free memory in blocks of this order or larger, or a size such as 2M "
	  "(default: the THP order)", 0 },
	{ "min-free", OPT_MIN_FREE, "SIZE", 0,
	  "WARNING when a node has less free memory in such blocks (e.g. 512M)", 0 },
	{ "max-score", OPT_MAX_SCORE, "S", 0,
	  "WARNING when a node's fragmentation score is above S (0-100)", 0 },
	{ "critical-min-free", OPT_CRIT_FREE, "SIZE", 0,
	  "CRITICAL when a node has less free memory in such blocks", 0 },
	{ "critical-max-score", OPT_CRIT_SCORE, "S", 0,
	  "CRITICAL when a node's fragmentation score is above S (0-100)", 0 },
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
	case ARGP_KEY_END:
		if (!l->warn_free_set && !l->crit_free_set && l->warn_score < 0 && l->crit_score < 0) {
			argp_error(state, "give a threshold: --min-free SIZE and/or --max-score S "
				   "(or their --critical- forms)");
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
	"order than --min-free, or a fragmentation score above --max-score), 2 "
	"(CRITICAL: the same against the --critical- thresholds) or 3 (UNKNOWN: the "
	"files could not be read in time, the score is not known, or the command line "
	"is wrong). /proc/pagetypeinfo is not read: no threshold needs it.",
	cc_global_children, NULL, NULL
};

static int run_check(struct cc_ctx *ctx, void *args)
{
	struct check_args *a = args;
	struct cc_check_report r;
	struct cc_nodeset sel;
	struct cc_snapshot s;
	struct cc_err e;
	int order, ret = CC_CHECK_UNKNOWN;

	cc_drop_privileges();
	ctx->root.deadline = cc_monotonic() + a->timeout;
	memset(&r, 0, sizeof(r));
	r.lim = a->lim;
	cc_snapshot_init(&s);
	/* buddyinfo and zoneinfo say all the thresholds need: pagetypeinfo,
	 * which holds each zone's lock while it is read, is left alone */
	if (cc_snapshot_collect_ex(&ctx->root, &s, CC_COLLECT_NO_PAGETYPEINFO, &e) < 0) {
		cc_err_print(&e);
		cc_check_unknown(&r, e.msg);
	} else {
		order = cc_default_order(&s);
		if ((a->order && cc_parse_order_arg(a->order, &s, &order) < 0) ||
		    (a->nodes && cc_select_nodes(a->nodes, &s, &sel) < 0))
			goto out;	/* usage: UNKNOWN, said on stderr */
		cc_check_evaluate(&r, &s, a->nodes ? &sel : NULL, order, &a->lim);
	}
	ret = ctx->view->check(&ctx->out, &r) == 0 && cc_ctx_commit(ctx) == 0 ? (int)r.state :
	      CC_CHECK_UNKNOWN;
out:
	cc_check_free(&r);
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
