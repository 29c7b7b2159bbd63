// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cc_json_print writes integer numbers itself (cJSON's sprintf + sscanf
 * per number was most of a large document's cost): the documents it prints
 * must be byte for byte what cJSON prints, for integers at and around the
 * edges of the fast path, fractions, -0, large numbers and raw u64 digits,
 * in the formatted and the one-line layout; and strings from input still
 * pass the control-character filter.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	/* the filter: a DEL and a C1 control from input become visible */
	d = cJSON_CreateObject();
	cJSON_AddStringToObject(d, "k\x7f", "v\xc2\x85");
	o.f = open_memstream(&buf, &len);
	cc_json_print(&o, d, true);
	fclose(o.f);
	ok(buf && !strcmp(buf, "{\"k\\\\x7f\":\"v\\\\u0085\"}\n"),
	   "strings from input filtered (%s)", buf ? buf : "nothing");
	free(buf);
	return tap_done();
}
