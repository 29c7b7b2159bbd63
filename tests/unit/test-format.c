// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The output filter (format.h): what passes unchanged, what is made
 * visible, and that the fast paths (cc_safe_span, cc_safe_copy's copy)
 * agree with the full filter.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "canvas.h"
#include "compactctl.h"
#include "format.h"
#include "tap.h"

/* cc_safe_text of s into a buffer */
static char *filtered(const char *s, size_t len, bool sgr)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);

	if (!f || cc_safe_text(f, s, len, sgr) < 0)
		abort();
	fclose(f);
	return buf;
}

static void same(const char *desc, const char *s, bool sgr)
{
	char *got = filtered(s, strlen(s), sgr);

	ok(!strcmp(got, s), "%s: unchanged", desc);
	is_int(cc_safe_span(s, strlen(s), sgr), strlen(s), "%s: the span is all of it", desc);
	free(got);
}

static void changed(const char *desc, const char *s, bool sgr, const char *want, size_t span)
{
	char *got = filtered(s, strlen(s), sgr);

	ok(!strcmp(got, want), "%s: becomes %s (got %s)", desc, want, got);
	is_int(cc_safe_span(s, strlen(s), sgr), span, "%s: the span stops at byte %zu", desc, span);
	free(got);
}

/* the canvas's lines as "line|line|" and their columns */
static void canvas_is(const char *desc, int width, bool wrap, const char *in, const char *want,
		      int want_cols)
{
	struct cc_canvas c;
	char got[256] = "";
	int i;

	cc_canvas_init(&c, width, true);
	c.wrap = wrap;
	cc_put(&c, CA_NORMAL, in);
	for (i = 0; i < c.n; i++) {
		strncat(got, c.lines[i].text ? c.lines[i].text : "", sizeof(got) - strlen(got) - 2);
		strcat(got, "|");
	}
	ok(!strcmp(got, want) && c.n && c.lines[c.n - 1].cols == want_cols,
	   "%s: '%s' (last line %d columns)", desc, got, c.n ? c.lines[c.n - 1].cols : -1);
	cc_canvas_free(&c);
}

/* cc_wrap's output for a head of `used` columns */
static void wrap_is(const char *desc, int width, int used, int indent, const char *text,
		    const char *want)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	cc_wrap(f, width, used, indent, text);
	fclose(f);
	ok(buf && !strcmp(buf, want), "cc_wrap, %s", desc);
	if (buf && strcmp(buf, want))
		printf("#   got '%s'\n", buf);
	free(buf);
}

/* cc_memfile's plain prefix: the output written in pieces of `piece`
 * bytes (unbuffered, so each piece reaches the stream as one write) */
static size_t memfile_plain(const char *s, size_t len, size_t piece, size_t *outlen)
{
	char *buf;
	size_t n, plain = 99999;
	FILE *f = cc_memfile(&buf, &n, &plain);

	if (!f)
		abort();
	setvbuf(f, NULL, _IONBF, 0);
	for (size_t i = 0; i < len; i += piece)
		fwrite(s + i, 1, len - i < piece ? len - i : piece, f);
	fclose(f);
	if (n != len || memcmp(buf, s, len))
		abort();
	free(buf);
	*outlen = n;
	return plain;
}

/* the plain prefix of a 100,000-byte output with `bad` at `at`, as the
 * commit (cli.c) uses it: all of it, or at most the bytes before `at` */
static void memfile_is(const char *desc, const char *ins, size_t at, size_t piece, bool clean)
{
	static char s[100000];
	size_t len, plain;

	memset(s, 'x', sizeof(s));
	for (size_t i = 99; i < sizeof(s); i += 100)
		s[i] = '\n';
	memcpy(s + at, ins, strlen(ins));
	plain = memfile_plain(s, sizeof(s), piece, &len);
	if (clean)
		is_int(plain, len, "memfile: %s: all of it is plain", desc);
	else
		ok(plain <= at, "memfile: %s: plain no further than byte %zu (%zu)", desc, at, plain);
}

/* cc_fmt_bytes_as as it was, through printf: the oracle its integer
 * rounding must agree with */
static void bytes_printf(char *buf, size_t n, uint64_t bytes, enum cc_bytes_style st)
{
	static const char units[] = "KMGTPE";
	double v = (double)bytes;
	int u = -1;

	if (bytes < 1024) {
		if (st == CC_BYTES_SHORT)
			snprintf(buf, n, bytes ? "%" PRIu64 "B" : "0", bytes);
		else
			snprintf(buf, n, "%" PRIu64 " B", bytes);
		return;
	}
	while (v >= 1024.0 && u < 5) {
		v /= 1024.0;
		u++;
	}
	if (st == CC_BYTES_SHORT) {
		if (v < 10.0 && (uint64_t)(v * 10.0 + 0.5) % 10)
			snprintf(buf, n, "%.1f%c", v, units[u]);
		else
			snprintf(buf, n, "%.0f%c", v, units[u]);
		return;
	}
	snprintf(buf, n, v < 10 ? "%.1f %ciB" : "%.0f %ciB", v, units[u]);
}

