// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The output of `sysctl -a` as a support tool saves it (sosreport:
 * sos_commands/kernel/sysctl_-a): "name = value" per line, where sysctl
 * prints a multi-line value as several lines under the same name and its own
 * complaints ("sysctl: unable to open directory ...") in between. Only the
 * vm tunables of the knob table (model.c) are taken, as /proc/sys/vm would
 * give them: one decimal number each, listed once. Every other line is
 * someone else's and is passed over whatever its shape.
 */
#include "parse.h"

#include <limits.h>
#include <string.h>

/* "vm.extfrag_threshold" -> K_EXTFRAG_THRESHOLD; -1 not a knob we keep */
static int vm_knob(const char *name)
{
	int k;

	if (strncmp(name, "vm.", 3))
		return -1;
	for (k = 0; k < K__N; k++)
		if (!strcmp(name + 3, cc_knobs[k].name))
			return k;
	return -1;
}

static int knob_line(struct cc_snapshot *s, const struct cc_lines *c, int k, char *rest,
		     struct cc_err *e)
{
	char *tok[3];
	int64_t v;

	if (cc_split(rest, tok, 3) != 2 || strcmp(tok[0], "="))
		return cc_err_set(e, c->path, c->lineno, "expected 'vm.%s = <number>'",
				  cc_knobs[k].name);
	if (cc_parse_i64(c, tok[1], &v, e) < 0 || v < LONG_MIN || v > LONG_MAX)
		return cc_err_set(e, c->path, c->lineno, "vm.%s: '%.40s' is not a number a long holds",
				  cc_knobs[k].name, tok[1]);
	if (cc_knob_is_set(s, k))
		return cc_err_set(e, c->path, c->lineno, "vm.%s listed twice", cc_knobs[k].name);
	s->knob[k] = (long)v;
	s->knob_set |= 1u << k;
	return 0;
}

int cc_parse_sysctl(struct cc_snapshot *s, char *buf, size_t len, const char *path,
		    struct cc_err *e)
{
	struct cc_lines c;
	char *line;
	int r;

	if (cc_lines_init(&c, buf, len, path, e) < 0)
		return -1;
	while ((r = cc_lines_next(&c, &line, e)) > 0) {
		size_t n = strcspn(line, " \t");
		char *rest = line + n;
		int k;

		if (*rest)
			*rest++ = '\0';
		k = vm_knob(line);
		if (k >= 0 && knob_line(s, &c, k, rest, e) < 0)
			return -1;
	}
	return r < 0 ? -1 : 0;
}
