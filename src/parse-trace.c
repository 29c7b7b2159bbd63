// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The text of a tracing instance's `trace` file (kernel-interfaces.md
 * 5.1-5.3): lines look like
 *   bash-28188 [000] ..... 1121.494447: mm_compaction_begin: zone_start=0x100000
 *       migrate_pfn=0x100000 free_pfn=0x147e00 zone_end=0x148000, mode=sync
 * One record per compact_zone() run, mm_compaction_begin .. _end, with the
 * scanner and migration events in between summed into it. The begin/end
 * events carry no node or zone: cc_trace_resolve (trace.c) names records
 * from the zoneinfo start pfns.
 */
#include "trace.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"

/* value of "key=" in a line (0x.. or decimal); false if absent */
static bool field(const char *line, const char *key, uint64_t *out)
{
	const char *p = line;
	size_t kl = strlen(key);
	char *end;

	while ((p = strstr(p, key))) {
		if (p == line || p[-1] == ' ' || p[-1] == '(') {
			errno = 0;
			*out = strtoull(p + kl, &end, 0);
			return !errno && end != p + kl;
		}
		p += kl;
	}
	return false;
}

static bool word(const char *line, const char *key, char *buf, size_t n)
{
	const char *p = strstr(line, key);
	size_t l;

	if (!p)
		return false;
	p += strlen(key);
	l = strcspn(p, " ,");
	if (!l || l >= n)
		return false;
	memcpy(buf, p, l);
	buf[l] = '\0';
	return true;
}

static struct cc_trace_zone *cur(struct cc_trace *t)
{
	struct cc_trace_zone *z;

	if (!t->nzones)
		return NULL;
	z = &t->zones[t->nzones - 1];
	return z->ended ? NULL : z;
}

static int parse_event(struct cc_trace *t, const char *ev, const char *args, double ts,
		       const struct cc_lines *c, struct cc_err *e)
{
	struct cc_trace_zone *z = cur(t);
	uint64_t a, b, d, f;
	char mode[16];

	if (!strcmp(ev, "mm_compaction_begin")) {
		if (!field(args, "zone_start=", &a) || !field(args, "migrate_pfn=", &b) ||
		    !field(args, "free_pfn=", &d) || !field(args, "zone_end=", &f))
			return cc_err_set(e, c->path, c->lineno, "mm_compaction_begin without "
					  "zone_start, migrate_pfn, free_pfn and zone_end");
		if (t->nzones >= 4096)
			return cc_err_set(e, c->path, c->lineno, "more than 4096 compaction runs");
		t->zones = xrealloc(t->zones, t->nzones + 1, sizeof(*t->zones));
		z = &t->zones[t->nzones++];
		memset(z, 0, sizeof(*z));
		z->node = -1;
		z->zone_start = a;
		z->migrate_start = z->migrate_end = b;
		z->free_start = z->free_end = d;
		z->zone_end = f;
		z->t_begin = z->t_end = ts;
		z->sync = word(args, "mode=", mode, sizeof(mode)) && !strcmp(mode, "sync");
		return 0;
	}
	if (!z) {
		t->outside++;
		return 0;
	}
	if (!strcmp(ev, "mm_compaction_end")) {
		if (!field(args, "migrate_pfn=", &z->migrate_end) ||
		    !field(args, "free_pfn=", &z->free_end) ||
		    !word(args, "status=", z->status, sizeof(z->status)))
			return cc_err_set(e, c->path, c->lineno, "mm_compaction_end without "
					  "migrate_pfn, free_pfn and status");
		z->t_end = ts;
		z->ended = true;
	} else if (!strcmp(ev, "mm_compaction_isolate_migratepages")) {
		if (field(args, "nr_scanned=", &a) && field(args, "nr_taken=", &b)) {
			z->migrate_scanned += a;
			z->migrate_isolated += b;
		}
	} else if (!strcmp(ev, "mm_compaction_isolate_freepages") ||
		   !strcmp(ev, "mm_compaction_fast_isolate_freepages")) {
		if (field(args, "nr_scanned=", &a) && field(args, "nr_taken=", &b)) {
			z->free_scanned += a;
			z->free_isolated += b;
		}
	} else if (!strcmp(ev, "mm_compaction_migratepages")) {
		if (field(args, "nr_migrated=", &a) && field(args, "nr_failed=", &b)) {
			z->migrated += a;
			z->failed += b;
		}
	} else if (!strcmp(ev, "mm_migrate_pages")) {
		if (strstr(args, "reason=compaction") &&
		    field(args, "nr_thp_succeeded=", &a) && field(args, "nr_thp_failed=", &b)) {
			z->thp_migrated += a;
			z->thp_failed += b;
			if (field(args, "nr_thp_split=", &d))
				z->thp_split += d;
		}
	} else if (!strcmp(ev, "mm_compaction_finished") && z->node < 0) {
		/* "node=0 zone=DMA32 order=-1 ret=continue": names the zone */
		if (field(args, "node=", &a) && a <= CC_MAX_NODE_ID &&
		    word(args, "zone=", z->zone, sizeof(z->zone)))
			z->node = (int)a;
	}
	return 0;
}

/* the <pid> of "<task>-<pid> [cpu] <flags> <seconds>" (the part of a line
 * before ": <event>"): the digits before the last '[' (a task name may hold
 * anything), or -1 */
static long line_pid(const char *line)
{
	const char *q = strrchr(line, '['), *d;

	if (!q)
		return -1;
	while (q > line && q[-1] == ' ')
		q--;
	for (d = q; d > line && d[-1] >= '0' && d[-1] <= '9'; d--)
		;
	if (d == q || d == line || d[-1] != '-' || q - d > 9)
		return -1;
	return strtol(d, NULL, 10);
}

int cc_trace_parse(struct cc_trace *t, char *buf, size_t len, const char *path,
		   long pid, struct cc_err *e)
{
	struct cc_lines c;
	char *line;
	int r;

	memset(t, 0, sizeof(*t));
	if (cc_lines_init(&c, buf, len, path, e) < 0)
		return -1;
	while ((r = cc_lines_next(&c, &line, e)) > 0) {
		char *ev, *args, *p;
		double ts;

		if (*line == '#') {
			p = strstr(line, "entries-in-buffer/entries-written:");
			if (p && sscanf(p + 35, "%" SCNu64 "/%" SCNu64, &t->entries, &t->written) == 2)
				t->have_header = true;
			continue;
		}
		/* "<task>-<pid> [cpu] <flags> <seconds>: <event>: <args>" */
		ev = strstr(line, ": mm_");
		if (!ev)
			continue;
		*ev = '\0';
		ev += 2;
		args = strstr(ev, ": ");
		if (!args)
			continue;
		*args = '\0';
		args += 2;
		if (pid > 0 && line_pid(line) != pid) {
			t->others++;
			continue;
		}
		p = strrchr(line, ' ');
		ts = strtod(p ? p + 1 : line, NULL);
		if (parse_event(t, ev, args, ts, &c, e) < 0) {
			cc_trace_free(t);
			return -1;
		}
		t->events++;
	}
	if (r < 0) {
		cc_trace_free(t);
		return -1;
	}
	return 0;
}

