// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /proc/pressure/memory [kernel/sched/psi.c: psi_show, v6.12]:
 *   some avg10=0.00 avg60=0.00 avg300=0.00 total=0
 *   full avg10=0.00 avg60=0.00 avg300=0.00 total=0
 * total= is the stall time in microseconds since boot.
 */
#include <inttypes.h>
#include <string.h>

#include "parse.h"
#include "trace-collect.h"

int cc_parse_psi(char *buf, size_t len, const char *path, uint64_t *some_us,
		 uint64_t *full_us, struct cc_err *e)
{
	struct cc_lines c;
	bool have_some = false, have_full = false;
	char *line;
	int r;

	if (cc_lines_init(&c, buf, len, path, e) < 0)
		return -1;
	while ((r = cc_lines_next(&c, &line, e)) > 0) {
		char *tok[CC_MAX_TOKENS], *t;
		int n = cc_split(line, tok, CC_MAX_TOKENS), i;
		uint64_t v;

		if (n < 2 || (strcmp(tok[0], "some") && strcmp(tok[0], "full")))
			continue;
		for (i = 1; i < n; i++) {
			if (strncmp(tok[i], "total=", 6))
				continue;
			t = tok[i] + 6;
			if (cc_parse_count(&c, t, &v, e) < 0)
				return -1;
			if (tok[0][0] == 's') {
				*some_us = v;
				have_some = true;
			} else {
				*full_us = v;
				have_full = true;
			}
		}
	}
	if (r < 0)
		return -1;
	if (!have_some)
		return cc_err_set(e, path, 0, "no \"some ... total=\" line");
	if (!have_full)
		*full_us = 0;
	return 0;
}
