// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Compaction tracepoints (kernel-interfaces.md 5.1-5.3). Text lines look like
 *   bash-28188 [000] ..... 1121.494447: mm_compaction_begin: zone_start=0x100000
 *       migrate_pfn=0x100000 free_pfn=0x147e00 zone_end=0x148000, mode=sync
 * The begin/end events carry no node or zone: records are named from the
 * zoneinfo start pfns.
 */
#include "trace.h"

#include <errno.h>
#include <inttypes.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "parse.h"
#include "sysroot.h"

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

int cc_trace_parse(struct cc_trace *t, char *buf, size_t len, const char *path,
		   struct cc_err *e)
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

/* ---- the live session ---- */

static const char *const events[] = {
	"compaction/mm_compaction_begin", "compaction/mm_compaction_end",
	"compaction/mm_compaction_isolate_migratepages",
	"compaction/mm_compaction_isolate_freepages",
	"compaction/mm_compaction_fast_isolate_freepages",	/* >= 5.1 */
	"compaction/mm_compaction_migratepages",
	"migrate/mm_migrate_pages",
};

static int inst_write(struct cc_tracer *tr, const char *file, const char *val,
		      struct cc_err *e)
{
	char p[PATH_MAX];

	if (snprintf(p, sizeof(p), "%s/%s", tr->inst, file) >= (int)sizeof(p))
		return cc_err_set(e, tr->inst, 0, "path too long"), -ENAMETOOLONG;
	return cc_write_file(p, val, e);
}

/* tracefs mount point from /proc/self/mounts, or "" */
static void find_tracefs(char *out, size_t n)
{
	struct cc_file f;
	struct cc_err e;
	char *line, *save = NULL;

	out[0] = '\0';
	if (cc_read_file("/proc/self/mounts", &f, &e))
		return;
	for (line = strtok_r(f.data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char dev[64], dir[PATH_MAX], type[32];

		if (sscanf(line, "%63s %4095s %31s", dev, dir, type) == 3 &&
		    !strcmp(type, "tracefs") && !strchr(dir, '\\')) {
			snprintf(out, n, "%s", dir);
			break;
		}
	}
	cc_file_free(&f);
}

static int mount_private(struct cc_tracer *tr)
{
	/* a private mount namespace: nobody else sees the mount, and it goes
	 * away with this process, however it ends */
	if (unshare(CLONE_NEWNS) < 0) {
		snprintf(tr->why, sizeof(tr->why), "tracefs is not mounted and a private "
			 "mount namespace failed: %s", strerror(errno));
		return -1;
	}
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	    mount("nodev", "/sys/kernel/tracing", "tracefs",
		  MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) {
		snprintf(tr->why, sizeof(tr->why), "cannot mount tracefs: %s",
			 strerror(errno));
		return -1;
	}
	snprintf(tr->root, sizeof(tr->root), "/sys/kernel/tracing");
	tr->mounted = true;
	return 0;
}

static int stale_cb(const char *name, void *arg)
{
	const char *root = arg;
	char p[PATH_MAX], *end;
	long pid;

	if (strncmp(name, "compactctl.", 11))
		return 0;
	pid = strtol(name + 11, &end, 10);
	if (*end || pid <= 0 || pid == getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
		return 0;
	if (snprintf(p, sizeof(p), "%s/instances/%s", root, name) < (int)sizeof(p))
		cc_rmdir(p);
	return 0;
}

void cc_tracer_reap_stale(const char *root)
{
	char p[PATH_MAX];

	if (snprintf(p, sizeof(p), "%s/instances", root) < (int)sizeof(p))
		cc_scan_dir(p, stale_cb, (void *)root);
}

int cc_tracer_create(struct cc_tracer *tr)
{
	struct cc_err e;

	memset(tr, 0, sizeof(*tr));
	if (!cc_is_live()) {
		snprintf(tr->why, sizeof(tr->why), "not traced under --sysroot");
		return -1;
	}
	if (geteuid() != 0) {
		snprintf(tr->why, sizeof(tr->why), "tracing needs root");
		return -1;
	}
	find_tracefs(tr->root, sizeof(tr->root));
	if (!tr->root[0] && mount_private(tr) < 0)
		return -1;
	cc_tracer_reap_stale(tr->root);
	snprintf(tr->inst, sizeof(tr->inst), "%.3900s/instances/compactctl.%d", tr->root,
		 (int)getpid());
	if (cc_mkdir(tr->inst, &e)) {
		snprintf(tr->why, sizeof(tr->why), "cannot create a tracing instance: %.150s",
			 e.msg);
		goto fail;
	}
	tr->created = true;
	return 0;
fail:
	cc_tracer_stop(tr);
	return -1;
}

int cc_tracer_start(struct cc_tracer *tr)
{
	char p[PATH_MAX + 64], pid[24];
	struct cc_err e;
	long ncpu, kb;
	size_t i;

	if (cc_tracer_create(tr) < 0)
		return -1;
	/* only our task: manual compaction runs in the writer's context */
	snprintf(pid, sizeof(pid), "%d\n", (int)getpid());
	if (inst_write(tr, "set_event_pid", pid, &e))
		goto fail_e;
	/* Per-CPU buffers: the compacting task may run on any CPU. Pinning it
	 * to one CPU would need only one large buffer, but measured on 6.18 it
	 * cost a quarter of the gain (the freed pages pile up on that CPU's
	 * per-CPU lists), so: 64 MiB in all, 1 to 16 MiB per CPU. */
	ncpu = sysconf(_SC_NPROCESSORS_CONF);
	kb = ncpu > 0 ? 65536 / ncpu : 1024;
	kb = kb < 1024 ? 1024 : kb > 16384 ? 16384 : kb;
	snprintf(p, sizeof(p), "%ld\n", kb);
	if (inst_write(tr, "buffer_size_kb", p, &e))
		goto fail_e;
	for (i = 0; i < ARRAY_SIZE(events); i++) {
		snprintf(p, sizeof(p), "events/%s/enable", events[i]);
		if (inst_write(tr, p, "1\n", &e) && i < 2)
			goto fail_e;	/* begin and end are required */
	}
	return 0;
fail_e:
	snprintf(tr->why, sizeof(tr->why), "%.190s", e.msg);
	cc_tracer_stop(tr);
	return -1;
}

int cc_tracer_arm(struct cc_tracer *tr, struct cc_err *e)
{
	char p[PATH_MAX + 64];

	/* opening trace with O_TRUNC clears the buffer */
	snprintf(p, sizeof(p), "%s/trace", tr->inst);
	if (cc_clear_file(p, e))
		return -1;
	return inst_write(tr, "tracing_on", "1\n", e) ? -1 : 0;
}

int cc_tracer_collect(struct cc_tracer *tr, struct cc_trace *t, struct cc_err *e)
{
	char p[PATH_MAX + 64];
	struct cc_file f;
	int r;

	memset(t, 0, sizeof(*t));
	if (inst_write(tr, "tracing_on", "0\n", e))
		return -1;
	snprintf(p, sizeof(p), "%s/trace", tr->inst);
	if (cc_read_file(p, &f, e))
		return -1;
	r = cc_trace_parse(t, f.data, f.len, f.path, e);
	cc_file_free(&f);
	return r;
}

void cc_tracer_stop(struct cc_tracer *tr)
{
	struct cc_err e;

	if (tr->created) {
		inst_write(tr, "tracing_on", "0\n", &e);
		if (cc_rmdir(tr->inst) == 0)
			tr->created = false;
	}
	if (tr->mounted) {
		if (umount2(tr->root, MNT_DETACH) == 0)
			tr->mounted = false;
	}
}
