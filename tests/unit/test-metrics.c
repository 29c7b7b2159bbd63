// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The formulas against numbers worked by hand (kernel-interfaces.md §2.7,
 * live snapshot A on 6.18, checked there against debugfs) and the edge cases
 * of mm/vmstat.c and mm/compaction.c.
 */
#include <string.h>

#include "metrics.h"
#include "tap.h"

/* Snapshot A, 11 orders (x86-64) */
static const uint64_t normal_a[11] = { 1302302, 3404, 1102, 545, 420, 239, 172, 116, 79, 78, 398 };
static const uint64_t dma32_a[11] = { 1, 1, 4, 2, 5, 4, 3, 3, 4, 2, 752 };
static const uint64_t dma_a[11] = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 3 };

static int U(const uint64_t *n, int norders, int k)
{
	struct cc_contig ci;

	cc_contig_info(n, norders, k, &ci);
	return cc_unusable_index(&ci, k);
}

static int F(const uint64_t *n, int norders, int k)
{
	struct cc_contig ci;

	cc_contig_info(n, norders, k, &ci);
	return cc_fragmentation_index(&ci, k, norders - 1);
}

static int E(const uint64_t *n, int norders, int k)
{
	struct cc_contig ci;

	cc_contig_info(n, norders, k, &ci);
	return cc_extfrag_for_order(&ci, k);
}

static void worked_example(void)
{
	static const int debugfs_normal[11] = { 0, 713, 717, 719, 721, 725, 729, 735, 743, 754, 776 };
	struct cc_contig ci;
	int k;

	cc_contig_info(normal_a, 11, 9, &ci);
	is_int(ci.free_pages, 1825814, "§2.7 Normal FP = 1,825,814");
	is_int(ci.free_blocks, 1308855, "§2.7 Normal NB = 1,308,855");
	is_int(ci.suitable, 874, "§2.7 S_9 = 78 + 2*398 = 874");
	is_int(U(normal_a, 11, 9), 754, "§2.7 U_9 = floor(1000*1378326/1825814) = 754");
	is_int(U(normal_a, 11, 1), 713, "§2.7 U_1 = 713");
	for (k = 0; k < 11; k++)
		is_int(U(normal_a, 11, k), debugfs_normal[k],
		       "§2.7 U_%d equals the debugfs line", k);
	for (k = 0; k < 11; k++)
		is_int(F(normal_a, 11, k), -1000, "§2.7 F_%d = -1000 (an order-10 block exists)", k);

	is_int(E(normal_a, 11, 9), 75, "§2.7 E_Normal = 75");
	is_int(E(dma32_a, 11, 9), 0, "§2.7 E_DMA32 = 0");
	is_int(E(dma_a, 11, 9), 6, "§2.7 E_DMA = 6");
	is_int(cc_weighted_score(5505024, 75, 3998 + 782336 + 5505024), 65,
	       "§2.7 weighted Normal = floor(5505024*75/6291359) = 65");
	is_int(cc_weighted_score(3998, 6, 6291358), 0, "§2.7 weighted DMA = 0");
	is_int(cc_weighted_score(5505024, 100, 6291358), 87,
	       "§2.3 Normal contributes at most 87");
}

static void hypothetical_fragindex(void)
{
	uint64_t n[11];

	memcpy(n, normal_a, sizeof(n));
	n[9] = n[10] = 0;
	is_int(F(n, 11, 9), 998, "§2.7 snapshot A without orders 9,10: F_9 = 998");
	/* F_10 = 1000 - (1000 + floor(1000*1378326/1024)) / 1308379 */
	is_int(F(n, 11, 10), 1000 - (1000 + 1346021) / 1308379, "F_10 by hand = 999");
}

static void edge_cases(void)
{
	uint64_t zero[11] = { 0 }, one9[11] = { 0 }, one0[11] = { 0 };
	struct cc_contig ci;

	is_int(U(zero, 11, 0), 1000, "no free pages: U = 1000");
	is_int(U(zero, 11, 9), 1000, "no free pages: U_9 = 1000");
	is_int(F(zero, 11, 9), 0, "no free blocks: F = 0");
	is_int(E(zero, 11, 9), 0, "no free pages: extfrag_for_order = 0 (not 100)");

	one9[9] = 1;
	is_int(U(one9, 11, 9), 0, "one order-9 block: U_9 = 0");
	is_int(U(one9, 11, 10), 1000, "one order-9 block: U_10 = 1000");
	is_int(F(one9, 11, 9), -1000, "one order-9 block: F_9 = -1000");
	is_int(F(one9, 11, 10), -500, "one order-9 block: F_10 = -500 (degenerate, §2.2)");
	one0[0] = 1;
	is_int(F(one0, 11, 10), -0, "one page: F_10 = -floor(1000/1024) = 0");
	is_int(F(one0, 11, 1), -500, "one page: F_1 = -500");

	/* order beyond the last column */
	is_int(U(normal_a, 11, 11), 1000, "order 11 on an 11-column kernel: U = 1000");
	is_int(F(normal_a, 11, 11), 0, "order 11 on an 11-column kernel: F = 0 (kernel WARNs)");
	cc_contig_info(normal_a, 11, 11, &ci);
	is_int(ci.suitable, 0, "order 11: no suitable blocks");
	is_int(U(normal_a, 11, 0), 0, "U_0 is always 0");

	/* NB >= 2 and S = 0 gives F >= 0 (§2.2 proof) */
	{
		uint64_t two[11] = { 2 };

		is_int(F(two, 11, 1), 1000 - (1000 + 1000) / 2, "two single pages, order 1: F = 0");
	}
}

