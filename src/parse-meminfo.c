// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /proc/meminfo: "Key:   value kB" lines [fs/proc/meminfo.c: meminfo_proc_show];
 * the HugePages_ counts have no unit. Only the keys of cc_mi_names are kept;
 * others are skipped, but every line must have the shape.
 */
#include <string.h>

#include "parse.h"
#include "sources.h"

const char *const cc_mi_names[MI__N] = {
	[MI_TOTAL] = "MemTotal", [MI_FREE] = "MemFree", [MI_AVAILABLE] = "MemAvailable",
	[MI_BALLOON] = "Balloon", [MI_CMA_TOTAL] = "CmaTotal", [MI_CMA_FREE] = "CmaFree",
	[MI_HP_TOTAL] = "HugePages_Total", [MI_HP_FREE] = "HugePages_Free",
	[MI_HP_RSVD] = "HugePages_Rsvd", [MI_HP_SURP] = "HugePages_Surp",
	[MI_HP_SIZE] = "Hugepagesize", [MI_HUGETLB] = "Hugetlb",
	[MI_ANON_HUGE] = "AnonHugePages",
};

int cc_parse_meminfo(struct cc_meminfo *m, char *buf, size_t len, const char *path,
		     struct cc_err *e)
{
	struct cc_lines c;
	char *line, *tok[4];
	int r, lines = 0;

	memset(m, 0, sizeof(*m));
	if (cc_lines_init(&c, buf, len, path, e) < 0)
		return -1;
	while ((r = cc_lines_next(&c, &line, e)) > 0) {
		int ntok = cc_split(line, tok, 4), k;
		size_t kl;
		uint64_t v;

		if (ntok == 0)
			continue;
		kl = strlen(tok[0]);
		if (ntok < 2 || ntok > 3 || kl < 2 || tok[0][kl - 1] != ':' ||
		    (ntok == 3 && strcmp(tok[2], "kB")))
			return cc_err_set(e, path, c.lineno, "expected '<Key>: <value> [kB]'");
		if (cc_parse_count(&c, tok[1], &v, e) < 0)
			return -1;
		tok[0][kl - 1] = '\0';
		lines++;
		for (k = 0; k < MI__N; k++) {
			if (strcmp(tok[0], cc_mi_names[k]))
				continue;
			if (m->set & (1u << k))
				return cc_err_set(e, path, c.lineno, "%s listed twice", tok[0]);
			m->v[k] = v;
			m->set |= 1u << k;
		}
	}
	if (r < 0)
		return -1;
	if (!lines)
		return cc_err_set(e, path, 0, "empty file");
	return 0;
}
