// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Allocation-failure reports in a kernel log, in the formats of
 * docs/alloc-failure-reports.md (2.6.19 .. 6.18): the header lines of
 * mm/page_alloc.c warn_alloc()/warn_alloc_failed(), mm/vmalloc.c and
 * mm/oom_kill.c dump_header(), the dump_stack() identity line, the call
 * trace, and show_free_areas()/__show_mem() (mm/page_alloc.c, from 6.5
 * mm/show_mem.c).
 *
 * Input is whatever users have: dmesg ("[ 123.456] "), syslog and journal
 * ("Jun 13 04:36:30 host kernel: "), /dev/kmsg records ("4,123,456,-;"),
 * Android ("<4>[ 59.7]", "07-13 08:41:51.341 <4>[...s][pid:1,cpu5,comm]"),
 * or no prefix at all; lines hard-wrapped by mail clients, CRLF, several
 * reports, unrelated lines in between, truncated pastes. Three passes:
 * strip each line's prefix, join wrapped continuation lines back, then
 * read the logical lines with a small state machine.
 */
#include "allocreport.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

#define MAX_JOINED (16 * 1024)	/* a wrapped line is never longer */
#define REPORT_WINDOW 3000	/* logical lines after a header that may belong to it */

const char *cc_ar_kind_name(enum cc_ar_kind k)
{
	static const char *const names[] = { "failure", "stall", "oom", "vmalloc" };

	return (unsigned)k < ARRAY_SIZE(names) ? names[k] : "failure";
}

/* ---------------------------------------------------------------- */
/* small lexical helpers                                             */

static const char *skip_ws(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

static bool starts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* Unsigned decimal at p; false on no digits or overflow. */
static bool read_u64(const char *p, const char **end, uint64_t *v)
{
	uint64_t x = 0;
	const char *q = p;

	while (isdigit((unsigned char)*q)) {
		if (__builtin_mul_overflow(x, 10, &x) ||
		    __builtin_add_overflow(x, (uint64_t)(*q - '0'), &x))
			return false;
		q++;
	}
	if (q == p)
		return false;
	*v = x;
	if (end)
		*end = q;
	return true;
}

static bool read_hex(const char *p, const char **end, uint64_t *v)
{
	uint64_t x = 0;
	const char *q = p;
	int digits = 0;

	if (q[0] != '0' || (q[1] != 'x' && q[1] != 'X'))
		return false;
	q += 2;
	while (isxdigit((unsigned char)*q)) {
		if (++digits > 16)
			return false;
		x = x * 16 + (uint64_t)(isdigit((unsigned char)*q) ? *q - '0' :
					tolower((unsigned char)*q) - 'a' + 10);
		q++;
	}
	if (!digits)
		return false;
	*v = x;
	if (end)
		*end = q;
	return true;
}

/* Copy at most n-1 bytes of [p, p+len) */
static void copy_span(char *dst, size_t n, const char *p, size_t len)
{
	if (len >= n)
		len = n - 1;
	memcpy(dst, p, len);
	dst[len] = '\0';
}

/* ---------------------------------------------------------------- */
/* pass 1: prefixes                                                  */

/* /dev/kmsg: "level,seq,usec,flags;message" */
static char *strip_kmsg(char *s)
{
	char *p = s;
	int i;

	for (i = 0; i < 3; i++) {
		if (!isdigit((unsigned char)*p))
			return NULL;
		while (isdigit((unsigned char)*p))
			p++;
		if (*p++ != ',')
			return NULL;
	}
	p = strchr(p, ';');
	return p && p - s < 64 ? p + 1 : NULL;
}

static bool two_digits(const char *p)
{
	return isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[1]);
}

/* "HH:MM:SS" with an optional fraction */
static const char *skip_clock(const char *p)
{
	if (!two_digits(p) || p[2] != ':' || !two_digits(p + 3) || p[5] != ':' ||
	    !two_digits(p + 6))
		return NULL;
	p += 8;
	if (*p == '.' || *p == ',')
		for (p++; isdigit((unsigned char)*p); p++)
			;
	return p;
}

/* "host kernel: " or "host kernel[123]: " after a syslog time stamp */
static char *strip_host_tag(const char *p)
{
	const char *h = skip_ws(p), *t;

	if (h == p)
		return NULL;
	t = h;
	while (*t && *t != ' ')
		t++;
	if (t == h)
		return NULL;
	t = skip_ws(t);
	if (!starts(t, "kernel"))
		return NULL;
	t += 6;
	if (*t == '[') {
		t = strchr(t, ']');
		if (!t)
			return NULL;
		t++;
	}
	if (*t != ':')
		return NULL;
	return (char *)(t[1] == ' ' ? t + 2 : t + 1);
}

/* syslog / journalctl: "Jun 13 04:36:30 host kernel: " */
static char *strip_syslog(char *s)
{
	const char *p = s;

	if (!isupper((unsigned char)p[0]) || !islower((unsigned char)p[1]) ||
	    !islower((unsigned char)p[2]) || p[3] != ' ')
		return NULL;
	p = skip_ws(p + 4);
	if (!isdigit((unsigned char)*p))
		return NULL;
	while (isdigit((unsigned char)*p))
		p++;
	if (*p != ' ')
		return NULL;
	p = skip_clock(p + 1);
	return p ? strip_host_tag(p) : NULL;
}

/* RFC 3339 syslog: "2024-02-21T15:39:16.123456+01:00 host kernel: " */
static char *strip_iso(char *s)
{
	const char *p = s;

	if (!two_digits(p) || !two_digits(p + 2) || p[4] != '-' || !two_digits(p + 5) ||
	    p[7] != '-' || !two_digits(p + 8) || (p[10] != 'T' && p[10] != ' '))
		return NULL;
	p = skip_clock(p + 11);
	if (!p)
		return NULL;
	if (*p == 'Z')
		p++;
	else if ((*p == '+' || *p == '-') && two_digits(p + 1)) {
		p += 3;
		if (*p == ':')
			p++;
		if (two_digits(p))
			p += 2;
	}
	return strip_host_tag(p);
}

