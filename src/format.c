// SPDX-License-Identifier: GPL-2.0-or-later
#include "format.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static const char units[] = "KMGTPE";

/*
 * The helpers below run per row of every table (tens of thousands of
 * times at 1024 nodes): they write their digits themselves instead of
 * through snprintf, each into a local buffer first and then cut to fit n,
 * as snprintf would.
 */

/* v's decimal digits ending at end (not NUL-terminated); returns the start */
static char *digits_before(char *end, uint64_t v)
{
	do
		*--end = (char)('0' + v % 10);
	while ((v /= 10));
	return end;
}

/* the len bytes at s into buf, cut to fit n, NUL-terminated */
static void put(char *buf, size_t n, const char *s, size_t len)
{
	if (!n)
		return;
	if (len >= n)
		len = n - 1;
	memcpy(buf, s, len);
	buf[len] = '\0';
}

void cc_fmt_size_exact(char *buf, size_t n, uint64_t bytes)
{
	char tmp[24], *end = tmp + sizeof(tmp) - 1, *p;
	int u = -1;

	while (bytes >= 1024 && bytes % 1024 == 0 && u < 5) {
		bytes /= 1024;
		u++;
	}
	if (u >= 0)
		*end++ = units[u];
	p = digits_before(tmp + sizeof(tmp) - 1, bytes);
	put(buf, n, p, (size_t)(end - p));
}

void cc_fmt_order_size(char *buf, size_t n, long page_size, int k)
{
	uint64_t ps = page_size > 0 ? (uint64_t)page_size : 0;

	if (k < 0 || k >= 64 || (ps && ps > (UINT64_MAX >> k)))
		snprintf(buf, n, "?");
	else if (!ps)
		snprintf(buf, n, "%" PRIu64 "p", (uint64_t)1 << k);
	else
		cc_fmt_size_exact(buf, n, ps << k);
}

void cc_fmt_pages(char *buf, size_t n, uint64_t pages, long page_size)
{
	if (page_size > 0 && pages <= UINT64_MAX / (uint64_t)page_size)
		cc_fmt_bytes(buf, n, pages * (uint64_t)page_size);
	else
		snprintf(buf, n, "%" PRIu64 " page%s", pages, pages == 1 ? "" : "s");
}

/*
 * What printf's "%.1f" (tenth) or "%.0f" prints of bytes / 2^shift, and
 * suffix: the quotient is a binary fraction, so printf's exact decimal
 * rounding is the integer quotient rounded half to even, which integers
 * give without formatting a double (watch formats every amount of every
 * frame: snprintf's float path was a sixth of a frame's instructions).
 */
static void fmt_dyadic(char *buf, size_t n, uint64_t bytes, int shift, bool tenth,
		       const char *suffix)
{
	unsigned __int128 num = (unsigned __int128)bytes * (tenth ? 10u : 1u);
	unsigned __int128 half = (unsigned __int128)1 << (shift - 1);
	unsigned __int128 rest = num & ((half << 1) - 1);
	uint64_t q = (uint64_t)(num >> shift);
	char tmp[48], *end = tmp + 24, *p;
	size_t sl = strlen(suffix);

	if (rest > half || (rest == half && (q & 1)))
		q++;
	p = digits_before(end, tenth ? q / 10 : q);
	if (tenth) {
		*end++ = '.';
		*end++ = (char)('0' + q % 10);
	}
	memcpy(end, suffix, sl);
	put(buf, n, p, (size_t)(end - p) + sl);
}

