// SPDX-License-Identifier: GPL-2.0-or-later
/* compactctl status: fragmentation of every node and zone. */
#include <argp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "output.h"
#include "snapshot.h"
#include "sysroot.h"

int cc_select_nodes(const char *arg, const struct cc_snapshot *s, bool *sel)
{
	int i;

	memset(sel, 0, sizeof(bool) * (CC_MAX_NODE_ID + 1));
	if (cc_parse_list(arg, CC_MAX_NODE_ID, sel) < 0) {
		fprintf(stderr, "compactctl: --node '%s': expected a node number, list "
			"(0,2) or range (0-3)\n", arg);
		return -1;
	}
	for (i = 0; i <= CC_MAX_NODE_ID; i++) {
		if (sel[i] && !cc_node_get((struct cc_snapshot *)s, i, false)) {
			fprintf(stderr, "compactctl: --node %d: no such node (online nodes:", i);
			for (int j = 0; j < s->nnodes; j++)
				fprintf(stderr, "%s%d", j ? "," : " ", s->nodes[j].id);
			fputs(")\n", stderr);
			return -1;
		}
	}
	return 0;
}

int cc_parse_order_arg(const char *arg, const struct cc_snapshot *s, int *order)
{
	uint64_t size;
	char *end;
	long v;

	v = strtol(arg, &end, 10);
	if (end != arg && !*end) {
		if (v < 0 || v >= s->norders) {
			fprintf(stderr, "compactctl: --order %s: this kernel's orders are 0 to %d\n",
				arg, s->norders - 1);
			return -1;
		}
		*order = (int)v;
		return 0;
	}
	if (cc_parse_size(arg, &size) == 0 && size >= (uint64_t)s->page_size &&
	    size % (uint64_t)s->page_size == 0) {
		int k = cc_ilog2_exact(size / (uint64_t)s->page_size);

		if (k >= 0 && k < s->norders) {
			*order = k;
			return 0;
		}
	}
	fprintf(stderr, "compactctl: --order '%s': expected an order (0 to %d) or a "
		"power-of-two size such as 2M\n", arg, s->norders - 1);
	return -1;
}

struct status_args {
	const char *nodes;
	const char *order;
};

static const struct argp_option status_options[] = {
	{ "node", 'n', "LIST", 0, "Only these nodes (0, 0,2 or 0-3)", 0 },
	{ "order", 'o', "K", 0,
	  "The order the verdict talks about, or a size such as 2M (default: the THP order)",
	  0 },
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
	}
	return cc_argp_default(key, arg, state);
}

static const struct argp status_argp = {
	status_options, status_parse, NULL,
	"Show the free memory of every node and zone by order, with the kernel's "
	"fragmentation metrics: unusable free space index, fragmentation index, the "
	"proactive-compaction score and watermark headroom, and a verdict on the "
	"selected order.",
	cc_global_children, NULL, NULL
};

int cmd_status(int argc, char **argv)
{
	static bool sel[CC_MAX_NODE_ID + 1];
	struct status_args a = { 0 };
	struct cc_snapshot s;
	struct cc_view v = { 0 };
	struct cc_err e;
	int ret = EXIT_FAIL;

	if (argp_parse(&status_argp, argc, argv, 0, NULL, &a))
		return EXIT_USAGE;
	if (cc_apply_globals() < 0)
		return EXIT_FAIL;
	cc_snapshot_init(&s);
	if (cc_snapshot_collect(&s, &e) < 0) {
		cc_err_print(&e);
		goto out;
	}
	v.order = s.thp_order < s.norders ? s.thp_order : s.norders - 1;
	if (a.order && cc_parse_order_arg(a.order, &s, &v.order) < 0) {
		ret = EXIT_USAGE;
		goto out;
	}
	if (a.nodes) {
		if (cc_select_nodes(a.nodes, &s, sel) < 0) {
			ret = EXIT_USAGE;
			goto out;
		}
		v.nodes = sel;
	}
	v.color = cc_use_color();
	v.utf8 = cc_utf8();
	v.width = cc_term_width();
	cc_snapshot_print_notes(&s);
	if (cc_g.json) {
		cJSON *doc = cc_json_status(&s, &v);

		ret = cc_json_emit(doc) < 0 ? EXIT_FAIL : EXIT_OK;
		cJSON_Delete(doc);
	} else {
		cc_text_status(stdout, &s, &v);
		ret = EXIT_OK;
	}
	if (cc_flush_stdout())
		ret = EXIT_FAIL;
out:
	cc_snapshot_free(&s);
	return ret;
}