/* Android logs: "07-13 08:41:51.341 " */
static char *strip_android_date(char *s)
{
	const char *p = s;

	if (!two_digits(p) || p[2] != '-' || !two_digits(p + 3) || p[5] != ' ')
		return NULL;
	p = skip_clock(p + 6);
	return p && *p == ' ' ? (char *)p + 1 : NULL;
}

/* "<4>" */
static char *strip_level(char *s)
{
	char *p = s + 1;

	if (*s != '<' || !isdigit((unsigned char)*p))
		return NULL;
	while (isdigit((unsigned char)*p))
		p++;
	return *p == '>' && p - s <= 4 ? p + 1 : NULL;
}

/* dmesg -x: "kern  :warn  : " */
static char *strip_facility(char *s)
{
	static const char *const fac[] = { "kern", "user", "daemon", "syslog" };
	size_t i;
	char *p;

	for (i = 0; i < ARRAY_SIZE(fac); i++)
		if (starts(s, fac[i]))
			break;
	if (i == ARRAY_SIZE(fac))
		return NULL;
	p = (char *)skip_ws(s + strlen(fac[i]));
	if (*p++ != ':')
		return NULL;
	while (islower((unsigned char)*p))
		p++;
	p = (char *)skip_ws(p);
	return *p == ':' ? (char *)skip_ws(p + 1) : NULL;
}

/* "[ 123.456]", "[123.456s]", "[  T123]", "[pid:1,cpu5,comm]",
 * "[Mon Feb 21 15:39:16 2024]"; never "[<c0012345>]" or "[c0000000...]" */
static char *strip_bracket(char *s)
{
	char *close, *in;
	size_t len;

	if (*s != '[')
		return NULL;
	close = strchr(s, ']');
	if (!close || close - s > 64)
		return NULL;
	in = (char *)skip_ws(s + 1);
	len = (size_t)(close - in);
	if (starts(in, "pid:"))
		goto ok;
	if ((*in == 'T' || *in == 'C') && isdigit((unsigned char)in[1])) {
		const char *q = in + 1;

		while (isdigit((unsigned char)*q))
			q++;
		if (skip_ws(q) == close)
			goto ok;
	}
	if (isdigit((unsigned char)*in)) {
		const char *q = in;

		while (isdigit((unsigned char)*q))
			q++;
		if (*q == '.' && isdigit((unsigned char)q[1])) {
			for (q++; isdigit((unsigned char)*q); q++)
				;
			if (*q == 's')
				q++;
			if (q == close)
				goto ok;
		}
	}
	if (isupper((unsigned char)*in) && len >= 20 && strspn(in, "ADFJMNOSTWabcdeghilnoprtuvy0123456789: ") == len)
		goto ok;	/* dmesg -T */
	return NULL;
ok:
	return close[1] == ' ' ? close + 2 : close + 1;
}

/* Strip every prefix; *had says whether there was one. */
static char *strip_prefix(char *s, bool *had)
{
	static char *(*const strip[])(char *) = {
		strip_kmsg, strip_syslog, strip_iso, strip_android_date,
		strip_level, strip_facility, strip_bracket,
	};
	size_t i;
	int rounds;

	*had = false;
	/* mail quote markers: a kernel line never starts with '>' */
	while (*s == '>') {
		s++;
		if (*s == ' ')
			s++;
	}
	for (rounds = 0; rounds < 8; rounds++) {
		char *p = NULL;

		for (i = 0; i < ARRAY_SIZE(strip) && !p; i++)
			p = strip[i](s);
		if (!p)
			break;
		s = p;
		*had = true;
	}
	return s;
}

/* ---------------------------------------------------------------- */
/* line classification                                               */

enum lkind {
	L_OTHER, L_EMPTY, L_HEADER, L_VMALLOC_PRE, L_MEMINFO, L_ZONE, L_BUDDY,
	L_RESERVE, L_NODE, L_KV, L_IDENT, L_STRUCT
};

struct zprefix {
	int node;		/* -1 without "Node N" */
	char name[12];
	const char *rest;	/* after the zone name */
};

/* "[Node N ]ZONE" at t */
static bool zone_prefix(const char *t, struct zprefix *z)
{
	const char *p = t;
	size_t len;
	uint64_t n;

	z->node = -1;
	if (starts(p, "Node ")) {
		if (!read_u64(p + 5, &p, &n) || n > CC_MAX_NODE_ID || *p != ' ')
			return false;
		z->node = (int)n;
		p++;
	}
	len = strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");
	if (!len || len >= sizeof(z->name))
		return false;
	copy_span(z->name, sizeof(z->name), p, len);
	if (cc_zone_type_index(z->name) < 0)
		return false;
	z->rest = p + len;
	return true;
}

/* "123*4kB" */
static bool buddy_count(const char *tok, size_t len, uint64_t *n, uint64_t *kb)
{
	const char *p;

	if (!read_u64(tok, &p, n) || *p != '*' || !read_u64(p + 1, &p, kb))
		return false;
	return (size_t)(p - tok) + 2 == len && (starts(p, "kB") || starts(p, "KB"));
}

static bool kb_value(const char *tok, size_t len)
{
	uint64_t v;
	const char *p;

	if (!read_u64(tok, &p, &v))
		return false;
	return (size_t)(p - tok) == len ||
	       ((size_t)(p - tok) + 2 == len && (starts(p, "kB") || starts(p, "KB")));
}

