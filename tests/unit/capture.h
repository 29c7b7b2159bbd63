/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reading a trace capture directory (scripts/capture-trace.sh,
 * scripts/capture-compact-trace.sh) for the test tools: its files, its
 * format files as the event table asks for them, and its cpuN.raw pages.
 */
#ifndef COMPACTCTL_TEST_CAPTURE_H
#define COMPACTCTL_TEST_CAPTURE_H

#include <glob.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "path.h"

static inline int capture_load(const char *dir, const char *name, struct cc_file *f,
			       struct cc_err *e)
{
	char p[4096];

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return cc_read_user_file(p, f, e);
}

/* a cc_tev_reader: events/SYSTEM/NAME/format -> DIR/NAME.format, and
 * events/header_page -> DIR/header_page; arg is DIR */
static inline int capture_read_format(const char *rel, struct cc_file *f, void *arg,
				      struct cc_err *e)
{
	char base[160], *slash;

	snprintf(base, sizeof(base), "%s", rel);
	if ((slash = strrchr(base, '/')) && !strcmp(slash, "/format")) {
		*slash = '\0';
		slash = strrchr(base, '/');
		memmove(base, slash + 1, strlen(slash));
		strcat(base, ".format");
	} else {
		snprintf(base, sizeof(base), "header_page");
	}
	return capture_load(arg, base, f, e);
}

/* each 4096-byte page of each DIR/cpuN.raw, in file order, the files in
 * name order or with reverse the other way round: page(cpu, data, len,
 * path, arg, e) returns 0 to go on. 0, or -1 with e set. */
static inline int capture_pages(const char *dir, bool reverse,
				int (*page)(int cpu, const uint8_t *data, size_t len,
					    const char *path, void *arg, struct cc_err *e),
				void *arg, struct cc_err *e)
{
	char pat[4096];
	glob_t g;
	size_t i;
	int r = 0;

	snprintf(pat, sizeof(pat), "%s/cpu*.raw", dir);
	if (glob(pat, 0, NULL, &g))
		return cc_err_set(e, pat, 0, "no per-CPU pages");
	for (i = 0; i < g.gl_pathc && !r; i++) {
		const char *name = g.gl_pathv[reverse ? g.gl_pathc - 1 - i : i];
		int cpu = atoi(strrchr(name, 'u') + 1);
		struct cc_file f;
		size_t off;

		if (cc_read_user_file(name, &f, e)) {
			r = -1;
			break;
		}
		for (off = 0; off + 4096 <= f.len && !r; off += 4096)
			r = page(cpu, (uint8_t *)f.data + off, 4096, f.path, arg, e);
		cc_file_free(&f);
	}
	globfree(&g);
	return r;
}

#endif
