// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fragmenter: make real external fragmentation for the live tests.
 *
 *   fragmenter [-m MIB] [-f PERCENT] [-s SEED]
 *
 * Maps MIB MiB of anonymous memory (no THP, so every page is a 4K page of
 * its own), touches every page, then gives back a seeded random PERCENT of
 * the single pages with madvise(MADV_DONTNEED). The freed pages are order-0
 * holes between pages still in use: free memory that no high-order request
 * can use until compaction moves the rest.
 *
 * Prints "ready PAGES FREED" on stdout once done and holds the memory until
 * stdin reaches EOF or a SIGTERM/SIGINT/SIGHUP arrives; exiting returns the
 * memory. Exit 0, or 1 with a message on stderr.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* xorshift64*: reproducible for a seed, independent of libc's rand() */
static uint64_t next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ull;
}

static long num(const char *arg, long lo, long hi, char opt)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno || end == arg || *end || v < lo || v > hi) {
		fprintf(stderr, "fragmenter: -%c %s: expected %ld..%ld\n", opt, arg, lo, hi);
		exit(64);
	}
	return v;
}

int main(int argc, char **argv)
{
	long mib = 256, pct = 50, psz = sysconf(_SC_PAGESIZE);
	uint64_t seed = 1, pages, freed = 0, i;
	struct sigaction sa = { .sa_handler = on_signal };
	char *mem, c;
	int opt;

	while ((opt = getopt(argc, argv, "m:f:s:")) != -1) {
		switch (opt) {
		case 'm': mib = num(optarg, 1, 1 << 20, 'm'); break;
		case 'f': pct = num(optarg, 0, 100, 'f'); break;
		case 's': seed = (uint64_t)num(optarg, 1, 0x7fffffff, 's'); break;
		default:
			fprintf(stderr, "usage: fragmenter [-m MIB] [-f PERCENT] [-s SEED]\n");
			return 64;
		}
	}
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);

	pages = (uint64_t)mib * 1024 * 1024 / (uint64_t)psz;
	mem = mmap(NULL, pages * (uint64_t)psz, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED) {
		perror("fragmenter: mmap");
		return 1;
	}
	/* THP would keep whole 2M pages together; we want 4K pages */
	if (madvise(mem, pages * (uint64_t)psz, MADV_NOHUGEPAGE) && errno != EINVAL) {
		perror("fragmenter: madvise(MADV_NOHUGEPAGE)");
		return 1;
	}
	for (i = 0; i < pages; i++)
		mem[i * (uint64_t)psz] = (char)i;
	for (i = 0; i < pages; i++) {
		if (next(&seed) % 100 >= (uint64_t)pct)
			continue;
		if (madvise(mem + i * (uint64_t)psz, (size_t)psz, MADV_DONTNEED)) {
			perror("fragmenter: madvise(MADV_DONTNEED)");
			return 1;
		}
		freed++;
	}
	printf("ready %llu %llu\n", (unsigned long long)pages, (unsigned long long)freed);
	fflush(stdout);
	while (!stop && read(STDIN_FILENO, &c, 1) > 0)
		;
	return 0;
}