/* A token of a key:value line: "free:123kB", "pages_scanned:0", "shmem_thp:"
 * (value in the next token), "0kB", "all_unreclaimable?", "yes", "no" */
static bool kv_token(const char *tok, size_t len)
{
	const char *colon = memchr(tok, ':', len);

	if (kb_value(tok, len))
		return true;
	if ((len == 3 && starts(tok, "yes")) || (len == 2 && starts(tok, "no")) ||
	    (len == 18 && starts(tok, "all_unreclaimable?")))
		return true;
	if (!colon || colon == tok)
		return false;
	if (strspn(tok, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_()-") !=
	    (size_t)(colon - tok))
		return false;
	return colon + 1 == tok + len || kb_value(colon + 1, len - (size_t)(colon + 1 - tok));
}

typedef bool (*tok_pred)(const char *tok, size_t len);

/* Every blank-separated token of t satisfies pred (and there is one) */
static bool all_tokens(const char *t, tok_pred pred)
{
	const char *p = skip_ws(t);
	bool any = false;

	while (*p) {
		size_t len = strcspn(p, " \t");

		if (!pred(p, len))
			return false;
		any = true;
		p = skip_ws(p + len);
	}
	return any;
}

static bool buddy_token(const char *tok, size_t len)
{
	uint64_t a, b;

	if (buddy_count(tok, len, &a, &b) || kb_value(tok, len))
		return true;
	if (len == 1 && *tok == '=')
		return true;
	return len >= 3 && tok[0] == '(' && tok[len - 1] == ')' &&
	       strspn(tok + 1, "UMERHCIX") == len - 2;
}

static bool int_token(const char *tok, size_t len)
{
	if (*tok == '-') {
		tok++;
		len--;
	}
	return len && strspn(tok, "0123456789") == len;
}

static const char *const header_keys[] = {
	": page allocation failure", ": page allocation stalls for ",
	": vmalloc: allocation failure", ": vmalloc error: ", ": vmalloc size ",
	" invoked oom-killer: ",
};

/* Where the header text starts (after "comm"), or NULL */
static const char *header_at(const char *t, enum cc_ar_kind *kind)
{
	static const enum cc_ar_kind kinds[] = { CC_AR_FAILURE, CC_AR_STALL, CC_AR_VMALLOC,
						 CC_AR_VMALLOC, CC_AR_VMALLOC, CC_AR_OOM };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(header_keys); i++) {
		const char *p = strstr(t, header_keys[i]);

		if (p && p > t) {
			*kind = kinds[i];
			return p;
		}
	}
	return NULL;
}

static bool struct_start(const char *t)
{
	static const char *const keys[] = {
		"Mem-Info:", "Mem-info:", "lowmem_reserve[]:", "CPU: ", "Pid: ",
		"Call Trace:", "Call trace:", "Backtrace:", "Hardware name:",
		"Workqueue:", "Free swap", "Total swap", "Swap cache", "SLUB:",
		"oom-kill:", "Out of memory", "Killed process", "Tasks state",
		"[ pid ]", "Linux version ", "warn_alloc", "TGID:",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(keys); i++)
		if (starts(t, keys[i]))
			return true;
	return false;
}

static enum lkind classify(const char *t)
{
	enum cc_ar_kind k = CC_AR_FAILURE;
	struct zprefix z;
	const char *p;
	uint64_t n;

	if (!*t)
		return L_EMPTY;
	if (header_at(t, &k))
		return L_HEADER;
	if (starts(t, "vmalloc: allocation failure"))
		return L_VMALLOC_PRE;
	if (starts(t, "Mem-Info:") || starts(t, "Mem-info:"))
		return L_MEMINFO;
	if (starts(t, "lowmem_reserve[]:"))
		return L_RESERVE;
	if (zone_prefix(t, &z)) {
		if (starts(z.rest, " free:"))
			return L_ZONE;
		if (z.rest[0] == ':' && z.rest[1] == ' ') {
			uint64_t a, b;
			const char *q = skip_ws(z.rest + 1);

			if (buddy_count(q, strcspn(q, " \t"), &a, &b))
				return L_BUDDY;
		}
		if (starts(z.rest, " per-cpu:"))
			return L_STRUCT;
	}
	if (starts(t, "Node ") && read_u64(t + 5, &p, &n) && *p == ' ')
		return L_NODE;
	if ((starts(t, "CPU: ") && strstr(t, "Comm: ")) || (starts(t, "Pid: ") && strstr(t, "comm: ")))
		return L_IDENT;
	if (struct_start(t))
		return L_STRUCT;
	/* "N pages RAM", "N total pagecache pages" */
	if (read_u64(t, &p, &n) && (starts(p, " pages ") || starts(p, " total pagecache")))
		return L_STRUCT;
	p = t + strcspn(t, " \t");
	if (memchr(t, ':', (size_t)(p - t)) && kv_token(t, (size_t)(p - t)) &&
	    isdigit((unsigned char)*(strchr(t, ':') + 1)))
		return L_KV;
	return L_OTHER;
}

/* " #1" (the version after the release) */
static bool has_version_token(const char *t)
{
	for (const char *h = strstr(t, " #"); h; h = strstr(h + 2, " #"))
		if (isdigit((unsigned char)h[2]))
			return true;
	return false;
}

static bool buddy_has_total(const char *t)
{
	const char *eq = strrchr(t, '=');

	return eq && *skip_ws(eq + 1);
}

/* ---------------------------------------------------------------- */
/* pass 2: logical lines                                             */

struct lline {
	char *s, *end;		/* content, NUL at end */
	unsigned lineno;
	unsigned raw_len;	/* of the (last) physical line, prefix included */
	bool prefixed;
	bool indented;		/* began with blanks (a kernel continuation) */
	enum lkind kind;
};

/* How the file was wrapped: a terminal copy cuts lines at its width, in
 * the middle of a token, so many lines have exactly that (maximal) length */
