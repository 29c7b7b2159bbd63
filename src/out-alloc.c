// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Views of the allocator verdict (alloc.h), pieces of status's views: a
 * sentence an operator can act on, a line per zone saying what the check
 * made of it, and the same as JSON. They only read the verdict; every
 * string they print is compactctl's own.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "compactctl.h"
#include "format.h"
#include "views.h"

#define C_GREEN "\033[32m"
#define C_YELLOW "\033[33m"
#define C_OFF "\033[0m"

/* appends to a fixed buffer, truncating */
struct sbuf {
	char b[1024];
	size_t n;
};

__attribute__((format(printf, 2, 3)))
static void sb(struct sbuf *s, const char *fmt, ...)
{
	va_list ap;
	int w;

	if (s->n >= sizeof(s->b) - 1)
		return;
	va_start(ap, fmt);
	w = vsnprintf(s->b + s->n, sizeof(s->b) - s->n, fmt, ap);
	va_end(ap);
	if (w > 0)
		s->n += (size_t)w < sizeof(s->b) - s->n ? (size_t)w : sizeof(s->b) - 1 - s->n;
}

static const char *class_name(const struct cc_alloc_verdict *v)
{
	return v->req_class >= 0 && v->req_class < CC_REQ__N ?
	       cc_req_classes[v->req_class].name : "request";
}

static const struct cc_alloc_zone_result *at(const struct cc_alloc_verdict *v, int i)
{
	return i >= 0 && i < v->nzones ? &v->zones[i] : NULL;
}

/* "1 free block", "7 free blocks" (one static buffer: one use per call) */
static const char *blocks(uint64_t n)
{
	static char buf[48];

	snprintf(buf, sizeof(buf), "%" PRIu64 " free block%s", n, n == 1 ? "" : "s");
	return buf;
}

static void milli(char *buf, size_t n, int v)
{
	cc_fmt_milli(buf, n, v);
}

static void available_sentence(struct sbuf *s, const struct cc_alloc_verdict *v)
{
	const struct cc_alloc_zone_result *r = at(v, v->serve);
	const struct cc_wmark_check *c = v->pass == 1 ? &r->low : &r->min;

	sb(s, "available now from %s", cc_ztype_name(r->type));
	if (r->node != v->node)
		sb(s, " of node %d", r->node);
	sb(s, " (%" PRId64 " usable free pages > %" PRId64 " needed at the %s watermark%s).",
	   c->usable, c->needed, v->pass == 1 ? "low" : "min",
	   c->reduced < c->mark ? ", lowered for this request" : "");
	if (v->pass == 2 && v->wakes_kswapd)
		sb(s, " It is below the low watermark: kswapd is woken.");
	else if (v->pass == 2 && v->wakes_kcompactd)
		sb(s, " It is below the low watermark: kcompactd is woken.");
}

static void reserved_sentence(struct sbuf *s, const struct cc_alloc_verdict *v,
			      const struct cc_alloc_zone_result *r, const char *where)
{
	int k = v->order;

	if (!r->min.free_ok)
		sb(s, "the free pages of %s are only enough counting the %s (%" PRId64
		   " usable <= %" PRId64 " needed)", cc_ztype_name(r->type), where,
		   r->min.usable, r->min.needed);
	else
		sb(s, "the %s of order >= %d in %s %s in the %s", blocks(r->blocks), k,
		   cc_ztype_name(r->type), r->blocks == 1 ? "is" : "are", where);
}

static void watermark_sentence(struct sbuf *s, const struct cc_alloc_verdict *v,
			       const struct cc_alloc_zone_result *r)
{
	sb(s, "%s has free blocks of order >= %d, but its free pages are below the "
	   "watermark (%" PRId64 " usable <= %" PRId64 " needed)", cc_ztype_name(r->type),
	   v->order, r->min.usable, r->min.needed);
	if (r->outcome == CC_ZO_BOOST)
		sb(s, ", raised by a boost after a fragmentation event");
}

