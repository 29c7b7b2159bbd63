// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Views of the sources report (sources-report.h), pieces of status's views:
 * text (80 columns), JSON, Prometheus. They only read the report.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "format.h"
#include "views.h"

/* ---------------------------------------------------------------- text */

static void fmt_kb(char *buf, size_t n, uint64_t kb)
{
	cc_fmt_size_exact(buf, n, kb * 1024);
}

static void fmt_pages(char *buf, size_t n, const struct cc_sources_report *r, uint64_t pages)
{
	cc_fmt_pages(buf, n, pages, r->page_size);
}

void cc_text_zone_memory(struct cc_out *o, const struct cc_sources_report *r, int ni)
{
	/* the node's zones only: a loop over all zones for every node was
	 * quadratic (issue 14: 7% of status at 1024 nodes) */
	const int first = r->node_zone0[ni], end = r->node_zone0[ni + 1];
	FILE *out = o->f;
	uint64_t present = 0, managed = 0, pcp = 0;
	bool sizes = false, any_pcp = false;
	char b1[32], b2[32];
	int i, at;

	for (i = first; i < end; i++) {
		const struct cc_zone_mem *m = &r->zones[i];

		if (m->have_sizes) {
			sizes = true;
			present += m->present;
			managed += m->managed;
		}
		any_pcp = any_pcp || (m->have_pcp && m->pcp);
		pcp += m->have_pcp ? m->pcp : 0;
	}
	/* Section 2: the memory is there, the allocator has not got it (yet):
	 * memblock reservations, the memmap, or struct pages not initialised
	 * yet under deferred init [mm/mm_init.c: deferred_init_memmap, v6.18] */
	if (sizes && present > managed) {
		fmt_pages(b1, sizeof(b1), r, present - managed);
		fprintf(out, "  not (yet) managed: %s (%" PRIu64 " present - %" PRIu64
			" managed pages)\n", b1, present, managed);
	}
	if (any_pcp) {
		fmt_pages(b1, sizeof(b1), r, pcp);
		at = fprintf(out, "  free on per-CPU lists (not in buddyinfo): %s;", b1);
		for (i = first; i < end; i++) {
			const struct cc_zone_mem *m = &r->zones[i];
			char item[64];
			int len;

			if (!m->have_pcp || !m->pcp)
				continue;
			len = snprintf(item, sizeof(item), " %s %" PRIu64, m->zone, m->pcp);
			if (at + len > o->width) {
				fputs("\n   ", out);
				at = 3;
			}
			at += fprintf(out, "%s", item);
		}
		fputs(" pages\n", out);
	}
	if (r->defrag_mode != 1)
		return;
	for (i = first; i < end; i++) {
		const struct cc_zone_mem *m = &r->zones[i];

		if (!m->have_blocks || !m->managed)
			continue;
		fmt_pages(b1, sizeof(b1), r, m->free_in_blocks);
		fmt_pages(b2, sizeof(b2), r, m->high);
		/* [mm/vmscan.c: pgdat_balanced, v6.18]: with defrag_mode, kswapd
		 * balances on NR_FREE_PAGES_BLOCKS for order > 0 (through
		 * __zone_watermark_ok, so lowmem_reserve counts too: this line
		 * compares with the high watermark alone) */
		fprintf(out, "  defrag_mode: %s %s free in whole blocks, %s high %s\n",
			m->zone, b1, m->free_in_blocks > m->high ? "above" : "at or below", b2);
	}
}

static const char *dash_or(char *buf, size_t n, const struct cc_hpool *p, enum cc_hp a)
{
	if (!(p->set & (1u << a)))
		return "-";
	if (a == HP_DEMOTE_SIZE)
		fmt_kb(buf, n, p->v[a]);
	else
		snprintf(buf, n, "%" PRIu64, p->v[a]);
	return buf;
}

/* "  CMA areas: not available (no /sys/kernel/mm/cma: ...)", the reason on
 * a line of its own when it does not fit; nothing for a group a saved tree
 * does not have (one line lists those: not_in_tree) */
static void not_available(FILE *out, const char *what, const struct cc_avail *av)
{
	const char *why = av->state == CC_AV_UNKNOWN ? "not read" : av->why;

	if (av->not_in_tree)
		return;
	if (strlen(what) + strlen(why) + strlen("  : not available ()") <= 80)
		fprintf(out, "  %s: not available (%s)\n", what, why);
	else
		fprintf(out, "  %s: not available,\n    %s\n", what, why);
}

