// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * MemTotal, the one line a tree's page size is derived from (with the zones'
 * managed pages): "Node N MemTotal: X kB" in
 * /sys/devices/system/node/nodeN/meminfo, "MemTotal: X kB" in /proc/meminfo
 * (the same file but for the node prefix) [drivers/base/node.c:
 * node_read_meminfo; fs/proc/meminfo.c: meminfo_proc_show, v6.18].
 */
#include "parse.h"

#include <string.h>

/* the value of the MemTotal line; "node": the line starts "Node N" */
static int memtotal(char *buf, size_t len, const char *path, bool node, uint64_t *kb,
		    struct cc_err *e)
{
	int skip = node ? 2 : 0;
	struct cc_lines c;
	char *line, *tok[6];
	int r;

	if (cc_lines_init(&c, buf, len, path, e) < 0)
		return -1;
	while ((r = cc_lines_next(&c, &line, e)) > 0) {
		int ntok = cc_split(line, tok, 6);

		if (ntok == skip + 3 && (!node || !strcmp(tok[0], "Node")) &&
		    !strcmp(tok[skip], "MemTotal:") && !strcmp(tok[skip + 2], "kB"))
			return cc_parse_count(&c, tok[skip + 1], kb, e);
	}
	if (r < 0)
		return -1;
	return cc_err_set(e, path, 0, "no MemTotal line");
}

int cc_parse_node_meminfo(struct cc_node *n, char *buf, size_t len,
			  const char *path, struct cc_err *e)
{
	return memtotal(buf, len, path, true, &n->memtotal_kb, e);
}

int cc_parse_meminfo_total(char *buf, size_t len, const char *path, uint64_t *kb,
			   struct cc_err *e)
{
	return memtotal(buf, len, path, false, kb, e);
}
