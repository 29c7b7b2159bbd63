// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * GFP masks as printed by kernels 2.6.19 .. 6.18, read into the abstract
 * flags of gfp.h. The kernel renumbered its ___GFP_* bits many times, so a
 * hex mask means nothing without the layout of the kernel that printed it.
 *
 * Sources (include/linux/gfp.h; from 6.0 include/linux/gfp_types.h), read
 * in these trees: 2.6.24, 3.13, 4.4 (the ___GFP_WAIT -> __GFP_RECLAIM
 * patch), 4.19, 6.6 (gfp_types.h), and the layout table of
 * docs/alloc-failure-reports.md section 4.1/4.2, which was checked against
 * 2.6.19 .. 6.18.35. Boundaries that were placed by commit date only are
 * marked "inferred".
 */
#include "gfp.h"

#include "alloc.h"	/* CC_KVER */

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#define V(a, b) CC_KVER(a, b, 0)		/* first version with a bit */
#define E(a, b) CC_KVER(a, b, 999)	/* last version (all its point releases) */
#define NOW INT_MAX
#define F(x) CC_GFP(x)

/*
 * THE table: which flag a bit meant in which kernels. cfg: the bit exists
 * only with some .config option, or (6.9+) its position depends on which
 * options are on; such bits are named only by the printed flag names.
 */
struct gfp_bit_row {
	uint32_t bit;
	enum cc_gfp_bit flag;
	int from, to;
	bool cfg;
};

