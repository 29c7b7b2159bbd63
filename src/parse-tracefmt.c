// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * events/SYSTEM/EVENT/format and events/header_page (tracefs). Lines:
 *   name: mm_compaction_end
 *   ID: 669
 *   format:
 *   	field:unsigned long zone_start;	offset:8;	size:8;	signed:0;
 *   print fmt: "... status=%s", ..., __print_symbolic(REC->status, {1, "skipped"}, ...)
 * [kernel/trace/trace_events.c: f_show, v6.12; "signed:" since 2.6.32]
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "tracefmt.h"

/* "unsigned long zone_start" -> "zone_start"; "unsigned long caller[8]" ->
 * "caller" (array); "__data_loc char[] name" -> "name" (array) */
static int field_name(char *decl, struct cc_tf_field *f)
{
	char *end = decl + strlen(decl), *start;
	size_t n;

	while (end > decl && isspace((unsigned char)end[-1]))
		end--;
	f->is_array = memchr(decl, '[', (size_t)(end - decl)) != NULL;
	if (end > decl && end[-1] == ']') {
		while (end > decl && end[-1] != '[')
			end--;
		if (end == decl)
			return -1;
		end--;
	}
	start = end;
	while (start > decl && (isalnum((unsigned char)start[-1]) || start[-1] == '_'))
		start--;
	n = (size_t)(end - start);
	if (!n || n >= sizeof(f->name))
		return -1;
	memcpy(f->name, start, n);
	f->name[n] = '\0';
	return 0;
}

static bool attr(const char *line, const char *key, unsigned *out)
{
	const char *p = strstr(line, key);
	char *end;
	unsigned long v;

	if (!p)
		return false;
	errno = 0;
	v = strtoul(p + strlen(key), &end, 10);
	if (errno || end == p + strlen(key) || *end != ';' || v > 65536)
		return false;
	*out = (unsigned)v;
	return true;
}

static int parse_field(struct cc_tf_event *ev, char *line, const struct cc_lines *c,
		       struct cc_err *e)
{
	struct cc_tf_field *f;
	char *decl = strstr(line, "field:") + 6, *semi = strchr(decl, ';');
	unsigned sgn = 0;

	if (ev->nfields >= CC_TF_MAX_FIELDS)
		return cc_err_set(e, c->path, c->lineno, "more than %d fields", CC_TF_MAX_FIELDS);
	f = &ev->fields[ev->nfields];
	memset(f, 0, sizeof(*f));
	if (!semi)
		return cc_err_set(e, c->path, c->lineno, "field without ';'");
	*semi = '\0';
	if (field_name(decl, f) < 0)
		return cc_err_set(e, c->path, c->lineno, "field without a name");
	*semi = ';';
	if (!attr(semi, "offset:", &f->offset) || !attr(semi, "size:", &f->size))
		return cc_err_set(e, c->path, c->lineno, "field %s without offset and size", f->name);
	if (f->offset + f->size > 65536)
		return cc_err_set(e, c->path, c->lineno, "field %s beyond 64 KiB", f->name);
	attr(semi, "signed:", &sgn);	/* absent before 2.6.32: unsigned */
	f->is_signed = sgn != 0;
	ev->nfields++;
	return 0;
}

/* names we may print: letters, digits and _+-. only (no control bytes) */
static bool plain(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("_+-.", s[i]))
			return false;
	return n > 0;
}

/* __print_symbolic(REC->field, {v, "name"}, ...): one table per field */
static void parse_symbolic(struct cc_tf_event *ev, const char *fmt)
{
	const char *p = fmt;

	while ((p = strstr(p, "__print_symbolic(REC->")) && ev->nsymtabs < CC_TF_MAX_SYMTABS) {
		struct cc_tf_symtab *t = &ev->symtabs[ev->nsymtabs];
		size_t n;

		p += 22;
		n = strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
		if (!n || n >= sizeof(t->field))
			continue;
		memset(t, 0, sizeof(*t));
		memcpy(t->field, p, n);
		p += n;
		while (*p && *p != ')') {
			char *end;
			const char *q;
			long long v;

			if (*p != '{') {
				p++;
				continue;
			}
			errno = 0;
			v = strtoll(p + 1, &end, 0);
			q = strchr(p, '}');
			if (!q)
				return;
			if (!errno && end != p + 1 && t->n < CC_TF_MAX_SYMS) {
				const char *s = memchr(end, '"', (size_t)(q - end)), *s2;

				if (s && (s2 = memchr(s + 1, '"', (size_t)(q - s - 1))) &&
				    (size_t)(s2 - s - 1) < sizeof(t->sym[0].name) &&
				    plain(s + 1, (size_t)(s2 - s - 1))) {
					t->sym[t->n].value = v;
					memcpy(t->sym[t->n].name, s + 1, (size_t)(s2 - s - 1));
					t->sym[t->n].name[s2 - s - 1] = '\0';
					t->n++;
				}
			}
			p = q + 1;
		}
		ev->nsymtabs++;
	}
}

