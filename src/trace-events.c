// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The events and the fields we read, by name. Alternatives cover renames:
 * "prio" was "mode" before v4.6 [include/trace/events/compaction.h:
 * mm_compaction_try_to_compact_pages, v4.4 vs v4.6]; "highest_zoneidx" was
 * "classzone_idx" before v5.8 [same file, kcompactd templates, v5.7 vs v5.8,
 * commit "mm/page_alloc: integrate classzone_idx and high_zoneidx"]; "pfn"
 * was a struct page pointer "page" before v4.1 [include/trace/events/kmem.h].
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace-events.h"

const char *const cc_cr_names[CC_CR_N] = {
	"not_suitable_zone", "skipped", "deferred", "no_suitable_page", "continue",
	"complete", "partial_skipped", "contended", "success",
};

struct tev_desc {
	const char *path;
	bool required;
	/* "a|b": b is an older name; "?a": the field may be missing (its
	 * value is then 0); "a=name": a symbolic field that becomes 1 when
	 * its symbol is name, else 0 (instead of a compaction result) */
	const char *fields[CC_TEV_NVALS];
	int symbolic;	/* index of a status-like field decoded by name, or -1 */
	int zone;	/* index of a zone idx field, or -1 */
};

/* start_pfn came with begin/end in v4.0 [include/trace/events/compaction.h] */
#define ISO { "nr_scanned", "nr_taken", "start_pfn" }
#define ZONE_EV { "nid", "idx", "order", "ret" }
#define DEFER_EV { "nid", "idx", "order" }

static const struct tev_desc descs[CC_TEV_NTYPES] = {
	[CC_TEV_TRY] = { "compaction/mm_compaction_try_to_compact_pages", true,
			 { "order", "gfp_mask", "prio|mode" }, -1, -1 },
	/* the sync flag came after v4.1 (which had "mode") */
	[CC_TEV_BEGIN] = { "compaction/mm_compaction_begin", true,
			   { "zone_start", "migrate_pfn", "free_pfn", "zone_end", "?sync" }, -1, -1 },
	[CC_TEV_END] = { "compaction/mm_compaction_end", true,
			 { "zone_start", "migrate_pfn", "free_pfn", "zone_end", "?sync", "status" },
			 CC_V_STATUS, -1 },
	[CC_TEV_ISO_MIGRATE] = { "compaction/mm_compaction_isolate_migratepages", true, ISO, -1, -1 },
	[CC_TEV_ISO_FREE] = { "compaction/mm_compaction_isolate_freepages", true, ISO, -1, -1 },
	/* v5.1+ */
	[CC_TEV_FAST_ISO_FREE] = { "compaction/mm_compaction_fast_isolate_freepages", false,
				   ISO, -1, -1 },
	[CC_TEV_MIGRATEPAGES] = { "compaction/mm_compaction_migratepages", true,
				  { "nr_migrated", "nr_failed" }, -1, -1 },
	[CC_TEV_SUITABLE] = { "compaction/mm_compaction_suitable", true, ZONE_EV, CC_V_RET, CC_V_IDX },
	[CC_TEV_FINISHED] = { "compaction/mm_compaction_finished", false, ZONE_EV, CC_V_RET,
			      CC_V_IDX },
	[CC_TEV_DEFERRED] = { "compaction/mm_compaction_deferred", true, DEFER_EV, -1, CC_V_IDX },
	[CC_TEV_DEFER_COMPACTION] = { "compaction/mm_compaction_defer_compaction", false,
				      DEFER_EV, -1, CC_V_IDX },
	[CC_TEV_DEFER_RESET] = { "compaction/mm_compaction_defer_reset", true, DEFER_EV, -1,
				 CC_V_IDX },
	/* kcompactd: v4.6+ */
	[CC_TEV_KCD_WAKE] = { "compaction/mm_compaction_kcompactd_wake", false,
			      { "nid", "order", "highest_zoneidx|classzone_idx" }, -1, CC_V_KIDX },
	[CC_TEV_KCD_SLEEP] = { "compaction/mm_compaction_kcompactd_sleep", false, { "nid" }, -1, -1 },
	[CC_TEV_WAKEUP_KCD] = { "compaction/mm_compaction_wakeup_kcompactd", false,
				{ "nid", "order", "highest_zoneidx|classzone_idx" }, -1, CC_V_KIDX },
	[CC_TEV_EXTFRAG] = { "kmem/mm_page_alloc_extfrag", false,
			     { "pfn|page", "alloc_order", "fallback_order", "alloc_migratetype",
			       "fallback_migratetype", "change_ownership" }, -1, -1 },
	[CC_TEV_STACK] = { "ftrace/kernel_stack", false, { "size" }, -1, -1 },
	/* compact's THP counts: the thp_* fields are younger than the event
	 * [include/trace/events/migrate.h, v6.18]; a kernel without them
	 * reports no THP counts */
	[CC_TEV_MIGRATE_PAGES] = { "migrate/mm_migrate_pages", false,
				   { "thp_succeeded", "thp_failed", "?thp_split", "reason=compaction" },
				   CC_V_FOR_COMPACTION, -1 },
};


