// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /proc/pagetypeinfo, printed once per node with memory:
 *   Page block order: %d / Pages per block:  %lu
 *   Free pages count per migrate type at order  0 1 2 ...
 *   Node %4d, zone %8s, type %12s  <count or ">100000"> ...
 *   Number of blocks type  <type names>
 *   Node %d, zone %8s  <pageblocks per type>
 *   [Number of mixed blocks  ...]   (page_owner only)
 * Copies seen in the wild drop the header lines; they are optional.
 */
#include "parse.h"

#include <string.h>

#define PTI_CAP 100000

enum table { T_NONE, T_FREE, T_BLOCKS, T_MIXED };

static int free_row(struct cc_snapshot *s, struct cc_lines *c, char **tok,
		    int ntok, struct cc_err *e)
{
	char zname[16];
	size_t zl = strlen(tok[3]);
	struct cc_zone *z;
	int node, t, o;

	if (cc_parse_node_id(c, tok[1], true, &node, e) < 0)
		return -1;
	if (zl < 2 || tok[3][zl - 1] != ',' || zl > sizeof(zname))
		return cc_err_set(e, c->path, c->lineno,
				  "expected 'zone <name>,' but found '%.40s'", tok[3]);
	memcpy(zname, tok[3], zl - 1);
	zname[zl - 1] = '\0';
	if (cc_check_zone_name(c, zname, e) < 0 ||
	    cc_check_order_columns(s, c, ntok - 6, e) < 0)
		return -1;
	t = cc_mt_index(s, tok[5], true);
	if (t < 0)
		return cc_err_set(e, c->path, c->lineno,
				  "too many migrate types (at most %d)", CC_MAX_MT);
	z = cc_zone_get(cc_node_get(s, node, true), zname, true);
	if (z->mt_rows & (1u << t))
		return cc_err_set(e, c->path, c->lineno,
				  "node %d zone %s type %s listed twice",
				  node, zname, tok[5]);
	z->in_pti = true;
	z->mt_rows |= 1u << t;
	for (o = 0; o < s->norders; o++) {
		const char *v = tok[6 + o];

		if (v[0] == '>') {
			if (cc_parse_count(c, v + 1, &z->mt_free[t][o], e) < 0)
				return -1;
			if (z->mt_free[t][o] != PTI_CAP)
				return cc_err_set(e, c->path, c->lineno,
						  "'%.40s': the kernel caps at >%d",
						  v, PTI_CAP);
			z->mt_capped[t] |= 1u << o;
		} else if (cc_parse_count(c, v, &z->mt_free[t][o], e) < 0) {
			return -1;
		}
	}
	return 0;
}

static int block_row(struct cc_snapshot *s, struct cc_lines *c, char **tok,
		     int ntok, const int *btypes, int nbtypes, struct cc_err *e)
{
	struct cc_zone *z;
	int node, i;

	if (cc_parse_node_id(c, tok[1], true, &node, e) < 0 ||
	    cc_check_zone_name(c, tok[3], e) < 0)
		return -1;
	if (ntok - 4 != nbtypes)
		return cc_err_set(e, c->path, c->lineno,
				  "%d block counts, but the header names %d types",
				  ntok - 4, nbtypes);
	z = cc_zone_get(cc_node_get(s, node, true), tok[3], true);
	if (z->have_blocks)
		return cc_err_set(e, c->path, c->lineno,
				  "node %d zone %s block counts listed twice",
				  node, tok[3]);
	for (i = 0; i < nbtypes; i++)
		if (cc_parse_count(c, tok[4 + i], &z->mt_blocks[btypes[i]], e) < 0)
			return -1;
	z->have_blocks = true;
	return 0;
}

