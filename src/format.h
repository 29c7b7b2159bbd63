/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Formatting shared by every view: sizes, byte amounts, thousandths, bars,
 * and the one filter every text that leaves compactctl passes through
 * (cc_safe_text): nothing read from input reaches a terminal as a control
 * character.
 */
#ifndef COMPACTCTL_FORMAT_H
#define COMPACTCTL_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* 4096 -> "4K", 2097152 -> "2M": exact power-of-two sizes */
void cc_fmt_size_exact(char *buf, size_t n, uint64_t bytes);
/* The size of an order-k block: "2M" for k 9 of 4K pages; "512p" (pages)
 * when the page size is not known (0); "?" when it would not fit in 64
 * bits. */
void cc_fmt_order_size(char *buf, size_t n, long page_size, int k);

enum cc_bytes_style {
	CC_BYTES_IEC,	/* "1.1 GiB", "512 KiB", "100 B" (reports) */
	CC_BYTES_SHORT,	/* "1.1G", "512K", "100B", "0": at most 5 columns (watch) */
};
/* The byte formatter: every amount of memory a view prints. */
void cc_fmt_bytes_as(char *buf, size_t n, uint64_t bytes, enum cc_bytes_style st);
static inline void cc_fmt_bytes(char *buf, size_t n, uint64_t bytes)
{
	cc_fmt_bytes_as(buf, n, bytes, CC_BYTES_IEC);
}
/* A page count as bytes ("1.1 GiB"), or, when the page size is not known
 * (0), as pages ("300 pages"): what a saved tree that does not tell its
 * page size can show (issue 13 section 4). */
void cc_fmt_pages(char *buf, size_t n, uint64_t pages, long page_size);
/* signed page count as bytes: "+1.2 GiB", "-4.0 KiB", "0 B" (pages when the
 * page size is 0) */
void cc_fmt_delta_bytes(char *buf, size_t n, int64_t pages, long page_size);
/* thousandths as the kernel prints them, but mathematically signed:
 * 754 -> "0.754", -1000 -> "-1.000", -500 -> "-0.500" */
void cc_fmt_milli(char *buf, size_t n, int v);
/* v rounded to dec decimals, halves away from zero, as round(v * 10^dec)
 * / 10^dec, without libm (loading it cost every command's start-up);
 * NaN, infinities and numbers beyond 2^63 / 10^dec come back as they are */
double cc_round_dec(double v, int dec);
/* A horizontal bar of part/whole over width columns: full blocks and an
 * eighth in UTF-8, '#' and a '.' for a sliver in ASCII. */
void cc_bar_text(char *buf, size_t n, uint64_t part, uint64_t whole, int width, bool utf8);

/*
 * Write len bytes of text to out with every control character made
 * visible as \xNN: C0 controls but newline and tab, DEL, the C1 controls
 * (U+0080..U+009F) and bytes that are not UTF-8. ESC passes only as the
 * start of an SGR colour sequence (ESC [ digits;... m) when sgr is true,
 * the colours a view asked for. Returns -1 if out failed.
 */
int cc_safe_text(FILE *out, const char *s, size_t len, bool sgr);
/* How much of s cc_safe_text would copy unchanged from its start (len when
 * it would change nothing). The output stream (cc_memfile) finds the span
 * without colours a chunk at a time and the commit trusts it, which holds
 * while: each piece that span takes (a plain byte, a UTF-8 character of at
 * most 4 bytes) is decided by its own bytes alone, so a longer text never
 * refuses a piece a shorter one passed, and a piece cut by a chunk's end is
 * shorter than CC_SAFE_PIECE_MAX; and the span without colours is never
 * longer than the span with them (ESC stops it). A rule that looks further
 * ahead must raise CC_SAFE_PIECE_MAX. */
#define CC_SAFE_PIECE_MAX 16
size_t cc_safe_span(const char *s, size_t len, bool sgr);
/* The same into a buffer (always NUL-terminated, cut to fit). */
void cc_safe_copy(char *dst, size_t n, const char *s);
/* s is printable ASCII only (0x20..0x7e): the filter leaves it as it is */
bool cc_text_plain(const char *s);
/* 1 for the bytes a quoted string (JSON, a Prometheus label value) takes as
 * they are: printable ASCII but the quote and the backslash. A string of
 * such bytes alone needs neither the filter nor an escape. */
extern const unsigned char cc_quote_as_is[256];

/* Text word-wrapped to width after a head of `used` columns, the next
 * lines indented by `indent`, and a newline. Text that starts with a
 * space begins a word; otherwise its first word continues the head's last
 * ("now" ":"). A word longer than a line gets a line of its own. CC_NBSP
 * (a unit separator byte) joins words that must stay on one line,
 * "21 GiB", and is printed as a space. Text from input goes through
 * cc_safe_copy first (which shows a unit separator as \x1f). */
#define CC_NBSP '\x1f'
void cc_wrap(FILE *out, int width, int used, int indent, const char *text);

#endif
