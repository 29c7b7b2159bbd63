// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * compactctl probe: how many huge pages can the kernel give now, per node?
 * Grows the hugetlb pool through nr_hugepages, records what the kernel
 * granted, and always gives the pages back (also on errors and signals).
 * The memory-compaction cover letter's high-order allocation test, as a
 * command.
 */
#include <argp.h>
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "actions.h"
#include "cmd.h"
#include "metrics.h"
#include "output.h"
#include "signals.h"
#include "snapshot.h"
#include "path.h"

struct probe_args {
	const char *nodes;
	const char *size;
	long percent;		/* -1: free memory above the high watermark */
	long step;		/* percent per step, 0: one step */
	bool dry_run;
	bool force;
};

enum { OPT_DRY_RUN = 0x300, OPT_FORCE, OPT_NODE };

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

static int pct_arg(struct argp_state *state, const char *opt, const char *arg, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (end == arg || *end || errno || v < 1 || v > 100) {
		argp_error(state, "%s '%s': expected a percentage from 1 to 100", opt, arg);
		return EINVAL;
	}
	*out = v;
	return 0;
}

static error_t probe_parse(int key, char *arg, struct argp_state *state)
{
	struct probe_args *a = state->input;

	switch (key) {
	case 'n':
		a->nodes = arg;
		return 0;
	case 's':
		a->size = arg;
		return 0;
	case 'p':
		return pct_arg(state, "--percent", arg, &a->percent);
	case 'S':
		return pct_arg(state, "--step", arg, &a->step);
	case OPT_DRY_RUN:
		a->dry_run = true;
		return 0;
	case OPT_FORCE:
		a->force = true;
		return 0;
	case ARGP_KEY_END:
		if (a->step && a->percent < 0) {
			argp_error(state, "--step needs --percent");
			return EINVAL;
		}
		return 0;
	}
	return cc_argp_default(key, arg, state);
}

static const struct argp probe_argp = {
	probe_options, probe_parse, NULL,
	"Try to allocate huge pages from the hugetlb pool of each node (root), report "
	"how many the kernel granted out of how many were attempted, how long it took "
	"and the /proc/vmstat deltas that explain it (compaction, direct reclaim, "
	"migration), then give every page back: the pool is restored to its size "
	"before the probe on every path, also on errors, SIGINT and SIGTERM.",
	cc_global_children, NULL, NULL
};

/* vmstat counters that explain a step; a name ending in '*' sums the
 * per-zone variants older kernels print (pgscan_direct_normal, ...) */
static const char *const counters[] = {
	"compact_stall", "compact_success", "compact_fail", "pgscan_direct*",
	"pgsteal_direct*", "pgmigrate_success", "pgmigrate_fail",
	"compact_migrate_scanned", "compact_free_scanned", "htlb_buddy_alloc_success",
	"htlb_buddy_alloc_fail", NULL,
};
#define NCOUNTERS 11

static bool counter_value(const struct cc_snapshot *s, const char *name, uint64_t *v)
{
	size_t len = strlen(name);
	bool any = false;
	int i;

	if (name[len - 1] != '*') {
		const struct cc_kv *kv = cc_vmstat_find(s, name);

		*v = kv ? kv->value : 0;
		return kv != NULL;
	}
	*v = 0;
	len--;
	for (i = 0; i < s->nvmstat; i++) {
		const char *n = s->vmstat[i].name;

		if (strncmp(n, name, len) || (n[len] && n[len] != '_') ||
		    !strcmp(n + len, "_throttle"))
			continue;
		*v += s->vmstat[i].value;
		any = true;
	}
	return any;
}

struct step {
	long percent;		/* 0: the default target */
	uint64_t requested;	/* pages above the original pool */
	uint64_t obtained;
	double seconds;
	bool have[NCOUNTERS];
	int64_t delta[NCOUNTERS];
	bool interrupted;
};

