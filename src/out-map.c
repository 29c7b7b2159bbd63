// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Views of the map report (map.h): text with the terminal map, JSON,
 * Prometheus gauges (map's --format prometheus, and export's), the SVG
 * file, and compact's lines against the ceiling. They only read the
 * report; control characters are filtered where every view's are (the
 * output commit, cc_json_print), and in the SVG here.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "views.h"

#define MAP_COLS 64		/* cells per row: 2 + 12 + 1 + 64 <= 80 columns */
#define MAP_MAX_ROWS 16
#define SVG_COLS 128
#define SVG_MAX_ROWS 128
#define SVG_CELL 6

/* ANSI background per class, black letters; and the SVG fill */
static const char *const ansi[BC__N] = { "30;42", "30;43", "30;44", "97;41",
					 "30;47", "97;40", "30;100" };
static const char *const fill[BC__N] = { "#2e9e44", "#e0c030", "#3b6fd6", "#d03030",
					 "#c8c8c8", "#202020", "#909090" };
/* which class a cell shows on a tie: the one that matters most */
static const enum cc_bclass tie_order[BC__N] = { BC_U, BC_C, BC_F, BC_T, BC_I, BC_H, BC_P };

static uint64_t group_size(uint64_t nblocks, uint64_t max_cells)
{
	uint64_t g = 1;

	while ((nblocks + g - 1) / g > max_cells)
		g *= 2;
	return g;
}

/* the most common class among blocks [i, i + g) */
static enum cc_bclass cell_class(const struct cc_map_zone *z, uint64_t i, uint64_t g)
{
	uint64_t n[BC__N] = { 0 }, j, best = 0;
	enum cc_bclass c = BC_P;
	int t;

	for (j = i; j < i + g && j < z->nblocks; j++)
		if (z->cls[j] < BC__N)
			n[z->cls[j]]++;
	for (t = 0; t < BC__N; t++)
		if (n[tie_order[t]] > best) {
			best = n[tie_order[t]];
			c = tie_order[t];
		}
	return c;
}

static void pct(char *buf, size_t len, uint64_t part, uint64_t whole)
{
	if (!whole)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%llu.%llu%%", (unsigned long long)(part * 1000 / whole / 10),
			 (unsigned long long)(part * 1000 / whole % 10));
}

static void text_classes(FILE *out, const struct cc_map_report *r, const struct cc_map_zone *z)
{
	uint64_t B = (uint64_t)r->page_size << r->order;
	char sz[32], sh[48];
	int c;

	fprintf(out, "  class              blocks    share      memory\n");
	for (c = 0; c < BC__N; c++) {
		bool counted = c <= BC_U;

		if (!counted && !z->blocks[c])
			continue;
		cc_fmt_bytes(sz, sizeof(sz), z->blocks[c] * B);
		pct(sh, sizeof(sh), z->blocks[c], z->counted_blocks);
		fprintf(out, "  %c %-15s %8llu  %7s  %10s", cc_bclass_letter[c],
			cc_bclass_name[c], (unsigned long long)z->blocks[c],
			counted ? sh : "", sz);
		if (c == BC_I)
			fprintf(out, "  deferred init, not in U");
		else if (c == BC_P)
			fprintf(out, "  zone edge / other zone");
		fputc('\n', out);
	}
}

static void text_blockers(FILE *out, const struct cc_map_zone *z)
{
	int k, h;

	if (!z->blocks[BC_U])
		return;
	fprintf(out, "  blocked by (pages)");
	for (h = 0; h < CC_MAP_NHIST; h++)
		fprintf(out, "%s %s: %llu", h ? "," : "", cc_map_hist_label[h],
			(unsigned long long)z->hist[h]);
	fprintf(out, " blocks\n  blocker              blocks  pages in U blocks\n");
	for (k = PK_FIRST_BLOCKER; k < PK__N; k++)
		if (z->blocker_blocks[k])
			fprintf(out, "    %-18s %8llu  %10llu\n", cc_pkinds[k].label,
				(unsigned long long)z->blocker_blocks[k],
				(unsigned long long)z->blocker_pages[k]);
}

