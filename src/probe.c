// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The probe engine (probe.h). Writing N to nr_hugepages makes the kernel
 * allocate huge pages up to N, with direct compaction and reclaim, and
 * stop early on a signal [mm/hugetlb.c: set_max_huge_pages, v6.18]; the
 * pool size read back is what it granted.
 */
#include "probe.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "metrics.h"
#include "signals.h"
#include "snapshot.h"

#define NODE_DIR "/sys/devices/system/node"
#define HP_DIR "/sys/kernel/mm/hugepages"

_Static_assert(CC_PROBE_MAX_COUNTERS >= 33, "room for every counter of the table");

/* ---- before the capability drop ---- */

static int size_cb(const char *name, void *arg)
{
	uint64_t *best = arg, kb;

	if (sscanf(name, "hugepages-%" SCNu64 "kB", &kb) == 1 && kb && (!*best || kb < *best))
		*best = kb;
	return 0;
}

int cc_probe_prepare(struct cc_probe_report *p, const struct cc_root *r,
		     const struct cc_probe_request *req, struct cc_err *e)
{
	struct cc_nodeset sel, dirs, found;
	const struct cc_nodeset *want = NULL;
	char kpath[192];
	uint64_t bytes;
	int id;

	memset(p, 0, sizeof(*p));
	p->req = *req;
	cc_snapshot_init(&p->snap);
	if (req->nodes) {
		if (cc_nodes_parse(req->nodes, &sel, e) < 0)
			return -EINVAL;
		want = &sel;
	}
	if (req->size) {
		if (cc_parse_size(req->size, &bytes) || bytes < 1024 || bytes % 1024)
			return cc_err_set(e, NULL, 0, "--size '%s': expected a size such as 2M "
					  "or 1G", req->size), -EINVAL;
		p->size_kb = bytes / 1024;
	} else if (!cc_exists(r, HP_DIR "/hugepages-2048kB")) {
		p->size_kb = 2048;
	} else {
		cc_scan_dir(r, HP_DIR, size_cb, &p->size_kb);
	}
	snprintf(p->global_dir, sizeof(p->global_dir), HP_DIR "/hugepages-%" PRIu64 "kB",
		 p->size_kb);
	snprintf(kpath, sizeof(kpath), "%s/nr_hugepages", p->global_dir);
	cc_attr_open(r, &p->global_pool, kpath);
	/* every node's pool file, opened while we may: which ones are used is
	 * decided once the snapshot says which nodes have memory */
	/* the node directories there are, of the nodes asked for */
	cc_node_dirs(r, &dirs);
	memset(&found, 0, sizeof(found));
	for (id = cc_nodeset_next(&dirs, 0); id >= 0; id = cc_nodeset_next(&dirs, id + 1))
		if (cc_nodeset_has(want, id))
			cc_nodeset_add(&found, id);
	/* a kernel without NUMA may have no node directories: node 0 (its
	 * pool is then the global one), and every node asked for by name */
	if (cc_nodeset_next(&found, 0) < 0 && cc_nodeset_has(want, 0))
		cc_nodeset_add(&found, 0);
	for (id = cc_nodeset_next(want, 0); want && id >= 0; id = cc_nodeset_next(want, id + 1))
		cc_nodeset_add(&found, id);
	for (id = cc_nodeset_next(&found, 0); id >= 0; id = cc_nodeset_next(&found, id + 1))
		p->nnp++;
	p->np = xcalloc((size_t)p->nnp + 1, sizeof(*p->np));
	p->nnp = 0;
	for (id = cc_nodeset_next(&found, 0); id >= 0; id = cc_nodeset_next(&found, id + 1)) {
		struct cc_probe_node *np = &p->np[p->nnp++];

		np->id = id;
		snprintf(kpath, sizeof(kpath), NODE_DIR "/node%d/hugepages/hugepages-%" PRIu64
			 "kB/nr_hugepages", id, p->size_kb);
		cc_attr_open(r, &np->node_pool, kpath);
	}
	return 0;
}

