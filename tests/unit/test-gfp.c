// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * gfp.c against masks decoded by hand from the layout table
 * (docs/alloc-failure-reports.md section 4.1; the bit of each flag is in
 * the comment) and the masks of real reports (section 4.6).
 */
#include <string.h>

#include "alloc.h"
#include "gfp.h"
#include "tap.h"

#define K(a, b, c) CC_KVER(a, b, c)

static void names(uint64_t mask, int kv, const char *printed, const char *want,
		  const char *what)
{
	struct cc_gfp_decoded d;
	char buf[256];

	cc_gfp_decode(mask, kv, printed, &d);
	cc_gfp_format(d.flags, d.layout, buf, sizeof(buf));
	ok(!strcmp(buf, want) && !d.unknown, "%s: 0x%llx is %s", what,
	   (unsigned long long)mask, want);
	if (strcmp(buf, want) || d.unknown)
		printf("#   got %s, unknown bits 0x%llx\n", buf, (unsigned long long)d.unknown);
}

int main(void)
{
	struct cc_gfp_decoded d;
	char buf[64];

	/* 2.6.31: 0x8000 ZERO + 0x20 HIGH; GFP_ATOMIC was __GFP_HIGH */
	names(0x8020, K(2, 6, 31), NULL, "GFP_ATOMIC|__GFP_ZERO", "2.6.31 e100");
	/* 3.2: 0x20 HIGH */
	names(0x20, K(3, 2, 0), NULL, "GFP_ATOMIC", "3.2 e1000e");
	/* 2.6.38: 0x4000 COMP + 0x20 HIGH */
	names(0x4020, K(2, 6, 38), NULL, "GFP_ATOMIC|__GFP_COMP", "2.6.38 slab");
	/* 4.1: 0x200000 NOTRACK, 0x80 FS, 0x40 IO, 0x10 WAIT, 0x1 DMA */
	names(0x2000d1, K(4, 1, 18), NULL, "GFP_KERNEL|GFP_DMA|__GFP_NOTRACK", "4.1 hi3650");
	/* 3.13: 0x100000 KMEMCG, 0x8000 ZERO, 0x4000 COMP, 0xd0 GFP_KERNEL */
	names(0x10c0d0, K(3, 13, 0), NULL, "GFP_KERNEL|__GFP_COMP|__GFP_ZERO|__GFP_KMEMCG",
	      "3.13 kmemcg");
	/* 4.6: 0x2000000 KSWAPD_RECLAIM (= GFP_NOWAIT), 0x200000 NOTRACK, 0x20 HIGH */
	names(0x2200020, K(4, 6, 0), "GFP_NOWAIT|__GFP_HIGH|__GFP_NOTRACK",
	      "GFP_NOWAIT|__GFP_HIGH|__GFP_NOTRACK", "4.6 rtl8169");
	/* 4.9: 0x2000000 KSWAPD, 0x400000 DIRECT, 0x20000 HARDWALL, 0x8000 ZERO,
	 * 0xc0 IO|FS, 0x8 MOVABLE, 0x2 HIGHMEM */
	names(0x24280ca, K(4, 9, 0), "GFP_HIGHUSER_MOVABLE|__GFP_ZERO",
	      "GFP_HIGHUSER_MOVABLE|__GFP_ZERO", "4.9 cpuset01");
	/* 4.4: 0x2000000 KSWAPD + 0x80000 ATOMIC + 0x20 HIGH = GFP_ATOMIC; 0x4000
	 * COMP, 0x100 COLD */
	names(0x2084120, K(4, 4, 0), NULL, "GFP_ATOMIC|__GFP_COLD|__GFP_COMP", "4.4 atomic");
	/* 4.10: 0x1000000 KSWAPD, 0x400000 DIRECT, 0x200000 NOTRACK, 0x4000 COMP */
	names(0x16040c0, K(4, 10, 0), "GFP_KERNEL|__GFP_COMP|__GFP_NOTRACK",
	      "GFP_KERNEL|__GFP_COMP|__GFP_NOTRACK", "4.10 kthreadd");
	/* 5.4: 0x800 KSWAPD, 0x200 ATOMIC, 0x20 HIGH */
	names(0xa20, K(5, 4, 161), "GFP_ATOMIC", "GFP_ATOMIC", "5.4 system_server");
	/* 6.9: GFP_ATOMIC lost __GFP_ATOMIC in 6.3: 0x800 KSWAPD + 0x20 HIGH */
	names(0x820, K(6, 9, 0), "GFP_ATOMIC", "GFP_ATOMIC", "6.9 slub");
	/* 6.8: 0x40000 COMP, 0x800 KSWAPD, 0x400 DIRECT */
	names(0x40c00, K(6, 8, 0), "GFP_NOIO|__GFP_COMP", "GFP_NOIO|__GFP_COMP", "6.8 ath11k");
	names(0xcc1, K(6, 8, 0), "GFP_KERNEL|GFP_DMA", "GFP_KERNEL|GFP_DMA", "6.8 dma pool");
	/* 5.15: GFP_HIGHUSER_MOVABLE carried __GFP_SKIP_KASAN_POISON at 0x1000000 */
	names(0x1100cca, K(5, 15, 0), "GFP_HIGHUSER_MOVABLE", "GFP_HIGHUSER_MOVABLE",
	      "5.15 page cache");

	/* the same bits on 4.12 .. 4.17: 0x2000000 is __GFP_NOLOCKDEP (only
	 * with CONFIG_LOCKDEP), so no KSWAPD and not GFP_ATOMIC */
	cc_gfp_decode(0x2084120, K(4, 12, 0), NULL, &d);
	ok(d.config == 0x2000000 && !(d.flags & CC_GFP(KSWAPD_RECLAIM)),
	   "4.12: 0x2000000 depends on the config, is no kswapd bit");
	/* with the name printed it is named */
	cc_gfp_decode(0x2000000 | 0x14000c0, K(4, 12, 0), "GFP_KERNEL|__GFP_NOLOCKDEP", &d);
	ok(!d.config && (d.flags & CC_GFP(NOLOCKDEP)) && d.names_agree,
	   "4.12: a printed __GFP_NOLOCKDEP names the config bit");
	/* 4.15 .. 4.17 left holes where COLD (0x100) and NOTRACK were */
	cc_gfp_decode(0x100 | 0x14000c0, K(4, 16, 0), NULL, &d);
	is_int(d.unknown, 0x100, "4.16: 0x100 is a hole");
	/* names that contradict the version's layout */
	cc_gfp_decode(0x40cc0, K(4, 9, 0), "GFP_KERNEL|__GFP_COMP", &d);
	ok(!d.names_agree, "4.9 layout and 5.x names of 0x40cc0 disagree");

	/* unknown version: hex only -> the 3.10 layout, assumed */
	cc_gfp_decode(0x20, 0, NULL, &d);
	ok(d.assumed && d.layout == K(3, 10, 0) && d.flags == CC_GFP(HIGH),
	   "no version, no names: 3.10 layout assumed");
	/* unknown version with names: the run of layouts that agree, 5.1 .. */
	cc_gfp_decode(0x40cc0, 0, "GFP_KERNEL|__GFP_COMP", &d);
	ok(d.assumed && d.layout == K(5, 1, 0) && d.layout_to == 0 && d.names_agree,
	   "no version: 0x40cc0 GFP_KERNEL|__GFP_COMP fits the layouts from 5.1");
	cc_gfp_decode(0x24280ca, 0, "GFP_HIGHUSER_MOVABLE|__GFP_ZERO", &d);
	ok(d.assumed && d.layout == K(4, 6, 0) && d.layout_to == K(4, 9, 999),
	   "no version: 0x24280ca fits the 4.6-4.9 layouts");
	cc_gfp_decode(0xa20, 0, "GFP_ATOMIC", &d);
	ok(d.layout == K(5, 1, 0) && d.layout_to == K(6, 2, 999),
	   "no version: 0xa20 GFP_ATOMIC fits 5.1 .. 6.2 (__GFP_ATOMIC)");

	cc_kver_format(K(2, 6, 31), buf, sizeof(buf));
	ok(!strcmp(buf, "2.6.31"), "2.6.x versions keep the point release");
	cc_kver_format(K(6, 8, 0), buf, sizeof(buf));
	ok(!strcmp(buf, "6.8"), "later versions are major.minor");
	return tap_done();
}
