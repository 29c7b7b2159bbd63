// SPDX-License-Identifier: GPL-2.0-or-later
/* Fills one snapshot from the kernel's files, through the sysroot layer. */
#include "snapshot.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "arch.h"
#include "metrics.h"
#include "parse.h"
#include "path.h"
#include "sources.h"

typedef int (*parse_fn)(struct cc_snapshot *, char *, size_t, const char *,
			struct cc_err *);

static void note_errno(const struct cc_root *r, struct cc_snapshot *s, const char *kpath,
		       int err)
{
	char real[PATH_MAX], why[160];

	cc_root_path(r, real, sizeof(real), kpath);
	if ((err == EACCES || err == EPERM) && !strcmp(kpath, "/proc/pagetypeinfo"))
		snprintf(why, sizeof(why),
			 "%s (root only since Linux 5.4); per-migratetype data omitted",
			 strerror(err));
	else
		snprintf(why, sizeof(why), "%s", strerror(err));
	cc_add_note(s, real, why);
}

/* what to do when kpath cannot be opened: 0 absent or unreadable (noted),
 * -1 an error (required) */
static int open_failed(const struct cc_root *root, struct cc_snapshot *s, const char *kpath,
		       int r, bool required)
{
	if (r == -ENOENT && !required)
		return 0;
	if (required)
		return -1;
	note_errno(root, s, kpath, -r);
	return 0;
}

/* 1 parsed, 0 absent or unreadable (noted), -1 error */
static int read_parse(const struct cc_root *root, struct cc_snapshot *s, const char *kpath,
		      parse_fn fn, bool required, struct cc_err *e)
{
	struct cc_file f;
	int r;

	r = cc_read_file(root, kpath, &f, e);
	if (r)
		return open_failed(root, s, kpath, r, required);
	r = fn(s, f.data, f.len, f.path, e);
	cc_file_free(&f);
	return r < 0 ? -1 : 1;
}

/* read_parse for the parsers that take lines: a regular file is streamed
 * (cc_lines_stream), not read whole into a buffer (the three files are
 * megabytes at 1024 nodes: their fresh pages were a fifth of snapshot's
 * time). A read that fails once lines were parsed is an error, not a note
 * as a failed open is: part of the file is already in the snapshot. */
static int stream_parse(const struct cc_root *root, struct cc_snapshot *s, const char *kpath,
			cc_lines_parser *fn, bool required, struct cc_err *e)
{
	struct cc_lines c;
	struct cc_file f;
	int fd, r;

	r = cc_open_text(root, kpath, &f, &fd, e);
	if (r)
		return open_failed(root, s, kpath, r, required);
	r = fd >= 0 ? cc_lines_stream(&c, fd, f.path, e) :
		      cc_lines_init(&c, f.data, f.len, f.path, e);
	if (r < 0) {
		r = -1;
	} else if (cc_lines_empty(&c) && !strcmp(kpath, "/proc/pagetypeinfo")) {
		/* a copy made without root leaves pagetypeinfo (0400) empty:
		 * the live non-root case is a note too */
		cc_add_note(s, f.path, "0 bytes (copied without root?); "
			    "per-migratetype data omitted");
		r = 0;
	} else {
		r = fn(s, &c, e) < 0 ? -1 : 1;
	}
	cc_lines_free(&c);
	cc_file_free(&f);
	return r;
}

static int read_knobs(const struct cc_root *root, struct cc_snapshot *s, struct cc_err *e)
{
	int k;

	for (k = 0; k < K__N; k++) {
		char kpath[96];
		long v;
		int r;

		snprintf(kpath, sizeof(kpath), "/proc/sys/vm/%s", cc_knobs[k].name);
		r = cc_read_long(root, kpath, &v, e);
		if (r == -ENOENT)
			continue;
		if (r == -EINVAL)
			return -1;
		if (r) {
			note_errno(root, s, kpath, -r);
			continue;
		}
		s->knob[k] = v;
		s->knob_set |= 1u << k;
	}
	/* A sosreport copies /proc/sys/vm on some versions only, but always
	 * saves sysctl's listing; a path of the dump's layout, so never live. */
	if (!root->live && !s->knob_set &&
	    read_parse(root, s, "/sos_commands/kernel/sysctl_-a", cc_parse_sysctl, false, e) < 0)
		return -1;
	return 0;
}

