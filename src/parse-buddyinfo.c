// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /proc/buddyinfo: "Node %d, zone %8s " + "%6lu " per order.
 * Tokenised on blanks: counts of 7+ digits fill the column and the fields
 * touch a single space.
 */
#include "parse.h"

#include <string.h>

int cc_parse_buddyinfo_lines(struct cc_snapshot *s, struct cc_lines *c, struct cc_err *e)
{
	const char *path = c->path;
	char *line, *tok[CC_MAX_TOKENS];
	int r, nlines = 0;

	while ((r = cc_lines_next(c, &line, e)) > 0) {
		struct cc_node *n;
		struct cc_zone *z;
		int ntok, node, o;

		ntok = cc_split(line, tok, CC_MAX_TOKENS);
		if (ntok == 0)
			continue;
		if (ntok < 0)
			return cc_err_set(e, path, c->lineno, "too many fields");
		if (ntok < 4 || strcmp(tok[0], "Node") || strcmp(tok[2], "zone"))
			return cc_err_set(e, path, c->lineno,
					  "expected 'Node <n>, zone <name> <counts...>'");
		if (cc_parse_node_id(c, tok[1], true, &node, e) < 0 ||
		    cc_check_zone_name(c, tok[3], e) < 0 ||
		    cc_check_order_columns(s, c, ntok - 4, e) < 0)
			return -1;
		n = cc_node_get(s, node, true);
		z = cc_zone_get(n, tok[3], true);
		if (z->free_src == CC_FREE_BUDDYINFO)
			return cc_err_set(e, path, c->lineno,
					  "node %d zone %s listed twice", node, tok[3]);
		for (o = 0; o < s->norders; o++)
			if (cc_parse_count(c, tok[4 + o], &z->free_blocks[o], e) < 0)
				return -1;
		z->populated = true;
		z->free_src = CC_FREE_BUDDYINFO;
		nlines++;
	}
	if (r < 0)
		return -1;
	if (!nlines)
		return cc_err_set(e, path, 0, "empty file: no zones listed");
	return 0;
}

int cc_parse_buddyinfo(struct cc_snapshot *s, char *buf, size_t len,
		       const char *path, struct cc_err *e)
{
	return cc_parse_buffer(s, buf, len, path, cc_parse_buddyinfo_lines, e);
}
