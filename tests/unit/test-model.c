// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The model's lookups that replaced scans (model.c): the vmstat counters'
 * name hash, through its growth, with duplicates refused; and format.c's
 * helpers that no longer call snprintf or libm, against what snprintf and
 * round() give.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "format.h"
#include "model.h"
#include "tap.h"

static void vmstat_hash(void)
{
	struct cc_snapshot s;
	char name[32];
	int i, found = 0, right = 0;

	cc_snapshot_init(&s);
	/* 3000 names: the slots grow from 256 five times */
	for (i = 0; i < 3000; i++) {
		snprintf(name, sizeof(name), "counter_%d", i);
		if (cc_vmstat_add(&s, name, (uint64_t)i * 7) < 0)
			break;
	}
	is_int(s.nvmstat, 3000, "3000 distinct counters added");
	for (i = 0; i < 3000; i++) {
		const struct cc_kv *kv;

		snprintf(name, sizeof(name), "counter_%d", i);
		kv = cc_vmstat_find(&s, name);
		found += kv != NULL;
		right += kv && kv->value == (uint64_t)i * 7 && !strcmp(kv->name, name);
	}
	is_int(found, 3000, "every one found");
	is_int(right, 3000, "each with its own name and value");
	ok(!cc_vmstat_find(&s, "counter_3000"), "a name never added is not found");
	ok(!cc_vmstat_find(&s, ""), "nor the empty name");
	is_int(cc_vmstat_add(&s, "counter_1234", 1), -1, "a name added again is refused");
	is_int(cc_vmstat_find(&s, "counter_1234")->value, 1234 * 7, "and keeps its value");
	for (i = 3000; i < CC_MAX_VMSTAT; i++) {
		snprintf(name, sizeof(name), "counter_%d", i);
		cc_vmstat_add(&s, name, 0);
	}
	is_int(cc_vmstat_add(&s, "one_too_many", 1), -1, "the table holds CC_MAX_VMSTAT");
	cc_snapshot_free(&s);
	cc_snapshot_init(&s);
	ok(!cc_vmstat_find(&s, "pgfault"), "an empty snapshot finds nothing");
}

static void round_dec(void)
{
	/* as round(v * 10^d) / 10^d: halves away from zero */
	ok(cc_round_dec(0.25, 1) == 0.3, "0.25 to 1 decimal: 0.3");
	ok(cc_round_dec(-0.25, 1) == -0.3, "-0.25: -0.3");
	ok(cc_round_dec(0.249, 1) == 0.2, "0.249: 0.2");
	ok(cc_round_dec(1.0000005, 6) == 1.000001, "1.0000005 to 6 decimals: 1.000001");
	ok(cc_round_dec(2.5, 0) == 3 && cc_round_dec(-2.5, 0) == -3, "2.5 and -2.5 to 3, -3");
	/* 0.49999999999999994 + 0.5 is 1.0 in doubles; round() says 0 */
	ok(cc_round_dec(0.49999999999999994, 0) == 0, "the largest double below 0.5: 0");
	ok(cc_round_dec(123.456, 3) == 123.456, "already 3 decimals: unchanged");
	ok(cc_round_dec(1e300, 1) == 1e300, "beyond 2^63: unchanged");
	ok(cc_round_dec(__builtin_nan(""), 1) != cc_round_dec(__builtin_nan(""), 1),
	   "NaN stays NaN");
}

/* the snprintf formulations the helpers replaced */
static void ref_milli(char *buf, size_t n, int v)
{
	unsigned a = v < 0 ? (unsigned)-(long)v : (unsigned)v;

	snprintf(buf, n, "%s%u.%03u", v < 0 ? "-" : "", a / 1000, a % 1000);
}

static void ref_size(char *buf, size_t n, uint64_t bytes)
{
	int u = -1;

	while (bytes >= 1024 && bytes % 1024 == 0 && u < 5) {
		bytes /= 1024;
		u++;
	}
	if (u < 0)
		snprintf(buf, n, "%" PRIu64, bytes);
	else
		snprintf(buf, n, "%" PRIu64 "%c", bytes, "KMGTPE"[u]);
}