/* "  not in this tree: hugetlb pools, CMA areas, ..." */
static void not_in_tree(FILE *out, const struct cc_sources *so)
{
	const struct { const char *what; const struct cc_avail *av; } g[] = {
		{ "hugetlb pools", &so->hugetlb_av }, { "mTHP counters", &so->mthp_av },
		{ "CMA areas", &so->cma_av }, { "memory pressure", &so->psi_av },
		{ "zram", &so->zram_av }, { "meminfo", &so->meminfo_av },
	};
	int at = 0;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(g); i++) {
		if (!g[i].av->not_in_tree)
			continue;
		if (!at)
			at = fprintf(out, "  not in this tree:");
		else
			at += fprintf(out, ",");
		if (at + 1 + (int)strlen(g[i].what) > 79) {
			fputs("\n   ", out);
			at = 3;
		}
		at += fprintf(out, " %s", g[i].what);
	}
	if (at)
		fputc('\n', out);
}

static void text_hugetlb(FILE *out, const struct cc_sources_report *r,
			 const struct cc_nodeset *nodes)
{
	const struct cc_sources *so = r->so;
	int i;

	if (so->hugetlb_av.state != CC_AV_YES) {
		not_available(out, "hugetlb pools", &so->hugetlb_av);
		return;
	}
	fprintf(out, "  hugetlb pools  %6s %8s %8s %8s %8s %10s %7s\n", "size", "total",
		"free", "reserved", "surplus", "overcommit", "demote");
	for (i = 0; i < so->nhpools; i++) {
		const struct cc_hpool *p = &so->hpools[i];
		char sz[16], where[16], b[HP__N][24];

		if (p->node >= 0 && !cc_nodeset_has(nodes, p->node))
			continue;
		fmt_kb(sz, sizeof(sz), p->size_kb);
		if (p->node < 0)
			snprintf(where, sizeof(where), "system");
		else
			snprintf(where, sizeof(where), "node %d", p->node);
		fprintf(out, "    %-11s  %6s %8s %8s %8s %8s %10s %7s\n", where, sz,
			dash_or(b[HP_NR], 24, p, HP_NR), dash_or(b[HP_FREE], 24, p, HP_FREE),
			dash_or(b[HP_RESV], 24, p, HP_RESV),
			dash_or(b[HP_SURPLUS], 24, p, HP_SURPLUS),
			dash_or(b[HP_OVERCOMMIT], 24, p, HP_OVERCOMMIT),
			dash_or(b[HP_DEMOTE_SIZE], 24, p, HP_DEMOTE_SIZE));
	}
}

static void text_faults(FILE *out, const char *label, const struct cc_thp_faults *f)
{
	fprintf(out, "%s%" PRIu64 " allocated, %" PRIu64 " fell back", label, f->alloc,
		f->fallback);
	if (f->have_charge)
		fprintf(out, " (%" PRIu64 " no free block, %" PRIu64 " memcg limit)", f->other,
			f->charge);
	fputc('\n', out);
}

static uint64_t stat_or0(const struct cc_mthp *m, const char *name)
{
	const struct cc_stat *st = cc_stat_find(m->stats, m->nstats, name);

	return st ? st->value : 0;
}

static void text_thp(FILE *out, const struct cc_sources_report *r)
{
	const struct cc_sources *so = r->so;
	int i;

	if (r->thp.have)
		text_faults(out, "  THP faults (vmstat): ", &r->thp);
	if (so->mthp_av.state != CC_AV_YES) {
		not_available(out, "mTHP counters", &so->mthp_av);
		return;
	}
	/* fallback counts the memcg failures too [mm/memory.c: alloc_anon_folio] */
	fprintf(out, "  mTHP   %-8s %10s %9s %7s %9s %8s %8s\n", "enabled", "alloc",
		"fallback", "(memcg)", "split", "swpout", "nr_anon");
	for (i = 0; i < so->nmthp; i++) {
		const struct cc_mthp *m = &so->mthp[i];
		const struct cc_thp_faults *f = &r->mthp[i];
		char sz[16];

		if (!m->nstats)
			continue;
		fmt_kb(sz, sizeof(sz), m->size_kb);
		fprintf(out, "    %-6s %-8s %10" PRIu64 " %9" PRIu64 " %7" PRIu64 " %9" PRIu64
			" %8" PRIu64 " %8" PRIu64 "\n", sz, m->enabled[0] ? m->enabled : "-",
			f->alloc, f->fallback, f->charge, stat_or0(m, "split"),
			stat_or0(m, "swpout"), stat_or0(m, "nr_anon"));
	}
}

