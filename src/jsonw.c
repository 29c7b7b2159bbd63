// SPDX-License-Identifier: GPL-2.0-or-later
/* The streaming JSON writer (jsonw.h). */
#include "jsonw.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"

void cc_jw_init(struct cc_jw *w, FILE *f, bool formatted)
{
	w->fmt = formatted;
	w->bad = false;
	w->depth = 0;
	cc_wb_init(&w->out, f);
}

static void put(struct cc_jw *w, const char *s, size_t n)
{
	cc_wb_put(&w->out, s, n);
}

static void putch(struct cc_jw *w, char c)
{
	cc_wb_putc(&w->out, c);
}

static void tabs(struct cc_jw *w, int n)
{
	static const char t[] = "\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t";

	for (; n > 0; n -= 16)
		put(w, t, n < 16 ? (size_t)n : 16);
}

/* cJSON's print_string_ptr: quotes, backslashes and controls escaped,
 * every other byte as it is */
static void escaped(struct cc_jw *w, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	putch(w, '"');
	while (*u) {
		const unsigned char *run = u;
		char esc[8];

		while (*u >= 0x20 && *u != '"' && *u != '\\')
			u++;
		put(w, (const char *)run, (size_t)(u - run));
		if (!*u)
			break;
		switch (*u) {
		case '"': put(w, "\\\"", 2); break;
		case '\\': put(w, "\\\\", 2); break;
		case '\b': put(w, "\\b", 2); break;
		case '\f': put(w, "\\f", 2); break;
		case '\n': put(w, "\\n", 2); break;
		case '\r': put(w, "\\r", 2); break;
		case '\t': put(w, "\\t", 2); break;
		default:
			snprintf(esc, sizeof(esc), "\\u%04x", *u);
			put(w, esc, 6);
		}
		u++;
	}
	putch(w, '"');
}

/* a string from input: DEL, C1 controls and bytes that are not UTF-8 made
 * visible first (cc_safe_copy), so none reaches a terminal through jq */
static void string(struct cc_jw *w, const char *s)
{
	size_t n = 0;
	char *buf;

	/* names and most values are such bytes alone: one pass, one copy */
	if (s) {
		while (cc_quote_as_is[(unsigned char)s[n]])
			n++;
		if (!s[n]) {
			putch(w, '"');
			put(w, s, n);
			putch(w, '"');
			return;
		}
	}
	if (!s || cc_text_plain(s)) {
		escaped(w, s ? s : "");
		return;
	}
	n = strlen(s) * 6 + 1;
	buf = malloc(n);
	if (!buf) {
		w->bad = true;
		return;
	}
	cc_safe_copy(buf, n, s);
	escaped(w, buf);
	free(buf);
}

/* An object member's separator, indentation and key written straight
 * into the buffer, when the key's bytes go as they are (the usual case:
 * a member is most of a document's pieces); false when it needs more. */
static bool plain_key(struct cc_jw *w, const char *key, bool comma)
{
	size_t k = 0, need;
	char *p;

	if (!key)
		return false;
	while (cc_quote_as_is[(unsigned char)key[k]])
		k++;
	need = k + (size_t)w->depth + 6;
	if (key[k] || need > sizeof(w->out.buf))
		return false;
	if (w->out.len + need > sizeof(w->out.buf))
		cc_wb_flush(&w->out);
	p = w->out.buf + w->out.len;
	if (comma)
		*p++ = ',';
	if (w->fmt) {
		if (comma)
			*p++ = '\n';
		for (int i = 0; i < w->depth; i++)
			*p++ = '\t';
	}
	*p++ = '"';
	memcpy(p, key, k);
	p += k;
	*p++ = '"';
	*p++ = ':';
	if (w->fmt)
		*p++ = '\t';
	w->out.len = (size_t)(p - w->out.buf);
	return true;
}

