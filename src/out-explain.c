// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Views of explain's batch (explain.h): text wrapped to the width (80
 * columns off a terminal) and JSON, both from the same report. Text from
 * the report (task names, flags, node lists) passes the control-character
 * filter before it is measured, so the wrapping counts what is printed;
 * the commit and cc_json_print filter everything again.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "format.h"
#include "views.h"

/* ---- text ---- */

static int text_width(const struct cc_out *o)
{
	return o->width > 40 ? o->width : 80;
}

/* text made safe and wrapped at width, first line after `first`, the rest
 * indented */
static void wrap(FILE *out, int width, const char *first, int indent, const char *text)
{
	char safe[2048];

	cc_safe_copy(safe, sizeof(safe), text);
	fputs(first, out);
	cc_wrap(out, width, (int)strlen(first), indent, safe);
}

/* kB by the byte formatter: at most 8 columns ("1023 MiB", "9.5 MiB") */
static const char *kb(char *buf, size_t n, uint64_t v)
{
	cc_fmt_bytes(buf, n, v > UINT64_MAX >> 10 ? UINT64_MAX : v << 10);
	return buf;
}

static const char *opt_kb(char *buf, size_t n, const struct cc_ar_zone *z, enum cc_ar_zf f)
{
	return (z->have & (1u << f)) ? kb(buf, n, z->v[f]) : "-";
}

/* the free-block line's total (as printed, else summed), else the zone
 * line's free:; false when the report has neither */
static bool free_kb(const struct cc_ar_zone *z, uint64_t *v)
{
	if (z->buddy_line)
		*v = z->have_total ? z->total_kb : z->sum_kb;
	else if (z->have & (1u << AZ_FREE))
		*v = z->v[AZ_FREE];
	else
		return false;
	return true;
}

static const char *result_text(const struct cc_ex_report *x, const struct cc_ex_zone *ez,
			       char *buf, size_t n)
{
	char a[32], b[32], sz[32], t[32];
	uint64_t pk = x->page_kb;
	const struct cc_wmark_check *c = &ez->check;

	cc_ex_block_text(x, sz, sizeof(sz));
	kb(a, sizeof(a), c->usable > 0 ? (uint64_t)c->usable * pk : 0);
	kb(b, sizeof(b), c->needed > 0 ? (uint64_t)c->needed * pk : 0);
	switch (ez->outcome) {
	case CC_ZO_PASS_LOW:
	case CC_ZO_PASS_MIN:
		snprintf(buf, n, "passes: usable %s > %s needed, and a block of %s or "
			 "more is free", a, b, sz);
		break;
	case CC_ZO_RESERVE:
		snprintf(buf, n, "fenced by lowmem_reserve: usable %s <= %s needed, of "
			 "which %s is the reserve against this request's zone", a, b,
			 kb(t, sizeof(t), c->reserve > 0 ? (uint64_t)c->reserve * pk : 0));
		break;
	case CC_ZO_HIGHATOMIC:
	case CC_ZO_CMA:
		if (!c->free_ok)
			snprintf(buf, n, "below the watermark without its %s pages: usable "
				 "%s <= %s needed", ez->outcome == CC_ZO_CMA ? "CMA" :
				 "highatomic", a, b);
		else
			snprintf(buf, n, "watermark ok, but the blocks of %s or more are %s",
				 sz, ez->outcome == CC_ZO_CMA ? "CMA" : "highatomic");
		break;
	case CC_ZO_BOOST:
	case CC_ZO_WATERMARK:
		if (c->usable <= 0 && c->free < c->order_pages + 1)
			snprintf(buf, n, "too little: %s free, less than one %s block",
				 kb(t, sizeof(t), c->free > 0 ? (uint64_t)c->free * pk : 0), sz);
		else
			snprintf(buf, n, "below the watermark: usable %s <= %s needed%s", a, b,
				 ez->outcome == CC_ZO_BOOST ? " (would pass without the boost)" : "");
		break;
	case CC_ZO_FRAGMENTED:
	case CC_ZO_NOFRAGMENT:
		snprintf(buf, n, "fragmented: usable %s > %s needed, but no usable block "
			 "of %s or more", a, b, sz);
		break;
	case CC_ZO_LOW_MEMORY:
		snprintf(buf, n, "no block of %s or more, and too little free memory for "
			 "compaction to make one", sz);
		break;
	default:
		if (!ez->eligible)
			snprintf(buf, n, "not eligible: %s", ez->not_why ? ez->not_why : "?");
		else if (!ez->evaluated && ez->not_why)
			snprintf(buf, n, "%s", ez->not_why);
		else if (ez->reserved_only)
			snprintf(buf, n, "every free block of %s or more is reserved "
				 "(highatomic or CMA); watermarks not in the report", sz);
		else
			snprintf(buf, n, "watermarks not in the report");
		break;
	}
	return buf;
}