static void read_thp(const struct cc_root *root, struct cc_snapshot *s)
{
	struct cc_err e;
	long v;

	cc_read_choice(root, "/sys/kernel/mm/transparent_hugepage/enabled", s->thp_enabled,
		       sizeof(s->thp_enabled));
	cc_read_choice(root, "/sys/kernel/mm/transparent_hugepage/defrag", s->thp_defrag,
		       sizeof(s->thp_defrag));
	if (!cc_read_long(root, "/sys/kernel/mm/transparent_hugepage/khugepaged/defrag", &v, &e))
		s->khugepaged_defrag = v;
	if (!cc_read_long(root, "/sys/kernel/mm/transparent_hugepage/hpage_pmd_size", &v, &e) &&
	    v > 0)
		s->hpage_pmd_size = (uint64_t)v;
}

static int node_dir_cb(const char *name, void *arg)
{
	char *end;
	long id;

	if (strncmp(name, "node", 4) || !name[4])
		return 0;
	id = strtol(name + 4, &end, 10);
	if (!*end && id >= 0 && id <= CC_MAX_NODE_ID)
		cc_nodeset_add(arg, (int)id);
	return 0;
}

void cc_node_dirs(const struct cc_root *root, struct cc_nodeset *found)
{
	memset(found, 0, sizeof(*found));
	cc_scan_dir(root, "/sys/devices/system/node", node_dir_cb, found);
}

/* The nodes, memoryless ones too: live and in a tree alike, from sysfs
 * (libnuma reads the same directory, but its constructor cost every
 * command 0.3 ms; tests/unit/test-nodes-libnuma.c compares the two). */
static void read_nodes(const struct cc_root *root, struct cc_snapshot *s)
{
	struct cc_nodeset set;
	char buf[4096];
	struct cc_err e;
	int i;

	if (!cc_read_line(root, "/sys/devices/system/node/online", buf, sizeof(buf), &e) &&
	    !cc_nodeset_parse(&set, buf)) {
		for (i = cc_nodeset_next(&set, 0); i >= 0; i = cc_nodeset_next(&set, i + 1))
			cc_node_get(s, i, true);
		return;
	}
	cc_node_dirs(root, &set);
	for (i = cc_nodeset_next(&set, 0); i >= 0; i = cc_nodeset_next(&set, i + 1))
		cc_node_get(s, i, true);
}

/* The architecture: uname when live; in a tree kernel.arch (>= 6.1?) or the
 * arch a distribution puts in the release string. */
static void derive_arch(const struct cc_root *root, struct cc_snapshot *s)
{
	const char *a = NULL;
	char buf[64];
	struct cc_err e;

	if (s->machine[0])
		a = cc_arch_canonical(s->machine);
	if (!a && !cc_read_line(root, "/proc/sys/kernel/arch", buf, sizeof(buf), &e))
		a = cc_arch_canonical(buf);
	if (!a && s->kernel[0])
		a = cc_arch_from_release(s->kernel);
	snprintf(s->arch, sizeof(s->arch), "%s", a ? a : "");
}

/* /proc/meminfo Hugepagesize (kB), 0 when not there */
static uint64_t hugepagesize_kb(const struct cc_root *root)
{
	struct cc_meminfo m;
	struct cc_file f;
	struct cc_err e;
	int r;

	if (cc_read_file(root, "/proc/meminfo", &f, &e))
		return 0;
	r = cc_parse_meminfo(&m, f.data, f.len, f.path, &e);
	cc_file_free(&f);
	return !r && (m.set & (1u << MI_HP_SIZE)) ? m.v[MI_HP_SIZE] : 0;
}

