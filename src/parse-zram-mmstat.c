// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /sys/block/zramN/mm_stat: one line of space-separated counters
 * [drivers/block/zram/zram_drv.c: mm_stat_show]. 7 columns up to 4.x,
 * huge_pages from 5.0, huge_pages_since from 5.15 (9). Columns beyond the
 * ones named here are accepted and ignored (a newer kernel may add some).
 * The one parser of the file: compact --zram takes pages_compacted (the
 * 7th), the sources report every column.
 */
#include <string.h>

#include "parse.h"
#include "zram.h"

const char *const cc_zmm_names[ZMM__N] = {
	"orig_data_size", "compr_data_size", "mem_used_total", "mem_limit",
	"mem_used_max", "same_pages", "pages_compacted", "huge_pages",
	"huge_pages_since",
};

int cc_parse_zram_mm_stat(struct cc_zram_mm *m, char *buf, size_t len, const char *path,
			  struct cc_err *e)
{
	struct cc_lines c;
	char *line, *tok[16];
	int n, i, r;

	memset(m, 0, sizeof(*m));
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
	if (cc_lines_next(&c, &line, e) != 0)
		return cc_err_set(e, path, 2, "more than one line");
	for (i = 0; i < n; i++) {
		uint64_t v;

		if (cc_parse_count(&c, tok[i], &v, e) < 0)
			return -1;
		if (i < ZMM__N)
			m->v[i] = v;
	}
	m->ncols = n < ZMM__N ? n : ZMM__N;
	return 0;
}
