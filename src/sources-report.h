/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What status shows of the contiguous-memory sources: built once from a
 * snapshot and its sources (pure: no I/O), part of the status report
 * (status.h), rendered by out-sources.c as text, JSON and Prometheus from
 * the same struct.
 */
#ifndef COMPACTCTL_SOURCES_REPORT_H
#define COMPACTCTL_SOURCES_REPORT_H

#include "model.h"
#include "sources.h"

/* Section 2, per zone: memory that is not where it seems */
struct cc_zone_mem {
	char zone[12];
	bool have_sizes;	/* present and managed from zoneinfo */
	uint64_t present, managed, unmanaged;	/* pages */
	bool have_pcp;
	uint64_t pcp;		/* pages on the per-CPU lists (pagesets count:) */
	bool have_blocks;	/* nr_free_pages_blocks and high, >= 6.15 */
	uint64_t free_in_blocks, high;
};

/* THP faults: allocated, fell back, and why it fell back */
struct cc_thp_faults {
	bool have;
	uint64_t alloc, fallback;
	bool have_charge;
	uint64_t charge;	/* of fallback: the memcg limit, not fragmentation */
	uint64_t other;		/* fallback - charge: no free block (fragmentation) */
};

/* zsmalloc pool of one zram device, summed over its classes */
struct cc_zs_totals {
	bool have;
	uint64_t obj_allocated, obj_used, pages_used;
	uint64_t waste_bytes;	/* pages_used*page - obj_used*size */
	bool freeable_known;
	uint64_t freeable_pages; /* what compaction could release: sum of zs_can_compact */
	int classes_used;	/* classes with obj_allocated > 0 */
};

struct cc_sources_report {
	const struct cc_snapshot *s;
	const struct cc_sources *so;
	long page_size;			/* bytes, 0 when unknown */
	int nzones;
	struct cc_zone_mem *zones;	/* grouped by node, in the snapshot's order */
	int *node_zone0;		/* node index i's zones: [node_zone0[i], node_zone0[i + 1]) */
	uint64_t present, managed, unmanaged, pcp;	/* over the zones that have them */
	bool have_unmanaged, have_pcp;
	long defrag_mode;		/* -1 unknown */
	struct cc_thp_faults thp;	/* /proc/vmstat thp_fault_* */
	struct cc_thp_faults *mthp;	/* per so->mthp[i]: anon_fault_* */
	struct cc_zs_totals *zs;	/* per so->zram[i] */
	bool have_balloon;
	uint64_t balloon_kb;		/* /proc/meminfo Balloon */
	bool have_balloon_vmstat;
	uint64_t balloon_pages, balloon_migrate, balloon_inflate, balloon_deflate;
};

void cc_sources_report_build(const struct cc_snapshot *s, const struct cc_sources *so,
			     struct cc_sources_report *r);
void cc_sources_report_free(struct cc_sources_report *r);

/* ---- the kernel's arithmetic (pure) ---- */

/* objects per zspage: pages_per_zspage * PAGE_SIZE / size
 * [mm/zsmalloc.c: calculate_zspage_chain_size, objs_per_zspage]; 0 unknown */
uint64_t cc_zs_objs_per_zspage(const struct cc_zs_class *c, long page_size);
/* zs_can_compact(): (obj_allocated - obj_used) / objs_per_zspage * pages_per_zspage;
 * false when pages_per_zspage or the page size is unknown */
bool cc_zs_can_compact(const struct cc_zs_class *c, long page_size, uint64_t *pages);
/* bytes of the class's pages not holding live objects */
uint64_t cc_zs_waste_bytes(const struct cc_zs_class *c, long page_size);
void cc_zs_pool_totals(const struct cc_zs_pool *p, long page_size, struct cc_zs_totals *t);

/* thp_fault_* from vmstat, anon_fault_* from an mTHP stats dir */
void cc_thp_faults_vmstat(const struct cc_snapshot *s, struct cc_thp_faults *f);
void cc_thp_faults_mthp(const struct cc_mthp *m, struct cc_thp_faults *f);

/* what check can threshold on: name, unit, and the value (false: unknown) */
struct cc_sources_metric {
	const char *name;
	const char *unit;
	const char *help;
	bool (*get)(const struct cc_sources_report *r, double *v);
};
extern const struct cc_sources_metric cc_sources_metrics[];
extern const int cc_sources_nmetrics;

#endif
