// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The map's source and collector: /proc/kpageflags and debugfs page_owner
 * opened before the capability drop, zone spans from the snapshot's
 * zoneinfo, memory-block ownership when spans interleave, buddyinfo again
 * after the scan, page_owner when enabled. Every file through the path
 * layer (path.h), so a sysroot tree stands in for all of them.
 */
#include "map.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "metrics.h"
#include "mount.h"
#include "parse.h"

#define KPAGEFLAGS "/proc/kpageflags"
#define MEMORY_DIR "/sys/devices/system/memory"
#define DEBUGFS "/sys/kernel/debug"

/* ---- the source ---- */

static bool booted_with_page_owner(const struct cc_root *r)
{
	struct cc_file f;
	struct cc_err e;
	const char *p;
	bool on = false;

	if (cc_read_file(r, "/proc/cmdline", &f, &e))
		return false;
	/* [mm/page_owner.c: early_page_owner_param] "page_owner=on" */
	for (p = f.data; (p = strstr(p, "page_owner=on")); p++)
		if ((p == f.data || p[-1] == ' ') && (!p[13] || p[13] == ' ' || p[13] == '\n'))
			on = true;
	cc_file_free(&f);
	return on;
}

static void open_page_owner(struct cc_map_src *src, const struct cc_root *r)
{
	char dir[PATH_MAX] = DEBUGFS, kpath[PATH_MAX + 16];
	struct cc_err e;

	src->owner = CC_OWNER_OFF;
	if (r->live) {
		/* without the boot option the file does not exist, and
		 * mounting debugfs to find that out would be for nothing */
		if (!booted_with_page_owner(r)) {
			snprintf(src->owner_note, sizeof(src->owner_note),
				 "not enabled (the kernel was not booted with page_owner=on)");
			return;
		}
		cc_find_mount(r, "debugfs", dir, sizeof(dir));
		if (!dir[0]) {
			snprintf(dir, sizeof(dir), DEBUGFS);
			if (cc_mount_private("debugfs", dir, src->owner_note,
					     sizeof(src->owner_note)) < 0) {
				src->owner = CC_OWNER_UNREADABLE;
				return;
			}
		}
	}
	snprintf(kpath, sizeof(kpath), "%s/page_owner", dir);
	cc_root_path(r, src->owner_path, sizeof(src->owner_path), kpath);
	src->owner_fd = cc_root_open(r, kpath, CC_READ, &e);
	if (src->owner_fd == -ENOENT) {
		snprintf(src->owner_note, sizeof(src->owner_note), "not enabled (no %.200s)",
			 kpath);
	} else if (src->owner_fd < 0) {
		src->owner = CC_OWNER_UNREADABLE;
		snprintf(src->owner_note, sizeof(src->owner_note), "%.200s", e.msg);
	} else {
		src->owner = CC_OWNER_ON;
	}
	if (src->owner_fd < 0)
		src->owner_fd = -1;
}

void cc_map_open(struct cc_map_src *src, const struct cc_root *r, bool page_owner)
{
	memset(src, 0, sizeof(*src));
	src->owner_fd = -1;
	cc_root_path(r, src->kpf_path, sizeof(src->kpf_path), KPAGEFLAGS);
	src->kpf_fd = cc_root_open(r, KPAGEFLAGS, CC_READ, &src->kpf_why);
	if (src->kpf_fd < 0) {
		src->kpf_err = src->kpf_fd;
		src->kpf_fd = -1;
		if ((src->kpf_err == -EACCES || src->kpf_err == -EPERM) && r->live)
			cc_err_set(&src->kpf_why, src->kpf_path, 0, "%s: reading it needs root "
				   "(mode 0400)", strerror(-src->kpf_err));
	}
	if (page_owner)
		open_page_owner(src, r);
	else
		snprintf(src->owner_note, sizeof(src->owner_note), "not read");
}

void cc_map_close(struct cc_map_src *src)
{
	if (src->kpf_fd >= 0)
		close(src->kpf_fd);
	if (src->owner_fd >= 0)
		close(src->owner_fd);
	src->kpf_fd = src->owner_fd = -1;
}

/* ---- the zones ---- */

/* BUDDY on every page of a free block since v4.6 (832fc1de01ae) */
static bool buddy_head_only(const char *release)
{
	unsigned maj, min;

	return sscanf(release, "%u.%u", &maj, &min) == 2 && (maj < 4 || (maj == 4 && min < 6));
}

static bool zone_spans(const struct cc_zone *z)
{
	return z->in_zoneinfo && cc_zi_has(z, ZF_START_PFN) && z->zi[ZF_SPANNED] > 0;
}

