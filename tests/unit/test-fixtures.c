// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Every captured file under tests/fixtures must parse, and what it says must
 * hold together the way the kernel guarantees:
 *  - zoneinfo: managed <= present <= spanned, min <= low <= high, and on
 *    >= 6.15 nr_free_pages_blocks = sum over o >= pageblock_order of n_o 2^o;
 *  - pagetypeinfo: per-migratetype sums equal buddyinfo when both were
 *    captured at one instant (the local 6.18 capture);
 *  - vmstat: unique counters.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"
#include "parse.h"
#include "path.h"
#include "tap.h"

typedef int (*parse_fn)(struct cc_snapshot *, char *, size_t, const char *,
			struct cc_err *);

static int parse_one(const char *tree, const char *kpath, parse_fn fn,
		     struct cc_snapshot *s)
{
	struct cc_root root;
	struct cc_file f;
	struct cc_err e;
	int r;

	if (cc_root_init(&root, tree, &e) < 0)
		return 0;
	if (cc_exists(&root, kpath) == -ENOENT || cc_read_file(&root, kpath, &f, &e) < 0) {
		cc_root_fini(&root);
		return 0;
	}
	cc_root_fini(&root);
	r = fn(s, f.data, f.len, f.path, &e);
	ok(r == 0, "%s%s parses%s%s", tree, kpath, r ? ": " : "", r ? e.msg : "");
	cc_file_free(&f);
	return r == 0 ? 1 : -1;
}

static void check_zoneinfo(const char *tree, const struct cc_snapshot *s)
{
	int i, j, bad = 0, nz = 0;

	for (i = 0; i < s->nnodes; i++) {
		for (j = 0; j < s->nodes[i].nzones; j++) {
			const struct cc_zone *z = &s->nodes[i].zones[j];

			if (!z->in_zoneinfo)
				continue;
			nz++;
			if (z->zi[ZF_PRESENT] > z->zi[ZF_SPANNED] ||
			    (cc_zi_has(z, ZF_MANAGED) && z->zi[ZF_MANAGED] > z->zi[ZF_PRESENT]) ||
			    z->zi[ZF_MIN] > z->zi[ZF_LOW] || z->zi[ZF_LOW] > z->zi[ZF_HIGH]) {
				printf("# %s: node %d zone %s breaks an invariant\n", tree,
				       s->nodes[i].id, z->name);
				bad++;
			}
			if (cc_zi_has(z, ZF_NR_FREE_BLOCKS) && z->free_src == CC_FREE_BUDDYINFO &&
			    s->pageblock_order > 0) {
				uint64_t sum = 0;
				int o;

				for (o = s->pageblock_order; o < s->norders; o++)
					sum += z->free_blocks[o] << o;
				is_int(sum, z->zi[ZF_NR_FREE_BLOCKS],
				       "%s: node %d %s nr_free_pages_blocks = buddyinfo sum at >= order %d",
				       tree, s->nodes[i].id, z->name, s->pageblock_order);
			}
		}
	}
	ok(nz > 0 && !bad, "%s: %d zoneinfo zones hold the kernel's invariants", tree, nz);
}

static void check_pti_vs_buddy(const char *tree, const struct cc_snapshot *s)
{
	int i, j, t, o, mism = 0, nz = 0;

	for (i = 0; i < s->nnodes; i++) {
		for (j = 0; j < s->nodes[i].nzones; j++) {
			const struct cc_zone *z = &s->nodes[i].zones[j];

			if (!z->in_pti || z->free_src != CC_FREE_BUDDYINFO)
				continue;
			nz++;
			for (o = 0; o < s->norders; o++) {
				uint64_t sum = 0;

				for (t = 0; t < s->nmt; t++)
					sum += z->mt_free[t][o];
				mism += sum != z->free_blocks[o];
			}
		}
	}
	ok(nz > 0 && mism == 0,
	   "%s: pagetypeinfo per-type sums equal buddyinfo in %d zones", tree, nz);
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "tests/fixtures";
	struct dirent **list;
	int n, i, parsed = 0;

	n = scandir(dir, &list, NULL, alphasort);
	if (n < 0) {
		printf("Bail out! cannot read %s\n", dir);
		return 1;
	}
	for (i = 0; i < n; i++) {
		char tree[4096];
		struct cc_snapshot s;
		int zr, pr;

		if (list[i]->d_name[0] == '.') {
			free(list[i]);
			continue;
		}
		snprintf(tree, sizeof(tree), "%s/%s", dir, list[i]->d_name);
		free(list[i]);
		cc_snapshot_init(&s);
		parsed += parse_one(tree, "/proc/buddyinfo", cc_parse_buddyinfo, &s) > 0;
		pr = parse_one(tree, "/proc/pagetypeinfo", cc_parse_pagetypeinfo, &s);
		zr = parse_one(tree, "/proc/zoneinfo", cc_parse_zoneinfo, &s);
		parsed += parse_one(tree, "/proc/vmstat", cc_parse_vmstat, &s) > 0;
		parsed += (pr > 0) + (zr > 0);
		if (zr > 0)
			check_zoneinfo(tree, &s);
		if (pr > 0 && strstr(tree, "local-x86_64-6.18"))
			check_pti_vs_buddy(tree, &s);
		cc_snapshot_free(&s);
	}
	free(list);
	ok(parsed >= 40, "parsed %d captured files", parsed);
	return tap_done();
}