static void block_line(FILE *out, const struct cc_ar_zone *z, int width)
{
	char line[1024], sz[16];
	size_t len = 0;
	int o;

	len += (size_t)snprintf(line, sizeof(line), "free blocks:");
	for (o = 0; o < z->norders && len < sizeof(line) - 48; o++) {
		if (!z->count[o])
			continue;
		cc_fmt_size_exact(sz, sizeof(sz), (z->block_kb << o) * 1024);
		len += (size_t)snprintf(line + len, sizeof(line) - len, " %s:%" PRIu64 "%s%s%s",
					sz, z->count[o], z->types[o][0] ? "(" : "", z->types[o],
					z->types[o][0] ? ")" : "");
	}
	if (len == strlen("free blocks:"))
		snprintf(line + len, sizeof(line) - len, " none");
	wrap(out, width, "    ", 6, line);
}

static void zone_row(FILE *out, const struct cc_ex_report *x, const struct cc_ex_zone *ez,
		     int width)
{
	const struct cc_ar_zone *z = &x->r->zones[ez->rz];
	char name[32], f[16], mi[16], lo[16], hi[16], rs[16], res[256], fi[16], nb[24];
	int64_t reserve = ez->check.reserve;
	uint64_t fkb;

	if (z->node >= 0)
		snprintf(name, sizeof(name), "%d/%s", z->node, z->name);
	else
		snprintf(name, sizeof(name), "%s", z->name);
	snprintf(nb, sizeof(nb), "-");
	snprintf(fi, sizeof(fi), "-");
	if (ez->have_buddy) {
		snprintf(nb, sizeof(nb), "%" PRIu64, ez->blocks_ge);
		cc_fmt_milli(fi, sizeof(fi), ez->fragindex);
	}
	if (ez->eligible && z->reserve_line)
		kb(rs, sizeof(rs), (uint64_t)(reserve > 0 ? reserve : 0) * x->page_kb);
	else
		snprintf(rs, sizeof(rs), "-");
	fprintf(out, "  %-13.13s %8s %8s %8s %8s %8s %7s %7s\n", name,
		free_kb(z, &fkb) ? kb(f, sizeof(f), fkb) : "-",
		opt_kb(mi, sizeof(mi), z, AZ_MIN), opt_kb(lo, sizeof(lo), z, AZ_LOW),
		opt_kb(hi, sizeof(hi), z, AZ_HIGH), rs, nb, fi);
	wrap(out, width, "    ", 6, result_text(x, ez, res, sizeof(res)));
	if (ez->have_buddy)
		block_line(out, z, width);
}

