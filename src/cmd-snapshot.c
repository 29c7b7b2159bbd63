// SPDX-License-Identifier: GPL-2.0-or-later
/* compactctl snapshot: one JSON document of every raw count, for diff. */
#include <argp.h>
#include <stdio.h>

#include "cmd.h"
#include "snapshot.h"

static const struct argp snapshot_argp = {
	NULL, cc_argp_default, NULL,
	"Print one JSON document with every raw count status reads (buddyinfo, "
	"pagetypeinfo, zoneinfo, vmstat, knobs), a timestamp and the kernel release, "
	"for 'compactctl diff'. The output is JSON with or without --json.",
	cc_global_children, NULL, NULL
};

static int run_snapshot(struct cc_ctx *ctx, void *args)
{
	struct cc_snapshot s;
	struct cc_err e;
	int ret = EXIT_FAIL;

	(void)args;
	cc_drop_privileges();
	cc_snapshot_init(&s);
	if (cc_snapshot_collect(&ctx->root, &s, &e) < 0) {
		cc_err_print(&e);
	} else {
		cc_snapshot_print_notes(&s);
		if (ctx->view->snapshot(&ctx->out, &s) == 0 && cc_ctx_commit(ctx) == 0)
			ret = EXIT_OK;
	}
	cc_snapshot_free(&s);
	return ret;
}

const struct cc_command cc_cmd_snapshot = {
	.name = "snapshot", .summary = "one JSON document of every raw count, for diff",
	.argp = &snapshot_argp, .run = run_snapshot,
	.formats = CC_FORMAT_TEXT | CC_FORMAT_JSON,
	.usage_status = EXIT_USAGE, .fail_status = EXIT_FAIL,
};