struct wrapping {
	bool prefixed_file;	/* most lines carry a log prefix */
	unsigned hard_width;	/* 0: no hard wrapping seen */
};

static bool header_continues(const struct lline *L, const char *n)
{
	static const char *const keys[] = { "mode:", "gfp_mask=", "nodemask=", "cpuset=",
					    "mems_allowed=", "order", "oom_score_adj=" };
	size_t i;

	if (L->end > L->s && L->end[-1] == ',')
		return true;
	for (i = 0; i < ARRAY_SIZE(keys); i++)
		if (starts(n, keys[i]))
			return true;
	return false;
}

/* Is raw line n a continuation of logical line L? *glue: join without a
 * blank (a token was cut) */
static bool joins(const struct lline *L, const struct lline *n, const struct wrapping *w,
		  bool *glue)
{
	const char *t = n->s;
	enum lkind nk = n->kind;

	*glue = false;
	if (!L || L->kind == L_EMPTY || nk == L_EMPTY ||
	    (size_t)(L->end - L->s) > MAX_JOINED)
		return false;
	if (w->hard_width && L->raw_len == w->hard_width && !n->prefixed &&
	    nk != L_HEADER && nk != L_MEMINFO && nk != L_VMALLOC_PRE) {
		*glue = !n->indented;	/* cut at the terminal's width */
		return true;
	}
	if (nk == L_HEADER || nk == L_MEMINFO || nk == L_ZONE || nk == L_BUDDY ||
	    nk == L_RESERVE || nk == L_NODE || nk == L_STRUCT || nk == L_VMALLOC_PRE ||
	    nk == L_IDENT)
		return false;
	switch (L->kind) {
	case L_HEADER:
		if (header_continues(L, t))
			return true;
		break;
	case L_ZONE:
	case L_NODE:
	case L_KV:
		if (all_tokens(t, kv_token))
			return true;
		break;
	case L_BUDDY:
		if (!buddy_has_total(L->s) && all_tokens(t, buddy_token))
			return true;
		break;
	case L_RESERVE:
		if (all_tokens(t, int_token))
			return true;
		break;
	case L_IDENT:	/* the release and " #N" went to the next line */
		if (!has_version_token(L->s) && (has_version_token(t) || isdigit((unsigned char)*t)))
			return true;
		break;
	default:
		break;
	}
	/* in a log whose lines carry a prefix, a line without one was wrapped */
	return w->prefixed_file && !n->prefixed;
}

static void join_into(struct lline *L, const struct lline *n, bool glue)
{
	size_t len = (size_t)(n->end - n->s);
	char *at = L->end + !glue;

	if (!glue)
		*L->end = ' ';
	memmove(at, n->s, len + 1);
	L->end = at + len;
	L->raw_len = n->raw_len;
}

/* Many lines (at least 3 and a tenth of the long ones) of exactly the
 * longest length, 60 to 512 columns: a hard wrap at that width */
static unsigned hard_wrap_width(const struct lline *raw, size_t n)
{
	unsigned max = 0, at_max = 0, long_lines = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (raw[i].raw_len > max)
			max = raw[i].raw_len;
	for (i = 0; i < n; i++) {
		at_max += raw[i].raw_len == max;
		long_lines += raw[i].raw_len >= 60;
	}
	if (max < 60 || max > 512 || at_max < 3 || at_max * 10 < long_lines)
		return 0;
	return max;
}

/* Split, strip, join. Returns the number of logical lines in *out. */
static int logical_lines(char *buf, size_t len, struct lline **out)
{
	struct lline *raw, *lines;
	struct wrapping w;
	size_t cap = 64, n = 0, i, nonempty = 0, prefixed = 0;
	char *p = buf, *end = buf + len;
	unsigned lineno = 0;
	int nl = 0;

	raw = xcalloc(cap, sizeof(*raw));
	while (p < end) {
		char *eol = memchr(p, '\n', (size_t)(end - p)), *q, *t;
		bool had;

		if (!eol)
			eol = end;
		*eol = '\0';	/* buf[len] is the caller's NUL */
		lineno++;
		for (q = p; q < eol; q++)
			if (*q == '\0' || *q == '\r')
				*q = ' ';	/* NUL and stray CR inside a line */
		for (q = eol; q > p && isspace((unsigned char)q[-1]); )
			*--q = '\0';
		q = strip_prefix(p, &had);
		t = (char *)skip_ws(q);
		if (n == cap)
			raw = xrealloc(raw, cap *= 2, sizeof(*raw));
		raw[n].indented = t > q;
		raw[n].s = t;
		raw[n].end = t + strlen(t);
		raw[n].raw_len = (unsigned)(raw[n].end - p);
		raw[n].lineno = lineno;
		raw[n].prefixed = had;
		raw[n].kind = classify(t);
		if (*t) {
			nonempty++;
			prefixed += had;
		}
		n++;
		p = eol + 1;
	}
	w.prefixed_file = nonempty && prefixed * 2 >= nonempty;
	w.hard_width = hard_wrap_width(raw, n);
	lines = xcalloc(n ? n : 1, sizeof(*lines));
	for (i = 0; i < n; i++) {
		struct lline *L = nl ? &lines[nl - 1] : NULL;
		bool glue;

		if (joins(L, &raw[i], &w, &glue))
			join_into(L, &raw[i], glue);
		else
			lines[nl++] = raw[i];
	}
	free(raw);
	*out = lines;
	return nl;
}

/* ---------------------------------------------------------------- */
/* pass 3: reading                                                   */

