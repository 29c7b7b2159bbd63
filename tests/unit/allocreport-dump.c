// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * allocreport-dump FILE: what parse-allocreport.c read, one fact per line
 * ("r0 order 4"); allocreport-dump --explain FILE: what the diagnosis
 * found beyond the JSON contract's keys ("x0 caller e100_alloc_cbs",
 * "x0 zone - DMA usable_kb 972"), for tests/explain.sh to check the
 * parser and the engine apart from the views.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "path.h"

static void dump_zone(int i, const struct cc_ar_zone *z)
{
	int o, f;

	printf("r%d zone %d %s zone_line %u buddy_line %u reserve_line %u\n", i, z->node,
	       z->name, z->zone_line, z->buddy_line, z->reserve_line);
	for (f = 0; f < AZ__N; f++)
		if (z->have & (1u << f))
			printf("r%d zone %d %s f%d %llu\n", i, z->node, z->name, f,
			       (unsigned long long)z->v[f]);
	printf("r%d zone %d %s reserve", i, z->node, z->name);
	for (o = 0; o < z->nreserve; o++)
		printf(" %lld", (long long)z->reserve[o]);
	printf("\nr%d zone %d %s buddy %d orders block %llukB", i, z->node, z->name,
	       z->norders, (unsigned long long)z->block_kb);
	for (o = 0; o < z->norders; o++)
		printf(" %llu%s%s", (unsigned long long)z->count[o], z->types[o][0] ? ":" : "",
		       z->types[o]);
	printf(" total %s%llu sum %llu\n", z->have_total ? "" : "none/",
	       (unsigned long long)z->total_kb, (unsigned long long)z->sum_kb);
}

static void dump_explained_zone(int i, const struct cc_ex_report *x, const struct cc_ex_zone *ez)
{
	const struct cc_ar_zone *z = &x->r->zones[ez->rz];
	char at[48];

	if (z->node >= 0)
		snprintf(at, sizeof(at), "x%d zone %d %s", i, z->node, z->name);
	else
		snprintf(at, sizeof(at), "x%d zone - %s", i, z->name);
	printf("%s walk %d\n", at, ez->walk);
	printf("%s result %s\n", at, ez->eligible || ez->outcome != CC_ZO_UNKNOWN ?
	       cc_zone_outcome_name(ez->outcome) : "-");
	printf("%s not_eligible_because %s\n", at, ez->eligible ? "-" : ez->not_why);
	if (ez->eligible && ez->check.mark > 0)
		printf("%s usable_kb %" PRId64 "\n%s needed_kb %" PRId64 "\n%s reserve_kb %"
		       PRId64 "\n%s watermark_ok %d\n", at, ez->check.usable * x->page_kb, at,
		       ez->check.needed * x->page_kb, at, ez->check.reserve * x->page_kb, at,
		       ez->check.free_ok);
	printf("%s usable_block %d\n%s reserved_only %d\n", at, ez->usable_block, at,
	       ez->reserved_only);
}

static int dump_explained(struct cc_areports *rs)
{
	struct cc_ex_report *x = xcalloc(1, sizeof(*x));

	for (int i = 0; i < rs->n; i++) {
		cc_explain(&rs->r[i], x);
		printf("x%d cause %s\nx%d state %s\nx%d caller %s\nx%d size_bytes %" PRIu64 "\n",
		       i, cc_ex_cause_name(x->cause), i, x->state, i, x->caller[0] ? x->caller : "-",
		       i, x->size_bytes);
		printf("x%d layout_assumed %d\nx%d compaction_possible %d\nx%d compaction_helps %d\n",
		       i, x->r->have_mask && x->layout_assumed, i, x->compaction_possible, i,
		       x->compaction_helps);
		printf("x%d stall_ms %ld\nx%d pid %ld\n", i, x->r->stall_ms, i, x->r->pid);
		for (int j = 0; j < x->nzones; j++)
			dump_explained_zone(i, x, &x->zones[j]);
	}
	free(x);
	return 0;
}

int main(int argc, char **argv)
{
	bool explain = argc == 3 && !strcmp(argv[1], "--explain");
	struct cc_areports rs;
	struct cc_file f;
	struct cc_err e;
	int i, j;

	if ((argc != 2 && !explain) || cc_read_user_file(argv[argc - 1], &f, &e) < 0) {
		fprintf(stderr, "usage: allocreport-dump [--explain] FILE\n");
		return 1;
	}
	if (cc_parse_allocreports(f.data, f.len, argv[argc - 1], &rs, &e) < 0) {
		cc_err_print(&e);
		cc_file_free(&f);
		return 1;
	}
	if (explain) {
		dump_explained(&rs);
		cc_areports_free(&rs);
		cc_file_free(&f);
		return 0;
	}
	printf("reports %d\n", rs.n);
	for (i = 0; i < rs.nnotes; i++)
		printf("note %s\n", rs.notes[i]);
	for (i = 0; i < rs.n; i++) {
		const struct cc_areport *r = &rs.r[i];

		printf("r%d kind %s line %u task %s order %d\n", i, cc_ar_kind_name(r->kind),
		       r->line, r->task, r->order);
		printf("r%d mask %s0x%llx flags %s\n", i, r->have_mask ? "" : "none/",
		       (unsigned long long)r->mask, r->flags);
		printf("r%d nodemask %s cpuset %s mems %s stall %ld vmalloc %llu %s\n", i,
		       r->nodemask, r->cpuset, r->mems_allowed, r->stall_ms,
		       (unsigned long long)r->vmalloc_size, r->vmalloc_what);
		printf("r%d ident %u pid %ld cpu %ld kernel %s\n", i, r->ident_line, r->pid,
		       r->cpu, r->kernel);
		printf("r%d frames %d", i, r->nframes);
		for (j = 0; j < r->nframes; j++)
			printf(" %s%s", r->frames[j].reliable ? "" : "?", r->frames[j].fn);
		printf("\nr%d meminfo %u global %x free %llu pcp %llu cma %llu\n", i,
		       r->meminfo_line, r->have_global, (unsigned long long)r->g_free,
		       (unsigned long long)r->g_free_pcp, (unsigned long long)r->g_free_cma);
		for (j = 0; j < r->nnodes; j++)
			printf("r%d node %d unreclaimable %d\n", i, r->nodes[j].id,
			       r->nodes[j].all_unreclaimable);
		for (j = 0; j < r->nzones; j++)
			dump_zone(i, &r->zones[j]);
		printf("r%d trailer %x ram %llu reserved %llu cma %llu highmem %llu last %u\n", i,
		       r->have_trailer, (unsigned long long)r->pages_ram,
		       (unsigned long long)r->pages_reserved, (unsigned long long)r->pages_cma,
		       (unsigned long long)r->pages_highmem, r->last_line);
	}
	cc_areports_free(&rs);
	cc_file_free(&f);
	return 0;
}
