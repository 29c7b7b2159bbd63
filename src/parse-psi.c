// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /proc/pressure/memory: "some avg10=%lu.%02lu avg60=... avg300=... total=%llu"
 * and the same for "full" [kernel/sched/psi.c: psi_show]. Averages are kept
 * in hundredths of a percent, as the kernel rounds them; total in us.
 */
#include <string.h>

#include "parse.h"
#include "sources.h"

/* "12.34" -> 1234: exactly two decimals, as psi_show prints */
static int hundredths(const struct cc_lines *c, const char *tok, uint32_t *out,
		      struct cc_err *e)
{
	const char *dot = strchr(tok, '.');
	char whole[24];
	uint64_t w, f;

	if (!dot || strlen(dot + 1) != 2 || (size_t)(dot - tok) >= sizeof(whole))
		return cc_err_set(e, c->path, c->lineno, "'%.40s' is not a percentage "
				  "with two decimals", tok);
	memcpy(whole, tok, dot - tok);
	whole[dot - tok] = '\0';
	if (cc_parse_count(c, whole, &w, e) < 0 || cc_parse_count(c, dot + 1, &f, e) < 0)
		return -1;
	if (w > 100)
		return cc_err_set(e, c->path, c->lineno, "pressure %.40s%% above 100", tok);
	*out = (uint32_t)(w * 100 + f);
	return 0;
}

static int psi_line(const struct cc_lines *c, char **tok, int ntok, struct cc_psi_line *l,
		    struct cc_err *e)
{
	static const char *const keys[] = { "avg10=", "avg60=", "avg300=", "total=" };
	int i;

	if (ntok != 5)
		return cc_err_set(e, c->path, c->lineno,
				  "expected '%s avg10=.. avg60=.. avg300=.. total=..'", tok[0]);
	if (l->have)
		return cc_err_set(e, c->path, c->lineno, "'%s' line listed twice", tok[0]);
	for (i = 0; i < 4; i++) {
		size_t kl = strlen(keys[i]);

		if (strncmp(tok[i + 1], keys[i], kl))
			return cc_err_set(e, c->path, c->lineno, "expected '%s' but found '%.40s'",
					  keys[i], tok[i + 1]);
		if (i < 3 ? hundredths(c, tok[i + 1] + kl, &l->avg[i], e) :
			    cc_parse_count(c, tok[i + 1] + kl, &l->total_us, e))
			return -1;
	}
	l->have = true;
	return 0;
}

int cc_parse_psi(struct cc_psi *p, char *buf, size_t len, const char *path, struct cc_err *e)
{
	struct cc_lines c;
	char *line, *tok[8];
	int r;

	memset(p, 0, sizeof(*p));
	if (cc_lines_init(&c, buf, len, path, e) < 0)
		return -1;
	while ((r = cc_lines_next(&c, &line, e)) > 0) {
		int ntok = cc_split(line, tok, 8);

		if (ntok == 0)
			continue;
		if (ntok < 0)
			return cc_err_set(e, path, c.lineno, "too many fields");
		if (!strcmp(tok[0], "some")) {
			if (psi_line(&c, tok, ntok, &p->some, e) < 0)
				return -1;
		} else if (!strcmp(tok[0], "full")) {
			if (psi_line(&c, tok, ntok, &p->full, e) < 0)
				return -1;
		} else {
			return cc_err_set(e, path, c.lineno, "expected 'some' or 'full'");
		}
	}
	if (r < 0)
		return -1;
	if (!p->some.have)
		return cc_err_set(e, path, 0, "no 'some' line");
	return 0;
}
