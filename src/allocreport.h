/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernel's allocation-failure reports as found in a log: the header
 * ("page allocation failure", stall, vmalloc, OOM killer), the identity
 * line, the call trace and the Mem-Info dump. parse-allocreport.c fills
 * it from any bytes (dmesg, syslog, journal, a pasted mail); explain.c
 * reads it. Numbers are the report's own: kB where the kernel printed kB,
 * pages where it printed pages. Strings are the report's bytes and may
 * hold anything: renderers escape them.
 */
#ifndef COMPACTCTL_ALLOCREPORT_H
#define COMPACTCTL_ALLOCREPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "compactctl.h"

#define CC_AR_MAX_ORDERS 20	/* buddy columns: 11 usually, 14 on some ARM */
#define CC_AR_MAX_ZONES 48	/* zone records per report (nodes x zones) */
#define CC_AR_MAX_NODES 64	/* per-node lines kept */
#define CC_AR_MAX_FRAMES 48
#define CC_AR_MAX_RESERVE 8	/* lowmem_reserve[] entries: MAX_NR_ZONES <= 6 */
#define CC_AR_MAX_REPORTS 500	/* kept per input (the newest) */
#define CC_AR_MAX_NOTES 64
#define CC_AR_MAX_ORDER 40	/* a larger "order" is not a kernel's */

enum cc_ar_kind { CC_AR_FAILURE, CC_AR_STALL, CC_AR_OOM, CC_AR_VMALLOC };
const char *cc_ar_kind_name(enum cc_ar_kind k);

/* Fields of a zone line, in kB as printed */
enum cc_ar_zf {
	AZ_FREE, AZ_BOOST, AZ_MIN, AZ_LOW, AZ_HIGH, AZ_RESERVED_HIGHATOMIC,
	AZ_FREE_HIGHATOMIC, AZ_PRESENT, AZ_MANAGED, AZ_FREE_PCP, AZ_LOCAL_PCP,
	AZ_FREE_CMA, AZ__N
};

struct cc_ar_zone {
	int node;			/* -1: printed without "Node N" */
	char name[12];			/* DMA, DMA32, Normal, HighMem, Movable, Device */

	unsigned zone_line;		/* "[Node N ]ZONE free:..." (0: absent) */
	uint32_t have;			/* bit f: v[f] was printed */
	uint64_t v[AZ__N];
	int all_unreclaimable;		/* -1 not printed, 0 no, 1 yes */

	unsigned reserve_line;		/* "lowmem_reserve[]: ..." (pages) */
	int nreserve;
	int64_t reserve[CC_AR_MAX_RESERVE];

	unsigned buddy_line;		/* "[Node N ]ZONE: n*4kB (UME) ... = TkB" */
	int norders;
	uint64_t block_kb;		/* size of an order-0 block: the page size */
	uint64_t count[CC_AR_MAX_ORDERS];
	char types[CC_AR_MAX_ORDERS][8];	/* migratetype letters, "" none */
	bool letters;			/* the kernel prints letters (3.8+) */
	bool have_total;		/* "= TkB" was there */
	uint64_t total_kb;		/* as printed */
	uint64_t sum_kb;		/* sum of count * size */
};

struct cc_ar_node {
	int id;
	int all_unreclaimable;		/* -1 not printed */
};

struct cc_ar_frame {
	char fn[64];
	bool reliable;			/* not marked "?" */
};

struct cc_areport {
	enum cc_ar_kind kind;
	unsigned line;			/* the header's line */
	char task[64];
	int order;			/* -1 when not printed */
	bool have_mask;
	uint64_t mask;
	char flags[256];		/* the printed names, "" when none */
	bool have_nodemask, have_cpuset, have_mems;
	char nodemask[64];		/* "(null)" or a list */
	char cpuset[128];
	char mems_allowed[64];
	long stall_ms;			/* -1 */
	uint64_t vmalloc_size;		/* bytes, 0 unknown */
	char vmalloc_what[96];		/* "exceeds total pages", ... */
	char oom_constraint[32];	/* CONSTRAINT_NONE, CONSTRAINT_MEMCG, ... */

	unsigned ident_line;		/* "CPU: .. PID: .. Comm:" or "Pid: .., comm:" */
	long pid, cpu;			/* -1 */
	char kernel[96];		/* utsname release, "" unknown */
	bool kernel_from_boot;		/* taken from an earlier "Linux version" */

	bool trace;			/* a call trace was found */
	int nframes;
	struct cc_ar_frame frames[CC_AR_MAX_FRAMES];

	unsigned meminfo_line;
	uint32_t have_global;		/* bit 0 free, 1 free_pcp, 2 free_cma */
	uint64_t g_free, g_free_pcp, g_free_cma;	/* pages */
	int nnodes;
	struct cc_ar_node nodes[CC_AR_MAX_NODES];
	int nzones;
	struct cc_ar_zone zones[CC_AR_MAX_ZONES];
	uint32_t have_trailer;		/* bit 0 RAM, 1 reserved, 2 cma, 3 highmem */
	uint64_t pages_ram, pages_reserved, pages_cma, pages_highmem;
	unsigned last_line;		/* last line that belonged to the report */
};

struct cc_areports {
	struct cc_areport *r;
	int n;
	int dropped;			/* older reports beyond CC_AR_MAX_REPORTS */
	int nnotes;
	char *notes[CC_AR_MAX_NOTES];	/* "path:line: what was odd" */
};

/*
 * Every report in buf (modified in place). Lenient: lines that do not
 * parse are skipped and, when they looked like part of a report, noted.
 * Returns 0, or -1 with e set when the input cannot be read as text.
 */
int cc_parse_allocreports(char *buf, size_t len, const char *path,
			  struct cc_areports *out, struct cc_err *e);
void cc_areports_free(struct cc_areports *rs);

/* The report's zone record for (node, name), or NULL */
const struct cc_ar_zone *cc_ar_zone_find(const struct cc_areport *r, int node,
					 const char *name);

#endif