static void no_block_sentence(struct sbuf *s, const struct cc_alloc_verdict *v,
			      const struct cc_alloc_zone_result *r)
{
	char f[16], thr[16];
	bool frag = v->cause == CC_AC_FRAGMENTED;

	if (r->outcome == CC_ZO_NOFRAGMENT) {
		sb(s, "%s has no free block of order >= %d of this migratetype nor a "
		   "whole free pageblock (vm.defrag_mode)", cc_ztype_name(r->type), v->order);
		return;
	}
	milli(f, sizeof(f), r->fragindex);
	milli(thr, sizeof(thr), (int)v->extfrag_threshold);
	sb(s, "no zone it may use has a free block of order >= %d; %s has %s "
	   "(fragmentation index %s %s extfrag_threshold %s)", v->order,
	   cc_ztype_name(r->type), frag ? "fragmented free memory" :
	   "too little free memory to compact", f, frag ? ">" : "<=", thr);
}

static void forbidden_zone_sentence(struct sbuf *s, const struct cc_alloc_verdict *v,
				    const struct cc_alloc_zone_result *r)
{
	const char *are = r->blocks == 1 ? "is" : "are";

	if (r->outcome == CC_ZO_RESERVE)
		sb(s, "the %s of order >= %d %s in %s, kept for lower-zone requests (%"
		   PRId64 " usable <= %" PRId64 " min + %" PRId64 " lowmem_reserve)",
		   blocks(r->blocks), v->order, are, cc_ztype_name(r->type),
		   r->min.usable, r->min.reduced, r->min.reserve);
	else
		sb(s, "the %s of order >= %d %s in %s, above %s, the highest zone this "
		   "request may use", blocks(r->blocks), v->order, are,
		   cc_ztype_name(r->type), cc_ztype_name(v->highest));
}

static void cause_sentence(struct sbuf *s, const struct cc_alloc_verdict *v)
{
	const struct cc_alloc_zone_result *r = at(v, v->cause_zone);

	switch (r ? v->cause : CC_AC_UNKNOWN) {
	case CC_AC_BELOW_WATERMARK:
		watermark_sentence(s, v, r);
		break;
	case CC_AC_LOW_MEMORY:
	case CC_AC_FRAGMENTED:
		no_block_sentence(s, v, r);
		break;
	case CC_AC_HIGHATOMIC_ONLY:
		reserved_sentence(s, v, r, "HighAtomic reserve, kept for high-order atomic "
				  "requests");
		break;
	case CC_AC_CMA_ONLY:
		reserved_sentence(s, v, r, "CMA areas, usable only by movable requests");
		break;
	case CC_AC_ZONE_NOT_ALLOWED:
		forbidden_zone_sentence(s, v, r);
		break;
	default:
		break;
	}
	switch (v->cause) {
	case CC_AC_NO_FREE:
		sb(s, "no zone it may use has free pages");
		break;
	case CC_AC_NO_ZONE:
		sb(s, "no zone it may use has memory on this node");
		break;
	case CC_AC_TOO_LARGE:
		sb(s, "order %d is past the allocator's largest order", v->order);
		break;
	default:
		if (!r)
			sb(s, "no zone says why");
		break;
	}
	sb(s, ".");
}

static void help_sentence(struct sbuf *s, const struct cc_alloc_verdict *v)
{
	if (v->compaction_helps && v->reclaim_helps)
		sb(s, " Reclaim and compaction can help.");
	else if (v->compaction_helps)
		sb(s, " Compaction can help%s.", v->may_compact ? "" :
		   " (this request does not compact by itself)");
	else if (v->reclaim_helps)
		sb(s, " Reclaim can help%s.", v->direct_reclaim ? "" :
		   " (kswapd's, this request cannot reclaim by itself)");
}

static void notes_sentence(struct sbuf *s, const struct cc_alloc_verdict *v)
{
	if (v->lists_approx && v->inputs_approx)
		sb(s, " (Free lists per migratetype and the HighAtomic reserve "
		   "approximated: /proc/pagetypeinfo not read.)");
	else if (v->lists_approx)
		sb(s, " (Free lists per migratetype approximated from buddyinfo.)");
	else if (v->inputs_approx)
		sb(s, " (The HighAtomic reserve or a lowmem_reserve entry is not "
		   "known: taken as 0.)");
	if (v->marks_unknown)
		sb(s, " (No /proc/zoneinfo: the watermarks are not known.)");
	if (v->version_assumed)
		sb(s, " (Kernel version unknown: the rules of 6.18.)");
}