static const struct gfp_bit_row bit_rows[] = {
	/* zone modifiers; __GFP_MOVABLE moved to 0x08 in 2.6.31 (b70d94ee438) */
	{ 0x1, CC_GFP_DMA, 0, NOW, false },
	{ 0x2, CC_GFP_HIGHMEM, 0, NOW, false },
	{ 0x4, CC_GFP_DMA32, 0, NOW, false },
	{ 0x8, CC_GFP_MOVABLE, CC_KVER(2, 6, 31), NOW, false },
	/* 4.4 split __GFP_WAIT into DIRECT/KSWAPD_RECLAIM and added
	 * __GFP_ATOMIC ("mm, page_alloc: rename __GFP_WAIT to __GFP_RECLAIM") */
	{ 0x10, CC_GFP_WAIT, 0, E(4, 3), false },
	{ 0x10, CC_GFP_RECLAIMABLE, V(4, 4), NOW, false },
	{ 0x20, CC_GFP_HIGH, 0, NOW, false },
	{ 0x40, CC_GFP_IO, 0, NOW, false },
	{ 0x80, CC_GFP_FS, 0, NOW, false },
	/* __GFP_COLD and __GFP_NOTRACK removed in 4.15 (holes left); the
	 * holes were filled in 4.18 (inferred, Shakeel Butt 2018-05); 5.1
	 * "mm: shuffle GFP_* flags" (inferred, Alexey Dobriyan 2019-01) */
	{ 0x100, CC_GFP_COLD, 0, E(4, 14), false },
	{ 0x100, CC_GFP_WRITE, V(4, 18), E(5, 0), false },
	{ 0x100, CC_GFP_ZERO, V(5, 1), NOW, false },
	{ 0x200, CC_GFP_NOWARN, 0, E(5, 0), false },
	{ 0x200, CC_GFP_ATOMIC, V(5, 1), E(6, 2), false },	/* unused from 6.3 */
	{ 0x400, CC_GFP_REPEAT, 0, E(4, 12), false },
	{ 0x400, CC_GFP_RETRY_MAYFAIL, V(4, 13), E(5, 0), false },
	{ 0x400, CC_GFP_DIRECT_RECLAIM, V(5, 1), NOW, false },
	{ 0x800, CC_GFP_NOFAIL, 0, E(5, 0), false },
	{ 0x800, CC_GFP_KSWAPD_RECLAIM, V(5, 1), NOW, false },
	{ 0x1000, CC_GFP_NORETRY, 0, E(5, 0), false },
	{ 0x1000, CC_GFP_WRITE, V(5, 1), NOW, false },
	{ 0x2000, CC_GFP_NO_GROW, 0, CC_KVER(2, 6, 21), false },
	{ 0x2000, CC_GFP_MEMALLOC, V(3, 6), E(5, 0), false },
	{ 0x2000, CC_GFP_NOWARN, V(5, 1), NOW, false },
	{ 0x4000, CC_GFP_COMP, 0, E(5, 0), false },
	{ 0x4000, CC_GFP_RETRY_MAYFAIL, V(5, 1), NOW, false },
	{ 0x8000, CC_GFP_ZERO, 0, E(5, 0), false },
	{ 0x8000, CC_GFP_NOFAIL, V(5, 1), NOW, false },
	{ 0x10000, CC_GFP_NOMEMALLOC, 0, E(5, 0), false },
	{ 0x10000, CC_GFP_NORETRY, V(5, 1), NOW, false },
	{ 0x20000, CC_GFP_HARDWALL, 0, E(5, 0), false },
	{ 0x20000, CC_GFP_MEMALLOC, V(5, 1), NOW, false },
	{ 0x40000, CC_GFP_THISNODE, 0, E(5, 0), false },
	{ 0x40000, CC_GFP_COMP, V(5, 1), NOW, false },
	/* 2.6.23: __GFP_MOVABLE; 2.6.24 added __GFP_RECLAIMABLE before it */
	{ 0x80000, CC_GFP_MOVABLE, CC_KVER(2, 6, 23), CC_KVER(2, 6, 23), false },
	{ 0x80000, CC_GFP_RECLAIMABLE, CC_KVER(2, 6, 24), E(4, 3), false },
	{ 0x80000, CC_GFP_ATOMIC, V(4, 4), E(5, 0), false },
	{ 0x80000, CC_GFP_NOMEMALLOC, V(5, 1), NOW, false },
	{ 0x100000, CC_GFP_MOVABLE, CC_KVER(2, 6, 24), CC_KVER(2, 6, 30), false },
	{ 0x100000, CC_GFP_KMEMCG, V(3, 8), E(3, 15), false },	/* removed 52383431b37c */
	{ 0x100000, CC_GFP_NOACCOUNT, V(4, 1), E(4, 4), false },
	{ 0x100000, CC_GFP_ACCOUNT, V(4, 5), E(5, 0), false },
	{ 0x100000, CC_GFP_HARDWALL, V(5, 1), NOW, false },
	/* __GFP_NOTRACK: 2.6.31 (2dff440525f) under CONFIG_KMEMCHECK,
	 * unconditional from 3.7 */
	{ 0x200000, CC_GFP_NOTRACK, CC_KVER(2, 6, 31), E(3, 6), true },
	{ 0x200000, CC_GFP_NOTRACK, V(3, 7), E(4, 14), false },
	{ 0x200000, CC_GFP_DIRECT_RECLAIM, V(4, 18), E(5, 0), false },
	{ 0x200000, CC_GFP_THISNODE, V(5, 1), NOW, false },
	{ 0x400000, CC_GFP_NO_KSWAPD, CC_KVER(2, 6, 38), E(4, 3), false },	/* 32dba98e085 */
	{ 0x400000, CC_GFP_DIRECT_RECLAIM, V(4, 4), E(4, 17), false },
	{ 0x400000, CC_GFP_KSWAPD_RECLAIM, V(4, 18), E(5, 0), false },
	{ 0x400000, CC_GFP_ACCOUNT, V(5, 1), NOW, false },
	{ 0x800000, CC_GFP_OTHER_NODE, CC_KVER(2, 6, 39), E(4, 9), false },	/* 78afd5612de */
	{ 0x800000, CC_GFP_WRITE, V(4, 10), E(4, 17), false },
	{ 0x800000, CC_GFP_NOLOCKDEP, V(4, 18), E(5, 12), true },
	{ 0x800000, CC_GFP_ZEROTAGS, V(5, 13), NOW, false },	/* 5.13 or 5.14: unverified */
	{ 0x1000000, CC_GFP_WRITE, V(3, 3), E(4, 9), false },
	{ 0x1000000, CC_GFP_KSWAPD_RECLAIM, V(4, 10), E(4, 17), false },
	/* unconditional in 5.14 .. 5.17 (real reports: GFP_HIGHUSER_MOVABLE =
	 * 0x1100cca); 5.18 unverified */
	{ 0x1000000, CC_GFP_SKIP_KASAN_POISON, V(5, 14), E(5, 18), false },
	{ 0x1000000, CC_GFP_SKIP_ZERO, V(5, 19), E(6, 8), true },
	{ 0x2000000, CC_GFP_KSWAPD_RECLAIM, V(4, 4), E(4, 9), false },
	{ 0x2000000, CC_GFP_NOLOCKDEP, V(4, 12), E(4, 17), true },
	{ 0x2000000, CC_GFP_NOLOCKDEP, V(5, 14), E(5, 18), true },
	{ 0x2000000, CC_GFP_SKIP_KASAN_UNPOISON, V(5, 19), E(6, 3), true },
	{ 0x2000000, CC_GFP_SKIP_KASAN, V(6, 4), E(6, 8), true },
	{ 0x4000000, CC_GFP_SKIP_KASAN_POISON, V(5, 19), E(6, 3), true },
	{ 0x4000000, CC_GFP_NOLOCKDEP, V(6, 4), E(6, 8), true },
	{ 0x8000000, CC_GFP_NOLOCKDEP, V(5, 19), E(6, 3), true },
	/* 6.9+: enum ___GFP_*_BIT gives the bits from 24 on, in this order,
	 * to the enabled options only (gfp_types.h @v6.9.0, v6.12.0): any of
	 * them may sit at any of these positions */
	{ 0x1000000, CC_GFP_SKIP_ZERO, V(6, 9), NOW, true },
	{ 0x1000000, CC_GFP_SKIP_KASAN, V(6, 9), NOW, true },
	{ 0x1000000, CC_GFP_NOLOCKDEP, V(6, 9), NOW, true },
	{ 0x1000000, CC_GFP_NO_OBJ_EXT, V(6, 10), NOW, true },
	{ 0x2000000, CC_GFP_SKIP_KASAN, V(6, 9), NOW, true },
	{ 0x2000000, CC_GFP_NOLOCKDEP, V(6, 9), NOW, true },
	{ 0x2000000, CC_GFP_NO_OBJ_EXT, V(6, 10), NOW, true },
	{ 0x4000000, CC_GFP_NOLOCKDEP, V(6, 9), NOW, true },
	{ 0x4000000, CC_GFP_NO_OBJ_EXT, V(6, 10), NOW, true },
	{ 0x8000000, CC_GFP_NO_OBJ_EXT, V(6, 10), NOW, true },
};