static void text_ceiling(FILE *out, const struct cc_map_report *r, const struct cc_map_zone *z)
{
	uint64_t B = (uint64_t)r->page_size << r->order;
	char sz[32], m[48], b[48];

	cc_fmt_bytes(sz, sizeof(sz), z->ceil.blocks * B);
	fprintf(out, "  ceiling %llu blocks (%s) = F %llu + %llu of %llu candidates,\n"
		"    %llu page moves; reserve %llu pages (min watermark);\n"
		"    simple bound %llu blocks\n",
		(unsigned long long)z->ceil.blocks, sz, (unsigned long long)z->blocks[BC_F],
		(unsigned long long)z->ceil.candidates, (unsigned long long)z->blocks[BC_C],
		(unsigned long long)z->ceil.migrate_pages, (unsigned long long)z->ceil.reserve,
		(unsigned long long)z->ceil.simple_bound);
	if (z->have_buddy)
		fprintf(out, "  free now: F %llu (scan), buddyinfo %llu before, %llu after "
			"(%+lld)\n", (unsigned long long)z->blocks[BC_F],
			(unsigned long long)z->buddy_before, (unsigned long long)z->buddy_after,
			(long long)z->blocks[BC_F] - (long long)z->buddy_before);
	pct(m, sizeof(m), z->immovable_pages, z->counted_pages);
	pct(b, sizeof(b), z->blocks[BC_U], z->counted_blocks);
	fprintf(out, "  immovable: %s of memory, in %s of blocks (Meta's pair)\n", m, b);
}

static void text_grid(FILE *out, const struct cc_map_report *r, const struct cc_map_zone *z,
		      bool color)
{
	uint64_t g = group_size(z->nblocks, MAP_COLS * MAP_MAX_ROWS), i;
	char sz[32];
	int col = 0, cur = -1;

	cc_fmt_size_exact(sz, sizeof(sz), ((uint64_t)r->page_size << r->order) * g);
	fprintf(out, "  map: 1 cell = %llu block%s (%s)%s\n", (unsigned long long)g,
		g > 1 ? "s" : "", sz, g > 1 ? ", the most common class" : "");
	for (i = 0; i < z->nblocks; i += g) {
		enum cc_bclass c = cell_class(z, i, g);

		if (col == 0)
			fprintf(out, "  0x%010llx ",
				(unsigned long long)(z->first_pfn + (i << r->order)));
		if (color && (int)c != cur) {
			fprintf(out, "\033[%sm", ansi[c]);
			cur = (int)c;
		}
		fputc(cc_bclass_letter[c], out);
		if (++col == MAP_COLS || i + g >= z->nblocks) {
			if (color) {
				fputs("\033[0m", out);
				cur = -1;
			}
			fputc('\n', out);
			col = 0;
		}
	}
	fputs("  ", out);
	for (i = 0; i < BC__N; i++) {
		if (color)
			fprintf(out, " \033[%sm%c\033[0m %s", ansi[i], cc_bclass_letter[i],
				cc_bclass_name[i]);
		else
			fprintf(out, " %c %s", cc_bclass_letter[i], cc_bclass_name[i]);
	}
	fputc('\n', out);
}

static void text_owner(FILE *out, const struct cc_map_report *r)
{
	int i;

	if (r->owner != CC_OWNER_ON) {
		fprintf(out, "page_owner: %s\n", r->owner_note);
		if (r->owner == CC_OWNER_OFF)
			fputs("  to see the allocation stacks of the blockers, boot a kernel built\n"
			      "  with CONFIG_PAGE_OWNER=y with page_owner=on (map reads debugfs\n"
			      "  page_owner, mounting debugfs for itself if it is not mounted)\n", out);
		return;
	}
	fprintf(out, "Blocking allocations by stack (page_owner, %llu records, top %d):\n",
		(unsigned long long)r->owner_records, r->nstacks);
	for (i = 0; i < r->nstacks; i++) {
		const char *p = r->stacks[i].stack;

		fprintf(out, "  %llu pages in blocked blocks, %llu allocations:\n",
			(unsigned long long)r->stacks[i].pages,
			(unsigned long long)r->stacks[i].allocs);
		while (*p) {
			size_t n = strcspn(p, "\n");

			while (n && p[0] == ' ')
				p++, n--;
			fprintf(out, "      %.*s\n", (int)(n > 72 ? 72 : n), p);
			p += n;
			if (*p)
				p++;
		}
	}
}