struct node_probe {
	int id;
	char file[160];		/* kernel path of nr_hugepages */
	long orig;
	uint64_t attempted;	/* requested at the last step */
	struct step *steps;
	int nsteps, done;
	bool restored;
	long after;		/* pool size read back after the restore */
};

struct probe {
	const struct cc_root *root;
	struct probe_args a;
	uint64_t size_kb;
	uint64_t hp_pages;	/* base pages per huge page */
	struct cc_snapshot snap;
	struct node_probe *np;
	int nnp;
	char global_dir[96];	/* /sys/kernel/mm/hugepages/hugepages-NkB */
};


/* ---- setup ---- */

static int size_cb(const char *name, void *arg)
{
	uint64_t *best = arg, kb;

	if (sscanf(name, "hugepages-%" SCNu64 "kB", &kb) == 1 && kb && (!*best || kb < *best))
		*best = kb;
	return 0;
}

static int list_cb(const char *name, void *arg)
{
	char *buf = arg;
	size_t l = strlen(buf);

	if (!strncmp(name, "hugepages-", 10) && l + strlen(name) + 3 < 256)
		snprintf(buf + l, 256 - l, "%s%s", l ? ", " : "", name + 10);
	return 0;
}

static int pick_size(struct probe *p)
{
	uint64_t bytes;

	if (!p->a.size) {
		if (!cc_exists(p->root, "/sys/kernel/mm/hugepages/hugepages-2048kB"))
			p->size_kb = 2048;
		else
			cc_scan_dir(p->root, "/sys/kernel/mm/hugepages", size_cb, &p->size_kb);
		if (!p->size_kb) {
			char real[PATH_MAX];

			cc_root_path(p->root, real, sizeof(real), "/sys/kernel/mm/hugepages");
			fprintf(stderr, "compactctl: %s: no hugetlb page sizes (kernel built "
				"without CONFIG_HUGETLBFS?)\n", real);
			return EXIT_FAIL;
		}
	} else {
		if (cc_parse_size(p->a.size, &bytes) || bytes < 1024 || bytes % 1024) {
			fprintf(stderr, "compactctl: --size '%s': expected a size such as 2M "
				"or 1G\n", p->a.size);
			return EXIT_USAGE;
		}
		p->size_kb = bytes / 1024;
	}
	snprintf(p->global_dir, sizeof(p->global_dir), "/sys/kernel/mm/hugepages/hugepages-%"
		 PRIu64 "kB", p->size_kb);
	if (cc_exists(p->root, p->global_dir)) {
		char have[256] = "";

		cc_scan_dir(p->root, "/sys/kernel/mm/hugepages", list_cb, have);
		fprintf(stderr, "compactctl: --size %" PRIu64 "K: this kernel has no hugetlb "
			"pool of that size (sizes: %s)\n", p->size_kb, have[0] ? have : "none");
		return EXIT_USAGE;
	}
	if ((p->size_kb * 1024) % (uint64_t)p->snap.page_size) {
		fprintf(stderr, "compactctl: --size: not a multiple of the page size\n");
		return EXIT_USAGE;
	}
	p->hp_pages = p->size_kb * 1024 / (uint64_t)p->snap.page_size;
	return 0;
}

/* pool in use by applications: pages taken or reserved */
static int check_in_use(struct probe *p)
{
	long nr, fr, resv = 0, sur = 0;
	char k[160], real[PATH_MAX];
	struct cc_err e;

	snprintf(k, sizeof(k), "%s/nr_hugepages", p->global_dir);
	if (cc_read_long(p->root, k, &nr, &e)) {
		cc_err_print(&e);
		return -1;
	}
	snprintf(k, sizeof(k), "%s/free_hugepages", p->global_dir);
	if (cc_read_long(p->root, k, &fr, &e)) {
		cc_err_print(&e);
		return -1;
	}
	snprintf(k, sizeof(k), "%s/resv_hugepages", p->global_dir);
	cc_read_long(p->root, k, &resv, &e);
	snprintf(k, sizeof(k), "%s/surplus_hugepages", p->global_dir);
	cc_read_long(p->root, k, &sur, &e);
	if ((nr - fr > 0 || resv > 0 || sur > 0) && !p->a.force) {
		cc_root_path(p->root, real, sizeof(real), p->global_dir);
		fprintf(stderr, "compactctl: %s: %ld of %ld pages in use, %ld reserved, %ld "
			"surplus: applications use this pool; probing changes it under them "
			"(--force to probe anyway)\n", real, nr - fr, nr, resv, sur);
		return -1;
	}
	return 0;
}

