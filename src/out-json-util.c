// SPDX-License-Identifier: GPL-2.0-or-later
/* What every JSON view shares: the envelope, numbers, safe printing. */
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
	return cc_round_dec(seconds, 6);
}

/* cJSON escapes what is below 0x20 and prints the rest raw: DEL, C1
 * controls and bytes that are not UTF-8 would reach a terminal or make the
 * document invalid. Keys and values from input go through the filter.
 * NULL when the filter would change nothing (printable ASCII, the common
 * case, is seen without a copy). */
static char *safe_dup(const char *s)
{
	size_t n;
	char *buf, *out = NULL;

	if (cc_text_plain(s))
		return NULL;
	n = strlen(s) * 6 + 1;
	buf = malloc(n);
	if (buf) {
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

/*
 * Numbers: cJSON 1.7.15 prints every one with sprintf("%1.15g") and reads
 * it back with sscanf to check it, some 10,000 instructions a number: most
 * of --json status at 1024 nodes. An integer of magnitude below 10^15
 * prints under %1.15g as its plain digits, so those are written here, into
 * chunks of one arena, and cJSON copies them as raw text (a reference it
 * does not free). Fractions, -0 and larger numbers stay cJSON's.
 */
struct num_arena {
	struct num_chunk {
		struct num_chunk *next;
		size_t used;
		char text[16384];
	} *head;
};

static char *arena_digits(struct num_arena *a, double d)
{
	char tmp[24], *p = tmp + sizeof(tmp), *out;
	bool neg = d < 0;
	uint64_t v = (uint64_t)(neg ? -d : d);
	size_t len;

	*--p = '\0';
	do
		*--p = (char)('0' + v % 10);
	while ((v /= 10));
	if (neg)
		*--p = '-';
	len = (size_t)(tmp + sizeof(tmp) - p);
	if (!a->head || a->head->used + len > sizeof(a->head->text)) {
		struct num_chunk *c = malloc(sizeof(*c));

		if (!c)
			return NULL;
		c->next = a->head;
		c->used = 0;
		a->head = c;
	}
	out = a->head->text + a->head->used;
	memcpy(out, p, len);
	a->head->used += len;
	return out;
}

static void number_as_digits(cJSON *it, struct num_arena *a)
{
	double d = it->valuedouble;
	char *text;

	if (!(d > -1e15 && d < 1e15) || d != (double)(int64_t)d || (d == 0 && 1 / d < 0))
		return;
	text = arena_digits(a, d);
	if (text) {
		it->type = cJSON_Raw | cJSON_IsReference;
		it->valuestring = text;
	}
}

static void arena_free(struct num_arena *a)
{
	while (a->head) {
		struct num_chunk *next = a->head->next;

		free(a->head);
		a->head = next;
	}
}

static void make_safe(cJSON *it, struct num_arena *a)
{
	for (; it; it = it->next) {
		char *fixed;

		if ((it->type & 0xff) == cJSON_Number)
			number_as_digits(it, a);

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
		make_safe(it->child, a);
	}
}

int cc_json_print(struct cc_out *o, cJSON *doc, bool one_line)
{
	struct num_arena a = { NULL };
	char *text;
	int r = 0;

	if (!doc)
		return -1;
	make_safe(doc->child, &a);
	text = one_line ? cJSON_PrintUnformatted(doc) : cJSON_Print(doc);
	cJSON_Delete(doc);
	arena_free(&a);
	if (!text)
		return -1;
	if (fputs(text, o->f) == EOF || fputc('\n', o->f) == EOF)
		r = -1;
	free(text);
	return r;
}
