// SPDX-License-Identifier: GPL-2.0-or-later
/* What a parsed trace says: records named from zoneinfo, coverage, sums. */
#include "trace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cc_trace_resolve(struct cc_trace *t, const struct cc_snapshot *s)
{
	int i, n, j;

	for (i = 0; i < t->nzones; i++) {
		struct cc_trace_zone *z = &t->zones[i];

		if (z->node >= 0)
			continue;
		for (n = 0; n < s->nnodes; n++) {
			for (j = 0; j < s->nodes[n].nzones; j++) {
				const struct cc_zone *sz = &s->nodes[n].zones[j];

				if (cc_zi_has(sz, ZF_START_PFN) && sz->zi[ZF_SPANNED] &&
				    sz->zi[ZF_START_PFN] == z->zone_start) {
					z->node = s->nodes[n].id;
					snprintf(z->zone, sizeof(z->zone), "%s", sz->name);
				}
			}
		}
	}
}

void cc_trace_free(struct cc_trace *t)
{
	free(t->zones);
	memset(t, 0, sizeof(*t));
}

int cc_trace_coverage(const struct cc_trace_zone *z)
{
	uint64_t todo, done;

	if (z->free_start <= z->migrate_start || z->migrate_end >= z->free_end)
		return 100;
	todo = z->free_start - z->migrate_start;
	done = (z->migrate_end - z->migrate_start) + (z->free_start - z->free_end);
	return (int)(done * 100 / todo);
}

bool cc_trace_cut_short(const struct cc_trace *t)
{
	int i;

	for (i = 0; i < t->nzones; i++)
		if (t->zones[i].ended && cc_trace_coverage(&t->zones[i]) < 100)
			return true;
	return false;
}

const char *const cc_trace_sum_keys[] = {
	"compact_migrate_scanned", "compact_free_scanned", "compact_isolated",
	"pgmigrate_success", "not_migrated", NULL,
};

bool cc_trace_sum(const struct cc_trace *t, const char *counter, uint64_t *out)
{
	uint64_t sum = 0;
	int i;

	for (i = 0; i < t->nzones; i++) {
		const struct cc_trace_zone *z = &t->zones[i];

		if (!strcmp(counter, "compact_migrate_scanned"))
			sum += z->migrate_scanned;
		else if (!strcmp(counter, "compact_free_scanned"))
			sum += z->free_scanned;
		else if (!strcmp(counter, "compact_isolated"))
			sum += z->migrate_isolated + z->free_isolated;
		else if (!strcmp(counter, "pgmigrate_success"))
			sum += z->migrated;
		else if (!strcmp(counter, "not_migrated"))
			sum += z->failed;
		else
			return false;
	}
	*out = sum;
	return true;
}

