/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A frame of text lines with one attribute per byte: the watch view is
 * rendered once into a canvas, then written as plain text (batch mode) or
 * drawn with curses attributes. Every character the views use is one column
 * wide, so columns are counted as UTF-8 lead bytes.
 */
#ifndef COMPACTCTL_CANVAS_H
#define COMPACTCTL_CANVAS_H

#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>

enum cc_style {
	CA_NORMAL,
	CA_BOLD,	/* headings */
	CA_DIM,		/* labels, units */
	CA_UP,		/* a value that rose since the previous frame */
	CA_DOWN,	/* a value that fell */
	CA_GOOD,
	CA_WARN,
	CA_BAD,
	CA_BAR,		/* histogram bars */
	CA_SELECT,	/* the selected order / node */
	CA_STATUS,	/* the status line */
	CA__N
};

struct cc_line {
	char *text;
	uint8_t *attr;
	int len, cap;
	int cols;
};

struct cc_canvas {
	struct cc_line *lines;
	int n, cap;
	int width;	/* lines are cut at this many columns */
	bool wrap;	/* ... or continue on the next line */
	bool utf8;	/* else ASCII bars and sparklines */
};

void cc_canvas_init(struct cc_canvas *c, int width, bool utf8);
void cc_canvas_reset(struct cc_canvas *c, int width);	/* keeps the buffers */
void cc_canvas_free(struct cc_canvas *c);

/* Append to the current line ('\n' starts the next one); text past the width
 * is dropped (or wrapped). Control characters are shown as \xNN. */
void cc_put(struct cc_canvas *c, enum cc_style a, const char *s);
void cc_putf(struct cc_canvas *c, enum cc_style a, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Pad the current line with spaces up to column col. */
void cc_pad(struct cc_canvas *c, int col);
int cc_col(const struct cc_canvas *c);	/* current column */
/* A bar of part/whole of width columns, in eighths when UTF-8. */
void cc_bar(struct cc_canvas *c, enum cc_style a, uint64_t part, uint64_t whole, int width);
/* A sparkline of values 0..100, the last width of them. */
void cc_spark(struct cc_canvas *c, enum cc_style a, const uint8_t *v, int n, int width);

/* Plain text, trailing spaces trimmed. */
void cc_canvas_write(const struct cc_canvas *c, FILE *out);

#endif
