/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared definitions: exit codes, error reporting, small helpers. */
#ifndef COMPACTCTL_H
#define COMPACTCTL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EXIT_OK 0
#define EXIT_FAIL 1
#define EXIT_USAGE 64

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Helpers do not print. They fill a cc_err with "file[:line]: what is wrong"
 * and return -1; the command prints it once as "compactctl: <msg>".
 */
struct cc_err {
	char msg[512];
};

int cc_err_set(struct cc_err *e, const char *file, unsigned line,
	       const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void cc_err_print(const struct cc_err *e);
/* "compactctl: <fmt>" on stderr */
void cc_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n, size_t size);
char *xstrdup(const char *s);

/* 4096 -> "4K", 2097152 -> "2M": exact power-of-two sizes */
void cc_fmt_size_exact(char *buf, size_t n, uint64_t bytes);
/* 1234567890 -> "1.1 GiB" */
void cc_fmt_bytes(char *buf, size_t n, uint64_t bytes);
/* thousandths as the kernel prints them, but mathematically signed:
 * 754 -> "0.754", -1000 -> "-1.000", -500 -> "-0.500" */
void cc_fmt_milli(char *buf, size_t n, int v);

/* Parse a size like 2M, 1G, 512K or a plain byte count; 0 on success. */
int cc_parse_size(const char *s, uint64_t *out);

int cc_ilog2_exact(uint64_t v);

/* CLOCK_MONOTONIC in seconds */
double cc_monotonic(void);

/* A horizontal bar of part/whole over width columns: full blocks and an
 * eighth in UTF-8, '#' and a '.' for a sliver in ASCII. */
void cc_bar_text(char *buf, size_t n, uint64_t part, uint64_t whole, int width, bool utf8); /* -1 if v is not a power of two */

/* A kernel list like "0-3,8": sets bits in set[0..max]; -1 if malformed or a
 * member is above max. */
int cc_parse_list(const char *s, int max, bool *set);

#endif