static void wmarks(void)
{
	int lo, hi;

	cc_kcompactd_wmarks(20, &lo, &hi);
	is_int(lo, 80, "p=20: low 80");
	is_int(hi, 90, "p=20: high 90");
	cc_kcompactd_wmarks(50, &lo, &hi);
	is_int(lo * 1000 + hi, 50060, "p=50: 50/60");
	cc_kcompactd_wmarks(95, &lo, &hi);
	is_int(lo * 1000 + hi, 5015, "p=95: 5/15");
	cc_kcompactd_wmarks(100, &lo, &hi);
	is_int(lo * 1000 + hi, 5015, "p=100: 5/15");
	cc_kcompactd_wmarks(0, &lo, &hi);
	is_int(lo * 1000 + hi, 100100, "p=0: 100/100");
	cc_kcompactd_wmarks(46, &lo, &hi);
	is_int(hi, 64, "p=46: high 64, the first at which snapshot A (65) triggers");
}

static void node_score(void)
{
	struct cc_snapshot s;
	struct cc_node *n;
	struct cc_zone *z;
	int score;

	cc_snapshot_init(&s);
	s.norders = 11;
	n = cc_node_get(&s, 0, true);
	z = cc_zone_get(n, "Normal", true);
	memcpy(z->free_blocks, normal_a, sizeof(normal_a));
	z->free_src = CC_FREE_BUDDYINFO;
	z->zi[ZF_PRESENT] = 5505024;
	z->zi_set |= 1u << ZF_PRESENT;
	z = cc_zone_get(n, "DMA", true);
	memcpy(z->free_blocks, dma_a, sizeof(dma_a));
	z->free_src = CC_FREE_BUDDYINFO;
	z->zi[ZF_PRESENT] = 3998;
	z->zi_set |= 1u << ZF_PRESENT;
	z = cc_zone_get(n, "DMA32", true);
	memcpy(z->free_blocks, dma32_a, sizeof(dma32_a));
	z->free_src = CC_FREE_BUDDYINFO;
	z->zi[ZF_PRESENT] = 782336;
	z->zi_set |= 1u << ZF_PRESENT;
	z = cc_zone_get(n, "Movable", true);	/* unpopulated: skipped */
	z->zi_set |= 1u << ZF_PRESENT;

	ok(!strcmp(n->zones[0].name, "DMA") && !strcmp(n->zones[1].name, "DMA32") &&
	   !strcmp(n->zones[2].name, "Normal"), "zones kept in kernel order");
	ok(cc_node_score(&s, n, 9, &score), "node score computable");
	is_int(score, 65, "§2.7 node score = 65");

	/* the free blocks of order >= 9 the verdicts count (status.c, check.c) */
	is_int(cc_node_free_at(n, s.norders, 9) >> 9, 874 + (2 + 2 * 752) + (1 + 2 * 3),
	       "order-9 blocks summed over zones");
	cc_snapshot_free(&s);
}

/* cc_node_get keeps the nodes in id order, whatever order they come in,
 * and finds each (binary search; the array grows by doubling) */
static void node_order(void)
{
	struct cc_snapshot s;
	int i, id, bad = 0;

	cc_snapshot_init(&s);
	for (i = 0; i < 1000; i++) {
		id = (i * 617) % 1000; /* 617 is prime to 1000: each id once */
		if (!cc_node_get(&s, id, true) || cc_node_get(&s, id, false)->id != id)
			bad++;
	}
	is_int(s.nnodes, 1000, "1000 nodes created out of order");
	for (i = 0; i < s.nnodes; i++)
		if (s.nodes[i].id != i || cc_node_get(&s, i, false) != &s.nodes[i])
			bad++;
	is_int(bad, 0, "... in id order, each found where it is");
	ok(!cc_node_get(&s, 1000, false) && !cc_node_get(&s, -1, false),
	   "ids not there are not found");
	ok(!cc_node_get(&s, -1, true), "a negative id is never created");
	cc_snapshot_free(&s);
}

int main(void)
{
	node_order();
	worked_example();
	hypothetical_fragindex();
	edge_cases();
	wmarks();
	node_score();
	return tap_done();
}