int cc_parse_pagetypeinfo_lines(struct cc_snapshot *s, struct cc_lines *c, struct cc_err *e)
{
	const char *path = c->path;
	char *line, *tok[CC_MAX_TOKENS];
	enum table table = T_NONE;
	int btypes[CC_MAX_MT], nbtypes = 0;
	bool any_free = false, any_blocks_header = false;
	int r, pb = -1, ni, zi;

	while ((r = cc_lines_next(c, &line, e)) > 0) {
		int ntok = cc_split(line, tok, CC_MAX_TOKENS);

		if (ntok == 0)
			continue;
		if (ntok < 0)
			return cc_err_set(e, path, c->lineno, "too many fields");

		if (ntok == 4 && !strcmp(tok[0], "Page") && !strcmp(tok[1], "block") &&
		    !strcmp(tok[2], "order:")) {
			uint64_t v;

			if (cc_parse_count(c, tok[3], &v, e) < 0)
				return -1;
			if (v >= 63 || (pb >= 0 && (int)v != pb))
				return cc_err_set(e, path, c->lineno,
						  "inconsistent page block order %s", tok[3]);
			pb = (int)v;
			table = T_NONE;
		} else if (ntok == 4 && !strcmp(tok[0], "Pages") &&
			   !strcmp(tok[1], "per") && !strcmp(tok[2], "block:")) {
			uint64_t v;

			if (cc_parse_count(c, tok[3], &v, e) < 0)
				return -1;
			if (pb < 0 || v != (1ull << pb))
				return cc_err_set(e, path, c->lineno,
						  "pages per block %s does not match the page block order",
						  tok[3]);
		} else if (ntok >= 8 && !strcmp(tok[0], "Free") && !strcmp(tok[1], "pages")) {
			/* "Free pages count per migrate type at order" 0 1 2 ... */
			int i;

			if (strcmp(tok[6], "at") || strcmp(tok[7], "order"))
				return cc_err_set(e, path, c->lineno, "unrecognised header");
			for (i = 8; i < ntok; i++) {
				uint64_t v;

				if (cc_parse_count(c, tok[i], &v, e) < 0)
					return -1;
				if (v != (uint64_t)(i - 8))
					return cc_err_set(e, path, c->lineno,
							  "order header is not 0, 1, 2, ...");
			}
			if (cc_check_order_columns(s, c, ntok - 8, e) < 0)
				return -1;
			table = T_FREE;
		} else if (ntok >= 3 && !strcmp(tok[0], "Number") && !strcmp(tok[1], "of")) {
			int first, i;

			if (ntok >= 4 && !strcmp(tok[2], "blocks") && !strcmp(tok[3], "type")) {
				table = T_BLOCKS;
				first = 4;
				any_blocks_header = true;
			} else if (ntok >= 4 && !strcmp(tok[2], "mixed") &&
				   !strcmp(tok[3], "blocks")) {
				table = T_MIXED;
				first = 4;
			} else {
				return cc_err_set(e, path, c->lineno, "unrecognised header");
			}
			if (ntok - first > CC_MAX_MT || ntok == first)
				return cc_err_set(e, path, c->lineno,
						  "%d migrate types (expected 1 to %d)",
						  ntok - first, CC_MAX_MT);
			nbtypes = ntok - first;
			for (i = 0; i < nbtypes; i++) {
				btypes[i] = cc_mt_index(s, tok[first + i], true);
				if (btypes[i] < 0)
					return cc_err_set(e, path, c->lineno,
							  "too many migrate types");
			}
		} else if (!strcmp(tok[0], "Node") && ntok >= 6 &&
			   !strcmp(tok[2], "zone") && !strcmp(tok[4], "type")) {
			if (table == T_BLOCKS || table == T_MIXED)
				table = T_FREE; /* header-less excerpt */
			if (free_row(s, c, tok, ntok, e) < 0)
				return -1;
			any_free = true;
		} else if (!strcmp(tok[0], "Node") && ntok >= 4 && !strcmp(tok[2], "zone")) {
			if (table == T_BLOCKS) {
				if (block_row(s, c, tok, ntok, btypes, nbtypes, e) < 0)
					return -1;
			} else if (table == T_MIXED) {
				int node;

				if (cc_parse_node_id(c, tok[1], true, &node, e) < 0 ||
				    cc_check_zone_name(c, tok[3], e) < 0)
					return -1;
			} else {
				return cc_err_set(e, path, c->lineno,
						  "block counts without a 'Number of blocks type' header");
			}
		} else {
			return cc_err_set(e, path, c->lineno, "unrecognised line '%.40s'",
					  tok[0]);
		}
	}
	if (r < 0)
		return -1;
	if (!any_free)
		return cc_err_set(e, path, 0, "no free-list rows");
	if (!any_blocks_header)
		return cc_err_set(e, path, 0,
				  "no 'Number of blocks type' table (truncated?)");
	for (ni = 0; ni < s->nnodes; ni++) {
		struct cc_node *n = &s->nodes[ni];

		for (zi = 0; zi < n->nzones; zi++) {
			struct cc_zone *z = &n->zones[zi];
			uint32_t all = (1u << s->nmt) - 1;	/* nmt <= CC_MAX_MT */

			if (!z->in_pti)
				continue;
			if (z->mt_rows != all)
				return cc_err_set(e, path, 0,
						  "node %d zone %s lacks rows for some migrate types (truncated?)",
						  n->id, z->name);
			if (!z->have_blocks)
				return cc_err_set(e, path, 0,
						  "node %d zone %s has no block counts (truncated?)",
						  n->id, z->name);
		}
	}
	if (pb >= 0) {
		if (s->norders && pb >= s->norders + 8)
			return cc_err_set(e, path, 0, "page block order %d is implausible", pb);
		s->pageblock_order = pb;
		s->pageblock_src = CC_SRC_KERNEL;
	}
	return 0;
}

int cc_parse_pagetypeinfo(struct cc_snapshot *s, char *buf, size_t len,
			  const char *path, struct cc_err *e)
{
	return cc_parse_buffer(s, buf, len, path, cc_parse_pagetypeinfo_lines, e);
}
