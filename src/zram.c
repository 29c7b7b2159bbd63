// SPDX-License-Identifier: GPL-2.0-or-later
/* zram devices (zram.h). */
#include "zram.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "path.h"

bool cc_zram_name(const char *name)
{
	size_t i;

	if (strncmp(name, "zram", 4) || !name[4] || strlen(name) > 12)
		return false;
	for (i = 4; name[i]; i++)
		if (name[i] < '0' || name[i] > '9')
			return false;
	return true;
}

static int name_cb(const char *name, void *arg)
{
	struct cc_zram_list *l = arg;

	if (cc_zram_name(name) && l->n < CC_MAX_ZRAM)
		snprintf(l->dev[l->n++].name, sizeof(l->dev[0].name), "%s", name);
	return 0;
}

static int by_number(const void *a, const void *b)
{
	const struct cc_zram *x = a, *y = b;

	return atoi(x->name + 4) - atoi(y->name + 4);
}

void cc_zram_open(const struct cc_root *r, struct cc_zram_list *l)
{
	int i;

	memset(l, 0, sizeof(*l));
	cc_scan_dir(r, "/sys/block", name_cb, l);
	qsort(l->dev, (size_t)l->n, sizeof(l->dev[0]), by_number);
	for (i = 0; i < l->n; i++) {
		char kpath[64];

		snprintf(kpath, sizeof(kpath), "/sys/block/%s/compact", l->dev[i].name);
		cc_attr_open(r, &l->dev[i].compact, kpath);
	}
}

void cc_zram_keep_initialised(const struct cc_root *r, struct cc_zram_list *l)
{
	int i, kept = 0;

	for (i = 0; i < l->n; i++) {
		struct cc_err e;
		uint64_t size;

		if (cc_zram_disksize(r, l->dev[i].name, &size, &e) || !size) {
			cc_attr_close(&l->dev[i].compact);
			continue;
		}
		l->dev[kept++] = l->dev[i];
	}
	l->n = kept;
}

int cc_zram_disksize(const struct cc_root *r, const char *name, uint64_t *bytes,
		     struct cc_err *e)
{
	char kpath[64];
	long size;
	int ret;

	*bytes = 0;
	snprintf(kpath, sizeof(kpath), "/sys/block/%s/disksize", name);
	if ((ret = cc_read_long(r, kpath, &size, e)) < 0)
		return ret;
	*bytes = size > 0 ? (uint64_t)size : 0;
	return 0;
}

int cc_zram_mm_stat(const struct cc_root *r, const char *name, struct cc_zram_mm *m,
		    struct cc_err *e)
{
	char kpath[64];
	struct cc_file f;
	int ret;

	snprintf(kpath, sizeof(kpath), "/sys/block/%s/mm_stat", name);
	if ((ret = cc_read_file(r, kpath, &f, e)) < 0)
		return ret;
	ret = cc_parse_zram_mm_stat(m, f.data, f.len, f.path, e) < 0 ? -EBADMSG : 0;
	cc_file_free(&f);
	return ret;
}

void cc_zram_close(struct cc_zram_list *l)
{
	int i;

	for (i = 0; i < l->n; i++)
		cc_attr_close(&l->dev[i].compact);
}
