// SPDX-License-Identifier: GPL-2.0-or-later
/* Human-readable view of a snapshot, 80 columns. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "format.h"
#include "metrics.h"
#include "views.h"
#include "wbuf.h"

#define C_BOLD "\033[1m"
#define C_RED "\033[31m"
#define C_GREEN "\033[32m"
#define C_YELLOW "\033[33m"
#define C_DIM "\033[2m"
#define C_OFF "\033[0m"

static const char *col(const struct cc_out *o, const char *c)
{
	return o->color ? c : "";
}

static int digits(uint64_t v)
{
	int d = 1;

	while (v >= 10) {
		v /= 10;
		d++;
	}
	return d;
}

static void zone_table(struct cc_out *o, const struct cc_snapshot *s, const struct cc_status_report *r,
		       const struct cc_zone *z)
{
	FILE *out = o->f;
	struct cc_contig all, ci;
	struct cc_wbuf b;
	int wb = 6, wp = 6, ws = 7, k, used, bw;

	cc_contig_info(z->free_blocks, s->norders, 0, &all);
	for (k = 0; k < s->norders; k++) {
		cc_contig_info(z->free_blocks, s->norders, k, &ci);
		if (digits(z->free_blocks[k]) > wb)
			wb = digits(z->free_blocks[k]);
		if (digits(z->free_blocks[k] << k) > wp)
			wp = digits(z->free_blocks[k] << k);
		if (digits(ci.suitable) > ws)
			ws = digits(ci.suitable);
	}
	/* "  > order  size  blocks  pages  >=order  unusable  fragidx  bar" */
	used = 4 + 5 + 6 + (wb + 2) + (wp + 2) + (ws + 2) + 10 + 9 + 2;
	bw = o->width - used;
	if (bw > 24)
		bw = 24;
	fprintf(out, "    %5s %5s  %*s  %*s  %*s  %8s  %7s  %s\n", "order", "size",
		wb, "blocks", wp, "pages", ws, ">=order", "unusable", "fragidx",
		bw >= 20 ? "free memory by order" : bw >= 8 ? "by order" : "");
	/* the rows put together without printf, through a write buffer: a row
	 * a zone and order is 34,000 rows at 1024 nodes, and vfprintf's ten
	 * conversions a row were a fifth of status's time (issue 14) */
	cc_wb_init(&b, out);
	for (k = 0; k < s->norders; k++) {
		char size[16], u[16], f[16], bar[512];
		bool sel = k == r->order;

		cc_contig_info(z->free_blocks, s->norders, k, &ci);
		cc_fmt_order_size(size, sizeof(size), cc_known_page_size(s), k);
		cc_fmt_milli(u, sizeof(u), cc_unusable_index(&ci, k));
		cc_fmt_milli(f, sizeof(f), cc_fragmentation_index(&ci, k, s->norders - 1));
		/* "%s  %c %5d %5s  %*lu  %*lu  %*lu  %8s  %7s  " */
		cc_wb_puts(&b, sel ? col(o, C_BOLD) : "");
		cc_wb_puts(&b, sel ? "  > " : "    ");
		cc_wb_u64_right(&b, (uint64_t)k, 5);
		cc_wb_putc(&b, ' ');
		cc_wb_right(&b, size, 5);
		cc_wb_puts(&b, "  ");
		cc_wb_u64_right(&b, z->free_blocks[k], wb);
		cc_wb_puts(&b, "  ");
		cc_wb_u64_right(&b, z->free_blocks[k] << k, wp);
		cc_wb_puts(&b, "  ");
		cc_wb_u64_right(&b, ci.suitable, ws);
		cc_wb_puts(&b, "  ");
		cc_wb_right(&b, u, 8);
		cc_wb_puts(&b, "  ");
		cc_wb_right(&b, f, 7);
		cc_wb_puts(&b, "  ");
		if (bw >= 8) {
			cc_bar_text(bar, sizeof(bar), z->free_blocks[k] << k, all.free_pages, bw,
				    o->utf8);
			cc_wb_puts(&b, bar);
		}
		cc_wb_puts(&b, sel ? col(o, C_OFF) : "");
		cc_wb_putc(&b, '\n');
	}
	cc_wb_flush(&b);
}

/* piece after `at` columns, or on a line of its own (indented by 6) when it
 * would pass the width: ", boost 30000 (...)", "; 9084 pages below low" */
static int put_piece(struct cc_out *o, int at, const char *piece)
{
	const char *word = piece + strspn(piece, ",; ");

	if (at + (int)strlen(piece) <= o->width)
		return at + fprintf(o->f, "%s", piece);
	fputc(*piece == ';' ? ';' : ',', o->f);
	return fprintf(o->f, "\n      %s", word) - 1;
}

