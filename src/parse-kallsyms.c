// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /proc/kallsyms ("ffffffff81000000 T _stext [module]"), text symbols only,
 * for naming the return addresses of --stack. Addresses read as zero
 * (kptr_restrict, not root) leave the table empty: stacks print as hex.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kallsyms.h"
#include "parse.h"

static int by_addr(const void *a, const void *b)
{
	const struct cc_ksym *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

int cc_parse_kallsyms(struct cc_ksyms *ks, char *buf, size_t len, const char *path,
		      struct cc_err *e)
{
	struct cc_lines c;
	char *line;
	size_t cap = 0;
	int r;

	memset(ks, 0, sizeof(*ks));
	if (cc_lines_init(&c, buf, len, path, e) < 0)
		return -1;
	while ((r = cc_lines_next(&c, &line, e)) > 0) {
		char *tok[4], *end;
		unsigned long long a;
		size_t i;

		if (cc_split(line, tok, 4) < 3 || (tok[1][0] != 't' && tok[1][0] != 'T'))
			continue;
		a = strtoull(tok[0], &end, 16);
		if (*end || !a)
			continue;
		for (i = 0; tok[2][i]; i++)	/* names are the kernel's, still: printable only */
			if ((unsigned char)tok[2][i] < 0x21 || (unsigned char)tok[2][i] > 0x7e)
				tok[2][i] = '?';
		if (ks->n == cap) {
			cap = cap ? cap * 2 : 4096;
			ks->sym = xrealloc(ks->sym, cap, sizeof(*ks->sym));
		}
		ks->sym[ks->n].addr = a;
		ks->sym[ks->n].name = xstrdup(tok[2]);
		ks->n++;
	}
	if (r < 0) {
		cc_ksyms_free(ks);
		return -1;
	}
	qsort(ks->sym, ks->n, sizeof(*ks->sym), by_addr);
	return 0;
}

const char *cc_ksym_name(const struct cc_ksyms *ks, uint64_t addr, char *buf, size_t n)
{
	size_t lo = 0, hi = ks->n;

	while (lo < hi) {	/* the last symbol at or below addr */
		size_t mid = lo + (hi - lo) / 2;

		if (ks->sym[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		snprintf(buf, n, "0x%llx", (unsigned long long)addr);
	else
		snprintf(buf, n, "%s+0x%llx", ks->sym[lo - 1].name,
			 (unsigned long long)(addr - ks->sym[lo - 1].addr));
	return buf;
}

void cc_ksyms_free(struct cc_ksyms *ks)
{
	size_t i;

	for (i = 0; i < ks->n; i++)
		free(ks->sym[i].name);
	free(ks->sym);
	memset(ks, 0, sizeof(*ks));
}