int cc_text_map(struct cc_out *o, const struct cc_map_report *r)
{
	FILE *out = o->f;
	char bs[32];
	int i;

	cc_fmt_size_exact(bs, sizeof(bs), (uint64_t)r->page_size << r->order);
	fprintf(out, "Linux %.40s: order-%d blocks (%s), pageblock order %d, %.2fs\n",
		r->kernel[0] ? r->kernel : "?", r->order, bs, r->pageblock_order, r->seconds);
	fprintf(out, "compact_unevictable_allowed %d: unevictable pages are %s\n",
		r->unevictable_movable, r->unevictable_movable ? "movable" : "blockers");
	if (r->buddy_head_only)
		fprintf(out, "kernel < 4.6: BUDDY marks only the head of a free block; "
			"free extents are estimated\n");
	for (i = 0; i < r->nzones; i++) {
		const struct cc_map_zone *z = &r->zones[i];

		fprintf(out, "\nNode %d, zone %s: PFN %#llx-%#llx, %.2fs\n", z->node, z->name,
			(unsigned long long)z->start_pfn, (unsigned long long)z->end_pfn,
			z->scan_seconds);
		text_classes(out, r, z);
		text_blockers(out, z);
		if (z->pcp)
			fprintf(out, "  (up to %llu free pages on per-CPU lists look like "
				"kernel pages)\n", (unsigned long long)z->pcp);
		if (z->pages_past_eof)
			fprintf(out, "  (%llu pages past the end of kpageflags: holes)\n",
				(unsigned long long)z->pages_past_eof);
		text_ceiling(out, r, z);
		text_grid(out, r, z, o->color);
	}
	if (r->nzones > 1) {
		struct cc_map_zone t;
		uint64_t B = (uint64_t)r->page_size << r->order;
		char sz[32], m[48], b[48];

		cc_map_total(r, &t);
		cc_fmt_bytes(sz, sizeof(sz), t.ceil.blocks * B);
		pct(m, sizeof(m), t.immovable_pages, t.counted_pages);
		pct(b, sizeof(b), t.blocks[BC_U], t.counted_blocks);
		fprintf(out, "\nAll zones: F %llu C %llu T %llu U %llu;\n  ceiling %llu blocks "
			"(%s); immovable: %s of memory, in %s of blocks\n",
			(unsigned long long)t.blocks[BC_F], (unsigned long long)t.blocks[BC_C],
			(unsigned long long)t.blocks[BC_T], (unsigned long long)t.blocks[BC_U],
			(unsigned long long)t.ceil.blocks, sz, m, b);
	}
	fputc('\n', out);
	text_owner(out, r);
	return ferror(out) ? -1 : 0;
}

/* ---- JSON ---- */

static double share(uint64_t part, uint64_t whole)
{
	return whole ? (double)part / (double)whole : 0;
}