/* the separator, indentation and key a value needs where it goes */
static void member(struct cc_jw *w, const char *key)
{
	int d = w->depth < CC_JW_MAX_DEPTH ? w->depth : CC_JW_MAX_DEPTH - 1;

	if (!w->depth)
		return;
	if (w->array[d]) {
		if (w->member[d])
			put(w, ", ", w->fmt ? 2 : 1);
	} else if (!plain_key(w, key, w->member[d])) {
		if (w->member[d])
			put(w, ",\n", w->fmt ? 2 : 1);
		if (w->fmt)
			tabs(w, w->depth);
		string(w, key);
		put(w, ":\t", w->fmt ? 2 : 1);
	}
	w->member[d] = true;
}

static void open_container(struct cc_jw *w, const char *key, bool array)
{
	int d;

	/* deeper than the flags go: no document (none of ours is half as
	 * deep), rather than separators from a shared slot */
	if (w->depth + 1 >= CC_JW_MAX_DEPTH)
		w->bad = true;
	member(w, key);
	putch(w, array ? '[' : '{');
	if (!array && w->fmt)
		putch(w, '\n');
	w->depth++;
	d = w->depth < CC_JW_MAX_DEPTH ? w->depth : CC_JW_MAX_DEPTH - 1;
	w->member[d] = false;
	w->array[d] = array;
}

void cc_jw_obj(struct cc_jw *w, const char *key)
{
	open_container(w, key, false);
}

void cc_jw_arr(struct cc_jw *w, const char *key)
{
	open_container(w, key, true);
}

void cc_jw_end(struct cc_jw *w)
{
	int d = w->depth < CC_JW_MAX_DEPTH ? w->depth : CC_JW_MAX_DEPTH - 1;

	if (w->depth <= 0) {
		w->bad = true;
		return;
	}
	if (w->array[d]) {
		putch(w, ']');
	} else {
		if (w->fmt) {
			if (w->member[d])
				putch(w, '\n');
			tabs(w, w->depth - 1);
		}
		putch(w, '}');
	}
	w->depth--;
}

static void digits(struct cc_jw *w, uint64_t v, bool neg)
{
	cc_wb_digits(&w->out, v, neg);
}

/* cJSON's print_number: %1.15g when it reads back the same, else %1.17g,
 * NaN and infinities as null; integers below 10^15, which %1.15g prints
 * as their digits, without printf */
static void number(struct cc_jw *w, double d)
{
	char buf[32];
	double back;
	int len;

	if (isnan(d) || isinf(d)) {
		put(w, "null", 4);
		return;
	}
	/* -0 stays cJSON's "-0" (1.7.15 prints every number with %1.15g) */
	if (d > -1e15 && d < 1e15 && d == (double)(long long)d && !(d == 0 && signbit(d))) {
		long long v = (long long)d;

		digits(w, (uint64_t)(v < 0 ? -v : v), v < 0);
		return;
	}
	len = snprintf(buf, sizeof(buf), "%1.15g", d);
	/* cJSON's compare_double; fmax spelled out: libm would cost every
	 * run 300 KiB of RSS for this one call */
	if (sscanf(buf, "%lg", &back) != 1 ||
	    !(fabs(back - d) <= (fabs(back) > fabs(d) ? fabs(back) : fabs(d)) * DBL_EPSILON))
		len = snprintf(buf, sizeof(buf), "%1.17g", d);
	put(w, buf, (size_t)len);
}

/* a count: its digits above 2^53, where a double would round it
 * (cc_json_u64), else as the double cJSON would print */
static void count(struct cc_jw *w, uint64_t v)
{
	if (v < 1000000000000000ull || v > (1ull << 53))
		digits(w, v, false);
	else
		number(w, (double)v);
}

void cc_jw_u64(struct cc_jw *w, const char *key, uint64_t v)
{
	member(w, key);
	count(w, v);
}

void cc_jw_opt_u64(struct cc_jw *w, const char *key, bool have, uint64_t v)
{
	member(w, key);
	if (have)
		count(w, v);
	else
		put(w, "null", 4);
}

