// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cc_json_print writes integer numbers itself (cJSON's sprintf + sscanf
 * per number was most of a large document's cost): the documents it prints
 * must be byte for byte what cJSON prints, for integers at and around the
 * edges of the fast path, fractions, -0, large numbers and raw u64 digits,
 * in the formatted and the one-line layout, with empty and nested objects
 * and arrays, escapes, booleans, nulls; the streaming writer (jsonw.h)
 * gives the same text as the tree; and strings from input still pass the
 * control-character filter.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonw.h"
#include "tap.h"
#include "views.h"

static const double numbers[] = {
	0, 1, -1, 7, 10, 99, 100, 12345, -12345, 2147483647.0, 2147483648.0,
	-2147483649.0, 4294967296.0, 123456789012345.0, 999999999999999.0,
	-999999999999999.0, 1e15, -1e15, 1234567890123456.0, 9007199254740992.0,
	1e300, 0.5, -0.5, 0.066, 0.877, -1.5, 1e-7, 3.14159, -0.0,
};

static cJSON *doc(void)
{
	cJSON *d = cJSON_CreateObject(), *a = cJSON_AddArrayToObject(d, "n"), *o;
	size_t i;
	uint64_t x = 88172645463325252ull;

	for (i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++)
		cJSON_AddItemToArray(a, cJSON_CreateNumber(numbers[i]));
	/* and integers at random below 10^15, either sign */
	for (i = 0; i < 2000; i++) {
		double v;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		v = (double)(x % 1000000000000000ull) / (double)(1ull << (x % 50));
		v = (double)(int64_t)v * (x & 1 ? -1 : 1);
		cJSON_AddItemToArray(a, cJSON_CreateNumber(v));
	}
	o = cJSON_AddObjectToObject(d, "o");
	cJSON_AddNumberToObject(o, "k", 42);
	cJSON_AddItemToObject(o, "big", cc_json_u64(18446744073709551615ull));
	cJSON_AddStringToObject(o, "s", "plain");
	/* the layout's corners: empty and nested containers, arrays of
	 * objects, escapes, literals */
	cJSON_AddObjectToObject(o, "empty");
	cJSON_AddArrayToObject(o, "none");
	a = cJSON_AddArrayToObject(o, "objs");
	cJSON_AddItemToArray(a, cJSON_CreateObject());
	cJSON_AddItemToArray(a, cJSON_CreateArray());
	o = cJSON_CreateObject();
	cJSON_AddItemToArray(a, o);
	cJSON_AddStringToObject(o, "q\"uote", "back\\slash \"q\"");
	cJSON_AddTrueToObject(o, "t");
	cJSON_AddFalseToObject(o, "f");
	cJSON_AddNullToObject(o, "z");
	cJSON_AddItemToObject(o, "deep", cJSON_CreateArray());
	cJSON_AddItemToArray(cJSON_GetObjectItem(o, "deep"), cJSON_CreateArray());
	return d;
}

/* the text of the streaming writer for the same document as same() */
static void stream_same(struct cc_jw *w)
{
	static const uint64_t counts[] = { 0, 9007199254740992ull, 9007199254740993ull,
					   999999999999999ull, 1000000000000000ull,
					   18446744073709551615ull };

	cc_jw_obj(w, NULL);
	cc_jw_u64_array(w, "counts", counts, 6);
	cc_jw_obj(w, "o");
	cc_jw_int(w, "neg", -12345);
	cc_jw_num(w, "frac", 0.066);
	cc_jw_str(w, "s", "a\"b");
	cc_jw_str_or_null(w, "empty", "");
	cc_jw_bool(w, "t", true);
	cc_jw_obj(w, "e");
	cc_jw_end(w);
	cc_jw_arr(w, "a");
	cc_jw_obj(w, NULL);
	cc_jw_null(w, "n");
	cc_jw_end(w);
	cc_jw_arr(w, NULL);
	cc_jw_end(w);
	cc_jw_end(w);
	cc_jw_end(w);
	cc_jw_end(w);
}

