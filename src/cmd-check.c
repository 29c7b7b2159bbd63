// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * compactctl check: one line in the monitoring-plugin convention (Nagios,
 * Icinga, Sensu, Zabbix's external checks) and its exit status:
 * 0 OK, 1 WARNING (a threshold is breached), 3 UNKNOWN (cannot tell).
 */
#include <argp.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "metrics.h"
#include "output.h"
#include "snapshot.h"

#define CHECK_OK 0
#define CHECK_WARNING 1
#define CHECK_UNKNOWN 3

static const char *const state_names[] = { "OK", "WARNING", "CRITICAL", "UNKNOWN" };

struct check_args {
	const char *nodes;
	const char *order;
	const char *min_free;
	long max_score;		/* -1 unset */
};

enum { OPT_MIN_FREE = 0x500, OPT_MAX_SCORE };

static const struct argp_option check_options[] = {
	{ "node", 'n', "LIST", 0, "Check only these nodes (default: every node with memory)", 0 },
	{ "order", 'o', "K", 0,
	  "Count free memory in blocks of this order or larger, or a size such as 2M "
	  "(default: the THP order)", 0 },
	{ "min-free", OPT_MIN_FREE, "SIZE", 0,
	  "WARNING when a node has less free memory in such blocks (e.g. 512M)", 0 },
	{ "max-score", OPT_MAX_SCORE, "S", 0,
	  "WARNING when a node's fragmentation score is above S (0-100)", 0 },
	{ 0 }
};

static error_t check_parse(int key, char *arg, struct argp_state *state)
{
	struct check_args *a = state->input;
	char *end;

	switch (key) {
	case 'n':
		a->nodes = arg;
		return 0;
	case 'o':
		a->order = arg;
		return 0;
	case OPT_MIN_FREE:
		a->min_free = arg;
		return 0;
	case OPT_MAX_SCORE:
		errno = 0;
		a->max_score = strtol(arg, &end, 10);
		if (end == arg || *end || errno || a->max_score < 0 || a->max_score > 100) {
			argp_error(state, "--max-score '%s': expected 0 to 100", arg);
			return EINVAL;
		}
		return 0;
	case ARGP_KEY_END:
		if (!a->min_free && a->max_score < 0) {
			argp_error(state, "give a threshold: --min-free SIZE and/or --max-score S");
			return EINVAL;
		}
		return 0;
	}
	return cc_argp_default(key, arg, state);
}

static const struct argp check_argp = {
	check_options, check_parse, NULL,
	"Check fragmentation against thresholds, for monitoring: prints one line, "
	"'COMPACTCTL OK - ...', 'COMPACTCTL WARNING - ...' or 'COMPACTCTL UNKNOWN - ...' "
	"with performance data, and exits 0 (OK), 1 (WARNING: a node has less free "
	"memory in blocks of the order than --min-free, or a fragmentation score above "
	"--max-score) or 3 (UNKNOWN: the files could not be read, or the score is not "
	"known).",
	cc_global_children, NULL, NULL
};

static int unknown(const char *why)
{
	if (cc_g.json) {
		cJSON *doc = cJSON_CreateObject();

		cJSON_AddStringToObject(doc, "status", "UNKNOWN");
		cJSON_AddNumberToObject(doc, "exit_code", CHECK_UNKNOWN);
		cJSON_AddStringToObject(doc, "message", why);
		cc_json_emit(doc);
		cJSON_Delete(doc);
	} else {
		printf("COMPACTCTL UNKNOWN - %s\n", why);
	}
	cc_flush_stdout();
	return CHECK_UNKNOWN;
}