static cJSON *zone_json(const struct cc_map_report *r, const struct cc_map_zone *z)
{
	cJSON *o = cJSON_CreateObject(), *c, *pg, *bl, *h, *ce, *fr, *me;
	uint64_t B = 1ull << r->order;
	int k;

	if (z->node >= 0) {
		cJSON_AddNumberToObject(o, "node", z->node);
		cJSON_AddStringToObject(o, "zone", z->name);
		cc_json_add_u64(o, "start_pfn", z->start_pfn);
		cc_json_add_u64(o, "end_pfn", z->end_pfn);
		cc_json_add_u64(o, "present", z->present);
		if (z->have_managed)
			cc_json_add_u64(o, "managed", z->managed);
		cc_json_add_u64(o, "uninit_budget", z->uninit_budget);
		cc_json_add_u64(o, "pcp_pages", z->pcp);
		cc_json_add_u64(o, "pages_past_eof", z->pages_past_eof);
		cJSON_AddNumberToObject(o, "scan_seconds", cc_json_usec(z->scan_seconds));
	}
	c = cJSON_AddObjectToObject(o, "blocks");
	for (k = 0; k < BC__N; k++)
		cc_json_add_u64(c, cc_bclass_name[k], z->blocks[k]);
	pg = cJSON_AddObjectToObject(o, "pages");
	for (k = 0; k < PK__N; k++)
		if (k != PK_HUGE_PART)
			cc_json_add_u64(pg, cc_pkinds[k].key, z->pages[k]);
	bl = cJSON_AddObjectToObject(o, "blockers");
	for (k = PK_FIRST_BLOCKER; k < PK__N; k++) {
		cJSON *x = cJSON_AddObjectToObject(bl, cc_pkinds[k].key);

		cc_json_add_u64(x, "blocks", z->blocker_blocks[k]);
		cc_json_add_u64(x, "pages", z->blocker_pages[k]);
	}
	h = cJSON_AddObjectToObject(o, "blocked_by_pages");
	for (k = 0; k < CC_MAP_NHIST; k++)
		cc_json_add_u64(h, cc_map_hist_label[k], z->hist[k]);
	ce = cJSON_AddObjectToObject(o, "ceiling");
	cc_json_add_u64(ce, "blocks", z->ceil.blocks);
	cc_json_add_u64(ce, "bytes", z->ceil.blocks * B * (uint64_t)r->page_size);
	cc_json_add_u64(ce, "free_blocks", z->blocks[BC_F]);
	cc_json_add_u64(ce, "candidates", z->ceil.candidates);
	cc_json_add_u64(ce, "migrate_pages", z->ceil.migrate_pages);
	cc_json_add_u64(ce, "target_pages", z->ceil.target_pages);
	cc_json_add_u64(ce, "reserve_pages", z->ceil.reserve);
	cc_json_add_u64(ce, "simple_bound_blocks", z->ceil.simple_bound);
	fr = cJSON_AddObjectToObject(o, "free_now");
	cc_json_add_u64(fr, "scan", z->blocks[BC_F]);
	if (z->have_buddy) {
		cc_json_add_u64(fr, "buddyinfo_before", z->buddy_before);
		cc_json_add_u64(fr, "buddyinfo_after", z->buddy_after);
	} else {
		cJSON_AddNullToObject(fr, "buddyinfo_before");
		cJSON_AddNullToObject(fr, "buddyinfo_after");
	}
	if (z->node >= 0) {
		cJSON_AddItemToObject(fr, "scan_by_order",
				      cc_json_u64_array(z->free_hist, r->max_order + 1));
		if (z->have_buddy)
			cJSON_AddItemToObject(fr, "buddyinfo_by_order",
					      cc_json_u64_array(z->buddy_hist, r->max_order + 1));
	}
	me = cJSON_AddObjectToObject(o, "meta_pair");
	cc_json_add_u64(me, "immovable_pages", z->immovable_pages);
	cc_json_add_u64(me, "counted_pages", z->counted_pages);
	cJSON_AddNumberToObject(me, "immovable_memory_share",
				share(z->immovable_pages, z->counted_pages));
	cJSON_AddNumberToObject(me, "blocks_with_immovable_share",
				share(z->blocks[BC_U], z->counted_blocks));
	if (r->with_blocks && z->cls) {
		char *s = xcalloc(z->nblocks + 1, 1);
		uint64_t i;

		for (i = 0; i < z->nblocks; i++)
			s[i] = cc_bclass_letter[z->cls[i] < BC__N ? z->cls[i] : BC_P];
		cc_json_add_u64(o, "first_block_pfn", z->first_pfn);
		cJSON_AddStringToObject(o, "block_classes", s);
		free(s);
	}
	return o;
}

int cc_json_map(struct cc_out *o, const struct cc_map_report *r)
{
	cJSON *d = cc_json_envelope(o, r->kernel), *a, *po;
	struct cc_map_zone t;
	int i;

	cJSON_AddNumberToObject(d, "page_size", (double)r->page_size);
	cJSON_AddNumberToObject(d, "order", r->order);
	cc_json_add_u64(d, "block_bytes", (uint64_t)r->page_size << r->order);
	cJSON_AddNumberToObject(d, "pageblock_order", r->pageblock_order);
	cJSON_AddBoolToObject(d, "unevictable_movable", r->unevictable_movable);
	cJSON_AddBoolToObject(d, "buddy_head_only", r->buddy_head_only);
	cJSON_AddNumberToObject(d, "scan_seconds", cc_json_usec(r->seconds));
	a = cJSON_AddArrayToObject(d, "zones");
	for (i = 0; i < r->nzones; i++)
		cJSON_AddItemToArray(a, zone_json(r, &r->zones[i]));
	cc_map_total(r, &t);
	cJSON_AddItemToObject(d, "total", zone_json(r, &t));
	po = cJSON_AddObjectToObject(d, "page_owner");
	cJSON_AddBoolToObject(po, "enabled", r->owner == CC_OWNER_ON);
	if (r->owner != CC_OWNER_ON)
		cJSON_AddStringToObject(po, "note", r->owner_note);
	else {
		cJSON *st = cJSON_AddArrayToObject(po, "stacks");

		cc_json_add_u64(po, "records", r->owner_records);
		for (i = 0; i < r->nstacks; i++) {
			cJSON *x = cJSON_CreateObject();

			cc_json_add_u64(x, "pages", r->stacks[i].pages);
			cc_json_add_u64(x, "allocations", r->stacks[i].allocs);
			cJSON_AddStringToObject(x, "stack", r->stacks[i].stack);
			cJSON_AddItemToArray(st, x);
		}
	}
	return cc_json_print(o, d, false);
}

