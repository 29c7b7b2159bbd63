/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared between alloc-rules.c and alloc.c only. */
#ifndef COMPACTCTL_ALLOC_INTERNAL_H
#define COMPACTCTL_ALLOC_INTERNAL_H

#include "alloc.h"

enum alloc_rule {
	R_CMA_FREE,		/* free CMA pages unusable without ALLOC_CMA */
	R_ATOMIC_NO_KSWAPD,	/* <4.4: ALLOC_HARDER <- !(__GFP_WAIT|__GFP_NO_KSWAPD) */
	R_RECLAIM_BITS,		/* __GFP_DIRECT_RECLAIM / __GFP_KSWAPD_RECLAIM */
	R_FREE_LISTS,		/* (B) by free lists; HighAtomic exists */
	R_THP_LIGHT,		/* GFP_TRANSHUGE_LIGHT, the 5-value defrag table */
	R_FAST_ORDER0,		/* zone_watermark_fast's order-0 shortcut */
	R_COMPACT_COSTLY_GATE,	/* fragindex gate for k > 3 only; min mark k <= 3 */
	R_COMPACT_IO_ONLY,	/* direct compaction needs __GFP_IO, not __GFP_FS */
	R_RETRY_MAYFAIL,	/* __GFP_RETRY_MAYFAIL replaces __GFP_REPEAT */
	R_HA_LIST_ONLY,		/* HARDER may use the HighAtomic list only */
	R_ZONELIST_MANAGED,	/* zonelists hold managed (not populated) zones */
	R_NOFRAGMENT,		/* ALLOC_KSWAPD, ALLOC_NOFRAGMENT, watermark boost */
	R_HZ_GFP_ZONE,		/* lowmem_reserve[gfp_zone()] (else preferred zone) */
	R_BOOST_RETRY,		/* order-0 __GFP_HIGH retry without the boost */
	R_FAST_UNUSABLE,	/* order-0 shortcut subtracts HighAtomic too */
	R_ZONELIST_POPULATED,	/* back to populated zones */
	R_ALLOC_RESERVES,	/* MIN_RESERVE / NON_BLOCK / HIGHATOMIC rework */
	R_FREE_HIGHATOMIC,	/* HA term = nr_free_highatomic */
	R_DEFRAG_MODE,		/* vm.defrag_mode */
	R_HIGHATOMIC_NEEDS_HIGH,	/* ALLOC_HIGHATOMIC only with MIN_RESERVE */
	R__N
};

/* the system's kernel (or the newest, when unknown) follows rule r */
bool cc_alloc_rule(const struct cc_alloc_system *sys, enum alloc_rule r);
/* free-list orders, clamped to 1 .. CC_ALLOC_MAX_ORDERS */
int cc_alloc_norders(const struct cc_alloc_system *sys);
/* CONFIG_CMA and a kernel that accounts free CMA pages */
bool cc_alloc_cma_on(const struct cc_alloc_system *sys);
/* vm.defrag_mode on a kernel that has it */
bool cc_alloc_defrag_mode(const struct cc_alloc_system *sys);

#endif
