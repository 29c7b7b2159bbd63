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
