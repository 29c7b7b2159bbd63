// SPDX-License-Identifier: GPL-2.0-or-later
#include "metrics.h"

#include <string.h>

void cc_contig_info(const uint64_t *n, int norders, int k, struct cc_contig *ci)
{
	int o;

	memset(ci, 0, sizeof(*ci));
	for (o = 0; o < norders; o++) {
		ci->free_blocks += n[o];
		ci->free_pages += n[o] << o;
		if (o >= k)
			ci->suitable += n[o] << (o - k);
	}
}

int cc_unusable_index(const struct cc_contig *ci, int k)
{
	if (ci->free_pages == 0)
		return 1000;
	if (k >= 64)
		return 1000;
	return (int)(((ci->free_pages - (ci->suitable << k)) * 1000ull) / ci->free_pages);
}

int cc_fragmentation_index(const struct cc_contig *ci, int k, int max_order)
{
	uint64_t requested;

	if (k > max_order || k >= 64)
		return 0;
	if (!ci->free_blocks)
		return 0;
	if (ci->suitable)
		return -1000;
	requested = 1ull << k;
	return 1000 - (int)((1000 + (ci->free_pages * 1000ull) / requested) /
			    ci->free_blocks);
}

int cc_extfrag_for_order(const struct cc_contig *ci, int k)
{
	if (!ci->free_pages)
		return 0;
	if (k >= 64)
		return 100;
	return (int)(((ci->free_pages - (ci->suitable << k)) * 100ull) / ci->free_pages);
}

uint64_t cc_weighted_score(uint64_t present, int score, uint64_t node_present)
{
	/* 128-bit: present * 100 cannot overflow here, unlike a 32-bit kernel */
	return (uint64_t)(((unsigned __int128)present * (unsigned)score) /
			  ((unsigned __int128)node_present + 1));
}

void cc_kcompactd_wmarks(long p, int *low, int *high)
{
	long l = 100 - p;

	if (l < 5)
		l = 5;
	*low = (int)l;
	*high = (int)(l + 10 < 100 ? l + 10 : 100);
}

bool cc_zone_sane(const struct cc_zone *z, int norders)
{
	unsigned __int128 fp = 0;
	int o;

	for (o = 0; o < norders; o++)
		fp += (unsigned __int128)z->free_blocks[o] << o;
	return fp * 1000 <= UINT64_MAX;
}

uint64_t cc_node_present(const struct cc_node *n)
{
	uint64_t sum = 0;
	int i;

	for (i = 0; i < n->nzones; i++)
		sum += n->zones[i].zi[ZF_PRESENT];
	return sum;
}

bool cc_node_score(const struct cc_snapshot *s, const struct cc_node *n, int C,
		   int *score)
{
	uint64_t node_present = cc_node_present(n), total = 0;
	int i;

	*score = 0;
	for (i = 0; i < n->nzones; i++) {
		const struct cc_zone *z = &n->zones[i];
		struct cc_contig ci;

		if (!cc_zi_has(z, ZF_PRESENT))
			return false;
		/* fragmentation_score_node() skips unpopulated zones */
		if (z->zi[ZF_PRESENT] == 0)
			continue;
		if (z->free_src == CC_FREE_NONE)
			return false;
		cc_contig_info(z->free_blocks, s->norders, C, &ci);
		total += cc_weighted_score(z->zi[ZF_PRESENT],
					   cc_extfrag_for_order(&ci, C), node_present);
	}
	*score = (int)total;
	return true;
}

bool cc_zone_headroom(const struct cc_zone *z, enum cc_zf mark, int64_t *out)
{
	if (!cc_zi_has(z, ZF_FREE) || !cc_zi_has(z, mark))
		return false;
	*out = (int64_t)z->zi[ZF_FREE] - (int64_t)z->zi[mark];
	return true;
}

uint64_t cc_zone_free_at(const struct cc_zone *z, int norders, int k)
{
	struct cc_contig ci;

	if (k < 0 || k >= 64)
		return 0;
	cc_contig_info(z->free_blocks, norders, k, &ci);
	return ci.suitable << k;
}

uint64_t cc_node_free_at(const struct cc_node *n, int norders, int k)
{
	uint64_t sum = 0;
	int j;

	for (j = 0; j < n->nzones; j++)
		if (n->zones[j].free_src != CC_FREE_NONE)
			sum += cc_zone_free_at(&n->zones[j], norders, k);
	return sum;
}

bool cc_node_score_change(const struct cc_snapshot *a, const struct cc_snapshot *b,
			  const struct cc_node *nb, int *before, int *after)
{
	const struct cc_node *na = cc_node_find(a, nb->id);

	return na && cc_node_score(a, na, a->thp_order, before) &&
	       cc_node_score(b, nb, b->thp_order, after);
}

bool cc_vmstat_delta(const struct cc_snapshot *a, const struct cc_snapshot *b,
		     const char *name, int64_t *d)
{
	const struct cc_kv *x = cc_vmstat_find(a, name), *y = cc_vmstat_find(b, name);

	if (!x || !y)
		return false;
	*d = (int64_t)(y->value - x->value);
	return true;
}

bool cc_node_has_memory(const struct cc_node *n)
{
	int j;

	for (j = 0; j < n->nzones; j++)
		if (n->zones[j].populated)
			return true;
	return false;
}
