// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * debugfs page_owner (CONFIG_PAGE_OWNER, boot with page_owner=on): one
 * record per allocated page block [mm/page_owner.c: print_page_owner]:
 *
 *   Page allocated via order 0, mask 0xcc0(GFP_KERNEL), pid 1, tgid 1 (sh), ts 5 ns
 *   PFN 0x1234 type Unmovable Block 9 type Unmovable Flags 0x...(...)
 *    stack frame
 *    ...
 *   <blank line>
 *
 * (PFN is decimal before 5.x, "%#lx" since.) The stack lines key the
 * attribution of immovable pages in blocked blocks.
 */
#include "map.h"

#include <stdlib.h>
#include <string.h>

static const char *line_end(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));

	return nl ? nl : end;
}

static bool starts(const char *p, const char *end, const char *s)
{
	size_t n = strlen(s);

	return (size_t)(end - p) >= n && !memcmp(p, s, n);
}

/* digits (decimal or 0x hex) at p, up to lim; -1 if none or too large */
static int number(const char *p, const char *lim, uint64_t *out)
{
	char tmp[24];
	size_t n = 0;
	char *e;

	while (p + n < lim && n < sizeof(tmp) - 1 && p[n] != ' ' && p[n] != ',' &&
	       p[n] != '\n')
		n++;
	if (!n || n == sizeof(tmp) - 1)
		return -1;
	memcpy(tmp, p, n);
	tmp[n] = '\0';
	if (tmp[0] == '-' || tmp[0] == '+')
		return -1;
	*out = strtoull(tmp, &e, 0);
	return *e ? -1 : 0;
}

static int record(const char *p, const char *end, const char *path, size_t off,
		  int (*cb)(const struct cc_owner_record *, void *), void *arg,
		  struct cc_err *e)
{
	static const char head[] = "Page allocated via order ";
	struct cc_owner_record rec = { 0 };
	const char *l1 = line_end(p, end), *l2, *t;
	uint64_t v;

	if (!starts(p, l1, head) || number(p + sizeof(head) - 1, l1, &v) < 0 ||
	    v >= CC_MAX_ORDERS)
		return cc_err_set(e, path, 0, "record at byte %zu: expected "
				  "'Page allocated via order N'", off);
	rec.order = (int)v;
	if (l1 == end)
		goto bad_pfn;
	l2 = line_end(l1 + 1, end);
	if (!starts(l1 + 1, l2, "PFN ") || number(l1 + 5, l2, &rec.pfn) < 0)
		goto bad_pfn;
	/* "type Movable" right after the PFN: the allocation's migratetype */
	t = l1 + 5;
	while (t < l2 && *t != ' ')
		t++;
	if (starts(t, l2, " type Movable"))
		return 0;	/* movable allocations do not block compaction */
	rec.stack = l2 < end ? l2 + 1 : end;
	/* the frames; the migration and memcg lines after them vary for the
	 * same stack */
	for (t = rec.stack; t < end; t = line_end(t, end) + 1)
		if (starts(t, end, "Page has been migrated") || starts(t, end, "Charged"))
			break;
	rec.stack_len = (size_t)((t < end ? t : end) - rec.stack);
	while (rec.stack_len && rec.stack[rec.stack_len - 1] == '\n')
		rec.stack_len--;
	return cb(&rec, arg);
bad_pfn:
	return cc_err_set(e, path, 0, "record at byte %zu: expected 'PFN N' on its "
			  "second line", off);
}

long cc_parse_page_owner(const char *buf, size_t len, const char *path,
			 int (*cb)(const struct cc_owner_record *rec, void *arg),
			 void *arg, struct cc_err *e)
{
	const char *p = buf, *end = buf + len;

	while (p < end) {
		const char *q = p, *stop = NULL;

		/* a record ends at an empty line */
		while (q < end) {
			const char *nl = memchr(q, '\n', (size_t)(end - q));

			if (!nl)
				break;
			if (nl == q) {
				stop = q;
				break;
			}
			q = nl + 1;
		}
		if (!stop)
			break;
		if (stop > p && record(p, stop - 1, path, (size_t)(p - buf), cb, arg, e) < 0)
			return -1;
		p = stop + 1;
	}
	return (long)(p - buf);
}

/* ---- attribution to blocked blocks ---- */

struct slot {
	char *stack;
	uint64_t hash, pages, allocs;
};