static void request_text(FILE *out, const struct cc_ex_report *x, int width)
{
	const struct cc_areport *r = x->r;
	char line[1024], sz[32] = "";

	if (x->order >= 0)
		cc_ex_block_text(x, sz, sizeof(sz));
	if (r->kind == CC_AR_VMALLOC && r->vmalloc_size)
		snprintf(line, sizeof(line), "asked vmalloc for %" PRIu64 " bytes (%s%s%s)%s",
			 r->vmalloc_size, r->vmalloc_size >= (uint64_t)1 << 50 ? "over 1 PiB" :
			 kb(sz, sizeof(sz), r->vmalloc_size / 1024),
			 r->vmalloc_what[0] ? ", " : "", r->vmalloc_what,
			 r->have_mask ? " with mode" : "");
	else if (x->order >= 0)
		snprintf(line, sizeof(line), "asked for order %d (%s%s)%s", x->order, sz,
			 x->page_kb_assumed ? ", 4K pages assumed" : "",
			 r->have_mask ? " with mode" : "");
	else
		snprintf(line, sizeof(line), "asked for an unknown order%s",
			 r->have_mask ? " with mode" : "");
	if (r->have_mask)
		snprintf(line + strlen(line), sizeof(line) - strlen(line), " 0x%" PRIx64 ": %s",
			 r->mask, x->gfp_names);
	wrap(out, width, "  ", 4, line);
	if (r->have_mask && !x->names_printed)
		fprintf(out, "    (the kernel printed only hex: names from the %s%s GFP layout)\n",
			x->layout, x->layout_assumed ? " (assumed)" : "");
	else if (r->have_mask && x->layout_assumed)
		fprintf(out, "    (the bit layout of %s matches the printed names)\n", x->layout);
	if (x->callers[0]) {
		snprintf(line, sizeof(line), "by %s", x->callers);
		wrap(out, width, "  ", 4, line);
	}
	if (!r->have_mask)
		return;
	snprintf(line, sizeof(line), "may use zones up to %s; direct reclaim %s, kswapd %s; "
		 "IO %s, FS %s; %s%s; retries: %s%s; nodemask %s, cpuset %s, mems_allowed %s",
		 cc_ztype_name(x->highest), x->direct_reclaim ? "yes" : "no",
		 x->kswapd ? "yes" : "no", x->io ? "yes" : "no", x->fs ? "yes" : "no",
		 x->atomic_ctx ? "cannot sleep" : "may sleep",
		 x->high ? ", may dip into reserves (__GFP_HIGH)" : "", x->retry,
		 x->nowarn ? ", __GFP_NOWARN" : "",
		 r->have_nodemask ? r->nodemask : "-", r->have_cpuset ? r->cpuset : "-",
		 r->have_mems ? r->mems_allowed : "-");
	wrap(out, width, "  ", 4, line);
}

static void compaction_text(FILE *out, const struct cc_ex_report *x, int width)
{
	char line[256];

	snprintf(line, sizeof(line), "Compaction: %s for this request; %s.",
		 x->compaction_possible == 1 ? "possible" :
		 x->compaction_possible == 0 ? (x->atomic_ctx ? "not possible (it cannot "
		 "sleep)" : "not possible (no __GFP_IO)") : "unknown",
		 x->compaction_helps == 1 ? "it could have made a block (a zone passes "
		 "the compaction gate)" : x->compaction_helps == 0 ? "it could not have "
		 "helped (no zone passes the compaction gate)" : "whether it could "
		 "have helped is not known");
	wrap(out, width, "", 2, line);
}

static void zones_text(FILE *out, const struct cc_ex_report *x, int width)
{
	char sz[32];
	int i, shown = 0;

	fprintf(out, "\nZones, in the order the request tries them (blocks: free "
		"blocks >= %s):\n", cc_ex_block_text(x, sz, sizeof(sz)));
	fprintf(out, "  %-13s %8s %8s %8s %8s %8s %7s %7s\n", "zone", "free", "min",
		"low", "high", "reserve", "blocks", "fragidx");
	for (i = 0; i < x->nzones; i++)
		if (x->zones[i].eligible)
			zone_row(out, x, &x->zones[i], width);
	for (i = 0; i < x->nzones; i++) {
		if (x->zones[i].eligible)
			continue;
		if (!shown++)
			fprintf(out, "  Zones it may not use:\n");
		zone_row(out, x, &x->zones[i], width);
	}
}