void cc_jw_int(struct cc_jw *w, const char *key, long long v)
{
	member(w, key);
	number(w, (double)v);
}

void cc_jw_num(struct cc_jw *w, const char *key, double v)
{
	member(w, key);
	number(w, v);
}

void cc_jw_str(struct cc_jw *w, const char *key, const char *s)
{
	member(w, key);
	string(w, s);
}

void cc_jw_str_or_null(struct cc_jw *w, const char *key, const char *s)
{
	member(w, key);
	if (s && *s)
		string(w, s);
	else
		put(w, "null", 4);
}

void cc_jw_bool(struct cc_jw *w, const char *key, bool v)
{
	member(w, key);
	if (v)
		put(w, "true", 4);
	else
		put(w, "false", 5);
}

void cc_jw_null(struct cc_jw *w, const char *key)
{
	member(w, key);
	put(w, "null", 4);
}

void cc_jw_u64_array(struct cc_jw *w, const char *key, const uint64_t *v, int n)
{
	int i, d;

	cc_jw_arr(w, key);
	d = w->depth < CC_JW_MAX_DEPTH ? w->depth : CC_JW_MAX_DEPTH - 1;
	for (i = 0; i < n; i++) {
		char *p, *q, digits[24];

		if (v[i] >= 1000000000000000ull) {	/* count()'s other cases */
			member(w, NULL);
			count(w, v[i]);
			continue;
		}
		/* what member() and count() write, straight into the buffer:
		 * ", " and the digits (the arrays of every zone's counts are a
		 * third of a snapshot's JSON) */
		if (w->out.len + sizeof(digits) + 2 > sizeof(w->out.buf))
			cc_wb_flush(&w->out);
		p = w->out.buf + w->out.len;
		if (w->member[d]) {
			*p++ = ',';
			if (w->fmt)
				*p++ = ' ';
		}
		q = cc_digits_before(digits + sizeof(digits), v[i]);
		memcpy(p, q, (size_t)(digits + sizeof(digits) - q));
		p += digits + sizeof(digits) - q;
		w->out.len = (size_t)(p - w->out.buf);
		w->member[d] = true;
	}
	cc_jw_end(w);
}

/* the children of a cJSON container, each under its own name */
static void children(struct cc_jw *w, const cJSON *it)
{
	const cJSON *c;

	for (c = it->child; c; c = c->next)
		cc_jw_item(w, c->string, c);
}

void cc_jw_item(struct cc_jw *w, const char *key, const cJSON *it)
{
	if (!it) {	/* a tree cJSON could not allocate */
		w->bad = true;
		return;
	}
	switch (it->type & 0xff) {
	case cJSON_Object:
	case cJSON_Array:
		open_container(w, key, (it->type & 0xff) == cJSON_Array);
		children(w, it);
		cc_jw_end(w);
		break;
	case cJSON_Number:
		cc_jw_num(w, key, it->valuedouble);
		break;
	case cJSON_String:
		cc_jw_str(w, key, it->valuestring);
		break;
	case cJSON_Raw:
		/* our own digits (cc_json_u64): nothing from input */
		member(w, key);
		if (it->valuestring)
			put(w, it->valuestring, strlen(it->valuestring));
		else
			w->bad = true;
		break;
	case cJSON_True:
		cc_jw_bool(w, key, true);
		break;
	case cJSON_False:
		cc_jw_bool(w, key, false);
		break;
	case cJSON_NULL:
		cc_jw_null(w, key);
		break;
	default:
		w->bad = true;	/* cJSON_Print would fail too */
	}
}

void cc_jw_members(struct cc_jw *w, cJSON *obj)
{
	if (!obj) {
		w->bad = true;
		return;
	}
	children(w, obj);
	cJSON_Delete(obj);
}

int cc_jw_finish(struct cc_jw *w)
{
	putch(w, '\n');
	return cc_wb_flush(&w->out) < 0 || w->bad || w->depth || ferror(w->out.f) ? -1 : 0;
}
