// SPDX-License-Identifier: GPL-2.0-or-later
#include "format.h"

#include <inttypes.h>
#include <string.h>

static const char units[] = "KMGTPE";

void cc_fmt_size_exact(char *buf, size_t n, uint64_t bytes)
{
	int u = -1;

	while (bytes >= 1024 && bytes % 1024 == 0 && u < 5) {
		bytes /= 1024;
		u++;
	}
	if (u < 0)
		snprintf(buf, n, "%" PRIu64, bytes);
	else
		snprintf(buf, n, "%" PRIu64 "%c", bytes, units[u]);
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

void cc_fmt_bytes_as(char *buf, size_t n, uint64_t bytes, enum cc_bytes_style st)
{
	double v = (double)bytes;
	int u = -1;

	if (bytes < 1024) {
		if (st == CC_BYTES_SHORT)
			snprintf(buf, n, bytes ? "%" PRIu64 "B" : "0", bytes);
		else
			snprintf(buf, n, "%" PRIu64 " B", bytes);
		return;
	}
	while (v >= 1024.0 && u < 5) {
		v /= 1024.0;
		u++;
	}
	if (st == CC_BYTES_SHORT) {
		/* one decimal only where it says something: 1.5G, but 2G */
		if (v < 10.0 && (uint64_t)(v * 10.0 + 0.5) % 10)
			snprintf(buf, n, "%.1f%c", v, units[u]);
		else
			snprintf(buf, n, "%.0f%c", v, units[u]);
		return;
	}
	snprintf(buf, n, v < 10 ? "%.1f %ciB" : "%.0f %ciB", v, units[u]);
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

	snprintf(buf, n, "%s%u.%03u", v < 0 ? "-" : "", a / 1000, a % 1000);
}

void cc_bar_text(char *buf, size_t n, uint64_t part, uint64_t whole, int width, bool utf8)
{
	static const char *const eighths[] = {
		"", "\u258f", "\u258e", "\u258d", "\u258c", "\u258b", "\u258a", "\u2589",
	};
	size_t len = 0;
	uint64_t eighth_cols, i;

	buf[0] = '\0';
	if (!whole || width <= 0 || n < 8)
		return;
	if (part > whole)
		part = whole;
	eighth_cols = (uint64_t)(((unsigned __int128)part * (unsigned)width * 8) / whole);
	for (i = 0; i < eighth_cols / 8 && len + 4 < n; i++)
		len += (size_t)snprintf(buf + len, n - len, "%s", utf8 ? "\u2588" : "#");
	if (utf8 && eighth_cols % 8 && len + 4 < n)
		snprintf(buf + len, n - len, "%s", eighths[eighth_cols % 8]);
	else if (eighth_cols < 8 && part)
		snprintf(buf + len, n - len, "%s", utf8 ? eighths[1] : ".");
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

size_t cc_safe_span(const char *s, size_t len, bool sgr)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, l;

	while (i < len) {
		while (i < len && ((u[i] >= 0x20 && u[i] < 0x7f) || u[i] == '\n' || u[i] == '\t'))
			i++;
		if (i == len)
			break;
		l = 0;
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
	size_t i = 0, run;

	while (i < len) {
		run = cc_safe_span(s + i, len - i, sgr);
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