struct reader {
	struct cc_areports *out;
	const char *path;
	struct cc_areport *cur;
	struct cc_ar_zone *last_zone;
	int since_header;		/* logical lines since the header */
	bool in_trace_done;		/* Mem-Info seen: no more frames */
	char boot_kernel[96];		/* release from "Linux version X" */
	const char *vmalloc_pre;	/* a v3.0-4.8 "vmalloc: allocation failure" line */
	unsigned vmalloc_pre_line;
	int cap;			/* of out->r */
	int oldest;			/* out->r is a ring once full: its start */
};

static void note(struct reader *rd, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void note(struct reader *rd, unsigned line, const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	size_t need;
	char *s;

	if (rd->out->nnotes >= CC_AR_MAX_NOTES)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	need = strlen(rd->path) + strlen(msg) + 24;
	s = xcalloc(need, 1);
	snprintf(s, need, "%s:%u: %s", rd->path, line, msg);
	rd->out->notes[rd->out->nnotes++] = s;
}

static void close_report(struct reader *rd)
{
	rd->cur = NULL;
	rd->last_zone = NULL;
}

static struct cc_areport *new_report(struct reader *rd)
{
	struct cc_areports *o = rd->out;
	struct cc_areport *r;

	if (o->n == CC_AR_MAX_REPORTS) {	/* keep the newest: the oldest's slot */
		r = &o->r[rd->oldest];
		rd->oldest = (rd->oldest + 1) % CC_AR_MAX_REPORTS;
		o->dropped++;
	} else {
		if (o->n == rd->cap) {
			rd->cap = rd->cap ? rd->cap * 2 : 4;
			if (rd->cap > CC_AR_MAX_REPORTS)
				rd->cap = CC_AR_MAX_REPORTS;
			o->r = xrealloc(o->r, (size_t)rd->cap, sizeof(*o->r));
		}
		r = &o->r[o->n++];
	}
	memset(r, 0, sizeof(*r));
	return r;
}

/* The ring back in the order of the input, oldest first */
static void unring(struct reader *rd)
{
	struct cc_areports *o = rd->out;
	struct cc_areport *sorted;

	if (!rd->oldest)
		return;
	sorted = xcalloc((size_t)o->n, sizeof(*sorted));
	for (int i = 0; i < o->n; i++)
		sorted[i] = o->r[(rd->oldest + i) % o->n];
	free(o->r);
	o->r = sorted;
}

/* "order:N" / "order=N" / "page order N" in a header */
static int header_order(const char *h)
{
	static const char *const keys[] = { "order:", "order=", "page order " };
	uint64_t v;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		const char *p = strstr(h, keys[i]);

		if (p && read_u64(p + strlen(keys[i]), NULL, &v) && v <= CC_AR_MAX_ORDER)
			return (int)v;
	}
	return -1;
}

/* value of "key" up to a delimiter */
static bool header_value(const char *h, const char *key, const char *stop,
			 char *dst, size_t n)
{
	const char *p = strstr(h, key);

	if (!p)
		return false;
	p += strlen(key);
	copy_span(dst, n, p, strcspn(p, stop));
	return true;
}

/* A node list as %*pbl prints it ("0-1,3") or "(null)"; stops before the
 * ",cpuset=" that follows it. */
static bool header_nodelist(const char *h, const char *key, char *dst, size_t n)
{
	const char *p = strstr(h, key);
	size_t len;

	if (!p)
		return false;
	p += strlen(key);
	if (starts(p, "(null)"))
		len = 6;
	else
		for (len = 0; isdigit((unsigned char)p[len]) || p[len] == '-' ||
		     (p[len] == ',' && isdigit((unsigned char)p[len + 1])); len++)
			;
	copy_span(dst, n, p, len);
	return true;
}

/* The fields every header variant may carry */
static void header_fields(struct cc_areport *r, const char *h)
{
	const char *p;
	uint64_t v;

	if (r->order < 0)
		r->order = header_order(h);
	p = strstr(h, "mode:");
	if (!p)
		p = strstr(h, "gfp_mask=");
	if (p) {
		p = strpbrk(p, ":=") + 1;
		if (read_hex(p, &p, &v)) {
			r->have_mask = true;
			r->mask = v;
			if (*p == '(') {
				const char *close = strchr(p, ')');

				if (close)
					copy_span(r->flags, sizeof(r->flags), p + 1,
						  (size_t)(close - p - 1));
			}
		}
	}
	if (!r->have_nodemask)
		r->have_nodemask = header_nodelist(h, "nodemask=", r->nodemask, sizeof(r->nodemask));
	if (!r->have_cpuset)
		r->have_cpuset = header_value(h, "cpuset=", ", ", r->cpuset, sizeof(r->cpuset));
	if (!r->have_mems)
		r->have_mems = header_nodelist(h, "mems_allowed=", r->mems_allowed,
					       sizeof(r->mems_allowed));
	if ((p = strstr(h, "stalls for ")) && read_u64(p + 11, NULL, &v) && v < 1u << 31)
		r->stall_ms = (long)v;
	/* vmalloc: "size N, why", "allocated X of Y bytes", "failure: N bytes" */
	if ((p = strstr(h, "vmalloc error: size ")) && read_u64(p + 20, &p, &v)) {
		r->vmalloc_size = v;
		if (*p == ',') {
			p = skip_ws(p + 1);
			if (starts(p, "page order ") && strchr(p, ','))
				p = skip_ws(strchr(p, ',') + 1);
			copy_span(r->vmalloc_what, sizeof(r->vmalloc_what), p, strcspn(p, ",."));
		}
	} else if ((p = strstr(h, "vmalloc size ")) && read_u64(p + 13, NULL, &v)) {
		r->vmalloc_size = v;
	} else if ((p = strstr(h, " of ")) && strstr(h, "allocated ") &&
		   read_u64(p + 4, NULL, &v)) {
		r->vmalloc_size = v;
	} else if ((p = strstr(h, "allocation failure: ")) && read_u64(p + 20, &p, &v) &&
		   starts(p, " bytes")) {
		r->vmalloc_size = v;
	}
}

