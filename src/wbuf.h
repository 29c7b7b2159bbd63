/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A write buffer in front of a FILE, for views that write a great many small
 * pieces (a large export has some 400,000 lines, a snapshot document some
 * 600,000 values): stdio's cost per call was a third to a half of such a
 * view's time (issue 14). Nothing else may write to the FILE between
 * cc_wb_init and cc_wb_flush.
 */
#ifndef CC_WBUF_H
#define CC_WBUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct cc_wbuf {
	FILE *f;
	bool bad;		/* a write to f failed */
	size_t len;		/* bytes in buf, not yet in f */
	char buf[16384];
};

static inline void cc_wb_init(struct cc_wbuf *b, FILE *f)
{
	b->f = f;
	b->bad = false;
	b->len = 0;
}

/* everything to the FILE; 0, or -1 if any write failed */
static inline int cc_wb_flush(struct cc_wbuf *b)
{
	if (b->len && fwrite(b->buf, 1, b->len, b->f) != b->len)
		b->bad = true;
	b->len = 0;
	return b->bad ? -1 : 0;
}

static inline void cc_wb_put(struct cc_wbuf *b, const char *s, size_t n)
{
	if (b->len + n > sizeof(b->buf)) {
		cc_wb_flush(b);
		if (n > sizeof(b->buf)) {
			if (fwrite(s, 1, n, b->f) != n)
				b->bad = true;
			return;
		}
	}
	/* most pieces are a few bytes: a loop, not a call to memcpy */
	if (n <= 16) {
		char *d = b->buf + b->len;

		for (size_t i = 0; i < n; i++)
			d[i] = s[i];
	} else {
		memcpy(b->buf + b->len, s, n);
	}
	b->len += n;
}

static inline void cc_wb_puts(struct cc_wbuf *b, const char *s)
{
	cc_wb_put(b, s, strlen(s));
}

static inline void cc_wb_putc(struct cc_wbuf *b, char c)
{
	if (b->len == sizeof(b->buf))
		cc_wb_flush(b);
	b->buf[b->len++] = c;
}

/* v's decimal digits written backwards from end (at most 20 bytes before
 * it, no NUL); where they start */
static inline char *cc_digits_before(char *end, uint64_t v)
{
	do
		*--end = (char)('0' + v % 10);
	while ((v /= 10));
	return end;
}

/* decimal digits, and a minus sign first when neg */
static inline void cc_wb_digits(struct cc_wbuf *b, uint64_t v, bool neg)
{
	char tmp[24], *p = cc_digits_before(tmp + sizeof(tmp), v);

	if (neg)
		*--p = '-';
	cc_wb_put(b, p, (size_t)(tmp + sizeof(tmp) - p));
}

/* s right-aligned in w columns (ASCII: a byte a column), as printf's %*s */
static inline void cc_wb_right(struct cc_wbuf *b, const char *s, int w)
{
	static const char spaces[] = "                                ";
	int len = (int)strlen(s), pad;

	for (pad = w - len; pad > 0; pad -= 32)
		cc_wb_put(b, spaces, (size_t)(pad < 32 ? pad : 32));
	cc_wb_put(b, s, (size_t)len);
}

/* v right-aligned in w columns, as printf's %*llu */
static inline void cc_wb_u64_right(struct cc_wbuf *b, uint64_t v, int w)
{
	char tmp[24];

	tmp[23] = '\0';
	cc_wb_right(b, cc_digits_before(tmp + 23, v), w);
}

static inline void cc_wb_u64(struct cc_wbuf *b, uint64_t v)
{
	cc_wb_digits(b, v, false);
}

static inline void cc_wb_i64(struct cc_wbuf *b, int64_t v)
{
	cc_wb_digits(b, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v, v < 0);
}

/* printf into the buffer: for the few short pieces a view formats, not
 * its bulk (a piece longer than 511 bytes is an error: b->bad) */
static inline void cc_wb_printf(struct cc_wbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static inline void cc_wb_printf(struct cc_wbuf *b, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(tmp))
		b->bad = true;
	else
		cc_wb_put(b, tmp, (size_t)n);
}

#endif
