// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * alloc-dump [--sysroot DIR] [--kver X.Y.Z] [--render text|json] CLASS ORDER
 * [NODE]: the allocator model's decision (src/alloc.c) for a request class
 * at an order, on a saved tree or the live system. With --render, the views
 * of src/out-alloc.c (the sentence and zone table, or one JSON array of the
 * nodes' verdicts); without, one record per line:
 *   verdict node=N class=C order=K cause=CAUSE pass=0|1|2 serve=ZONE|-
 *           zone=ZONE|- wakes_kswapd=0|1 wakes_kcompactd=0|1 reclaim=0|1
 *           compaction=0|1 unusable_blocks=N approx=0|1 inputs_approx=0|1 hz=N
 *   flags fast=FLAGS slow=FLAGS
 *   zone node=N zone=Z walk=W outcome=O free=F usable=U needed=N reserve=R
 *        mark=M reduced=M ha=H cma=C lists=0|1 blocks=S fragindex=F
 *        compact=0|1 low_ok=0|1 min_ok=0|1
 * (usable .. lists: the P2 (min) check). Used by tests/alloc-*.sh and the
 * live test. Exit 0, 1 on a read error, 64 on usage.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc-snapshot.h"
#include "out-alloc.h"
#include "snapshot.h"
#include "sysroot.h"

static void print_zone(const struct cc_alloc_zone_result *r)
{
	const struct cc_wmark_check *c = &r->min;

	printf("zone node=%d zone=%s walk=%d outcome=%s free=%" PRId64 " usable=%" PRId64
	       " needed=%" PRId64 " reserve=%" PRId64 " mark=%" PRId64 " reduced=%" PRId64
	       " ha=%" PRId64 " cma=%" PRId64 " lists=%d blocks=%" PRIu64
	       " fragindex=%d compact=%d low_ok=%d min_ok=%d\n",
	       r->node, cc_ztype_name(r->type), r->walk, cc_zone_outcome_name(r->outcome),
	       c->free, c->usable, c->needed, c->reserve, c->mark, c->reduced,
	       c->highatomic, c->cma, c->lists_ok, r->blocks, r->fragindex,
	       r->compaction_suitable, r->low.ok, r->min.ok);
}

static const char *zone_at(const struct cc_alloc_verdict *v, int i)
{
	return i >= 0 ? cc_ztype_name(v->zones[i].type) : "-";
}

static void print_verdict(const char *cls, const struct cc_alloc_verdict *v)
{
	char fast[160], slow[160];

	printf("verdict node=%d class=%s order=%d cause=%s pass=%d serve=%s zone=%s "
	       "wakes_kswapd=%d wakes_kcompactd=%d reclaim=%d compaction=%d "
	       "unusable_blocks=%" PRIu64 " approx=%d inputs_approx=%d hz=%d\n",
	       v->node, cls, v->order, cc_alloc_cause_name(v->cause), v->pass,
	       zone_at(v, v->serve), zone_at(v, v->cause_zone), v->wakes_kswapd,
	       v->wakes_kcompactd, v->reclaim_helps, v->compaction_helps,
	       v->unusable_blocks, v->lists_approx, v->inputs_approx, v->hz);
	cc_alloc_flags_text(fast, sizeof(fast), v->flags_fast);
	cc_alloc_flags_text(slow, sizeof(slow), v->flags_slow);
	printf("flags fast=%s slow=%s\n", fast, slow);
	for (int i = 0; i < v->nzones; i++)
		print_zone(&v->zones[i]);
}

int main(int argc, char **argv)
{
	struct cc_alloc_system sys;
	struct cc_alloc_verdict v;
	struct cc_snapshot s;
	struct cc_err e;
	const char *kver = NULL, *render = NULL;
	struct cc_alloc_render ro = { .indent = 2 };
	cJSON *arr;
	int a = 1, cls, order, rc = 0;

	while (a + 1 < argc && argv[a][0] == '-') {
		if (!strcmp(argv[a], "--sysroot")) {
			if (cc_sysroot_set(argv[a + 1], &e)) {
				cc_err_print(&e);
				return 1;
			}
		} else if (!strcmp(argv[a], "--kver")) {
			kver = argv[a + 1];
		} else if (!strcmp(argv[a], "--render")) {
			render = argv[a + 1];
		} else {
			return 64;
		}
		a += 2;
	}
	if (argc - a < 2 || (cls = cc_req_class_from_name(argv[a])) < 0)
		return 64;
	arr = cJSON_CreateArray();
	order = atoi(argv[a + 1]);
	cc_snapshot_init(&s);
	if (cc_snapshot_collect(&s, &e)) {
		cc_err_print(&e);
		cc_snapshot_free(&s);
		cJSON_Delete(arr);
		return 1;
	}
	cc_alloc_from_snapshot(&s, &sys);
	if (kver)
		sys.kver = cc_kver_parse(kver);
	for (int i = 0; i < sys.nnodes; i++) {
		int id = sys.nodes[i].id;

		if (argc - a > 2 && atoi(argv[a + 2]) != id)
			continue;
		if (cc_alloc_decide_class(&sys, (enum cc_req_class)cls, order, id, &v)) {
			rc = 1;
			continue;
		}
		if (render && !strcmp(render, "json")) {
			cJSON_AddItemToArray(arr, cc_json_alloc_verdict(&v));
		} else if (render) {
			printf("Node %d:\n", id);
			cc_text_alloc_verdict(stdout, &v, &ro);
			cc_text_alloc_zones(stdout, &v, &ro);
		} else {
			print_verdict(argv[a], &v);
		}
		cc_alloc_verdict_free(&v);
	}
	if (render && !strcmp(render, "json")) {
		char *t = cJSON_Print(arr);

		puts(t);
		free(t);
	}
	cJSON_Delete(arr);
	cc_alloc_system_free(&sys);
	cc_snapshot_free(&s);
	return rc;
}
