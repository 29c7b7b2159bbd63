/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Every source of contiguous memory besides the buddy free lists (issue 13,
 * sections 2 and 3): hugetlb pools, THP and mTHP success, CMA areas, PSI,
 * zram and zsmalloc, balloon, /proc/meminfo. The snapshot points to one of
 * these (s->sources); parsers fill it, metrics (sources-metrics.c) derive
 * from it, renderers (out-sources.c) only read it.
 *
 * Every file here may legitimately be missing (kernel version, config,
 * privileges): each group records whether it was read and, if not, why.
 */
#ifndef COMPACTCTL_SOURCES_H
#define COMPACTCTL_SOURCES_H

#include <stdbool.h>
#include <stdint.h>

#include "compactctl.h"
#include "zram.h"

/* Whether a group of files was read, and why not */
enum cc_av_state {
	CC_AV_UNKNOWN,		/* not looked at */
	CC_AV_YES,		/* read */
	CC_AV_ABSENT,		/* the kernel does not have it (ENOENT): normal */
	CC_AV_UNREADABLE,	/* there but not readable (EACCES...) */
};
struct cc_avail {
	enum cc_av_state state;
	char why[160];		/* for ABSENT/UNREADABLE: file and reason */
	bool not_in_tree;	/* ABSENT from a saved tree (--sysroot) */
};
const char *cc_av_name(enum cc_av_state s);

/* One counter read from a file named after it (mTHP stats, CMA area) */
#define CC_STAT_NAME 40
struct cc_stat {
	char name[CC_STAT_NAME];
	uint64_t value;
};

/* ---- hugetlb pools: /sys/kernel/mm/hugepages/hugepages-<N>kB/ and
 * /sys/devices/system/node/nodeN/hugepages/hugepages-<N>kB/ ---- */
enum cc_hp {
	HP_NR,			/* nr_hugepages */
	HP_FREE,		/* free_hugepages */
	HP_RESV,		/* resv_hugepages (global only) */
	HP_SURPLUS,		/* surplus_hugepages */
	HP_OVERCOMMIT,		/* nr_overcommit_hugepages (global only) */
	HP_DEMOTE_SIZE,		/* demote_size, ">= 5.16", stored in kB */
	HP__N
};
extern const char *const cc_hp_files[HP__N];	/* sysfs names, also JSON keys */
struct cc_hpool {
	int node;		/* -1: the system-wide pool */
	uint64_t size_kb;	/* from the directory name */
	uint32_t set;		/* bit a: v[a] was read */
	uint64_t v[HP__N];
};

/* ---- mTHP: /sys/kernel/mm/transparent_hugepage/hugepages-<N>kB/ ---- */
#define CC_MAX_MTHP_STATS 32
struct cc_mthp {
	uint64_t size_kb;
	char enabled[16];	/* active choice of "enabled", "" unknown */
	int nstats;
	struct cc_stat stats[CC_MAX_MTHP_STATS];	/* stats/<name>, >= 6.10 */
};

/* ---- CMA: /sys/kernel/mm/cma/<area>/ (CONFIG_CMA_SYSFS, >= 5.14) ---- */
#define CC_MAX_CMA_STATS 8
struct cc_cma {
	char name[64];
	int nstats;
	struct cc_stat stats[CC_MAX_CMA_STATS];
};

/* ---- PSI: /proc/pressure/memory ---- */
struct cc_psi_line {
	bool have;
	uint32_t avg[3];	/* avg10, avg60, avg300 in hundredths of a percent */
	uint64_t total_us;	/* total stall time, microseconds */
};
struct cc_psi {
	struct cc_psi_line some, full;
};

/* ---- zsmalloc: debugfs zsmalloc/<pool>/classes (CONFIG_ZSMALLOC_STAT) ---- */
#define CC_ZS_MAX_FULLNESS 12	/* 10%..100% (>= 6.6) or almost_full/almost_empty */
#define CC_ZS_MAX_CLASSES 1024
struct cc_zs_class {
	uint32_t index, size;	/* class index, object size in bytes */
	uint64_t fullness[CC_ZS_MAX_FULLNESS];	/* zspages per fullness group */
	uint64_t obj_allocated, obj_used, pages_used, pages_per_zspage;
	bool have_freeable;
	uint64_t freeable;	/* the kernel's zs_can_compact(), when printed */
	bool huge;		/* 4.x "huge" column: Y */
};
struct cc_zs_pool {
	int nfullness;
	char fullness_names[CC_ZS_MAX_FULLNESS][16];	/* as the header prints them */
	int nclasses;
	struct cc_zs_class *classes;
};