int cc_parse_trace_format(struct cc_tf_event *ev, char *buf, size_t len, const char *path,
			  struct cc_err *e)
{
	struct cc_lines c;
	char *line;
	int r;

	memset(ev, 0, sizeof(*ev));
	if (cc_lines_init(&c, buf, len, path, e) < 0)
		return -1;
	while ((r = cc_lines_next(&c, &line, e)) > 0) {
		char *p = line;

		while (isspace((unsigned char)*p))
			p++;
		if (!strncmp(p, "name:", 5)) {
			p += 5 + strspn(p + 5, " \t");
			if (!*p || strlen(p) >= sizeof(ev->name) || !plain(p, strlen(p)))
				return cc_err_set(e, path, c.lineno, "bad event name");
			strcpy(ev->name, p);
		} else if (!strncmp(p, "ID:", 3)) {
			char *end;
			unsigned long v;

			errno = 0;
			v = strtoul(p + 3, &end, 10);
			if (errno || end == p + 3 || *end || v > 65535)
				return cc_err_set(e, path, c.lineno, "bad ID");
			ev->id = (unsigned)v;
			ev->have_id = true;
		} else if (!strncmp(p, "field:", 6)) {
			if (parse_field(ev, p, &c, e) < 0)
				return -1;
		} else if (!strncmp(p, "print fmt:", 10)) {
			parse_symbolic(ev, p + 10);
		}
	}
	if (r < 0)
		return -1;
	if (!ev->nfields)
		return cc_err_set(e, path, 0, "no fields");
	return 0;
}

const struct cc_tf_field *cc_tf_field(const struct cc_tf_event *ev, const char *name)
{
	int i;

	for (i = 0; i < ev->nfields; i++)
		if (!strcmp(ev->fields[i].name, name))
			return &ev->fields[i];
	return NULL;
}

bool cc_tf_read(const struct cc_tf_field *f, const uint8_t *rec, size_t len, int64_t *out)
{
	if (!f || f->is_array || (size_t)f->offset + f->size > len)
		return false;
	switch (f->size) {
	case 1: {
		uint8_t v = rec[f->offset];

		*out = f->is_signed ? (int64_t)(int8_t)v : (int64_t)v;
		return true;
	}
	case 2: {
		uint16_t v;

		memcpy(&v, rec + f->offset, 2);
		*out = f->is_signed ? (int64_t)(int16_t)v : (int64_t)v;
		return true;
	}
	case 4: {
		uint32_t v;

		memcpy(&v, rec + f->offset, 4);
		*out = f->is_signed ? (int64_t)(int32_t)v : (int64_t)v;
		return true;
	}
	case 8: {
		uint64_t v;

		memcpy(&v, rec + f->offset, 8);
		*out = (int64_t)v;
		return true;
	}
	}
	return false;
}

const char *cc_tf_symbol(const struct cc_tf_event *ev, const char *field, int64_t v)
{
	int i, j;

	for (i = 0; i < ev->nsymtabs; i++) {
		if (strcmp(ev->symtabs[i].field, field))
			continue;
		for (j = 0; j < ev->symtabs[i].n; j++)
			if (ev->symtabs[i].sym[j].value == v)
				return ev->symtabs[i].sym[j].name;
	}
	return NULL;
}

void cc_parse_saved_cmdlines(char *buf, size_t len,
			     void (*cb)(int pid, const char *comm, void *arg), void *arg)
{
	char *line, *save = NULL;

	(void)len;	/* NUL-terminated, as a cc_file's data */
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char comm[17];
		int pid;

		if (sscanf(line, "%d %16s", &pid, comm) == 2 && pid > 0)
			cb(pid, comm, arg);
	}
}