static void text_cma(FILE *out, const struct cc_sources_report *r)
{
	static const char *const cols[] = {
		"alloc_pages_success", "alloc_pages_fail", "release_pages_success",
		"total_pages", "available_pages",
	};
	const struct cc_sources *so = r->so;
	int i, k;

	if (so->cma_av.state != CC_AV_YES) {
		not_available(out, "CMA areas", &so->cma_av);
		return;
	}
	fprintf(out, "  CMA area %15s %10s %10s %10s %10s\n", "allocated", "failed",
		"released", "total", "available");
	for (i = 0; i < so->ncma; i++) {
		const struct cc_cma *c = &so->cma[i];

		fprintf(out, "    %-19.19s", c->name);
		for (k = 0; k < 5; k++) {
			const struct cc_stat *st = cc_stat_find(c->stats, c->nstats, cols[k]);
			char v[24];

			if (st)
				snprintf(v, sizeof(v), "%" PRIu64, st->value);
			fprintf(out, " %10s", st ? v : "-");
		}
		fputc('\n', out);
	}
	fputs("    (pages; - where this kernel has no such file)\n", out);
}

static void psi_line(FILE *out, const char *kind, const struct cc_psi_line *l)
{
	if (!l->have)
		return;
	fprintf(out, "  memory pressure %-4s %u.%02u%% %u.%02u%% %u.%02u%% (10s/60s/300s),"
		" %" PRIu64 " ms stalled\n", kind, l->avg[0] / 100, l->avg[0] % 100,
		l->avg[1] / 100, l->avg[1] % 100, l->avg[2] / 100, l->avg[2] % 100,
		l->total_us / 1000);
}

static void text_zsmalloc(FILE *out, const struct cc_sources_report *r, int d)
{
	const struct cc_zram_info *z = &r->so->zram[d];
	const struct cc_zs_totals *t = &r->zs[d];
	char b1[32], b2[32];

	if (z->zs_av.state != CC_AV_YES) {
		not_available(out, "  zsmalloc classes", &z->zs_av);
		return;
	}
	cc_fmt_bytes(b1, sizeof(b1), t->waste_bytes);
	fprintf(out, "    zsmalloc: %d classes used, %" PRIu64 " of %" PRIu64
		" objects live", t->classes_used, t->obj_used, t->obj_allocated);
	if (r->page_size > 0)
		fprintf(out, ", %s unused", b1);
	fputc('\n', out);
	if (t->freeable_known) {
		fprintf(out, "    compact --zram could free %" PRIu64 " pages", t->freeable_pages);
		if (r->page_size > 0) {
			fmt_pages(b2, sizeof(b2), r, t->freeable_pages);
			fprintf(out, " (%s)", b2);
		}
		fputc('\n', out);
	}
}

static void text_zram(FILE *out, const struct cc_sources_report *r)
{
	const struct cc_sources *so = r->so;
	int i;

	if (so->zram_av.state != CC_AV_YES) {
		not_available(out, "zram", &so->zram_av);
		return;
	}
	for (i = 0; i < so->nzram; i++) {
		const struct cc_zram_info *z = &so->zram[i];
		const struct cc_zram_mm *m = &z->mm;
		char o[32], c[32], u[32], mx[32];

		if (!z->initialised || !z->have_mm) {
			fprintf(out, "  %s: %s\n", z->name, z->initialised ? "no mm_stat" :
				"not initialised");
			if (z->zs_av.state == CC_AV_YES)
				text_zsmalloc(out, r, i);
			continue;
		}
		cc_fmt_bytes(o, sizeof(o), m->v[ZMM_ORIG]);
		cc_fmt_bytes(c, sizeof(c), m->v[ZMM_COMPR]);
		cc_fmt_bytes(u, sizeof(u), m->v[ZMM_USED]);
		cc_fmt_bytes(mx, sizeof(mx), m->v[ZMM_USED_MAX]);
		fprintf(out, "  %s: %s stored as %s, pool %s (peak %s)\n", z->name, o, c, u, mx);
		fprintf(out, "    compacted %" PRIu64 " pages since reset; %" PRIu64
			" same-filled", m->v[ZMM_COMPACTED], m->v[ZMM_SAME]);
		if (m->ncols > ZMM_HUGE)
			fprintf(out, ", %" PRIu64 " incompressible", m->v[ZMM_HUGE]);
		fputc('\n', out);
		text_zsmalloc(out, r, i);
	}
}

