// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cc_lines over a stream (a window refilled from an fd) against cc_lines
 * over the whole buffer: the same lines, trimmed the same way, with lines
 * across the window's edges, a last line without a newline and an empty
 * file; and the errors of the buffer case (a NUL byte, an overlong line)
 * named at the same line when they lie in a later window.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parse.h"
#include "tap.h"

static char dir[] = "/tmp/test-lines.XXXXXX";

/* text written to a file, opened for cc_lines_stream */
static int file_of(const char *text, size_t len)
{
	char p[64];
	int fd;

	snprintf(p, sizeof(p), "%s/f", dir);
	fd = open(p, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, text, len) != (ssize_t)len || lseek(fd, 0, SEEK_SET) != 0)
		abort();
	unlink(p);
	return fd;
}

/* every line of both readers equal; the number of lines, or -1 */
static long same_lines(const char *text, size_t len, struct cc_err *e)
{
	char *copy = malloc(len + 1);
	struct cc_lines a, b;
	char *la, *lb;
	long n = 0;
	int ra, rb;

	memcpy(copy, text, len);
	copy[len] = '\0';
	if (cc_lines_init(&a, copy, len, "buf", e)) {
		free(copy);
		return -1;
	}
	if (cc_lines_stream(&b, file_of(text, len), "f", e)) {
		cc_lines_free(&b);
		free(copy);
		return -1;
	}
	for (;;) {
		ra = cc_lines_next(&a, &la, e);
		rb = cc_lines_next(&b, &lb, e);
		if (ra != rb || (ra > 0 && strcmp(la, lb)) || a.lineno != b.lineno) {
			n = -1;
			break;
		}
		if (ra <= 0)
			break;
		n++;
	}
	cc_lines_free(&b);
	free(copy);
	return n;
}

int main(void)
{
	size_t cap = 700 * 1024, len = 0;
	char *text = malloc(cap), *line;
	struct cc_lines c;
	struct cc_err e;
	char msg[128];
	int i;

	if (!mkdtemp(dir))
		return 1;
	/* lines of 1 to 700 bytes, trailing blanks on some: about 600 KB,
	 * so lines straddle the 256 KiB window twice */
	for (i = 0; len + 800 < 600 * 1024; i++) {
		int n = 1 + (i * 7919) % 700, k;

		for (k = 0; k < n; k++)
			text[len++] = (char)('a' + (i + k) % 26);
		if (i % 3 == 0)
			text[len++] = ' ', text[len++] = '\t';
		text[len++] = '\n';
	}
	is_int(same_lines(text, len, &e), i, "%d lines across the window's edges, as from a buffer", i);
	is_int(same_lines(text, len - 1, &e), i, "... a last line without its newline");
	is_int(same_lines("", 0, &e), 0, "an empty file: no lines");
	ok(cc_lines_stream(&c, file_of("", 0), "f", &e) == 0 && cc_lines_empty(&c),
	   "... and cc_lines_empty says so");
	cc_lines_free(&c);
	ok(cc_lines_stream(&c, file_of("x\n", 2), "f", &e) == 0 && !cc_lines_empty(&c),
	   "one line: not empty");
	cc_lines_free(&c);

	/* a NUL on line i - 10, in the second window */
	text[len - 2000] = '\0';
	{
		unsigned want = 1;
		size_t k;

		for (k = 0; k < len - 2000; k++)
			want += text[k] == '\n';
		ok(cc_lines_stream(&c, file_of(text, len), "f", &e) == 0, "stream opened");
		while (cc_lines_next(&c, &line, &e) > 0)
			;
		snprintf(msg, sizeof(msg), "f:%u: NUL byte in a text file", want);
		ok(!strcmp(e.msg, msg), "a NUL in a later window: an error at its line (%s)", e.msg);
		cc_lines_free(&c);
	}
	/* a line over CC_MAX_LINE after 300 KB of short lines */
	len = 0;
	for (i = 0; i < 30000; i++)
		len += (size_t)sprintf(text + len, "line %d\n", i);
	memset(text + len, 'x', CC_MAX_LINE + 10);
	len += CC_MAX_LINE + 10;
	text[len++] = '\n';
	ok(cc_lines_stream(&c, file_of(text, len), "f", &e) == 0, "stream opened");
	while (cc_lines_next(&c, &line, &e) > 0)
		;
	ok(strstr(e.msg, "f:30001: line too long") == e.msg,
	   "a line over %d bytes after 30000 lines: an error at line 30001 (%s)", CC_MAX_LINE,
	   e.msg);
	cc_lines_free(&c);
	rmdir(dir);
	free(text);
	return tap_done();
}