/* "It may use 4795 free blocks of order >= 9 (9.4 GiB) on this node; 7
 * more are kept from it." Nothing when it may use none: the cause says why. */
static void usable_sentence(struct sbuf *s, const struct cc_alloc_verdict *v,
			    long page_size)
{
	uint64_t n = cc_alloc_usable_blocks(v, v->node), more = 0;
	char b[32];

	for (int i = 0; i < v->nzones; i++)
		if (v->zones[i].node == v->node)
			more += v->zones[i].blocks;
	more -= n;
	if (!n)
		return;
	cc_fmt_pages(b, sizeof(b), v->order < 64 ? n << v->order : 0, page_size);
	for (char *p = strchr(b, ' '); p; p = strchr(p, ' '))
		*p = CC_NBSP;
	sb(s, " It may use %s of order >= %d (%s) on this node", blocks(n), v->order, b);
	if (more)
		sb(s, "; %" PRIu64 " more %s kept from it", more, more == 1 ? "is" : "are");
	sb(s, ".");
}

/* Without zoneinfo, blocks >= k are there but whether the request may use
 * them is not known: say how many, and where most are */
static void unknown_sentence(struct sbuf *s, const struct cc_alloc_verdict *v, long page_size)
{
	const struct cc_alloc_zone_result *most = NULL;
	uint64_t n = 0;
	char b[32];

	for (int i = 0; i < v->nzones; i++)
		if (v->zones[i].node == v->node) {
			n += v->zones[i].blocks;
			if (!most || v->zones[i].blocks > most->blocks)
				most = &v->zones[i];
		}
	cc_fmt_pages(b, sizeof(b), v->order < 64 ? n << v->order : 0, page_size);
	for (char *p = strchr(b, ' '); p; p = strchr(p, ' '))
		*p = CC_NBSP;
	sb(s, "not known: %s of order >= %d (%s) on this node", blocks(n), v->order, b);
	if (most && most->blocks)
		sb(s, ", most in %s", cc_ztype_name(most->type));
	sb(s, ", but whether it may use them needs the watermarks and lowmem_reserve of "
	   "/proc/zoneinfo.");
}

void cc_text_alloc_verdict(struct cc_out *o, const struct cc_alloc_verdict *v,
			   long page_size, int indent)
{
	static const char *const keys[] = { "available now", "not available now", "not known" };
	struct sbuf s = { .n = 0 };
	int key = v->cause == CC_AC_AVAILABLE ? 0 : v->cause == CC_AC_UNKNOWN ? 2 : 1;
	char size[16], head[96];
	int used;

	s.b[0] = '\0';
	cc_fmt_order_size(size, sizeof(size), page_size, v->order);
	used = snprintf(head, sizeof(head), "%*s%s order %d (%s):", indent, "",
			class_name(v), v->order, size);
	if (key == 0) {
		available_sentence(&s, v);
	} else if (key == 2) {
		unknown_sentence(&s, v, page_size);
	} else {
		sb(&s, "not available now: ");
		cause_sentence(&s, v);
		help_sentence(&s, v);
	}
	if (key != 2 && v->cause != CC_AC_TOO_LARGE && v->cause != CC_AC_NO_ZONE)
		usable_sentence(&s, v, page_size);
	if (key != 2)
		notes_sentence(&s, v);
	/* the first words in colour: what matters at a glance */
	fprintf(o->f, "%s %s%s%s", head, o->color ? (key == 0 ? C_GREEN : C_YELLOW) : "",
		keys[key], o->color ? C_OFF : "");
	used += 1 + (int)strlen(keys[key]);
	cc_wrap(o->f, o->width, used, indent + 2, s.b + strlen(keys[key]));
}

