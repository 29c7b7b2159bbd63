// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The model's lookups that replaced scans (model.c): the vmstat counters'
 * name hash, through its growth, with duplicates refused; and the libm-free
 * rounding of format.c.
 */
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

int main(void)
{
	vmstat_hash();
	round_dec();
	return tap_done();
}
