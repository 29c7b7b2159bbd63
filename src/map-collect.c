// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The map's collector: zone spans from the snapshot's zoneinfo, memory-block
 * ownership when spans interleave, /proc/kpageflags opened once, buddyinfo
 * again after the scan, page_owner when enabled. All through the sysroot.
 */
#include "map.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "metrics.h"
#include "parse.h"
#include "snapshot.h"
#include "sysroot.h"

#define KPAGEFLAGS "/proc/kpageflags"
#define MEMORY_DIR "/sys/devices/system/memory"
#define PAGE_OWNER "/sys/kernel/debug/page_owner"

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

static int add_zones(const struct cc_snapshot *s, const struct cc_map_request *q,
		     struct cc_map_report *r, struct cc_err *e)
{
	int i, j;

	r->zones = xcalloc((size_t)s->nnodes * CC_MAX_ZONES, sizeof(*r->zones));
	for (i = 0; i < s->nnodes; i++) {
		const struct cc_node *n = &s->nodes[i];

		if (q->nodes && !q->nodes[n->id])
			continue;
		for (j = 0; j < n->nzones; j++) {
			const struct cc_zone *z = &n->zones[j];
			struct cc_map_zone *m = &r->zones[r->nzones];
			struct cc_contig ci;

			if (!zone_spans(z) || (q->zone && strcasecmp(q->zone, z->name)))
				continue;
			/* PFN * 8 is a file offset (off_t): 2^52 pages is 2^64
			 * bytes of 4K pages, more than any machine */
			if (z->zi[ZF_SPANNED] > 1ull << 52 ||
			    z->zi[ZF_START_PFN] > (1ull << 52) - z->zi[ZF_SPANNED])
				return cc_err_set(e, "/proc/zoneinfo", 0, "node %d zone %s: "
						  "start_pfn + spanned out of range", n->id, z->name);
			m->node = n->id;
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
			r->nzones++;
		}
	}
	if (!r->nzones)
		return cc_err_set(e, "/proc/zoneinfo", 0, "no populated zone%s%s with "
				  "start_pfn and spanned", q->zone ? " named " : "",
				  q->zone ? q->zone : "");
	return 0;
}

/* ---- memory blocks, for interleaved spans ---- */

struct mblock {
	uint64_t idx;
	int node;
	char zone[12];		/* "" when it spans zones ("none") */
};

struct mblocks {
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
	if (cc_read_line(kpath, line, sizeof(line), &e))
		return 0;
	line[strcspn(line, " ")] = '\0';
	if (strcmp(line, "none"))
		snprintf(b.zone, sizeof(b.zone), "%.11s", line);
	snprintf(kpath, sizeof(kpath), MEMORY_DIR "/%s", name);
	cc_scan_dir(kpath, node_link_cb, &b.node);
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 256;
		m->b = xrealloc(m->b, m->cap, sizeof(*m->b));
	}
	m->b[m->n++] = b;
	return 0;
}

static bool spans_interleave(const struct cc_snapshot *s)
{
	int i, j, a, b;

	for (i = 0; i < s->nnodes; i++)
		for (a = 0; a < s->nodes[i].nzones; a++)
			for (j = 0; j < s->nnodes; j++)
				for (b = 0; b < s->nodes[j].nzones; b++) {
					const struct cc_zone *x = &s->nodes[i].zones[a];
					const struct cc_zone *y = &s->nodes[j].zones[b];

					if (x == y || !zone_spans(x) || !zone_spans(y))
						continue;
					if (x->zi[ZF_START_PFN] < y->zi[ZF_START_PFN] + y->zi[ZF_SPANNED] &&
					    y->zi[ZF_START_PFN] < x->zi[ZF_START_PFN] + x->zi[ZF_SPANNED])
						return true;
				}
	return false;
}

