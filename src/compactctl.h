/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared definitions: exit codes, error reporting, small helpers. */
#ifndef COMPACTCTL_H
#define COMPACTCTL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#define EXIT_OK 0
#define EXIT_FAIL 1
#define EXIT_USAGE 64
#define EXIT_BUSY 75	/* EX_TEMPFAIL: another compactctl is changing the machine */

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Helpers do not print. They fill a cc_err with "file[:line]: what is wrong"
 * and return -errno (or -1); the command prints it once as
 * "compactctl: <msg>" (cc_err_print, through the control-character filter).
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
/* open_memstream's contract (*bufp and *lenp valid after fflush and
 * fclose, NUL-terminated), on a normal stdio buffer of 64 KiB: glibc's
 * memstream copies short writes a byte at a time through
 * _IO_default_xsputn, a fifth of export's instructions at 1024 nodes.
 * plainp (or NULL): how much of the start passes cc_safe_span as it is,
 * without colour (a lower bound: the rest is for the caller to scan). */
FILE *cc_memfile(char **bufp, size_t *lenp, size_t *plainp);

/* Parse a size like 2M, 1G, 512K or a plain byte count; 0 on success. */
int cc_parse_size(const char *s, uint64_t *out);

int cc_ilog2_exact(uint64_t v); /* -1 if v is not a power of two */

/* CLOCK_MONOTONIC in seconds */
double cc_monotonic(void);

/* Close every descriptor from 3 up but the n in keep: what a parent left
 * open (the fd of a lock it holds, say flock(1)'s) must not live on in a
 * compactctl that runs for long (explain --follow). */
void cc_close_inherited(const int *keep, size_t n);

#endif