static void start_report(struct reader *rd, const char *t, const char *at,
			 enum cc_ar_kind kind, unsigned line)
{
	struct cc_areport *r;
	size_t len = (size_t)(at - t);
	const char *sp;

	close_report(rd);
	r = new_report(rd);
	rd->cur = r;
	rd->since_header = 0;
	rd->in_trace_done = false;
	r->kind = kind;
	r->line = line;
	r->order = -1;
	r->stall_ms = -1;
	r->pid = r->cpu = -1;
	r->last_line = line;
	/* comm is at most 15 bytes (TASK_COMM_LEN); a longer prefix is an
	 * unrecognised log prefix: keep what follows its last blank */
	if (len > 15 && (sp = memrchr(t, ' ', len)) != NULL) {
		len -= (size_t)(sp + 1 - t);
		t = sp + 1;
	}
	copy_span(r->task, sizeof(r->task), t, len);
	header_fields(r, at);
	if (kind == CC_AR_FAILURE && rd->vmalloc_pre &&
	    line - rd->vmalloc_pre_line <= 3) {
		/* v3.0 .. v4.8: "vmalloc: allocation failure..." then this header */
		r->kind = CC_AR_VMALLOC;
		header_fields(r, rd->vmalloc_pre);
	}
	rd->vmalloc_pre = NULL;
	if (kind == CC_AR_VMALLOC && r->order < 0 && !strstr(at, "order"))
		r->order = 0;	/* vmalloc backs the area with order-0 pages */
	if (rd->boot_kernel[0]) {
		snprintf(r->kernel, sizeof(r->kernel), "%s", rd->boot_kernel);
		r->kernel_from_boot = true;
	}
}

/* "CPU: 0 PID: 519 Comm: x Not tainted 4.6.0-rc5 #1", "Pid: 0, comm: x
 * Not tainted 3.2.0-4-amd64 #1": release = the token before " #N" */
static void read_identity(struct cc_areport *r, const char *t, unsigned line)
{
	const char *p, *hash, *rel;
	uint64_t v;

	if ((p = strstr(t, "PID: ")) && read_u64(p + 5, NULL, &v) && v < 1u << 30)
		r->pid = (long)v;
	else if (starts(t, "Pid: ") && read_u64(t + 5, NULL, &v) && v < 1u << 30)
		r->pid = (long)v;
	if (starts(t, "CPU: ") && read_u64(t + 5, NULL, &v) && v < 1u << 20)
		r->cpu = (long)v;
	r->ident_line = line;
	p = strstr(t, "omm: ");
	if (!p)
		return;
	for (hash = strstr(p, " #"); hash; hash = strstr(hash + 2, " #"))
		if (isdigit((unsigned char)hash[2]))
			break;
	if (!hash)
		return;
	for (rel = hash; rel > p && rel[-1] != ' '; rel--)
		;
	if (rel < hash && isdigit((unsigned char)*rel)) {
		copy_span(r->kernel, sizeof(r->kernel), rel, (size_t)(hash - rel));
		r->kernel_from_boot = false;
	}
}

static bool sym_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '.' || c == '$';
}

/* One call-trace frame: "func+0x1/0x2" anywhere, ARM "(func) from",
 * marked unreliable by a "? " before it. */
static bool read_frame(const char *t, struct cc_ar_frame *f)
{
	const char *s = NULL, *e = NULL, *p;
	size_t len;

	if (strstr(t, ") from [")) {
		s = strchr(t, '(');
		if (s) {
			s++;
			for (e = s; sym_char(*e); e++)
				;
			if (*e != '+' && *e != ')')
				s = NULL;
		}
	}
	for (p = strstr(t, "+0x"); !s && p; p = strstr(p + 3, "+0x")) {
		const char *q = p + 3;

		while (isxdigit((unsigned char)*q))
			q++;
		if (q[0] != '/' || q[1] != '0' || q[2] != 'x')
			continue;
		for (s = p; s > t && sym_char(s[-1]); s--)
			;
		if (s == p) {
			s = NULL;
			continue;
		}
		e = p;
	}
	if (!s)
		return false;
	f->reliable = true;
	for (p = s; p > t && (p[-1] == ' ' || p[-1] == '('); p--)
		;
	if (p > t && p[-1] == '?')
		f->reliable = false;
	if (strstr(t, "(unreliable)"))
		f->reliable = false;
	while (*s == '.' && s < e)
		s++;	/* ppc64 ELFv1 ".func" */
	/* ".constprop.0", ".isra.0", ".part.3", ".cold", ".cfi_jt", ".llvm.N" */
	p = s + 1 < e ? memchr(s + 1, '.', (size_t)(e - s - 1)) : NULL;
	len = (size_t)((p ? p : e) - s);
	if (!len)
		return false;
	copy_span(f->fn, sizeof(f->fn), s, len);
	return true;
}

static struct cc_ar_zone *zone_rec(struct reader *rd, const struct zprefix *z)
{
	struct cc_areport *r = rd->cur;
	int i;

	for (i = 0; i < r->nzones; i++)
		if (r->zones[i].node == z->node && !strcmp(r->zones[i].name, z->name))
			return &r->zones[i];
	if (r->nzones == CC_AR_MAX_ZONES)
		return NULL;
	memset(&r->zones[r->nzones], 0, sizeof(r->zones[0]));
	r->zones[r->nzones].node = z->node;
	r->zones[r->nzones].all_unreclaimable = -1;
	snprintf(r->zones[r->nzones].name, sizeof(r->zones[0].name), "%s", z->name);
	return &r->zones[r->nzones++];
}

