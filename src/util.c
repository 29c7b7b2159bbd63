// SPDX-License-Identifier: GPL-2.0-or-later
#include "compactctl.h"
#include "format.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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

/* every message goes through the filter: file names and contents quoted
 * in a message come from input */
static void print_message(const char *msg)
{
	fputs("compactctl: ", stderr);
	cc_safe_text(stderr, msg, strlen(msg), false);
	fputc('\n', stderr);
}

void cc_err_print(const struct cc_err *e)
{
	print_message(e->msg);
}

void cc_warn(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	print_message(msg);
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

double cc_monotonic(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* close_range(2) came in Linux 5.9: before, one by one up to the limit */
static void close_from_to(unsigned from, unsigned to)
{
	long max;

	if (close_range(from, to, 0) == 0 || errno != ENOSYS)
		return;
	max = sysconf(_SC_OPEN_MAX);
	if (max < 0 || max > 65536)
		max = 65536;
	for (; from <= to && from < (unsigned)max; from++)
		close((int)from);
}

void cc_close_inherited(const int *keep, size_t n)
{
	unsigned from = 3;

	/* the gaps between the kept descriptors, in increasing order */
	for (;;) {
		unsigned next = ~0u;
		size_t i;

		for (i = 0; i < n; i++)
			if (keep[i] >= (int)from && (unsigned)keep[i] < next)
				next = (unsigned)keep[i];
		if (next > from)
			close_from_to(from, next - 1);
		if (next == ~0u)
			return;
		from = next + 1;
	}
}

/* ---- an in-memory output stream ---- */

struct memfile {
	char **bufp;
	size_t *lenp;
	size_t cap;
	size_t *plainp;		/* NULL, or where the plain prefix goes */
	bool mixed;		/* a byte that does not pass: scan no more */
};

/* The prefix of the output that passes the output filter as it is (no
 * colour allowed), extended as each chunk arrives, while it is still in
 * the cache: the commit then need not read megabytes again (scanning
 * export's 28 MB at 1024 nodes afterwards was a seventh of its time).
 * The buffer only ever grows at its end. A scan that stops within the
 * last CC_SAFE_PIECE_MAX bytes may have met a character or SGR sequence
 * cut by the chunk's end: the next chunk resumes there. One that stops
 * before is at a byte the filter changes; the commit then filters the
 * whole output itself (format.h says why resuming equals one scan). */
static void memfile_scan(struct memfile *m, const char *buf, size_t len)
{
	size_t from = *m->plainp, to;

	if (m->mixed)
		return;
	to = from + cc_safe_span(buf + from, len - from, false);
	if (len - to > CC_SAFE_PIECE_MAX)
		m->mixed = true;
	*m->plainp = to;
}

#define MEMFILE_MAPPED (4u << 20)

static ssize_t memfile_write(void *cookie, const char *p, size_t n)
{
	struct memfile *m = cookie;
	size_t len = *m->lenp;

	if (len + n + 1 > m->cap) {
		size_t cap = m->cap ? m->cap : 65536;
		char *b;

		while (cap < len + n + 1)
			cap *= 2;
		/* past 64 KiB straight to MEMFILE_MAPPED: a block that large is
		 * mapped (main's mmap threshold) unless the heap's top can hold
		 * it, and glibc grows a mapped block with mremap, so a document
		 * of megabytes is seldom copied (doubling on the heap copied
		 * each size again: 6 % of a snapshot at 1024 nodes); untouched
		 * pages cost no memory */
		if (cap > 65536 && cap < MEMFILE_MAPPED)
			cap = MEMFILE_MAPPED;
		if (!(b = realloc(*m->bufp, cap))) {
			errno = ENOMEM;
			return -1;
		}
		*m->bufp = b;
		m->cap = cap;
	}
	memcpy(*m->bufp + len, p, n);
	len += n;
	(*m->bufp)[len] = '\0';
	*m->lenp = len;
	if (m->plainp)
		memfile_scan(m, *m->bufp, len);
	return (ssize_t)n;
}

static int memfile_close(void *cookie)
{
	struct memfile *m = cookie;
	int ret = 0;

	/* like open_memstream: a buffer, if an empty one */
	if (!*m->bufp && !(*m->bufp = calloc(1, 1))) {
		errno = ENOMEM;
		ret = EOF;
	}
	free(m);
	return ret;
}

FILE *cc_memfile(char **bufp, size_t *lenp, size_t *plainp)
{
	static const cookie_io_functions_t io = {
		.write = memfile_write, .close = memfile_close,
	};
	struct memfile *m = calloc(1, sizeof(*m));
	FILE *f;

	*bufp = NULL;
	*lenp = 0;
	if (plainp)
		*plainp = 0;
	if (!m)
		return NULL;
	m->bufp = bufp;
	m->lenp = lenp;
	m->plainp = plainp;
	if (!(f = fopencookie(m, "w", io))) {
		free(m);
		return NULL;
	}
	setvbuf(f, NULL, _IOFBF, 65536);
	return f;
}
