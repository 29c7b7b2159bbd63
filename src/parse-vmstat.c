// SPDX-License-Identifier: GPL-2.0-or-later
/* /proc/vmstat ("%s %lu" per line) and nodeN/meminfo ("Node N Key: V kB"). */
#include "parse.h"

#include <string.h>

int cc_parse_vmstat(struct cc_snapshot *s, char *buf, size_t len,
		    const char *path, struct cc_err *e)
{
	struct cc_lines c;
	char *line, *tok[3];
	int r;

	if (cc_lines_init(&c, buf, len, path, e) < 0)
		return -1;
	while ((r = cc_lines_next(&c, &line, e)) > 0) {
		int ntok = cc_split(line, tok, 3);
		uint64_t v;

		if (ntok == 0)
			continue;
		if (ntok != 2)
			return cc_err_set(e, path, c.lineno, "expected '<counter> <value>'");
		if (cc_parse_count(&c, tok[1], &v, e) < 0)
			return -1;
		if (cc_vmstat_add(s, tok[0], v) < 0)
			return cc_err_set(e, path, c.lineno, cc_vmstat_find(s, tok[0]) ?
					  "counter %.64s listed twice" :
					  "too many counters (at %.64s)", tok[0]);
	}
	if (r < 0)
		return -1;
	if (!s->nvmstat)
		return cc_err_set(e, path, 0, "empty file: no counters");
	s->have_vmstat = true;
	return 0;
}