/* ---- SVG ---- */

/* text from input (the kernel release, zone names) in XML: control
 * characters made visible (format.h), then the markup characters escaped */
static void svg_text(FILE *out, const char *raw)
{
	char safe[256];
	const char *p;

	cc_safe_copy(safe, sizeof(safe), raw);
	for (p = safe; *p; p++) {
		switch (*p) {
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '&': fputs("&amp;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&apos;", out); break;
		default: fputc(*p, out);
		}
	}
}

int cc_svg_map(struct cc_out *o, const struct cc_map_report *r)
{
	FILE *out = o->f;
	int i, c, x, y = 30, h = 30;
	char bs[32];

	for (i = 0; i < r->nzones; i++) {
		const struct cc_map_zone *z = &r->zones[i];
		uint64_t g = group_size(z->nblocks, SVG_COLS * SVG_MAX_ROWS);

		h += 30 + (int)(((z->nblocks + g - 1) / g + SVG_COLS - 1) / SVG_COLS) * SVG_CELL;
	}
	h += 56;
	cc_fmt_order_size(bs, sizeof(bs), r->page_size, r->order);
	fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
		"viewBox=\"0 0 %d %d\" font-family=\"monospace\" font-size=\"12\">\n"
		"<title>compactctl map: blocks of order %d (%s)</title>\n<style>",
		SVG_COLS * SVG_CELL + 20, h, SVG_COLS * SVG_CELL + 20, h, r->order, bs);
	for (c = 0; c < BC__N; c++)
		fprintf(out, ".%c{fill:%s}", cc_bclass_letter[c], fill[c]);
	fputs("</style>\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
	      "<text x=\"10\" y=\"18\">Linux ", out);
	svg_text(out, r->kernel[0] ? r->kernel : "?");
	fprintf(out, ": blocks of order %d (%s)</text>\n", r->order, bs);
	for (i = 0; i < r->nzones; i++) {
		const struct cc_map_zone *z = &r->zones[i];
		uint64_t g = group_size(z->nblocks, SVG_COLS * SVG_MAX_ROWS), j, n = 0;
		char gs[32];

		cc_fmt_size_exact(gs, sizeof(gs), ((uint64_t)r->page_size << r->order) * g);
		fprintf(out, "<text x=\"10\" y=\"%d\">Node %d, zone ", y + 16, z->node);
		svg_text(out, z->name);
		fprintf(out, ": F %" PRIu64 " C %" PRIu64 " T %" PRIu64 " U %" PRIu64
			"; ceiling %" PRIu64 "; 1 cell = %s</text>\n<g>\n", z->blocks[BC_F],
			z->blocks[BC_C], z->blocks[BC_T], z->blocks[BC_U], z->ceil.blocks, gs);
		y += 24;
		for (j = 0; j < z->nblocks; j += g, n++)
			fprintf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
				"class=\"%c\"/>\n", 10 + (int)(n % SVG_COLS) * SVG_CELL,
				y + (int)(n / SVG_COLS) * SVG_CELL, SVG_CELL, SVG_CELL,
				cc_bclass_letter[cell_class(z, j, g)]);
		fputs("</g>\n", out);
		y += (int)((n + SVG_COLS - 1) / SVG_COLS) * SVG_CELL + 6;
	}
	y += 10;
	for (c = 0, x = 10; c < BC__N; c++) {
		fprintf(out, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" class=\"%c\"/>"
			"<text x=\"%d\" y=\"%d\">%c %s</text>\n", x, y, cc_bclass_letter[c],
			x + 14, y + 10, cc_bclass_letter[c], cc_bclass_name[c]);
		/* monospace 12px: about 7.2 px a character */
		x += 14 + (int)(strlen(cc_bclass_name[c]) + 2) * 8 + 12;
		if (x > SVG_COLS * SVG_CELL - 100 && c + 1 < BC__N) {
			x = 10;
			y += 16;
		}
	}
	fputs("</svg>\n", out);
	return ferror(out) ? -1 : 0;
}

