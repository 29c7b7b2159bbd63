// SPDX-License-Identifier: GPL-2.0-or-later
/* The vmstat counter table (counters.h). */
#include "counters.h"

#include <stdio.h>
#include <string.h>

#define STATUS CC_SHOW_STATUS
#define DELTA CC_SHOW_DELTA
#define PROBE CC_SHOW_PROBE
#define COLUMN CC_SHOW_PROBE_COLUMN
#define RATE CC_SHOW_RATE
#define ROW1 CC_SHOW_RATE_ROW1
#define ROW2 CC_SHOW_RATE_ROW2
#define PROM CC_SHOW_PROMETHEUS
#define TRACE CC_SHOW_TRACE

/* Order: migration, the scanners, compaction outcomes, kcompactd, THP,
 * hugetlb, direct reclaim; views list them in this order. */
const struct cc_counter cc_counters[] = {
	{ "pgmigrate_success", "migrated", STATUS | DELTA | PROBE | COLUMN | RATE | ROW1 | TRACE },
	{ "pgmigrate_fail", "failed", STATUS | DELTA | PROBE | RATE | ROW1 | TRACE },
	{ "compact_migrate_scanned", "scanned", STATUS | DELTA | PROBE | RATE | ROW1 | TRACE },
	{ "compact_free_scanned", "free scanned", STATUS | DELTA | PROBE | RATE | ROW1 | TRACE },
	{ "compact_isolated", NULL, STATUS | DELTA | RATE | TRACE },
	{ "compact_stall", "stalls", STATUS | DELTA | PROBE | COLUMN | RATE | ROW2 | TRACE },
	{ "compact_success", "ok", STATUS | DELTA | PROBE | COLUMN | RATE | ROW2 | TRACE },
	{ "compact_fail", "failed", STATUS | DELTA | PROBE | COLUMN | RATE | ROW2 | TRACE },
	{ "compact_daemon_wake", "kcompactd", STATUS | DELTA | RATE | ROW2 | TRACE },
	{ "compact_daemon_migrate_scanned", NULL, STATUS | DELTA },
	{ "compact_daemon_free_scanned", NULL, STATUS | DELTA },
	{ "thp_migration_success", NULL, STATUS | DELTA },
	{ "thp_migration_fail", NULL, STATUS | DELTA },
	{ "thp_migration_split", NULL, STATUS | DELTA },
	{ "balloon_migrate", NULL, STATUS | DELTA },
	{ "balloon_inflate", NULL, STATUS },
	{ "balloon_deflate", NULL, STATUS },
	{ "thp_fault_alloc", "THP", STATUS | RATE | ROW2 | TRACE },
	{ "thp_fault_fallback", "fallback", STATUS | RATE | ROW2 | TRACE },
	{ "thp_fault_fallback_charge", NULL, STATUS | TRACE },	/* a memcg limit (5.8) */
	{ "thp_collapse_alloc", NULL, STATUS },
	{ "thp_collapse_alloc_failed", NULL, STATUS },
	{ "htlb_buddy_alloc_success", "htlb ok", STATUS | PROBE },
	{ "htlb_buddy_alloc_fail", "htlb fail", STATUS | PROBE },
	{ "allocstall_normal", NULL, STATUS },
	{ "allocstall_movable", NULL, STATUS },
	{ "pgscan_direct*", "scanned", PROBE | PROM },
	{ "pgsteal_direct*", "reclaimed", PROBE | COLUMN | PROM },
	/* families node_exporter gets no other way with these labels */
	{ "compact_*", NULL, PROM },
	{ "pgmigrate_*", NULL, PROM },
	{ "thp_*", NULL, PROM },
	{ "htlb_*", NULL, PROM },
	{ "kcompactd_*", NULL, PROM },
	{ "pgalloc_*", NULL, PROM },
	{ "allocstall*", NULL, PROM },
	{ "pgmajfault*", NULL, PROM },
};
const int cc_ncounters = (int)ARRAY_SIZE(cc_counters);

static size_t family_len(const struct cc_counter *c)
{
	size_t l = strlen(c->name);

	return l && c->name[l - 1] == '*' ? l - 1 : 0;
}

const char *cc_counter_key(const struct cc_counter *c, char *buf, size_t n)
{
	size_t l = family_len(c);

	if (!l)
		return c->name;
	snprintf(buf, n, "%.*s", (int)l, c->name);
	return buf;
}

bool cc_counter_value(const struct cc_snapshot *s, const struct cc_counter *c, uint64_t *v)
{
	size_t len = family_len(c);
	bool any = false;
	int i;

	if (!len) {
		const struct cc_kv *kv = cc_vmstat_find(s, c->name);

		*v = kv ? kv->value : 0;
		return kv != NULL;
	}
	*v = 0;
	for (i = 0; i < s->nvmstat; i++) {
		const char *n = s->vmstat[i].name;
		size_t nl = strlen(n);

		if (strncmp(n, c->name, len) ||
		    (nl >= 9 && !strcmp(n + nl - 9, "_throttle")))
			continue;
		*v += s->vmstat[i].value;
		any = true;
	}
	return any;
}

bool cc_counter_delta(const struct cc_snapshot *a, const struct cc_snapshot *b,
		      const struct cc_counter *c, int64_t *d)
{
	uint64_t x, y;

	if (!cc_counter_value(a, c, &x) || !cc_counter_value(b, c, &y))
		return false;
	*d = (int64_t)(y - x);
	return true;
}

bool cc_counter_in(const char *name, unsigned view)
{
	int i;

	for (i = 0; i < cc_ncounters; i++) {
		const struct cc_counter *c = &cc_counters[i];
		size_t l = family_len(c);

		if (!(c->views & view))
			continue;
		if (l ? !strncmp(name, c->name, l) : !strcmp(name, c->name))
			return true;
	}
	return false;
}