static void zone_text(struct cc_out *o, const struct cc_status_report *r, int i,
		      const struct cc_zone *z)
{
	const struct cc_snapshot *s = r->snap;
	FILE *out = o->f;
	struct cc_contig ci;
	char b1[32];
	int t;

	cc_contig_info(z->free_blocks, s->norders, 0, &ci);
	cc_fmt_pages(b1, sizeof(b1), ci.free_pages, cc_known_page_size(s));
	fprintf(out, "  %sZone %s%s: %s%s free (%" PRIu64 " pages", col(o, C_BOLD), z->name,
		col(o, C_OFF), z->free_lower_bound ? "at least " : "", b1, ci.free_pages);
	if (cc_zi_has(z, ZF_MANAGED))
		fprintf(out, " of %" PRIu64 " managed", z->zi[ZF_MANAGED]);
	fprintf(out, ")%s\n", z->free_src == CC_FREE_PAGETYPEINFO ?
		", from pagetypeinfo" : "");
	if (z->in_zoneinfo) {
		char piece[96];
		int64_t h;
		int at;

		at = fprintf(out, "    watermarks min %" PRIu64 " low %" PRIu64 " high %" PRIu64,
			     z->zi[ZF_MIN], z->zi[ZF_LOW], z->zi[ZF_HIGH]);
		if (cc_zi_has(z, ZF_BOOST)) {
			snprintf(piece, sizeof(piece), ", boost %" PRIu64 "%s", z->zi[ZF_BOOST],
				 z->zi[ZF_BOOST] ? " (recent fragmentation event)" : "");
			at = put_piece(o, at, piece);
		}
		if (cc_zone_headroom(z, ZF_LOW, &h)) {
			snprintf(piece, sizeof(piece), "; %" PRId64 " pages %s low", h < 0 ? -h : h,
				 h < 0 ? "below" : "above");
			put_piece(o, at, piece);
		}
		fputc('\n', out);
		cc_text_alloc_zone(o, cc_status_verdict(r, i), z->name, 4);
	}
	if (z->have_blocks) {
		int at = fprintf(out, "    pageblocks:");

		for (t = 0; t < s->nmt; t++) {
			char item[48];
			int len = snprintf(item, sizeof(item), " %s %" PRIu64 "%s",
					   s->mt_names[t], z->mt_blocks[t],
					   t + 1 < s->nmt ? "," : "");

			if (at + len > o->width) {
				fputs("\n               ", out);
				at = 15;
			}
			at += fprintf(out, "%s", item);
		}
		fputc('\n', out);
	}
	zone_table(o, s, r, z);
	if (z->free_lower_bound)
		fputs("    (pagetypeinfo caps free lists at 100000 blocks: counts are lower bounds)\n",
		      out);
}

static void verdict_text(struct cc_out *o, const struct cc_status_report *r, int i)
{
	cc_text_alloc_verdict(o, cc_status_verdict(r, i), cc_known_page_size(r->snap), 2);
}

/* The node's score against kcompactd's thresholds, where the kernel has
 * proactive compaction; the last line ends without its newline. */
static void score_text(struct cc_out *o, const struct cc_snapshot *s, int score)
{
	static const char *const why_not[] = {
		[CC_SRC_KERNEL] = "the kernel's vm tunables have no compaction_proactiveness",
		[CC_SRC_DERIVED] = "Linux 5.9 introduced it; this kernel is older",
	};
	FILE *out = o->f;
	long p = cc_knob(s, K_PROACTIVENESS);
	enum cc_src src;
	int lo, hi, has = cc_proactive_compaction(s, &src);

	fprintf(out, ": fragmentation score %d; ", score);
	if (has < 0) {
		fputs("proactive compaction unknown\n  (neither compaction_proactiveness "
		      "nor the kernel release is known)", out);
		return;
	}
	if (has == 0) {
		fprintf(out, "no proactive compaction\n  (%s)",
			s->compaction == 0 ? "no compaction at all" : why_not[src]);
		return;
	}
	cc_kcompactd_wmarks(p, &lo, &hi);
	fprintf(out, "kcompactd compacts proactively above %d,\n  down to %d "
		"(compaction_proactiveness %ld%s)", hi, lo, p,
		cc_knob_is_set(s, K_PROACTIVENESS) ? "" : ", default assumed");
	if (p == 0)
		fputs("; proactive compaction is off", out);
	/* a line of its own: after the knob it would pass 80 columns */
	if (p > 0 && score > hi)
		fprintf(out, "\n  %sproactive compaction is due%s: the score is above %d",
			col(o, C_YELLOW), col(o, C_OFF), hi);
}

static void node_text(struct cc_out *o, const struct cc_status_report *r, int i)
{
	const struct cc_snapshot *s = r->snap;
	const struct cc_node *n = &s->nodes[i];
	FILE *out = o->f;
	int score, j;

	fprintf(out, "%sNode %d%s", col(o, C_BOLD), n->id, col(o, C_OFF));
	if (!cc_node_has_memory(n)) {
		fputs(": no memory (memoryless node)\n\n", out);
		return;
	}
	if (cc_node_score(s, n, s->thp_order, &score))
		score_text(o, s, score);
	else
		fputs(": fragmentation score unknown (needs present pages from /proc/zoneinfo)",
		      out);
	fputc('\n', out);
	verdict_text(o, r, i);
	if (r->have_sources)
		cc_text_zone_memory(o, &r->src, i);
	for (j = 0; j < n->nzones; j++) {
		if (n->zones[j].free_src == CC_FREE_NONE)
			continue;
		fputc('\n', out);
		zone_text(o, r, i, &n->zones[j]);
	}
	fputc('\n', out);
}