void cc_fmt_bytes_as(char *buf, size_t n, uint64_t bytes, enum cc_bytes_style st)
{
	double v = (double)bytes;
	char suffix[8];
	bool tenth;
	int u = -1;

	if (bytes < 1024) {
		char tmp[24], *end = tmp + sizeof(tmp) - 2, *p = digits_before(end, bytes);

		if (st == CC_BYTES_SHORT) {
			if (bytes)
				*end++ = 'B';
		} else {
			*end++ = ' ';
			*end++ = 'B';
		}
		put(buf, n, p, (size_t)(end - p));
		return;
	}
	while (v >= 1024.0 && u < 5) {
		v /= 1024.0;
		u++;
	}
	/* v is bytes / 2^(10 (u + 1)) exactly while bytes is a double's
	 * integer: below 2^53 (8 PiB); above, printf formats the double */
	if (st == CC_BYTES_SHORT) {
		/* one decimal only where it says something: 1.5G, but 2G */
		tenth = v < 10.0 && (uint64_t)(v * 10.0 + 0.5) % 10;
		suffix[0] = units[u];
		suffix[1] = '\0';
	} else {
		tenth = v < 10;
		memcpy(suffix, " KiB", 5);
		suffix[1] = units[u];
	}
	if (bytes < (1ull << 53))
		fmt_dyadic(buf, n, bytes, 10 * (u + 1), tenth, suffix);
	else if (tenth)
		snprintf(buf, n, "%.1f%s", v, suffix);
	else
		snprintf(buf, n, "%.0f%s", v, suffix);
}

void cc_fmt_delta_bytes(char *buf, size_t n, int64_t pages, long page_size)
{
	uint64_t mag = pages < 0 ? (uint64_t)0 - (uint64_t)pages : (uint64_t)pages;

	buf[0] = pages < 0 ? '-' : pages > 0 ? '+' : ' ';
	cc_fmt_pages(buf + 1, n - 1, mag, page_size);
	if (!pages)
		memmove(buf, buf + 1, strlen(buf));
}

void cc_fmt_milli(char *buf, size_t n, int v)
{
	unsigned a = v < 0 ? (unsigned)-(long)v : (unsigned)v;
	char tmp[24], *end = tmp + sizeof(tmp), *p;

	*--end = (char)('0' + a % 10);
	*--end = (char)('0' + a / 10 % 10);
	*--end = (char)('0' + a / 100 % 10);
	*--end = '.';
	p = digits_before(end, a / 1000);
	if (v < 0)
		*--p = '-';
	put(buf, n, p, (size_t)(tmp + sizeof(tmp) - p));
}

void cc_bar_text(char *buf, size_t n, uint64_t part, uint64_t whole, int width, bool utf8)
{
	static const char *const eighths[] = {
		"", "\u258f", "\u258e", "\u258d", "\u258c", "\u258b", "\u258a", "\u2589",
	};
	const char *full = utf8 ? "\u2588" : "#", *tail = "";
	size_t len = 0, fl = strlen(full);
	uint64_t eighth_cols, i;

	buf[0] = '\0';
	if (!whole || width <= 0 || n < 8)
		return;
	if (part > whole)
		part = whole;
	eighth_cols = (uint64_t)(((unsigned __int128)part * (unsigned)width * 8) / whole);
	for (i = 0; i < eighth_cols / 8 && len + 4 < n; i++) {
		memcpy(buf + len, full, fl);
		len += fl;
	}
	if (utf8 && eighth_cols % 8 && len + 4 < n)
		tail = eighths[eighth_cols % 8];
	else if (eighth_cols < 8 && part)
		tail = utf8 ? eighths[1] : ".";
	put(buf + len, n - len, tail, strlen(tail));
}

/* ---- the filter ---- */

/* length of a valid UTF-8 sequence at s (at most len bytes), 0 if none */
static size_t utf8_len(const unsigned char *s, size_t len)
{
	size_t need, i;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		need = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		need = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		need = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len < need)
		return 0;
	for (i = 1; i < need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* overlong, surrogates, past U+10FFFF, and the C1 controls */
	if ((need == 3 && cp < 0x800) || (need == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp <= 0x9f))
		return 0;
	return need;
}

/* length of an SGR sequence at s: ESC [ [0-9;]* m; 0 if it is not one */
static size_t sgr_len(const char *s, size_t len)
{
	size_t i = 2;

	if (len < 3 || s[0] != '\033' || s[1] != '[')
		return 0;
	while (i < len && i < 16 && ((s[i] >= '0' && s[i] <= '9') || s[i] == ';'))
		i++;
	return i < len && s[i] == 'm' ? i + 1 : 0;
}

/* how many bytes at s are printable ASCII, newline or tab: sixteen at a
 * time (GCC's vector extension: SSE2 on x86-64, plain words elsewhere)
 * while all are, then one at a time up to the byte that is none of these.
 * Every output passes here; formatted JSON has a tab or a newline every
 * few bytes, so they must not stop the fast loop. */