struct cc_owner_acc {
	const struct cc_map_report *r;
	struct slot *t;
	size_t cap, n;
	uint64_t records;
};

#define MAX_STACKS 65536	/* distinct stacks kept; more fold into "other" */

struct cc_owner_acc *cc_owner_acc_new(const struct cc_map_report *r)
{
	struct cc_owner_acc *a = xcalloc(1, sizeof(*a));

	a->r = r;
	a->cap = 1024;
	a->t = xcalloc(a->cap, sizeof(*a->t));
	return a;
}

static uint64_t fnv(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;

	while (n--)
		h = (h ^ (unsigned char)*s++) * 1099511628211ull;
	return h;
}

static struct slot *lookup(struct cc_owner_acc *a, const char *s, size_t n)
{
	uint64_t h = fnv(s, n);
	size_t i;

	if (a->n * 2 >= a->cap) {
		struct slot *old = a->t;
		size_t oc = a->cap, j;

		a->cap *= 2;
		a->t = xcalloc(a->cap, sizeof(*a->t));
		for (j = 0; j < oc; j++) {
			if (!old[j].stack)
				continue;
			for (i = old[j].hash & (a->cap - 1); a->t[i].stack; i = (i + 1) & (a->cap - 1))
				;
			a->t[i] = old[j];
		}
		free(old);
	}
	for (i = h & (a->cap - 1); a->t[i].stack; i = (i + 1) & (a->cap - 1))
		if (a->t[i].hash == h && strlen(a->t[i].stack) == n &&
		    !memcmp(a->t[i].stack, s, n))
			return &a->t[i];
	if (a->n >= MAX_STACKS && !(n == 14 && !memcmp(s, "(other stacks)", 14)))
		return lookup(a, "(other stacks)", 14);
	a->t[i].stack = xcalloc(n + 1, 1);
	/* control characters from the file never reach the terminal */
	for (size_t j = 0; j < n; j++) {
		unsigned char c = (unsigned char)s[j];

		a->t[i].stack[j] = (c == '\n' || (c >= 0x20 && c != 0x7f)) ? (char)c : '?';
	}
	a->t[i].hash = h;
	a->n++;
	return &a->t[i];
}

/* the class of the order-k block holding pfn, in the zone that has it */
static int block_class(const struct cc_map_report *r, uint64_t pfn)
{
	int i;

	for (i = 0; i < r->nzones; i++) {
		const struct cc_map_zone *z = &r->zones[i];

		if (pfn >= z->start_pfn && pfn < z->end_pfn && z->cls)
			return z->cls[(pfn - z->first_pfn) >> r->order];
	}
	return -1;
}

int cc_owner_acc_add(const struct cc_owner_record *rec, void *arg)
{
	struct cc_owner_acc *a = arg;
	uint64_t i, n = 1ull << rec->order, in = 0;
	struct slot *sl;

	a->records++;
	for (i = 0; i < n; i++)
		if (block_class(a->r, rec->pfn + i) == BC_U)
			in++;
	if (!in)
		return 0;
	sl = lookup(a, rec->stack, rec->stack_len);
	sl->pages += in;
	sl->allocs++;
	return 0;
}

static int by_pages(const void *x, const void *y)
{
	const struct slot *a = x, *b = y;

	if (a->pages != b->pages)
		return a->pages < b->pages ? 1 : -1;
	return strcmp(a->stack, b->stack);
}

void cc_owner_acc_finish(struct cc_owner_acc *a, struct cc_map_report *r, int n)
{
	size_t i, m = 0;

	for (i = 0; i < a->cap; i++)
		if (a->t[i].stack)
			a->t[m++] = a->t[i];
	qsort(a->t, m, sizeof(*a->t), by_pages);
	r->owner_records = a->records;
	r->nstacks = (int)(m < (size_t)n ? m : (size_t)n);
	r->stacks = xcalloc((size_t)r->nstacks + 1, sizeof(*r->stacks));
	for (i = 0; i < m; i++) {
		if (i < (size_t)r->nstacks) {
			r->stacks[i].stack = a->t[i].stack;
			r->stacks[i].pages = a->t[i].pages;
			r->stacks[i].allocs = a->t[i].allocs;
		} else {
			free(a->t[i].stack);
		}
	}
	free(a->t);
	free(a);
}
