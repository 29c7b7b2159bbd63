// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "compactctl.h"
#include "canvas.h"
#include "format.h"

void cc_canvas_init(struct cc_canvas *c, int width, bool utf8)
{
	memset(c, 0, sizeof(*c));
	c->width = width;
	c->utf8 = utf8;
}

void cc_canvas_reset(struct cc_canvas *c, int width)
{
	int i;

	for (i = 0; i < c->n; i++) {
		c->lines[i].len = 0;
		c->lines[i].cols = 0;
	}
	c->n = 0;
	c->width = width;
}

void cc_canvas_free(struct cc_canvas *c)
{
	int i;

	for (i = 0; i < c->cap; i++) {
		free(c->lines[i].text);
		free(c->lines[i].attr);
	}
	free(c->lines);
	memset(c, 0, sizeof(*c));
}

static struct cc_line *cur(struct cc_canvas *c)
{
	if (!c->n) {
		if (!c->cap) {
			c->cap = 64;
			c->lines = xcalloc((size_t)c->cap, sizeof(*c->lines));
		}
		c->n = 1;
	}
	return &c->lines[c->n - 1];
}

static void newline(struct cc_canvas *c)
{
	cur(c);
	if (c->n == c->cap) {
		c->lines = xrealloc(c->lines, (size_t)c->cap * 2, sizeof(*c->lines));
		memset(c->lines + c->cap, 0, (size_t)c->cap * sizeof(*c->lines));
		c->cap *= 2;
	}
	c->lines[c->n].len = 0;
	c->lines[c->n].cols = 0;
	c->n++;
}

/* nbytes bytes that take ncols columns */
static void add_run(struct cc_line *l, enum cc_style a, const char *p, int nbytes, int ncols)
{
	if (l->len + nbytes + 1 > l->cap) {
		int cap = l->cap ? l->cap * 2 : 128;

		while (cap < l->len + nbytes + 1)
			cap *= 2;
		l->text = xrealloc(l->text, (size_t)cap, 1);
		l->attr = xrealloc(l->attr, (size_t)cap, 1);
		l->cap = cap;
	}
	memcpy(l->text + l->len, p, (size_t)nbytes);
	memset(l->attr + l->len, a, (size_t)nbytes);
	l->len += nbytes;
	l->text[l->len] = '\0';
	l->cols += ncols;
}

/* plain ASCII text needs no filtering; anything else goes through it */
static bool plain(const char *s)
{
	for (; *s; s++)
		if ((*s < 0x20 && *s != '\n') || (unsigned char)*s >= 0x7f)
			return false;
	return true;
}

void cc_put(struct cc_canvas *c, enum cc_style a, const char *s)
{
	char *safe = NULL;

	/* text from input (a kernel release, a migratetype name) never
	 * reaches the terminal as a control character (format.h) */
	if (!plain(s)) {
		size_t n = strlen(s) * 6 + 1;

		safe = xrealloc(NULL, n, 1);
		cc_safe_copy(safe, n, s);
		s = safe;
	}
	while (*s) {
		struct cc_line *l;
		int nb = 1, n = 0;

		if (*s == '\n') {
			newline(c);
			s++;
			continue;
		}
		/* a run of ASCII in one piece: a frame is mostly that (a
		 * character at a time was 14% of watch's CPU) */
		while ((unsigned char)(s[n] - 0x20) < 0x5f)
			n++;
		while (n > 0) {
			int room;

			l = cur(c);
			if (l->cols >= c->width && c->wrap && c->width > 0) {
				newline(c);
				l = cur(c);
			}
			room = c->width > l->cols ? c->width - l->cols : 0;
			if (room > n)
				room = n;
			if (room)
				add_run(l, a, s, room, room);
			s += room;
			n -= room;
			if (!c->wrap || c->width <= 0) {
				s += n;	/* cut at the width */
				n = 0;
			}
		}
		if (!*s || *s == '\n' || (unsigned char)(*s - 0x20) < 0x5f)
			continue;
		while ((s[nb] & 0xc0) == 0x80)
			nb++;
		l = cur(c);
		if (l->cols >= c->width && c->wrap && c->width > 0) {
			newline(c);
			l = cur(c);
		}
		if (l->cols < c->width)
			add_run(l, a, s, nb, 1);
		s += nb;
	}
	free(safe);
}

void cc_putf(struct cc_canvas *c, enum cc_style a, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	cc_put(c, a, buf);
}

int cc_col(const struct cc_canvas *c)
{
	return c->n ? c->lines[c->n - 1].cols : 0;
}

void cc_pad(struct cc_canvas *c, int col)
{
	static const char spaces[] = "                                ";
	int n = (col < c->width ? col : c->width) - cc_col(c);

	/* in pieces of up to 32 spaces, not one cc_put a column */
	while (n > 0) {
		int k = n < (int)sizeof(spaces) - 1 ? n : (int)sizeof(spaces) - 1;

		add_run(cur(c), CA_NORMAL, spaces, k, k);
		n -= k;
	}
}

void cc_bar(struct cc_canvas *c, enum cc_style a, uint64_t part, uint64_t whole, int width)
{
	char buf[512];

	cc_bar_text(buf, sizeof(buf), part, whole, width, c->utf8);
	cc_put(c, a, buf);
}

void cc_spark(struct cc_canvas *c, enum cc_style a, const uint8_t *v, int n, int width)
{
	static const char *const blocks[] = {
		"\u2581", "\u2582", "\u2583", "\u2584", "\u2585", "\u2586", "\u2587", "\u2588",
	};
	static const char ascii[] = "_.-:=+*#";
	int i;

	for (i = n > width ? n - width : 0; i < n; i++) {
		int lvl = v[i] >= 100 ? 7 : v[i] * 8 / 100;

		if (c->utf8) {
			cc_put(c, a, blocks[lvl]);
		} else {
			char s[2] = { ascii[lvl], 0 };

			cc_put(c, a, s);
		}
	}
}

void cc_canvas_write(const struct cc_canvas *c, FILE *out)
{
	int i, n = c->n;

	if (n && !c->lines[n - 1].len)	/* the line after a final '\n' */
		n--;
	for (i = 0; i < n; i++) {
		const struct cc_line *l = &c->lines[i];
		int len = l->len;

		while (len > 0 && l->text[len - 1] == ' ')
			len--;
		if (len)
			fwrite(l->text, 1, (size_t)len, out);
		fputc('\n', out);
	}
}