const char *cc_tev_path(enum cc_tev_type t)
{
	return descs[t].path;
}

bool cc_tev_required(enum cc_tev_type t)
{
	return descs[t].required;
}

/* "a|b": the first name the format has ("=name" and "?" are not part of
 * a name) */
static const struct cc_tf_field *find_alt(const struct cc_tf_event *fmt, const char *names)
{
	char buf[96], *save = NULL, *n;

	snprintf(buf, sizeof(buf), "%s", names + (names[0] == '?'));
	buf[strcspn(buf, "=")] = '\0';
	for (n = strtok_r(buf, "|", &save); n; n = strtok_r(NULL, "|", &save)) {
		const struct cc_tf_field *f = cc_tf_field(fmt, n);

		if (f)
			return f;
	}
	return NULL;
}

int cc_tev_bind(struct cc_tev_table *tab, enum cc_tev_type t, const struct cc_tf_event *fmt,
		const char *path, struct cc_err *e)
{
	const struct tev_desc *d = &descs[t];
	int i;

	tab->fmt[t] = *fmt;
	if (!fmt->have_id)
		return cc_err_set(e, path, 0, "no ID line");
	for (i = 0; i < CC_TEV_NVALS; i++) {
		const struct cc_tf_field *f;

		tab->field[t][i] = NULL;
		if (!d->fields[i])
			continue;
		f = find_alt(&tab->fmt[t], d->fields[i]);
		if (!f && d->fields[i][0] != '?')
			return cc_err_set(e, path, 0, "%s has no field %s", fmt->name, d->fields[i]);
		tab->field[t][i] = f;
	}
	if (t == CC_TEV_STACK && !cc_tf_field(&tab->fmt[t], "caller"))
		return cc_err_set(e, path, 0, "kernel_stack has no field caller");
	if (!tab->pid_field)
		tab->pid_field = cc_tf_field(&tab->fmt[t], "common_pid");
	if (!tab->pid_field)
		return cc_err_set(e, path, 0, "no common_pid field");
	tab->have[t] = true;
	return 0;
}

static int load_one(struct cc_tf_event *ev, const char *rel, cc_tev_reader read, void *arg,
		    struct cc_err *e)
{
	struct cc_file f;
	int r;

	if (read(rel, &f, arg, e))
		return -1;
	r = cc_parse_trace_format(ev, f.data, f.len, f.path, e);
	cc_file_free(&f);
	return r;
}

int cc_tev_load(struct cc_tev_table *tab, struct cc_tf_page *layout, unsigned want,
		cc_tev_reader read, void *arg, struct cc_err *e)
{
	struct cc_tf_event *ev = xcalloc(1, sizeof(*ev));
	char rel[160];
	int t, r = -1;

	memset(tab, 0, sizeof(*tab));
	if (load_one(ev, "events/header_page", read, arg, e) ||
	    cc_tf_page_layout(layout, ev, "events/header_page", e))
		goto out;
	for (t = 0; t < CC_TEV_NTYPES; t++) {
		struct cc_err e2;

		if (!(want & CC_TEV_BIT(t)))
			continue;
		snprintf(rel, sizeof(rel), "events/%s/format", descs[t].path);
		if ((load_one(ev, rel, read, arg, &e2) ||
		     cc_tev_bind(tab, (enum cc_tev_type)t, ev, rel, &e2)) && descs[t].required) {
			*e = e2;
			goto out;
		}
	}
	r = 0;
out:
	free(ev);
	return r;
}