static void zone_from_snapshot(struct cc_map_report *r, const struct cc_snapshot *s,
			       int node, const struct cc_zone *z, struct cc_map_zone *m)
{
	struct cc_contig ci;

	m->node = node;
	snprintf(m->name, sizeof(m->name), "%s", z->name);
	m->start_pfn = z->zi[ZF_START_PFN];
	m->end_pfn = m->start_pfn + z->zi[ZF_SPANNED];
	m->present = z->zi[ZF_PRESENT];
	m->managed = z->zi[ZF_MANAGED];
	m->have_managed = cc_zi_has(z, ZF_MANAGED);
	m->min_wmark = z->zi[ZF_MIN];
	m->have_min = cc_zi_has(z, ZF_MIN);
	m->pcp = z->zi[ZF_PCP];
	if (z->free_src != CC_FREE_NONE && r->order <= r->max_order) {
		cc_contig_info(z->free_blocks, s->norders, r->order, &ci);
		m->have_buddy = true;
		m->buddy_before = ci.suitable;
		memcpy(m->buddy_hist, z->free_blocks, sizeof(m->buddy_hist));
	}
}

static int add_zones(const struct cc_snapshot *s, const struct cc_map_request *q,
		     struct cc_map_report *r, struct cc_err *e)
{
	int i, j;

	r->zones = xcalloc((size_t)s->nnodes * CC_MAX_ZONES, sizeof(*r->zones));
	for (i = 0; i < s->nnodes; i++) {
		const struct cc_node *n = &s->nodes[i];

		if (!cc_nodeset_has(q->nodes, n->id))
			continue;
		for (j = 0; j < n->nzones; j++) {
			const struct cc_zone *z = &n->zones[j];

			if (!zone_spans(z) || (q->zone && strcasecmp(q->zone, z->name)))
				continue;
			/* PFN * 8 is a file offset (off_t): 2^52 pages is 2^64
			 * bytes of 4K pages, more than any machine */
			if (z->zi[ZF_SPANNED] > 1ull << 52 ||
			    z->zi[ZF_START_PFN] > (1ull << 52) - z->zi[ZF_SPANNED])
				return cc_err_set(e, "/proc/zoneinfo", 0, "node %d zone %s: "
						  "start_pfn + spanned out of range", n->id, z->name),
				       -ERANGE;
			zone_from_snapshot(r, s, n->id, z, &r->zones[r->nzones++]);
		}
	}
	if (!r->nzones)
		return cc_err_set(e, "/proc/zoneinfo", 0, "no populated zone%s%s with "
				  "start_pfn and spanned", q->zone ? " named " : "",
				  q->zone ? q->zone : ""), -ENOENT;
	return 0;
}

uint64_t cc_map_span_pfns(const struct cc_snapshot *s, const struct cc_nodeset *nodes)
{
	uint64_t sum = 0;
	int i, j;

	for (i = 0; i < s->nnodes; i++)
		for (j = 0; cc_nodeset_has(nodes, s->nodes[i].id) && j < s->nodes[i].nzones; j++)
			if (zone_spans(&s->nodes[i].zones[j]))
				sum += s->nodes[i].zones[j].zi[ZF_SPANNED];
	return sum;
}

/* ---- memory blocks, for interleaved spans ---- */

struct mblock {
	uint64_t idx;
	int node;
	char zone[12];		/* "" when it spans zones ("none") */
};

struct mblocks {
	const struct cc_root *root;
	struct mblock *b;
	size_t n, cap;
};

static int node_link_cb(const char *name, void *arg)
{
	int *node = arg;
	char *end;
	long v;

	if (strncmp(name, "node", 4))
		return 0;
	v = strtol(name + 4, &end, 10);
	if (end != name + 4 && !*end && v >= 0 && v <= CC_MAX_NODE_ID)
		*node = (int)v;
	return 0;
}

static int memory_cb(const char *name, void *arg)
{
	struct mblocks *m = arg;
	char kpath[128], line[128];
	struct mblock b = { .node = -1 };
	struct cc_err e;
	char *end;

	if (strncmp(name, "memory", 6))
		return 0;
	b.idx = strtoull(name + 6, &end, 10);
	if (end == name + 6 || *end)
		return 0;
	snprintf(kpath, sizeof(kpath), MEMORY_DIR "/%s/valid_zones", name);
	if (cc_read_line(m->root, kpath, line, sizeof(line), &e))
		return 0;
	line[strcspn(line, " ")] = '\0';
	if (strcmp(line, "none"))
		snprintf(b.zone, sizeof(b.zone), "%.11s", line);
	snprintf(kpath, sizeof(kpath), MEMORY_DIR "/%s", name);
	cc_scan_dir(m->root, kpath, node_link_cb, &b.node);
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 256;
		m->b = xrealloc(m->b, m->cap, sizeof(*m->b));
	}
	m->b[m->n++] = b;
	return 0;
}

