// SPDX-License-Identifier: GPL-2.0-or-later
/* compactctl status: fragmentation of every node and zone. */
#include <argp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "output.h"
#include "outfile.h"
#include "snapshot.h"
#include "path.h"

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

enum fmt { FMT_TEXT, FMT_JSON, FMT_PROM };

struct status_args {
	const char *nodes;
	const char *order;
	enum fmt fmt;
	const char *output;
};

enum { OPT_FORMAT = 0x400, OPT_OUTPUT };

static const struct argp_option status_options[] = {
	{ "node", 'n', "LIST", 0, "Only these nodes (0, 0,2 or 0-3)", 0 },
	{ "order", 'o', "K", 0,
	  "The order the verdict talks about, or a size such as 2M (default: the THP order)",
	  0 },
	{ "format", OPT_FORMAT, "FMT", 0, "text, json or prometheus (default text)", 0 },
	{ "output", OPT_OUTPUT, "FILE", 0,
	  "Write to FILE atomically (temporary file + rename) instead of stdout", 0 },
	{ 0 }
};

static const struct argp_option export_options[] = {
	{ "node", 'n', "LIST", 0, "Only these nodes (0, 0,2 or 0-3)", 0 },
	{ "output", 'o', "FILE", 0,
	  "Write to FILE atomically (temporary file + rename), e.g. for node_exporter's "
	  "textfile collector", 0 },
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
	case OPT_FORMAT:
		if (!strcmp(arg, "text"))
			a->fmt = FMT_TEXT;
		else if (!strcmp(arg, "json"))
			a->fmt = FMT_JSON;
		else if (!strcmp(arg, "prometheus"))
			a->fmt = FMT_PROM;
		else {
			argp_error(state, "--format '%s': expected text, json or prometheus", arg);
			return EINVAL;
		}
		return 0;
	case OPT_OUTPUT:
		a->output = arg;
		return 0;
	}
	return cc_argp_default(key, arg, state);
}

static error_t export_parse(int key, char *arg, struct argp_state *state)
{
	struct status_args *a = state->input;

	switch (key) {
	case 'n':
		a->nodes = arg;
		return 0;
	case 'o':
		a->output = arg;
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

static const struct argp export_argp = {
	export_options, export_parse, NULL,
	"Print the fragmentation state in the Prometheus text format (the same as "
	"'status --format prometheus'): free blocks per order, per migratetype and "
	"pageblock counts (root), the unusable free space and fragmentation indices, "
	"zone and node fragmentation scores, watermarks, boost and headroom, and the "
	"compaction counters of /proc/vmstat, under compactctl_ with node, zone and "
	"order labels. With -o FILE the file is replaced atomically, for "
	"node_exporter's textfile collector.",
	cc_global_children, NULL, NULL
};

static int run_status(struct status_args *a);

int cmd_status(int argc, char **argv)
{
	struct status_args a = { 0 };

	if (argp_parse(&status_argp, argc, argv, 0, NULL, &a))
		return EXIT_USAGE;
	return run_status(&a);
}

int cmd_export(int argc, char **argv)
{
	struct status_args a = { .fmt = FMT_PROM };

	if (argp_parse(&export_argp, argc, argv, 0, NULL, &a))
		return EXIT_USAGE;
	if (cc_g.json) {
		fputs("compactctl: export: prints the Prometheus format; for JSON use "
		      "'compactctl --json status'\n", stderr);
		return EXIT_USAGE;
	}
	return run_status(&a);
}

static int run_status(struct status_args *a)
{
	static bool sel[CC_MAX_NODE_ID + 1];
	struct cc_root root;
	struct cc_outfile of;
	struct cc_snapshot s;
	struct cc_view v = { 0 };
	struct cc_err e;
	int ret = EXIT_FAIL;
	char *buf = NULL;
	size_t len = 0;
	FILE *out;

	if (cc_apply_globals(&root) < 0)
		return EXIT_FAIL;
	if (cc_g.json) {
		if (a->fmt == FMT_PROM) {
			fputs("compactctl: --json and --format prometheus exclude each other\n",
			      stderr);
			cc_root_fini(&root);
			return EXIT_USAGE;
		}
		a->fmt = FMT_JSON;
	}
	/* the output file first: as root into a directory only privileges
	 * open (outfile.h), then drop them before reading anything */
	if (a->output && cc_outfile_open(&of, a->output, &e) < 0) {
		cc_err_print(&e);
		cc_root_fini(&root);
		return EXIT_FAIL;
	}
	cc_drop_privileges(false);
	cc_snapshot_init(&s);
	if (cc_snapshot_collect(&root, &s, &e) < 0) {
		cc_err_print(&e);
		goto out;
	}
	v.order = s.thp_order < s.norders ? s.thp_order : s.norders - 1;
	if (a->order && cc_parse_order_arg(a->order, &s, &v.order) < 0) {
		ret = EXIT_USAGE;
		goto out;
	}
	if (a->nodes) {
		if (cc_select_nodes(a->nodes, &s, sel) < 0) {
			ret = EXIT_USAGE;
			goto out;
		}
		v.nodes = sel;
	}
	v.color = !a->output && a->fmt == FMT_TEXT && cc_use_color();
	v.utf8 = cc_utf8();
	v.width = cc_term_width();
	cc_snapshot_print_notes(&s);
	/* render whole, then write: stdout, or the file replaced atomically */
	out = open_memstream(&buf, &len);
	if (!out) {
		perror("compactctl: open_memstream");
		goto out;
	}
	if (a->fmt == FMT_JSON) {
		cJSON *doc = cc_json_status(&s, &v);
		char *text = cJSON_Print(doc);

		if (text)
			fprintf(out, "%s\n", text);
		free(text);
		cJSON_Delete(doc);
	} else if (a->fmt == FMT_PROM) {
		cc_prom_status(out, &s, &v);
	} else {
		cc_text_status(out, &s, &v);
	}
	if (fclose(out) == EOF) {
		perror("compactctl: rendering");
		goto out;
	}
	if (a->output) {
		if (cc_outfile_commit(&of, buf, len, &e) < 0)
			cc_err_print(&e);
		else
			ret = EXIT_OK;
	} else {
		fwrite(buf, 1, len, stdout);
		ret = cc_flush_stdout() ? EXIT_FAIL : EXIT_OK;
	}
out:
	if (a->output)
		cc_outfile_abort(&of);
	free(buf);
	cc_snapshot_free(&s);
	cc_root_fini(&root);
	return ret;
}
