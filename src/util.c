// SPDX-License-Identifier: GPL-2.0-or-later
#include "compactctl.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int cc_err_set(struct cc_err *e, const char *file, unsigned line,
	       const char *fmt, ...)
{
	va_list ap;
	int n = 0;

	if (!e)
		return -1;
	if (file && line)
		n = snprintf(e->msg, sizeof(e->msg), "%s:%u: ", file, line);
	else if (file)
		n = snprintf(e->msg, sizeof(e->msg), "%s: ", file);
	if (n < 0 || (size_t)n >= sizeof(e->msg))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(e->msg + n, sizeof(e->msg) - n, fmt, ap);
	va_end(ap);
	return -1;
}

void cc_err_print(const struct cc_err *e)
{
	fprintf(stderr, "compactctl: %s\n", e->msg);
}

void cc_warn(const char *fmt, ...)
{
	va_list ap;

	fputs("compactctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void oom(void)
{
	fputs("compactctl: out of memory\n", stderr);
	exit(EXIT_FAIL);
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n, size_t size)
{
	size_t total;

	if (__builtin_mul_overflow(n, size, &total))
		oom();
	p = realloc(p, total ? total : 1);
	if (!p)
		oom();
	return p;
}

char *xstrdup(const char *s)
{
	char *d = strdup(s);

	if (!d)
		oom();
	return d;
}

static const char units[] = "KMGTPE";

void cc_fmt_size_exact(char *buf, size_t n, uint64_t bytes)
{
	int u = -1;

	while (bytes >= 1024 && bytes % 1024 == 0 && u < 5) {
		bytes /= 1024;
		u++;
	}
	if (u < 0)
		snprintf(buf, n, "%llu", (unsigned long long)bytes);
	else
		snprintf(buf, n, "%llu%c", (unsigned long long)bytes, units[u]);
}

void cc_fmt_bytes(char *buf, size_t n, uint64_t bytes)
{
	double v = (double)bytes;
	int u = -1;

	if (bytes < 1024) {
		snprintf(buf, n, "%llu B", (unsigned long long)bytes);
		return;
	}
	while (v >= 1024.0 && u < 5) {
		v /= 1024.0;
		u++;
	}
	snprintf(buf, n, v < 10 ? "%.1f %ciB" : "%.0f %ciB", v, units[u]);
}

void cc_fmt_milli(char *buf, size_t n, int v)
{
	unsigned a = v < 0 ? (unsigned)-(long)v : (unsigned)v;

	snprintf(buf, n, "%s%u.%03u", v < 0 ? "-" : "", a / 1000, a % 1000);
}

int cc_parse_size(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;
	int shift = 0;

	if (!s || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s)
		return -1;
	if (*end) {
		const char *p = strchr(units, toupper((unsigned char)*end));

		if (!p || !*p)
			return -1;
		shift = 10 * (int)(p - units + 1);
		end++;
		if (*end == 'i' && end[1] == 'B')
			end += 2;
		else if (*end == 'B')
			end++;
		if (*end)
			return -1;
	}
	if (shift && v > (~0ULL >> shift))
		return -1;
	*out = (uint64_t)v << shift;
	return 0;
}

int cc_ilog2_exact(uint64_t v)
{
	if (!v || (v & (v - 1)))
		return -1;
	return __builtin_ctzll(v);
}

int cc_parse_list(const char *s, int max, bool *set)
{
	const char *p = s;

	if (!*p)
		return -1;
	while (*p) {
		unsigned long a, b;
		char *end;

		if (!isdigit((unsigned char)*p))
			return -1;
		a = strtoul(p, &end, 10);
		b = a;
		if (*end == '-') {
			p = end + 1;
			if (!isdigit((unsigned char)*p))
				return -1;
			b = strtoul(p, &end, 10);
		}
		if (a > b || b > (unsigned long)max)
			return -1;
		for (; a <= b; a++)
			set[a] = true;
		p = end;
		if (*p == ',')
			p++;
		else if (*p && *p != '\n')
			return -1;
		else if (*p == '\n')
			p++;
	}
	return 0;
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

double cc_monotonic(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