static int by_time(const void *a, const void *b)
{
	const struct cc_tev *x = a, *y = b;

	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	if (x->cpu != y->cpu)
		return x->cpu < y->cpu ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void cc_tev_sort(struct cc_tev *ev, size_t n)
{
	size_t i;

	/* qsort is not stable: ties keep their order through seq */
	for (i = 0; i < n; i++)
		ev[i].seq = (uint32_t)i;
	if (n > 1)
		qsort(ev, n, sizeof(*ev), by_time);
}

static enum cc_cr status_by_name(const char *name, int64_t raw)
{
	int i;

	if (name) {
		for (i = 0; i < CC_CR_N; i++)
			if (!strcmp(name, cc_cr_names[i]))
				return (enum cc_cr)i;
		/* COMPACT_PARTIAL became COMPACT_SUCCESS in v4.7 */
		return !strcmp(name, "partial") ? CC_CR_SUCCESS : CC_CR_CONTINUE;
	}
	return raw >= 0 && raw < CC_CR_N ? (enum cc_cr)raw : CC_CR_CONTINUE;
}

static void read_stack(const struct cc_tev_table *tab, const struct cc_tf_record *r,
		       struct cc_tev *out)
{
	const struct cc_tf_field *caller = cc_tf_field(&tab->fmt[CC_TEV_STACK], "caller");
	int64_t n = out->v[0];
	size_t off = caller->offset;
	uint64_t buf[CC_TEV_MAX_STACK];
	int k = 0;

	while (k < n && k < CC_TEV_MAX_STACK && off + sizeof(unsigned long) <= r->len) {
		unsigned long a;

		memcpy(&a, r->data + off, sizeof(a));
		off += sizeof(a);
		if (!a || a == (unsigned long)-1)	/* ULONG_MAX ends old stacks */
			break;
		buf[k++] = a;
	}
	out->nstack = k;
	out->stack = NULL;
	if (k) {
		out->stack = xcalloc((size_t)k, sizeof(*out->stack));
		memcpy(out->stack, buf, (size_t)k * sizeof(*out->stack));
	}
}

void cc_tev_clear(struct cc_tev *ev)
{
	free(ev->stack);
	ev->stack = NULL;
	ev->nstack = 0;
}

int cc_tev_decode(const struct cc_tev_table *tab, const struct cc_tf_record *r, int cpu,
		  struct cc_tev *out)
{
	uint16_t id;
	int64_t pid;
	int t, i;

	if (r->len < 2)
		return 0;
	memcpy(&id, r->data, 2);
	for (t = 0; t < CC_TEV_NTYPES; t++)
		if (tab->have[t] && tab->fmt[t].id == id)
			break;
	if (t == CC_TEV_NTYPES || !cc_tf_read(tab->pid_field, r->data, r->len, &pid))
		return 0;
	memset(out, 0, sizeof(*out));
	out->type = (enum cc_tev_type)t;
	out->cpu = cpu;
	out->pid = (int)pid;
	out->ts = r->ts;
	for (i = 0; i < CC_TEV_NVALS; i++) {
		const struct cc_tf_field *f = tab->field[t][i];

		if (f && !cc_tf_read(f, r->data, r->len, &out->v[i]))
			return 0;
	}
	if (descs[t].symbolic >= 0) {
		const char *fname = tab->field[t][descs[t].symbolic]->name;
		int64_t raw = out->v[descs[t].symbolic];
		const char *sym = cc_tf_symbol(&tab->fmt[t], fname, raw);
		const char *is = strchr(descs[t].fields[descs[t].symbolic], '=');

		out->v[descs[t].symbolic] = is ? sym && !strcmp(sym, is + 1) :
					    status_by_name(sym, raw);
	}
	if (descs[t].zone >= 0) {
		const char *z = cc_tf_symbol(&tab->fmt[t], tab->field[t][descs[t].zone]->name,
					     out->v[descs[t].zone]);

		snprintf(out->zone, sizeof(out->zone), "%s", z ? z : "?");
	}
	if (t == CC_TEV_STACK)
		read_stack(tab, r, out);
	return 1;
}

const char *cc_mt_name(int64_t mt)
{
	static const char *const names[] = { "Unmovable", "Movable", "Reclaimable",
					     "HighAtomic", "CMA", "Isolate" };

	return mt >= 0 && mt < (int64_t)ARRAY_SIZE(names) ? names[mt] : "?";
}