typedef unsigned char cc_v16 __attribute__((vector_size(16)));

static size_t plain_run(const unsigned char *u, size_t len)
{
	size_t i = 0;

	while (len - i >= 16) {
		cc_v16 v, bad;
		uint64_t m[2];

		memcpy(&v, u + i, 16);
		bad = (cc_v16)((v < 0x20) & (v != '\n') & (v != '\t')) | (cc_v16)(v > 0x7e);
		memcpy(m, &bad, 16);
		if (m[0] | m[1])
			break;
		i += 16;
	}
	while (i < len && ((u[i] >= 0x20 && u[i] < 0x7f) || u[i] == '\n' || u[i] == '\t'))
		i++;
	return i;
}

/* how many bytes at s pass the filter as they are */
size_t cc_safe_span(const char *s, size_t len, bool sgr)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		size_t l = 0;

		i += plain_run(u + i, len - i);
		if (i == len)
			break;
		if (u[i] == 0x1b && sgr)
			l = sgr_len(s + i, len - i);
		else if (u[i] >= 0x80)
			l = utf8_len(u + i, len - i);
		if (!l)
			break;
		i += l;
	}
	return i;
}

int cc_safe_text(FILE *out, const char *s, size_t len, bool sgr)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		size_t run = cc_safe_span(s + i, len - i, sgr);

		if (run && fwrite(s + i, 1, run, out) != run)
			return -1;
		i += run;
		if (i == len)
			break;
		/* a control character or a byte that is no UTF-8: visible */
		if (i + 1 < len && u[i] == 0xc2 && u[i + 1] >= 0x80 && u[i + 1] <= 0x9f) {
			/* a C1 control in UTF-8: its code point */
			if (fprintf(out, "\\u%04x", u[i + 1]) < 0)
				return -1;
			i += 2;
			continue;
		}
		if (fprintf(out, "\\x%02x", u[i]) < 0)
			return -1;
		i++;
	}
	return 0;
}

const unsigned char cc_quote_as_is[256] = {
	[0x20 ... 0x21] = 1, [0x23 ... 0x5b] = 1, [0x5d ... 0x7e] = 1,	/* not " or \\ */
};

bool cc_text_plain(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
			return false;
	return true;
}

void cc_safe_copy(char *dst, size_t n, const char *s)
{
	size_t len = strlen(s);
	FILE *f;

	if (!n)
		return;
	if (cc_safe_span(s, len, false) == len) {
		/* the usual case: nothing to make visible */
		len = len < n - 1 ? len : n - 1;
		memcpy(dst, s, len);
		dst[len] = '\0';
		return;
	}
	dst[0] = '\0';
	if (!(f = fmemopen(dst, n, "w")))
		return;
	setvbuf(f, NULL, _IONBF, 0);
	cc_safe_text(f, s, len, false);
	fclose(f);
	dst[n - 1] = '\0';
}

double cc_round_dec(double v, int dec)
{
	double scale = 1, x, frac;
	int64_t t;

	while (dec-- > 0)
		scale *= 10;
	x = v * scale;
	if (!(x > -9.2e18 && x < 9.2e18))
		return v;
	/* truncate, then step away from zero on a half or more: x - t is
	 * exact, so 0.49999999999999994 does not round up as x + 0.5 would */
	t = (int64_t)x;
	frac = x - (double)t;
	if (frac >= 0.5)
		t++;
	else if (frac <= -0.5)
		t--;
	return (double)t / scale;
}

/* the one word wrapper of the text views (format.h) */
void cc_wrap(FILE *out, int width, int used, int indent, const char *text)
{
	const char *p = text;
	bool glue = *p != ' ';
	int col = used;

	while (*p == ' ')
		p++;
	while (*p) {
		size_t w = strcspn(p, " ");

		if (glue) {
			glue = false;
		} else if (col > indent && col + 1 + (int)w > width) {
			fprintf(out, "\n%*s", indent, "");
			col = indent;
		} else {
			fputc(' ', out);
			col++;
		}
		for (size_t i = 0; i < w; i++)
			fputc(p[i] == CC_NBSP ? ' ' : p[i], out);
		col += (int)w;
		p += w;
		while (*p == ' ')
			p++;
	}
	fputc('\n', out);
}
