// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reads the contiguous-memory sources through the path layer. Missing
 * files are normal (kernel version, config, debugfs not mounted, no root):
 * each group records "absent" or "unreadable" and why. A file that is there
 * but malformed is an error, as for the buddy files.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "sources-collect.h"
#include "path.h"
#include "zram.h"

#define MAX_ENTRIES 256		/* per directory: pools, sizes, areas, devices */
#define THP_DIR "/sys/kernel/mm/transparent_hugepage"
#define HP_DIR "/sys/kernel/mm/hugepages"

struct names {
	int n;
	char name[MAX_ENTRIES][NAME_MAX + 1];
};

/* entry names safe to put in a path and on a terminal */
static bool safe_name(const char *s)
{
	if (!*s || strlen(s) > 63)
		return false;
	for (; *s; s++)
		if (*s <= ' ' || *s > '~' || *s == '/')
			return false;
	return true;
}

static int names_cb(const char *name, void *arg)
{
	struct names *l = arg;

	if (l->n < MAX_ENTRIES && safe_name(name))
		snprintf(l->name[l->n++], sizeof(l->name[0]), "%s", name);
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* sorted entry names of a directory; -errno if it cannot be listed */
static int list_dir(const struct cc_root *root, const char *kpath, struct names *l)
{
	int r;

	l->n = 0;
	r = cc_scan_dir(root, kpath, names_cb, l);
	if (r)
		return r;
	qsort(l->name, l->n, sizeof(l->name[0]), cmp_names);
	return 0;
}

static void set_av(struct cc_avail *av, enum cc_av_state st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void set_av(struct cc_avail *av, enum cc_av_state st, const char *fmt, ...)
{
	va_list ap;

	av->state = st;
	va_start(ap, fmt);
	vsnprintf(av->why, sizeof(av->why), fmt, ap);
	va_end(ap);
}

/* mark av from a failed read of kpath; ENOENT -> absent with why */
static void av_errno(struct cc_avail *av, const char *kpath, int err, const char *absent_why)
{
	if (err == ENOENT)
		set_av(av, CC_AV_ABSENT, "%s", absent_why);
	else
		set_av(av, CC_AV_UNREADABLE, "%s: %s", kpath, strerror(err));
}

typedef int (*file_fn)(void *dst, char *buf, size_t len, const char *path, struct cc_err *e);

/* read kpath and parse it: 1 parsed, 0 absent, -errno unreadable, -EINVAL malformed (e set) */
static int read_with(const struct cc_root *root, const char *kpath, file_fn fn, void *dst,
		     struct cc_err *e)
{
	struct cc_file f;
	int r = cc_read_file(root, kpath, &f, e);

	if (r == -ENOENT)
		return 0;
	if (r)
		return r;
	r = fn(dst, f.data, f.len, f.path, e);
	cc_file_free(&f);
	return r < 0 ? -EINVAL : 1;
}

/* ---- hugetlb ---- */

struct hp_attr { struct cc_hpool *p; const char *attr; };

static int hp_attr_fn(void *dst, char *buf, size_t len, const char *path, struct cc_err *e)
{
	struct hp_attr *a = dst;

	return cc_parse_hpool_attr(a->p, a->attr, buf, len, path, e);
}

/* the system-wide pools: every size listed, every file it has */
static int read_pools(const struct cc_root *root, struct cc_sources *so, struct cc_err *e)
{
	static struct names sizes;
	int i, a;

	if (list_dir(root, HP_DIR, &sizes))
		return 0;
	for (i = 0; i < sizes.n; i++) {
		struct cc_hpool *p;
		uint64_t kb;

		if (cc_parse_hugepages_dirname(sizes.name[i], &kb))
			continue;
		p = cc_hpool_get(so, -1, kb);
		for (a = 0; a < HP__N; a++) {
			char kpath[PATH_MAX];
			struct hp_attr at = { p, cc_hp_files[a] };

			snprintf(kpath, sizeof(kpath), HP_DIR "/%s/%s", sizes.name[i], cc_hp_files[a]);
			if (read_with(root, kpath, hp_attr_fn, &at, e) == -EINVAL)
				return -1;
		}
	}
	return 0;
}

/*
 * A node's pools. The kernel gives every node a directory for every size
 * the system has, with nr_, free_ and surplus_hugepages, and the demote
 * files where the size can demote [hugetlb_register_node:
 * per_node_hstate_attrs, hstate_demote_attrs; mm/hugetlb.c, later
 * mm/hugetlb_sysfs.c]: so the system's sizes are looked for without
 * listing each node's directory, and only the files a node can have (a
 * listing and two or three failed opens a node were a fifth of status at
 * 1024 nodes). A node that has none of them has no pool.
 */
static int read_node_pools(const struct cc_root *root, struct cc_sources *so, int nsys,
			   int node, struct cc_err *e)
{
	static const enum cc_hp node_files[] = { HP_NR, HP_FREE, HP_SURPLUS, HP_DEMOTE_SIZE };
	int i;
	size_t a;

	for (i = 0; i < nsys; i++) {
		const struct cc_hpool *sys = &so->hpools[i];
		struct cc_hpool got = { .node = node, .size_kb = sys->size_kb };

		for (a = 0; a < ARRAY_SIZE(node_files); a++) {
			enum cc_hp f = node_files[a];
			struct hp_attr at = { &got, cc_hp_files[f] };
			char kpath[PATH_MAX];

			if (f == HP_DEMOTE_SIZE && !(sys->set & (1u << f)))
				continue;
			snprintf(kpath, sizeof(kpath),
				 "/sys/devices/system/node/node%d/hugepages/hugepages-%" PRIu64 "kB/%s",
				 node, sys->size_kb, cc_hp_files[f]);
			if (read_with(root, kpath, hp_attr_fn, &at, e) == -EINVAL)
				return -1;
		}
		if (got.set)
			*cc_hpool_get(so, node, got.size_kb) = got;
	}
	return 0;
}

static int collect_hugetlb(const struct cc_root *root, const struct cc_snapshot *s,
			   struct cc_sources *so, struct cc_err *e)
{
	int i, nsys, r = cc_exists(root, HP_DIR);

	if (r) {
		av_errno(&so->hugetlb_av, HP_DIR, -r, "no " HP_DIR " (kernel without hugetlbfs)");
		return 0;
	}
	if (read_pools(root, so, e) < 0)
		return -1;
	/* the system's pools come first (node -1) and stay in place: the
	 * nodes' are added after them */
	nsys = so->nhpools;
	for (i = 0; i < s->nnodes; i++)
		if (read_node_pools(root, so, nsys, s->nodes[i].id, e) < 0)
			return -1;
	set_av(&so->hugetlb_av, CC_AV_YES, "%s", "");
	return 0;
}

/* ---- mTHP ---- */

struct stat_dst { struct cc_stat *st; int *n; int max; const char *name; };

static int stat_fn(void *dst, char *buf, size_t len, const char *path, struct cc_err *e)
{
	struct stat_dst *d = dst;

	return cc_parse_stat_file(d->st, d->n, d->max, d->name, buf, len, path, e);
}

/* every file of dir as a counter */
static int read_stat_dir(const struct cc_root *root, const char *dir, struct cc_stat *st,
			 int *n, int max, struct cc_err *e)
{
	static struct names files;
	int i;

	if (list_dir(root, dir, &files))
		return 0;
	for (i = 0; i < files.n; i++) {
		char kpath[PATH_MAX];
		struct stat_dst d = { st, n, max, files.name[i] };

		snprintf(kpath, sizeof(kpath), "%s/%s", dir, files.name[i]);
		if (read_with(root, kpath, stat_fn, &d, e) == -EINVAL)
			return -1;
	}
	return 0;
}

static int collect_mthp(const struct cc_root *root, struct cc_sources *so, struct cc_err *e)
{
	static struct names sizes;
	bool stats = false;
	int i;

	if (list_dir(root, THP_DIR, &sizes)) {
		set_av(&so->mthp_av, CC_AV_ABSENT, "no %s (kernel without THP)", THP_DIR);
		return 0;
	}
	for (i = 0; i < sizes.n; i++) {
		char kpath[PATH_MAX];
		struct cc_mthp *m;
		uint64_t kb;

		if (cc_parse_hugepages_dirname(sizes.name[i], &kb))
			continue;
		m = cc_mthp_get(so, kb);
		snprintf(kpath, sizeof(kpath), THP_DIR "/%s/enabled", sizes.name[i]);
		cc_read_choice(root, kpath, m->enabled, sizeof(m->enabled));
		snprintf(kpath, sizeof(kpath), THP_DIR "/%s/stats", sizes.name[i]);
		if (read_stat_dir(root, kpath, m->stats, &m->nstats, CC_MAX_MTHP_STATS, e) < 0)
			return -1;
		stats = stats || m->nstats > 0;
	}
	if (!so->nmthp)
		set_av(&so->mthp_av, CC_AV_ABSENT, "%s",
		       "no per-size THP directories (Linux < 6.8)");
	else if (!stats)
		set_av(&so->mthp_av, CC_AV_ABSENT, "%s",
		       "no per-size THP counters (stats/, Linux < 6.10)");
	else
		set_av(&so->mthp_av, CC_AV_YES, "%s", "");
	return 0;
}

/* ---- CMA ---- */

static int collect_cma(const struct cc_root *root, struct cc_sources *so, struct cc_err *e)
{
	static struct names areas;
	int i, r = list_dir(root, "/sys/kernel/mm/cma", &areas);

	if (r) {
		av_errno(&so->cma_av, "/sys/kernel/mm/cma", -r,
			 "no /sys/kernel/mm/cma: no CMA, or CMA_SYSFS off");
		return 0;
	}
	for (i = 0; i < areas.n; i++) {
		char dir[PATH_MAX];
		struct cc_cma *c = cc_cma_add(so, areas.name[i]);

		snprintf(dir, sizeof(dir), "/sys/kernel/mm/cma/%s", areas.name[i]);
		if (read_stat_dir(root, dir, c->stats, &c->nstats, CC_MAX_CMA_STATS, e) < 0)
			return -1;
	}
	set_av(&so->cma_av, CC_AV_YES, "%s", "");
	return 0;
}

/* ---- PSI, meminfo, delay accounting ---- */

static int psi_fn(void *dst, char *buf, size_t len, const char *path, struct cc_err *e)
{
	return cc_parse_psi(dst, buf, len, path, e);
}

static int meminfo_fn(void *dst, char *buf, size_t len, const char *path, struct cc_err *e)
{
	return cc_parse_meminfo(dst, buf, len, path, e);
}

/* one file into one group: 0, or -1 if malformed */
static int collect_file(const struct cc_root *root, const char *kpath, file_fn fn, void *dst,
			struct cc_avail *av, const char *absent_why, struct cc_err *e)
{
	int r = read_with(root, kpath, fn, dst, e);

	if (r == -EINVAL)
		return -1;
	if (r == 1)
		set_av(av, CC_AV_YES, "%s", "");
	else if (r == 0)
		set_av(av, CC_AV_ABSENT, "%s", absent_why);
	else
		av_errno(av, kpath, -r, absent_why);
	return 0;
}

/* ---- zram and zsmalloc ---- */

static int classes_fn(void *dst, char *buf, size_t len, const char *path, struct cc_err *e)
{
	return cc_parse_zs_classes(dst, buf, len, path, e);
}

static void zs_absent_why(const struct cc_root *root, struct cc_zram_info *z)
{
	static struct names dbg;

	if (!z->initialised)
		set_av(&z->zs_av, CC_AV_ABSENT, "%s", "device not initialised (no pool)");
	else if (!root->live)
		set_av(&z->zs_av, CC_AV_ABSENT, "%s", "not in the tree");
	else if (cc_exists(root, "/sys/kernel/debug/zsmalloc") == 0)
		set_av(&z->zs_av, CC_AV_ABSENT, "no zsmalloc/%s in debugfs", z->name);
	else if (list_dir(root, "/sys/kernel/debug", &dbg) || dbg.n == 0)
		set_av(&z->zs_av, CC_AV_ABSENT, "%s",
		       "debugfs not mounted on /sys/kernel/debug");
	else
		set_av(&z->zs_av, CC_AV_ABSENT, "%s",
		       "no zsmalloc in debugfs (kernel without CONFIG_ZSMALLOC_STAT)");
}

/* A device is initialised when its disksize is set (zram's initstate is
 * init_done(): disksize != 0) [drivers/block/zram/zram_drv.c, v6.18]. A
 * copied tree without disksize: a pool with data, or zsmalloc classes
 * (which exist only while the device has a pool), say it is. */
static int collect_one_zram(const struct cc_root *root, struct cc_zram_info *z,
			    struct cc_err *e)
{
	char kpath[PATH_MAX];
	int r, size_r;

	size_r = cc_zram_disksize(root, z->name, &z->disksize, e);
	z->initialised = z->disksize > 0;
	r = cc_zram_mm_stat(root, z->name, &z->mm, e);
	if (r == -EBADMSG)
		return -1;
	z->have_mm = r == 0;
	if (size_r == -ENOENT && z->have_mm)
		z->initialised = z->mm.v[ZMM_USED] > 0;
	snprintf(kpath, sizeof(kpath), "/sys/kernel/debug/zsmalloc/%s/classes", z->name);
	r = read_with(root, kpath, classes_fn, &z->zs, e);
	if (r == -EINVAL)
		return -1;
	if (size_r == -ENOENT && r == 1)
		z->initialised = true;
	if (r == 1)
		set_av(&z->zs_av, CC_AV_YES, "%s", "");
	else if (r == 0)
		zs_absent_why(root, z);
	else
		av_errno(&z->zs_av, kpath, -r, "");
	return 0;
}

static int by_number(const void *a, const void *b)
{
	return atoi((const char *)a + 4) - atoi((const char *)b + 4);
}

/* zram devices of dir (/sys/block, or zsmalloc's pools in debugfs, named
 * after their device) added to l, once each; -errno if dir cannot be listed */
static int add_zram_names(const struct cc_root *root, const char *dir, struct names *l)
{
	static struct names all;
	int i, j, r = list_dir(root, dir, &all);

	for (i = 0; !r && i < all.n; i++) {
		for (j = 0; j < l->n && strcmp(l->name[j], all.name[i]); j++)
			;
		if (cc_zram_name(all.name[i]) && j == l->n && l->n < MAX_ENTRIES)
			snprintf(l->name[l->n++], sizeof(l->name[0]), "%s", all.name[i]);
	}
	return r;
}

/* The devices of /sys/block, and the pools of a tree that has only
 * debugfs's zsmalloc/zramN/classes (a saved sample) */
static int collect_zram(const struct cc_root *root, struct cc_sources *so, struct cc_err *e)
{
	static struct names devs;
	int i, r;

	devs.n = 0;
	r = add_zram_names(root, "/sys/block", &devs);
	add_zram_names(root, "/sys/kernel/debug/zsmalloc", &devs);
	if (r && !devs.n) {
		set_av(&so->zram_av, CC_AV_ABSENT, "%s", "no /sys/block");
		return 0;
	}
	qsort(devs.name, (size_t)devs.n, sizeof(devs.name[0]), by_number);
	for (i = 0; i < devs.n; i++)
		if (collect_one_zram(root, cc_zram_info_add(so, devs.name[i]), e) < 0)
			return -1;
	if (so->nzram)
		set_av(&so->zram_av, CC_AV_YES, "%s", "");
	else
		set_av(&so->zram_av, CC_AV_ABSENT, "%s", "no zram devices");
	return 0;
}

/* In a saved tree a missing file says nothing about the kernel: the copy
 * may just not have it */
static void absent_from_tree(struct cc_sources *so)
{
	struct cc_avail *av[] = {
		&so->hugetlb_av, &so->mthp_av, &so->cma_av, &so->psi_av, &so->zram_av,
		&so->meminfo_av,
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(av); i++)
		if (av[i]->state == CC_AV_ABSENT) {
			av[i]->not_in_tree = true;
			snprintf(av[i]->why, sizeof(av[i]->why), "not in the tree");
		}
}

int cc_sources_collect(const struct cc_root *root, const struct cc_snapshot *s,
		       struct cc_sources *so, struct cc_err *e)
{
	long v;

	if (collect_hugetlb(root, s, so, e) < 0 || collect_mthp(root, so, e) < 0 ||
	    collect_cma(root, so, e) < 0 || collect_zram(root, so, e) < 0 ||
	    collect_file(root, "/proc/pressure/memory", psi_fn, &so->psi, &so->psi_av,
			 "no /proc/pressure/memory (kernel without PSI)", e) < 0 ||
	    collect_file(root, "/proc/meminfo", meminfo_fn, &so->meminfo, &so->meminfo_av,
			 "no /proc/meminfo", e) < 0)
		return -1;
	if (!root->live)
		absent_from_tree(so);
	if (!cc_read_long(root, "/proc/sys/kernel/task_delayacct", &v, e))
		so->task_delayacct = (int)v;
	return 0;
}
