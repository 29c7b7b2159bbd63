// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /sys/devices/system/node/nodeN/meminfo: only "Node N MemTotal: X kB" is
 * used (with the zones' managed pages it gives a tree's page size).
 */
#include "parse.h"

#include <string.h>

int cc_parse_node_meminfo(struct cc_node *n, char *buf, size_t len,
			  const char *path, struct cc_err *e)
{
	struct cc_lines c;
	char *line, *tok[6];
	int r;

	if (cc_lines_init(&c, buf, len, path, e) < 0)
		return -1;
	while ((r = cc_lines_next(&c, &line, e)) > 0) {
		int ntok = cc_split(line, tok, 6);

		if (ntok == 5 && !strcmp(tok[0], "Node") && !strcmp(tok[2], "MemTotal:") &&
		    !strcmp(tok[4], "kB"))
			return cc_parse_count(&c, tok[3], &n->memtotal_kb, e);
	}
	if (r < 0)
		return -1;
	return cc_err_set(e, path, 0, "no MemTotal line");
}