static const char *const zf_keys[AZ__N] = {
	[AZ_FREE] = "free", [AZ_BOOST] = "boost", [AZ_MIN] = "min", [AZ_LOW] = "low",
	[AZ_HIGH] = "high", [AZ_RESERVED_HIGHATOMIC] = "reserved_highatomic",
	[AZ_FREE_HIGHATOMIC] = "free_highatomic", [AZ_PRESENT] = "present",
	[AZ_MANAGED] = "managed", [AZ_FREE_PCP] = "free_pcp", [AZ_LOCAL_PCP] = "local_pcp",
	[AZ_FREE_CMA] = "free_cma",
};

/* key:value tokens of a zone line; unknown keys (vendor fields) ignored */
static void read_zone_fields(struct cc_ar_zone *z, const char *p)
{
	p = skip_ws(p);
	while (*p) {
		size_t len = strcspn(p, " \t");
		const char *colon = memchr(p, ':', len);
		int f;

		if (starts(p, "all_unreclaimable?")) {
			const char *v = skip_ws(p + len);

			z->all_unreclaimable = starts(v, "yes") ? 1 : starts(v, "no") ? 0 : -1;
		} else if (colon) {
			for (f = 0; f < AZ__N; f++)
				if (strlen(zf_keys[f]) == (size_t)(colon - p) &&
				    !strncmp(zf_keys[f], p, (size_t)(colon - p)))
					break;
			if (f < AZ__N && read_u64(colon + 1, NULL, &z->v[f]))
				z->have |= 1u << f;
		}
		p = skip_ws(p + len);
	}
}

static void read_zone_line(struct reader *rd, const struct zprefix *zp, unsigned line)
{
	struct cc_ar_zone *z = zone_rec(rd, zp);

	if (!z)
		return;
	if (z->zone_line) {
		/* the same zone again: another dump (sysrq, a later report
		 * without its header) - it is not this report's */
		close_report(rd);
		return;
	}
	z->zone_line = line;
	read_zone_fields(z, zp->rest + 1);
	rd->last_zone = z;
}

static void read_reserve(struct reader *rd, const char *t, unsigned line)
{
	struct cc_ar_zone *z = rd->last_zone;
	const char *p = skip_ws(t + strlen("lowmem_reserve[]:"));

	if (!z || z->reserve_line)
		return;
	z->reserve_line = line;
	while (*p && z->nreserve < CC_AR_MAX_RESERVE) {
		uint64_t v;
		bool neg = *p == '-';

		if (!read_u64(p + neg, &p, &v) || v > INT64_MAX)
			break;
		z->reserve[z->nreserve++] = neg ? -(int64_t)v : (int64_t)v;
		p = skip_ws(p);
	}
}

static void read_buddy(struct reader *rd, const struct zprefix *zp, unsigned line)
{
	struct cc_ar_zone *z = zone_rec(rd, zp);
	const char *p = skip_ws(zp->rest + 1);
	uint64_t n, kb, sum = 0;

	if (!z)
		return;
	if (z->buddy_line) {
		close_report(rd);
		return;
	}
	z->buddy_line = line;
	while (*p) {
		size_t len = strcspn(p, " \t");

		if (buddy_count(p, len, &n, &kb)) {
			int o = z->norders;

			if (o == CC_AR_MAX_ORDERS) {
				note(rd, line, "more than %d orders in a buddy line; the rest ignored",
				     CC_AR_MAX_ORDERS);
				break;
			}
			if (o == 0 ? (kb == 0 || (kb & (kb - 1))) : kb != z->block_kb << o) {
				note(rd, line, "block size %llukB does not follow the order sequence; "
				     "the buddy line is cut there", (unsigned long long)kb);
				break;
			}
			if (o == 0)
				z->block_kb = kb;
			z->count[o] = n;
			if (__builtin_mul_overflow(n, kb, &kb) || __builtin_add_overflow(sum, kb, &sum)) {
				note(rd, line, "free block count too large");
				z->norders = 0;
				return;
			}
			z->norders++;
		} else if (p[0] == '(' && z->norders > 0 && p[len - 1] == ')') {
			copy_span(z->types[z->norders - 1], sizeof(z->types[0]), p + 1, len - 2);
			z->letters = true;
		} else if (len == 1 && *p == '=') {
			const char *q = skip_ws(p + 1);

			if (read_u64(q, &q, &kb) && (starts(q, "kB") || starts(q, "KB"))) {
				z->have_total = true;
				z->total_kb = kb;
			}
			break;
		} else {
			note(rd, line, "unexpected '%.*s' in a buddy line; the rest ignored",
			     (int)(len > 24 ? 24 : len), p);
			break;
		}
		p = skip_ws(p + len);
	}
	z->sum_kb = sum;
}

static void read_node_line(struct reader *rd, const char *t)
{
	struct cc_areport *r = rd->cur;
	const char *p, *u;
	uint64_t id;
	int i;

	if (!read_u64(t + 5, &p, &id) || !strchr(p, ':') || strchr(p, '='))
		return;	/* hugepages lines use '=' */
	for (i = 0; i < r->nnodes; i++)
		if (r->nodes[i].id == (int)id)
			return;
	if (r->nnodes == CC_AR_MAX_NODES)
		return;
	r->nodes[r->nnodes].id = (int)id;
	u = strstr(p, "all_unreclaimable? ");
	r->nodes[r->nnodes].all_unreclaimable = !u ? -1 : starts(u + 19, "yes");
	r->nnodes++;
}

/* Global counters (pages) of the Mem-Info block */
static void read_counters(struct cc_areport *r, const char *t)
{
	static const char *const keys[] = { " free:", " free_pcp:", " free_cma:" };
	uint64_t *dst[] = { &r->g_free, &r->g_free_pcp, &r->g_free_cma };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		const char *p = starts(t, keys[i] + 1) ? t : strstr(t, keys[i]);

		if (!p)
			continue;
		p = strchr(p, ':') + 1;
		if (read_u64(p, NULL, dst[i]))
			r->have_global |= 1u << i;
	}
}

