// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The allocator model's input (alloc.h) from the Mem-Info block of an
 * allocation-failure report, as alloc-snapshot.c does from /proc. The
 * report prints kB (K(x) = x << (PAGE_SHIFT - 10), mm/show_mem.c); the
 * model counts pages, so every kB value is divided by the page size the
 * buddy lines show (their first column is PAGE_SIZE << 0).
 */
#include <string.h>

#include "explain.h"

unsigned cc_report_page_kb(const struct cc_areport *r)
{
	int i;

	for (i = 0; i < r->nzones; i++)
		if (r->zones[i].norders && r->zones[i].block_kb &&
		    r->zones[i].block_kb <= 1024)
			return (unsigned)r->zones[i].block_kb;
	return 0;
}

static int ilog2u(unsigned v)
{
	int l = 0;

	while (v > 1) {
		v >>= 1;
		l++;
	}
	return l;
}

/* Does zone type set `types` fit the zones' lowmem_reserve[] lines? A zone
 * of index i has lowmem_reserve[j] == 0 for j <= i, since it reserves
 * nothing against requests that may use only it and below
 * [mm/page_alloc.c setup_per_zone_lowmem_reserve]. */
static bool reserve_fits(const struct cc_areport *r, uint32_t types)
{
	int i, j;

	for (i = 0; i < r->nzones; i++) {
		const struct cc_ar_zone *z = &r->zones[i];
		int t = cc_ztype_from_name(z->name), idx;

		if (t < 0 || !z->nreserve)
			continue;
		idx = __builtin_popcount(types & ((1u << t) - 1));
		for (j = 0; j <= idx && j < z->nreserve; j++)
			if (z->reserve[j] != 0)
				return false;
	}
	return true;
}

/* How likely a set of extra (unprinted) zone types is: 64-bit kernels
 * have DMA32 and may have Device, 32-bit ones may have HighMem, never
 * both DMA32 and HighMem. */
static int plausibility(uint32_t types)
{
	bool d32 = types & (1u << CC_ZT_DMA32), hi = types & (1u << CC_ZT_HIGHMEM);
	int s = 0;

	if (d32 && hi)
		s -= 10;
	if (types & (1u << CC_ZT_DEVICE))
		s += d32 ? 2 : -1;
	if (d32 && (types & (1u << CC_ZT_DMA)))
		s += 3;
	if (hi && !d32)
		s += 1;
	return s;
}

/*
 * The zone types the kernel was built with: lowmem_reserve[] has one entry
 * per type (MAX_NR_ZONES, include/linux/mmzone.h enum zone_type), whether
 * populated or not; the zones printed are among them, and NORMAL and
 * MOVABLE always are. The rest is chosen to fit the reserve lines.
 */
static uint32_t zone_types_of(const struct cc_areport *r)
{
	uint32_t seen = 1u << CC_ZT_NORMAL | 1u << CC_ZT_MOVABLE, best = 0;
	int i, n = 0, need, best_score = -1000;
	uint32_t sub;

	for (i = 0; i < r->nzones; i++) {
		int t = cc_ztype_from_name(r->zones[i].name);

		if (t >= 0)
			seen |= 1u << t;
		if (r->zones[i].nreserve > n)
			n = r->zones[i].nreserve;
	}
	need = n - __builtin_popcount(seen);
	if (n == 0 || need <= 0)
		return seen;
	/* subsets of the optional types not printed */
	for (sub = 0; sub < 1u << CC_ZT__N; sub++) {
		uint32_t opt = 1u << CC_ZT_DMA | 1u << CC_ZT_DMA32 | 1u << CC_ZT_HIGHMEM |
			       1u << CC_ZT_DEVICE;
		int score;

		if ((sub & ~opt) || (sub & seen) || __builtin_popcount(sub) != need)
			continue;
		score = plausibility(seen | sub) + (reserve_fits(r, seen | sub) ? 100 : 0);
		if (score > best_score) {
			best_score = score;
			best = seen | sub;
		}
	}
	return best ? best : seen;
}

static int64_t pages(const struct cc_ar_zone *z, enum cc_ar_zf f, unsigned page_kb)
{
	return (z->have & (1u << f)) ? (int64_t)(z->v[f] / page_kb) : -1;
}

