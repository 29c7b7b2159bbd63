// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The diagnosis of an allocation-failure report (explain.h).
 *
 * The allocator's rules are alloc.c's: the report's Mem-Info becomes its
 * input (alloc-report.c) and cc_alloc_decide() says, zone by zone in the
 * order the request walks them, whether the slow path's first attempt
 * (watermark min, the request's ALLOC_* rights) passes and why not. Here
 * that is turned into the causes, which also weigh what the
 * request was allowed to do about it (reclaim, compaction) and what the
 * report left out (nodes outside the cpuset, zones above the request's).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "format.h"
#include "metrics.h"

#define COSTLY_ORDER 3	/* PAGE_ALLOC_COSTLY_ORDER [include/linux/mmzone.h] */

const char *cc_ex_cause_name(enum cc_ex_cause c)
{
	static const char *const names[CC_EX__N] = {
		"fragmentation", "below_watermark", "reserved_only", "zone_not_allowed",
		"cpuset", "no_reclaim_allowed", "unknown",
	};

	return (unsigned)c < CC_EX__N ? names[c] : "unknown";
}

static void add_missing(struct cc_ex_report *x, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void add_advice(struct cc_ex_report *x, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void reason(struct cc_ex_report *x, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* one more of *n formatted lines of `width` bytes each, unless max are there */
static void add_line(char *lines, size_t width, int *n, int max, const char *fmt, va_list ap)
{
	if (*n < max)
		vsnprintf(lines + (size_t)(*n)++ * width, width, fmt, ap);
}

static void add_missing(struct cc_ex_report *x, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_line(x->missing[0], sizeof(x->missing[0]), &x->nmissing, CC_EX_MAX_MISSING, fmt, ap);
	va_end(ap);
}

static void add_advice(struct cc_ex_report *x, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_line(x->advice[0], sizeof(x->advice[0]), &x->nadvice, CC_EX_MAX_ADVICE, fmt, ap);
	va_end(ap);
}

/* appends a sentence to the reason */
static void reason(struct cc_ex_report *x, const char *fmt, ...)
{
	size_t len = strlen(x->reason);
	va_list ap;

	if (len && len + 1 < sizeof(x->reason))
		x->reason[len++] = ' ', x->reason[len] = '\0';
	va_start(ap, fmt);
	vsnprintf(x->reason + len, sizeof(x->reason) - len, fmt, ap);
	va_end(ap);
}

/* kB in the byte formatter's words: "64 KiB", "2.0 MiB", "756 MiB" */
static const char *kb_text(char *buf, size_t n, uint64_t kb)
{
	cc_fmt_bytes(buf, n, kb > UINT64_MAX >> 10 ? UINT64_MAX : kb << 10);
	return buf;
}

/* ---- the kernel and the mask ---- */

static void read_mask(struct cc_ex_report *x)
{
	const struct cc_areport *r = x->r;
	int kv = r->kernel[0] ? cc_kver_parse(r->kernel) : 0;

	x->kver = kv;
	x->names_printed = r->flags[0] != '\0';
	if (r->have_mask) {
		cc_gfp_decode(r->mask, kv, x->names_printed ? r->flags : NULL, &x->gfp);
		cc_kver_format(x->gfp.layout, x->layout, sizeof(x->layout));
		x->layout_assumed = x->gfp.assumed;
		x->names_agree = x->gfp.names_agree;
		if (!kv)	/* the rules of the newest kernel with this layout */
			x->kver = x->gfp.layout_to;
	}
	x->kver_assumed = !kv;
	if (x->names_printed)
		snprintf(x->gfp_names, sizeof(x->gfp_names), "%s", r->flags);
	else if (r->have_mask)
		cc_gfp_format(x->gfp.flags, x->gfp.layout, x->gfp_names, sizeof(x->gfp_names));
	if (!r->have_mask)
		add_missing(x, "the GFP mask ('mode:0x...' on the header line)");
	if (!kv && r->have_mask && !x->names_printed)
		add_missing(x, "the kernel version (the 'CPU: ... Comm: ...' line): "
			    "the GFP bit layout of %s was assumed", x->layout);
	else if (!kv)
		add_missing(x, "the kernel version (the 'CPU: ... Comm: ...' line)");
	if (r->have_mask && !x->names_agree)
		add_missing(x, "agreement of the printed flag names with the %s bit "
			    "layout (a vendor kernel?)", x->layout);
}

/* ---- who asked ---- */

/* The allocator and the report's own frames, as prefixes */
static const char *const alloc_frames[] = {
	"dump_stack", "dump_backtrace", "show_stack", "dump_header", "warn_alloc",
	"__alloc_pages", "alloc_pages", "__get_free_pages", "get_zeroed_page",
	"__alloc_frozen", "alloc_frozen", "__folio_alloc", "folio_alloc",
	"alloc_slab_page", "new_slab", "allocate_slab", "___slab_alloc", "__slab_alloc",
	"slab_alloc", "kmem_cache_alloc", "__kmem_cache_alloc", "kmem_getpages",
	"fallback_alloc", "cache_alloc_refill", "____cache_alloc", "__do_cache_alloc",
	"cache_grow", "__kmalloc", "kmalloc", "__do_kmalloc", "alloc_kmem_pages",
	"__alloc_kmem_pages", "kvmalloc", "__kvmalloc", "kvzalloc", "__vmalloc",
	"vmalloc", "vzalloc", "vm_area_alloc_pages", "out_of_memory",
	"oom_kill_process", "dma_alloc", "dma_direct_alloc", "__dma_direct_alloc",
	"dma_generic_alloc", "__dma_alloc", "arch_dma_alloc", "alloc_pages_exact",
};

static bool is_alloc_frame(const char *fn)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(alloc_frames); i++)
		if (!strncmp(fn, alloc_frames[i], strlen(alloc_frames[i])))
			return true;
	return false;
}

/* Up to three frames after index last that are not the allocator's,
 * reliable ones only when strict: "caller < its caller < ..." */
static int callers_after(struct cc_ex_report *x, int last, bool strict)
{
	const struct cc_areport *r = x->r;
	size_t len = 0;
	int i, n = 0;

	for (i = last + 1; i < r->nframes && n < 3; i++) {
		const char *fn = r->frames[i].fn;
		int w;

		if ((strict && !r->frames[i].reliable) || is_alloc_frame(fn))
			continue;
		if (!n)
			snprintf(x->caller, sizeof(x->caller), "%s", fn);
		w = snprintf(x->callers + len, sizeof(x->callers) - len, "%s%s",
			     n ? " < " : "", fn);
		if (w < 0 || (size_t)w >= sizeof(x->callers) - len)
			break;
		len += (size_t)w;
		n++;
	}
	return n;
}

/* The first frame after the allocator's: in the first frames, find the
 * last allocator frame; the caller is the next one. Frames marked "?"
 * are skipped when the trace has reliable ones (old x86 marks all), unless
 * the trace was cut before a reliable one came (then a "?" frame, which
 * x86 prints for a return address found on the stack, is the best left). */
static void find_caller(struct cc_ex_report *x)
{
	const struct cc_areport *r = x->r;
	bool any_reliable = false;
	int i, last = -1;

	for (i = 0; i < r->nframes; i++)
		any_reliable |= r->frames[i].reliable;
	for (i = 0; i < r->nframes && i < 24; i++)
		if ((r->frames[i].reliable || !any_reliable) && is_alloc_frame(r->frames[i].fn))
			last = i;
	if (!callers_after(x, last, any_reliable) && any_reliable)
		callers_after(x, last, false);
}

static bool frames_have(const struct cc_areport *r, const char *prefix)
{
	for (int i = 0; i < r->nframes && i < 24; i++)
		if (!strncmp(r->frames[i].fn, prefix, strlen(prefix)))
			return true;
	return false;
}

/* ---- the request ---- */

static void read_request(struct cc_ex_report *x, const struct cc_alloc_system *sys)
{
	const struct cc_areport *r = x->r;
	cc_gfp_t g = x->gfp.flags;

	x->order = r->order;
	x->page_kb = cc_report_page_kb(r);
	x->page_kb_assumed = !x->page_kb;
	if (!x->page_kb)
		x->page_kb = 4;
	x->block_kb = (uint64_t)x->page_kb << (x->order < 0 ? 0 : x->order);
	if (r->kind == CC_AR_VMALLOC && r->vmalloc_size)
		x->size_bytes = r->vmalloc_size;
	else if (x->order >= 0)
		x->size_bytes = x->block_kb * 1024;
	x->highest = cc_gfp_zone(sys, g);
	x->direct_reclaim = cc_gfp_direct_reclaim(sys, g);
	x->kswapd = cc_gfp_kswapd_reclaim(sys, g);
	x->io = g & CC_GFP(IO);
	x->fs = g & CC_GFP(FS);
	x->high = g & CC_GFP(HIGH);
	x->atomic_ctx = !x->direct_reclaim;
	x->nowarn = g & CC_GFP(NOWARN);
	x->costly = x->order > COSTLY_ORDER;
	x->retry = (g & CC_GFP(NOFAIL)) ? "__GFP_NOFAIL" :
		   (g & CC_GFP(RETRY_MAYFAIL)) ? "__GFP_RETRY_MAYFAIL" :
		   (g & CC_GFP(REPEAT)) ? "__GFP_REPEAT" :
		   (g & CC_GFP(NORETRY)) ? "__GFP_NORETRY" : "none";
	if (x->order < 0 && r->kind != CC_AR_VMALLOC)
		add_missing(x, "the order ('order:N' on the header line)");
	if (x->order <= 0 || !r->have_mask)
		x->compaction_possible = x->order == 0 ? 0 : -1;
	else
		x->compaction_possible = cc_gfp_may_compact(sys, g, x->order);
}

/* ---- the zones ---- */

/* Types an order-k request may take a block from: the verdict's (alloc.c's
 * (B) rule); order 0 is served from the per-CPU lists, which __rmqueue
 * refills and which never take HighAtomic [mm/page_alloc.c rmqueue_bulk,
 * __rmqueue v4.4 .. v6.18]; before 4.4 MIGRATE_RESERVE was __rmqueue's
 * last fallback for every type [mm/page_alloc.c __rmqueue v3.16]. */
static uint32_t usable_types(const struct cc_alloc_verdict *v, int kver, int order)
{
	uint32_t t = v->allowed_types;

	if (order == 0)
		t &= ~CC_MT_BIT(CC_MT_HIGHATOMIC);
	if (kver && kver < CC_KVER(4, 4, 0))
		t |= CC_MT_BIT(CC_MT_RESERVE);
	return t;
}

static void zone_blocks(struct cc_ex_report *x, struct cc_ex_zone *ez, uint32_t usable)
{
	const struct cc_ar_zone *z = &x->r->zones[ez->rz];
	int k = x->order < 0 ? 0 : x->order, o;
	bool letters = false;
	struct cc_contig ci;

	ez->have_buddy = z->buddy_line && z->norders > 0;
	if (!ez->have_buddy)
		return;
	for (o = 0; o < z->norders; o++)
		letters |= z->types[o][0] != '\0';
	letters |= z->letters;
	for (o = k; o < z->norders; o++) {
		ez->blocks_ge += z->count[o];
		for (const char *c = z->types[o]; *c; c++) {
			int mt = cc_amt_from_letter(*c);

			if (mt >= 0 && z->count[o])
				ez->types_ge |= CC_MT_BIT(mt);
		}
	}
	if (!x->r->zones[ez->rz].letters && !letters) {
		/* no letters (before 3.8): types unknown, blocks taken as usable */
		ez->usable_block = ez->blocks_ge > 0;
	} else {
		ez->usable_block = (ez->types_ge & usable) != 0;
		ez->reserved_only = ez->blocks_ge > 0 && !ez->usable_block;
	}
	cc_contig_info(z->count, z->norders, k, &ci);
	ez->unusable_index = cc_unusable_index(&ci, k);
	ez->fragindex = cc_fragmentation_index(&ci, k, z->norders - 1);
}

static const char *not_eligible_why(const struct cc_ex_report *x, const struct cc_ar_zone *z,
				    const struct cc_nodeset *keep)
{
	int t = cc_ztype_from_name(z->name), id = z->node < 0 ? 0 : z->node;

	if (!cc_nodeset_has(keep, id))
		return "node not in the request's nodemask";
	if (t > (int)x->highest)
		return "above the request's highest zone";
	if (x->gfp.flags & CC_GFP(THISNODE))
		return "another node (__GFP_THISNODE)";
	return "not in the zonelist";
}

/* A zone the model had but its verdict left out (alloc.c keeps the walk up
 * to the zone that serves and at most CC_ALLOC_MAX_REMOTE other nodes'
 * zones): eligible by the request's own rules, its check not known */
static bool omitted_eligible(const struct cc_ex_report *x, const struct cc_ar_zone *z,
			     const struct cc_nodeset *keep, int start)
{
	int t = cc_ztype_from_name(z->name), id = z->node < 0 ? 0 : z->node;

	return t >= 0 && t <= (int)x->highest && cc_nodeset_has(keep, id) &&
	       !((x->gfp.flags & CC_GFP(THISNODE)) && id != start);
}

/* A printed node list ("0-1,3", %*pbl) into set; false when not a list
 * ("(null)": no nodemask) */
static bool node_list(const char *s, struct cc_nodeset *set)
{
	return s[0] && strcmp(s, "(null)") && cc_nodeset_parse(set, s) == 0;
}

/* A zone without its free pages or watermarks (no zone line; or no
 * free-block line, free set to -1 below) has no outcome here: alloc.c,
 * built for status's trees, may judge such a zone by its free lists alone
 * (no block: fragmented or low memory by the fragmentation index), which a
 * report missing these lines cannot support; the cause stays unknown and
 * missing[] says what to paste */
static bool check_unknown(const struct cc_alloc_system *sys,
			  const struct cc_alloc_zone_result *zr)
{
	const struct cc_alloc_zone *z = &sys->nodes[zr->node_pos].zones[zr->zone_pos];

	return z->free < 0 || z->min < 0;
}

static void evaluate_zones(struct cc_ex_report *x, struct cc_alloc_system *sys,
			   struct cc_alloc_verdict *v, const struct cc_nodeset *keep)
{
	const struct cc_areport *r = x->r;
	struct cc_ex_sysmap map[CC_AR_MAX_ZONES];
	bool listed[CC_AR_MAX_ZONES] = { false };
	uint32_t usable;
	int nmap, i, j;

	nmap = cc_alloc_from_report(r, x->kver, keep, sys, map, CC_AR_MAX_ZONES);
	read_request(x, sys);
	/* without its free-block line a zone cannot answer (B) for k > 0:
	 * unknown, not "no block" (see check_unknown) */
	for (j = 0; j < nmap && x->order > 0; j++)
		if (!r->zones[map[j].report_zone].buddy_line)
			sys->nodes[map[j].node_pos].zones[map[j].zone_pos].free = -1;
	memset(v, 0, sizeof(*v));
	v->serve = v->cause_zone = -1;
	if (!sys->nnodes ||
	    cc_alloc_decide(sys, x->gfp.flags, x->order < 0 ? 0 : x->order,
			    sys->nodes[0].id, v) < 0)
		v->cause = CC_AC_UNKNOWN;
	x->model_cause = v->cause;
	x->cpuset_applies = (v->flags_slow & CC_ALLOC_CPUSET) != 0;
	usable = usable_types(v, x->kver, x->order < 0 ? 0 : x->order);
	for (i = 0; i < v->nzones && x->nzones < CC_AR_MAX_ZONES; i++) {
		const struct cc_alloc_zone_result *zr = &v->zones[i];
		struct cc_ex_zone *ez = &x->zones[x->nzones];

		for (j = 0; j < nmap; j++)
			if (map[j].node_pos == zr->node_pos && map[j].zone_pos == zr->zone_pos)
				break;
		if (j == nmap)
			continue;
		memset(ez, 0, sizeof(*ez));
		ez->rz = map[j].report_zone;
		ez->walk = zr->walk;
		ez->eligible = zr->walk >= 0;
		ez->evaluated = zr->walk >= 0;
		ez->outcome = check_unknown(sys, zr) ? CC_ZO_UNKNOWN : zr->outcome;
		ez->check = zr->min;
		ez->compaction_suitable = zr->compaction_suitable;
		if (!ez->eligible)
			ez->not_why = not_eligible_why(x, &r->zones[ez->rz], keep);
		zone_blocks(x, ez, usable);
		listed[ez->rz] = true;
		x->nzones++;
	}
	for (i = 0; i < r->nzones && x->nzones < CC_AR_MAX_ZONES; i++) {
		struct cc_ex_zone *ez = &x->zones[x->nzones];

		if (listed[i])
			continue;
		memset(ez, 0, sizeof(*ez));
		ez->rz = i;
		ez->walk = -1;
		ez->outcome = CC_ZO_UNKNOWN;
		for (j = 0; j < nmap && map[j].report_zone != i; j++)
			;
		ez->eligible = j < nmap && v->zones_omitted > 0 &&
			       omitted_eligible(x, &r->zones[i], keep, sys->nodes[0].id);
		ez->not_why = ez->eligible ? "not examined: the walk stops at the serving zone or "
					     "after 16 zones of other nodes"
					   : not_eligible_why(x, &r->zones[i], keep);
		zone_blocks(x, ez, usable);
		x->nzones++;
	}
}

/* ---- what the report shows and leaves out ---- */

static void check_report(struct cc_ex_report *x)
{
	const struct cc_areport *r = x->r;
	uint64_t printed_kb = 0;
	int i;

	if (!r->trace)
		add_missing(x, "the call trace");
	if (!r->meminfo_line && !r->nzones)
		add_missing(x, "the Mem-Info block (zones, watermarks, free blocks)");
	else if (!r->meminfo_line)
		add_missing(x, "the start of the Mem-Info block (global counters)");
	for (i = 0; i < r->nzones; i++) {
		const struct cc_ar_zone *z = &r->zones[i];
		char where[32];

		if (z->node >= 0)
			snprintf(where, sizeof(where), "Node %d %s", z->node, z->name);
		else
			snprintf(where, sizeof(where), "%s", z->name);
		if (!z->zone_line)
			add_missing(x, "the zone line of %s (free, min, low, high)", where);
		else if (!z->reserve_line)
			add_missing(x, "lowmem_reserve[] of %s", where);
		if (!z->buddy_line)
			add_missing(x, "the free blocks of %s (its 'n*4kB ...' line)", where);
		else if (!z->have_total)
			add_missing(x, "the total of %s's free-block line (summed: %" PRIu64 " kB)",
				    where, z->sum_kb);
		if (z->zone_line && (z->have & (1u << AZ_FREE)))
			printed_kb += z->v[AZ_FREE];
		else if (z->buddy_line)
			printed_kb += z->sum_kb;
	}
	if (r->nzones && !r->meminfo_line && !(r->have_global & 1))
		add_missing(x, "zones and nodes the poster left out (only %d zone%s shown)",
			    r->nzones, r->nzones == 1 ? "" : "s");
	/* the global free: counter is never filtered (show_free_areas), the
	 * zone lines are: by cpuset nodes (2.6.39+) and by zone (6.1+) */
	if (r->have_global & 1) {
		uint64_t global_kb = r->g_free * x->page_kb;

		if (global_kb > printed_kb + printed_kb / 8 + 4096)
			x->hidden_free_kb = global_kb - printed_kb;
	}
	for (i = 0; i < r->nnodes; i++) {
		bool has_zone = false;

		for (int j = 0; j < r->nzones; j++)
			has_zone |= (r->zones[j].node < 0 ? 0 : r->zones[j].node) == r->nodes[i].id;
		if (!has_zone)
			x->filtered = true;
	}
	if (x->hidden_free_kb)
		x->filtered = true;
}

/* The kernel left nodes out: per-node lines without zone lines, or a
 * mems_allowed narrower than the nodes it shows */
static bool nodes_filtered(const struct cc_ex_report *x)
{
	const struct cc_areport *r = x->r;
	struct cc_nodeset mems;

	for (int i = 0; i < r->nnodes; i++) {
		bool has_zone = false;

		for (int j = 0; j < r->nzones; j++)
			has_zone |= (r->zones[j].node < 0 ? 0 : r->zones[j].node) == r->nodes[i].id;
		if (!has_zone)
			return true;
	}
	if (r->have_mems && node_list(r->mems_allowed, &mems))
		for (int i = 0; i < r->nnodes; i++)
			if (r->nodes[i].id <= CC_MAX_NODE_ID && !cc_nodeset_has(&mems, r->nodes[i].id))
				return true;
	return false;
}

/* ---- the cause ---- */

static const struct cc_ar_zone *rzone(const struct cc_ex_report *x, const struct cc_ex_zone *ez)
{
	return &x->r->zones[ez->rz];
}

static void zone_label(const struct cc_ex_report *x, const struct cc_ex_zone *ez,
		       char *buf, size_t n)
{
	const struct cc_ar_zone *z = rzone(x, ez);

	if (z->node >= 0)
		snprintf(buf, n, "Node %d %s", z->node, z->name);
	else
		snprintf(buf, n, "%s", z->name);
}

static uint64_t zone_free_kb(const struct cc_ar_zone *z)
{
	if (z->buddy_line)
		return z->have_total ? z->total_kb : z->sum_kb;
	return (z->have & (1u << AZ_FREE)) ? z->v[AZ_FREE] : 0;
}

/* eligible zones the request could really use (not fenced off by
 * lowmem_reserve), first in walk order */
static int candidates(const struct cc_ex_report *x, const struct cc_ex_zone **c, int max)
{
	int n = 0;

	for (int i = 0; i < x->nzones && n < max; i++)
		if (x->zones[i].eligible && x->zones[i].outcome != CC_ZO_RESERVE)
			c[n++] = &x->zones[i];
	return n;
}

static bool outcome_is(enum cc_zone_outcome o, enum cc_zone_outcome a, enum cc_zone_outcome b)
{
	return o == a || o == b;
}

/* the memory state of the zones the request could use */
static enum cc_ex_cause zone_state(const struct cc_ex_zone **c, int n,
				   const struct cc_ex_zone **why)
{
	int i, with_blocks = 0, reserved = 0;

	*why = NULL;
	for (i = 0; i < n; i++)
		if (c[i]->have_buddy && c[i]->blocks_ge) {
			with_blocks++;
			if (c[i]->reserved_only) {
				reserved++;
				if (!*why)
					*why = c[i];
			}
		}
	if (with_blocks && reserved == with_blocks)
		return CC_EX_RESERVED_ONLY;
	*why = NULL;
	for (i = 0; i < n; i++)
		if (outcome_is(c[i]->outcome, CC_ZO_FRAGMENTED, CC_ZO_NOFRAGMENT)) {
			*why = c[i];
			return CC_EX_FRAGMENTATION;
		}
	for (i = 0; i < n; i++)
		if (outcome_is(c[i]->outcome, CC_ZO_WATERMARK, CC_ZO_BOOST) ||
		    c[i]->outcome == CC_ZO_LOW_MEMORY) {
			*why = c[i];
			return CC_EX_BELOW_WATERMARK;
		}
	for (i = 0; i < n; i++)
		if (outcome_is(c[i]->outcome, CC_ZO_HIGHATOMIC, CC_ZO_CMA)) {
			*why = c[i];
			return CC_EX_RESERVED_ONLY;
		}
	return CC_EX_UNKNOWN;
}

/* Is a DMA/DMA32 request's own zone out of memory for it (too few free
 * pages, or too small to ever hold the block) while other memory was free? */
static bool zone_modifier_starves(const struct cc_ex_report *x, const struct cc_ex_zone **c,
				  int n, uint64_t *other_kb)
{
	uint64_t need_kb = x->block_kb;
	int i;

	*other_kb = x->hidden_free_kb;
	for (i = 0; i < x->nzones; i++)
		if (!x->zones[i].eligible)
			*other_kb += zone_free_kb(rzone(x, &x->zones[i]));
	if (x->highest >= CC_ZT_NORMAL || *other_kb < need_kb)
		return false;
	for (i = 0; i < n; i++) {
		const struct cc_ar_zone *z = rzone(x, c[i]);
		bool too_small = (z->have & (1u << AZ_MANAGED)) && z->v[AZ_MANAGED] < need_kb;

		if (!too_small && !outcome_is(c[i]->outcome, CC_ZO_WATERMARK, CC_ZO_BOOST) &&
		    c[i]->outcome != CC_ZO_LOW_MEMORY)
			return false;
	}
	return true;
}

const char *cc_ex_block_text(const struct cc_ex_report *x, char *buf, size_t n)
{
	cc_fmt_size_exact(buf, n, x->block_kb << 10);
	return buf;
}

static void explain_special(struct cc_ex_report *x, bool *done)
{
	const struct cc_areport *r = x->r;
	char b1[32];

	*done = true;
	if (r->kind == CC_AR_VMALLOC && strstr(r->vmalloc_what, "exceeds total pages")) {
		x->state = "request_too_large";
		reason(x, "vmalloc was asked for %s, more than the machine's total memory "
		       "('exceeds total pages'): no page was allocated, so free memory and "
		       "fragmentation play no part.", kb_text(b1, sizeof(b1), r->vmalloc_size / 1024));
		add_advice(x, "Check the size %s asked for (%" PRIu64 " bytes): it is larger "
			   "than all memory.", x->caller[0] ? x->caller : "the caller",
			   r->vmalloc_size);
		return;
	}
	if (r->kind == CC_AR_VMALLOC && (strstr(r->vmalloc_what, "vm_struct") ||
					 strstr(r->vmalloc_what, "map pages"))) {
		x->state = "vmalloc_space";
		reason(x, "vmalloc failed to %s: the vmalloc address space or page tables "
		       "ran out, not free pages.", strstr(r->vmalloc_what, "vm_struct") ?
		       "reserve a virtual range" : "map the pages");
		add_advice(x, "On 32-bit kernels enlarge the vmalloc area (vmalloc= boot "
			   "parameter); check /proc/vmallocinfo for the largest users.");
		return;
	}
	if (r->kind == CC_AR_OOM && strstr(r->oom_constraint, "MEMCG")) {
		x->state = "memcg_limit";
		reason(x, "The OOM killer ran for a memory cgroup (%s): the cgroup's "
		       "limit was reached, not the machine's free memory.", r->oom_constraint);
		add_advice(x, "Raise the cgroup's memory.max (or memory.limit_in_bytes) or "
			   "reduce what runs in it; the zone numbers below are the machine's.");
		return;
	}
	*done = false;
}

static void decide(struct cc_ex_report *x, const struct cc_alloc_verdict *v)
{
	const struct cc_ex_zone *c[CC_AR_MAX_ZONES], *why;
	uint64_t other_kb;
	int n = candidates(x, c, CC_AR_MAX_ZONES);
	enum cc_ex_cause st;
	bool special;

	x->cause = CC_EX_UNKNOWN;
	x->compaction_helps = -1;
	explain_special(x, &special);
	if (special)
		return;
	if (!x->nzones) {
		x->state = "unknown";
		reason(x, "The report has no zone or free-block lines, so the state of "
		       "memory at the failure is not known.");
		return;
	}
	if (v->cause == CC_AC_TOO_LARGE) {
		x->state = "order_too_large";
		reason(x, "Order %d is beyond the buddy allocator's largest order (%d in the "
		       "free-block lines): no zone can ever hold such a block.", x->order,
		       x->r->zones[0].norders - 1);
		add_advice(x, "Ask for at most order %d, or allocate the memory differently "
			   "(vmalloc, CMA, or a reservation at boot).", x->r->zones[0].norders - 1);
		return;
	}
	st = zone_state(c, n, &why);
	if (x->order > 0 && v->nzones)
		x->compaction_helps = v->compaction_helps;
	else if (x->order == 0)
		x->compaction_helps = 0;
	/* the reserve shows in the free lists even when the watermark cannot be
	 * checked (no zone line): it wins over "available" too, since the pages
	 * the watermark counts are the ones the request may not take */
	if (st == CC_EX_RESERVED_ONLY && why && why->reserved_only) {
		x->cause = CC_EX_RESERVED_ONLY;
		x->state = "reserved_only";
		return;
	}
	if (v->cause == CC_AC_AVAILABLE) {
		x->state = "available";
		x->cause = nodes_filtered(x) && x->cpuset_applies ? CC_EX_CPUSET : CC_EX_UNKNOWN;
		return;
	}
	if (!n || zone_modifier_starves(x, c, n, &other_kb)) {
		bool any = false;

		for (int i = 0; i < x->nzones; i++)
			any |= x->zones[i].eligible;
		x->state = n ? "below_watermark" : "no_usable_zone";
		x->cause = any || x->hidden_free_kb ? CC_EX_ZONE_NOT_ALLOWED : CC_EX_UNKNOWN;
		return;
	}
	x->state = cc_ex_cause_name(st);
	if (st == CC_EX_UNKNOWN) {
		x->cause = CC_EX_UNKNOWN;
		return;
	}
	if (x->cpuset_applies && nodes_filtered(x) && x->hidden_free_kb >
	    x->block_kb * 4 &&
	    st != CC_EX_RESERVED_ONLY) {
		x->cause = CC_EX_CPUSET;
		return;
	}
	/* what the request was not allowed to do about it */
	if (st == CC_EX_BELOW_WATERMARK && !x->direct_reclaim)
		x->cause = CC_EX_NO_RECLAIM_ALLOWED;
	else if (st == CC_EX_FRAGMENTATION && x->direct_reclaim && x->order > 0 &&
		 x->compaction_possible == 0)
		x->cause = CC_EX_NO_RECLAIM_ALLOWED;
	else
		x->cause = st;
}

/* ---- the words: reason and advice ---- */

/* vm.min_free_kbytes as the zones show it: min is split over the zones up
 * to Normal in proportion to their managed pages, plus boost when printed
 * (__setup_per_zone_wmarks). "at least" when zones are left out. */
static uint64_t min_free_estimate(const struct cc_ex_report *x, uint64_t *lowmem_kb)
{
	uint64_t sum = 0;

	*lowmem_kb = 0;
	for (int i = 0; i < x->r->nzones; i++) {
		const struct cc_ar_zone *z = &x->r->zones[i];
		int t = cc_ztype_from_name(z->name);

		if (t < 0 || t > CC_ZT_NORMAL || !(z->have & (1u << AZ_MIN)))
			continue;
		sum += z->v[AZ_MIN] - ((z->have & (1u << AZ_BOOST)) && z->v[AZ_BOOST] <= z->v[AZ_MIN] ?
				       z->v[AZ_BOOST] : 0);
		if (z->have & (1u << AZ_MANAGED))
			*lowmem_kb += z->v[AZ_MANAGED];
		else if (z->have & (1u << AZ_PRESENT))
			*lowmem_kb += z->v[AZ_PRESENT];
	}
	return sum;
}

static void advise_min_free(struct cc_ex_report *x, const char *why)
{
	uint64_t lowmem, cur = min_free_estimate(x, &lowmem), want;

	if (!cur)
		return;
	want = cur * 2;
	if (lowmem && want > lowmem / 20)
		want = lowmem / 20;	/* no more than 5% of low memory */
	want = (want + 1023) / 1024 * 1024;
	if (want <= cur)
		return;
	add_advice(x, "Raise vm.min_free_kbytes from about %" PRIu64 "%s (the zones' min "
		   "watermarks) to %" PRIu64 ": %s",
		   cur, x->filtered ? " or more" : "", want, why);
}

static void advise_wsf(struct cc_ex_report *x, const struct cc_ex_zone *ez)
{
	const struct cc_ar_zone *z = rzone(x, ez);
	uint64_t gap, managed;
	unsigned est, want;
	char b1[32];

	if (x->kver && x->kver < CC_KVER(4, 6, 0))
		return;	/* vm.watermark_scale_factor came in 4.6 */
	if (!(z->have & (1u << AZ_LOW)) || !(z->have & (1u << AZ_MIN)) ||
	    !(z->have & (1u << AZ_MANAGED)) || !z->v[AZ_MANAGED] || z->v[AZ_LOW] < z->v[AZ_MIN])
		return;
	gap = z->v[AZ_LOW] - z->v[AZ_MIN];
	managed = z->v[AZ_MANAGED];
	/* low = min + max(min/4, managed * wsf / 10000) [mm/page_alloc.c
	 * __setup_per_zone_wmarks]: the gap bounds wsf from above */
	est = (unsigned)(gap * 10000 / managed);
	if (est >= 50)
		return;	/* already well above the default (10): not the lever */
	want = est * 3 < 30 ? 30 : (est * 3 + 9) / 10 * 10;
	add_advice(x, "Raise vm.watermark_scale_factor to %u (the low-min gap of %s is %s, "
		   "about %u): kswapd then wakes %s earlier, before atomic requests reach min.",
		   want, z->name, kb_text(b1, sizeof(b1), gap), est,
		   kb_text((char[32]){ 0 }, 32, managed * want / 10000 - gap));
}

static bool used_kmalloc(const struct cc_ex_report *x)
{
	return frames_have(x->r, "__kmalloc") || frames_have(x->r, "kmalloc");
}

static bool refills_slab(const struct cc_ex_report *x)
{
	return frames_have(x->r, "new_slab") || frames_have(x->r, "allocate_slab") ||
	       frames_have(x->r, "kmem_getpages") || frames_have(x->r, "cache_grow");
}

static void advise_caller(struct cc_ex_report *x)
{
	char sz[32];
	const char *who = x->caller[0] ? x->caller : "the caller";

	cc_ex_block_text(x, sz, sizeof(sz));
	if (x->order <= 0)
		return;
	for (int i = 0; i < x->nzones; i++)
		if (!x->zones[i].eligible && x->zones[i].usable_block &&
		    !strcmp(x->zones[i].not_why, "above the request's highest zone")) {
			add_advice(x, "Drop %s unless the memory must lie in ZONE_%s (a device's "
				   "addressing limit): %s had "
				   "free blocks of %s or more.", x->highest == CC_ZT_DMA ?
				   "GFP_DMA" : x->highest == CC_ZT_DMA32 ? "GFP_DMA32" :
				   "the zone modifier", cc_ztype_name(x->highest),
				   rzone(x, &x->zones[i])->name, sz);
			break;
		}
	if (refills_slab(x) && x->order <= COSTLY_ORDER && !used_kmalloc(x))
		add_advice(x, "The request refills a slab cache with order-%d slabs: the boot "
			   "parameter %s=0 makes its slabs order 0 where the object size "
			   "allows.", x->order, frames_have(x->r, "new_slab") ||
			   frames_have(x->r, "allocate_slab") ? "slub_max_order" : "slab_max_order");
	else if (used_kmalloc(x) && x->direct_reclaim && x->order >= 2)
		add_advice(x, "%s allocates %s with kmalloc(): kvmalloc() would fall back to "
			   "vmalloc's single pages when no %s block is free.", who, sz, sz);
	else if (x->atomic_ctx)
		add_advice(x, "%s asks for %s blocks where it cannot sleep: allocate them "
			   "ahead (at setup, or in a mempool) or use smaller pieces.", who, sz);
	if (x->costly && x->direct_reclaim && strcmp(x->retry, "__GFP_RETRY_MAYFAIL") &&
	    strcmp(x->retry, "__GFP_NOFAIL") && x->kver >= CC_KVER(4, 13, 0))
		add_advice(x, "If %s can wait, __GFP_RETRY_MAYFAIL makes this costly order "
			   "retry reclaim and compaction before failing.", who);
	if (!x->nowarn)
		add_advice(x, "If %s handles the failure (falls back or retries), "
			   "__GFP_NOWARN keeps it out of the log.", who);
}

static void advise_compaction(struct cc_ex_report *x)
{
	if (!x->kver || x->kver >= CC_KVER(5, 9, 0))
		add_advice(x, "Set vm.compaction_proactiveness=60 (default 20): kcompactd "
			   "then compacts whenever a node's fragmentation score is above "
			   "40; 'echo 1 > /proc/sys/vm/compact_memory' compacts once now.");
	else
		add_advice(x, "Compact in the background before the demand: 'echo 1 > "
			   "/proc/sys/vm/compact_memory' (vm.compaction_proactiveness needs 5.9).");
}

/* free kB in blocks of order >= k */
static uint64_t kb_at_or_above(const struct cc_ex_report *x, const struct cc_ar_zone *z)
{
	uint64_t kb = 0;

	for (int o = x->order < 0 ? 0 : x->order; o < z->norders; o++)
		kb += z->count[o] * (z->block_kb << o);
	return kb;
}

static void explain_fragmentation(struct cc_ex_report *x, const struct cc_ex_zone *ez)
{
	const struct cc_ar_zone *z = rzone(x, ez);
	char zl[32], sz[32], fr[32], ge[32], fi[16];

	zone_label(x, ez, zl, sizeof(zl));
	cc_ex_block_text(x, sz, sizeof(sz));
	kb_text(fr, sizeof(fr), zone_free_kb(z));
	cc_fmt_milli(fi, sizeof(fi), ez->fragindex);
	if (!ez->blocks_ge)
		reason(x, "%s had %s free but no free block of %s or more (fragmentation "
		       "index %s).", zl, fr, sz, fi);
	else if (x->kver && x->kver < CC_KVER(4, 4, 0))
		reason(x, "%s had %s free, only %s of it in blocks of %s or more; "
		       "before 4.4 the watermark check discounts the smaller blocks "
		       "order by order and halves min each time, so it wanted more than "
		       "%" PRIu64 " kB (min/%llu) there.", zl, fr,
		       kb_text(ge, sizeof(ge), kb_at_or_above(x, z)), sz,
		       (uint64_t)(ez->check.reduced > 0 ? ez->check.reduced >> x->order : 0) *
		       x->page_kb, 1ull << x->order);
	else
		reason(x, "%s had %s free; its free blocks of %s or more were of types this "
		       "request may not take.", zl, fr, sz);
	if ((z->have & (1u << AZ_BOOST)) && z->v[AZ_BOOST])
		reason(x, "Its watermarks were boosted by %s (watermark_boost_factor: "
		       "fallbacks had mixed pageblocks), so kswapd and kcompactd were "
		       "already at work on this.", kb_text(ge, sizeof(ge), z->v[AZ_BOOST]));
}

static void say_fragmentation(struct cc_ex_report *x, const struct cc_ex_zone *ez)
{
	char sz[32];

	cc_ex_block_text(x, sz, sizeof(sz));
	explain_fragmentation(x, ez);
	if (x->atomic_ctx)
		reason(x, "A request that cannot sleep can neither reclaim nor compact: it "
		       "depends on such blocks being free already.");
	else if (x->compaction_possible == 1)
		reason(x, "Compaction could run for it and did not produce a %s block in time.", sz);
	for (int i = 0; i < x->nzones; i++)
		if (!x->zones[i].eligible && x->zones[i].usable_block &&
		    !strcmp(x->zones[i].not_why, "above the request's highest zone")) {
			char zl[32];

			zone_label(x, &x->zones[i], zl, sizeof(zl));
			reason(x, "%s had such blocks, but the request's zone modifier "
			       "(%s) excludes it.", zl, cc_ztype_name(x->highest));
			break;
		}
	advise_caller(x);
	advise_compaction(x);
	advise_min_free(x, "kswapd and kcompactd then keep more memory free, and in "
			"larger blocks.");
}

static void say_below(struct cc_ex_report *x, const struct cc_ex_zone *ez)
{
	const struct cc_ar_zone *z = rzone(x, ez);
	const struct cc_wmark_check *c = &ez->check;
	int64_t pk = x->page_kb;
	char zl[32], b1[32], b2[32], fi[16], low[64] = "", res[64] = "", excl[80] = "";

	zone_label(x, ez, zl, sizeof(zl));
	if (ez->outcome == CC_ZO_LOW_MEMORY) {
		cc_fmt_milli(fi, sizeof(fi), ez->fragindex);
		reason(x, "%s had %s free, no block of %s or more, and too little free "
		       "memory for compaction to make one (fragmentation index %s <= 0.500): "
		       "reclaim had to free memory first.", zl,
		       kb_text(b1, sizeof(b1), zone_free_kb(z)), cc_ex_block_text(x, b2, sizeof(b2)), fi);
		return;
	}
	if (c->reduced != c->mark)
		snprintf(low, sizeof(low), ", lowered to %" PRId64 " kB for its rights",
			 c->reduced * pk);
	if (c->reserve > 0)
		snprintf(res, sizeof(res), ", plus lowmem_reserve %" PRId64 " kB", c->reserve * pk);
	if (c->cma > 0 || c->highatomic > 0)
		snprintf(excl, sizeof(excl), " (%s%" PRId64 " kB %s excluded)",
			 c->cma > 0 && c->highatomic > 0 ? "CMA and highatomic: " : "",
			 (c->cma + c->highatomic) * pk, c->cma > 0 && c->highatomic > 0 ? "" :
			 c->cma > 0 ? "CMA" : "highatomic");
	reason(x, "%s: %" PRId64 " kB free%s, %" PRId64 " kB of it usable for this request%s, "
	       "against more than %" PRId64 " kB needed (min %" PRId64 " kB%s%s).", zl,
	       c->free * pk, z->buddy_line && zone_free_kb(z) != (uint64_t)(c->free * pk) ?
	       " by the zone line" : "", c->usable * pk, excl, c->needed * pk, c->mark * pk,
	       low, res);
	if (!x->direct_reclaim && x->kswapd && (z->have & (1u << AZ_LOW)) &&
	    (uint64_t)(c->free * pk) < z->v[AZ_LOW])
		reason(x, "Free memory was below the low watermark (%" PRIu64 " kB), so kswapd "
		       "had been woken and had not caught up.", z->v[AZ_LOW]);
}

static void say_below_watermark(struct cc_ex_report *x, const struct cc_ex_zone *ez)
{
	const struct cc_areport *r = x->r;
	bool hopeless = false;

	say_below(x, ez);
	for (int i = 0; i < r->nnodes; i++)
		hopeless |= r->nodes[i].all_unreclaimable == 1;
	for (int i = 0; i < r->nzones; i++)
		hopeless |= r->zones[i].all_unreclaimable == 1;
	if (r->kind == CC_AR_OOM)
		reason(x, "Reclaim made no progress%s, so the OOM killer was invoked.",
		       hopeless ? " (all_unreclaimable? yes)" : "");
	else if (r->kind == CC_AR_STALL)
		reason(x, "The request was still reclaiming after %ld ms.", r->stall_ms);
	add_advice(x, "Memory was exhausted%s: find what holds it (the OOM report's task "
		   "list, slab, page cache that cannot be written back), add memory or swap, "
		   "or confine the consumer with a memory cgroup limit.",
		   hopeless ? " and nothing was left to reclaim" : "");
	if (!x->nowarn && r->kind == CC_AR_FAILURE && !x->costly)
		advise_min_free(x, "reclaim starts earlier, but this only moves the point of "
				"failure when memory is used up.");
}

static void say_no_reclaim(struct cc_ex_report *x, const struct cc_ex_zone *ez)
{
	char sz[32];

	cc_ex_block_text(x, sz, sizeof(sz));
	if (!x->direct_reclaim) {
		say_below(x, ez);
		reason(x, "%s cannot reclaim (no __GFP_DIRECT_RECLAIM): it may only wake "
		       "kswapd and take what is free above its lowered watermark.",
		       x->gfp_names[0] ? x->gfp_names : "The request");
		advise_min_free(x, "the watermarks rise, kswapd starts earlier and "
				"atomic requests keep more headroom.");
		advise_wsf(x, ez);
		if (!x->nowarn)
			add_advice(x, "Atomic failures are expected under bursts (e.g. network "
				   "receive); if %s retries or drops, __GFP_NOWARN silences it.",
				   x->caller[0] ? x->caller : "the caller");
		return;
	}
	explain_fragmentation(x, ez);
	reason(x, "%s cannot compact: direct compaction needs __GFP_IO "
	       "(try_to_compact_pages%s), so after one reclaim pass the %s request failed.",
	       x->gfp_names[0] ? x->gfp_names : "The request",
	       x->kver && x->kver < CC_KVER(4, 10, 0) ? ", and __GFP_FS before 4.10" : "",
	       x->costly ? "costly" : "high-order");
	add_advice(x, "Allocate the %s outside the NOIO/NOFS section (e.g. at probe or "
		   "before suspend) and keep it, or use kvmalloc()%s.", sz,
		   used_kmalloc(x) ? " instead of kmalloc()" : "");
	advise_compaction(x);
	advise_min_free(x, "kswapd and kcompactd then keep more memory free, and in "
			"larger blocks.");
}

static void say_reserved(struct cc_ex_report *x, const struct cc_ex_zone *ez)
{
	const struct cc_areport *r = x->r;
	const struct cc_ar_zone *z = ez ? rzone(x, ez) : NULL;
	bool cma = ez && (ez->types_ge & CC_MT_BIT(CC_MT_CMA));
	char zl[32], sz[32], b1[32], b2[32];

	if (!ez) {
		reason(x, "The only free blocks are reserved.");
		return;
	}
	zone_label(x, ez, zl, sizeof(zl));
	cc_ex_block_text(x, sz, sizeof(sz));
	if (cma) {
		reason(x, "Every free block of %s or more in %s is in a CMA area (C); only "
		       "movable requests may use CMA, and this one is not movable.", sz, zl);
		if (z->have & (1u << AZ_FREE_CMA))
			reason(x, "%s of the zone's %s free were CMA.",
			       kb_text(b1, sizeof(b1), z->v[AZ_FREE_CMA]),
			       kb_text(b2, sizeof(b2), zone_free_kb(z)));
		if (r->have_trailer & 4)
			add_advice(x, "The CMA area holds %s (%" PRIu64 " pages cma reserved): "
				   "if its users need less, shrink it (cma= boot parameter or the "
				   "device tree's reserved-memory).",
				   kb_text(b1, sizeof(b1), r->pages_cma * x->page_kb), r->pages_cma);
		else
			add_advice(x, "Free memory sits in CMA, which %s cannot use: shrink the CMA "
				   "reservation (cma= boot parameter) if its users need less.",
				   x->gfp_names);
	} else {
		reason(x, "Every free block of %s or more in %s is in the highatomic reserve "
		       "(H), which %s.", sz, zl,
		       x->order == 0 ? "order-0 requests never take (per-CPU lists are "
		       "refilled without it)" : "only high-order atomic requests may take");
		if (z->have & (1u << AZ_RESERVED_HIGHATOMIC))
			reason(x, "The reserve was %s.",
			       kb_text(b1, sizeof(b1), z->v[AZ_RESERVED_HIGHATOMIC]));
		if (ez->check.free && !ez->check.free_ok)
			say_below(x, ez);
		advise_min_free(x, "the zones keep more free memory outside the "
				"highatomic reserve, which is given back only when a "
				"request that can reclaim runs out.");
		if (!x->direct_reclaim)
			advise_wsf(x, ez);
	}
	advise_caller(x);
}

/* the largest free block in the zones the request may use, kB */
static uint64_t largest_block_kb(const struct cc_ex_report *x)
{
	uint64_t best = 0;

	for (int i = 0; i < x->nzones; i++) {
		const struct cc_ar_zone *z = rzone(x, &x->zones[i]);

		if (!x->zones[i].eligible)
			continue;
		for (int o = 0; o < z->norders; o++)
			if (z->count[o] && (z->block_kb << o) > best)
				best = z->block_kb << o;
	}
	return best;
}

static void say_zone_not_allowed(struct cc_ex_report *x)
{
	char sz[32], b1[32], b2[32];
	const char *mod = x->highest == CC_ZT_DMA ? "GFP_DMA" :
			  x->highest == CC_ZT_DMA32 ? "GFP_DMA32" : "its zone modifier";
	uint64_t other = x->hidden_free_kb;

	cc_ex_block_text(x, sz, sizeof(sz));
	for (int i = 0; i < x->nzones; i++)
		if (!x->zones[i].eligible)
			other += zone_free_kb(rzone(x, &x->zones[i]));
	for (int i = 0; i < x->nzones; i++) {
		const struct cc_ar_zone *z = rzone(x, &x->zones[i]);

		if (!x->zones[i].eligible)
			continue;
		if ((z->have & (1u << AZ_MANAGED)) && z->v[AZ_MANAGED] < x->block_kb)
			reason(x, "%s limits the request to %s, which manages only %s: a %s "
			       "block can never be free there.", mod, z->name,
			       kb_text(b1, sizeof(b1), z->v[AZ_MANAGED]), sz);
		else
			reason(x, "%s limits the request to %s, which had %s free.", mod, z->name,
			       kb_text(b1, sizeof(b1), zone_free_kb(z)));
		break;
	}
	if (other)
		reason(x, "The zones it may not use had %s free%s.", kb_text(b2, sizeof(b2), other),
		       x->hidden_free_kb ? " (6.1+ prints only the zones the request may use)" : "");
	if (frames_have(x->r, "atomic_pool_expand") && largest_block_kb(x))
		add_advice(x, "This is the DMA atomic pool sized at boot: boot with "
			   "coherent_pool=%" PRIu64 "K (the largest free block of the zone) so "
			   "its %s part fits; the pool retries smaller sizes, so this warning "
			   "at boot is harmless.", largest_block_kb(x), mod);
	else
		add_advice(x, "Drop %s unless the device really needs addresses in %s; with "
			   "an IOMMU or a 64-bit DMA mask it does not.", mod,
			   cc_ztype_name(x->highest));
	if (x->order > 0)
		add_advice(x, "Or ask for less than %s at a time.", sz);
}

static void say_cpuset(struct cc_ex_report *x)
{
	const struct cc_areport *r = x->r;
	char b1[32];

	if (x->model_cause == CC_AC_AVAILABLE) {
		reason(x, "The zones this request may use had free blocks of the order above "
		       "their watermarks when the report was printed: the allocator should "
		       "have succeeded.");
		reason(x, "The report leaves nodes out (the task's cpuset%s%s), so the task "
		       "was confined to the nodes shown.", r->have_mems ? ", mems_allowed=" : "",
		       r->have_mems ? r->mems_allowed : "");
		if (x->kver >= CC_KVER(4, 7, 0) && x->kver < CC_KVER(4, 11, 0))
			reason(x, "On 4.7-4.10 this is the race with a cpuset mems update fixed "
			       "by \"mm, page_alloc: fix premature OOM when racing with cpuset "
			       "mems update\" (4.10/4.11).");
		add_advice(x, "Upgrade, or do not change cpuset.mems of tasks while they "
			   "allocate; widen cpuset.mems if the task must use more nodes.");
		return;
	}
	reason(x, "The task may use only nodes %s; the nodes left out had %s free.",
	       r->have_mems ? r->mems_allowed : "of its cpuset",
	       kb_text(b1, sizeof(b1), x->hidden_free_kb));
	add_advice(x, "Widen the task's cpuset.mems (or its mempolicy) to the nodes with "
		   "free memory, or give its nodes more memory.");
}

static void say_unknown(struct cc_ex_report *x)
{
	if (x->reason[0])
		return;
	if (x->model_cause == CC_AC_AVAILABLE)
		reason(x, "A zone the request may use passed its watermark with a usable "
		       "block when the report was printed: the shortage was transient "
		       "(memory freed meanwhile) or due to something the report does not "
		       "show (per-CPU lists, a memory cgroup, task context).");
	else if (!x->nmissing)
		reason(x, "The zone numbers do not show why the request failed.");
	else
		reason(x, "The report lacks what the diagnosis needs (see missing).");
	if (x->nmissing)
		add_advice(x, "Paste the complete report: from the header line through the "
			   "'pages reserved' lines, unwrapped.");
}

static const struct cc_ex_zone *first_with(const struct cc_ex_report *x,
					   enum cc_ex_cause st)
{
	const struct cc_ex_zone *c[CC_AR_MAX_ZONES], *why;
	int n = candidates(x, c, CC_AR_MAX_ZONES);

	if (zone_state(c, n, &why) == st && why)
		return why;
	return n ? c[0] : NULL;
}

static void words(struct cc_ex_report *x)
{
	const struct cc_ex_zone *ez;
	enum cc_ex_cause st = x->state && !strcmp(x->state, "fragmentation") ?
			      CC_EX_FRAGMENTATION : CC_EX_BELOW_WATERMARK;

	switch (x->cause) {
	case CC_EX_FRAGMENTATION:
		if ((ez = first_with(x, CC_EX_FRAGMENTATION)))
			say_fragmentation(x, ez);
		break;
	case CC_EX_BELOW_WATERMARK:
		if ((ez = first_with(x, CC_EX_BELOW_WATERMARK)))
			say_below_watermark(x, ez);
		break;
	case CC_EX_NO_RECLAIM_ALLOWED:
		if ((ez = first_with(x, st)))
			say_no_reclaim(x, ez);
		break;
	case CC_EX_RESERVED_ONLY:
		say_reserved(x, first_with(x, CC_EX_RESERVED_ONLY));
		break;
	case CC_EX_ZONE_NOT_ALLOWED:
		say_zone_not_allowed(x);
		break;
	case CC_EX_CPUSET:
		say_cpuset(x);
		break;
	default:
		say_unknown(x);
		break;
	}
}

void cc_explain(const struct cc_areport *r, struct cc_ex_report *x)
{
	struct cc_alloc_system sys;
	struct cc_alloc_verdict v;
	struct cc_nodeset keep;
	bool have_keep;

	memset(x, 0, sizeof(*x));
	x->r = r;
	x->compaction_possible = -1;
	x->compaction_helps = -1;
	x->state = "unknown";
	read_mask(x);
	find_caller(x);
	have_keep = r->have_nodemask && node_list(r->nodemask, &keep);
	evaluate_zones(x, &sys, &v, have_keep ? &keep : NULL);
	check_report(x);
	decide(x, &v);
	words(x);
	cc_alloc_verdict_free(&v);
	cc_alloc_system_free(&sys);
}

int cc_explain_buffer(char *buf, size_t len, const char *source, struct cc_explain_batch *b,
		      struct cc_err *e)
{
	memset(b, 0, sizeof(*b));
	b->source = source;
	if (cc_parse_allocreports(buf, len, source, &b->parsed, e) < 0)
		return -EILSEQ;
	b->x = xcalloc((size_t)b->parsed.n, sizeof(*b->x));
	for (int i = 0; i < b->parsed.n; i++)
		cc_explain(&b->parsed.r[i], &b->x[i]);
	return 0;
}

void cc_explain_batch_free(struct cc_explain_batch *b)
{
	free(b->x);
	b->x = NULL;
	cc_areports_free(&b->parsed);
}
