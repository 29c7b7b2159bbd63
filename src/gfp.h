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
	CC_GFP__N		/* gfp.c may add names before this */
};

typedef uint64_t cc_gfp_t;	/* a set of (1ull << enum cc_gfp_bit) */

#define CC_GFP(b) ((cc_gfp_t)1 << CC_GFP_##b)

#endif