static void text_balloon(FILE *out, const struct cc_sources_report *r)
{
	char b[32];

	if (!r->have_balloon && !r->have_balloon_vmstat)
		return;
	fputs("  balloon:", out);
	if (r->have_balloon) {
		cc_fmt_bytes(b, sizeof(b), r->balloon_kb * 1024);
		fprintf(out, " %s inflated", b);
	}
	if (r->have_balloon_vmstat)
		fprintf(out, "%s %" PRIu64 " pages migrated by compaction",
			r->have_balloon ? "," : "", r->balloon_migrate);
	fputc('\n', out);
}

static void text_delayacct(FILE *out, const struct cc_sources_report *r)
{
	int d = r->so->task_delayacct;

	if (d < 0)
		return;
	fprintf(out, "  compaction delay per task: %s\n", d ?
		"kernel.task_delayacct on: taskstats (getdelays -d)" :
		"kernel.task_delayacct is 0 (off)");
}

void cc_text_sources(struct cc_out *o, const struct cc_sources_report *r,
		     const struct cc_nodeset *nodes)
{
	const struct cc_sources *so = r->so;
	FILE *out = o->f;

	fputs("Contiguous memory besides the free lists:\n", out);
	not_in_tree(out, so);
	text_hugetlb(out, r, nodes);
	text_thp(out, r);
	text_cma(out, r);
	if (so->psi_av.state == CC_AV_YES) {
		psi_line(out, "some", &so->psi.some);
		psi_line(out, "full", &so->psi.full);
	} else {
		not_available(out, "memory pressure", &so->psi_av);
	}
	text_zram(out, r);
	text_balloon(out, r);
	text_delayacct(out, r);
}

/* ---------------------------------------------------------------- JSON */

static void add_av(cJSON *o, const struct cc_avail *av)
{
	cJSON_AddStringToObject(o, "state", cc_av_name(av->state));
	if (av->state != CC_AV_YES)
		cJSON_AddStringToObject(o, "why", av->why);
}

static cJSON *faults_json(const struct cc_thp_faults *f)
{
	cJSON *o;

	if (!f->have)
		return cJSON_CreateNull();
	o = cJSON_CreateObject();
	cc_json_add_u64(o, "alloc", f->alloc);
	cc_json_add_u64(o, "fallback", f->fallback);
	if (f->have_charge) {
		cc_json_add_u64(o, "fallback_charge", f->charge);
		cc_json_add_u64(o, "fallback_no_free_block", f->other);
	} else {
		cJSON_AddNullToObject(o, "fallback_charge");
		cJSON_AddNullToObject(o, "fallback_no_free_block");
	}
	return o;
}

static cJSON *stats_json(const struct cc_stat *st, int n)
{
	cJSON *o = cJSON_CreateObject();
	int i;

	for (i = 0; i < n; i++)
		cc_json_add_u64(o, st[i].name, st[i].value);
	return o;
}

static cJSON *hugetlb_json(const struct cc_sources *so, const struct cc_nodeset *nodes)
{
	cJSON *o = cJSON_CreateObject(), *a = cJSON_AddArrayToObject(o, "pools");
	int i, k;

	add_av(o, &so->hugetlb_av);
	for (i = 0; i < so->nhpools; i++) {
		const struct cc_hpool *p = &so->hpools[i];
		cJSON *e;

		if (p->node >= 0 && !cc_nodeset_has(nodes, p->node))
			continue;
		e = cJSON_CreateObject();
		if (p->node < 0)
			cJSON_AddNullToObject(e, "node");
		else
			cJSON_AddNumberToObject(e, "node", p->node);
		cc_json_add_u64(e, "page_size_bytes", p->size_kb * 1024);
		for (k = 0; k < HP__N; k++) {
			char key[40];

			snprintf(key, sizeof(key), "%s%s", cc_hp_files[k],
				 k == HP_DEMOTE_SIZE ? "_bytes" : "");
			if (!(p->set & (1u << k)))
				continue;
			cc_json_add_u64(e, key, k == HP_DEMOTE_SIZE ? p->v[k] * 1024 : p->v[k]);
		}
		cJSON_AddItemToArray(a, e);
	}
	return o;
}