/* What the check made of one zone, in a few words */
static void zone_outcome(struct sbuf *s, const struct cc_alloc_verdict *v,
			 const struct cc_alloc_zone_result *r)
{
	const struct cc_wmark_check *c = r->outcome == CC_ZO_PASS_LOW ? &r->low : &r->min;
	char f[16], thr[16];

	milli(f, sizeof(f), r->fragindex);
	milli(thr, sizeof(thr), (int)v->extfrag_threshold);
	switch (r->outcome) {
	case CC_ZO_PASS_LOW:
	case CC_ZO_PASS_MIN:
		sb(s, "passes at the %s watermark (%" PRId64 " usable > %" PRId64 " needed)",
		   r->outcome == CC_ZO_PASS_LOW ? "low" : "min", c->usable, c->needed);
		break;
	case CC_ZO_ZONE_MODIFIER:
		sb(s, "above %s, the highest zone it may use", cc_ztype_name(v->highest));
		break;
	case CC_ZO_RESERVE:
		sb(s, "kept for lower-zone requests (%" PRId64 " usable <= %" PRId64
		   " min + %" PRId64 " lowmem_reserve)", c->usable, c->reduced, c->reserve);
		break;
	case CC_ZO_HIGHATOMIC:
	case CC_ZO_CMA:
		sb(s, "its %s only in the %s", c->free_ok ? "blocks are" : "free pages are",
		   r->outcome == CC_ZO_CMA ? "CMA areas" : "HighAtomic reserve");
		break;
	case CC_ZO_BOOST:
	case CC_ZO_WATERMARK:
		sb(s, "below the %swatermark (%" PRId64 " usable <= %" PRId64 " needed)",
		   r->outcome == CC_ZO_BOOST ? "boosted " : "", c->usable, c->needed);
		break;
	case CC_ZO_FRAGMENTED:
	case CC_ZO_LOW_MEMORY:
		sb(s, "no free block of order >= %d (fragmentation index %s %s %s)", v->order,
		   f, r->outcome == CC_ZO_FRAGMENTED ? ">" : "<=", thr);
		break;
	case CC_ZO_NOFRAGMENT:
		sb(s, "no block of its type nor a whole free pageblock (defrag_mode)");
		break;
	default:
		break;
	}
}

void cc_text_alloc_zone(struct cc_out *o, const struct cc_alloc_verdict *v,
			const char *zone, int indent)
{
	int t = cc_ztype_from_name(zone);
	struct sbuf s = { .n = 0 };
	char head[64];
	int used;

	sb(&s, " ");
	for (int i = 0; i < v->nzones; i++)
		if (v->zones[i].node == v->node && (int)v->zones[i].type == t)
			zone_outcome(&s, v, &v->zones[i]);
	if (s.n == 1)
		return;
	used = snprintf(head, sizeof(head), "%*s%s order %d:", indent, "", class_name(v),
			v->order);
	fputs(head, o->f);
	cc_wrap(o->f, o->width, used, indent + 2, s.b);
}

static cJSON *check_json(const struct cc_wmark_check *c)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "mark", (double)c->mark);
	cJSON_AddNumberToObject(o, "reduced_mark", (double)c->reduced);
	cJSON_AddNumberToObject(o, "lowmem_reserve", (double)c->reserve);
	cJSON_AddNumberToObject(o, "order_pages", (double)c->order_pages);
	cJSON_AddNumberToObject(o, "highatomic", (double)c->highatomic);
	cJSON_AddNumberToObject(o, "cma", (double)c->cma);
	cJSON_AddNumberToObject(o, "usable", (double)c->usable);
	cJSON_AddNumberToObject(o, "needed", (double)c->needed);
	cJSON_AddBoolToObject(o, "free_ok", c->free_ok);
	cJSON_AddBoolToObject(o, "lists_ok", c->lists_ok);
	cJSON_AddBoolToObject(o, "ok", c->ok);
	return o;
}

