// SPDX-License-Identifier: GPL-2.0-or-later
/* What every JSON view shares: the envelope, numbers, safe printing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "format.h"
#include "jsonw.h"
#include "views.h"

cJSON *cc_json_envelope(const struct cc_out *o, const char *kernel)
{
	cJSON *doc = cJSON_CreateObject();

	cJSON_AddStringToObject(doc, "compactctl_version", COMPACTCTL_VERSION);
	cJSON_AddStringToObject(doc, "command", o->command);
	cc_json_add_str_or_null(doc, "kernel", kernel);
	return doc;
}

cJSON *cc_json_u64(uint64_t v)
{
	char buf[24];

	/* doubles are exact below 2^53; beyond, emit the digits verbatim */
	if (v <= (1ull << 53))
		return cJSON_CreateNumber((double)v);
	snprintf(buf, sizeof(buf), "%llu", (unsigned long long)v);
	return cJSON_CreateRaw(buf);
}

void cc_json_add_u64(cJSON *obj, const char *key, uint64_t v)
{
	cJSON_AddItemToObject(obj, key, cc_json_u64(v));
}

void cc_json_add_opt_u64(cJSON *obj, const char *key, bool have, uint64_t v)
{
	if (have)
		cc_json_add_u64(obj, key, v);
	else
		cJSON_AddNullToObject(obj, key);
}

void cc_json_add_str_or_null(cJSON *obj, const char *key, const char *v)
{
	if (v && *v)
		cJSON_AddStringToObject(obj, key, v);
	else
		cJSON_AddNullToObject(obj, key);
}

cJSON *cc_json_u64_array(const uint64_t *v, int n)
{
	cJSON *a = cJSON_CreateArray();
	int i;

	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(a, cc_json_u64(v[i]));
	return a;
}

double cc_json_usec(double seconds)
{
	return cc_round_dec(seconds, 6);
}

/* The document streamed (jsonw.h): cJSON's layout, strings from input
 * through the terminal filter, integers as digits. Writing from the tree
 * instead of cJSON_Print's string saves the copy of the whole document and
 * cJSON's sprintf/sscanf round trip a number (issue 14). */
int cc_json_print(struct cc_out *o, cJSON *doc, bool one_line)
{
	struct cc_jw w;

	if (!doc)
		return -1;
	cc_jw_init(&w, o->f, !one_line);
	cc_jw_item(&w, NULL, doc);
	cJSON_Delete(doc);
	return cc_jw_finish(&w);
}
