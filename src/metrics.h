/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernel's fragmentation metrics, as pure functions of the model, with
 * the kernel's integer arithmetic and rounding (floor division throughout):
 *   mm/vmstat.c: fill_contig_page_info, unusable_free_index,
 *                __fragmentation_index, extfrag_for_order
 *   mm/compaction.c: fragmentation_score_zone(_weighted), fragmentation_score_node,
 *                fragmentation_score_wmark
 */
#ifndef COMPACTCTL_METRICS_H
#define COMPACTCTL_METRICS_H

#include "model.h"

struct cc_contig {
	uint64_t free_pages;	/* FP = sum n_o * 2^o */
	uint64_t free_blocks;	/* NB = sum n_o */
	uint64_t suitable;	/* S_k = sum_{o>=k} n_o * 2^(o-k) */
};

/* n[0..norders-1]; k may exceed the last order (then S_k = 0). */
void cc_contig_info(const uint64_t *n, int norders, int k, struct cc_contig *ci);

/* U_k in thousandths, 0..1000 (1000 when there is no free memory) */
int cc_unusable_index(const struct cc_contig *ci, int k);
/* F_k in thousandths: -1000 when a suitable block exists, 0 when k is past
 * the last order or nothing is free, else 1000 - (1000 + 1000*FP/2^k)/NB,
 * which is negative (down to -500) when only one free block exists. */
int cc_fragmentation_index(const struct cc_contig *ci, int k, int max_order);
/* extfrag_for_order: percent, 0..100 (0 when nothing is free) */
int cc_extfrag_for_order(const struct cc_contig *ci, int k);
/* present * score / (node_present + 1) */
uint64_t cc_weighted_score(uint64_t present, int score, uint64_t node_present);
/* kcompactd low/high thresholds for a proactiveness value */
void cc_kcompactd_wmarks(long proactiveness, int *low, int *high);

/* Sum of free blocks per order in a zone, validated against overflow:
 * returns false when FP * 1000 would not fit in 64 bits. */
bool cc_zone_sane(const struct cc_zone *z, int norders);

/* Per-node proactive compaction score at order C; false (and *score 0) when
 * a populated zone lacks its present count (no zoneinfo). */
bool cc_node_score(const struct cc_snapshot *s, const struct cc_node *n, int C,
		   int *score);
uint64_t cc_node_present(const struct cc_node *n);
/* Some zone of the node is listed with free counts (buddyinfo or pagetypeinfo) */
bool cc_node_has_memory(const struct cc_node *n);

/* zoneinfo "pages free" minus a watermark; false if either is unknown */
bool cc_zone_headroom(const struct cc_zone *z, enum cc_zf mark, int64_t *out);

/* Pages free in blocks of order >= k: S_k * 2^k (all of them usable for an
 * order-k request), per zone and over a node's zones. */
uint64_t cc_zone_free_at(const struct cc_zone *z, int norders, int k);
uint64_t cc_node_free_at(const struct cc_node *n, int norders, int k);

/* Node nb's score in a (the same node id) and in b, each at its snapshot's
 * compaction order; false when a lacks the node or a score is unknown. */
bool cc_node_score_change(const struct cc_snapshot *a, const struct cc_snapshot *b,
			  const struct cc_node *nb, int *before, int *after);

/* b - a for a /proc/vmstat counter; false if either snapshot lacks it */
bool cc_vmstat_delta(const struct cc_snapshot *a, const struct cc_snapshot *b,
		     const char *name, int64_t *d);

#endif
