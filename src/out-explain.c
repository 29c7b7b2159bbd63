// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Views of an explained report (explain.h): text that fits the width
 * (80 columns) and JSON, both from the same struct. Every string that
 * came from the report goes through cc_escape(), so no control character
 * of the input reaches the terminal or the JSON.
 */
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "explain.h"
#include "output.h"

void cc_escape(char *dst, size_t n, const char *s)
{
	size_t len = 0;

	if (!n)
		return;
	for (; *s && len + 1 < n; s++) {
		unsigned char c = (unsigned char)*s;

		if (c >= 0x20 && c < 0x7f) {
			dst[len++] = (char)c;
		} else {
			if (len + 5 > n)
				break;
			snprintf(dst + len, n - len, "\\x%02x", c);
			len += 4;
		}
	}
	dst[len] = '\0';
}

/* ---- text ---- */

/* text wrapped at width, first line after `first`, the rest indented */
static void wrap(FILE *out, int width, const char *first, int indent, const char *text)
{
	char esc[2048];
	const char *p = esc;
	bool start = true;
	int col;

	cc_escape(esc, sizeof(esc), text);
	fputs(first, out);
	col = (int)strlen(first);
	while (*p) {
		size_t w = strcspn(p, " ");

		if (!start && col + 1 + (int)w > width) {
			fprintf(out, "\n%*s", indent, "");
			col = indent;
		} else if (!start) {
			fputc(' ', out);
			col++;
		}
		fwrite(p, 1, w, out);
		col += (int)w;
		start = false;
		p += w;
		while (*p == ' ')
			p++;
	}
	fputc('\n', out);
}

/* at most 8 columns: "1023 KiB", "75.6 MiB", "756 MiB", "11.4 GiB" */
static const char *kb_short(char *buf, size_t n, uint64_t kb)
{
	double m = kb / 1024.0, g = kb / 1048576.0;

	if (kb < 1024)
		snprintf(buf, n, "%" PRIu64 " KiB", kb);
	else if (m < 99.95)
		snprintf(buf, n, "%.1f MiB", m);
	else if (m < 1023.5)
		snprintf(buf, n, "%.0f MiB", m);
	else if (g < 99.95)
		snprintf(buf, n, "%.1f GiB", g);
	else if (g < 1023.5)
		snprintf(buf, n, "%.0f GiB", g);
	else
		snprintf(buf, n, "%.1f TiB", g / 1024);
	return buf;
}

static const char *opt_kb(char *buf, size_t n, const struct cc_ar_zone *z, enum cc_ar_zf f)
{
	if (!(z->have & (1u << f)))
		return "-";
	return kb_short(buf, n, z->v[f]);
}

static uint64_t free_kb(const struct cc_ar_zone *z)
{
	if (z->buddy_line)
		return z->have_total ? z->total_kb : z->sum_kb;
	return (z->have & (1u << AZ_FREE)) ? z->v[AZ_FREE] : 0;
}

static void zone_name(const struct cc_ar_zone *z, char *buf, size_t n)
{
	if (z->node >= 0)
		snprintf(buf, n, "%d/%s", z->node, z->name);
	else
		snprintf(buf, n, "%s", z->name);
}

static const char *result_text(const struct cc_ex_report *x, const struct cc_ex_zone *ez,
			       char *buf, size_t n)
{
	char a[32], b[32], sz[32];
	uint64_t pk = x->page_kb;
	const struct cc_wmark_check *c = &ez->check;

	kb_short(sz, sizeof(sz), x->block_kb);
	kb_short(a, sizeof(a), c->usable > 0 ? (uint64_t)c->usable * pk : 0);
	kb_short(b, sizeof(b), c->needed > 0 ? (uint64_t)c->needed * pk : 0);
	switch (ez->outcome) {
	case CC_ZO_PASS_LOW:
	case CC_ZO_PASS_MIN:
		snprintf(buf, n, "passes: usable %s > %s needed, and a block of %s or "
			 "more is free", a, b, sz);
		break;
	case CC_ZO_RESERVE:
		snprintf(buf, n, "fenced by lowmem_reserve: usable %s <= %s needed, of "
			 "which %s is the reserve against this request's zone", a, b,
			 kb_short((char[32]){ 0 }, 32, (uint64_t)c->reserve * pk));
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
				 kb_short((char[32]){ 0 }, 32, (uint64_t)c->free * pk), sz);
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
					sz, z->count[o],
					z->types[o][0] ? "(" : "", z->types[o],
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

	zone_name(z, name, sizeof(name));
	if (ez->have_buddy) {
		snprintf(nb, sizeof(nb), "%" PRIu64, ez->blocks_ge);
		cc_fmt_milli(fi, sizeof(fi), ez->fragindex);
	} else {
		snprintf(nb, sizeof(nb), "-");
		snprintf(fi, sizeof(fi), "-");
	}
	if (ez->eligible && z->reserve_line)
		kb_short(rs, sizeof(rs), (uint64_t)(reserve > 0 ? reserve : 0) * x->page_kb);
	else
		snprintf(rs, sizeof(rs), "-");
	fprintf(out, "  %-13.13s %8s %8s %8s %8s %8s %7s %7s\n", name,
		z->buddy_line || (z->have & 1) ? kb_short(f, sizeof(f), free_kb(z)) : "-",
		opt_kb(mi, sizeof(mi), z, AZ_MIN), opt_kb(lo, sizeof(lo), z, AZ_LOW),
		opt_kb(hi, sizeof(hi), z, AZ_HIGH), rs, nb, fi);
	wrap(out, width, "    ", 6, result_text(x, ez, res, sizeof(res)));
	if (ez->have_buddy)
		block_line(out, z, width);
}