static cJSON *zram_json(const struct cc_sources_report *r, int d)
{
	const struct cc_zram_info *z = &r->so->zram[d];
	cJSON *o = cJSON_CreateObject(), *zs, *cl;
	int i;

	cJSON_AddStringToObject(o, "device", z->name);
	cJSON_AddBoolToObject(o, "initialised", z->initialised);
	cc_json_add_u64(o, "disksize_bytes", z->disksize);
	if (z->have_mm) {
		cJSON *mm = cJSON_AddObjectToObject(o, "mm_stat");

		for (i = 0; i < z->mm.ncols; i++)
			cc_json_add_u64(mm, cc_zmm_names[i], z->mm.v[i]);
	} else {
		cJSON_AddNullToObject(o, "mm_stat");
	}
	zs = cJSON_AddObjectToObject(o, "zsmalloc");
	add_av(zs, &z->zs_av);
	if (z->zs_av.state != CC_AV_YES)
		return o;
	cc_json_add_u64(zs, "obj_allocated", r->zs[d].obj_allocated);
	cc_json_add_u64(zs, "obj_used", r->zs[d].obj_used);
	cc_json_add_u64(zs, "pages_used", r->zs[d].pages_used);
	if (r->page_size > 0)
		cc_json_add_u64(zs, "waste_bytes", r->zs[d].waste_bytes);
	else
		cJSON_AddNullToObject(zs, "waste_bytes");
	if (r->zs[d].freeable_known)
		cc_json_add_u64(zs, "freeable_pages", r->zs[d].freeable_pages);
	else
		cJSON_AddNullToObject(zs, "freeable_pages");
	cl = cJSON_AddArrayToObject(zs, "classes");
	for (i = 0; i < z->zs.nclasses; i++) {
		const struct cc_zs_class *c = &z->zs.classes[i];
		cJSON *e = cJSON_CreateObject(), *fu = cJSON_CreateObject();
		uint64_t f;
		int k;

		cJSON_AddNumberToObject(e, "class", c->index);
		cJSON_AddNumberToObject(e, "size", c->size);
		for (k = 0; k < z->zs.nfullness; k++)
			cc_json_add_u64(fu, z->zs.fullness_names[k], c->fullness[k]);
		cJSON_AddItemToObject(e, "fullness", fu);
		cc_json_add_u64(e, "obj_allocated", c->obj_allocated);
		cc_json_add_u64(e, "obj_used", c->obj_used);
		cc_json_add_u64(e, "pages_used", c->pages_used);
		cc_json_add_u64(e, "pages_per_zspage", c->pages_per_zspage);
		if (r->page_size > 0)
			cc_json_add_u64(e, "waste_bytes", cc_zs_waste_bytes(c, r->page_size));
		if (cc_zs_can_compact(c, r->page_size, &f))
			cc_json_add_u64(e, "freeable_pages", f);
		else if (c->have_freeable)
			cc_json_add_u64(e, "freeable_pages", c->freeable);
		cJSON_AddItemToArray(cl, e);
	}
	return o;
}

static cJSON *psi_line_json(const struct cc_psi_line *l)
{
	cJSON *o;

	if (!l->have)
		return cJSON_CreateNull();
	o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "avg10", l->avg[0] / 100.0);
	cJSON_AddNumberToObject(o, "avg60", l->avg[1] / 100.0);
	cJSON_AddNumberToObject(o, "avg300", l->avg[2] / 100.0);
	cc_json_add_u64(o, "total_us", l->total_us);
	return o;
}