/* belongs[] per zone from the memory blocks; NULL owners when not needed */
static uint8_t **owners(const struct cc_snapshot *s, struct cc_map_report *r,
			struct cc_map_owner *own)
{
	struct mblocks m = { 0 };
	char line[64];
	struct cc_err e;
	uint64_t bytes, lo = UINT64_MAX, hi = 0;
	uint8_t **bel;
	size_t i;
	int z;

	if (!spans_interleave(s) ||
	    cc_read_line(MEMORY_DIR "/block_size_bytes", line, sizeof(line), &e))
		return NULL;
	bytes = strtoull(line, NULL, 16);
	if (!bytes || bytes % (uint64_t)s->page_size)
		return NULL;
	cc_scan_dir(MEMORY_DIR, memory_cb, &m);
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

static void buddy_after(const struct cc_snapshot *s, struct cc_map_report *r)
{
	struct cc_snapshot a;
	struct cc_file f;
	struct cc_err e;
	int i;

	cc_snapshot_init(&a);
	if (cc_read_file("/proc/buddyinfo", &f, &e) == 0) {
		if (cc_parse_buddyinfo(&a, f.data, f.len, f.path, &e) == 0 &&
		    a.norders == s->norders) {
			for (i = 0; i < r->nzones; i++) {
				struct cc_map_zone *m = &r->zones[i];
				struct cc_node *n = cc_node_get(&a, m->node, false);
				struct cc_zone *z = n ? cc_zone_get(n, m->name, false) : NULL;
				struct cc_contig ci;

				if (!z || !m->have_buddy)
					continue;
				cc_contig_info(z->free_blocks, a.norders, r->order, &ci);
				m->buddy_after = ci.suitable;
			}
		}
		cc_file_free(&f);
	}
	cc_snapshot_free(&a);
}

/* ---- page_owner ---- */

static int read_page_owner(struct cc_map_report *r, int top, struct cc_err *e)
{
	size_t cap = 1u << 20, len = 0;
	char path[PATH_MAX], *buf;
	struct cc_owner_acc *acc;
	int fd, ret = 0;

	if (cc_exists(PAGE_OWNER) < 0) {
		r->owner = CC_OWNER_OFF;
		snprintf(r->owner_note, sizeof(r->owner_note), "not enabled (no %s)",
			 PAGE_OWNER);
		return 0;
	}
	cc_path(path, sizeof(path), PAGE_OWNER);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		r->owner = CC_OWNER_UNREADABLE;
		snprintf(r->owner_note, sizeof(r->owner_note), "%.160s: %s", path, strerror(errno));
		return 0;
	}
	r->owner = CC_OWNER_ON;
	buf = xcalloc(cap, 1);
	acc = cc_owner_acc_new(r);
	for (;;) {
		ssize_t got = read(fd, buf + len, cap - len);
		long used;

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			ret = cc_err_set(e, path, 0, "%s", strerror(errno));
			break;
		}
		len += (size_t)got;
		/* at EOF, a last record without its blank line still counts */
		if (!got && len && buf[len - 1] != '\n' && len < cap)
			buf[len++] = '\n';
		if (!got && len && len < cap)
			buf[len++] = '\n';
		used = cc_parse_page_owner(buf, len, path, cc_owner_acc_add, acc, e);
		if (used < 0) {
			ret = -1;
			break;
		}
		memmove(buf, buf + used, len - (size_t)used);
		len -= (size_t)used;
		if (!got)
			break;
		if (len == cap) {
			ret = cc_err_set(e, path, 0, "a record longer than %zu bytes", cap);
			break;
		}
	}
	close(fd);
	free(buf);
	cc_owner_acc_finish(acc, r, top);
	return ret;
}

/* ---- the whole map ---- */

static int scan_all(struct cc_map_report *r, const struct cc_map_params *p,
		    struct cc_map_owner *own, struct cc_err *e)
{
	char path[PATH_MAX];
	int fd, i;