static void request_text(FILE *out, const struct cc_ex_report *x, int width)
{
	const struct cc_areport *r = x->r;
	char line[1024], sz[32], esc[512];
	const char *what[] = { "page allocation failure", "page allocation stall",
			       "OOM killer invoked", "vmalloc failure" };

	if (x->order >= 0)
		kb_short(sz, sizeof(sz), x->block_kb);
	if (r->kind == CC_AR_VMALLOC && r->vmalloc_size)
		snprintf(line, sizeof(line), "asked vmalloc for %" PRIu64 " bytes (%s%s%s)%s",
			 r->vmalloc_size, r->vmalloc_size >= (uint64_t)1 << 50 ? "over 1 PiB" :
			 kb_short(sz, sizeof(sz), r->vmalloc_size / 1024),
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
	(void)what;
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
	cc_escape(esc, sizeof(esc), line);
	wrap(out, width, "  ", 4, esc);
}

void cc_text_explain_head(FILE *out, int count, const struct cc_ex_render *o)
{
	const char *src = o->source ? o->source : "input", *base = strrchr(src, '/');
	int width = o->width > 40 ? o->width : 80;
	char esc[PATH_MAX * 4];

	cc_escape(esc, sizeof(esc), strlen(src) + 12 > (size_t)width && base ? base + 1 : src);
	fprintf(out, "%.*s: %d report%s\n\n", width - 12, esc, count, count == 1 ? "" : "s");
}

void cc_text_explain(FILE *out, const struct cc_ex_report *x, int index, int count,
		     const struct cc_ex_render *o)
{
	static const char *const kinds[] = { "page allocation failure",
		"page allocation stall", "OOM killer", "vmalloc failure" };
	const struct cc_areport *r = x->r;
	int width = o->width > 40 ? o->width : 80, i, shown = 0;
	char line[1024], task[128], kern[160];

	cc_escape(task, sizeof(task), r->task);
	cc_escape(kern, sizeof(kern), r->kernel);
	snprintf(line, sizeof(line), "Report %d of %d (line %u): %s", index, count, r->line,
		 kinds[r->kind]);
	if (r->kind == CC_AR_STALL && r->stall_ms >= 0)
		snprintf(line + strlen(line), sizeof(line) - strlen(line), " for %ld ms",
			 r->stall_ms);
	wrap(out, width, "", 2, line);
	if (r->pid >= 0)
		snprintf(line, sizeof(line), "task %s, pid %ld, Linux %s%s", task, r->pid,
			 kern[0] ? kern : "?", r->kernel_from_boot ? " (from the boot line)" : "");
	else
		snprintf(line, sizeof(line), "task %s, Linux %s%s", task, kern[0] ? kern : "?",
			 r->kernel_from_boot ? " (from the boot line)" : "");
	wrap(out, width, "  ", 4, line);
	request_text(out, x, width);

	fprintf(out, "\nCause: %s\n", cc_ex_cause_name(x->cause));
	wrap(out, width, "  ", 2, x->reason);
	if (x->order > 0 && r->kind != CC_AR_VMALLOC) {
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
	if (x->nzones) {
		char sz[32];

		kb_short(sz, sizeof(sz), x->block_kb);
		fprintf(out, "\nZones, in the order the request tries them (blocks: free "
			"blocks >= %s):\n", sz);
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
	if (x->nadvice) {
		fprintf(out, "\nWhat to do:\n");
		for (i = 0; i < x->nadvice; i++)
			wrap(out, width, "  - ", 4, x->advice[i]);
	}
	if (x->nmissing) {
		fprintf(out, "\nMissing from the report:\n");
		for (i = 0; i < x->nmissing; i++)
			wrap(out, width, "  - ", 4, x->missing[i]);
	}
}

/* ---- JSON ---- */

static void add_str(cJSON *o, const char *key, const char *s)
{
	char esc[1024];

	if (!s) {
		cJSON_AddNullToObject(o, key);
		return;
	}
	cc_escape(esc, sizeof(esc), s);
	cJSON_AddStringToObject(o, key, esc);
}

static void add_opt_str(cJSON *o, const char *key, bool have, const char *s)
{
	add_str(o, key, have && s[0] ? s : NULL);
}

static void add_zf(cJSON *o, const char *key, const struct cc_ar_zone *z, enum cc_ar_zf f)
{
	if (z->have & (1u << f))
		cc_json_add_u64(o, key, z->v[f]);
	else
		cJSON_AddNullToObject(o, key);
}

static void add_bool_or_null(cJSON *o, const char *key, int v)
{
	if (v < 0)
		cJSON_AddNullToObject(o, key);
	else
		cJSON_AddBoolToObject(o, key, v);
}

static cJSON *zone_json(const struct cc_ex_report *x, const struct cc_ex_zone *ez)
{
	const struct cc_ar_zone *z = &x->r->zones[ez->rz];
	cJSON *o = cJSON_CreateObject(), *a;
	int i;

	if (z->node >= 0)
		cJSON_AddNumberToObject(o, "node", z->node);
	else
		cJSON_AddNullToObject(o, "node");
	add_str(o, "zone", z->name);
	cJSON_AddBoolToObject(o, "eligible", ez->eligible);
	add_str(o, "not_eligible_because", ez->eligible ? NULL : ez->not_why);
	add_str(o, "result", ez->eligible || ez->outcome != CC_ZO_UNKNOWN ?
		cc_zone_outcome_name(ez->outcome) : NULL);
	if (z->buddy_line)
		cc_json_add_u64(o, "free_kb", z->have_total ? z->total_kb : z->sum_kb);
	else
		cJSON_AddNullToObject(o, "free_kb");
	add_zf(o, "zone_free_kb", z, AZ_FREE);
	add_zf(o, "min_kb", z, AZ_MIN);
	add_zf(o, "low_kb", z, AZ_LOW);
	add_zf(o, "high_kb", z, AZ_HIGH);
	add_zf(o, "boost_kb", z, AZ_BOOST);
	add_zf(o, "reserved_highatomic_kb", z, AZ_RESERVED_HIGHATOMIC);
	add_zf(o, "free_cma_kb", z, AZ_FREE_CMA);
	add_zf(o, "managed_kb", z, AZ_MANAGED);
	if (z->reserve_line) {
		a = cJSON_AddArrayToObject(o, "lowmem_reserve");
		for (i = 0; i < z->nreserve; i++)
			cJSON_AddItemToArray(a, cJSON_CreateNumber((double)z->reserve[i]));
	} else {
		cJSON_AddNullToObject(o, "lowmem_reserve");
	}
	if (ez->eligible && ez->check.mark > 0) {
		cJSON_AddNumberToObject(o, "reserve_kb", (double)(ez->check.reserve * (int64_t)x->page_kb));
		cJSON_AddNumberToObject(o, "usable_kb", (double)(ez->check.usable * (int64_t)x->page_kb));
		cJSON_AddNumberToObject(o, "needed_kb", (double)(ez->check.needed * (int64_t)x->page_kb));
		cJSON_AddBoolToObject(o, "watermark_ok", ez->check.free_ok);
	} else {
		cJSON_AddNullToObject(o, "reserve_kb");
		cJSON_AddNullToObject(o, "usable_kb");
		cJSON_AddNullToObject(o, "needed_kb");
		cJSON_AddNullToObject(o, "watermark_ok");
	}
	if (ez->have_buddy) {
		cJSON_AddItemToObject(o, "free_blocks", cc_json_u64_array(z->count, z->norders));
		a = cJSON_AddArrayToObject(o, "migratetypes");
		for (i = 0; i < z->norders; i++) {
			char esc[32];

			cc_escape(esc, sizeof(esc), z->types[i]);
			cJSON_AddItemToArray(a, cJSON_CreateString(esc));
		}
		cc_json_add_u64(o, "block_kb", z->block_kb);
		cc_json_add_u64(o, "blocks_at_or_above_order", ez->blocks_ge);
		cJSON_AddBoolToObject(o, "usable_block_at_or_above_order", ez->usable_block);
		cJSON_AddNumberToObject(o, "unusable_index", ez->unusable_index / 1000.0);
		cJSON_AddNumberToObject(o, "fragmentation_index", ez->fragindex / 1000.0);
	} else {
		static const char *const keys[] = { "free_blocks", "migratetypes", "block_kb",
			"blocks_at_or_above_order", "usable_block_at_or_above_order",
			"unusable_index", "fragmentation_index" };

		for (i = 0; i < (int)ARRAY_SIZE(keys); i++)
			cJSON_AddNullToObject(o, keys[i]);
	}
	return o;
}

static cJSON *flags_array(const char *names)
{
	cJSON *a = cJSON_CreateArray();
	const char *p = names;

	while (*p) {
		size_t len = strcspn(p, "|");
		char one[64], esc[128];

		if (len && len < sizeof(one)) {
			memcpy(one, p, len);
			one[len] = '\0';
			cc_escape(esc, sizeof(esc), one);
			cJSON_AddItemToArray(a, cJSON_CreateString(esc));
		}
		p += len;
		if (*p == '|')
			p++;
	}
	return a;
}

cJSON *cc_json_explain(const struct cc_ex_report *x)
{
	const struct cc_areport *r = x->r;
	cJSON *o = cJSON_CreateObject(), *a, *q;
	int i;

	add_str(o, "kind", cc_ar_kind_name(r->kind));
	cJSON_AddNumberToObject(o, "line", r->line);
	add_str(o, "task", r->task);
	if (r->pid >= 0)
		cJSON_AddNumberToObject(o, "pid", (double)r->pid);
	else
		cJSON_AddNullToObject(o, "pid");
	add_opt_str(o, "kernel", true, r->kernel);
	if (x->order >= 0)
		cJSON_AddNumberToObject(o, "order", x->order);
	else
		cJSON_AddNullToObject(o, "order");
	if (x->size_bytes)
		cc_json_add_u64(o, "size_bytes", x->size_bytes);
	else
		cJSON_AddNullToObject(o, "size_bytes");
	if (r->have_mask)
		cc_json_add_u64(o, "gfp_mask", r->mask);
	else
		cJSON_AddNullToObject(o, "gfp_mask");
	cJSON_AddItemToObject(o, "gfp_flags", flags_array(x->gfp_names));
	add_opt_str(o, "gfp_layout", r->have_mask, x->layout);
	cJSON_AddBoolToObject(o, "gfp_layout_assumed", r->have_mask && x->layout_assumed);
	add_opt_str(o, "nodemask", r->have_nodemask, r->nodemask);
	add_opt_str(o, "cpuset", r->have_cpuset, r->cpuset);
	add_opt_str(o, "mems_allowed", r->have_mems, r->mems_allowed);
	if (r->kind == CC_AR_STALL && r->stall_ms >= 0)
		cJSON_AddNumberToObject(o, "stall_ms", (double)r->stall_ms);
	add_opt_str(o, "caller", true, x->caller);
	q = cJSON_AddObjectToObject(o, "request");
	if (r->have_mask) {
		add_str(q, "highest_zone", cc_ztype_name(x->highest));
		cJSON_AddBoolToObject(q, "direct_reclaim", x->direct_reclaim);
		cJSON_AddBoolToObject(q, "kswapd_reclaim", x->kswapd);
		cJSON_AddBoolToObject(q, "io", x->io);
		cJSON_AddBoolToObject(q, "fs", x->fs);
		cJSON_AddBoolToObject(q, "high", x->high);
		cJSON_AddBoolToObject(q, "can_sleep", !x->atomic_ctx);
		cJSON_AddBoolToObject(q, "nowarn", x->nowarn);
		cJSON_AddBoolToObject(q, "costly_order", x->costly);
		add_str(q, "retry", x->retry);
	}
	a = cJSON_AddArrayToObject(o, "zones");
	for (i = 0; i < x->nzones; i++)
		cJSON_AddItemToArray(a, zone_json(x, &x->zones[i]));
	add_str(o, "cause", cc_ex_cause_name(x->cause));
	add_str(o, "memory_state", x->state);
	add_str(o, "reason", x->reason);
	add_bool_or_null(o, "compaction_possible", x->compaction_possible);
	add_bool_or_null(o, "compaction_could_help", x->compaction_helps);
	a = cJSON_AddArrayToObject(o, "advice");
	for (i = 0; i < x->nadvice; i++) {
		char esc[512];

		cc_escape(esc, sizeof(esc), x->advice[i]);
		cJSON_AddItemToArray(a, cJSON_CreateString(esc));
	}
	a = cJSON_AddArrayToObject(o, "missing");
	for (i = 0; i < x->nmissing; i++) {
		char esc[256];

		cc_escape(esc, sizeof(esc), x->missing[i]);
		cJSON_AddItemToArray(a, cJSON_CreateString(esc));
	}
	return o;
}