static uint64_t node_pages(const struct cc_node *n, bool managed)
{
	uint64_t sum = 0;
	int j;

	for (j = 0; j < n->nzones; j++) {
		const struct cc_zone *z = &n->zones[j];
		struct cc_contig ci;

		if (managed) {
			sum += z->zi[ZF_MANAGED];
			continue;
		}
		if (z->free_src == CC_FREE_NONE)
			continue;
		cc_contig_info(z->free_blocks, CC_MAX_ORDERS, 0, &ci);
		if (ci.free_pages > z->zi[ZF_HIGH])
			sum += ci.free_pages - z->zi[ZF_HIGH];
	}
	return sum;
}

static int plan(struct probe *p, const bool *sel)
{
	const struct cc_snapshot *s = &p->snap;
	int i, k;

	p->np = xcalloc((size_t)s->nnodes, sizeof(*p->np));
	for (i = 0; i < s->nnodes; i++) {
		const struct cc_node *n = &s->nodes[i];
		struct node_probe *np;
		bool mem = cc_node_has_memory(n);
		uint64_t base;
		long steps;
		struct cc_err e;

		if (sel ? !sel[n->id] : !mem)
			continue;
		if (!mem) {
			fprintf(stderr, "compactctl: --node %d: the node has no memory\n", n->id);
			return EXIT_USAGE;
		}
		np = &p->np[p->nnp++];
		np->id = n->id;
		snprintf(np->file, sizeof(np->file),
			 "/sys/devices/system/node/node%d/hugepages/hugepages-%" PRIu64
			 "kB/nr_hugepages", n->id, p->size_kb);
		if (cc_exists(p->root, np->file) && s->nnodes == 1)	/* no NUMA: the global pool */
			snprintf(np->file, sizeof(np->file), "%s/nr_hugepages", p->global_dir);
		if (cc_read_long(p->root, np->file, &np->orig, &e)) {
			cc_err_print(&e);
			return EXIT_FAIL;
		}
		if (p->a.percent > 0) {
			for (k = 0; k < n->nzones && n->zones[k].in_zoneinfo; k++)
				;
			if (k < n->nzones || !n->nzones) {
				fprintf(stderr, "compactctl: --percent needs the managed pages of "
					"node %d from /proc/zoneinfo\n", n->id);
				return EXIT_FAIL;
			}
			base = node_pages(n, true);
			steps = p->a.step ? (p->a.percent + p->a.step - 1) / p->a.step : 1;
		} else {
			bool zi = true;

			for (k = 0; k < n->nzones; k++)
				zi = zi && (n->zones[k].free_src == CC_FREE_NONE ||
					    n->zones[k].in_zoneinfo);
			if (!zi) {
				fprintf(stderr, "compactctl: node %d: the watermarks in "
					"/proc/zoneinfo are needed (or use --percent)\n", n->id);
				return EXIT_FAIL;
			}
			base = node_pages(n, false);
			steps = 1;
		}
		np->steps = xcalloc((size_t)steps, sizeof(*np->steps));
		np->nsteps = (int)steps;
		for (k = 0; k < steps; k++) {
			struct step *st = &np->steps[k];

			if (p->a.percent > 0) {
				st->percent = p->a.step ? (k + 1) * p->a.step : p->a.percent;
				if (st->percent > p->a.percent)
					st->percent = p->a.percent;
				st->requested = base * (uint64_t)st->percent / 100 / p->hp_pages;
			} else {
				st->requested = base / p->hp_pages;
			}
		}
		np->attempted = np->steps[steps - 1].requested;
	}
	if (!p->nnp) {
		fputs("compactctl: no node with memory to probe\n", stderr);
		return EXIT_FAIL;
	}
	return 0;
}