/* ---- after it ---- */

static int list_cb(const char *name, void *arg)
{
	char *buf = arg;
	size_t l = strlen(buf);

	if (!strncmp(name, "hugepages-", 10) && l + strlen(name) + 3 < 256)
		snprintf(buf + l, 256 - l, "%s%s", l ? ", " : "", name + 10);
	return 0;
}

static int check_size(struct cc_probe_report *p, const struct cc_root *r, struct cc_err *e)
{
	char real[PATH_MAX], have[256] = "";

	if (!p->size_kb) {
		cc_root_path(r, real, sizeof(real), HP_DIR);
		return cc_err_set(e, real, 0, "no hugetlb page sizes (kernel built without "
				  "CONFIG_HUGETLBFS?)"), -ENOENT;
	}
	if (cc_exists(r, p->global_dir)) {
		cc_scan_dir(r, HP_DIR, list_cb, have);
		return cc_err_set(e, NULL, 0, "--size %" PRIu64 "K: this kernel has no hugetlb "
				  "pool of that size (sizes: %s)", p->size_kb,
				  have[0] ? have : "none"), -EINVAL;
	}
	if ((p->size_kb * 1024) % (uint64_t)p->snap.page_size)
		return cc_err_set(e, NULL, 0, "--size: not a multiple of the page size"), -EINVAL;
	p->hp_pages = p->size_kb * 1024 / (uint64_t)p->snap.page_size;
	return 0;
}

/* managed pages of the node, or its free pages above each zone's high
 * watermark: what --percent and the default target are of */
static uint64_t node_base(const struct cc_snapshot *s, const struct cc_node *n, bool managed)
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
		cc_contig_info(z->free_blocks, s->norders, 0, &ci);
		if (ci.free_pages > z->zi[ZF_HIGH])
			sum += ci.free_pages - z->zi[ZF_HIGH];
	}
	return sum;
}

static bool have_zoneinfo(const struct cc_node *n, bool every_zone)
{
	int k;

	for (k = 0; k < n->nzones; k++)
		if (!n->zones[k].in_zoneinfo &&
		    (every_zone || n->zones[k].free_src != CC_FREE_NONE))
			return false;
	return n->nzones > 0;
}

/* the steps of a node; -EINVAL when a step would attempt no page at all */
static int plan_steps(struct cc_probe_report *p, struct cc_probe_node *np,
		      const struct cc_node *n, struct cc_err *e)
{
	const struct cc_probe_request *q = &p->req;
	long nsteps = 1, k;
	char base[32], size[16];

	if (q->percent > 0) {
		if (!have_zoneinfo(n, true))
			return cc_err_set(e, NULL, 0, "--percent needs the managed pages of node %d "
					  "from /proc/zoneinfo", n->id), -ENOENT;
		np->base = node_base(&p->snap, n, true);
		if (q->step)
			nsteps = (q->percent + q->step - 1) / q->step;
	} else {
		if (!have_zoneinfo(n, false))
			return cc_err_set(e, NULL, 0, "node %d: the watermarks in /proc/zoneinfo "
					  "are needed (or use --percent)", n->id), -ENOENT;
		np->base = node_base(&p->snap, n, false);
	}
	np->steps = xcalloc((size_t)nsteps, sizeof(*np->steps));
	np->nsteps = (int)nsteps;
	for (k = 0; k < nsteps; k++) {
		struct cc_probe_step *st = &np->steps[k];

		if (q->percent > 0) {
			st->percent = q->step ? (k + 1) * q->step : q->percent;
			if (st->percent > q->percent)
				st->percent = q->percent;
			st->requested = np->base * (uint64_t)st->percent / 100 / p->hp_pages;
		} else {
			st->requested = np->base / p->hp_pages;
		}
	}
	/* a step of no page would "succeed" and say nothing */
	if (np->steps[0].requested)
		return 0;
	cc_fmt_bytes(base, sizeof(base), np->base * (uint64_t)p->snap.page_size *
		     (uint64_t)np->steps[0].percent / 100);
	cc_fmt_size_exact(size, sizeof(size), p->size_kb * 1024);
	if (q->percent > 0)
		return cc_err_set(e, NULL, 0, "%s %ld: %ld%% of node %d's memory (%s) is less "
				  "than one %s huge page%s", q->step ? "--step" : "--percent",
				  q->step ? q->step : q->percent, np->steps[0].percent, n->id, base,
				  size, q->step ? "; use a larger --step" : ""), -EINVAL;
	cc_fmt_bytes(base, sizeof(base), np->base * (uint64_t)p->snap.page_size);
	return cc_err_set(e, NULL, 0, "node %d: the free memory above the high watermarks "
			  "(%s) is less than one %s huge page: nothing to probe", n->id, base,
			  size), -ENOSPC;
}