static bool spans_overlap(const struct cc_zone *x, const struct cc_zone *y)
{
	return x != y && zone_spans(x) && zone_spans(y) &&
	       x->zi[ZF_START_PFN] < y->zi[ZF_START_PFN] + y->zi[ZF_SPANNED] &&
	       y->zi[ZF_START_PFN] < x->zi[ZF_START_PFN] + x->zi[ZF_SPANNED];
}

static bool spans_interleave(const struct cc_snapshot *s)
{
	int i, j, a, b;

	for (i = 0; i < s->nnodes; i++)
		for (a = 0; a < s->nodes[i].nzones; a++)
			for (j = 0; j < s->nnodes; j++)
				for (b = 0; b < s->nodes[j].nzones; b++)
					if (spans_overlap(&s->nodes[i].zones[a], &s->nodes[j].zones[b]))
						return true;
	return false;
}

/* belongs[] per zone from the memory blocks; NULL when not needed */
static uint8_t **owners(const struct cc_root *root, const struct cc_snapshot *s,
			struct cc_map_report *r, struct cc_map_owner *own)
{
	struct mblocks m = { .root = root };
	char line[64];
	struct cc_err e;
	uint64_t bytes, lo = UINT64_MAX, hi = 0;
	uint8_t **bel;
	size_t i;
	int z;

	if (!spans_interleave(s) ||
	    cc_read_line(root, MEMORY_DIR "/block_size_bytes", line, sizeof(line), &e))
		return NULL;
	bytes = strtoull(line, NULL, 16);
	if (!bytes || bytes % (uint64_t)s->page_size)
		return NULL;
	cc_scan_dir(root, MEMORY_DIR, memory_cb, &m);
	for (i = 0; i < m.n; i++) {
		lo = m.b[i].idx < lo ? m.b[i].idx : lo;
		hi = m.b[i].idx > hi ? m.b[i].idx : hi;
	}
	if (!m.n || hi - lo >= (1u << 24)) {
		free(m.b);
		return NULL;
	}
	bel = xcalloc((size_t)r->nzones, sizeof(*bel));
	for (z = 0; z < r->nzones; z++) {
		bel[z] = xcalloc(hi - lo + 1, 1);
		/* not listed: not online, reads as holes; count it as ours */
		memset(bel[z], 1, hi - lo + 1);
		for (i = 0; i < m.n; i++) {
			const struct mblock *b = &m.b[i];

			bel[z][b->idx - lo] = (b->node < 0 || b->node == r->zones[z].node) &&
					      (!b->zone[0] || !strcmp(b->zone, r->zones[z].name));
		}
		own[z] = (struct cc_map_owner){ bytes / (uint64_t)s->page_size, lo,
						hi - lo + 1, bel[z] };
	}
	free(m.b);
	return bel;
}

/* ---- buddyinfo after the scan ---- */

static void buddy_after(const struct cc_root *root, const struct cc_snapshot *s,
			struct cc_map_report *r)
{
	struct cc_snapshot a;
	struct cc_file f;
	struct cc_err e;
	int i;

	cc_snapshot_init(&a);
	if (cc_read_file(root, "/proc/buddyinfo", &f, &e) == 0 &&
	    cc_parse_buddyinfo(&a, f.data, f.len, f.path, &e) == 0 && a.norders == s->norders) {
		for (i = 0; i < r->nzones; i++) {
			struct cc_map_zone *m = &r->zones[i];
			const struct cc_node *n = cc_node_find(&a, m->node);
			const struct cc_zone *z = n ? cc_zone_find(n, m->name) : NULL;
			struct cc_contig ci;

			if (!z || !m->have_buddy)
				continue;
			cc_contig_info(z->free_blocks, a.norders, r->order, &ci);
			m->buddy_after = ci.suitable;
		}
	}
	cc_file_free(&f);
	cc_snapshot_free(&a);
}

/* ---- page_owner ---- */

static int read_page_owner(const struct cc_map_src *src, struct cc_map_report *r, int top,
			   struct cc_err *e)
{
	size_t cap = 1u << 20, len = 0;
	struct cc_owner_acc *acc;
	char *buf;
	int ret = 0;