/* Single-flag names, in the order %pGg prints leftovers
 * (include/trace/events/mmflags.h __def_gfpflag_names, 4.6 .. 6.18) */
static const char *const bit_names[CC_GFP__N] = {
	[CC_GFP_DMA] = "GFP_DMA",
	[CC_GFP_HIGHMEM] = "__GFP_HIGHMEM",
	[CC_GFP_DMA32] = "GFP_DMA32",
	[CC_GFP_MOVABLE] = "__GFP_MOVABLE",
	[CC_GFP_RECLAIMABLE] = "__GFP_RECLAIMABLE",
	[CC_GFP_HIGH] = "__GFP_HIGH",
	[CC_GFP_IO] = "__GFP_IO",
	[CC_GFP_FS] = "__GFP_FS",
	[CC_GFP_ZERO] = "__GFP_ZERO",
	[CC_GFP_ATOMIC] = "__GFP_ATOMIC",
	[CC_GFP_DIRECT_RECLAIM] = "__GFP_DIRECT_RECLAIM",
	[CC_GFP_KSWAPD_RECLAIM] = "__GFP_KSWAPD_RECLAIM",
	[CC_GFP_WAIT] = "__GFP_WAIT",
	[CC_GFP_NO_KSWAPD] = "__GFP_NO_KSWAPD",
	[CC_GFP_WRITE] = "__GFP_WRITE",
	[CC_GFP_NOWARN] = "__GFP_NOWARN",
	[CC_GFP_REPEAT] = "__GFP_REPEAT",
	[CC_GFP_RETRY_MAYFAIL] = "__GFP_RETRY_MAYFAIL",
	[CC_GFP_NOFAIL] = "__GFP_NOFAIL",
	[CC_GFP_NORETRY] = "__GFP_NORETRY",
	[CC_GFP_MEMALLOC] = "__GFP_MEMALLOC",
	[CC_GFP_COMP] = "__GFP_COMP",
	[CC_GFP_NOMEMALLOC] = "__GFP_NOMEMALLOC",
	[CC_GFP_HARDWALL] = "__GFP_HARDWALL",
	[CC_GFP_THISNODE] = "__GFP_THISNODE",
	[CC_GFP_ACCOUNT] = "__GFP_ACCOUNT",
	[CC_GFP_COLD] = "__GFP_COLD",
	[CC_GFP_NOTRACK] = "__GFP_NOTRACK",
	[CC_GFP_OTHER_NODE] = "__GFP_OTHER_NODE",
	[CC_GFP_NOLOCKDEP] = "__GFP_NOLOCKDEP",
	[CC_GFP_NO_GROW] = "__GFP_NO_GROW",
	[CC_GFP_KMEMCG] = "__GFP_KMEMCG",
	[CC_GFP_NOACCOUNT] = "__GFP_NOACCOUNT",
	[CC_GFP_ZEROTAGS] = "__GFP_ZEROTAGS",
	[CC_GFP_SKIP_ZERO] = "__GFP_SKIP_ZERO",
	[CC_GFP_SKIP_KASAN] = "__GFP_SKIP_KASAN",
	[CC_GFP_SKIP_KASAN_POISON] = "__GFP_SKIP_KASAN_POISON",
	[CC_GFP_SKIP_KASAN_UNPOISON] = "__GFP_SKIP_KASAN_UNPOISON",
	[CC_GFP_NO_OBJ_EXT] = "__GFP_NO_OBJ_EXT",
};

