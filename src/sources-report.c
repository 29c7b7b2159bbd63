// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The sources report: per-zone memory that is not in the buddy lists or not
 * managed at all, THP success split by cause, zsmalloc waste and what
 * compaction could free. Pure functions of the snapshot and its sources.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sources-report.h"

uint64_t cc_zs_objs_per_zspage(const struct cc_zs_class *c, long page_size)
{
	if (!c->pages_per_zspage || page_size <= 0 || !c->size)
		return 0;
	return c->pages_per_zspage * (uint64_t)page_size / c->size;
}

/* [mm/zsmalloc.c: zs_can_compact, v6.18]:
 *   obj_wasted = (obj_allocated - obj_used) / objs_per_zspage;
 *   return obj_wasted * pages_per_zspage;  (0 when allocated <= used) */
bool cc_zs_can_compact(const struct cc_zs_class *c, long page_size, uint64_t *pages)
{
	uint64_t per = cc_zs_objs_per_zspage(c, page_size);

	*pages = 0;
	if (!per)
		return false;
	if (c->obj_allocated > c->obj_used)
		*pages = (c->obj_allocated - c->obj_used) / per * c->pages_per_zspage;
	return true;
}

uint64_t cc_zs_waste_bytes(const struct cc_zs_class *c, long page_size)
{
	unsigned __int128 held, live;

	if (page_size <= 0)
		return 0;
	held = (unsigned __int128)c->pages_used * (uint64_t)page_size;
	live = (unsigned __int128)c->obj_used * c->size;
	if (held <= live)
		return 0;
	return held - live > UINT64_MAX ? UINT64_MAX : (uint64_t)(held - live);
}

static uint64_t sat_add(uint64_t a, uint64_t b)
{
	return a + b < a ? UINT64_MAX : a + b;
}

void cc_zs_pool_totals(const struct cc_zs_pool *p, long page_size, struct cc_zs_totals *t)
{
	int i;

	memset(t, 0, sizeof(*t));
	t->have = true;
	t->freeable_known = true;
	for (i = 0; i < p->nclasses; i++) {
		const struct cc_zs_class *c = &p->classes[i];
		uint64_t f;

		t->obj_allocated = sat_add(t->obj_allocated, c->obj_allocated);
		t->obj_used = sat_add(t->obj_used, c->obj_used);
		t->pages_used = sat_add(t->pages_used, c->pages_used);
		t->waste_bytes = sat_add(t->waste_bytes, cc_zs_waste_bytes(c, page_size));
		t->classes_used += c->obj_allocated > 0;
		if (cc_zs_can_compact(c, page_size, &f))
			t->freeable_pages = sat_add(t->freeable_pages, f);
		else if (c->have_freeable)
			t->freeable_pages = sat_add(t->freeable_pages, c->freeable);
		else
			t->freeable_known = false;
	}
}

/* thp_fault_fallback counts every fallback; thp_fault_fallback_charge only
 * those where the folio was allocated but the memcg charge failed
 * [mm/huge_memory.c: vma_alloc_anon_folio_pmd, v6.18: both events on a
 * charge failure, only THP_FAULT_FALLBACK when the allocation fails]; the
 * per-size anon_fault_* the same way [mm/memory.c: alloc_anon_folio]. The
 * charge counter is missing before 5.8. */
static void fill_faults(struct cc_thp_faults *f, const uint64_t *alloc, const uint64_t *fallback,
			const uint64_t *charge)
{
	memset(f, 0, sizeof(*f));
	if (!alloc || !fallback)
		return;
	f->have = true;
	f->alloc = *alloc;
	f->fallback = *fallback;
	f->have_charge = charge != NULL;
	f->charge = charge ? *charge : 0;
	f->other = f->fallback >= f->charge ? f->fallback - f->charge : 0;
}

void cc_thp_faults_vmstat(const struct cc_snapshot *s, struct cc_thp_faults *f)
{
	const struct cc_kv *a = cc_vmstat_find(s, "thp_fault_alloc");
	const struct cc_kv *b = cc_vmstat_find(s, "thp_fault_fallback");
	const struct cc_kv *c = cc_vmstat_find(s, "thp_fault_fallback_charge");

	fill_faults(f, a ? &a->value : NULL, b ? &b->value : NULL, c ? &c->value : NULL);
}