static void fill_zone(const struct cc_ar_zone *rz, enum cc_ztype t, unsigned page_kb,
		      bool letters, int norders, struct cc_alloc_zone *z)
{
	int o;

	cc_alloc_zone_init(z, t);
	/* show_free_areas prints populated zones only */
	z->populated = true;
	z->managed_nonzero = !(rz->have & (1u << AZ_MANAGED)) || rz->v[AZ_MANAGED] > 0;
	if (rz->zone_line) {
		z->free = pages(rz, AZ_FREE, page_kb);
		z->min = pages(rz, AZ_MIN, page_kb);
		z->low = pages(rz, AZ_LOW, page_kb);
		z->high = pages(rz, AZ_HIGH, page_kb);
		z->boost = pages(rz, AZ_BOOST, page_kb);
		z->present = pages(rz, AZ_PRESENT, page_kb);
		z->managed = pages(rz, AZ_MANAGED, page_kb);
		z->free_pcp = pages(rz, AZ_FREE_PCP, page_kb);
		z->reserved_highatomic = pages(rz, AZ_RESERVED_HIGHATOMIC, page_kb);
		z->free_highatomic = pages(rz, AZ_FREE_HIGHATOMIC, page_kb);
	} else if (rz->buddy_line) {
		z->free = (int64_t)(rz->sum_kb / page_kb);	/* no watermarks: unknown outcome */
	}
	z->free_cma = (rz->have & (1u << AZ_FREE_CMA)) ? (int64_t)(rz->v[AZ_FREE_CMA] / page_kb) : 0;
	for (o = 0; o < rz->nreserve && o < CC_ALLOC_MAX_RESERVE; o++)
		z->lowmem_reserve[o] = rz->reserve[o];
	z->nreserve = rz->nreserve < CC_ALLOC_MAX_RESERVE ? rz->nreserve : CC_ALLOC_MAX_RESERVE;
	z->lists_src = letters ? CC_LISTS_LETTERS : CC_LISTS_NONE;
	for (o = 0; o < rz->norders && o < norders && o < CC_ALLOC_MAX_ORDERS; o++) {
		const char *c;

		z->nr_free[o] = rz->count[o];
		for (c = rz->types[o]; *c; c++) {
			int mt = cc_amt_from_letter(*c);

			if (mt >= 0)
				z->mt_nonempty[o] |= CC_MT_BIT(mt);
		}
	}
}

int cc_alloc_from_report(const struct cc_areport *r, int kver, const struct cc_nodeset *keep,
			 struct cc_alloc_system *sys, struct cc_ex_sysmap *map, int nmap)
{
	unsigned page_kb = cc_report_page_kb(r);
	bool letters = false, numa = false, cma = false;
	int i, norders = 0, nm = 0;

	cc_alloc_system_init(sys);
	if (!page_kb)
		page_kb = 4;
	sys->kver = kver;
	sys->page_shift = 10 + ilog2u(page_kb);
	for (i = 0; i < r->nzones; i++) {
		const struct cc_ar_zone *z = &r->zones[i];

		if (z->norders > norders)
			norders = z->norders;
		letters |= z->letters;
		numa |= z->node >= 0;
		cma |= (z->have & (1u << AZ_FREE_CMA)) && z->v[AZ_FREE_CMA] > 0;
		for (int o = 0; o < z->norders; o++)
			cma |= strchr(z->types[o], 'C') != NULL;
	}
	cma |= (r->have_trailer & 4) && r->pages_cma > 0;
	sys->norders = norders ? norders : 11;
	/* pageblock_order: HPAGE_PMD_ORDER with 4K pages, else MAX_ORDER - 1
	 * (include/linux/pageblock-flags.h); it only matters to NOFRAGMENT */
	sys->pageblock_order = page_kb == 4 && sys->norders > 9 ? 9 : sys->norders - 1;
	sys->zone_types = zone_types_of(r);
	/* "Node N" before zone lines: show_node() prints it iff CONFIG_NUMA */
	sys->numa = numa ? 1 : 0;
	sys->cma = cma ? 1 : -1;

	/* nodes in id order (a zone without "Node N" is node 0), zones in
	 * type order */
	int ids[CC_AR_MAX_ZONES], nids = 0;

	for (i = 0; i < r->nzones; i++) {
		int id = r->zones[i].node < 0 ? 0 : r->zones[i].node, j;

		for (j = 0; j < nids && ids[j] != id; j++)
			;
		if (j == nids)
			ids[nids++] = id;
	}
	for (i = 1; i < nids; i++)
		for (int j = i; j > 0 && ids[j - 1] > ids[j]; j--) {
			int tmp = ids[j];

			ids[j] = ids[j - 1];
			ids[j - 1] = tmp;
		}
	for (int k = 0; k < nids; k++) {
		struct cc_alloc_node *n;

		if (!cc_nodeset_has(keep, ids[k]))
			continue;
		if (!(n = cc_alloc_add_node(sys, ids[k])))
			break;
		for (int t = 0; t < CC_ZT__N; t++)
			for (i = 0; i < r->nzones; i++) {
				const struct cc_ar_zone *z = &r->zones[i];

				if ((z->node < 0 ? 0 : z->node) != ids[k] ||
				    cc_ztype_from_name(z->name) != t ||
				    n->nzones == CC_ALLOC_MAX_ZONES)
					continue;
				fill_zone(z, (enum cc_ztype)t, page_kb, letters, sys->norders,
					  &n->zones[n->nzones]);
				if (nm < nmap) {
					map[nm].node_pos = sys->nnodes - 1;
					map[nm].zone_pos = n->nzones;
					map[nm].report_zone = i;
					nm++;
				}
				n->nzones++;
			}
		for (i = 0; i < r->nnodes; i++)
			if (r->nodes[i].id == n->id)
				n->unreclaimable = r->nodes[i].all_unreclaimable;
	}
	return nm;
}