	if (cc_path(path, sizeof(path), KPAGEFLAGS) < 0)
		return cc_err_set(e, KPAGEFLAGS, 0, "path too long under the sysroot");
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		int err = errno;

		if ((err == EACCES || err == EPERM) && cc_is_live())
			return cc_err_set(e, path, 0, "%s: reading it needs root (mode 0400)",
					  strerror(err));
		return cc_err_set(e, path, 0, "%s", strerror(err));
	}
	for (i = 0; i < r->nzones; i++) {
		struct cc_map_zone *z = &r->zones[i];
		double t0 = cc_monotonic();

		if (cc_map_zone_init(z, p, e) < 0 ||
		    cc_map_scan_zone(fd, path, p, own ? &own[i] : NULL, z, e) < 0) {
			close(fd);
			return -1;
		}
		z->scan_seconds = cc_monotonic() - t0;
	}
	close(fd);
	return 0;
}

int cc_map_collect(const struct cc_snapshot *s, const struct cc_map_request *q,
		   struct cc_map_report *r, struct cc_err *e)
{
	struct cc_map_params p = { 0 };
	struct cc_map_owner *own;
	uint8_t **bel;
	double t0;
	int i, ret;

	memset(r, 0, sizeof(*r));
	snprintf(r->kernel, sizeof(r->kernel), "%s", s->kernel);
	/* from a file: no control characters to the terminal, no markup in SVG */
	for (i = 0; r->kernel[i]; i++)
		if ((unsigned char)r->kernel[i] < 0x20 || (unsigned char)r->kernel[i] >= 0x7f ||
		    strchr("<>&\"'", r->kernel[i]))
			r->kernel[i] = '?';
	r->page_size = s->page_size;
	r->pageblock_order = s->pageblock_order;
	r->max_order = s->norders - 1;
	r->order = q->order < 0 ? s->pageblock_order : q->order;
	r->unevictable_movable = cc_knob(s, K_UNEVICTABLE) != 0;
	r->buddy_head_only = buddy_head_only(s->kernel);
	p = (struct cc_map_params){ r->order, r->pageblock_order, r->max_order,
				    r->unevictable_movable, r->buddy_head_only, 0, false };
	if (r->max_order < 0 || r->max_order >= CC_MAX_ORDERS)
		return cc_err_set(e, "/proc/buddyinfo", 0, "no order columns");
	if (add_zones(s, q, r, e) < 0)
		return -1;
	own = xcalloc((size_t)r->nzones, sizeof(*own));
	bel = owners(s, r, own);
	t0 = cc_monotonic();
	ret = scan_all(r, &p, bel ? own : NULL, e);
	r->seconds = cc_monotonic() - t0;
	if (bel)
		for (i = 0; i < r->nzones; i++)
			free(bel[i]);
	free(bel);
	free(own);
	if (ret < 0)
		return -1;
	buddy_after(s, r);
	for (i = 0; i < r->nzones; i++)
		cc_map_finish_zone(&p, &r->zones[i]);
	if (q->page_owner)
		return read_page_owner(r, q->top_stacks, e);
	return 0;
}

int cc_map_ceiling_for_nodes(const bool *nodes, int order, uint64_t *blocks,
			     struct cc_err *e)
{
	struct cc_map_request q = { .nodes = nodes, .order = order };
	struct cc_map_report r;
	struct cc_snapshot s;
	int i, ret;

	*blocks = 0;
	memset(&r, 0, sizeof(r));
	cc_snapshot_init(&s);
	ret = cc_snapshot_collect_ex(&s, CC_COLLECT_NO_PAGETYPEINFO, e);
	if (!ret)
		ret = cc_map_collect(&s, &q, &r, e);
	if (!ret)
		for (i = 0; i < r.nzones; i++)
			*blocks += r.zones[i].ceil.blocks;
	cc_map_report_free(&r);
	cc_snapshot_free(&s);
	return ret;
}