static void report_text(FILE *out, const struct cc_ex_report *x, int index, int count,
			int width)
{
	static const char *const kinds[] = { "page allocation failure",
		"page allocation stall", "OOM killer", "vmalloc failure" };
	const struct cc_areport *r = x->r;
	char line[1024], pid[32] = "";
	int i;

	snprintf(line, sizeof(line), "Report %d of %d (line %u): %s", index, count, r->line,
		 kinds[r->kind]);
	if (r->kind == CC_AR_STALL && r->stall_ms >= 0)
		snprintf(line + strlen(line), sizeof(line) - strlen(line), " for %ld ms",
			 r->stall_ms);
	wrap(out, width, "", 2, line);
	if (r->pid >= 0)
		snprintf(pid, sizeof(pid), ", pid %ld", r->pid);
	snprintf(line, sizeof(line), "task %s%s, Linux %s%s", r->task[0] ? r->task : "?", pid,
		 r->kernel[0] ? r->kernel : "?", r->kernel_from_boot ? " (from the boot line)" : "");
	wrap(out, width, "  ", 4, line);
	request_text(out, x, width);

	fprintf(out, "\nCause: %s\n", cc_ex_cause_name(x->cause));
	wrap(out, width, "  ", 2, x->reason);
	if (x->order > 0 && r->kind != CC_AR_VMALLOC)
		compaction_text(out, x, width);
	if (x->nzones)
		zones_text(out, x, width);
	if (x->nadvice)
		fprintf(out, "\nWhat to do:\n");
	for (i = 0; i < x->nadvice; i++)
		wrap(out, width, "  - ", 4, x->advice[i]);
	if (x->nmissing)
		fprintf(out, "\nMissing from the report:\n");
	for (i = 0; i < x->nmissing; i++)
		wrap(out, width, "  - ", 4, x->missing[i]);
}

int cc_text_explain(struct cc_out *o, const struct cc_explain_batch *b)
{
	int width = text_width(o), n = b->parsed.n, i;
	const char *src = b->source ? b->source : "input", *base = strrchr(src, '/');
	char line[PATH_MAX + 32];

	if (!n)
		return 0;
	/* the file's base name when its path would not fit */
	if (strlen(src) + 16 > (size_t)width && base)
		src = base + 1;
	snprintf(line, sizeof(line), "%s: %d report%s", src, n, n == 1 ? "" : "s");
	wrap(o->f, width, "", 2, line);
	for (i = 0; i < n; i++) {
		fputc('\n', o->f);
		report_text(o->f, &b->x[i], i + 1, n, width);
	}
	return ferror(o->f) ? -1 : 0;
}

/* ---- JSON: exactly the keys of issue 16's contract (man 8 compactctl,
 * EXPLAIN); what a report does not say is null, or [] for a list ---- */

static void add_zf(cJSON *o, const char *key, const struct cc_ar_zone *z, enum cc_ar_zf f)
{
	cc_json_add_opt_u64(o, key, z->have & (1u << f), z->v[f]);
}

static void add_int_or_null(cJSON *o, const char *key, bool have, long v)
{
	if (have)
		cJSON_AddNumberToObject(o, key, (double)v);
	else
		cJSON_AddNullToObject(o, key);
}

static void add_index(cJSON *o, const char *key, bool have, int milli)
{
	if (have)
		cJSON_AddNumberToObject(o, key, milli / 1000.0);
	else
		cJSON_AddNullToObject(o, key);
}

/* letters per order when the kernel prints them (3.8+), else [] */
static cJSON *migratetypes(const struct cc_ar_zone *z, bool have)
{
	cJSON *a = cJSON_CreateArray();
	bool letters = z->letters;
	int i;

	for (i = 0; i < z->norders; i++)
		letters |= z->types[i][0] != '\0';
	for (i = 0; have && letters && i < z->norders; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(z->types[i]));
	return a;
}

static cJSON *zone_json(const struct cc_ex_report *x, const struct cc_ex_zone *ez)
{
	const struct cc_ar_zone *z = &x->r->zones[ez->rz];
	bool buddy = ez->have_buddy, at_order = buddy && x->order >= 0;
	bool indices = at_order && x->order < z->norders;
	cJSON *o = cJSON_CreateObject(), *a;
	uint64_t fkb = 0;
	bool have_free = buddy && free_kb(z, &fkb);	/* the buddy line's total */
	int i;

	add_int_or_null(o, "node", z->node >= 0, z->node);
	cJSON_AddStringToObject(o, "zone", z->name);
	cJSON_AddBoolToObject(o, "eligible", ez->eligible);
	cc_json_add_opt_u64(o, "free_kb", have_free, fkb);
	add_zf(o, "min_kb", z, AZ_MIN);
	add_zf(o, "low_kb", z, AZ_LOW);
	add_zf(o, "high_kb", z, AZ_HIGH);
	add_zf(o, "boost_kb", z, AZ_BOOST);
	add_zf(o, "reserved_highatomic_kb", z, AZ_RESERVED_HIGHATOMIC);
	add_zf(o, "free_cma_kb", z, AZ_FREE_CMA);
	a = cJSON_AddArrayToObject(o, "lowmem_reserve");
	for (i = 0; z->reserve_line && i < z->nreserve; i++)
		cJSON_AddItemToArray(a, cJSON_CreateNumber((double)z->reserve[i]));
	cJSON_AddItemToObject(o, "free_blocks", cc_json_u64_array(z->count, buddy ? z->norders : 0));
	cJSON_AddItemToObject(o, "migratetypes", migratetypes(z, buddy));
	cc_json_add_opt_u64(o, "blocks_at_or_above_order", at_order, ez->blocks_ge);
	add_index(o, "unusable_index", indices, ez->unusable_index);
	add_index(o, "fragmentation_index", indices, ez->fragindex);
	return o;
}

