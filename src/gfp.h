/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * GFP flags independent of any kernel's bit layout. The kernel renumbered
 * its __GFP_* bits many times (include/linux/gfp.h, gfp_types.h); reports
 * from kernels before 4.6 print only the hex mask. A mask is therefore read
 * with the layout of its kernel version into this abstract set (gfp.c), and
 * every decision (alloc.c) is taken on the abstract set, never on raw bits.
 */
#ifndef COMPACTCTL_GFP_H
#define COMPACTCTL_GFP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One bit per __GFP_ flag name any kernel has had (2.6 .. 6.18). */
enum cc_gfp_bit {
	CC_GFP_DMA,
	CC_GFP_HIGHMEM,
	CC_GFP_DMA32,
	CC_GFP_MOVABLE,
	CC_GFP_RECLAIMABLE,
	CC_GFP_HIGH,
	CC_GFP_IO,
	CC_GFP_FS,
	CC_GFP_ZERO,
	CC_GFP_ATOMIC,		/* 4.4 .. 6.2 */
	CC_GFP_DIRECT_RECLAIM,	/* >= 4.4 */
	CC_GFP_KSWAPD_RECLAIM,	/* >= 4.4 */
	CC_GFP_WAIT,		/* <= 4.3: both reclaim bits in one */
	CC_GFP_NO_KSWAPD,	/* 3.x .. 4.3 */
	CC_GFP_WRITE,
	CC_GFP_NOWARN,
	CC_GFP_REPEAT,		/* <= 4.12 */
	CC_GFP_RETRY_MAYFAIL,	/* >= 4.13 */
	CC_GFP_NOFAIL,
	CC_GFP_NORETRY,
	CC_GFP_MEMALLOC,
	CC_GFP_COMP,
	CC_GFP_NOMEMALLOC,
	CC_GFP_HARDWALL,
	CC_GFP_THISNODE,
	CC_GFP_ACCOUNT,
	CC_GFP_COLD,		/* <= 4.14 */
	CC_GFP_NOTRACK,		/* <= 4.14 */
	CC_GFP_OTHER_NODE,
	CC_GFP_NOLOCKDEP,
	/* added for reading reports (gfp.c): rare or config-dependent bits */
	CC_GFP_NO_GROW,		/* <= 2.6.21 */
	CC_GFP_KMEMCG,		/* 3.8 .. 3.15 */
	CC_GFP_NOACCOUNT,	/* 4.1 .. 4.4 */
	CC_GFP_ZEROTAGS,	/* >= 5.13 */
	CC_GFP_SKIP_ZERO,	/* >= 5.19, CONFIG_KASAN_HW_TAGS */
	CC_GFP_SKIP_KASAN,	/* >= 6.4, CONFIG_KASAN_HW_TAGS */
	CC_GFP_SKIP_KASAN_POISON,	/* 5.14 .. 6.3 */
	CC_GFP_SKIP_KASAN_UNPOISON,	/* 5.19 .. 6.3 */
	CC_GFP_NO_OBJ_EXT,	/* >= 6.10, CONFIG_SLAB_OBJ_EXT */
	CC_GFP__N		/* gfp.c may add names before this */
};

typedef uint64_t cc_gfp_t;	/* a set of (1ull << enum cc_gfp_bit) */

#define CC_GFP(b) ((cc_gfp_t)1 << CC_GFP_##b)

/* ---- reading a mask printed by a kernel (gfp.c) ---- */

/* Kernel versions are alloc.h's CC_KVER() numbers (cc_kver_parse there). */
/* "4.6" (or "2.6.31") for a CC_KVER */
void cc_kver_format(int kv, char *buf, size_t n);

struct cc_gfp_decoded {
	cc_gfp_t flags;		/* the abstract flags */
	uint64_t unknown;	/* set bits no flag of the layout explains */
	uint64_t config;	/* set bits whose flag depends on the kernel's
				 * .config and that no printed name explained */
	int layout;		/* CC_KVER of the kernel whose layout was used: the
				 * first with it when the version was inferred */
	int layout_to;		/* the newest kernel with that layout (inferred;
				 * 0: it is still current) */
	bool assumed;		/* the version was unknown: layout assumed */
	bool names_agree;	/* the printed names say the same (or none) */
};

/* Decode a hex mask with the layout of kernel kv (CC_KVER, 0: unknown). printed is
 * the "(GFP_KERNEL|__GFP_COMP)" part without parentheses, or NULL. When
 * the version is unknown, the newest layout whose names agree with the
 * printed ones is used (layout .. layout_to: the kernels that share it);
 * without names, the 3.10 layout (reports print only hex before 4.6, and
 * 2.6.31-4.3 share the bits that matter) is assumed. */
void cc_gfp_decode(uint64_t mask, int kv, const char *printed,
		   struct cc_gfp_decoded *d);

/* Names as the kernel's %pGg prints them (composites first, greedy),
 * with the definitions of kernel kv: "GFP_ATOMIC|__GFP_ZERO". */
void cc_gfp_format(cc_gfp_t flags, int kv, char *buf, size_t n);
/* "__GFP_COMP" */
const char *cc_gfp_bit_name(enum cc_gfp_bit b);

#endif
