// SPDX-License-Identifier: GPL-2.0-or-later
/* compactctl diff A B: two snapshots or raw buddyinfo captures, any mix. */
#include <argp.h>
#include <stdio.h>

#include "cmd.h"
#include "snapshot-json.h"

struct diff_args {
	const char *files[2];
	int nfiles;
	const char *nodes;
};

static const struct argp_option diff_options[] = {
	{ "node", 'n', "LIST", 0, "Only these nodes (0, 0,2 or 0-3)", 0 },
	{ 0 }
};

static error_t diff_parse(int key, char *arg, struct argp_state *state)
{
	struct diff_args *a = state->input;

	switch (key) {
	case 'n':
		a->nodes = arg;
		return 0;
	case ARGP_KEY_ARG:
		if (a->nfiles == 2) {
			argp_error(state, "unexpected argument '%s'", arg);
			return EINVAL;
		}
		a->files[a->nfiles++] = arg;
		return 0;
	case ARGP_KEY_END:
		if (a->nfiles != 2) {
			argp_error(state, "needs two files: BEFORE and AFTER");
			return EINVAL;
		}
		return 0;
	}
	return cc_argp_default(key, arg, state);
}

static const struct argp diff_argp = {
	diff_options, diff_parse, "BEFORE AFTER",
	"Compare two moments: each file is a 'compactctl snapshot' document or a raw "
	"/proc/buddyinfo capture (any mix). Prints free blocks per order before, after "
	"and the delta for every zone, with the unusable free space and fragmentation "
	"indices, the fragmentation score and the /proc/vmstat deltas; a node in one "
	"file only is shown against nothing. A raw buddyinfo capture carries no page "
	"size or pageblock order: 4K pages and order 9 are assumed (and said so).",
	cc_global_children, NULL, NULL
};

/* a selected node in neither file: -EINVAL with e naming it */
static int missing(const struct cc_nodeset *sel, const struct cc_snapshot *s,
		   struct cc_err *e)
{
	int id;

	for (id = cc_nodeset_next(sel, 0); id >= 0; id = cc_nodeset_next(sel, id + 1))
		if (!cc_node_find(&s[0], id) && !cc_node_find(&s[1], id)) {
			struct cc_nodeset one = { { 0 } };

			cc_nodeset_add(&one, id);
			return cc_nodes_check(&one, &s[1], e);
		}
	return 0;
}

static int run_diff(struct cc_ctx *ctx, void *args)
{
	struct diff_args *a = args;
	struct cc_diff_report r = { .file = { a->files[0], a->files[1] } };
	struct cc_snapshot s[2];
	struct cc_nodeset sel;
	struct cc_err e;
	int ret = EXIT_FAIL, i;

	cc_drop_privileges();
	cc_snapshot_init(&s[0]);
	cc_snapshot_init(&s[1]);
	for (i = 0; i < 2; i++) {
		if (cc_snapshot_load(&s[i], a->files[i], &e) < 0) {
			cc_err_print(&e);
			goto out;
		}
		r.snap[i] = &s[i];
	}
	if (s[0].norders != s[1].norders || s[0].page_size != s[1].page_size) {
		cc_warn("%s: %d orders of %ld-byte pages, but %s has %d orders of %ld-byte "
			"pages: not the same machine", a->files[1], s[1].norders, s[1].page_size,
			a->files[0], s[0].norders, s[0].page_size);
		goto out;
	}
	if (a->nodes) {
		if (cc_nodes_parse(a->nodes, &sel, &e) < 0 || missing(&sel, s, &e) < 0) {
			cc_err_print(&e);
			ret = EXIT_USAGE;
			goto out;
		}
		r.nodes = &sel;
	}
	if (ctx->view->diff(&ctx->out, &r) == 0 && cc_ctx_commit(ctx) == 0)
		ret = EXIT_OK;
out:
	cc_snapshot_free(&s[0]);
	cc_snapshot_free(&s[1]);
	return ret;
}

const struct cc_command cc_cmd_diff = {
	.name = "diff", .summary = "compare two snapshots or raw buddyinfo captures",
	.argp = &diff_argp, .args_size = sizeof(struct diff_args), .run = run_diff,
	.formats = CC_FORMAT_TEXT | CC_FORMAT_JSON,
	.usage_status = EXIT_USAGE, .fail_status = EXIT_FAIL,
};
