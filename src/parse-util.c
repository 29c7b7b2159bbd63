// SPDX-License-Identifier: GPL-2.0-or-later
#include "parse.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "path.h"

/* the line of the NUL at nul, counted from the window's first unread line */
static int nul_error(struct cc_lines *c, const char *from, const char *nul, struct cc_err *e)
{
	unsigned line = c->lineno + 1;
	const char *q;

	for (q = from; q < nul; q++)
		line += *q == '\n';
	return cc_err_set(e, c->path, line, "NUL byte in a text file");
}

int cc_parse_buffer(struct cc_snapshot *s, char *buf, size_t len, const char *path,
		    cc_lines_parser *fn, struct cc_err *e)
{
	struct cc_lines c;

	if (cc_lines_init(&c, buf, len, path, e) < 0)
		return -1;
	return fn(s, &c, e);
}

int cc_lines_init(struct cc_lines *c, char *buf, size_t len, const char *path,
		  struct cc_err *e)
{
	const char *nul = memchr(buf, '\0', len);

	memset(c, 0, sizeof(*c));
	c->p = buf;
	c->end = buf + len;
	c->path = path;
	c->fd = -1;
	return nul ? nul_error(c, buf, nul, e) : 0;
}

/* The window: a line is at most CC_MAX_LINE, so one always fits */
#define WINDOW (256 * 1024)

/* Move what is left of the window to its start and read after it: 1 read,
 * 0 at the end of the file, -1 with e set. */
static int refill(struct cc_lines *c, struct cc_err *e)
{
	size_t left = (size_t)(c->end - c->p);
	ssize_t got;
	char *nul;

	memmove(c->win, c->p, left);
	c->p = c->win;
	c->end = c->win + left;
	do
		got = read(c->fd, c->end, WINDOW - left);
	while (got < 0 && errno == EINTR);
	if (got < 0)
		return cc_err_set(e, c->path, 0, "%s", strerror(errno));
	if (got == 0) {
		close(c->fd);
		c->fd = -1;
		return 0;
	}
	c->total += (uint64_t)got;
	if (c->total > CC_MAX_FILE_SIZE)
		return cc_err_set(e, c->path, 0, "file too large (over %u MiB)",
				  CC_MAX_FILE_SIZE >> 20);
	nul = memchr(c->end, '\0', (size_t)got);
	if (nul)
		return nul_error(c, c->p, nul, e);
	c->end += got;
	return 1;
}

int cc_lines_stream(struct cc_lines *c, int fd, const char *path, struct cc_err *e)
{
	memset(c, 0, sizeof(*c));
	c->path = path;
	c->fd = fd;
	/* one byte more: a last line without a newline is terminated there */
	c->win = xrealloc(NULL, WINDOW + 1, 1);
	c->p = c->end = c->win;
	return refill(c, e) < 0 ? -1 : 0;
}

bool cc_lines_empty(const struct cc_lines *c)
{
	return c->p >= c->end && c->fd < 0;
}

void cc_lines_free(struct cc_lines *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	free(c->win);
	c->win = NULL;
}

int cc_lines_next(struct cc_lines *c, char **line, struct cc_err *e)
{
	char *start, *nl, *t;

	for (;;) {
		nl = memchr(c->p, '\n', (size_t)(c->end - c->p));
		/* a stream reads on until the line is whole (or too long) */
		if (nl || c->fd < 0 || (size_t)(c->end - c->p) > CC_MAX_LINE)
			break;
		if (refill(c, e) < 0)
			return -1;
	}
	if (c->p >= c->end)
		return 0;
	start = c->p;
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
	const unsigned char *p = (const unsigned char *)tok;
	uint64_t v = 0;
	size_t n;

	/* 19 digits cannot overflow: no check a digit (the counts of a
	 * 1024-node zoneinfo are millions of digits) */
	for (n = 0; n < 19 && (unsigned)(p[n] - '0') < 10; n++)
		v = v * 10 + (uint64_t)(p[n] - '0');
	if (!n)
		return bad_number(c, tok, e);
	for (p += n; *p; p++) {
		if (!isdigit(*p))
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