/* ---- the probe ---- */

/* Put the pool back to its size before the probe; signals wait meanwhile,
 * so a second Ctrl-C cannot interrupt the restore. */
static int restore(const struct cc_root *root, struct node_probe *np, struct cc_err *e)
{
	sigset_t old;
	char v[32];
	int r;

	snprintf(v, sizeof(v), "%ld\n", np->orig);
	cc_signals_block(&old);
	r = cc_write_explained(root, np->file, v, e);
	if (!r)
		r = cc_read_long(root, np->file, &np->after, e);
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (r)
		return -1;
	np->restored = np->after == np->orig;
	if (!np->restored) {
		char real[PATH_MAX];

		cc_root_path(root, real, sizeof(real), np->file);
		return cc_err_set(e, real, 0, "restored to %ld but the pool holds %ld pages "
				  "(applications took pages meanwhile?)", np->orig, np->after);
	}
	return 0;
}

static int run_node(const struct cc_root *root, struct node_probe *np, struct cc_err *e)
{
	int k;

	for (k = 0; k < np->nsteps && !cc_got_signal; k++) {
		struct step *st = &np->steps[k];
		struct cc_snapshot a, b;
		char v[32];
		long nr;
		double t0;
		int r, c;

		cc_snapshot_init(&a);
		cc_snapshot_init(&b);
		if (cc_vmstat_collect(root, &a, e) < 0) {
			cc_snapshot_free(&a);
			return -1;
		}
		snprintf(v, sizeof(v), "%" PRIu64 "\n", (uint64_t)np->orig + st->requested);
		t0 = cc_monotonic();
		r = cc_write_explained(root, np->file, v, e);
		st->seconds = cc_monotonic() - t0;
		/* a signal ends the kernel's allocation loop early: still count */
		st->interrupted = r == -EINTR || cc_got_signal;
		if (r && r != -EINTR) {
			cc_snapshot_free(&a);
			return -1;
		}
		r = cc_read_long(root, np->file, &nr, e);
		if (!r)
			r = cc_vmstat_collect(root, &b, e);
		if (!r) {
			st->obtained = nr > np->orig ? (uint64_t)(nr - np->orig) : 0;
			for (c = 0; counters[c]; c++) {
				uint64_t x, y;

				st->have[c] = counter_value(&a, counters[c], &x) &&
					      counter_value(&b, counters[c], &y);
				st->delta[c] = st->have[c] ? (int64_t)(y - x) : 0;
			}
			np->done = k + 1;
		}
		cc_snapshot_free(&a);
		cc_snapshot_free(&b);
		if (r)
			return -1;
	}
	return 0;
}

/* ---- report ---- */

static int cidx(const char *name)
{
	int c;

	for (c = 0; counters[c]; c++)
		if (!strcmp(counters[c], name))
			return c;
	return 0;
}