/* MemTotal kB / managed pages, when that is a whole power of two of at
 * least 4K; else 0 */
static long page_size_of(uint64_t kb, uint64_t managed)
{
	if (managed && (kb * 1024) % managed == 0 && cc_ilog2_exact(kb * 1024 / managed) >= 12)
		return (long)(kb * 1024 / managed);
	return 0;
}

/* The managed pages of every zone of node n (of every node when n is
 * NULL); 0 when some zone lacks the count (no zoneinfo). */
static uint64_t managed_pages(const struct cc_snapshot *s, const struct cc_node *n)
{
	uint64_t m = 0;
	int i, j;

	for (i = 0; i < s->nnodes; i++) {
		const struct cc_node *ni = &s->nodes[i];

		if (n && ni != n)
			continue;
		if (!ni->nzones)
			return 0;
		for (j = 0; j < ni->nzones; j++) {
			if (!cc_zi_has(&ni->zones[j], ZF_MANAGED))
				return 0;
			m += ni->zones[j].zi[ZF_MANAGED];
		}
	}
	return m;
}

/* Node MemTotal over the node's managed pages (si_meminfo_node() sums
 * zone_managed_pages) [mm/show_mem.c: si_meminfo_node, v6.18], summed over
 * the nodes whose meminfo is there. */
static long page_size_from_nodes(const struct cc_root *root, struct cc_snapshot *s)
{
	uint64_t kb = 0, managed = 0;
	int i;

	for (i = 0; i < s->nnodes; i++) {
		struct cc_node *n = &s->nodes[i];
		uint64_t m = managed_pages(s, n);
		char kpath[96];
		struct cc_file f;
		struct cc_err e;

		if (!m)
			continue;
		snprintf(kpath, sizeof(kpath), "/sys/devices/system/node/node%d/meminfo", n->id);
		if (cc_read_file(root, kpath, &f, &e))
			continue;
		if (!cc_parse_node_meminfo(n, f.data, f.len, f.path, &e)) {
			kb += n->memtotal_kb;
			managed += m;
		}
		cc_file_free(&f);
	}
	return page_size_of(kb, managed);
}

/* /proc/meminfo MemTotal over every zone's managed pages: MemTotal is
 * totalram_pages(), which adjust_managed_page_count() keeps equal to the
 * zones' managed pages [mm/show_mem.c: si_meminfo; mm/page_alloc.c:
 * adjust_managed_page_count, v6.18]. For a dump without the node files
 * (sosreport collects them only with its numa plugin). */
static long page_size_from_meminfo(const struct cc_root *root, const struct cc_snapshot *s)
{
	uint64_t kb, managed = managed_pages(s, NULL);
	struct cc_file f;
	struct cc_err e;
	int r;

	if (!managed || cc_read_file(root, "/proc/meminfo", &f, &e))
		return 0;
	r = cc_parse_meminfo_total(f.data, f.len, f.path, &kb, &e);
	cc_file_free(&f);
	return r ? 0 : page_size_of(kb, managed);
}

/* In a sysroot: from MemTotal and the managed pages, per node, else for
 * the whole machine; else what the architecture, the order count and
 * Hugepagesize allow (arch.c); else assumed. */
static void derive_page_size(const struct cc_root *root, struct cc_snapshot *s)
{
	long ps;

	if (root->live) {
		s->page_size = sysconf(_SC_PAGESIZE);
		s->page_size_src = CC_SRC_KERNEL;
		return;
	}
	ps = page_size_from_nodes(root, s);
	if (!ps)
		ps = page_size_from_meminfo(root, s);
	if (!ps)
		ps = cc_arch_page_size(s->arch[0] ? s->arch : NULL, s->norders,
				       hugepagesize_kb(root));
	s->page_size = ps > 0 ? ps : 4096;
	s->page_size_src = ps > 0 ? CC_SRC_DERIVED : CC_SRC_ASSUMED;
}