int cc_probe_plan(struct cc_probe_report *p, const struct cc_root *r, struct cc_err *e)
{
	const struct cc_snapshot *s = &p->snap;
	struct cc_nodeset sel;
	int i, kept = 0, ret;

	ret = cc_snapshot_collect(r, &p->snap, e);
	if (ret < 0)
		return ret;
	if (p->req.nodes) {
		cc_nodes_parse(p->req.nodes, &sel, e);
		if (cc_nodes_check(&sel, s, e) < 0)
			return -EINVAL;
	}
	if ((ret = check_size(p, r, e)) < 0)
		return ret;
	/* with --node every listed node, which must have memory; else every
	 * node with memory */
	for (i = 0; i < p->nnp; i++) {
		const struct cc_node *n = cc_node_find(s, p->np[i].id);

		if (n && p->req.nodes && !cc_node_has_memory(n))
			return cc_err_set(e, NULL, 0, "--node %d: the node has no memory",
					  n->id), -EINVAL;
	}
	for (i = 0; i < p->nnp; i++) {
		const struct cc_node *n = cc_node_find(s, p->np[i].id);

		if (!n || !cc_node_has_memory(n)) {
			cc_attr_close(&p->np[i].node_pool);
			continue;
		}
		p->np[kept++] = p->np[i];
	}
	p->nnp = kept;
	if (!p->nnp)
		return cc_err_set(e, NULL, 0, "no node with memory to probe"), -ENOENT;
	for (i = 0; i < p->nnp; i++) {
		struct cc_probe_node *np = &p->np[i];

		/* no NUMA (one node without a per-node pool): the global pool */
		np->pool = np->node_pool.err == -ENOENT && s->nnodes == 1 ? &p->global_pool :
			   &np->node_pool;
		if ((ret = plan_steps(p, np, cc_node_find(s, np->id), e)) < 0)
			return ret;
		if (!np->pool->err && (ret = cc_read_long(r, np->pool->kpath, &np->orig, e)) < 0)
			return ret;
	}
	return 0;
}

int cc_probe_check(struct cc_probe_report *p, const struct cc_root *r, struct cc_err *e)
{
	long nr, fr, resv = 0, sur = 0;
	char k[160], real[PATH_MAX];
	struct cc_err ignore;
	int i, ret;

	for (i = 0; i < p->nnp; i++)
		if (p->np[i].pool->err)
			return cc_err_set(e, NULL, 0, "%s", p->np[i].pool->why), p->np[i].pool->err;
	/* a pool applications use: pages taken, reserved or surplus */
	snprintf(k, sizeof(k), "%s/nr_hugepages", p->global_dir);
	if ((ret = cc_read_long(r, k, &nr, e)) < 0)
		return ret;
	snprintf(k, sizeof(k), "%s/free_hugepages", p->global_dir);
	if ((ret = cc_read_long(r, k, &fr, e)) < 0)
		return ret;
	snprintf(k, sizeof(k), "%s/resv_hugepages", p->global_dir);
	cc_read_long(r, k, &resv, &ignore);
	snprintf(k, sizeof(k), "%s/surplus_hugepages", p->global_dir);
	cc_read_long(r, k, &sur, &ignore);
	if ((nr - fr > 0 || resv > 0 || sur > 0) && !p->req.force) {
		cc_root_path(r, real, sizeof(real), p->global_dir);
		return cc_err_set(e, real, 0, "%ld of %ld pages in use, %ld reserved, %ld "
				  "surplus: applications use this pool; probing changes it under "
				  "them (--force to probe anyway)", nr - fr, nr, resv, sur), -EBUSY;
	}
	return 0;
}

