/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The snapshot model. Parsers fill it, metrics read it, renderers only
 * render it. Counts are the kernel's raw numbers; derived values live in
 * metrics.c.
 */
#ifndef COMPACTCTL_MODEL_H
#define COMPACTCTL_MODEL_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "compactctl.h"

#define CC_MAX_ORDERS 20	/* no kernel prints more order columns than this */
#define CC_MAX_MT 8		/* migratetypes: at most 6 in any kernel */
#define CC_MAX_ZONES 8		/* zone types per node: at most 6 */
#define CC_MAX_NODE_ID 1023	/* MAX_NUMNODES with NODES_SHIFT = 10 */
#define CC_MAX_PROT 8

/* Fields of a zone taken from /proc/zoneinfo */
enum cc_zf {
	ZF_FREE,		/* pages free */
	ZF_BOOST,
	ZF_MIN,
	ZF_LOW,
	ZF_HIGH,
	ZF_PROMO,
	ZF_SPANNED,
	ZF_PRESENT,
	ZF_MANAGED,
	ZF_CMA,
	ZF_START_PFN,
	ZF_NR_FREE_BLOCKS,	/* nr_free_pages_blocks, >= 6.15 */
	ZF_NR_FREE_CMA,
	ZF_PCP,			/* sum of pagesets count: */
	ZF__N
};
extern const char *const cc_zf_names[ZF__N];	/* snapshot JSON keys */

struct cc_zone {
	char name[12];

	/* /proc/buddyinfo (or derived from pagetypeinfo, see free_src) */
	bool populated;		/* listed in buddyinfo (or pagetypeinfo) */
	enum { CC_FREE_NONE, CC_FREE_BUDDYINFO, CC_FREE_PAGETYPEINFO } free_src;
	bool free_lower_bound;	/* derived from ">100000" entries */
	uint64_t free_blocks[CC_MAX_ORDERS];

	/* /proc/pagetypeinfo */
	bool in_pti;
	uint32_t mt_rows;			/* bit t: a free row for type t */
	uint64_t mt_free[CC_MAX_MT][CC_MAX_ORDERS];
	uint32_t mt_capped[CC_MAX_MT];		/* bit o: printed as ">100000" */
	bool have_blocks;
	uint64_t mt_blocks[CC_MAX_MT];

	/* /proc/zoneinfo */
	bool in_zoneinfo;
	uint32_t zi_set;			/* bit f: zi[f] was printed */
	uint64_t zi[ZF__N];
	int nprot;
	int64_t protection[CC_MAX_PROT];
};

struct cc_node {
	int id;
	int nzones;
	struct cc_zone *zones;		/* the zones there are, in kernel order:
					 * 1.7 KB each, none for a slot */
	uint64_t memtotal_kb;		/* nodeN/meminfo, 0 if unknown */
};

struct cc_kv {
	char *name;
	uint64_t value;
};

/* Tunables from /proc/sys/vm; value valid only if set */
enum cc_knob {
	K_PROACTIVENESS,
	K_EXTFRAG_THRESHOLD,
	K_UNEVICTABLE,
	K_MIN_FREE_KBYTES,
	K_WSF,
	K_WBF,
	K_DEFRAG_MODE,
	K__N
};

struct cc_knob_desc {
	const char *name;	/* sysctl name, also the JSON key */
	long def;		/* kernel default, used when not readable */
	bool has_def;
};
extern const struct cc_knob_desc cc_knobs[K__N];

enum cc_src { CC_SRC_UNKNOWN, CC_SRC_KERNEL, CC_SRC_DERIVED, CC_SRC_ASSUMED };
const char *cc_src_name(enum cc_src s);

struct cc_note {
	char *file;
	char *why;
};

struct cc_snapshot {
	struct timespec taken;		/* CLOCK_REALTIME */
	char kernel[128];		/* empty if unknown */
	char machine[72];		/* uname -m when live */
	char arch[24];			/* canonical arch (arch.h), "" unknown */

	long page_size;
	enum cc_src page_size_src;
	int norders;			/* order columns, 0 until a file says */
	int pageblock_order;
	enum cc_src pageblock_src;
	int thp_order;			/* COMPACTION_HPAGE_ORDER */
	enum cc_src thp_order_src;

	int nmt;
	char mt_names[CC_MAX_MT][16];

	struct cc_node *nodes;		/* sorted by id */
	int nnodes;

	struct cc_kv *vmstat;
	int nvmstat;
	bool have_vmstat;
	int32_t *vmstat_slot;		/* hash of names: index + 1, 0 free */
	char **name_chunks;		/* the names, in chunks that never move */
	int nname_chunks;
	size_t name_used, name_cap;	/* in the last chunk */
	int vmstat_nslots;		/* a power of two, > 2 * nvmstat */