/* ---- compact, against the ceiling the map computed before it ---- */

static uint64_t sum_achieved(const struct cc_map_report *m, const struct cc_snapshot *s,
			     uint64_t *ach)
{
	uint64_t sum = 0;
	int i;

	cc_map_achieved(m, s, ach);
	for (i = 0; i < m->nzones; i++)
		sum += ach[i];
	return sum;
}

void cc_text_map_reach_line(struct cc_out *o, const struct cc_map_report *m,
			    const struct cc_snapshot *s)
{
	uint64_t *ach = xcalloc((size_t)m->nzones + 1, sizeof(*ach)), a;
	struct cc_map_zone t;
	char p[48];

	cc_map_total(m, &t);
	a = sum_achieved(m, s, ach);
	pct(p, sizeof(p), a, t.ceil.blocks);
	fprintf(o->f, "%14sreached %s of the ceiling (%" PRIu64 " of %" PRIu64 " blocks)\n",
		"", p, a, t.ceil.blocks);
	free(ach);
}

void cc_text_map_reach(struct cc_out *o, const struct cc_map_report *m,
		       const struct cc_snapshot *before, const struct cc_snapshot *after)
{
	uint64_t *b = xcalloc((size_t)m->nzones + 1, sizeof(*b));
	uint64_t *a = xcalloc((size_t)m->nzones + 1, sizeof(*a)), sa;
	enum cc_pkind top;
	struct cc_map_zone t;
	FILE *f = o->f;
	char bs[16], p[48], line[96];
	int i;

	cc_map_total(m, &t);
	cc_fmt_order_size(bs, sizeof(bs), m->page_size, m->order);
	sum_achieved(m, before, b);
	sa = sum_achieved(m, after, a);
	pct(p, sizeof(p), sa, t.ceil.blocks);
	top = cc_map_top_blocker(&t);
	fprintf(f, "Against the ceiling (compactctl map before pass 1, blocks of %s):\n", bs);
	snprintf(line, sizeof(line), "reached %s of it; %" PRIu64 " block%s still blocked", p,
		 t.blocks[BC_U], t.blocks[BC_U] == 1 ? "" : "s");
	if (top < PK__N)
		fprintf(f, "%s,%smost by %s.\n", line,
			strlen(line) + strlen(cc_pkinds[top].label) > 69 ? "\n  " : " ",
			cc_pkinds[top].label);
	else
		fprintf(f, "%s.\n", line);
	fprintf(f, "%-10s %8s %8s %8s %8s %8s  %s\n", "zone", "ceiling", "before", "after",
		"reached", "blocked", "most by");
	for (i = 0; i < m->nzones; i++) {
		const struct cc_map_zone *z = &m->zones[i];
		char name[24];

		top = cc_map_top_blocker(z);
		snprintf(name, sizeof(name), "%d/%s", z->node, z->name);
		pct(p, sizeof(p), a[i], z->ceil.blocks);
		fprintf(f, "%-10s %8" PRIu64 " %8" PRIu64 " %8" PRIu64 " %8s %8" PRIu64 "  %s\n",
			name, z->ceil.blocks, b[i], a[i], p, z->blocks[BC_U],
			top < PK__N ? cc_pkinds[top].label : "-");
	}
	fputs("(free blocks of that order in buddyinfo before the first pass and after the\n"
	      " last; the ceiling is for the memory as the map saw it: memory freed since,\n", f);
	if (t.pcp)
		fprintf(f, " and the %" PRIu64 " free pages it saw on per-CPU lists,", t.pcp);
	fputs(" can take a zone past it)\n", f);
	free(a);
	free(b);
}