static void read_trailer(struct cc_areport *r, const char *t)
{
	static const char *const keys[] = { " pages RAM", " pages reserved",
					    " pages cma reserved", " pages HighMem" };
	uint64_t *dst[] = { &r->pages_ram, &r->pages_reserved, &r->pages_cma,
			    &r->pages_highmem };
	const char *p;
	uint64_t v;
	size_t i;

	if (!read_u64(t, &p, &v))
		return;
	for (i = 0; i < ARRAY_SIZE(keys); i++)
		if (starts(p, keys[i]) && (p[strlen(keys[i])] == '\0' || p[strlen(keys[i])] == '/')) {
			*dst[i] = v;
			r->have_trailer |= 1u << i;
		}
}

/* v5.0+: "oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,..." */
static void read_oom_summary(struct cc_areport *r, const char *t)
{
	header_value(t, "constraint=", ",", r->oom_constraint, sizeof(r->oom_constraint));
	if (!r->have_nodemask)
		r->have_nodemask = header_nodelist(t, "nodemask=", r->nodemask, sizeof(r->nodemask));
	if (!r->have_cpuset)
		r->have_cpuset = header_value(t, "cpuset=", ",", r->cpuset, sizeof(r->cpuset));
	if (!r->have_mems)
		r->have_mems = header_nodelist(t, "mems_allowed=", r->mems_allowed,
					       sizeof(r->mems_allowed));
}

static void read_in_report(struct reader *rd, const struct lline *L)
{
	struct cc_areport *r = rd->cur;
	const char *t = L->s;
	struct cc_ar_frame f;
	struct zprefix z;

	switch (L->kind) {
	case L_MEMINFO:
		if (r->meminfo_line) {	/* a second dump: not this report's */
			close_report(rd);
			return;
		}
		r->meminfo_line = L->lineno;
		rd->in_trace_done = true;
		break;
	case L_ZONE:
		zone_prefix(t, &z);
		read_zone_line(rd, &z, L->lineno);
		break;
	case L_BUDDY:
		zone_prefix(t, &z);
		read_buddy(rd, &z, L->lineno);
		break;
	case L_RESERVE:
		read_reserve(rd, t, L->lineno);
		break;
	case L_NODE:
		read_node_line(rd, t);
		break;
	case L_KV:
		if (r->meminfo_line && !r->nzones && !r->nnodes)
			read_counters(r, t);
		break;
	default:
		if (L->kind == L_IDENT) {
			if (!r->ident_line && (strstr(t, "PID: ") || starts(t, "Pid: ")))
				read_identity(r, t, L->lineno);
		} else if (starts(t, "Call Trace:") || starts(t, "Call trace:") ||
			   starts(t, "Backtrace:")) {
			r->trace = true;
		} else if (starts(t, "oom-kill:")) {
			read_oom_summary(r, t);
		} else if (starts(t, "Memory cgroup out of memory") || starts(t, "memory: usage ")) {
			if (!r->oom_constraint[0])
				snprintf(r->oom_constraint, sizeof(r->oom_constraint),
					 "CONSTRAINT_MEMCG");
		} else if (!r->meminfo_line && strstr(t, " cpuset=") && strstr(t, " mems_allowed=")) {
			header_fields(r, t);	/* v4.11 .. v4.19: its own line */
		} else if (isdigit((unsigned char)*t)) {
			read_trailer(r, t);
		} else if (!rd->in_trace_done && read_frame(t, &f)) {
			r->trace = true;
			if (r->nframes < CC_AR_MAX_FRAMES)
				r->frames[r->nframes++] = f;
		}
		return;	/* not a Mem-Info line: does not extend the report */
	}
	if (rd->cur)
		rd->cur->last_line = L->lineno;
}

static void read_line(struct reader *rd, const struct lline *L)
{
	enum cc_ar_kind kind = CC_AR_FAILURE;
	const char *at;

	if (L->kind == L_HEADER) {
		at = header_at(L->s, &kind);
		start_report(rd, L->s, at, kind, L->lineno);
		return;
	}
	if (L->kind == L_VMALLOC_PRE) {
		rd->vmalloc_pre = L->s;
		rd->vmalloc_pre_line = L->lineno;
		return;
	}
	if (starts(L->s, "Linux version ")) {
		const char *v = L->s + 14;

		copy_span(rd->boot_kernel, sizeof(rd->boot_kernel), v, strcspn(v, " "));
		close_report(rd);
		return;
	}
	if (!rd->cur)
		return;
	if (++rd->since_header > REPORT_WINDOW) {
		close_report(rd);
		return;
	}
	read_in_report(rd, L);
}

int cc_parse_allocreports(char *buf, size_t len, const char *path,
			  struct cc_areports *out, struct cc_err *e)
{
	struct reader rd = { .out = out, .path = path };
	struct lline *lines;
	int n, i;

	(void)e;
	memset(out, 0, sizeof(*out));
	n = logical_lines(buf, len, &lines);
	for (i = 0; i < n; i++)
		read_line(&rd, &lines[i]);
	free(lines);
	unring(&rd);
	return 0;
}

void cc_areports_free(struct cc_areports *rs)
{
	int i;

	for (i = 0; i < rs->nnotes; i++)
		free(rs->notes[i]);
	free(rs->r);
	memset(rs, 0, sizeof(*rs));
}

const struct cc_ar_zone *cc_ar_zone_find(const struct cc_areport *r, int node,
					 const char *name)
{
	int i;

	for (i = 0; i < r->nzones; i++)
		if (r->zones[i].node == node && !strcmp(r->zones[i].name, name))
			return &r->zones[i];
	return NULL;
}