static void derive_orders(struct cc_snapshot *s)
{
	int max = s->norders - 1;
	int thp = -1;

	if (s->hpage_pmd_size && s->page_size > 0 &&
	    s->hpage_pmd_size % (uint64_t)s->page_size == 0)
		thp = cc_ilog2_exact(s->hpage_pmd_size / (uint64_t)s->page_size);
	/* COMPACTION_HPAGE_ORDER is the PMD order whatever the pageblock order
	 * (10 on kernels without hugetlbfs) [mm/compaction.c, v6.18] */
	if (thp < 0 && s->page_size_src != CC_SRC_ASSUMED)
		thp = cc_arch_pmd_order(s->arch[0] ? s->arch : NULL, s->page_size);
	if (s->pageblock_src == CC_SRC_UNKNOWN) {
		if (thp >= 0) {
			s->pageblock_order = thp < max ? thp : max;
			s->pageblock_src = CC_SRC_DERIVED;
		} else {
			s->pageblock_order = 9 < max ? 9 : max;
			s->pageblock_src = CC_SRC_ASSUMED;
		}
	}
	if (thp >= 0) {
		s->thp_order = thp;
		s->thp_order_src = CC_SRC_DERIVED;
	} else {
		s->thp_order = s->pageblock_order;
		s->thp_order_src = CC_SRC_ASSUMED;
	}
}

/* Zones seen only in pagetypeinfo: free blocks = sum over migratetypes. */
static void derive_free_from_pti(struct cc_snapshot *s)
{
	int i, j, t, o;

	for (i = 0; i < s->nnodes; i++) {
		for (j = 0; j < s->nodes[i].nzones; j++) {
			struct cc_zone *z = &s->nodes[i].zones[j];

			if (z->free_src != CC_FREE_NONE || !z->in_pti)
				continue;
			for (t = 0; t < s->nmt; t++) {
				for (o = 0; o < s->norders; o++)
					z->free_blocks[o] += z->mt_free[t][o];
				if (z->mt_capped[t])
					z->free_lower_bound = true;
			}
			z->free_src = CC_FREE_PAGETYPEINFO;
			z->populated = true;
		}
	}
}

int cc_snapshot_collect(const struct cc_root *root, struct cc_snapshot *s, struct cc_err *e)
{
	return cc_snapshot_collect_ex(root, s, 0, e);
}

int cc_snapshot_collect_ex(const struct cc_root *root, struct cc_snapshot *s, unsigned flags,
			   struct cc_err *e)
{
	return cc_snapshot_collect_keep(root, s, flags, NULL, e);
}

static void copy_statics(struct cc_snapshot *s, const struct cc_snapshot *from)
{
	memcpy(s->kernel, from->kernel, sizeof(s->kernel));
	memcpy(s->knob, from->knob, sizeof(s->knob));
	s->knob_set = from->knob_set;
	memcpy(s->thp_enabled, from->thp_enabled, sizeof(s->thp_enabled));
	memcpy(s->thp_defrag, from->thp_defrag, sizeof(s->thp_defrag));
	s->khugepaged_defrag = from->khugepaged_defrag;
	s->hpage_pmd_size = from->hpage_pmd_size;
}

int cc_snapshot_read_statics(const struct cc_root *root, struct cc_snapshot *s,
			     struct cc_err *e)
{
	if (cc_read_line(root, "/proc/sys/kernel/osrelease", s->kernel, sizeof(s->kernel), e))
		s->kernel[0] = '\0';
	s->knob_set = 0;
	if (read_knobs(root, s, e) < 0)
		return -1;
	read_thp(root, s);
	return 0;
}