static cJSON *reach_zone(const struct cc_map_zone *z, uint64_t achieved)
{
	cJSON *zo = cJSON_CreateObject();

	cJSON_AddNumberToObject(zo, "node", z->node);
	cJSON_AddStringToObject(zo, "zone", z->name);
	cc_json_add_u64(zo, "achieved_blocks", achieved);
	cc_json_add_u64(zo, "ceiling_blocks", z->ceil.blocks);
	cJSON_AddNumberToObject(zo, "reached", z->ceil.blocks ? (double)achieved /
				(double)z->ceil.blocks : 0);
	return zo;
}

cJSON *cc_json_map_reach(const struct cc_map_report *m, const struct cc_snapshot *s)
{
	uint64_t *ach = xcalloc((size_t)m->nzones + 1, sizeof(*ach)), a;
	cJSON *o = cJSON_CreateObject(), *zs;
	struct cc_map_zone t;
	int i;

	cc_map_total(m, &t);
	a = sum_achieved(m, s, ach);
	cc_json_add_u64(o, "achieved_blocks", a);
	cc_json_add_u64(o, "ceiling_blocks", t.ceil.blocks);
	cJSON_AddNumberToObject(o, "reached", t.ceil.blocks ? (double)a / (double)t.ceil.blocks : 0);
	zs = cJSON_AddArrayToObject(o, "zones");
	for (i = 0; i < m->nzones; i++)
		cJSON_AddItemToArray(zs, reach_zone(&m->zones[i], ach[i]));
	free(ach);
	return o;
}

cJSON *cc_json_map_ceiling(const struct cc_map_report *m)
{
	cJSON *o = cJSON_CreateObject(), *zs;
	struct cc_map_zone t;
	enum cc_pkind top;
	int i;

	cc_map_total(m, &t);
	cJSON_AddNumberToObject(o, "order", m->order);
	cc_json_add_u64(o, "blocks", t.ceil.blocks);
	cJSON_AddNumberToObject(o, "scan_seconds", cc_json_usec(m->seconds));
	zs = cJSON_AddArrayToObject(o, "zones");
	for (i = 0; i < m->nzones; i++) {
		const struct cc_map_zone *z = &m->zones[i];
		cJSON *zo = cJSON_CreateObject();

		cJSON_AddNumberToObject(zo, "node", z->node);
		cJSON_AddStringToObject(zo, "zone", z->name);
		cc_json_add_u64(zo, "ceiling_blocks", z->ceil.blocks);
		cc_json_add_u64(zo, "free_blocks", z->blocks[BC_F]);
		cc_json_add_u64(zo, "candidate_blocks", z->blocks[BC_C]);
		cc_json_add_u64(zo, "blocked_blocks", z->blocks[BC_U]);
		top = cc_map_top_blocker(z);
		cc_json_add_str_or_null(zo, "top_blocker", top < PK__N ? cc_pkinds[top].key : NULL);
		cJSON_AddItemToArray(zs, zo);
	}
	return o;
}

/* ---- Prometheus gauges (map --format prometheus, and export as root) ---- */

static void prom_labels(FILE *out, const char *metric, const struct cc_map_report *r,
			const struct cc_map_zone *z)
{
	fprintf(out, "compactctl_%s{node=\"%d\",zone=\"", metric, z->node);
	cc_prom_label(out, z->name);
	fprintf(out, "\",order=\"%d\"", r->order);
}

int cc_prom_map(struct cc_out *o, const struct cc_map_report *r)
{
	FILE *out = o->f;
	int i, c;

	cc_prom_family(out, "map_blocks", "gauge",
		       "Aligned blocks of the order by compaction class, from /proc/kpageflags "
		       "(root): free, candidate, huge, blocked, uninitialised, hole, partial.");
	for (i = 0; i < r->nzones; i++)
		for (c = 0; c < BC__N; c++) {
			prom_labels(out, "map_blocks", r, &r->zones[i]);
			fprintf(out, ",class=\"%s\"} %" PRIu64 "\n", cc_bclass_name[c],
				r->zones[i].blocks[c]);
		}
	cc_prom_family(out, "compaction_ceiling_blocks", "gauge",
		       "The most free blocks of the order compaction could make (compactctl "
		       "map's ceiling).");
	for (i = 0; i < r->nzones; i++) {
		prom_labels(out, "compaction_ceiling_blocks", r, &r->zones[i]);
		fprintf(out, "} %" PRIu64 "\n", r->zones[i].ceil.blocks);
	}
	return ferror(out) ? -1 : 0;
}