static void text_report(const struct probe *p)
{
	char sz[16];
	int i, k;

	cc_fmt_size_exact(sz, sizeof(sz), p->size_kb * 1024);
	for (i = 0; i < p->nnp; i++) {
		const struct node_probe *np = &p->np[i];
		char real[PATH_MAX];
		double total = 0;

		cc_root_path(p->root, real, sizeof(real), np->file);
		printf("Node %d: %s huge pages through %s (pool %ld before)\n", np->id, sz, real,
		       np->orig);
		printf("  step  requested  obtained      time  stall  success  fail  "
		       "scan.direct  steal.direct  migrated\n");
		for (k = 0; k < np->done; k++) {
			const struct step *st = &np->steps[k];
			char pc[8];

			total += st->seconds;
			if (st->percent)
				snprintf(pc, sizeof(pc), "%ld%%", st->percent);
			else
				snprintf(pc, sizeof(pc), "free");
			printf("  %4s  %9" PRIu64 "  %8" PRIu64 "  %7.3fs  %5" PRId64 "  %7" PRId64
			       "  %4" PRId64 "  %11" PRId64 "  %12" PRId64 "  %8" PRId64 "%s\n",
			       pc, st->requested, st->obtained, st->seconds,
			       st->delta[cidx("compact_stall")], st->delta[cidx("compact_success")],
			       st->delta[cidx("compact_fail")], st->delta[cidx("pgscan_direct*")],
			       st->delta[cidx("pgsteal_direct*")],
			       st->delta[cidx("pgmigrate_success")],
			       st->interrupted ? "  (interrupted)" : "");
		}
		if (np->done) {
			const struct step *last = &np->steps[np->done - 1];
			char got[32];

			cc_fmt_bytes(got, sizeof(got), last->obtained * p->size_kb * 1024);
			printf("  Final page count %" PRIu64 " (attempted %" PRIu64 "): %s, "
			       "%.1f%% of the attempt, in %.3fs\n", last->obtained, last->requested,
			       got, last->requested ? 100.0 * (double)last->obtained /
			       (double)last->requested : 0.0, total);
		}
		printf("  Pool restored to %ld%s\n\n", np->orig,
		       np->restored ? "" : " FAILED (see the error)");
	}
}

static cJSON *json_report(const struct probe *p)
{
	cJSON *doc = cJSON_CreateObject(), *nodes;
	int i, k, c;

	cc_json_add_u64(doc, "size_kb", p->size_kb);
	nodes = cJSON_AddArrayToObject(doc, "nodes");
	for (i = 0; i < p->nnp; i++) {
		const struct node_probe *np = &p->np[i];
		cJSON *n = cJSON_CreateObject(), *steps;
		char real[PATH_MAX];

		cc_root_path(p->root, real, sizeof(real), np->file);
		cJSON_AddNumberToObject(n, "node", np->id);
		cJSON_AddStringToObject(n, "file", real);
		cJSON_AddNumberToObject(n, "pool_before", (double)np->orig);
		steps = cJSON_AddArrayToObject(n, "steps");
		for (k = 0; k < np->done; k++) {
			const struct step *st = &np->steps[k];
			cJSON *s = cJSON_CreateObject(), *d;

			if (st->percent)
				cJSON_AddNumberToObject(s, "percent", (double)st->percent);
			else
				cJSON_AddNullToObject(s, "percent");
			cc_json_add_u64(s, "requested", st->requested);
			cc_json_add_u64(s, "obtained", st->obtained);
			cJSON_AddNumberToObject(s, "seconds", (double)(int64_t)(st->seconds * 1e6) / 1e6);
			cJSON_AddBoolToObject(s, "interrupted", st->interrupted);
			d = cJSON_AddObjectToObject(s, "vmstat_delta");
			for (c = 0; counters[c]; c++) {
				char name[40];

				if (!st->have[c])
					continue;
				snprintf(name, sizeof(name), "%s", counters[c]);
				name[strcspn(name, "*")] = '\0';
				cJSON_AddNumberToObject(d, name, (double)st->delta[c]);
			}
			cJSON_AddItemToArray(steps, s);
		}
		if (np->done) {
			cc_json_add_u64(n, "final_page_count", np->steps[np->done - 1].obtained);
			cc_json_add_u64(n, "attempted", np->steps[np->done - 1].requested);
		} else {
			cJSON_AddNullToObject(n, "final_page_count");
			cc_json_add_u64(n, "attempted", np->attempted);
		}
		cJSON_AddBoolToObject(n, "restored", np->restored);
		cJSON_AddNumberToObject(n, "pool_after", (double)np->after);
		cJSON_AddItemToArray(nodes, n);
	}
	return doc;
}