/* leftover single flags in printing order (mmflags.h, with the old ones) */
static const enum cc_gfp_bit single_order[] = {
	CC_GFP_DMA, CC_GFP_HIGHMEM, CC_GFP_DMA32,
	CC_GFP_HIGH, CC_GFP_ATOMIC, CC_GFP_WAIT, CC_GFP_IO, CC_GFP_FS,
	CC_GFP_COLD, CC_GFP_NOWARN, CC_GFP_REPEAT, CC_GFP_RETRY_MAYFAIL,
	CC_GFP_NOFAIL, CC_GFP_NORETRY, CC_GFP_COMP, CC_GFP_ZERO,
	CC_GFP_NOMEMALLOC, CC_GFP_MEMALLOC, CC_GFP_HARDWALL, CC_GFP_THISNODE,
	CC_GFP_RECLAIMABLE, CC_GFP_MOVABLE, CC_GFP_ACCOUNT, CC_GFP_NOACCOUNT,
	CC_GFP_KMEMCG, CC_GFP_NOTRACK, CC_GFP_WRITE, CC_GFP_DIRECT_RECLAIM,
	CC_GFP_KSWAPD_RECLAIM, CC_GFP_NO_KSWAPD, CC_GFP_OTHER_NODE,
	CC_GFP_NO_GROW, CC_GFP_ZEROTAGS, CC_GFP_SKIP_ZERO, CC_GFP_SKIP_KASAN,
	CC_GFP_SKIP_KASAN_POISON, CC_GFP_SKIP_KASAN_UNPOISON,
	CC_GFP_NOLOCKDEP, CC_GFP_NO_OBJ_EXT,
};

/* Composite definitions by version, in %pGg order (mmflags.h): the first
 * whose flags are all set is printed and its flags consumed. */
struct gfp_composite {
	const char *name;
	cc_gfp_t flags;
	int from, to;
};

#define R_OLD F(WAIT)				/* <= 4.3: one reclaim bit */
#define R_NEW (F(DIRECT_RECLAIM) | F(KSWAPD_RECLAIM))	/* __GFP_RECLAIM */
#define KERNEL_OLD (R_OLD | F(IO) | F(FS))
#define KERNEL_NEW (R_NEW | F(IO) | F(FS))
#define HUM_OLD (KERNEL_OLD | F(HARDWALL) | F(HIGHMEM) | F(MOVABLE))
#define HUM_NEW (KERNEL_NEW | F(HARDWALL) | F(HIGHMEM) | F(MOVABLE))
#define HUM_514 (HUM_NEW | F(SKIP_KASAN_POISON))
#define THP_LIGHT(hum) (((hum) | F(COMP) | F(NOMEMALLOC) | F(NOWARN)) & ~R_NEW)

