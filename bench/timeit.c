// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Side-by-side timing for the benchmarks: runs each command once per
 * round, interleaved (round 1: A B C, round 2: A B C, ...), so a change
 * of the machine's state hits every command alike, and prints per command
 * the median wall time, the quartiles and the peak RSS (wait4's
 * ru_maxrss): the largest of the rounds, and the median round's (a
 * round's RSS moves by some 100 KiB with where ASLR puts the libraries:
 * the kernel maps a 64 KiB window around each page fault of a file, and
 * how much of libc's 2 MiB those windows cover depends on the alignment).
 * Commands run directly
 * (posix_spawn, no shell), stdout and stderr to /dev/null; the clock is
 * read just around spawn and wait, so no shell or date(1) is in the figure.
 *
 *   timeit [-n ROUNDS] [-w WARMUP] NAME CMD [ARG...] ';' NAME CMD ... ';'
 *
 * Output, one line per command:
 *   NAME MEDIAN_US Q1_US Q3_US MAXRSS_KIB MEDIAN_RSS_KIB
 * Exit 1 if a command fails (any round), naming it.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

struct cmd {
	const char *name;
	char **argv;
	double *us;
	double *rss;	/* each round's ru_maxrss, KiB */
	long maxrss;
};

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* the q-quantile of sorted v[0..n-1], by linear interpolation */
static double quantile(const double *v, int n, double q)
{
	double pos = q * (n - 1);
	int i = (int)pos;

	return i + 1 < n ? v[i] + (pos - i) * (v[i + 1] - v[i]) : v[i];
}

static int run_once(struct cmd *c, double *us, double *rss)
{
	posix_spawn_file_actions_t fa;
	struct rusage ru;
	double t0;
	pid_t pid;
	int st;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	t0 = now_us();
	if (posix_spawnp(&pid, c->argv[0], &fa, NULL, c->argv, environ)) {
		posix_spawn_file_actions_destroy(&fa);
		return -1;
	}
	if (wait4(pid, &st, 0, &ru) < 0)
		return -1;
	*us = now_us() - t0;
	posix_spawn_file_actions_destroy(&fa);
	*rss = (double)ru.ru_maxrss;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
	int rounds = 100, warmup = 3, ncmd = 0, opt, i, r;
	struct cmd *cmds;

	while ((opt = getopt(argc, argv, "+n:w:")) != -1) {
		switch (opt) {
		case 'n': rounds = atoi(optarg); break;
		case 'w': warmup = atoi(optarg); break;
		default:
			fprintf(stderr, "usage: timeit [-n ROUNDS] [-w WARMUP] NAME CMD [ARG...] ';' ...\n");
			return 64;
		}
	}
	if (rounds < 1 || warmup < 0)
		return 64;
	cmds = calloc((size_t)argc, sizeof(*cmds));
	for (i = optind; i < argc;) {
		struct cmd *c = &cmds[ncmd++];

		c->name = argv[i++];
		c->argv = &argv[i];
		while (i < argc && strcmp(argv[i], ";"))
			i++;
		if (i == argc || &argv[i] == c->argv) {
			fprintf(stderr, "timeit: %s: expected CMD [ARG...] ';'\n", c->name);
			return 64;
		}
		argv[i++] = NULL;
		c->us = calloc((size_t)rounds, sizeof(double));
		c->rss = calloc((size_t)rounds, sizeof(double));
	}
	for (r = -warmup; r < rounds; r++) {
		for (i = 0; i < ncmd; i++) {
			double us, rss;

			if (run_once(&cmds[i], &us, &rss) < 0) {
				fprintf(stderr, "timeit: %s failed\n", cmds[i].name);
				return 1;
			}
			/* the warm-up rounds count for nothing, RSS included */
			if (r >= 0) {
				cmds[i].us[r] = us;
				cmds[i].rss[r] = rss;
				if (rss > cmds[i].maxrss)
					cmds[i].maxrss = (long)rss;
			}
		}
	}
	for (i = 0; i < ncmd; i++) {
		struct cmd *c = &cmds[i];

		qsort(c->us, (size_t)rounds, sizeof(double), cmp_double);
		qsort(c->rss, (size_t)rounds, sizeof(double), cmp_double);
		printf("%s %.0f %.0f %.0f %ld %.0f\n", c->name, quantile(c->us, rounds, 0.5),
		       quantile(c->us, rounds, 0.25), quantile(c->us, rounds, 0.75), c->maxrss,
		       quantile(c->rss, rounds, 0.5));
	}
	return 0;
}
