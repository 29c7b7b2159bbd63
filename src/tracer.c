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

static const char *const events[] = {
	"compaction/mm_compaction_begin", "compaction/mm_compaction_end",
	"compaction/mm_compaction_isolate_migratepages",
	"compaction/mm_compaction_isolate_freepages",
	"compaction/mm_compaction_fast_isolate_freepages",	/* >= 5.1 */
	"compaction/mm_compaction_migratepages",
	"migrate/mm_migrate_pages",
};

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

int cc_tracer_start(struct cc_tracer *tr, const struct cc_root *r)
{
	char v[PATH_MAX + 64];
	struct cc_err e;
	long ncpu, kb;
	size_t i;

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
	if (create_instance(tr) < 0)
		goto fail;
	/* only our task: manual compaction runs in the writer's context */
	snprintf(v, sizeof(v), "%d\n", (int)getpid());
	if (inst_write(tr, "set_event_pid", v, &e))
		goto fail_e;
	/* Per-CPU buffers: the compacting task may run on any CPU. Pinning it
	 * to one CPU would need only one large buffer, but measured on 6.18 it
	 * cost a quarter of the gain (the freed pages pile up on that CPU's
	 * per-CPU lists). 64 MiB shared out, but 1 to 16 MiB per CPU: 64 MiB
	 * in all from 4 to 64 CPUs, 1 MiB per CPU above 64. */
	ncpu = sysconf(_SC_NPROCESSORS_CONF);
	kb = ncpu > 0 ? 65536 / ncpu : 1024;
	kb = kb < 1024 ? 1024 : kb > 16384 ? 16384 : kb;
	snprintf(v, sizeof(v), "%ld\n", kb);
	if (inst_write(tr, "buffer_size_kb", v, &e))
		goto fail_e;
	for (i = 0; i < ARRAY_SIZE(events); i++) {
		snprintf(v, sizeof(v), "events/%s/enable", events[i]);
		if (inst_write(tr, v, "1\n", &e) && i < 2)
			goto fail_e;	/* begin and end are required */
	}
	tr->on_fd = openat(tr->inst_fd, "tracing_on", O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
	if (tr->on_fd < 0) {
		snprintf(tr->why, sizeof(tr->why), "%.100s/tracing_on: %s", tr->inst,
			 strerror(errno));
		goto fail;
	}
	return 0;
fail_e:
	snprintf(tr->why, sizeof(tr->why), "%.190s", e.msg);
fail:
	cc_tracer_stop(tr);
	return -1;
}

static int tracing_on(struct cc_tracer *tr, bool on, struct cc_err *e)
{
	char real[sizeof(tr->inst) + 16];

	snprintf(real, sizeof(real), "%s/tracing_on", tr->inst);
	return cc_write_fd(tr->on_fd, real, on ? "1\n" : "0\n", e);
}

int cc_tracer_arm(struct cc_tracer *tr, struct cc_err *e)
{
	/* opening trace with O_TRUNC clears the buffer */
	int fd = openat(tr->inst_fd, "trace", O_WRONLY | O_TRUNC | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0)
		return cc_err_set(e, tr->inst, 0, "trace: %s", strerror(errno));
	close(fd);
	return tracing_on(tr, true, e) ? -1 : 0;
}

int cc_tracer_collect(struct cc_tracer *tr, struct cc_trace *t, struct cc_err *e)
{
	char kpath[sizeof(tr->inst) + 16];
	struct cc_file f;
	int ret;

	memset(t, 0, sizeof(*t));
	if (tracing_on(tr, false, e))
		return -1;
	snprintf(kpath, sizeof(kpath), "%s/trace", tr->inst);
	if (cc_read_file(tr->r, kpath, &f, e))
		return -1;
	ret = cc_trace_parse(t, f.data, f.len, f.path, e);
	cc_file_free(&f);
	return ret;
}

void cc_tracer_stop(struct cc_tracer *tr)
{
	struct cc_err e;

	if (!tr->r)	/* never started (zeroed) */
		return;
	if (tr->on_fd >= 0) {
		tracing_on(tr, false, &e);
		close(tr->on_fd);
		tr->on_fd = -1;
	}
	/* removed while we still hold its lock: no reaper can race us */
	if (tr->created && unlinkat(tr->instances_fd, tr->name, AT_REMOVEDIR) == 0)
		tr->created = false;
	if (tr->inst_fd >= 0)
		close(tr->inst_fd);
	if (tr->instances_fd >= 0)
		close(tr->instances_fd);
	tr->inst_fd = tr->instances_fd = -1;
}