static cJSON *same(void)
{
	static const uint64_t counts[] = { 0, 9007199254740992ull, 9007199254740993ull,
					   999999999999999ull, 1000000000000000ull,
					   18446744073709551615ull };
	cJSON *d = cJSON_CreateObject(), *a = cJSON_AddArrayToObject(d, "counts"), *o, *x;
	int i;

	for (i = 0; i < 6; i++)
		cJSON_AddItemToArray(a, cc_json_u64(counts[i]));
	o = cJSON_AddObjectToObject(d, "o");
	cJSON_AddNumberToObject(o, "neg", -12345);
	cJSON_AddNumberToObject(o, "frac", 0.066);
	cJSON_AddStringToObject(o, "s", "a\"b");
	cJSON_AddNullToObject(o, "empty");
	cJSON_AddTrueToObject(o, "t");
	cJSON_AddObjectToObject(o, "e");
	a = cJSON_AddArrayToObject(o, "a");
	x = cJSON_CreateObject();
	cJSON_AddNullToObject(x, "n");
	cJSON_AddItemToArray(a, x);
	cJSON_AddItemToArray(a, cJSON_CreateArray());
	return d;
}

/* what cc_json_print writes for a fresh doc(), without its newline */
static char *ours(bool one_line)
{
	struct cc_out o = { 0 };
	char *buf = NULL;
	size_t len = 0;

	o.f = open_memstream(&buf, &len);
	cc_json_print(&o, doc(), one_line);
	fclose(o.f);
	if (len && buf[len - 1] == '\n')
		buf[len - 1] = '\0';
	return buf;
}

static char *theirs(bool one_line)
{
	cJSON *d = doc();
	char *t = one_line ? cJSON_PrintUnformatted(d) : cJSON_Print(d);

	cJSON_Delete(d);
	return t;
}

int main(void)
{
	struct cc_out o = { 0 };
	char *a, *b, *buf = NULL;
	size_t len = 0;
	int one;
	cJSON *d;

	for (one = 0; one < 2; one++) {
		a = ours(one);
		b = theirs(one);
		ok(a && b && !strcmp(a, b), "%s: the same text as cJSON prints",
		   one ? "one line" : "formatted");
		if (a && b && strcmp(a, b)) {
			size_t i = 0;

			while (a[i] == b[i])
				i++;
			printf("#   differ at byte %zu: ours '%.30s', cJSON's '%.30s'\n", i,
			       a + i, b + i);
		}
		free(a);
		free(b);
	}
	/* the streaming writer against the tree cJSON prints */
	for (one = 0; one < 2; one++) {
		struct cc_jw w;

		d = same();
		b = one ? cJSON_PrintUnformatted(d) : cJSON_Print(d);
		cJSON_Delete(d);
		buf = NULL;
		o.f = open_memstream(&buf, &len);
		cc_jw_init(&w, o.f, !one);
		stream_same(&w);
		ok(!cc_jw_finish(&w), "%s: the writer finishes a whole document",
		   one ? "one line" : "formatted");
		fclose(o.f);
		if (len && buf[len - 1] == '\n')
			buf[len - 1] = '\0';
		ok(b && !strcmp(buf, b), "%s: the writer's text is cJSON's",
		   one ? "one line" : "formatted");
		if (b && strcmp(buf, b))
			printf("#   ours:\n%s\n#   cJSON's:\n%s\n", buf, b);
		free(buf);
		free(b);
	}
	/* nesting deeper than the writer keeps track of is no document */
	{
		struct cc_jw w;
		int i;

		buf = NULL;
		o.f = open_memstream(&buf, &len);
		cc_jw_init(&w, o.f, true);
		for (i = 0; i < CC_JW_MAX_DEPTH + 6; i++)
			cc_jw_obj(&w, i ? "k" : NULL);
		for (i = 0; i < CC_JW_MAX_DEPTH + 6; i++)
			cc_jw_end(&w);
		ok(cc_jw_finish(&w) < 0, "nesting past %d levels is an error", CC_JW_MAX_DEPTH);
		fclose(o.f);
		free(buf);
		buf = NULL;
	}
	/* an object left open is no document */
	{
		struct cc_jw w;

		buf = NULL;
		o.f = open_memstream(&buf, &len);
		cc_jw_init(&w, o.f, true);
		cc_jw_obj(&w, NULL);
		ok(cc_jw_finish(&w) < 0, "an unclosed object is an error");
		fclose(o.f);
		free(buf);
		buf = NULL;
	}
	/* the filter: a DEL and a C1 control from input become visible */
	d = cJSON_CreateObject();
	cJSON_AddStringToObject(d, "k\x7f", "v\xc2\x85");
	o.f = open_memstream(&buf, &len);
	cc_json_print(&o, d, true);
	fclose(o.f);
	ok(buf && !strcmp(buf, "{\"k\\\\x7f\":\"v\\\\u0085\"}\n"),
	   "strings from input filtered (%.*s)", buf ? (int)strcspn(buf, "\n") : 7,
	   buf ? buf : "nothing");
	free(buf);
	return tap_done();
}