int cc_snapshot_collect_keep(const struct cc_root *root, struct cc_snapshot *s, unsigned flags,
			     const struct cc_snapshot *statics, struct cc_err *e)
{
	struct cc_err bud_err;
	char bud_path[PATH_MAX];
	int r, i, j, have_buddy;
	struct utsname u;

	clock_gettime(CLOCK_REALTIME, &s->taken);
	if (statics)
		copy_statics(s, statics);
	else if (cc_read_line(root, "/proc/sys/kernel/osrelease", s->kernel, sizeof(s->kernel), e))
		s->kernel[0] = '\0';
	if (root->live && !uname(&u))
		snprintf(s->machine, sizeof(s->machine), "%.64s", u.machine);

	cc_root_path(root, bud_path, sizeof(bud_path), "/proc/buddyinfo");
	have_buddy = stream_parse(root, s, "/proc/buddyinfo", cc_parse_buddyinfo_lines, true,
				  &bud_err);
	if (have_buddy < 0) {
		/* a dump may hold only pagetypeinfo; anything else is fatal */
		if (cc_exists(root, "/proc/buddyinfo") != -ENOENT) {
			*e = bud_err;
			return -1;
		}
	}
	/* without buddyinfo, pagetypeinfo is the only source of free counts */
	r = 0;
	if (!(flags & CC_COLLECT_NO_PAGETYPEINFO) || have_buddy < 0)
		r = stream_parse(root, s, "/proc/pagetypeinfo", cc_parse_pagetypeinfo_lines, false,
				 e);
	if (r < 0)
		return -1;
	if (have_buddy < 0 && r == 0) {
		*e = bud_err;
		return -1;
	}
	if (stream_parse(root, s, "/proc/zoneinfo", cc_parse_zoneinfo_lines, false, e) < 0 ||
	    read_parse(root, s, "/proc/vmstat", cc_parse_vmstat, false, e) < 0 ||
	    (!statics && read_knobs(root, s, e) < 0))
		return -1;
	if (!statics) {
		read_thp(root, s);
		read_nodes(root, s);
	} else {
		/* the nodes online (memoryless ones too) change with hotplug
		 * only: the statics' list (those with memory are in buddyinfo
		 * anyway) */
		for (i = 0; i < statics->nnodes; i++)
			cc_node_get(s, statics->nodes[i].id, true);
	}

	derive_free_from_pti(s);
	derive_arch(root, s);
	derive_page_size(root, s);
	derive_orders(s);

	if (!cc_exists(root, "/proc/sys/vm/compact_memory") || cc_vmstat_find(s, "compact_stall"))
		s->compaction = 1;
	else if (!cc_exists(root, "/proc/sys/vm") && s->have_vmstat &&
		 !cc_vmstat_find(s, "compact_migrate_scanned"))
		s->compaction = 0;

	for (i = 0; i < s->nnodes; i++)
		for (j = 0; j < s->nodes[i].nzones; j++)
			if (!cc_zone_sane(&s->nodes[i].zones[j], s->norders))
				return cc_err_set(e, bud_path, 0,
						  "node %d zone %s: free page count overflows 64-bit arithmetic",
						  s->nodes[i].id, s->nodes[i].zones[j].name);
	return 0;
}

int cc_vmstat_collect(const struct cc_root *root, struct cc_snapshot *s, struct cc_err *e)
{
	return read_parse(root, s, "/proc/vmstat", cc_parse_vmstat, true, e) < 0 ? -1 : 0;
}

int cc_zoneinfo_collect(const struct cc_root *root, struct cc_snapshot *s, struct cc_err *e)
{
	return stream_parse(root, s, "/proc/zoneinfo", cc_parse_zoneinfo_lines, true, e) < 0 ?
	       -1 : 0;
}

void cc_snapshot_print_notes(const struct cc_snapshot *s)
{
	int i;

	for (i = 0; i < s->nnotes; i++)
		cc_warn("note: %s not read: %s", s->notes[i].file, s->notes[i].why);
}