/* "GFP_ATOMIC|__GFP_ZERO" -> ["GFP_ATOMIC", "__GFP_ZERO"] */
static cJSON *flags_array(const char *names)
{
	cJSON *a = cJSON_CreateArray();
	const char *p = names;

	while (*p) {
		size_t len = strcspn(p, "|");
		char one[64];

		if (len && len < sizeof(one)) {
			memcpy(one, p, len);
			one[len] = '\0';
			cJSON_AddItemToArray(a, cJSON_CreateString(one));
		}
		p += len + (p[len] == '|');
	}
	return a;
}

/* the n strings of a char[][stride] array */
static cJSON *strings(const char *first, int n, size_t stride)
{
	cJSON *a = cJSON_CreateArray();

	for (int i = 0; i < n; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(first + (size_t)i * stride));
	return a;
}

static cJSON *report_json(const struct cc_ex_report *x)
{
	const struct cc_areport *r = x->r;
	cJSON *o = cJSON_CreateObject(), *a;
	int i;

	cJSON_AddStringToObject(o, "kind", cc_ar_kind_name(r->kind));
	cc_json_add_str_or_null(o, "task", r->task);
	add_int_or_null(o, "pid", r->pid >= 0, r->pid);
	cc_json_add_str_or_null(o, "kernel", r->kernel);
	add_int_or_null(o, "order", x->order >= 0, x->order);
	cc_json_add_opt_u64(o, "gfp_mask", r->have_mask, r->mask);
	/* a mask without a flag name (0x0(), as sysrq's OOM prints it) has none */
	cJSON_AddItemToObject(o, "gfp_flags", flags_array(r->have_mask && (x->names_printed ||
							  x->gfp.flags) ? x->gfp_names : ""));
	cc_json_add_str_or_null(o, "gfp_layout", r->have_mask ? x->layout : NULL);
	cc_json_add_str_or_null(o, "nodemask", r->have_nodemask ? r->nodemask : NULL);
	cc_json_add_str_or_null(o, "mems_allowed", r->have_mems ? r->mems_allowed : NULL);
	a = cJSON_AddArrayToObject(o, "zones");
	for (i = 0; i < x->nzones; i++)
		cJSON_AddItemToArray(a, zone_json(x, &x->zones[i]));
	cJSON_AddStringToObject(o, "cause", cc_ex_cause_name(x->cause));
	if (x->compaction_possible < 0)
		cJSON_AddNullToObject(o, "compaction_possible");
	else
		cJSON_AddBoolToObject(o, "compaction_possible", x->compaction_possible);
	cJSON_AddItemToObject(o, "advice", strings(x->advice[0], x->nadvice, sizeof(x->advice[0])));
	cJSON_AddItemToObject(o, "missing", strings(x->missing[0], x->nmissing,
						    sizeof(x->missing[0])));
	return o;
}

/* The envelope (its kernel null: each report names its own), source, and
 * reports[]; one line per batch with --follow (JSON lines). */
int cc_json_explain(struct cc_out *o, const struct cc_explain_batch *b)
{
	cJSON *doc = cc_json_envelope(o, NULL), *a;

	cc_json_add_str_or_null(doc, "source", b->source);
	a = cJSON_AddArrayToObject(doc, "reports");
	for (int i = 0; i < b->parsed.n; i++)
		cJSON_AddItemToArray(a, report_json(&b->x[i]));
	return cc_json_print(o, doc, b->stream);
}
