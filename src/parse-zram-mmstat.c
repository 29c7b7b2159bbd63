// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /sys/block/zramN/mm_stat: one line of 7 to 10 counters depending on the
 * kernel (Documentation/admin-guide/blockdev/zram.rst); pages_compacted,
 * the pages freed by compaction, is the 7th.
 */
#include "parse.h"

int cc_parse_zram_mm_stat(char *buf, size_t len, const char *path, uint64_t *pages_compacted,
			  struct cc_err *e)
{
	char *line, *tok[16];
	struct cc_lines c;
	int n, r;

	if (cc_lines_init(&c, buf, len, path, e) < 0)
		return -1;
	r = cc_lines_next(&c, &line, e);
	if (r < 0)
		return -1;
	if (r == 0)
		return cc_err_set(e, path, 1, "empty file");
	n = cc_split(line, tok, 16);
	if (n < 0)
		return cc_err_set(e, path, 1, "more than 16 columns");
	if (n < 7)
		return cc_err_set(e, path, 1, "%d columns; expected at least 7", n);
	return cc_parse_count(&c, tok[6], pages_compacted, e);
}
