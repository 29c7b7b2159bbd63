/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Minimal TAP helpers for the C unit tests (meson: protocol : 'tap'). */
#ifndef TAP_H
#define TAP_H
#include <inttypes.h>
#include <stdio.h>

static int tap_n, tap_failed;

#define ok(cond, ...) do { \
	tap_n++; \
	if (cond) { printf("ok %d - ", tap_n); } \
	else { printf("not ok %d - ", tap_n); tap_failed++; } \
	printf(__VA_ARGS__); printf("\n"); \
} while (0)

#define is_int(got, want, ...) do { \
	long long g_ = (long long)(got), w_ = (long long)(want); \
	ok(g_ == w_, __VA_ARGS__); \
	if (g_ != w_) printf("#   got %lld, want %lld\n", g_, w_); \
} while (0)

static inline int tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}
#endif
