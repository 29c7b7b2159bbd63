// SPDX-License-Identifier: GPL-2.0-or-later
/* What every JSON view shares: the envelope, numbers, safe printing. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "format.h"
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
	return (double)llround(seconds * 1e6) / 1e6;
}

/* cJSON escapes what is below 0x20 and prints the rest raw: DEL, C1
 * controls and bytes that are not UTF-8 would reach a terminal or make the
 * document invalid. Keys and values from input go through the filter. */
static char *safe_dup(const char *s)
{
	size_t len = strlen(s), n = len * 6 + 1;
	char *buf, *out = NULL;

	if (cc_safe_span(s, len, false) == len)
		return NULL; /* nothing to change: the usual case */
	if ((buf = malloc(n))) {
		cc_safe_copy(buf, n, s);
		if (strcmp(buf, s)) {
			out = cJSON_malloc(strlen(buf) + 1);
			if (out)
				memcpy(out, buf, strlen(buf) + 1);
		}
		free(buf);
	}
	return out;
}

static void make_safe(cJSON *it)
{
	for (; it; it = it->next) {
		char *fixed;

		if (it->string && !(it->type & cJSON_StringIsConst) &&
		    (fixed = safe_dup(it->string))) {
			cJSON_free(it->string);
			it->string = fixed;
		}
		if (cJSON_IsString(it) && it->valuestring && !(it->type & cJSON_IsReference) &&
		    (fixed = safe_dup(it->valuestring))) {
			cJSON_free(it->valuestring);
			it->valuestring = fixed;
		}
		make_safe(it->child);
	}
}

int cc_json_print(struct cc_out *o, cJSON *doc, bool one_line)
{
	char *text;
	int r = 0;

	if (!doc)
		return -1;
	make_safe(doc->child);
	text = one_line ? cJSON_PrintUnformatted(doc) : cJSON_Print(doc);
	cJSON_Delete(doc);
	if (!text)
		return -1;
	if (fputs(text, o->f) == EOF || fputc('\n', o->f) == EOF)
		r = -1;
	free(text);
	return r;
}