static uint64_t vm(const struct cc_snapshot *s, const char *name, bool *have)
{
	const struct cc_kv *kv = cc_vmstat_find(s, name);

	*have = kv != NULL;
	return kv ? kv->value : 0;
}

static void system_text(FILE *out, const struct cc_snapshot *s)
{
	bool h1, h2, h3;
	uint64_t a, b, c;

	if (!s->have_vmstat)
		return;
	fputs("System-wide since boot (/proc/vmstat):\n", out);
	a = vm(s, "compact_stall", &h1);
	b = vm(s, "compact_success", &h2);
	c = vm(s, "compact_fail", &h3);
	if (h1 && h2 && h3)
		fprintf(out, "  direct compaction: %" PRIu64 " stalls, %" PRIu64
			" succeeded, %" PRIu64 " failed\n", a, b, c);
	a = vm(s, "compact_daemon_wake", &h1);
	if (h1)
		fprintf(out, "  kcompactd: woken %" PRIu64 " times\n", a);
	a = vm(s, "compact_migrate_scanned", &h1);
	b = vm(s, "compact_free_scanned", &h2);
	if (h1 && h2)
		fprintf(out, "  scanners: %" PRIu64 " pages (migrate), %" PRIu64
			" pages (free)\n", a, b);
	a = vm(s, "pgmigrate_success", &h1);
	b = vm(s, "pgmigrate_fail", &h2);
	if (h1 && h2)
		fprintf(out, "  migration: %" PRIu64 " pages migrated, %" PRIu64 " failed\n",
			a, b);
}

/* "compaction: proactiveness 20, extfrag_threshold 500 (defaults); THP
 * madvise, defrag madvise", the THP part on a line of its own when the whole
 * would pass 80 columns */
static void tunables_text(FILE *out, const struct cc_snapshot *s, int width)
{
	bool pset = cc_knob_is_set(s, K_PROACTIVENESS), xset = cc_knob_is_set(s, K_EXTFRAG_THRESHOLD);
	char line[160], pro[48], thp[80];
	enum cc_src src;
	int has = cc_proactive_compaction(s, &src);

	if (s->compaction == 0) {
		snprintf(line, sizeof(line),
			 "compaction: not available (kernel built without CONFIG_COMPACTION)");
	} else {
		if (has < 0)
			snprintf(pro, sizeof(pro), "proactiveness unknown");
		else if (has == 0)
			snprintf(pro, sizeof(pro), "no proactive compaction");
		else
			snprintf(pro, sizeof(pro), "proactiveness %ld%s",
				 cc_knob(s, K_PROACTIVENESS), pset || !xset ? "" : " (default)");
		snprintf(line, sizeof(line), "compaction: %s, extfrag_threshold %ld%s", pro,
			 cc_knob(s, K_EXTFRAG_THRESHOLD),
			 xset ? "" : has > 0 && !pset ? " (defaults)" : " (default)");
	}
	fputs(line, out);
	if (!s->thp_enabled[0])
		return;
	snprintf(thp, sizeof(thp), "THP %s, defrag %s", s->thp_enabled,
		 s->thp_defrag[0] ? s->thp_defrag : "?");
	fprintf(out, "%s%s", strlen(line) + 2 + strlen(thp) > (size_t)width ? "\n" : "; ", thp);
}

int cc_text_status(struct cc_out *o, const struct cc_status_report *r)
{
	const struct cc_snapshot *s = r->snap;
	FILE *out = o->f;
	char ps[16], pb[16], who[256], what[128];
	long kps = cc_known_page_size(s);
	int i;

	/* a page size the tree does not tell: "page size unknown", and sizes
	 * in pages ("512p"), not in an assumed 4K */
	if (kps)
		cc_fmt_size_exact(ps, sizeof(ps), (uint64_t)kps);
	cc_fmt_order_size(pb, sizeof(pb), kps, s->pageblock_order);
	snprintf(who, sizeof(who), "Linux %s%s%s", s->kernel[0] ? s->kernel : "?",
		 s->machine[0] ? " " : "", s->machine);
	snprintf(what, sizeof(what), "%s%s, orders 0-%d, pageblock order %d (%s%s)",
		 kps ? ps : "page size", kps ? " pages" : " unknown", s->norders - 1,
		 s->pageblock_order, pb, s->pageblock_src == CC_SRC_ASSUMED ? ", assumed" : "");
	/* a distribution's long release pushes the rest to a line of its own */
	fprintf(out, "%s:%s%s\n", who, strlen(who) + 2 + strlen(what) > 80 ? "\n  " : " ", what);
	tunables_text(out, s, o->width);
	fputs("\n\n", out);
	for (i = 0; i < s->nnodes; i++)
		if (cc_nodeset_has(r->nodes, s->nodes[i].id))
			node_text(o, r, i);
	if (r->have_sources) {
		cc_text_sources(o, &r->src, r->nodes);
		fputc('\n', out);
	}
	system_text(out, s);
	return ferror(out) ? -1 : 0;
}