cJSON *cc_json_sources(const struct cc_sources_report *r, const struct cc_nodeset *nodes)
{
	const struct cc_sources *so = r->so;
	cJSON *o = cJSON_CreateObject(), *t, *a;
	int i;

	if (r->defrag_mode >= 0)
		cJSON_AddNumberToObject(o, "defrag_mode", (double)r->defrag_mode);
	else
		cJSON_AddNullToObject(o, "defrag_mode");
	cJSON_AddItemToObject(o, "hugetlb", hugetlb_json(so, nodes));
	t = cJSON_AddObjectToObject(o, "thp");
	cJSON_AddItemToObject(t, "faults", faults_json(&r->thp));
	t = cJSON_AddObjectToObject(o, "mthp");
	add_av(t, &so->mthp_av);
	a = cJSON_AddArrayToObject(t, "sizes");
	for (i = 0; i < so->nmthp; i++) {
		cJSON *e = cJSON_CreateObject();

		cc_json_add_u64(e, "size_bytes", so->mthp[i].size_kb * 1024);
		cJSON_AddStringToObject(e, "enabled", so->mthp[i].enabled);
		cJSON_AddItemToObject(e, "faults", faults_json(&r->mthp[i]));
		cJSON_AddItemToObject(e, "stats", stats_json(so->mthp[i].stats,
							     so->mthp[i].nstats));
		cJSON_AddItemToArray(a, e);
	}
	t = cJSON_AddObjectToObject(o, "cma");
	add_av(t, &so->cma_av);
	a = cJSON_AddArrayToObject(t, "areas");
	for (i = 0; i < so->ncma; i++) {
		cJSON *e = stats_json(so->cma[i].stats, so->cma[i].nstats);

		cJSON_AddStringToObject(e, "name", so->cma[i].name);
		cJSON_AddItemToArray(a, e);
	}
	t = cJSON_AddObjectToObject(o, "pressure");
	add_av(t, &so->psi_av);
	cJSON_AddItemToObject(t, "some", psi_line_json(&so->psi.some));
	cJSON_AddItemToObject(t, "full", psi_line_json(&so->psi.full));
	t = cJSON_AddObjectToObject(o, "zram");
	add_av(t, &so->zram_av);
	a = cJSON_AddArrayToObject(t, "devices");
	for (i = 0; i < so->nzram; i++)
		cJSON_AddItemToArray(a, zram_json(r, i));
	t = cJSON_AddObjectToObject(o, "balloon");
	if (r->have_balloon)
		cc_json_add_u64(t, "bytes", r->balloon_kb * 1024);
	else
		cJSON_AddNullToObject(t, "bytes");
	if (r->have_balloon_vmstat) {
		cc_json_add_u64(t, "pages", r->balloon_pages);
		cc_json_add_u64(t, "migrated", r->balloon_migrate);
		cc_json_add_u64(t, "inflated", r->balloon_inflate);
		cc_json_add_u64(t, "deflated", r->balloon_deflate);
	}
	if (so->task_delayacct >= 0)
		cJSON_AddBoolToObject(o, "task_delayacct", so->task_delayacct != 0);
	else
		cJSON_AddNullToObject(o, "task_delayacct");
	return o;
}

/* ---------------------------------------------------------- Prometheus */

/* The system-wide pools and the per-node pools in families of their own: a
 * system pool is the sum of its node pools, so one family with both (a
 * node "all") would count every page twice in a sum over node. */
static void prom_hugetlb(FILE *out, const struct cc_sources *so, const struct cc_nodeset *nodes)
{
	static const char *const help[HP__N] = {
		"Huge pages in the pool.", "Free huge pages in the pool.",
		"Reserved huge pages (promised to mappings, not yet faulted).",
		"Surplus huge pages (above nr_hugepages, from overcommit).",
		"Limit of surplus huge pages (nr_overcommit_hugepages).",
		"Size a huge page of this pool is demoted to.",
	};
	static const char *const names[2][HP__N] = {
		{ "hugetlb_pages", "hugetlb_free_pages", "hugetlb_reserved_pages",
		  "hugetlb_surplus_pages", "hugetlb_overcommit_pages", "hugetlb_demote_size_bytes" },
		{ "hugetlb_node_pages", "hugetlb_node_free_pages", NULL,
		  "hugetlb_node_surplus_pages", NULL, NULL },
	};
	int a, i, per_node;

	if (so->hugetlb_av.state != CC_AV_YES)
		return;
	for (per_node = 0; per_node < 2; per_node++)
		for (a = 0; a < HP__N; a++) {
			const char *name = names[per_node][a];
			bool head = false;

			/* a node's pool has no reserve or limit of its own, and
			 * the demote size is the size's, not the node's */
			if (per_node && a != HP_NR && a != HP_FREE && a != HP_SURPLUS)
				continue;

			for (i = 0; i < so->nhpools; i++) {
				const struct cc_hpool *p = &so->hpools[i];

				if (!(p->set & (1u << a)) || (p->node >= 0) != per_node ||
				    (p->node >= 0 && !cc_nodeset_has(nodes, p->node)))
					continue;
				if (!head) {
					cc_prom_family(out, name, "gauge", help[a]);
					head = true;
				}
				fprintf(out, "compactctl_%s{", name);
				if (per_node)
					fprintf(out, "node=\"%d\",", p->node);
				fprintf(out, "page_size_bytes=\"%" PRIu64 "\"} %" PRIu64 "\n",
					p->size_kb * 1024,
					a == HP_DEMOTE_SIZE ? p->v[a] * 1024 : p->v[a]);
			}
		}
}