/* how many of the values tried cc_fmt_bytes_as prints otherwise than
 * printf (both styles; a full buffer and one that cuts, or every size
 * from 0 to 32 bytes when all_n) */
static int bytes_mismatches_n(uint64_t bytes, uint64_t *first, bool all_n)
{
	int bad = 0;

	for (int st = 0; st < 2; st++)
		for (size_t n = all_n ? 0 : 4; n <= 32; n += all_n ? 1 : 28) {
			char a[32] = "untouched", b[32] = "untouched";

			/* n 0: neither writes anything */
			cc_fmt_bytes_as(a, n, bytes, (enum cc_bytes_style)st);
			bytes_printf(b, n, bytes, (enum cc_bytes_style)st);
			if (strcmp(a, b)) {
				if (!bad && first)
					*first = bytes;
				bad++;
			}
		}
	return bad;
}

static int bytes_mismatches(uint64_t bytes, uint64_t *first)
{
	return bytes_mismatches_n(bytes, first, false);
}

int main(void)
{
	char copy[8];
	unsigned char all[256];
	int i;

	same("plain ASCII, tab and newline", "Node 0, zone Normal\t1 2\n", false);
	same("UTF-8 (2, 3 and 4 bytes)", "\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x98\x80", false);
	same("an SGR colour when colours are allowed", "\033[1;31mred\033[0m", true);
	changed("an SGR colour when they are not", "\033[1mx", false, "\\x1b[1mx", 0);
	changed("a control character", "ab\001cd", false, "ab\\x01cd", 2);
	changed("DEL", "a\177", false, "a\\x7f", 1);
	changed("a C1 control in UTF-8", "a\xc2\x9b" "b", false, "a\\u009bb", 1);
	changed("a byte that is no UTF-8", "a\xff", false, "a\\xff", 1);
	changed("a cut UTF-8 sequence", "a\xe2\x80", false, "a\\xe2\\x80", 1);
	changed("an overlong encoding", "\xc0\xaf", false, "\\xc0\\xaf", 0);
	changed("a surrogate", "\xed\xa0\x80", false, "\\xed\\xa0\\x80", 0);
	changed("a cursor movement, colours allowed", "\033[2J", true, "\\x1b[2J", 0);

	/* every byte value: the span and the filter agree on what is kept */
	for (i = 0; i < 256; i++)
		all[i] = (unsigned char)i;
	for (i = 1; i < 256; i++) {
		char *got = filtered((const char *)all + i, 1, false);
		bool kept = strlen(got) == 1 && (unsigned char)got[0] == i;

		if (kept != (cc_safe_span((const char *)all + i, 1, false) == 1)) {
			ok(0, "byte 0x%02x: the span and the filter disagree", i);
			free(got);
			break;
		}
		free(got);
	}
	if (i == 256)
		ok(1, "every single byte: the span keeps exactly what the filter keeps");
	/* the same inside a long run (the span's fast loop takes 16 bytes at
	 * a time): every byte value at every position of 48 plain bytes with
	 * tabs and newlines stops the span there exactly when it is not kept */
	{
		char line[49];
		int pos, bad = 0;

		for (i = 1; i < 256 && !bad; i++) {
			bool kept = (i >= 0x20 && i < 0x7f) || i == '\n' || i == '\t';

			for (pos = 0; pos < 48 && !bad; pos++) {
				size_t span;

				memcpy(line, "Node 0, zone\tNormal\n  free 1 2 3\tx\n\tabcdefghijkl", 48);
				line[pos] = (char)i;
				line[48] = '\0';
				span = cc_safe_span(line, 48, false);
				bad = span != (kept ? 48u : (size_t)pos);
				if (bad)
					ok(0, "byte 0x%02x at %d of 48: span %zu", i, pos, span);
			}
		}
		if (!bad)
			ok(1, "every byte at every position of a long run: the span stops exactly there");
	}

	cc_safe_copy(copy, sizeof(copy), "node0123456789");
	ok(!strcmp(copy, "node012"), "cc_safe_copy cuts to fit (%s)", copy);
	cc_safe_copy(copy, sizeof(copy), "a\001b");
	ok(!strcmp(copy, "a\\x01b"), "cc_safe_copy makes control characters visible (%s)", copy);
	cc_safe_copy(copy, sizeof(copy), "\001\002\003");
	ok(!strcmp(copy, "\\x01\\x0"), "... and cuts what that makes longer (%s)", copy);
	/* runs of ASCII go in one piece, cut or wrapped at the width like
	 * the characters around them */
	canvas_is("canvas: cut at 10 columns", 10, false, "abcdefghijklmno", "abcdefghij|", 10);
	canvas_is("canvas: wrapped at 10", 10, true, "abcdefghijklmno", "abcdefghij|klmno|", 5);
	canvas_is("canvas: a newline starts a line", 10, false, "abc\ndefghijklmnop",
		  "abc|defghijklm|", 10);
	canvas_is("canvas: UTF-8 takes one column a character", 5, false,
		  "ab\u2192cdef", "ab\u2192cd|", 5);
	canvas_is("canvas: wrapped after UTF-8", 4, true, "a\u2192bcdef", "a\u2192bc|def|", 3);
	canvas_is("canvas: a control character shown escaped, within the width", 8, false,
		  "a\033bcdefgh", "a\\x1bbcd|", 8);
	{
		struct cc_canvas c;

		cc_canvas_init(&c, 50, false);
		cc_put(&c, CA_NORMAL, "ab");
		cc_pad(&c, 40);
		cc_put(&c, CA_NORMAL, "x");
		ok(c.n == 1 && c.lines[0].cols == 41 && c.lines[0].len == 41 &&
		   !strncmp(c.lines[0].text + 38, "  x", 4), "canvas: padded to column 40");
		cc_pad(&c, 60);
		ok(c.lines[0].cols == 50, "canvas: padding stops at the width (%d)", c.lines[0].cols);
		cc_pad(&c, 10);
		ok(c.lines[0].cols == 50, "canvas: padding to a column passed adds nothing");
		cc_canvas_free(&c);
	}
	/* the one word wrapper: a head's word continued, words moved to the
	 * next line at the width, a word longer than a line on its own, the
	 * non-breaking separator printed as a space and never broken */
	wrap_is("glued to the head", 20, 3, 2, ": a b", ": a b\n");
	wrap_is("a space first starts a word", 20, 3, 2, " a b", " a b\n");
	wrap_is("the width", 12, 0, 2, "aaaa bbbb cccc dddd", "aaaa bbbb\n  cccc dddd\n");
	wrap_is("a word longer than a line", 10, 4, 2, " ab cdefghijklmnop q",
		" ab\n  cdefghijklmnop\n  q\n");
	wrap_is("no empty line before an overlong word at the indent", 10, 2, 2,
		" abcdefghijkl", " abcdefghijkl\n");
	wrap_is("joined words stay together", 10, 0, 2, "free 21\x1fGiB",
		"free\n  21 GiB\n");
	/* the output's plain prefix, found as the pieces arrive: a
	 * character cut by a piece's end is whole with the next piece; a
	 * control character, far from the end or at it, is never passed */
	memfile_is("a 3-byte character cut by the pieces", "\xe2\x80\x94", 65535, 65536, true);
	memfile_is("a 4-byte character cut by 7-byte pieces", "\xf0\x9f\x98\x80", 69999, 7, true);
	memfile_is("a control character past the first piece", "\001", 70000, 65536, false);
	memfile_is("a control character in the last 16 bytes", "\001", 99990, 65536, false);
	memfile_is("a control character in a 1-byte piece", "\033", 5, 1, false);
	memfile_is("a cut character at the very end", "\xe2\x80", 99998, 4096, false);
	memfile_is("an SGR sequence (no colour in the prefix)", "\033[1m", 80000, 65536, false);
	/* the byte formatter against printf: every value to 128 KiB, the
	 * ties of each unit (rounded half to even), the
	 * neighbours of every power of two, and pseudo-random values of every
	 * size up to 2^64 - 1 (above 2^53 printf itself formats) */
	{
		uint64_t first = 0, x = 88172645463325252ull;
		int bad = 0;
		long tried = 0;

		for (uint64_t b = 0; b <= (128u << 10); b++, tried++)
			bad += bytes_mismatches(b, &first);
		/* ties: x.x5 of every unit (for "%.1f") and x.5 (for "%.0f",
		 * at 10 and more of a unit), below 2^53 where the integers
		 * decide; every buffer size on a few of them */
		for (int sh = 10; sh <= 50; sh += 10)
			for (uint64_t m = 0; m < 5000; m++, tried += 2) {
				bad += bytes_mismatches(((m * 2 + 1) << sh) / 20, &first);
				bad += bytes_mismatches(((2 * (m + 10) + 1) << sh) / 2, &first);
				if (m < 50)
					bad += bytes_mismatches_n(((2 * (m + 10) + 1) << sh) / 2,
								  &first, true);
			}
		for (int k = 0; k < 64; k++)
			for (int d = -3; d <= 3; d++, tried++)
				bad += bytes_mismatches((1ull << k) + (uint64_t)(int64_t)d, &first);
		for (int r = 0; r < 100000; r++, tried++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			bad += bytes_mismatches(x >> (r % 64), &first);
		}
		is_int(bad, 0, "cc_fmt_bytes_as prints what printf does for %ld values "
		       "(first difference at %" PRIu64 ")", tried, first);
		{
			char a[32];

			cc_fmt_bytes_as(a, sizeof(a), 1280, CC_BYTES_IEC);
			ok(!strcmp(a, "1.2 KiB"), "1.25 KiB, a tie, to even: %s", a);
			cc_fmt_bytes_as(a, sizeof(a), 1792, CC_BYTES_IEC);
			ok(!strcmp(a, "1.8 KiB"), "1.75 KiB, a tie, to even: %s", a);
			cc_fmt_bytes_as(a, sizeof(a), 10751, CC_BYTES_SHORT);
			ok(!strcmp(a, "10K"), "10.499 KiB, short: %s", a);
		}
	}
	return tap_done();
}