static cJSON *zone_json(const struct cc_alloc_zone_result *r)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "node", r->node);
	cJSON_AddStringToObject(o, "zone", cc_ztype_name(r->type));
	if (r->walk >= 0)
		cJSON_AddNumberToObject(o, "walk", r->walk);
	else
		cJSON_AddNullToObject(o, "walk");
	cJSON_AddStringToObject(o, "outcome", cc_zone_outcome_name(r->outcome));
	cJSON_AddNumberToObject(o, "free", (double)r->min.free);
	cc_json_add_u64(o, "blocks", r->blocks);
	cJSON_AddNumberToObject(o, "fragmentation_index", r->fragindex / 1000.0);
	if (r->walk >= 0) {
		cJSON_AddItemToObject(o, "low", check_json(&r->low));
		cJSON_AddItemToObject(o, "min", check_json(&r->min));
		cJSON_AddBoolToObject(o, "compaction_suitable", r->compaction_suitable);
	}
	return o;
}

static void add_zone_name(cJSON *o, const char *key, const struct cc_alloc_zone_result *r)
{
	if (r)
		cJSON_AddStringToObject(o, key, cc_ztype_name(r->type));
	else
		cJSON_AddNullToObject(o, key);
}

cJSON *cc_json_alloc_verdict(const struct cc_alloc_verdict *v)
{
	cJSON *o = cJSON_CreateObject(), *zones, *flags;
	char buf[160];

	cJSON_AddStringToObject(o, "class", class_name(v));
	cJSON_AddNumberToObject(o, "order", v->order);
	cJSON_AddNumberToObject(o, "node", v->node);
	cJSON_AddStringToObject(o, "cause", cc_alloc_cause_name(v->cause));
	if (v->cause == CC_AC_UNKNOWN)
		cJSON_AddNullToObject(o, "available");
	else
		cJSON_AddBoolToObject(o, "available", v->cause == CC_AC_AVAILABLE);
	if (v->pass)
		cJSON_AddStringToObject(o, "watermark", v->pass == 1 ? "low" : "min");
	else
		cJSON_AddNullToObject(o, "watermark");
	add_zone_name(o, "serving_zone", at(v, v->serve));
	if (at(v, v->serve))
		cJSON_AddNumberToObject(o, "serving_node", at(v, v->serve)->node);
	else
		cJSON_AddNullToObject(o, "serving_node");
	add_zone_name(o, "cause_zone", at(v, v->cause_zone));
	cJSON_AddBoolToObject(o, "wakes_kswapd", v->wakes_kswapd);
	cJSON_AddBoolToObject(o, "wakes_kcompactd", v->wakes_kcompactd);
	cJSON_AddBoolToObject(o, "reclaim_helps", v->reclaim_helps);
	cJSON_AddBoolToObject(o, "compaction_helps", v->compaction_helps);
	cJSON_AddBoolToObject(o, "may_reclaim", v->direct_reclaim);
	cJSON_AddBoolToObject(o, "may_compact", v->may_compact);
	cc_json_add_u64(o, "unusable_blocks", v->unusable_blocks);
	cJSON_AddStringToObject(o, "highest_zone", cc_ztype_name(v->highest));
	cJSON_AddNumberToObject(o, "lowmem_reserve_index", v->hz);
	if (v->req_class == CC_REQ_THP)
		cJSON_AddBoolToObject(o, "madvised", v->madvised);
	flags = cJSON_AddObjectToObject(o, "alloc_flags");
	cc_alloc_flags_text(buf, sizeof(buf), v->flags_fast);
	cJSON_AddStringToObject(flags, "fast", buf);
	cc_alloc_flags_text(buf, sizeof(buf), v->flags_slow);
	cJSON_AddStringToObject(flags, "slow", buf);
	cJSON_AddBoolToObject(o, "free_lists_approximated", v->lists_approx);
	cJSON_AddBoolToObject(o, "inputs_approximated", v->inputs_approx);
	cJSON_AddBoolToObject(o, "kernel_rules_assumed", v->version_assumed);
	cJSON_AddBoolToObject(o, "watermarks_unknown", v->marks_unknown);
	zones = cJSON_AddArrayToObject(o, "zones");
	for (int i = 0; i < v->nzones; i++)
		cJSON_AddItemToArray(zones, zone_json(&v->zones[i]));
	cJSON_AddNumberToObject(o, "zones_omitted", v->zones_omitted);
	return o;
}
