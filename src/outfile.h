/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Output files named by the user (-o, --output), the one way they are
 * written:
 *   - a regular file, or a name that does not exist yet: written to a
 *     temporary file beside it, synced, then renamed over it, so readers
 *     (node_exporter's textfile collector) see the old or the new whole;
 *     on any failure the old file stays and the temporary goes.
 *   - an existing FIFO or character device (/dev/null, a terminal,
 *     /dev/stdout to a pipe): written in place, never replaced.
 *   - a directory, block device or socket: refused.
 *   - a symbolic link is followed only to a FIFO or character device; a
 *     link to a regular file (or to nothing) is refused: replacing it
 *     would replace the link, and writing through it would let whoever
 *     placed the link choose the file root writes.
 * cc_outfile_open runs before the capability drop: the temporary file is
 * created with root's privileges (a directory root may write only through
 * CAP_DAC_OVERRIDE), and the rename is left to a small helper process that
 * keeps them and does nothing else; the parser and renderer run without.
 */
#ifndef COMPACTCTL_OUTFILE_H
#define COMPACTCTL_OUTFILE_H

#include <limits.h>
#include <stdbool.h>
#include <sys/types.h>

#include "compactctl.h"

struct cc_outfile {
	char path[PATH_MAX];
	bool in_place;
	int fd;			/* the temporary file, or the target itself */
	char tmp[PATH_MAX];	/* replace: the temporary beside the target */
	int helper_fd;		/* replace with privileges: the helper's pipe */
	pid_t helper;
};

/* 0, or -errno with e set; on failure nothing is left behind. */
int cc_outfile_open(struct cc_outfile *o, const char *path, struct cc_err *e);
/* Write data whole and put it in place. 0, or -errno with e set (the old
 * file kept). Ends o either way. */
int cc_outfile_commit(struct cc_outfile *o, const char *data, size_t len, struct cc_err *e);
/* Give up: remove the temporary, keep the old file. Idempotent. */
void cc_outfile_abort(struct cc_outfile *o);

#endif