static int dry_run(const struct probe *p)
{
	int i, k, bad = 0;

	for (i = 0; i < p->nnp; i++) {
		const struct node_probe *np = &p->np[i];
		char real[PATH_MAX];
		struct cc_err e;
		int err = cc_trigger_check(p->root, np->file, &e);

		cc_root_path(p->root, real, sizeof(real), np->file);
		printf("node %d: would write to %s%s:", np->id, real,
		       err ? " (not allowed, see below)" : " (allowed)");
		for (k = 0; k < np->nsteps; k++)
			printf(" %" PRIu64, (uint64_t)np->orig + np->steps[k].requested);
		printf(", then %ld (its size now)\n", np->orig);
		if (err && !bad++)
			cc_err_print(&e);
	}
	return bad ? EXIT_FAIL : EXIT_OK;
}

int cmd_probe(int argc, char **argv)
{
	static bool sel[CC_MAX_NODE_ID + 1];
	struct probe p = { .a = { .percent = -1 } };
	struct cc_root root;
	struct cc_err e;
	int ret, i, rc = 0;

	if (argp_parse(&probe_argp, argc, argv, 0, NULL, &p.a))
		return EXIT_USAGE;
	if (cc_apply_globals(&root) < 0)
		return EXIT_FAIL;
	p.root = &root;
	cc_snapshot_init(&p.snap);
	if (cc_snapshot_collect(&root, &p.snap, &e) < 0) {
		cc_err_print(&e);
		ret = EXIT_FAIL;
		goto out;
	}
	if (p.a.nodes && cc_select_nodes(p.a.nodes, &p.snap, sel) < 0) {
		ret = EXIT_USAGE;
		goto out;
	}
	if ((ret = pick_size(&p)) || (ret = plan(&p, p.a.nodes ? sel : NULL)))
		goto out;
	if (p.a.dry_run) {
		ret = dry_run(&p);
		if (cc_flush_stdout())
			ret = EXIT_FAIL;
		goto out;
	}
	ret = EXIT_FAIL;
	for (i = 0; i < p.nnp; i++)
		if (cc_trigger_check(&root, p.np[i].file, &e) < 0) {
			cc_err_print(&e);
			goto out;
		}
	if (check_in_use(&p) < 0)
		goto out;

	cc_signals_catch();
	for (i = 0; i < p.nnp && !cc_got_signal; i++) {
		struct node_probe *np = &p.np[i];
		struct cc_err re;

		rc = run_node(&root, np, &e);
		/* whatever happened, give the pages back */
		if (restore(&root, np, &re) < 0) {
			cc_err_print(&re);
			rc = -1;
			ret = EXIT_FAIL;
			if (!np->restored)
				break;
		}
		if (rc < 0 && !cc_got_signal) {
			cc_err_print(&e);
			break;
		}
	}
	ret = rc < 0 ? EXIT_FAIL : EXIT_OK;
	for (i = 0; i < p.nnp; i++)
		if (p.np[i].done && !p.np[i].restored)
			ret = EXIT_FAIL;
	if (cc_g.json) {
		cJSON *doc = json_report(&p);

		cJSON_AddBoolToObject(doc, "interrupted", cc_got_signal != 0);
		if (cc_json_emit(doc) < 0)
			ret = EXIT_FAIL;
		cJSON_Delete(doc);
	} else {
		text_report(&p);
	}
	if (cc_flush_stdout())
		ret = EXIT_FAIL;
	if (cc_got_signal) {
		bool all = true;

		for (i = 0; i < p.nnp; i++)
			all = all && (!p.np[i].done || p.np[i].restored);
		fprintf(stderr, "compactctl: interrupted by %s; %s\n", strsignal(cc_got_signal),
			all ? "every probed pool was restored" : "a pool could not be restored");
		for (i = 0; i < p.nnp; i++)
			free(p.np[i].steps);
		free(p.np);
		cc_snapshot_free(&p.snap);
		cc_root_fini(&root);
		cc_signals_reraise();
		return EXIT_FAIL;
	}
	cc_signals_restore();
out:
	for (i = 0; i < p.nnp; i++)
		free(p.np[i].steps);
	free(p.np);
	cc_snapshot_free(&p.snap);
	cc_root_fini(&root);
	return ret;
}
