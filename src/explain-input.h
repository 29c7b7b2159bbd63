/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The inputs of compactctl explain (explain-input.c). */
#ifndef COMPACTCTL_EXPLAIN_INPUT_H
#define COMPACTCTL_EXPLAIN_INPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "compactctl.h"
#include "sysroot.h"

/* All of the input into f: file, "-" for stdin, or (NULL) the sysroot's
 * saved kernel log or /dev/kmsg as it is now. source names what was read.
 * 0, or -1 with e set (e.g. "/dev/kmsg: ... needs CAP_SYSLOG"). */
int cc_ex_collect(const char *file, struct cc_file *f, char *source, size_t n,
		  struct cc_err *e);

/* Wait on /dev/kmsg for new records and call fn with each batch (the
 * lines that came before a quiet second; buf is NUL-terminated and may be
 * modified). Returns at the end of the input (a FIFO or file standing in),
 * 0, or -1 with e set; fn returning -1 stops it. */
int cc_ex_follow(int (*fn)(char *buf, size_t len, void *arg), void *arg,
		 struct cc_err *e);

#endif