static void prom_mthp(FILE *out, const struct cc_sources_report *r)
{
	const struct cc_sources *so = r->so;
	int i, k, pass;

	if (r->thp.have && r->thp.have_charge) {
		cc_prom_family(out, "thp_fault_fallback_no_free_block_total", "counter",
		       "THP faults that fell back for want of a free huge page "
		       "(thp_fault_fallback - thp_fault_fallback_charge).");
		fprintf(out, "compactctl_thp_fault_fallback_no_free_block_total %" PRIu64 "\n",
			r->thp.other);
	}
	if (so->mthp_av.state != CC_AV_YES)
		return;
	/* pass 0: counters; pass 1: nr_* gauges (folios now) */
	for (pass = 0; pass < 2; pass++) {
		cc_prom_family(out, pass ? "mthp_folios" : "mthp_events_total", pass ? "gauge" : "counter",
		       pass ? "Anonymous folios of this size now (mTHP stats nr_*)." :
		       "mTHP events by size (transparent_hugepage/hugepages-*kB/stats).");
		for (i = 0; i < so->nmthp; i++)
			for (k = 0; k < so->mthp[i].nstats; k++) {
				const struct cc_stat *st = &so->mthp[i].stats[k];

				if ((strncmp(st->name, "nr_", 3) == 0) != pass)
					continue;
				fprintf(out, "compactctl_%s{page_size_bytes=\"%" PRIu64
					"\",stat=\"%s\"} %" PRIu64 "\n",
					pass ? "mthp_folios" : "mthp_events_total",
					so->mthp[i].size_kb * 1024, st->name, st->value);
			}
	}
}

/* /sys/kernel/mm/cma/AREA/: three counters of pages, two sizes */
static const struct {
	const char *file, *family, *type, *label;
} cma_files[] = {
	{ "alloc_pages_success", "cma_alloc_pages_total", "counter", "result=\"success\"" },
	{ "alloc_pages_fail", "cma_alloc_pages_total", "counter", "result=\"fail\"" },
	{ "release_pages_success", "cma_release_pages_total", "counter", NULL },
	/* two families, not a kind label: available is a part of total */
	{ "total_pages", "cma_total_pages", "gauge", NULL },
	{ "available_pages", "cma_available_pages", "gauge", NULL },
};

static void prom_cma(FILE *out, const struct cc_sources *so)
{
	static const char *const help[] = {
		"Pages CMA allocations asked for, by result (alloc_pages_success, _fail).",
		"Pages given back to the CMA area (release_pages_success).",
		"Size of the CMA area in pages (total_pages).",
		"Pages of the CMA area available to allocations (available_pages).",
	};
	const char *last = "";
	size_t f;
	int i;

	if (so->cma_av.state != CC_AV_YES || !so->ncma)
		return;
	for (f = 0; f < ARRAY_SIZE(cma_files); f++) {
		for (i = 0; i < so->ncma; i++) {
			const struct cc_stat *st = cc_stat_find(so->cma[i].stats, so->cma[i].nstats,
								cma_files[f].file);

			if (!st)
				continue;
			if (strcmp(last, cma_files[f].family)) {
				last = cma_files[f].family;
				cc_prom_family(out, last, cma_files[f].type,
				       help[f < 2 ? 0 : f - 1]);
			}
			fprintf(out, "compactctl_%s{area=\"", cma_files[f].family);
			cc_prom_label(out, so->cma[i].name);
			fprintf(out, "\"%s%s} %" PRIu64 "\n", cma_files[f].label ? "," : "",
				cma_files[f].label ? cma_files[f].label : "", st->value);
		}
	}
}

/* some and full in families of their own: full is a part of some (the
 * time all non-idle tasks stalled), so a kind label would sum them */