	long knob[K__N];
	uint32_t knob_set;		/* bit k: read from the kernel */
	int compaction;			/* 1 yes, 0 no, -1 unknown */

	char thp_enabled[32], thp_defrag[32];	/* active choice, "" unknown */
	long khugepaged_defrag;			/* -1 unknown */
	uint64_t hpage_pmd_size;		/* 0 unknown */

	struct cc_note *notes;		/* files that could not be read */
	int nnotes;
};

/* A set of node ids, 0..CC_MAX_NODE_ID. A NULL set means every node. */
struct cc_nodeset {
	uint64_t bits[(CC_MAX_NODE_ID + 64) / 64];
};
static inline bool cc_nodeset_has(const struct cc_nodeset *ns, int id)
{
	return !ns || (id >= 0 && id <= CC_MAX_NODE_ID &&
		       (ns->bits[id / 64] >> (id % 64) & 1));
}
static inline void cc_nodeset_add(struct cc_nodeset *ns, int id)
{
	if (id >= 0 && id <= CC_MAX_NODE_ID)
		ns->bits[id / 64] |= 1ull << (id % 64);
}
/* A kernel list like "0-3,8" (a trailing newline allowed) into ns;
 * -1 if malformed or a member is above CC_MAX_NODE_ID. */
int cc_nodeset_parse(struct cc_nodeset *ns, const char *list);
/* The lowest member at or above id, -1 if none. */
int cc_nodeset_next(const struct cc_nodeset *ns, int id);
/* As the kernel lists nodes: "0,1", "0-3,8" (three or more in a row make a
 * range); cut to fit n. */
void cc_nodeset_format(const struct cc_nodeset *ns, char *buf, size_t n);
/* --node LIST: 0, or -EINVAL with e saying what a list looks like */
int cc_nodes_parse(const char *arg, struct cc_nodeset *sel, struct cc_err *e);
/* Every member of sel is a node of s: 0, or -EINVAL with e naming the
 * first that is not, and the nodes there are */
int cc_nodes_check(const struct cc_nodeset *sel, const struct cc_snapshot *s,
		   struct cc_err *e);

void cc_snapshot_init(struct cc_snapshot *s);
void cc_snapshot_free(struct cc_snapshot *s);

/* Parsers: the node (created in id order if asked) and the zone by name
 * (created in kernel zone order if asked). Creating one moves the others:
 * a pointer from an earlier call is not valid after a creating call. */
struct cc_node *cc_node_get(struct cc_snapshot *s, int id, bool create);
struct cc_zone *cc_zone_get(struct cc_node *n, const char *name, bool create);
/* Readers: the same lookups on a const snapshot; NULL if absent. */
const struct cc_node *cc_node_find(const struct cc_snapshot *s, int id);
const struct cc_zone *cc_zone_find(const struct cc_node *n, const char *name);
int cc_zone_type_index(const char *name); /* -1 unknown zone name */
const char *cc_zone_type_name(int t);	/* "Normal" for 2, "?" out of range */
int cc_mt_index(struct cc_snapshot *s, const char *name, bool create);

const struct cc_kv *cc_vmstat_find(const struct cc_snapshot *s, const char *name);
#define CC_MAX_VMSTAT 4096
/* append a counter; -1 if the name is already there or the table is full */
int cc_vmstat_add(struct cc_snapshot *s, const char *name, uint64_t v);
void cc_add_note(struct cc_snapshot *s, const char *file, const char *why);

long cc_knob(const struct cc_snapshot *s, enum cc_knob k); /* value or default */
/* The page size views may turn pages into bytes with: the snapshot's, or 0
 * when it is only assumed (a tree that does not tell: sizes are then shown
 * in pages, issue 13 section 4). */
long cc_known_page_size(const struct cc_snapshot *s);

/* Whether kcompactd compacts proactively on the snapshot's kernel: 1 yes, 0
 * no, -1 unknown. From compaction_proactiveness when it was read; when other
 * vm tunables were read without it, no (the kernel lists every one it has);
 * else from the release: Linux 5.9 introduced it ("mm: proactive
 * compaction") [mm/compaction.c: kcompactd, v5.9]. *src: CC_SRC_KERNEL for
 * the first two, CC_SRC_DERIVED for the release (or no compaction at all),
 * CC_SRC_UNKNOWN. */
int cc_proactive_compaction(const struct cc_snapshot *s, enum cc_src *src);
/* the tunable was read from the kernel (not a default) */
static inline bool cc_knob_is_set(const struct cc_snapshot *s, enum cc_knob k)
{
	return s->knob_set & (1u << k);
}

static inline bool cc_zi_has(const struct cc_zone *z, enum cc_zf f)
{
	return z->zi_set & (1u << f);
}

#endif
