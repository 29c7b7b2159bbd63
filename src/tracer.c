// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A private tracing instance for the compaction tracepoints (live, root).
 *
 * Ownership is a lock that dies with its owner: the owner holds
 * flock(LOCK_EX) on its instance directory for its whole life, and an
 * instance is reaped only when that lock can be taken (LOCK_NB), that is
 * when no process holds it, in any PID or mount namespace (a PID says
 * nothing across namespaces: kill(pid, 0) sees "no such process" for a
 * host PID from a container). Creating and reaping both happen under
 * flock on the tracefs `instances` directory, so a new instance is never
 * seen unlocked. Names carry a random part, not a PID.
 */
#include "tracer.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <dirent.h>
#include <unistd.h>

#include "mount.h"
#include "parse.h"

#define INSTANCE_PREFIX "compactctl."

int cc_tracer_reap(int instances_fd)
{
	DIR *d;
	struct dirent *de;
	int fd = dup(instances_fd), reaped = 0;

	if (fd < 0 || !(d = fdopendir(fd))) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	while ((de = readdir(d))) {
		int ifd;

		if (strncmp(de->d_name, INSTANCE_PREFIX, strlen(INSTANCE_PREFIX)))
			continue;
		ifd = openat(instances_fd, de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
			     O_CLOEXEC);
		if (ifd < 0)
			continue;
		/* its owner holds this lock while it lives: taken, it is ours
		 * to remove; refused, someone uses the instance */
		if (flock(ifd, LOCK_EX | LOCK_NB) == 0 &&
		    unlinkat(instances_fd, de->d_name, AT_REMOVEDIR) == 0)
			reaped++;
		close(ifd);
	}
	closedir(d);
	return reaped;
}

static int inst_write(struct cc_tracer *tr, const char *file, const char *val,
		      struct cc_err *e)
{
	char real[sizeof(tr->inst) + PATH_MAX];
	int fd = openat(tr->inst_fd, file, O_WRONLY | O_NOFOLLOW | O_CLOEXEC), ret;

	snprintf(real, sizeof(real), "%.4000s/%.200s", tr->inst, file);
	if (fd < 0)
		return cc_err_set(e, real, 0, "%s", strerror(errno)), -1;
	ret = cc_write_fd(fd, real, val, e);
	close(fd);
	return ret;
}

/* mkdir and lock our instance, under the lock of the instances directory */
static int create_instance(struct cc_tracer *tr)
{
	char ikpath[PATH_MAX + 16];
	uint64_t rnd = 0;
	struct cc_err e;

	snprintf(ikpath, sizeof(ikpath), "%.4000s/instances", tr->root);
	tr->instances_fd = cc_root_open(tr->r, ikpath, CC_DIR, &e);
	if (tr->instances_fd < 0) {
		snprintf(tr->why, sizeof(tr->why), "%.190s", e.msg);
		return -1;
	}
	if (getrandom(&rnd, sizeof(rnd), 0) != sizeof(rnd))
		rnd = ((uint64_t)getpid() << 32) ^ (uint64_t)cc_monotonic();
	snprintf(tr->name, sizeof(tr->name), INSTANCE_PREFIX "%016" PRIx64, rnd);
	snprintf(tr->inst, sizeof(tr->inst), "%.4000s/%s", ikpath, tr->name);
	if (flock(tr->instances_fd, LOCK_EX) < 0) {
		snprintf(tr->why, sizeof(tr->why), "cannot lock %.150s: %s", ikpath,
			 strerror(errno));
		return -1;
	}
	cc_tracer_reap(tr->instances_fd);
	if (mkdirat(tr->instances_fd, tr->name, 0700) < 0) {
		snprintf(tr->why, sizeof(tr->why), "cannot create a tracing instance: "
			 "%.100s: %s", tr->inst, strerror(errno));
		flock(tr->instances_fd, LOCK_UN);
		return -1;
	}
	tr->created = true;
	tr->inst_fd = openat(tr->instances_fd, tr->name, O_RDONLY | O_DIRECTORY |
			     O_NOFOLLOW | O_CLOEXEC);
	if (tr->inst_fd < 0 || flock(tr->inst_fd, LOCK_EX) < 0) {
		snprintf(tr->why, sizeof(tr->why), "cannot lock the tracing instance: %s",
			 strerror(errno));
		flock(tr->instances_fd, LOCK_UN);
		return -1;
	}
	flock(tr->instances_fd, LOCK_UN);
	return 0;
}