static void prom_psi(FILE *out, const struct cc_sources *so)
{
	const struct cc_psi_line *l[2] = { &so->psi.some, &so->psi.full };
	static const char *const kinds[2] = { "some", "full" };
	static const char *const windows[3] = { "10", "60", "300" };
	static const char *const who[2] = { "at least one task", "all non-idle tasks" };
	char name[64], help[160];
	int i, w;

	if (so->psi_av.state != CC_AV_YES)
		return;
	for (i = 0; i < 2; i++) {
		if (!l[i]->have)
			continue;
		snprintf(name, sizeof(name), "memory_pressure_%s_stall_seconds_total", kinds[i]);
		snprintf(help, sizeof(help), "Time %s stalled on memory (/proc/pressure/memory "
			 "%s total).", who[i], kinds[i]);
		cc_prom_family(out, name, "counter", help);
		fprintf(out, "compactctl_%s %" PRIu64 ".%06" PRIu64 "\n", name,
			l[i]->total_us / 1000000, l[i]->total_us % 1000000);
		snprintf(name, sizeof(name), "memory_pressure_%s_ratio", kinds[i]);
		snprintf(help, sizeof(help), "Share of time %s stalled on memory, averaged over "
			 "the window in seconds (/proc/pressure/memory %s avgN).", who[i], kinds[i]);
		cc_prom_family(out, name, "gauge", help);
		for (w = 0; w < 3; w++)
			fprintf(out, "compactctl_%s{window=\"%s\"} %u.%04u\n", name, windows[w],
				l[i]->avg[w] / 10000, l[i]->avg[w] % 10000);
	}
}

static void prom_zram(FILE *out, const struct cc_sources_report *r)
{
	static const struct { enum cc_zmm c; const char *name, *type, *help; } cols[] = {
		{ ZMM_ORIG, "zram_orig_data_bytes", "gauge", "Data stored, uncompressed." },
		{ ZMM_COMPR, "zram_compr_data_bytes", "gauge", "Data stored, compressed." },
		{ ZMM_USED, "zram_mem_used_bytes", "gauge", "Memory of the zsmalloc pool." },
		{ ZMM_USED_MAX, "zram_mem_used_max_bytes", "gauge", "Peak pool memory." },
		{ ZMM_SAME, "zram_same_pages", "gauge", "Same-filled pages (no memory)." },
		{ ZMM_COMPACTED, "zram_pages_compacted_total", "counter",
		  "Pages freed by zsmalloc compaction." },
		{ ZMM_HUGE, "zram_huge_pages", "gauge", "Incompressible pages stored as is." },
	};
	const struct cc_sources *so = r->so;
	size_t c;
	int i;

	if (so->zram_av.state != CC_AV_YES)
		return;
	for (c = 0; c < ARRAY_SIZE(cols); c++) {
		bool head = false;

		for (i = 0; i < so->nzram; i++) {
			const struct cc_zram_info *z = &so->zram[i];

			if (!z->initialised || !z->have_mm || z->mm.ncols <= (int)cols[c].c)
				continue;
			if (!head) {
				cc_prom_family(out, cols[c].name, cols[c].type, cols[c].help);
				head = true;
			}
			fprintf(out, "compactctl_%s{device=\"%s\"} %" PRIu64 "\n", cols[c].name,
				z->name, z->mm.v[cols[c].c]);
		}
	}
	for (c = 0; c < 2; c++) {
		bool head = false;

		for (i = 0; i < so->nzram; i++) {
			const struct cc_zs_totals *t = &r->zs[i];

			if (!t->have || (c == 0 ? r->page_size <= 0 : !t->freeable_known))
				continue;
			if (!head) {
				cc_prom_family(out, c ? "zsmalloc_freeable_pages" : "zsmalloc_waste_bytes",
				       "gauge", c ? "Pages zsmalloc compaction could free "
				       "(sum of zs_can_compact)." :
				       "Pool memory not holding live objects.");
				head = true;
			}
			fprintf(out, "compactctl_%s{device=\"%s\"} %" PRIu64 "\n",
				c ? "zsmalloc_freeable_pages" : "zsmalloc_waste_bytes",
				so->zram[i].name, c ? t->freeable_pages : t->waste_bytes);
		}
	}
}

void cc_prom_sources(struct cc_out *o, const struct cc_sources_report *r,
		     const struct cc_nodeset *nodes)
{
	FILE *out = o->f;

	prom_hugetlb(out, r->so, nodes);
	prom_mthp(out, r);
	prom_cma(out, r->so);
	prom_psi(out, r->so);
	prom_zram(out, r);
	if (r->have_balloon) {
		cc_prom_family(out, "balloon_bytes", "gauge", "Memory taken by the balloon driver.");
		fprintf(out, "compactctl_balloon_bytes %" PRIu64 "\n", r->balloon_kb * 1024);
	}
	if (r->have_balloon_vmstat) {
		cc_prom_family(out, "balloon_migrated_pages_total", "counter",
		       "Balloon pages migrated by compaction (balloon_migrate).");
		fprintf(out, "compactctl_balloon_migrated_pages_total %" PRIu64 "\n",
			r->balloon_migrate);
	}
}