static const struct gfp_composite composites[] = {
	{ "GFP_TRANSHUGE", HUM_OLD | F(COMP) | F(NOMEMALLOC) | F(NORETRY) |
	  F(NOWARN) | F(NO_KSWAPD), CC_KVER(2, 6, 38), E(4, 3) },
	{ "GFP_TRANSHUGE", (HUM_NEW | F(COMP) | F(NOMEMALLOC) | F(NORETRY) |
	  F(NOWARN)) & ~F(KSWAPD_RECLAIM), V(4, 4), E(4, 5) },
	{ "GFP_TRANSHUGE", (HUM_NEW | F(COMP) | F(NOMEMALLOC) | F(NORETRY) |
	  F(NOWARN)) & ~R_NEW, V(4, 6), E(4, 7) },
	{ "GFP_TRANSHUGE", THP_LIGHT(HUM_NEW) | F(DIRECT_RECLAIM), V(4, 8), E(5, 13) },
	{ "GFP_TRANSHUGE", THP_LIGHT(HUM_514) | F(DIRECT_RECLAIM), V(5, 14), E(5, 18) },
	{ "GFP_TRANSHUGE", THP_LIGHT(HUM_NEW) | F(DIRECT_RECLAIM), V(5, 19), NOW },
	{ "GFP_TRANSHUGE_LIGHT", THP_LIGHT(HUM_NEW), V(4, 8), E(5, 13) },
	{ "GFP_TRANSHUGE_LIGHT", THP_LIGHT(HUM_514), V(5, 14), E(5, 18) },
	{ "GFP_TRANSHUGE_LIGHT", THP_LIGHT(HUM_NEW), V(5, 19), NOW },
	{ "GFP_HIGHUSER_MOVABLE", HUM_OLD, 0, E(4, 3) },
	{ "GFP_HIGHUSER_MOVABLE", HUM_NEW, V(4, 4), E(5, 13) },
	{ "GFP_HIGHUSER_MOVABLE", HUM_514, V(5, 14), E(5, 18) },
	{ "GFP_HIGHUSER_MOVABLE", HUM_NEW, V(5, 19), NOW },
	{ "GFP_HIGHUSER", KERNEL_OLD | F(HARDWALL) | F(HIGHMEM), 0, E(4, 3) },
	{ "GFP_HIGHUSER", KERNEL_NEW | F(HARDWALL) | F(HIGHMEM), V(4, 4), NOW },
	{ "GFP_USER", KERNEL_OLD | F(HARDWALL), 0, E(4, 3) },
	{ "GFP_USER", KERNEL_NEW | F(HARDWALL), V(4, 4), NOW },
	{ "GFP_TEMPORARY", KERNEL_OLD | F(RECLAIMABLE), CC_KVER(2, 6, 24), E(4, 3) },
	{ "GFP_TEMPORARY", KERNEL_NEW | F(RECLAIMABLE), V(4, 4), E(4, 13) },
	{ "GFP_KERNEL_ACCOUNT", KERNEL_NEW | F(ACCOUNT), V(4, 5), NOW },
	{ "GFP_KERNEL", KERNEL_OLD, 0, E(4, 3) },
	{ "GFP_KERNEL", KERNEL_NEW, V(4, 4), NOW },
	{ "GFP_NOFS", R_OLD | F(IO), 0, E(4, 3) },
	{ "GFP_NOFS", R_NEW | F(IO), V(4, 4), NOW },
	/* GFP_ATOMIC: __GFP_HIGH (<= 4.3); + __GFP_ATOMIC|__GFP_KSWAPD_RECLAIM
	 * (4.4 .. 6.2); __GFP_ATOMIC discarded in 6.3 */
	{ "GFP_ATOMIC", F(HIGH), 0, E(4, 3) },
	{ "GFP_ATOMIC", F(HIGH) | F(ATOMIC) | F(KSWAPD_RECLAIM), V(4, 4), E(6, 2) },
	{ "GFP_ATOMIC", F(HIGH) | F(KSWAPD_RECLAIM), V(6, 3), NOW },
	{ "GFP_NOIO", R_OLD, 0, E(4, 3) },
	{ "GFP_NOIO", R_NEW, V(4, 4), NOW },
	/* GFP_NOWAIT was 0 before 4.4 (never printed); gained __GFP_NOWARN
	 * between 6.5 and 6.8 (unverified which) */
	{ "GFP_NOWAIT", F(KSWAPD_RECLAIM), V(4, 4), E(6, 7) },
	{ "GFP_NOWAIT", F(KSWAPD_RECLAIM) | F(NOWARN), V(6, 8), NOW },
	{ "__GFP_RECLAIM", R_NEW, V(4, 4), NOW },
};