int cmd_check(int argc, char **argv)
{
	static bool sel[CC_MAX_NODE_ID + 1];
	struct check_args a = { .max_score = -1 };
	char msg[4096] = "", perf[4096] = "", sz[16], b1[32], b2[32];
	size_t ml = 0, pl = 0;
	uint64_t min_free = 0;
	struct cc_root root;
	struct cc_snapshot s;
	struct cc_err e;
	cJSON *doc = NULL, *nodes = NULL;
	int order, i, state = CHECK_OK, checked = 0;

	if (argp_parse(&check_argp, argc, argv, 0, NULL, &a))
		return EXIT_USAGE;
	if (a.min_free && cc_parse_size(a.min_free, &min_free)) {
		fprintf(stderr, "compactctl: --min-free '%s': expected a size such as 512M\n",
			a.min_free);
		return EXIT_USAGE;
	}
	if (cc_apply_globals(&root) < 0)
		return EXIT_USAGE;
	cc_drop_privileges(false);
	cc_snapshot_init(&s);
	if (cc_snapshot_collect(&root, &s, &e) < 0) {
		cc_err_print(&e);
		cc_snapshot_free(&s);
		cc_root_fini(&root);
		return unknown(e.msg);
	}
	cc_root_fini(&root);
	order = s.thp_order < s.norders ? s.thp_order : s.norders - 1;
	if ((a.order && cc_parse_order_arg(a.order, &s, &order) < 0) ||
	    (a.nodes && cc_select_nodes(a.nodes, &s, sel) < 0)) {
		cc_snapshot_free(&s);
		return EXIT_USAGE;
	}
	cc_fmt_size_exact(sz, sizeof(sz), (uint64_t)s.page_size << order);
	if (cc_g.json) {
		doc = cJSON_CreateObject();
		cJSON_AddNumberToObject(doc, "order", order);
		if (a.min_free)
			cc_json_add_u64(doc, "min_free_bytes", min_free);
		if (a.max_score >= 0)
			cJSON_AddNumberToObject(doc, "max_score", (double)a.max_score);
		nodes = cJSON_AddArrayToObject(doc, "nodes");
	}
	for (i = 0; i < s.nnodes; i++) {
		const struct cc_node *n = &s.nodes[i];
		uint64_t fb = cc_node_free_at(n, s.norders, order) * (uint64_t)s.page_size;
		bool bad = false, have_score;
		int score = 0;

		if (a.nodes ? !sel[n->id] : !cc_node_has_memory(n))
			continue;
		checked++;
		have_score = cc_node_score(&s, n, s.thp_order, &score);
		cc_fmt_bytes(b1, sizeof(b1), fb);
		cc_fmt_bytes(b2, sizeof(b2), min_free);
		ml += (size_t)snprintf(msg + ml, sizeof(msg) - ml, "%snode%d order>=%d free %s",
				       ml ? ", " : "", n->id, order, b1);
		if (a.min_free) {
			bad = fb < min_free;
			ml += (size_t)snprintf(msg + ml, sizeof(msg) - ml, " %s %s",
					       bad ? "<" : ">=", b2);
		}
		pl += (size_t)snprintf(perf + pl, sizeof(perf) - pl, "%snode%d_free=%" PRIu64 "B;%s",
				       pl ? " " : "", n->id, fb, "");
		if (a.min_free)
			pl += (size_t)snprintf(perf + pl, sizeof(perf) - pl, "%" PRIu64 ":", min_free);
		if (have_score) {
			bool over = a.max_score >= 0 && score > a.max_score;

			ml += (size_t)snprintf(msg + ml, sizeof(msg) - ml, ", score %d", score);
			if (a.max_score >= 0)
				ml += (size_t)snprintf(msg + ml, sizeof(msg) - ml, " %s %ld",
						       over ? ">" : "<=", a.max_score);
			pl += (size_t)snprintf(perf + pl, sizeof(perf) - pl, " node%d_score=%d;%s",
					       n->id, score, "");
			if (a.max_score >= 0)
				pl += (size_t)snprintf(perf + pl, sizeof(perf) - pl, "%ld",
						       a.max_score);
			pl += (size_t)snprintf(perf + pl, sizeof(perf) - pl, ";;0;100");
			bad = bad || over;
		} else if (a.max_score >= 0) {
			ml += (size_t)snprintf(msg + ml, sizeof(msg) - ml,
					       ", score unknown (no zoneinfo)");
			if (state == CHECK_OK)
				state = CHECK_UNKNOWN;
		}
		if (ml >= sizeof(msg))
			ml = sizeof(msg) - 1;
		if (pl >= sizeof(perf))
			pl = sizeof(perf) - 1;
		if (bad)
			state = CHECK_WARNING;
		if (nodes) {
			cJSON *o = cJSON_CreateObject();

			cJSON_AddNumberToObject(o, "node", n->id);
			cc_json_add_u64(o, "free_bytes", fb);
			if (have_score)
				cJSON_AddNumberToObject(o, "score", score);
			else
				cJSON_AddNullToObject(o, "score");
			cJSON_AddBoolToObject(o, "ok", !bad);
			cJSON_AddItemToArray(nodes, o);
		}
	}
	if (!checked) {
		cJSON_Delete(doc);
		cc_snapshot_free(&s);
		return unknown("no node with memory to check");
	}
	if (doc) {
		cJSON_AddStringToObject(doc, "status", state_names[state]);
		cJSON_AddNumberToObject(doc, "exit_code", state);
		cJSON_AddStringToObject(doc, "message", msg);
		if (cc_json_emit(doc) < 0)
			state = CHECK_UNKNOWN;
		cJSON_Delete(doc);
	} else {
		printf("COMPACTCTL %s - %s | %s\n", state_names[state], msg, perf);
	}
	cc_snapshot_free(&s);
	if (cc_flush_stdout())
		return CHECK_UNKNOWN;
	return state;
}
