// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The floor of tracing compaction (issue 14 goal 3): what the kernel takes to
 * set up and tear down the means of tracing, with nothing traced.
 *   instance  mkdir + rmdir of a tracefs instance (what compact uses)
 *   events    the same, with events/compaction enabled and disabled
 *   perf      perf_event_open of the compaction tracepoints on every CPU,
 *             and close (the alternative to an instance)
 *   trigger   echo 1 > /proc/sys/vm/compact_memory (the kernel's own)
 * Medians of ROUNDS interleaved rounds, in microseconds, one line each.
 *   trace-floor TRACEFS ROUNDS      (root; bench/trace-floor.sh runs it)
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/perf_event.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static const char *const events[] = {
	"mm_compaction_begin", "mm_compaction_end", "mm_compaction_migratepages",
	"mm_compaction_isolate_migratepages", "mm_compaction_isolate_freepages",
};
#define NEV (sizeof(events) / sizeof(events[0]))

static double now_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

static int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, s, strlen(s));
	close(fd);
	return n == (ssize_t)strlen(s) ? 0 : -1;
}

static int instance(const char *tfs, bool enable)
{
	char dir[512], en[600];

	snprintf(dir, sizeof(dir), "%s/instances/cc-trace-floor", tfs);
	if (mkdir(dir, 0700) < 0)
		return -1;
	snprintf(en, sizeof(en), "%s/events/compaction/enable", dir);
	if (enable && (write_str(en, "1") < 0 || write_str(en, "0") < 0)) {
		rmdir(dir);
		return -1;
	}
	return rmdir(dir);
}

static int perf(const char *tfs)
{
	int fds[NEV * 1024], n = 0, ncpu = (int)sysconf(_SC_NPROCESSORS_ONLN), r = 0;
	size_t e;

	for (e = 0; e < NEV && !r; e++) {
		char p[512];
		FILE *f;
		int id;

		snprintf(p, sizeof(p), "%s/events/compaction/%s/id", tfs, events[e]);
		if (!(f = fopen(p, "re")) || fscanf(f, "%d", &id) != 1)
			r = -1;
		if (f)
			fclose(f);
		for (int c = 0; !r && c < ncpu && c < 1024; c++) {
			struct perf_event_attr a = {
				.type = PERF_TYPE_TRACEPOINT, .size = sizeof(a), .config = (unsigned)id,
				.sample_period = 1, .sample_type = PERF_SAMPLE_RAW,
			};
			int fd = (int)syscall(SYS_perf_event_open, &a, -1, c, -1, PERF_FLAG_FD_CLOEXEC);

			if (fd < 0)
				r = -1;
			else
				fds[n++] = fd;
		}
	}
	while (n)
		close(fds[--n]);
	return r;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	static const char *const names[] = { "trigger", "instance", "events", "perf" };
	double *t[4];
	int rounds, i, k;

	if (argc != 3 || (rounds = atoi(argv[2])) < 1) {
		fprintf(stderr, "usage: trace-floor TRACEFS ROUNDS\n");
		return 64;
	}
	for (k = 0; k < 4; k++)
		t[k] = calloc((size_t)rounds, sizeof(double));
	for (i = 0; i < rounds; i++)
		for (k = 0; k < 4; k++) {
			double t0 = now_us();
			int r = k == 0 ? write_str("/proc/sys/vm/compact_memory", "1") :
				k == 3 ? perf(argv[1]) : instance(argv[1], k == 2);

			if (r < 0) {
				fprintf(stderr, "trace-floor: %s: %s\n", names[k], strerror(errno));
				return 1;
			}
			t[k][i] = now_us() - t0;
		}
	for (k = 0; k < 4; k++) {
		qsort(t[k], (size_t)rounds, sizeof(double), cmp);
		printf("%s %.0f\n", names[k], t[k][rounds / 2]);
		free(t[k]);
	}
	return 0;
}
