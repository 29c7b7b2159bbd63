// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Sysfs attribute files of the contiguous-memory sources: one value per file
 * ("%lu\n"), named after what they count. hugetlb pools
 * [mm/hugetlb_sysfs.c: nr_hugepages_show_common, free_hugepages_show, ...],
 * mTHP stats [mm/huge_memory.c: DEFINE_MTHP_STAT_ATTR], CMA areas
 * [mm/cma_sysfs.c: alloc_pages_success_show, ...].
 */
#include <stdio.h>
#include <string.h>

#include "parse.h"
#include "sources.h"

const char *const cc_hp_files[HP__N] = {
	[HP_NR] = "nr_hugepages", [HP_FREE] = "free_hugepages",
	[HP_RESV] = "resv_hugepages", [HP_SURPLUS] = "surplus_hugepages",
	[HP_OVERCOMMIT] = "nr_overcommit_hugepages", [HP_DEMOTE_SIZE] = "demote_size",
};

int cc_parse_hugepages_dirname(const char *name, uint64_t *size_kb)
{
	size_t len = strlen(name);
	uint64_t v = 0;
	const char *p;

	if (strncmp(name, "hugepages-", 10) || len < 13 || strcmp(name + len - 2, "kB"))
		return -1;
	for (p = name + 10; p < name + len - 2; p++) {
		if (*p < '0' || *p > '9' || v > UINT64_MAX / 10 / 1024)
			return -1;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	if (!v)
		return -1;
	*size_kb = v;
	return 0;
}

/* The value of a one-line file, its unit suffix (e.g. "kB") stripped. */
static int one_value(const char *buf, size_t len, const char *path, const char *unit,
		     uint64_t *out, struct cc_err *e)
{
	char tmp[64], *line;
	struct cc_lines c;
	size_t ul = unit ? strlen(unit) : 0, l;

	if (len >= sizeof(tmp))
		return cc_err_set(e, path, 1, "%zu bytes; expected one number", len);
	memcpy(tmp, buf, len);
	tmp[len] = '\0';
	if (cc_lines_init(&c, tmp, len, path, e) < 0)
		return -1;
	if (cc_lines_next(&c, &line, e) <= 0)
		return cc_err_set(e, path, 0, "empty file; expected one number");
	if (c.p != c.end)
		return cc_err_set(e, path, 2, "more than one line; expected one number");
	l = strlen(line);
	if (ul && l > ul && !strcmp(line + l - ul, unit))
		line[l - ul] = '\0';
	return cc_parse_count(&c, line, out, e);
}

int cc_parse_sysfs_u64(const char *buf, size_t len, const char *path, uint64_t *out,
		       struct cc_err *e)
{
	return one_value(buf, len, path, NULL, out, e);
}

int cc_parse_hpool_attr(struct cc_hpool *p, const char *attr, const char *buf, size_t len,
			const char *path, struct cc_err *e)
{
	int a;

	for (a = 0; a < HP__N; a++)
		if (!strcmp(attr, cc_hp_files[a]))
			break;
	if (a == HP__N)
		return 0;
	/* demote_size_show: "%lukB\n" [mm/hugetlb_sysfs.c] */
	if (one_value(buf, len, path, a == HP_DEMOTE_SIZE ? "kB" : NULL, &p->v[a], e) < 0)
		return -1;
	p->set |= 1u << a;
	return 0;
}

static bool plain_name(const char *s)
{
	size_t n = strlen(s);

	if (!n || n >= CC_STAT_NAME)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

int cc_parse_stat_file(struct cc_stat *st, int *n, int max, const char *name,
		       const char *buf, size_t len, const char *path, struct cc_err *e)
{
	uint64_t v;

	if (!plain_name(name))
		return cc_err_set(e, path, 0, "unexpected counter name");
	if (cc_stat_find(st, *n, name))
		return cc_err_set(e, path, 0, "counter read twice");
	if (*n >= max)
		return cc_err_set(e, path, 0, "more than %d counters in one directory", max);
	if (one_value(buf, len, path, NULL, &v, e) < 0)
		return -1;
	snprintf(st[*n].name, sizeof(st[*n].name), "%s", name);
	st[*n].value = v;
	(*n)++;
	return 0;
}