static bool active(int from, int to, int kv)
{
	return kv >= from && kv <= to;
}

void cc_kver_format(int kv, char *buf, size_t n)
{
	int a = kv / 1000000, b = kv / 1000 % 1000, c = kv % 1000;

	if (a == 2)
		snprintf(buf, n, "%d.%d.%d", a, b, c);
	else
		snprintf(buf, n, "%d.%d", a, b);
}

const char *cc_gfp_bit_name(enum cc_gfp_bit b)
{
	return (unsigned)b < CC_GFP__N && bit_names[b] ? bit_names[b] : "?";
}

static void decode_with(uint64_t mask, int kv, struct cc_gfp_decoded *d)
{
	uint64_t covered = 0;
	size_t i;

	d->flags = 0;
	d->config = 0;
	for (i = 0; i < sizeof(bit_rows) / sizeof(bit_rows[0]); i++) {
		const struct gfp_bit_row *r = &bit_rows[i];

		if (!(mask & r->bit) || !active(r->from, r->to, kv))
			continue;
		covered |= r->bit;
		if (r->cfg)
			d->config |= r->bit;
		else
			d->flags |= (cc_gfp_t)1 << r->flag;
	}
	d->unknown = mask & ~covered;
	d->layout = kv;
}

/* Flags a config-dependent bit may stand for in kernel kv */
static cc_gfp_t config_candidates(uint64_t bit, int kv)
{
	cc_gfp_t c = 0;
	size_t i;

	for (i = 0; i < sizeof(bit_rows) / sizeof(bit_rows[0]); i++)
		if (bit_rows[i].bit == bit && bit_rows[i].cfg &&
		    active(bit_rows[i].from, bit_rows[i].to, kv))
			c |= (cc_gfp_t)1 << bit_rows[i].flag;
	return c;
}

static cc_gfp_t all_config_flags(int kv)
{
	cc_gfp_t c = 0;
	size_t i;

	for (i = 0; i < sizeof(bit_rows) / sizeof(bit_rows[0]); i++)
		if (bit_rows[i].cfg && active(bit_rows[i].from, bit_rows[i].to, kv))
			c |= (cc_gfp_t)1 << bit_rows[i].flag;
	return c;
}

/* One printed name ("GFP_KERNEL", "__GFP_COMP") in the definitions of kv;
 * false for names we do not know (and hex leftovers). */
static bool name_flags(const char *name, size_t len, int kv, cc_gfp_t *out)
{
	size_t i;
	int b;

	for (i = 0; i < sizeof(composites) / sizeof(composites[0]); i++)
		if (strlen(composites[i].name) == len &&
		    !strncmp(composites[i].name, name, len) &&
		    active(composites[i].from, composites[i].to, kv)) {
			*out = composites[i].flags;
			return true;
		}
	for (b = 0; b < CC_GFP__N; b++)
		if (bit_names[b] && strlen(bit_names[b]) == len &&
		    !strncmp(bit_names[b], name, len)) {
			*out = (cc_gfp_t)1 << b;
			return true;
		}
	return false;
}

/* The printed names as flags; *unknown_names counts names we could not
 * place (a name of another era, or a vendor flag). */
static cc_gfp_t names_to_flags(const char *printed, int kv, int *unknown_names)
{
	cc_gfp_t all = 0, f;
	const char *p = printed;

	*unknown_names = 0;
	while (p && *p) {
		size_t len = strcspn(p, "|");

		if (len && strncmp(p, "0x", 2)) {
			if (name_flags(p, len, kv, &f))
				all |= f;
			else
				(*unknown_names)++;
		}
		p += len;
		if (*p == '|')
			p++;
	}
	return all;
}

/* Apply the printed names: they name config-dependent bits, and tell
 * whether the layout agrees. */
