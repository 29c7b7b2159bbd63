// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The map's engine, pure: which flag-less blocks are uninitialised memory,
 * the compaction ceiling, Meta's pair, how far compaction got against the
 * ceiling, and the page_owner records attributed to blocked blocks. Inputs:
 * scanned zones (and records); output: the report's fields.
 */
#include "map.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"

/*
 * Whole blocks of flag-less pages are one of three things, told apart only
 * by the zone's counts:
 * - holes inside an online section (spanned - present: e.g. the PCI hole
 *   below 4 GiB in DMA32): they have a memmap, so kpageflags reports no
 *   flags rather than NOPAGE [fs/proc/page.c: get_max_dump_pfn];
 * - memory not initialised yet by deferred struct-page init (this VM boots
 *   with deferred_init=lazy): present but not managed, like memblock
 *   reservations, which report RESERVED; so present - managed - RESERVED
 *   bounds it;
 * - kernel pages (vmalloc, raw alloc_pages, per-CPU lists): blockers.
 * Deferred init proceeds upwards in whole sections [mm/mm_init.c:
 * deferred_grow_zone], so blocks are taken from the top of the zone down,
 * as holes while that budget lasts, then as uninitialised; the rest are U.
 */
static void decide_flagless(struct cc_map_zone *z)
{
	uint64_t span = z->end_pfn - z->start_pfn, holes = 0, budget = 0, i;

	if (span > z->present + z->pages[PK_HOLE])
		holes = span - z->present - z->pages[PK_HOLE];
	if (z->have_managed && z->present > z->managed + z->pages[PK_RESERVED])
		budget = z->present - z->managed - z->pages[PK_RESERVED];
	z->uninit_budget = budget;
	for (i = z->nblocks; i-- > 0;) {
		uint32_t n = z->cnt[i];
		enum cc_pkind k = PK_KERNEL;

		if (z->cls[i] != BC_Z)
			continue;
		if (n <= holes) {
			holes -= n;
			z->cls[i] = BC_H;
			k = PK_HOLE;
		} else if (n <= budget) {
			budget -= n;
			z->cls[i] = BC_I;
			k = PK_UNINIT;
		} else {
			z->cls[i] = BC_U;
			z->blocker_blocks[PK_KERNEL]++;
			z->blocker_pages[PK_KERNEL] += n;
			z->hist[cc_map_hist_bucket(n)]++;
		}
		z->blocks[z->cls[i]]++;
		z->pages[PK_KERNEL] -= n;
		z->pages[k] += n;
	}
	z->blocks[BC_Z] = 0;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * N_best = |F| + the largest set X of candidate blocks whose movable pages
 * fit into the free pages outside X and outside F, above the reserve
 * (kernel-interfaces.md 4.5). Free blocks of pageblock order are never
 * migration targets [mm/compaction.c: suitable_migration_target], and a
 * block of X cannot take its own movable pages, so each candidate costs its
 * movable plus its free pages, which is 2^k for every candidate: any order
 * gives the same |X|. Taking them in ascending m_b gives the fewest page
 * moves, reported as migrate_pages.
 *
 * The reserve is the zone's min watermark: compaction's free scanner stops
 * taking targets there [mm/page_alloc.c: __isolate_free_page, v6.12]. The
 * doc's min + compact_gap(k) + lowmem_reserve is the gate to start direct
 * compaction at an order [mm/compaction.c: __compaction_suitable], which
 * compact_memory and the node's compact file skip (order -1); the smaller
 * reserve keeps N_best an upper bound for them.
 */
static void ceiling(const struct cc_map_params *p, struct cc_map_zone *z)
{
	uint64_t B = 1ull << p->order, fp = z->pages[PK_FREE];
	uint64_t outside_f = fp - z->blocks[BC_F] * B, x, i, n = 0;
	struct cc_map_ceiling *c = &z->ceil;
	uint32_t *m;

	c->reserve = z->have_min ? z->min_wmark : 0;
	c->target_pages = outside_f > c->reserve ? outside_f - c->reserve : 0;
	c->simple_bound = fp > c->reserve ? (fp - c->reserve) / B : 0;
	x = c->target_pages / B;
	if (x > z->blocks[BC_C])
		x = z->blocks[BC_C];
	c->candidates = x;
	c->blocks = z->blocks[BC_F] + x;
	if (!x)
		return;
	m = xcalloc(z->blocks[BC_C], sizeof(*m));
	for (i = 0; i < z->nblocks; i++)
		if (z->cls[i] == BC_C)
			m[n++] = z->cnt[i];
	qsort(m, n, sizeof(*m), cmp_u32);
	for (i = 0; i < x; i++)
		c->migrate_pages += m[i];
	free(m);
}

void cc_map_finish_zone(const struct cc_map_params *p, struct cc_map_zone *z)
{
	int k;

	decide_flagless(z);
	ceiling(p, z);
	z->immovable_pages = 0;
	z->counted_pages = 0;
	for (k = 0; k < PK__N; k++) {
		if (k >= PK_FIRST_BLOCKER)
			z->immovable_pages += z->pages[k];
		if (k != PK_HOLE && k != PK_UNINIT)
			z->counted_pages += z->pages[k];
	}
	z->counted_blocks = z->blocks[BC_F] + z->blocks[BC_C] + z->blocks[BC_T] +
			    z->blocks[BC_U];
}

void cc_map_total(const struct cc_map_report *r, struct cc_map_zone *t)
{
	int i, k;

	memset(t, 0, sizeof(*t));
	snprintf(t->name, sizeof(t->name), "all");
	t->node = -1;
	t->have_buddy = r->nzones > 0;
	for (i = 0; i < r->nzones; i++) {
		const struct cc_map_zone *z = &r->zones[i];

		for (k = 0; k < PK__N; k++) {
			t->pages[k] += z->pages[k];
			t->blocker_blocks[k] += z->blocker_blocks[k];
			t->blocker_pages[k] += z->blocker_pages[k];
		}
		for (k = 0; k < BC__N; k++)
			t->blocks[k] += z->blocks[k];
		for (k = 0; k < CC_MAP_NHIST; k++)
			t->hist[k] += z->hist[k];
		t->ceil.blocks += z->ceil.blocks;
		t->ceil.candidates += z->ceil.candidates;
		t->ceil.migrate_pages += z->ceil.migrate_pages;
		t->ceil.target_pages += z->ceil.target_pages;
		t->ceil.reserve += z->ceil.reserve;
		t->ceil.simple_bound += z->ceil.simple_bound;
		t->immovable_pages += z->immovable_pages;
		t->counted_pages += z->counted_pages;
		t->counted_blocks += z->counted_blocks;
		t->have_buddy = t->have_buddy && z->have_buddy;
		t->buddy_before += z->buddy_before;
		t->buddy_after += z->buddy_after;
		t->pages_past_eof += z->pages_past_eof;
		t->pcp += z->pcp;
		t->scan_seconds += z->scan_seconds;
	}
}

enum cc_pkind cc_map_top_blocker(const struct cc_map_zone *z)
{
	enum cc_pkind top = PK__N;
	int k;

	for (k = PK_FIRST_BLOCKER; k < PK__N; k++)
		if (z->blocker_blocks[k] &&
		    (top == PK__N || z->blocker_blocks[k] > z->blocker_blocks[top]))
			top = (enum cc_pkind)k;
	return top;
}

void cc_map_achieved(const struct cc_map_report *r, const struct cc_snapshot *s,
		     uint64_t *achieved)
{
	int i;

	for (i = 0; i < r->nzones; i++) {
		const struct cc_node *n = cc_node_find(s, r->zones[i].node);
		const struct cc_zone *z = n ? cc_zone_find(n, r->zones[i].name) : NULL;
		struct cc_contig ci;

		achieved[i] = 0;
		if (!z || z->free_src == CC_FREE_NONE || r->order >= s->norders)
			continue;
		cc_contig_info(z->free_blocks, s->norders, r->order, &ci);
		achieved[i] = ci.suitable;
	}
}

void cc_map_report_free(struct cc_map_report *r)
{
	int i;

	for (i = 0; i < r->nzones; i++)
		cc_map_zone_free(&r->zones[i]);
	free(r->zones);
	for (i = 0; i < r->nstacks; i++)
		free(r->stacks[i].stack);
	free(r->stacks);
	memset(r, 0, sizeof(*r));
}

/* ---- page_owner: immovable allocations in blocked blocks, by stack ---- */

struct slot {
	char *stack;
	uint64_t hash, pages, allocs;
};

struct cc_owner_acc {
	const struct cc_map_report *r;
	struct slot *t;
	size_t cap, n;
	uint64_t records;
};

#define MAX_STACKS 65536	/* distinct stacks kept; more fold into "other" */

struct cc_owner_acc *cc_owner_acc_new(const struct cc_map_report *r)
{
	struct cc_owner_acc *a = xcalloc(1, sizeof(*a));

	a->r = r;
	a->cap = 1024;
	a->t = xcalloc(a->cap, sizeof(*a->t));
	return a;
}

static uint64_t fnv(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;

	while (n--)
		h = (h ^ (unsigned char)*s++) * 1099511628211ull;
	return h;
}

static struct slot *lookup(struct cc_owner_acc *a, const char *s, size_t n)
{
	uint64_t h = fnv(s, n);
	size_t i;

	if (a->n * 2 >= a->cap) {
		struct slot *old = a->t;
		size_t oc = a->cap, j;

		a->cap *= 2;
		a->t = xcalloc(a->cap, sizeof(*a->t));
		for (j = 0; j < oc; j++) {
			if (!old[j].stack)
				continue;
			for (i = old[j].hash & (a->cap - 1); a->t[i].stack; i = (i + 1) & (a->cap - 1))
				;
			a->t[i] = old[j];
		}
		free(old);
	}
	for (i = h & (a->cap - 1); a->t[i].stack; i = (i + 1) & (a->cap - 1))
		if (a->t[i].hash == h && strlen(a->t[i].stack) == n &&
		    !memcmp(a->t[i].stack, s, n))
			return &a->t[i];
	if (a->n >= MAX_STACKS && !(n == 14 && !memcmp(s, "(other stacks)", 14)))
		return lookup(a, "(other stacks)", 14);
	/* as the file has it: the views filter control characters */
	a->t[i].stack = xcalloc(n + 1, 1);
	memcpy(a->t[i].stack, s, n);
	a->t[i].hash = h;
	a->n++;
	return &a->t[i];
}

/* the class of the order-k block holding pfn, in the zone that has it */
static int block_class(const struct cc_map_report *r, uint64_t pfn)
{
	int i;

	for (i = 0; i < r->nzones; i++) {
		const struct cc_map_zone *z = &r->zones[i];

		if (pfn >= z->start_pfn && pfn < z->end_pfn && z->cls)
			return z->cls[(pfn - z->first_pfn) >> r->order];
	}
	return -1;
}

int cc_owner_acc_add(const struct cc_owner_record *rec, void *arg)
{
	struct cc_owner_acc *a = arg;
	uint64_t i, n = 1ull << rec->order, in = 0;
	struct slot *sl;

	a->records++;
	for (i = 0; i < n; i++)
		if (block_class(a->r, rec->pfn + i) == BC_U)
			in++;
	if (!in)
		return 0;
	sl = lookup(a, rec->stack, rec->stack_len);
	sl->pages += in;
	sl->allocs++;
	return 0;
}

static int by_pages(const void *x, const void *y)
{
	const struct slot *a = x, *b = y;

	if (a->pages != b->pages)
		return a->pages < b->pages ? 1 : -1;
	return strcmp(a->stack, b->stack);
}

void cc_owner_acc_finish(struct cc_owner_acc *a, struct cc_map_report *r, int n)
{
	size_t i, m = 0;

	for (i = 0; i < a->cap; i++)
		if (a->t[i].stack)
			a->t[m++] = a->t[i];
	qsort(a->t, m, sizeof(*a->t), by_pages);
	r->owner_records = a->records;
	r->nstacks = (int)(m < (size_t)n ? m : (size_t)n);
	r->stacks = xcalloc((size_t)r->nstacks + 1, sizeof(*r->stacks));
	for (i = 0; i < m; i++) {
		if (i < (size_t)r->nstacks) {
			r->stacks[i].stack = a->t[i].stack;
			r->stacks[i].pages = a->t[i].pages;
			r->stacks[i].allocs = a->t[i].allocs;
		} else {
			free(a->t[i].stack);
		}
	}
	free(a->t);
	free(a);
}
