/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The path layer: the only code that opens kernel files. Every open, read,
 * write and directory scan names a kernel path ("/proc/buddyinfo")
 * and a struct cc_root, the context of where the kernel's files are (in the
 * spirit of util-linux's struct path_cxt):
 *
 *   live      the running kernel. Paths resolve from "/" without following
 *             symbolic links, except below the places where the kernel
 *             itself has them (/sys/block/NAME, /proc/self).
 *   sysroot   a tree (--sysroot DIR) standing in for / : every path resolves
 *             inside DIR, for reads and writes alike, with openat2(2)
 *             RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS (absolute links and
 *             ".." stay in the tree), or, without openat2, an equivalent
 *             component walk (cc_walk_in_root).
 *
 * What is opened must be what the kernel has: a regular file (or a
 * directory for directory operations). Devices, sockets and directories
 * are refused before anything is opened for I/O. A FIFO is accepted only in
 * a tree, where tests use FIFOs as stand-ins for slow kernel files; waiting
 * on one is bounded (fifo_wait seconds, default 10), then it is an error.
 */
#ifndef COMPACTCTL_PATH_H
#define COMPACTCTL_PATH_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "compactctl.h"

/* Files larger than this are refused: no kernel file we read comes close. */
#define CC_MAX_FILE_SIZE (64u << 20)
#define CC_FIFO_WAIT 10.0

struct cc_root {
	bool live;
	int dirfd;		/* the sysroot directory; -1 live */
	char prefix[PATH_MAX];	/* the sysroot as given, no trailing '/'; "" live */
	double fifo_wait;	/* seconds a FIFO in a tree may keep us waiting */
	double deadline;	/* cc_monotonic() time no wait may pass; 0 none */
};

/* dir NULL or "/" is the live system. 0, or -errno with e set. */
int cc_root_init(struct cc_root *r, const char *dir, struct cc_err *e);
void cc_root_fini(struct cc_root *r);

/* The real path of a kernel path, for messages; -1 if it does not fit. */
int cc_root_path(const struct cc_root *r, char *buf, size_t n, const char *kpath);

enum cc_open {
	CC_READ,	/* O_RDONLY, a regular file (a FIFO in a tree) */
	CC_WRITE,	/* O_WRONLY, must exist; appended to in a tree (tests see
			 * every write), as a kernel attribute ignores the offset */
	CC_DIR,		/* O_RDONLY | O_DIRECTORY */
	CC_PATH,	/* O_PATH: resolve and check the type, open nothing */
	CC_LOG,		/* O_RDONLY | O_NONBLOCK, the kernel log: live, the
			 * character device /dev/kmsg (1:11) is accepted; in a
			 * tree a regular file or a FIFO, opened without
			 * waiting for a writer */
};
/* An fd, or -errno with e set ("path: reason"). */
int cc_root_open(const struct cc_root *r, const char *kpath, enum cc_open how,
		 struct cc_err *e);

struct cc_file {
	char *data;	/* NUL-terminated; may contain further NULs (checked by parsers) */
	size_t len;
	char path[PATH_MAX]; /* real path, for messages */
};

/* Whole file in one buffer. Returns 0, or -errno with e set ("path: reason"). */
int cc_read_file(const struct cc_root *r, const char *kpath, struct cc_file *f,
		 struct cc_err *e);
void cc_file_free(struct cc_file *f);
/* For a reader that takes a file a piece at a time (cc_lines_stream): a
 * regular file (every /proc and sysfs file, a tree's) is opened through
 * the same checks as cc_read_file and left to the caller as *fd, with
 * f->path set and no data; anything else (a FIFO in a tree) is read whole
 * into f as cc_read_file does, *fd -1. 0, or -errno with e set. */
int cc_open_text(const struct cc_root *r, const char *kpath, struct cc_file *f, int *fd,
		 struct cc_err *e);
/* First line of a small file (sysctl, sysfs attribute), newline stripped. */
int cc_read_line(const struct cc_root *r, const char *kpath, char *buf, size_t n,
		 struct cc_err *e);
/* The active choice of a sysfs file listing its choices, "always [madvise]
 * never" -> "madvise"; "" when unreadable or without one (or it does not
 * fit in n). */
void cc_read_choice(const struct cc_root *r, const char *kpath, char *out, size_t n);
/* A sysctl/sysfs file holding one signed decimal number. In a tree, where
 * writes are appended, an attribute reads back as its last line, as the
 * kernel's would after the write. */
int cc_read_long(const struct cc_root *r, const char *kpath, long *out, struct cc_err *e);
/* 0 if the path resolves (to anything), else -errno */
int cc_exists(const struct cc_root *r, const char *kpath);
/* Call cb for each entry name of a directory (not . and ..). */
int cc_scan_dir(const struct cc_root *r, const char *kpath,
		int (*cb)(const char *name, void *arg), void *arg);

/* Write data to a kernel attribute: open, write whole, close. Failures keep
 * the errno so callers can tell EACCES, EROFS and ENOENT apart; a short
 * write is -EIO. 0 or -errno, with e set. */
int cc_write_file(const struct cc_root *r, const char *kpath, const char *data,
		  struct cc_err *e);
/* The same on an fd opened with CC_WRITE (kept open across a capability
 * drop): written at offset 0, which a sysctl needs for every write after
 * the first; a tree's file is O_APPEND and grows. */
int cc_write_fd(int fd, const char *real, const char *data, struct cc_err *e);

/* A file named by the user (diff inputs): not under the sysroot, any
 * path the user can read (pipes too: diff <(...) <(...)). */
int cc_read_user_file(const char *path, struct cc_file *f, struct cc_err *e);
/* Standard input, whole, bounded as any file (explain -); f->path "stdin" */
int cc_read_stdin(struct cc_file *f, struct cc_err *e);

/* The component walk behind a tree's opens when openat2 is missing (Linux
 * before 5.6): resolves path inside rootfd as RESOLVE_IN_ROOT would
 * (absolute links and ".." at the top stay at rootfd), at most 40 links.
 * Returns an fd opened with oflags (O_NOFOLLOW added), or -errno. */
int cc_walk_in_root(int rootfd, const char *path, int oflags);

#endif
