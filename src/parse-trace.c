// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * compact's events from the ring-buffer pages of per_cpu/cpuN/trace_pipe_raw
 * (kernel-interfaces.md 5.1-5.3), decoded by the event table of
 * trace-events.c with their format files. One record per compact_zone() run,
 * mm_compaction_begin .. _end, with the scanner and migration events in
 * between summed into it. The begin/end events carry no node or zone:
 * cc_trace_resolve (trace.c) names records from the zoneinfo start pfns.
 *
 * Binary pages, not the instance's text `trace` file: the kernel formats
 * that text at read time, 40 ms for the 12,000 events (1.7 MB of text) of
 * one pass over a compacted 24 GiB machine on 6.18, where copying the
 * 540 KB of pages takes 0.3 ms; and reading the pages consumes them, so a
 * second pass needs no clearing of the buffer (25 ms).
 */
#include "trace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"

void cc_trace_reader_init(struct cc_trace_reader *rd, const struct cc_tev_table *tab,
			  const struct cc_tf_page *layout, long pid)
{
	memset(rd, 0, sizeof(*rd));
	rd->tab = tab;
	rd->layout = layout;
	rd->pid = pid;
}

void cc_trace_reader_free(struct cc_trace_reader *rd)
{
	free(rd->ev);
	rd->ev = NULL;
	rd->n = rd->cap = 0;
}

struct walk {
	struct cc_trace_reader *rd;
	int cpu;
};

static int on_record(const struct cc_tf_record *r, void *arg)
{
	struct walk *w = arg;
	struct cc_trace_reader *rd = w->rd;
	struct cc_tev ev;

	/* compact's set has no kernel stacks: nothing to cc_tev_clear */
	if (cc_tev_decode(rd->tab, r, w->cpu, &ev) != 1)
		return 0;
	if (rd->pid > 0 && ev.pid != rd->pid) {
		rd->others++;
		return 0;
	}
	if (rd->n == rd->cap) {
		rd->cap = rd->cap ? rd->cap * 2 : 1024;
		rd->ev = xrealloc(rd->ev, rd->cap, sizeof(*rd->ev));
	}
	rd->ev[rd->n++] = ev;
	return 0;
}

int cc_trace_read_page(struct cc_trace_reader *rd, int cpu, const uint8_t *page, size_t len,
		       const char *path, struct cc_err *e)
{
	struct walk w = { rd, cpu };
	struct cc_tf_page_info info;
	int r = cc_tf_page_walk(rd->layout, page, len, on_record, &w, &info, path, e);

	/* a page that lost events without their number: the instance's
	 * overrun counter has it (cc_trace_add_lost) */
	rd->missed += info.missed;
	return r;
}

static struct cc_trace_zone *cur(struct cc_trace *t)
{
	struct cc_trace_zone *z;

	if (!t->nzones)
		return NULL;
	z = &t->zones[t->nzones - 1];
	return z->ended ? NULL : z;
}

static uint64_t u(const struct cc_tev *ev, int role)
{
	return (uint64_t)ev->v[role];
}

/* Whether ev belongs to the open run z. A CPU whose buffer lost events
 * resumes in the middle of some run: its scanner blocks and end are
 * checked against the run's zone, so that they are not summed into the
 * run another CPU left open (migratepages events carry no pfn). */
static bool in_run(const struct cc_trace_zone *z, const struct cc_tev *ev)
{
	uint64_t pfn;

	switch (ev->type) {
	case CC_TEV_END:
		return u(ev, CC_V_ZONE_START) == z->zone_start;
	case CC_TEV_ISO_MIGRATE:
	case CC_TEV_ISO_FREE:
	case CC_TEV_FAST_ISO_FREE:
		pfn = u(ev, CC_V_ISO_PFN);
		return pfn >= z->zone_start && pfn < z->zone_end;
	default:
		return true;
	}
}

static int add_event(struct cc_trace *t, const struct cc_tev *ev, struct cc_err *e)
{
	struct cc_trace_zone *z = cur(t);
	double ts = (double)ev->ts / 1e9;

	if (ev->type == CC_TEV_BEGIN) {
		if (t->nzones >= 4096)
			return cc_err_set(e, "trace_pipe_raw", 0, "more than 4096 compaction runs");
		t->zones = xrealloc(t->zones, (size_t)t->nzones + 1, sizeof(*t->zones));
		z = &t->zones[t->nzones++];
		memset(z, 0, sizeof(*z));
		z->node = -1;
		z->zone_start = u(ev, CC_V_ZONE_START);
		z->migrate_start = z->migrate_end = u(ev, CC_V_MIGRATE_PFN);
		z->free_start = z->free_end = u(ev, CC_V_FREE_PFN);
		z->zone_end = u(ev, CC_V_ZONE_END);
		z->t_begin = z->t_end = ts;
		z->sync = ev->v[CC_V_SYNC] != 0;
		return 0;
	}
	if (!z || !in_run(z, ev)) {
		t->outside++;
		return 0;
	}
	switch (ev->type) {
	case CC_TEV_END:
		z->migrate_end = u(ev, CC_V_MIGRATE_PFN);
		z->free_end = u(ev, CC_V_FREE_PFN);
		snprintf(z->status, sizeof(z->status), "%s", cc_cr_names[ev->v[CC_V_STATUS]]);
		z->t_end = ts;
		z->ended = true;
		break;
	case CC_TEV_ISO_MIGRATE:
		z->migrate_scanned += u(ev, CC_V_SCANNED);
		z->migrate_isolated += u(ev, CC_V_TAKEN);
		break;
	case CC_TEV_ISO_FREE:
	case CC_TEV_FAST_ISO_FREE:
		z->free_scanned += u(ev, CC_V_SCANNED);
		z->free_isolated += u(ev, CC_V_TAKEN);
		break;
	case CC_TEV_MIGRATEPAGES:
		z->migrated += u(ev, CC_V_MIGRATED);
		z->failed += u(ev, CC_V_FAILED);
		break;
	case CC_TEV_MIGRATE_PAGES:
		if (ev->v[CC_V_FOR_COMPACTION]) {
			z->thp_migrated += u(ev, CC_V_THP_OK);
			z->thp_failed += u(ev, CC_V_THP_FAILED);
			z->thp_split += u(ev, CC_V_THP_SPLIT);
		}
		break;
	default:	/* not one of compact's */
		return 0;
	}
	return 0;
}

int cc_trace_reader_finish(struct cc_trace_reader *rd, struct cc_trace *t, struct cc_err *e)
{
	size_t i;
	int r = 0;

	memset(t, 0, sizeof(*t));
	t->lost = rd->missed;
	t->others = rd->others;
	/* a task may move between CPUs during a run: each CPU's pages are in
	 * time order, together they need sorting */
	cc_tev_sort(rd->ev, rd->n);
	for (i = 0; i < rd->n && r == 0; i++) {
		r = add_event(t, &rd->ev[i], e);
		t->events++;
	}
	if (r < 0)
		cc_trace_free(t);
	/* emptied for the next pass, whatever happened */
	cc_trace_reader_free(rd);
	rd->missed = rd->others = 0;
	return r;
}

void cc_trace_add_lost(struct cc_trace *t, uint64_t overruns)
{
	/* the page headers and the overrun counter count the same losses;
	 * a page may lose them without storing their number */
	if (overruns > t->lost)
		t->lost = overruns;
}