/* a zram device as the sources report sees it (mm_stat: zram.h) */
struct cc_zram_info {
	char name[32];		/* zram0 */
	bool initialised;	/* initstate 1 */
	uint64_t disksize;	/* bytes */
	bool have_mm;
	struct cc_zram_mm mm;
	struct cc_avail zs_av;	/* the classes file */
	struct cc_zs_pool zs;
};

/* ---- /proc/meminfo, the lines that matter here ---- */
enum cc_mi {
	MI_TOTAL, MI_FREE, MI_AVAILABLE, MI_BALLOON, MI_CMA_TOTAL, MI_CMA_FREE,
	MI_HP_TOTAL, MI_HP_FREE, MI_HP_RSVD, MI_HP_SURP, MI_HP_SIZE, MI_HUGETLB,
	MI_ANON_HUGE, MI__N
};
extern const char *const cc_mi_names[MI__N];	/* "MemTotal", ... */
struct cc_meminfo {
	uint32_t set;
	uint64_t v[MI__N];	/* kB, except the HugePages_ counts */
};

struct cc_sources {
	struct cc_avail hugetlb_av, mthp_av, cma_av, psi_av, zram_av, meminfo_av;
	int nhpools;
	struct cc_hpool *hpools;	/* global pools first, then by node, by size */
	int nmthp;
	struct cc_mthp *mthp;		/* by size */
	int ncma;
	struct cc_cma *cma;
	struct cc_psi psi;
	int nzram;
	struct cc_zram_info *zram;
	struct cc_meminfo meminfo;
	int task_delayacct;		/* /proc/sys/kernel/task_delayacct, -1 unknown */
};

void cc_sources_init(struct cc_sources *so);
void cc_sources_free(struct cc_sources *so);
struct cc_hpool *cc_hpool_get(struct cc_sources *so, int node, uint64_t size_kb);
struct cc_mthp *cc_mthp_get(struct cc_sources *so, uint64_t size_kb);
struct cc_cma *cc_cma_add(struct cc_sources *so, const char *name);
struct cc_zram_info *cc_zram_info_add(struct cc_sources *so, const char *name);
const struct cc_stat *cc_stat_find(const struct cc_stat *st, int n, const char *name);

/* ---- parsers (buffer + path for messages; 0 or -1 with e set) ---- */

/* "hugepages-2048kB" -> 2048; -1 if the name is not of that form */
int cc_parse_hugepages_dirname(const char *name, uint64_t *size_kb);
/* one sysfs attribute holding an unsigned decimal (and a newline) */
int cc_parse_sysfs_u64(const char *buf, size_t len, const char *path, uint64_t *out,
		       struct cc_err *e);
/* a hugetlb pool file named attr (nr_hugepages, demote_size "1048576kB"...);
 * unknown names are ignored (return 0) */
int cc_parse_hpool_attr(struct cc_hpool *p, const char *attr, const char *buf, size_t len,
			const char *path, struct cc_err *e);
/* a counter file (mTHP stats/<name>, CMA <area>/<name>): name must be a
 * plain identifier; -1 when the table is full */
int cc_parse_stat_file(struct cc_stat *st, int *n, int max, const char *name,
		       const char *buf, size_t len, const char *path, struct cc_err *e);
int cc_parse_psi(struct cc_psi *p, char *buf, size_t len, const char *path,
		 struct cc_err *e);
int cc_parse_zs_classes(struct cc_zs_pool *p, char *buf, size_t len, const char *path,
			struct cc_err *e);
int cc_parse_meminfo(struct cc_meminfo *m, char *buf, size_t len, const char *path,
		     struct cc_err *e);

#endif
