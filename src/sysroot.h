/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The only layer that touches kernel files. Every path is a kernel path
 * ("/proc/buddyinfo"); with --sysroot DIR it is opened as DIR/proc/buddyinfo,
 * for reads and writes alike, so fixture trees stand in for the live system.
 */
#ifndef COMPACTCTL_SYSROOT_H
#define COMPACTCTL_SYSROOT_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "compactctl.h"

/* Files larger than this are refused: no kernel file we read comes close. */
#define CC_MAX_FILE_SIZE (64u << 20)

int cc_sysroot_set(const char *dir, struct cc_err *e);
bool cc_is_live(void);
const char *cc_sysroot_dir(void); /* NULL when live */

/* Build the real path for a kernel path; -1 if it does not fit. */
int cc_path(char *buf, size_t n, const char *kpath);

struct cc_file {
	char *data;	/* NUL-terminated; may contain further NULs (checked by parsers) */
	size_t len;
	char path[PATH_MAX]; /* real path, for messages */
};

/* Whole file in one buffer. Returns 0, or -errno with e set ("path: reason"). */
int cc_read_file(const char *kpath, struct cc_file *f, struct cc_err *e);
void cc_file_free(struct cc_file *f);

/* A file named by the user (diff inputs): never under the sysroot. */
int cc_read_user_file(const char *path, struct cc_file *f, struct cc_err *e);

/* A file named by the user (-o FILE): written to a temporary file beside it,
 * synced, then renamed over it, so readers see the old or the new whole.
 * Never under the sysroot. 0, or -1 with e set. */
int cc_write_user_file_atomic(const char *path, const char *data, size_t len,
			      struct cc_err *e);

/* First line of a small file (sysctl, sysfs attribute), newline stripped. */
int cc_read_line(const char *kpath, char *buf, size_t n, struct cc_err *e);
/* A sysctl/sysfs file holding one signed decimal number. */
int cc_read_long(const char *kpath, long *out, struct cc_err *e);

/* 0 if the path exists (stat), else -errno */
int cc_exists(const char *kpath);


/*
 * Writes, for the documented kernel files only (callers name them). Failures
 * keep the errno so callers can tell EACCES, EROFS and ENOENT apart; a short
 * write is -EIO. Under a sysroot the file is opened O_APPEND: it must exist
 * (no O_CREAT, as in the kernel) and each write adds to it.
 * 0 or -errno, with e set.
 */
int cc_write_file(const char *kpath, const char *data, struct cc_err *e);
/* faccessat(W_OK, AT_EACCESS): 0 or -errno (EACCES, EROFS, ENOENT), opens nothing */
int cc_access_write(const char *kpath);
/* open with O_TRUNC (a tracing instance's trace file: clears the buffer) */
int cc_clear_file(const char *kpath, struct cc_err *e);
int cc_mkdir(const char *kpath, struct cc_err *e);
int cc_rmdir(const char *kpath); /* 0 or -errno, no message */

/* Call cb for each entry name of a directory (not . and ..). */
int cc_scan_dir(const char *kpath, int (*cb)(const char *name, void *arg), void *arg);
#endif