int cc_tracer_mount(struct cc_tracer *tr, const struct cc_root *r)
{
	memset(tr, 0, sizeof(*tr));
	tr->r = r;
	tr->instances_fd = tr->inst_fd = tr->on_fd = -1;
	if (!r->live) {
		snprintf(tr->why, sizeof(tr->why), "not traced under --sysroot");
		return -1;
	}
	if (geteuid() != 0) {
		snprintf(tr->why, sizeof(tr->why), "tracing needs root");
		return -1;
	}
	cc_find_mount(r, "tracefs", tr->root, sizeof(tr->root));
	if (!tr->root[0]) {
		/* a private mount namespace: nobody else sees the mount */
		if (cc_mount_private("tracefs", "/sys/kernel/tracing", tr->why,
				     sizeof(tr->why)) < 0)
			return -1;
		snprintf(tr->root, sizeof(tr->root), "/sys/kernel/tracing");
	}
	return 0;
}

int cc_tracer_create(struct cc_tracer *tr)
{
	struct cc_err e;

	if (!tr->root[0])
		return -1;	/* not mounted: tr->why says why */
	tr->why[0] = '\0';
	if (create_instance(tr) < 0)
		goto fail;
	tr->on_fd = openat(tr->inst_fd, "tracing_on", O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
	if (tr->on_fd < 0) {
		snprintf(tr->why, sizeof(tr->why), "%.100s/tracing_on: %s", tr->inst,
			 strerror(errno));
		goto fail;
	}
	/* a new instance records at once: nothing until the caller has set
	 * it up and sampled what it compares the trace with */
	if (cc_tracer_set_on(tr, false, &e) < 0) {
		snprintf(tr->why, sizeof(tr->why), "%.190s", e.msg);
		goto fail;
	}
	return 0;
fail:
	cc_tracer_stop(tr);
	return -1;
}

int cc_tracer_write(struct cc_tracer *tr, const char *rel, const char *val, struct cc_err *e)
{
	return inst_write(tr, rel, val, e) ? -1 : 0;
}

int cc_tracer_read(const struct cc_tracer *tr, const char *rel, bool top, struct cc_file *f,
		   struct cc_err *e)
{
	char kpath[sizeof(tr->inst) + 256];

	if (snprintf(kpath, sizeof(kpath), "%s/%s", top ? tr->root : tr->inst, rel) >=
	    (int)sizeof(kpath))
		return cc_err_set(e, rel, 0, "path too long");
	return cc_read_file(tr->r, kpath, f, e) ? -1 : 0;
}

int cc_tracer_read_format(const char *rel, struct cc_file *f, void *arg, struct cc_err *e)
{
	/* events/header_page is tracefs's, not the instance's */
	return cc_tracer_read(arg, rel, !strcmp(rel, "events/header_page"), f, e);
}

size_t cc_tracer_page_size(const struct cc_tracer *tr)
{
	long ps = sysconf(_SC_PAGESIZE);
	size_t size = ps > 0 ? (size_t)ps : 4096;
	struct cc_file f;
	struct cc_err e;

	if (!cc_tracer_read(tr, "buffer_subbuf_size_kb", false, &f, &e)) {
		long kb = atol(f.data);

		if (kb > 0 && kb <= 1024)	/* 6.8+: sub-buffers may be larger */
			size = (size_t)kb * 1024;
		cc_file_free(&f);
	}
	return size;
}

uint64_t cc_tracer_lost(const struct cc_tracer *tr)
{
	static const char *const keys[] = { "\noverrun:", "\ndropped events:" };
	uint64_t sum = 0;
	int k;

	for (k = 0; k < tr->ncpus; k++) {
		char rel[64];
		struct cc_file f;
		struct cc_err e;
		size_t i;

		snprintf(rel, sizeof(rel), "per_cpu/cpu%d/stats", tr->cpus[k].cpu);
		if (cc_tracer_read(tr, rel, false, &f, &e))
			continue;
		for (i = 0; i < ARRAY_SIZE(keys); i++) {
			const char *q = strstr(f.data, keys[i]);

			if (q)
				sum += strtoull(q + strlen(keys[i]), NULL, 10);
		}
		cc_file_free(&f);
	}
	return sum;
}

int cc_tracer_open_cpus(struct cc_tracer *tr, struct cc_err *e)
{
	long n = sysconf(_SC_NPROCESSORS_CONF), i;
	char kpath[sizeof(tr->inst) + 64];

	tr->cpus = xcalloc((size_t)(n > 0 ? n : 1), sizeof(*tr->cpus));
	for (i = 0; i < n; i++) {
		struct cc_err e2;
		int fd;

		snprintf(kpath, sizeof(kpath), "%s/per_cpu/cpu%ld/trace_pipe_raw", tr->inst, i);
		fd = cc_root_open(tr->r, kpath, CC_READ, &e2);
		if (fd < 0)
			continue;	/* a possible CPU that is not there */
		/* trace_pipe_raw looks at O_NONBLOCK at each read */
		if (fcntl(fd, F_SETFL, O_NONBLOCK) < 0) {
			close(fd);
			continue;
		}
		tr->cpus[tr->ncpus].cpu = (int)i;
		tr->cpus[tr->ncpus].fd = fd;
		tr->ncpus++;
	}
	if (!tr->ncpus)
		return cc_err_set(e, tr->inst, 0, "no per_cpu/cpuN/trace_pipe_raw could be "
				  "opened");
	/* one page of any of them at a time */
	tr->page_size = cc_tracer_page_size(tr);
	tr->page = xcalloc(1, tr->page_size);
	return 0;
}

/* KiB per CPU a compaction pass of the whole memory writes, with margin:
 * measured on 6.18 (24 GiB, 2 vCPUs, 12k pageblocks), a pass wrote 380 KB
 * on a compacted system and 491 KB while migrating 100k pages, all in one
 * CPU's buffer (44 bytes an event, about 40 bytes a pageblock): twice that,
 * 80 bytes a pageblock of 512 pages. */
long cc_tracer_pass_kb(uint64_t pages)
{
	uint64_t kb = pages / 512 * 80 / 1024;

	return kb < 1024 ? 1024 : kb > 65536 ? 65536 : (long)kb;
}

/* the instance's buffer_size_kb: "1410", or "7 (expanded: 1408)" before
 * first use on some kernels (the size it will have) */
static long buffer_kb_now(struct cc_tracer *tr)
{
	struct cc_file f;
	struct cc_err e;
	const char *x;
	long kb = -1;

	if (cc_tracer_read(tr, "buffer_size_kb", false, &f, &e) < 0)
		return -1;
	x = strstr(f.data, "expanded: ");
	if (sscanf(x ? x + 10 : f.data, "%ld", &kb) != 1)
		kb = -1;
	cc_file_free(&f);
	return kb;
}

int cc_tracer_start(struct cc_tracer *tr, const struct cc_root *r)
{
	char v[PATH_MAX + 64];
	struct cc_err e;
	long phys, kb;
	int t;

	if (cc_tracer_mount(tr, r) < 0 || cc_tracer_create(tr) < 0)
		return -1;
	/* only our task's events count (manual compaction runs in the
	 * writer's context): picked out when the trace is parsed, not with
	 * set_event_pid, whose sched_switch/sched_wakeup probes made removing
	 * the instance take 123 ms instead of 40-56 on 6.18 */
	tr->pid = getpid();
	/* Per-CPU buffers: the compacting task may run on any CPU (pinning it
	 * to one cost a quarter of the gain on 6.18: the freed pages pile up
	 * on that CPU's per-CPU lists), so each is sized for a whole pass. A
	 * resize costs 25 ms (RCU grace periods) whatever the size: only when
	 * the instance's default is too small. An overflow shows as lost
	 * events in the report. */
	phys = sysconf(_SC_PHYS_PAGES);
	kb = cc_tracer_pass_kb(phys > 0 ? (uint64_t)phys : 0);
	if (buffer_kb_now(tr) < kb) {
		snprintf(v, sizeof(v), "%ld\n", kb);
		if (inst_write(tr, "buffer_size_kb", v, &e))
			goto fail_e;
	}
	/* The CPUs' events are merged by time on the default clock ("local"),
	 * as the kernel's own text output merges them: a task that moves
	 * between CPUs leaves its events microseconds apart, more than the
	 * per-CPU clocks differ. Setting "mono" costs 25 ms on 6.18 (it resets
	 * the buffers: an RCU grace period). */
	for (t = 0; t < CC_TEV_NTYPES; t++) {
		if (!(CC_TEV_SET_COMPACT & CC_TEV_BIT(t)))
			continue;
		snprintf(v, sizeof(v), "events/%s/enable", cc_tev_path((enum cc_tev_type)t));
		if (inst_write(tr, v, "1\n", &e) && (t == CC_TEV_BEGIN || t == CC_TEV_END))
			goto fail_e;	/* the runs themselves */
	}
	return 0;
fail_e:
	snprintf(tr->why, sizeof(tr->why), "%.190s", e.msg);
	cc_tracer_stop(tr);
	return -1;
}

int cc_tracer_set_on(struct cc_tracer *tr, bool on, struct cc_err *e)
{
	char real[sizeof(tr->inst) + 16];

	snprintf(real, sizeof(real), "%s/tracing_on", tr->inst);
	return cc_write_fd(tr->on_fd, real, on ? "1\n" : "0\n", e);
}

int cc_tracer_open_reader(struct cc_tracer *tr, struct cc_err *e)
{
	tr->tab = xcalloc(1, sizeof(*tr->tab));
	if (cc_tev_load(tr->tab, &tr->layout, CC_TEV_SET_COMPACT, cc_tracer_read_format, tr,
			e) < 0 || cc_tracer_open_cpus(tr, e) < 0)
		return -1;
	tr->lost_seen = cc_tracer_lost(tr);
	return 0;
}

int cc_tracer_arm(struct cc_tracer *tr, struct cc_err *e)
{
	/* the buffer is empty: recording was off before any event was
	 * enabled, and reading the pages consumed the last pass's */
	return cc_tracer_set_on(tr, true, e) ? -1 : 0;
}

/* every page one CPU holds, until it has no more (EAGAIN: recording is
 * off, so the partly written last page comes too). 0, or -1 with e set:
 * a read that fails otherwise, or a malformed page (which the kernel does
 * not write), leaves the pass's trace unknown. */
static int read_cpu(struct cc_tracer *tr, struct cc_trace_reader *rd,
		    const struct cc_tracer_cpu *cpu, struct cc_err *e)
{
	char path[sizeof(tr->inst) + 64];
	ssize_t n;

	snprintf(path, sizeof(path), "%s/per_cpu/cpu%d/trace_pipe_raw", tr->inst, cpu->cpu);
	while ((n = read(cpu->fd, tr->page, tr->page_size)) > 0)
		if (cc_trace_read_page(rd, cpu->cpu, tr->page, (size_t)n, path, e) < 0)
			return -1;
	if (n < 0 && errno != EAGAIN)
		return cc_err_set(e, path, 0, "%s", strerror(errno));
	return 0;
}

int cc_tracer_collect(struct cc_tracer *tr, struct cc_trace *t, struct cc_err *e)
{
	struct cc_trace_reader rd;
	uint64_t lost;
	int k;

	memset(t, 0, sizeof(*t));
	if (cc_tracer_set_on(tr, false, e))
		return -1;
	cc_trace_reader_init(&rd, tr->tab, &tr->layout, tr->pid);
	for (k = 0; k < tr->ncpus; k++)
		if (read_cpu(tr, &rd, &tr->cpus[k], e) < 0) {
			cc_trace_reader_free(&rd);
			return -1;
		}
	if (cc_trace_reader_finish(&rd, t, e) < 0)
		return -1;
	/* the counters run over the instance's life: this pass's share */
	lost = cc_tracer_lost(tr);
	cc_trace_add_lost(t, lost - tr->lost_seen);
	tr->lost_seen = lost;
	return 0;
}

void cc_tracer_stop(struct cc_tracer *tr)
{
	struct cc_err e;

	if (!tr->r)	/* never started (zeroed) */
		return;
	if (tr->on_fd >= 0) {
		cc_tracer_set_on(tr, false, &e);
		close(tr->on_fd);
		tr->on_fd = -1;
	}
	/* an open trace_pipe_raw keeps the instance busy (EBUSY) */
	while (tr->ncpus > 0)
		close(tr->cpus[--tr->ncpus].fd);
	free(tr->cpus);
	tr->cpus = NULL;
	free(tr->tab);
	tr->tab = NULL;
	free(tr->page);
	tr->page = NULL;
	/* removed while we still hold its lock: no reaper can race us */
	if (tr->created && unlinkat(tr->instances_fd, tr->name, AT_REMOVEDIR) == 0)
		tr->created = false;
	if (tr->inst_fd >= 0)
		close(tr->inst_fd);
	if (tr->instances_fd >= 0)
		close(tr->instances_fd);
	tr->inst_fd = tr->instances_fd = -1;
}