void cc_thp_faults_mthp(const struct cc_mthp *m, struct cc_thp_faults *f)
{
	const struct cc_stat *a = cc_stat_find(m->stats, m->nstats, "anon_fault_alloc");
	const struct cc_stat *b = cc_stat_find(m->stats, m->nstats, "anon_fault_fallback");
	const struct cc_stat *c = cc_stat_find(m->stats, m->nstats,
					       "anon_fault_fallback_charge");

	fill_faults(f, a ? &a->value : NULL, b ? &b->value : NULL, c ? &c->value : NULL);
}

static void zone_mem(const struct cc_zone *z, struct cc_zone_mem *m)
{
	memset(m, 0, sizeof(*m));
	snprintf(m->zone, sizeof(m->zone), "%s", z->name);
	if (cc_zi_has(z, ZF_PRESENT) && cc_zi_has(z, ZF_MANAGED)) {
		m->have_sizes = true;
		m->present = z->zi[ZF_PRESENT];
		m->managed = z->zi[ZF_MANAGED];
		/* present - managed: struct pages not (yet) initialised under
		 * deferred init, memblock reservations, the memmap itself
		 * [mm/mm_init.c: deferred_init_memmap, v6.18] */
		m->unmanaged = m->present > m->managed ? m->present - m->managed : 0;
	}
	if (cc_zi_has(z, ZF_PCP)) {
		m->have_pcp = true;
		m->pcp = z->zi[ZF_PCP];
	}
	if (cc_zi_has(z, ZF_NR_FREE_BLOCKS) && cc_zi_has(z, ZF_HIGH)) {
		m->have_blocks = true;
		m->free_in_blocks = z->zi[ZF_NR_FREE_BLOCKS];
		m->high = z->zi[ZF_HIGH];
	}
}

void cc_sources_report_build(const struct cc_snapshot *s, const struct cc_sources *so,
			     struct cc_sources_report *r)
{
	const struct cc_kv *kv;
	int i, j;

	memset(r, 0, sizeof(*r));
	r->s = s;
	r->so = so;
	r->page_size = cc_known_page_size(s);
	r->defrag_mode = (s->knob_set & (1u << K_DEFRAG_MODE)) ? s->knob[K_DEFRAG_MODE] : -1;
	for (i = 0; i < s->nnodes; i++)
		r->nzones += s->nodes[i].nzones;
	r->zones = xcalloc((size_t)r->nzones, sizeof(*r->zones));
	r->node_zone0 = xcalloc((size_t)s->nnodes + 1, sizeof(*r->node_zone0));
	r->nzones = 0;
	for (i = 0; i < s->nnodes; i++) {
		r->node_zone0[i] = r->nzones;
		for (j = 0; j < s->nodes[i].nzones; j++) {
			struct cc_zone_mem *m = &r->zones[r->nzones++];

			zone_mem(&s->nodes[i].zones[j], m);
			if (m->have_sizes) {
				r->have_unmanaged = true;
				r->present += m->present;
				r->managed += m->managed;
				r->unmanaged += m->unmanaged;
			}
			if (m->have_pcp) {
				r->have_pcp = true;
				r->pcp += m->pcp;
			}
		}
	}
	r->node_zone0[s->nnodes] = r->nzones;
	cc_thp_faults_vmstat(s, &r->thp);
	if (so) {
		r->mthp = xcalloc((size_t)so->nmthp, sizeof(*r->mthp));
		for (i = 0; i < so->nmthp; i++)
			cc_thp_faults_mthp(&so->mthp[i], &r->mthp[i]);
		r->zs = xcalloc((size_t)so->nzram, sizeof(*r->zs));
		for (i = 0; i < so->nzram; i++)
			if (so->zram[i].zs_av.state == CC_AV_YES)
				cc_zs_pool_totals(&so->zram[i].zs, r->page_size, &r->zs[i]);
		if (so->meminfo.set & (1u << MI_BALLOON)) {
			r->have_balloon = true;
			r->balloon_kb = so->meminfo.v[MI_BALLOON];
		}
	}
	if ((kv = cc_vmstat_find(s, "balloon_migrate"))) {
		const struct cc_kv *p = cc_vmstat_find(s, "nr_balloon_pages");
		const struct cc_kv *in = cc_vmstat_find(s, "balloon_inflate");
		const struct cc_kv *de = cc_vmstat_find(s, "balloon_deflate");

		r->have_balloon_vmstat = true;
		r->balloon_migrate = kv->value;
		r->balloon_pages = p ? p->value : 0;
		r->balloon_inflate = in ? in->value : 0;
		r->balloon_deflate = de ? de->value : 0;
	}
}