	r->owner = src->owner;
	snprintf(r->owner_note, sizeof(r->owner_note), "%s", src->owner_note);
	if (src->owner_fd < 0)
		return 0;
	buf = xcalloc(cap, 1);
	acc = cc_owner_acc_new(r);
	for (;;) {
		ssize_t got = read(src->owner_fd, buf + len, cap - len);
		long used;

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			ret = -errno;
			cc_err_set(e, src->owner_path, 0, "%s", strerror(errno));
			break;
		}
		len += (size_t)got;
		/* at EOF, a last record without its blank line still counts */
		if (!got && len && buf[len - 1] != '\n' && len < cap)
			buf[len++] = '\n';
		if (!got && len && len < cap)
			buf[len++] = '\n';
		used = cc_parse_page_owner(buf, len, src->owner_path, cc_owner_acc_add, acc, e);
		if (used < 0) {
			ret = -EINVAL;
			break;
		}
		memmove(buf, buf + used, len - (size_t)used);
		len -= (size_t)used;
		if (!got)
			break;
		if (len == cap) {
			cc_err_set(e, src->owner_path, 0, "a record longer than %zu bytes", cap);
			ret = -EFBIG;
			break;
		}
	}
	free(buf);
	cc_owner_acc_finish(acc, r, top);
	return ret;
}

/* ---- the whole map ---- */

static int scan_all(const struct cc_map_src *src, struct cc_map_report *r,
		    const struct cc_map_params *p, struct cc_map_owner *own, struct cc_err *e)
{
	int i, ret;

	if (src->kpf_fd < 0) {
		*e = src->kpf_why;
		return src->kpf_err;
	}
	for (i = 0; i < r->nzones; i++) {
		struct cc_map_zone *z = &r->zones[i];
		double t0 = cc_monotonic();

		if ((ret = cc_map_zone_init(z, p, e)) < 0 ||
		    (ret = cc_map_scan_zone(src->kpf_fd, src->kpf_path, p, own ? &own[i] : NULL,
					    z, e)) < 0)
			return ret;
		z->scan_seconds = cc_monotonic() - t0;
	}
	return 0;
}

int cc_map_collect(const struct cc_root *root, const struct cc_map_src *src,
		   const struct cc_snapshot *s, const struct cc_map_request *q,
		   struct cc_map_report *r, struct cc_err *e)
{
	struct cc_map_params p;
	struct cc_map_owner *own;
	uint8_t **bel;
	double t0;
	int i, ret;

	memset(r, 0, sizeof(*r));
	snprintf(r->kernel, sizeof(r->kernel), "%s", s->kernel);
	r->page_size = s->page_size;
	r->pageblock_order = s->pageblock_order;
	r->max_order = s->norders - 1;
	r->order = q->order < 0 ? s->pageblock_order : q->order;
	r->unevictable_movable = cc_knob(s, K_UNEVICTABLE) != 0;
	r->buddy_head_only = buddy_head_only(s->kernel);
	r->with_blocks = q->blocks;
	p = (struct cc_map_params){ r->order, r->pageblock_order, r->max_order,
				    r->unevictable_movable, r->buddy_head_only, 0, false };
	if (r->max_order < 0 || r->max_order >= CC_MAX_ORDERS)
		return cc_err_set(e, "/proc/buddyinfo", 0, "no order columns"), -ENOENT;
	if ((ret = add_zones(s, q, r, e)) < 0)
		return ret;
	own = xcalloc((size_t)r->nzones, sizeof(*own));
	bel = owners(root, s, r, own);
	t0 = cc_monotonic();
	ret = scan_all(src, r, &p, bel ? own : NULL, e);
	r->seconds = cc_monotonic() - t0;
	for (i = 0; bel && i < r->nzones; i++)
		free(bel[i]);
	free(bel);
	free(own);
	if (ret < 0)
		return ret;
	buddy_after(root, s, r);
	for (i = 0; i < r->nzones; i++)
		cc_map_finish_zone(&p, &r->zones[i]);
	return read_page_owner(src, r, q->top_stacks, e);
}

bool cc_map_when_cheap(const struct cc_root *root, const struct cc_map_src *src,
		       const struct cc_snapshot *s, const struct cc_nodeset *nodes,
		       uint64_t limit, struct cc_map_report *r, char *why, size_t n)
{
	struct cc_map_request q = { .nodes = nodes, .order = -1 };
	uint64_t pfns = cc_map_span_pfns(s, nodes);
	struct cc_err e;

	memset(r, 0, sizeof(*r));
	if (src->kpf_fd < 0) {
		snprintf(why, n, "%s", src->kpf_why.msg);
		return false;
	}
	if (limit && pfns > limit) {
		snprintf(why, n, "%llu page frames to scan, more than %llu: 'compactctl map' "
			 "shows it", (unsigned long long)pfns, (unsigned long long)limit);
		return false;
	}
	if (cc_map_collect(root, src, s, &q, r, &e) < 0) {
		cc_map_report_free(r);
		snprintf(why, n, "%s", e.msg);
		return false;
	}
	return true;
}