static void apply_names(const char *printed, struct cc_gfp_decoded *d)
{
	cc_gfp_t named, cfgf = all_config_flags(d->layout);
	uint64_t bit;
	int unknown;

	named = names_to_flags(printed, d->layout, &unknown);
	for (bit = 1; bit && bit <= d->config; bit <<= 1) {
		cc_gfp_t cand;

		if (!(d->config & bit))
			continue;
		cand = config_candidates(bit, d->layout) & named;
		if (cand & (cand - 1))	/* two candidates named: cannot tell */
			continue;
		if (cand) {
			d->flags |= cand;
			d->config &= ~bit;
		}
	}
	d->names_agree = !unknown && (named & ~cfgf) == (d->flags & ~cfgf);
}

/* The distinct layouts since names are printed (4.6), newest first: tried
 * in turn when the kernel version is unknown. */
static const struct { int from, to; } named_eras[] = {
	{ V(6, 10), NOW }, { V(6, 9), E(6, 9) }, { V(6, 4), E(6, 8) },
	{ V(6, 3), E(6, 3) }, { V(5, 19), E(6, 2) }, { V(5, 14), E(5, 18) },
	{ V(5, 13), E(5, 13) }, { V(5, 1), E(5, 12) }, { V(4, 18), E(5, 0) },
	{ V(4, 15), E(4, 17) }, { V(4, 13), E(4, 14) }, { V(4, 12), E(4, 12) },
	{ V(4, 10), E(4, 11) }, { V(4, 8), E(4, 9) }, { V(4, 6), E(4, 7) },
};

/* Reports print only hex before 4.6; most such reports are from 3.x */
#define ASSUMED_HEX_ONLY V(3, 10)

void cc_gfp_decode(uint64_t mask, int kv, const char *printed,
		   struct cc_gfp_decoded *d)
{
	bool have_names = printed && *printed;
	struct cc_gfp_decoded t;
	int newest = 0;
	size_t i;

	memset(d, 0, sizeof(*d));
	if (kv) {
		decode_with(mask, kv, d);
		d->names_agree = true;
		if (have_names)
			apply_names(printed, d);
		d->layout_to = kv;
		return;
	}
	if (!have_names) {
		decode_with(mask, ASSUMED_HEX_ONLY, d);
		d->names_agree = true;
		d->assumed = true;
		d->layout_to = ASSUMED_HEX_ONLY;
		return;
	}
	/* newest first: the run of eras that agree with the names; the
	 * layout is named by the oldest of them (the decode is the same) */
	for (i = 0; i < sizeof(named_eras) / sizeof(named_eras[0]); i++) {
		decode_with(mask, named_eras[i].from, &t);
		apply_names(printed, &t);
		if (t.names_agree && !t.unknown) {
			if (!newest)
				newest = named_eras[i].to;
			*d = t;
		} else if (newest) {
			break;
		}
	}
	if (!newest) {
		decode_with(mask, named_eras[0].from, d);
		apply_names(printed, d);
		newest = named_eras[0].to;
	}
	d->assumed = true;
	d->layout_to = newest == NOW ? 0 : newest;
}

static void append(char *buf, size_t n, size_t *len, const char *s)
{
	int r;

	if (*len >= n)
		return;
	r = snprintf(buf + *len, n - *len, "%s%s", *len ? "|" : "", s);
	if (r > 0)
		*len += (size_t)r;
}

void cc_gfp_format(cc_gfp_t flags, int kv, char *buf, size_t n)
{
	size_t len = 0, i;

	if (!n)
		return;
	buf[0] = '\0';
	if (!kv)
		kv = ASSUMED_HEX_ONLY;
	for (i = 0; i < sizeof(composites) / sizeof(composites[0]); i++) {
		const struct gfp_composite *c = &composites[i];

		if (c->flags && active(c->from, c->to, kv) &&
		    (flags & c->flags) == c->flags) {
			append(buf, n, &len, c->name);
			flags &= ~c->flags;
		}
	}
	for (i = 0; i < sizeof(single_order) / sizeof(single_order[0]); i++)
		if (flags & ((cc_gfp_t)1 << single_order[i]))
			append(buf, n, &len, bit_names[single_order[i]]);
	if (!len)
		snprintf(buf, n, "none");
}