void cc_sources_report_free(struct cc_sources_report *r)
{
	free(r->zones);
	free(r->node_zone0);
	free(r->mthp);
	free(r->zs);
	memset(r, 0, sizeof(*r));
}

/* ---- what check can threshold (cc_sources_metrics) ---- */

static bool m_psi_some10(const struct cc_sources_report *r, double *v)
{
	*v = r->so->psi.some.avg[0] / 100.0;
	return r->so->psi_av.state == CC_AV_YES && r->so->psi.some.have;
}

static bool m_psi_full10(const struct cc_sources_report *r, double *v)
{
	*v = r->so->psi.full.avg[0] / 100.0;
	return r->so->psi_av.state == CC_AV_YES && r->so->psi.full.have;
}

static bool m_thp_fallback(const struct cc_sources_report *r, double *v)
{
	uint64_t all = r->thp.alloc + r->thp.fallback;

	*v = all ? 100.0 * (double)r->thp.other / (double)all : 0;
	return r->thp.have && r->thp.have_charge;
}

static bool m_hugetlb_free(const struct cc_sources_report *r, double *v)
{
	const struct cc_sources *so = r->so;
	int i;

	*v = 0;
	for (i = 0; i < so->nhpools; i++)
		if (so->hpools[i].node < 0 && (so->hpools[i].set & (1u << HP_FREE)))
			*v += (double)so->hpools[i].v[HP_FREE] * (double)so->hpools[i].size_kb * 1024;
	return so->hugetlb_av.state == CC_AV_YES;
}

static bool m_zs_freeable(const struct cc_sources_report *r, double *v)
{
	bool any = false;
	int i;

	*v = 0;
	if (r->page_size <= 0)
		return false;
	for (i = 0; i < r->so->nzram; i++) {
		if (r->so->zram[i].zs_av.state != CC_AV_YES)
			continue;
		if (!r->zs[i].freeable_known)
			return false;
		any = true;
		*v += (double)r->zs[i].freeable_pages * (double)r->page_size;
	}
	return any;
}

static bool m_cma_fail(const struct cc_sources_report *r, double *v)
{
	int i;

	*v = 0;
	for (i = 0; i < r->so->ncma; i++) {
		const struct cc_stat *st = cc_stat_find(r->so->cma[i].stats, r->so->cma[i].nstats,
						       "alloc_pages_fail");
		if (st)
			*v += (double)st->value;
	}
	return r->so->cma_av.state == CC_AV_YES;
}

static bool m_unmanaged(const struct cc_sources_report *r, double *v)
{
	*v = (double)r->unmanaged;
	return r->have_unmanaged;
}

const struct cc_sources_metric cc_sources_metrics[] = {
	{ "psi_some_avg10", "%", "memory pressure, some, 10 s average", m_psi_some10 },
	{ "psi_full_avg10", "%", "memory pressure, full, 10 s average", m_psi_full10 },
	{ "thp_fallback_no_free_block", "%",
	  "THP faults that fell back for want of a free huge page, of all THP faults",
	  m_thp_fallback },
	{ "hugetlb_free_bytes", "B", "free memory in the system-wide hugetlb pools",
	  m_hugetlb_free },
	{ "zsmalloc_freeable_bytes", "B", "what compact --zram could free", m_zs_freeable },
	{ "cma_alloc_fail_pages", "pages", "CMA pages that could not be allocated",
	  m_cma_fail },
	{ "unmanaged_pages", "pages", "present but not managed pages", m_unmanaged },
};
const int cc_sources_nmetrics = (int)ARRAY_SIZE(cc_sources_metrics);