static void format_helpers(void)
{
	static const int millis[] = { 0, 1, -1, 7, 66, 500, -500, 999, 1000, -1000, 1001,
				      123456, -2147483647, 2147483647 };
	static const uint64_t sizes[] = { 0, 1, 1023, 1024, 4096, 65536, 2097152, 3ull << 30,
					  1ull << 60, 1ull << 63, 5ull << 62, 1025, UINT64_MAX };
	char a[32], b[32];
	size_t i, n;
	int bad = 0;

	for (i = 0; i < sizeof(millis) / sizeof(millis[0]); i++)
		for (n = 1; n <= sizeof(a); n += 3) {
			memset(a, 'x', sizeof(a));
			memset(b, 'x', sizeof(b));
			cc_fmt_milli(a, n, millis[i]);
			ref_milli(b, n, millis[i]);
			bad += memcmp(a, b, sizeof(a)) != 0;
		}
	is_int(bad, 0, "cc_fmt_milli as snprintf, every value, cut to any size");
	bad = 0;
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		for (n = 1; n <= sizeof(a); n += 3) {
			memset(a, 'x', sizeof(a));
			memset(b, 'x', sizeof(b));
			cc_fmt_size_exact(a, n, sizes[i]);
			ref_size(b, n, sizes[i]);
			bad += memcmp(a, b, sizeof(a)) != 0;
		}
	is_int(bad, 0, "cc_fmt_size_exact as snprintf, every value, cut to any size");
	cc_bar_text(a, sizeof(a), 3, 8, 8, false);
	ok(!strcmp(a, "###"), "bar 3/8 of 8 columns in ASCII: ### (%s)", a);
	cc_bar_text(a, sizeof(a), 1, 1000, 8, false);
	ok(!strcmp(a, "."), "a sliver in ASCII: . (%s)", a);
	cc_bar_text(a, sizeof(a), 5, 16, 2, true);
	/* 5/16 * 2 columns * 8 = 5 eighths: U+258B, the left five eighths block */
	ok(!strcmp(a, "\u258b"), "5/16 of 2 columns in UTF-8: 5 eighths (%s)", a);
	cc_bar_text(a, sizeof(a), 21, 16, 2, true);
	ok(!strcmp(a, "\u2588\u2588"), "more than the whole: full (%s)", a);
	cc_bar_text(a, 10, 1, 1, 24, true);
	ok(!strcmp(a, "\u2588\u2588"), "cut to fit 10 bytes: 2 blocks (%s)", a);
}

/* the filter's plain bytes one by one, as before the eight-byte steps */
static size_t ref_prefix(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	while (i < len && ((u[i] >= 0x20 && u[i] < 0x7f) || u[i] == '\n' || u[i] == '\t'))
		i++;
	return i;
}

static void safe_prefix(void)
{
	static const unsigned char odd[] = { 0x00, 0x01, 0x09, 0x0a, 0x1b, 0x1f, 0x20, 0x7e,
					     0x7f, 0x80, 0x9f, 0xc2, 0xff };
	char buf[64];
	uint64_t x = 2463534242ull;
	int bad = 0, round, i;

	/* printable text with one odd byte anywhere, at any length */
	for (round = 0; round < 20000; round++) {
		size_t len, got, want;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		len = x % sizeof(buf);
		for (i = 0; i < (int)len; i++)
			buf[i] = (char)(0x20 + (x >> (i % 50)) % 95);
		if (len)
			buf[(x >> 8) % len] = (char)odd[(x >> 20) % sizeof(odd)];
		want = ref_prefix(buf, len);
		got = cc_safe_span(buf, len, false);
		/* where the reference stops at a byte >= 0x80 the filter may
		 * go on over valid UTF-8: only ASCII stops are compared */
		if (want < len && (unsigned char)buf[want] >= 0x80)
			continue;
		bad += got != want;
	}
	is_int(bad, 0, "cc_safe_span stops where a byte-wise scan stops");
	ok(cc_safe_span("abcdefgh\x7fijklmnop", 17, false) == 8, "DEL after 8 bytes: 8");
	ok(cc_safe_span("abcdefg\x1b[1mx", 12, true) == 12, "an SGR passes with colour");
	ok(cc_safe_span("abcdefg\x1b[1mx", 12, false) == 7, "and stops without");
	ok(cc_safe_span("0123456789\xc3\xa9xyz", 15, false) == 15, "UTF-8 passes");
}

int main(void)
{
	vmstat_hash();
	round_dec();
	format_helpers();
	safe_prefix();
	return tap_done();
}
