// SPDX-License-Identifier: GPL-2.0-or-later
#include "parse.h"

#include <ctype.h>
#include <string.h>

int cc_lines_init(struct cc_lines *c, char *buf, size_t len, const char *path,
		  struct cc_err *e)
{
	const char *nul = memchr(buf, '\0', len);

	c->p = buf;
	c->end = buf + len;
	c->lineno = 0;
	c->path = path;
	if (nul) {
		unsigned line = 1;
		const char *q;

		for (q = buf; q < nul; q++)
			line += *q == '\n';
		return cc_err_set(e, path, line, "NUL byte in a text file");
	}
	return 0;
}

int cc_lines_next(struct cc_lines *c, char **line, struct cc_err *e)
{
	char *start = c->p, *nl, *t;

	if (c->p >= c->end)
		return 0;
	nl = memchr(c->p, '\n', (size_t)(c->end - c->p));
	if (!nl)
		nl = c->end;	/* last line without a newline */
	c->lineno++;
	if ((size_t)(nl - start) > CC_MAX_LINE)
		return cc_err_set(e, c->path, c->lineno,
				  "line too long (over %d bytes)", CC_MAX_LINE);
	c->p = nl < c->end ? nl + 1 : c->end;
	*nl = '\0';
	t = nl;
	while (t > start && isspace((unsigned char)t[-1]))
		*--t = '\0';
	*line = start;
	return 1;
}

/* a byte's class for cc_split: 0 a token's, 1 a separator, 2 the end:
 * one look-up a byte instead of three comparisons (cc_split was a tenth of
 * snapshot's time at 1024 nodes) */
static const unsigned char split_class[256] = { ['\0'] = 2, [' '] = 1, ['\t'] = 1 };

int cc_split(char *line, char **tok, int max)
{
	int n = 0;
	unsigned char *p = (unsigned char *)line;

	for (;;) {
		while (split_class[*p] == 1)
			p++;
		if (!*p)
			return n;
		if (n == max)
			return -1;
		tok[n++] = (char *)p;
		while (!split_class[*p])
			p++;
		if (*p)
			*p++ = '\0';
	}
}

static int bad_number(const struct cc_lines *c, const char *tok, struct cc_err *e)
{
	if (*tok == '-' && tok[1] && strspn(tok + 1, "0123456789") == strlen(tok + 1))
		return cc_err_set(e, c->path, c->lineno, "negative count '%s'", tok);
	return cc_err_set(e, c->path, c->lineno, "'%.40s' is not a number", tok);
}

int cc_parse_count(const struct cc_lines *c, const char *tok, uint64_t *out,
		   struct cc_err *e)
{
	uint64_t v = 0;
	const char *p;

	if (!*tok)
		return bad_number(c, tok, e);
	for (p = tok; *p; p++) {
		if (!isdigit((unsigned char)*p))
			return bad_number(c, tok, e);
		if (__builtin_mul_overflow(v, 10, &v) ||
		    __builtin_add_overflow(v, (uint64_t)(*p - '0'), &v))
			return cc_err_set(e, c->path, c->lineno,
					  "'%.40s' does not fit in 64 bits", tok);
	}
	*out = v;
	return 0;
}

int cc_parse_i64(const struct cc_lines *c, const char *tok, int64_t *out,
		 struct cc_err *e)
{
	bool neg = *tok == '-';
	uint64_t v;

	if (cc_parse_count(c, tok + neg, &v, e) < 0)
		return -1;
	if (v > (uint64_t)INT64_MAX)
		return cc_err_set(e, c->path, c->lineno,
				  "'%.40s' does not fit in 64 bits", tok);
	*out = neg ? -(int64_t)v : (int64_t)v;
	return 0;
}

int cc_parse_node_id(const struct cc_lines *c, const char *tok, bool comma,
		     int *out, struct cc_err *e)
{
	size_t len = strlen(tok);
	char num[24];
	uint64_t v;

	if (comma) {
		if (len < 2 || tok[len - 1] != ',')
			return cc_err_set(e, c->path, c->lineno,
					  "expected 'Node <n>,' but found '%.40s'", tok);
		len--;
	}
	if (len == 0 || len >= sizeof(num))
		return cc_err_set(e, c->path, c->lineno, "bad node number '%.40s'", tok);
	memcpy(num, tok, len);
	num[len] = '\0';
	if (cc_parse_count(c, num, &v, e) < 0)
		return -1;
	if (v > CC_MAX_NODE_ID)
		return cc_err_set(e, c->path, c->lineno,
				  "node %llu out of range (the kernel allows at most %d)",
				  (unsigned long long)v, CC_MAX_NODE_ID);
	*out = (int)v;
	return 0;
}

int cc_check_zone_name(const struct cc_lines *c, const char *name,
		       struct cc_err *e)
{
	if (cc_zone_type_index(name) < 0)
		return cc_err_set(e, c->path, c->lineno, "unknown zone '%.40s'", name);
	return 0;
}