/* ---- the probe ---- */

static int step(const struct cc_root *r, struct cc_probe_node *np, struct cc_probe_step *st,
		struct cc_err *e)
{
	struct cc_snapshot a, b;
	char v[32];
	long nr;
	double t0;
	int ret, c;

	cc_snapshot_init(&a);
	cc_snapshot_init(&b);
	if ((ret = cc_vmstat_collect(r, &a, e)) < 0)
		goto out;
	snprintf(v, sizeof(v), "%" PRIu64 "\n", (uint64_t)np->saved.orig + st->requested);
	t0 = cc_monotonic();
	ret = cc_attr_write(r, np->pool, v, e);
	st->seconds = cc_monotonic() - t0;
	/* a signal ends the kernel's allocation loop early: still count */
	st->interrupted = ret == -EINTR || cc_got_signal;
	if (ret < 0 && ret != -EINTR)
		goto out;
	if ((ret = cc_read_long(r, np->pool->kpath, &nr, e)) < 0 ||
	    (ret = cc_vmstat_collect(r, &b, e)) < 0)
		goto out;
	np->saved.ours = nr;	/* what the restore expects to find */
	st->obtained = nr > np->saved.orig ? (uint64_t)(nr - np->saved.orig) : 0;
	for (c = 0; c < cc_ncounters; c++)
		if (cc_counters[c].views & CC_SHOW_PROBE)
			st->have[c] = cc_counter_delta(&a, &b, &cc_counters[c], &st->delta[c]);
out:
	cc_snapshot_free(&a);
	cc_snapshot_free(&b);
	return ret;
}

static int probe_node(const struct cc_root *r, struct cc_probe_node *np, struct cc_err *e)
{
	int k, ret = 0;

	/* from here the pool goes back to orig on every path */
	cc_saved_push(&np->saved, r, np->pool, np->orig);
	np->started = true;
	for (k = 0; k < np->nsteps && !cc_got_signal; k++) {
		ret = step(r, np, &np->steps[k], e);
		if (ret < 0 && !np->steps[k].interrupted)
			break;
		np->done = k + 1;
		ret = 0;
	}
	cc_saved_restore(&np->saved);
	return ret;
}

int cc_probe_run(struct cc_probe_report *p, const struct cc_root *r, struct cc_err *e)
{
	int i, ret = 0;

	for (i = 0; i < p->nnp && !cc_got_signal; i++) {
		ret = probe_node(r, &p->np[i], e);
		if (ret < 0 || p->np[i].saved.outcome != CC_RESTORE_DONE)
			break;
	}
	p->signal = cc_got_signal;
	return ret;
}

bool cc_probe_all_restored(const struct cc_probe_report *p)
{
	int i;

	for (i = 0; i < p->nnp; i++)
		if (p->np[i].started && p->np[i].saved.outcome != CC_RESTORE_DONE)
			return false;
	return true;
}

void cc_probe_free(struct cc_probe_report *p)
{
	int i;

	for (i = 0; i < p->nnp; i++) {
		cc_undo_now(&p->np[i].saved.undo);
		cc_attr_close(&p->np[i].node_pool);
		free(p->np[i].steps);
	}
	cc_attr_close(&p->global_pool);
	free(p->np);
	cc_snapshot_free(&p->snap);
}
