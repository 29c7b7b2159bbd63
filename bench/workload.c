// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A reproducible fragmentation workload for the benchmarks (the memory-
 * compaction cover letter's recipe): anonymous memory and page cache are
 * allocated interleaved, then a seeded random share of the anonymous pages
 * is freed and every second file deleted; a small unmovable share is held
 * in pipe buffers. Prints "ready ANON_KIB FILE_KIB PIPE_KIB" and holds
 * everything until stdin closes or a signal arrives, then deletes its files.
 *
 *   workload -a ANON_MIB -f FILE_MIB -p PIPE_MIB -d DIR [-h HOLE_PCT] [-s SEED]
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define FILE_KIB 256		/* one page cache file */
#define PIPE_KIB 64		/* what one pipe holds by default */

static char dir[4096];
static long nfiles;

static void cleanup(void)
{
	char p[4200];
	long i;

	for (i = 0; i < nfiles; i++) {
		snprintf(p, sizeof(p), "%s/f%06ld", dir, i);
		unlink(p);
	}
	rmdir(dir);
}

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	stop = sig;
}

static uint64_t rng(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

int main(int argc, char **argv)
{
	long anon_mib = 256, file_mib = 64, pipe_mib = 8, hole = 50, i, j;
	uint64_t seed = 1;
	size_t anon_len, page = (size_t)sysconf(_SC_PAGESIZE), npages, step;
	long nsteps, pipes = 0, npipes;
	char *anon, buf[PIPE_KIB * 1024], p[4200];
	int (*pfd)[2];
	struct sigaction sa;
	int opt;

	while ((opt = getopt(argc, argv, "a:f:p:d:h:s:")) != -1) {
		switch (opt) {
		case 'a': anon_mib = atol(optarg); break;
		case 'f': file_mib = atol(optarg); break;
		case 'p': pipe_mib = atol(optarg); break;
		case 'd': snprintf(dir, sizeof(dir), "%s", optarg); break;
		case 'h': hole = atol(optarg); break;
		case 's': seed = strtoull(optarg, NULL, 10) ?: 1; break;
		default:
			fprintf(stderr, "usage: workload -a MIB -f MIB -p MIB -d DIR [-h PCT] [-s SEED]\n");
			return 64;
		}
	}
	if (!dir[0] || anon_mib < 1 || file_mib < 0 || pipe_mib < 0 || hole < 0 || hole > 100) {
		fprintf(stderr, "workload: -d DIR is required; sizes >= 0, -h 0..100\n");
		return 64;
	}
	if (mkdir(dir, 0700) && errno != EEXIST) {
		perror(dir);
		return 1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	anon_len = (size_t)anon_mib << 20;
	anon = mmap(NULL, anon_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (anon == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	madvise(anon, anon_len, MADV_NOHUGEPAGE);	/* 4K pages, to fragment */
	npipes = pipe_mib * 1024 / PIPE_KIB;
	pfd = calloc((size_t)npipes + 1, sizeof(*pfd));
	memset(buf, 'p', sizeof(buf));

	/* interleave: each step touches a slice of anon memory, writes one
	 * file and fills its share of pipes */
	nfiles = file_mib * 1024 / FILE_KIB;
	nsteps = nfiles > 0 ? nfiles : 1;
	step = (anon_len / page + (size_t)nsteps - 1) / (size_t)nsteps;
	npages = anon_len / page;
	for (i = 0; i < nsteps && !stop; i++) {
		for (j = 0; j < (long)step && (size_t)(i * (long)step + j) < npages; j++)
			anon[((size_t)i * step + (size_t)j) * page] = (char)j;
		if (i < nfiles) {
			int fd;

			snprintf(p, sizeof(p), "%s/f%06ld", dir, i);
			fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);
			if (fd < 0 || write(fd, buf, sizeof(buf)) < 0 || write(fd, buf, sizeof(buf)) < 0 ||
			    write(fd, buf, sizeof(buf)) < 0 || write(fd, buf, sizeof(buf)) < 0) {
				perror(p);
				cleanup();
				return 1;
			}
			close(fd);
		}
		while (pipes < npipes && pipes * nsteps < (i + 1) * npipes) {
			if (pipe2(pfd[pipes], O_NONBLOCK) < 0 ||
			    write(pfd[pipes][1], buf, sizeof(buf)) < 0) {
				perror("pipe");
				break;
			}
			pipes++;
		}
	}
	/* the holes: a seeded random share of anon pages, every second file */
	for (i = 0; i < (long)npages && !stop; i++)
		if ((long)(rng(&seed) % 100) < hole)
			madvise(anon + (size_t)i * page, page, MADV_DONTNEED);
	for (i = 0; i < nfiles; i += 2) {
		snprintf(p, sizeof(p), "%s/f%06ld", dir, i);
		unlink(p);
	}
	if (stop) {
		cleanup();
		return 128 + stop;
	}
	printf("ready %ld %ld %ld\n", anon_mib * 1024 * (100 - hole) / 100,
	       (nfiles / 2) * FILE_KIB, pipes * PIPE_KIB);
	fflush(stdout);
	/* hold until stdin closes or a signal */
	while (!stop && read(STDIN_FILENO, buf, sizeof(buf)) > 0)
		;
	cleanup();
	return 0;
}
