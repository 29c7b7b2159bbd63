// SPDX-License-Identifier: GPL-2.0-or-later
/* The path layer (path.h): resolution, type checks and bounded FIFO waits. */
#include "path.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "format.h"
#include "signals.h"

int cc_root_init(struct cc_root *r, const char *dir, struct cc_err *e)
{
	struct stat st;
	size_t len;

	memset(r, 0, sizeof(*r));
	r->live = true;
	r->dirfd = -1;
	r->fifo_wait = CC_FIFO_WAIT;
	if (!dir)
		return 0;
	if (!*dir)
		return cc_err_set(e, NULL, 0, "--sysroot needs a directory"), -EINVAL;
	len = strlen(dir);
	while (len > 1 && dir[len - 1] == '/')
		len--;
	if (len == 1 && dir[0] == '/')	/* --sysroot / is the live system */
		return 0;
	if (len >= sizeof(r->prefix))
		return cc_err_set(e, NULL, 0, "--sysroot: path too long"), -ENAMETOOLONG;
	memcpy(r->prefix, dir, len);
	r->prefix[len] = '\0';
	/* the user names the tree: it may be reached through links, but it
	 * must be a directory, and the fd pins it for every later open */
	r->dirfd = open(r->prefix, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (r->dirfd < 0) {
		int err = errno;

		if (err == ENOTDIR || (stat(r->prefix, &st) == 0 && !S_ISDIR(st.st_mode)))
			return cc_err_set(e, r->prefix, 0, "not a directory"), -ENOTDIR;
		return cc_err_set(e, r->prefix, 0, "%s", strerror(err)), -err;
	}
	r->live = false;
	return 0;
}

void cc_root_fini(struct cc_root *r)
{
	if (r->dirfd >= 0)
		close(r->dirfd);
	r->dirfd = -1;
}

int cc_root_path(const struct cc_root *r, char *buf, size_t n, const char *kpath)
{
	int len = snprintf(buf, n, "%s%s", r->prefix, kpath);

	return (len < 0 || (size_t)len >= n) ? -1 : 0;
}

/* ---- resolution ---- */

static int sys_openat2(int dirfd, const char *path, int flags, uint64_t resolve)
{
	struct open_how how = { .flags = (uint64_t)flags, .resolve = resolve };
	long fd = syscall(SYS_openat2, dirfd, path, &how, sizeof(how));

	return fd < 0 ? -errno : (int)fd;
}

#define MAX_LINKS 40
#define MAX_DEPTH 256

int cc_walk_in_root(int rootfd, const char *path, int oflags)
{
	int stack[MAX_DEPTH], depth = 0, links = 0, r;
	char *todo = NULL, *p;
	size_t cap;

	/* todo holds the components still to walk; links splice their
	 * targets in front of the rest */
	cap = strlen(path) + 1;
	todo = xrealloc(NULL, cap, 1);
	memcpy(todo, path, cap);
	stack[0] = dup(rootfd);
	if (stack[0] < 0) {
		free(todo);
		return -errno;
	}
	p = todo;
	for (;;) {
		char name[NAME_MAX + 1], target[PATH_MAX];
		size_t len;
		struct stat st;
		bool last;
		int fd;
		ssize_t tl;

		while (*p == '/')
			p++;
		len = strcspn(p, "/");
		if (len > NAME_MAX) {
			r = -ENAMETOOLONG;
			goto out;
		}
		memcpy(name, p, len);
		name[len] = '\0';
		p += len;
		while (*p == '/')
			p++;
		last = !*p;
		if (!len || !strcmp(name, ".")) {
			if (!last)
				continue;
			/* the path ends in the directory we are at */
			r = openat(stack[depth], ".", oflags | O_CLOEXEC);
			r = r < 0 ? -errno : r;
			goto out;
		}
		if (!strcmp(name, "..")) {
			if (depth)	/* ".." at the top stays at the top */
				close(stack[depth--]);
			if (!last)
				continue;
			r = openat(stack[depth], ".", oflags | O_CLOEXEC);
			r = r < 0 ? -errno : r;
			goto out;
		}
		fd = openat(stack[depth], name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0 || fstat(fd, &st) < 0) {
			r = -errno;
			if (fd >= 0)
				close(fd);
			goto out;
		}
		if (S_ISLNK(st.st_mode) && (!last || !(oflags & O_NOFOLLOW))) {
			size_t rest = strlen(p);
			char *next;

			tl = readlinkat(fd, "", target, sizeof(target) - 1);
			close(fd);
			if (tl < 0 || ++links > MAX_LINKS) {
				r = tl < 0 ? -errno : -ELOOP;
				goto out;
			}
			target[tl] = '\0';
			if (target[0] == '/')	/* absolute: from the top of the tree */
				while (depth)
					close(stack[depth--]);
			next = xrealloc(NULL, (size_t)tl + rest + 2, 1);
			snprintf(next, (size_t)tl + rest + 2, "%s/%s", target, p);
			free(todo);
			todo = p = next;
			continue;
		}
		if (last) {
			close(fd);
			r = openat(stack[depth], name, oflags | O_NOFOLLOW | O_CLOEXEC);
			r = r < 0 ? -errno : r;
			goto out;
		}
		if (!S_ISDIR(st.st_mode)) {
			close(fd);
			r = -ENOTDIR;
			goto out;
		}
		if (depth + 1 >= MAX_DEPTH) {
			close(fd);
			r = -ENAMETOOLONG;
			goto out;
		}
		stack[++depth] = fd;
	}
out:
	while (depth >= 0)
		close(stack[depth--]);
	free(todo);
	return r;
}

/* Where the live kernel has symbolic links of its own: /sys/block/zramN
 * points into /sys/devices/virtual/block, /proc/self to the pid. Anywhere
 * else a link is refused. */
static bool kernel_links(const char *kpath)
{
	static const char *const below[] = { "/sys/block/", "/proc/self/" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(below); i++)
		if (!strncmp(kpath, below[i], strlen(below[i])))
			return true;
	return false;
}

/* fd for kpath opened with oflags, resolved as the root says; -errno */
static int resolve(const struct cc_root *r, const char *kpath, int oflags)
{
	static bool no_openat2;
	int fd;

	oflags |= O_CLOEXEC;
	if (r->live) {
		bool links = kernel_links(kpath);
		uint64_t res = links ? RESOLVE_NO_MAGICLINKS : RESOLVE_NO_SYMLINKS;

		if (!no_openat2) {
			fd = sys_openat2(AT_FDCWD, kpath, oflags, res);
			if (fd != -ENOSYS)
				return fd;
			no_openat2 = true;
		}
		/* before Linux 5.6: at least the last component is no link */
		fd = open(kpath, oflags | (links ? 0 : O_NOFOLLOW));
		return fd < 0 ? -errno : fd;
	}
	while (*kpath == '/')
		kpath++;
	if (!*kpath)
		kpath = ".";
	if (!no_openat2) {
		fd = sys_openat2(r->dirfd, kpath, oflags,
				 RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
		if (fd != -ENOSYS)
			return fd;
		no_openat2 = true;
	}
	return cc_walk_in_root(r->dirfd, kpath, oflags);
}

static const char *type_name(mode_t m)
{
	return S_ISDIR(m) ? "a directory" : S_ISCHR(m) ? "a character device" :
	       S_ISBLK(m) ? "a block device" : S_ISSOCK(m) ? "a socket" :
	       S_ISFIFO(m) ? "a FIFO" : S_ISLNK(m) ? "a symbolic link" : "not a regular file";
}

/* The live kernel log, /dev/kmsg: the memory driver's minor 11
 * [drivers/char/mem.c devlist] and nothing else named so. */
static bool is_kmsg(const struct cc_root *r, const char *kpath, const struct stat *st)
{
	return r->live && !strcmp(kpath, "/dev/kmsg") && S_ISCHR(st->st_mode) &&
	       major(st->st_rdev) == 1 && minor(st->st_rdev) == 11;
}

static int fail(const struct cc_root *r, const char *kpath, int err, const char *what,
		struct cc_err *e)
{
	char real[PATH_MAX];

	if (cc_root_path(r, real, sizeof(real), kpath) < 0)
		snprintf(real, sizeof(real), "%s", kpath);
	if (err == ELOOP && r->live)
		cc_err_set(e, real, 0, "a symbolic link where the kernel has none: refused");
	else
		cc_err_set(e, real, 0, "%s", what ? what : strerror(err));
	return -err;
}

/* Seconds a FIFO may keep us waiting now; 0 when the deadline has passed. */
static double wait_budget(const struct cc_root *r)
{
	double w = r->fifo_wait;

	if (r->deadline > 0) {
		double left = r->deadline - cc_monotonic();

		if (left < w)
			w = left > 0 ? left : 0;
	}
	return w;
}

/* cc_root_open, and what the fd is (*st) */
static int open_stat(const struct cc_root *r, const char *kpath, enum cc_open how,
		     struct stat *st, struct cc_err *e)
{
	static const int oflags[] = {
		[CC_READ] = O_RDONLY | O_NOCTTY, [CC_WRITE] = O_WRONLY | O_NOCTTY,
		[CC_DIR] = O_RDONLY | O_DIRECTORY, [CC_PATH] = O_PATH,
		[CC_LOG] = O_RDONLY | O_NOCTTY | O_NONBLOCK,
	};
	struct stat before, after;
	int pfd, fd, of = oflags[how];
	double w = 0;
	bool fifo, waits;
	char msg[96];

	/* a directory in one open: O_DIRECTORY refuses anything else before
	 * opening it [fs/namei.c: do_open, -ENOTDIR] */
	if (how == CC_DIR) {
		fd = resolve(r, kpath, of);
		return fd < 0 ? fail(r, kpath, -fd, NULL, e) : fd;
	}
	/* the type first, through an O_PATH fd that opens nothing: opening a
	 * device for I/O can do something by itself */
	pfd = resolve(r, kpath, O_PATH | (how == CC_DIR ? O_DIRECTORY : 0));
	if (pfd < 0)
		return fail(r, kpath, -pfd, NULL, e);
	if (fstat(pfd, &before) < 0) {
		int err = errno;

		close(pfd);
		return fail(r, kpath, err, NULL, e);
	}
	fifo = S_ISFIFO(before.st_mode);
	if (!(S_ISREG(before.st_mode) || (fifo && !r->live) ||
	      (how == CC_PATH && S_ISDIR(before.st_mode)) ||
	      (how == CC_LOG && is_kmsg(r, kpath, &before)))) {
		close(pfd);
		snprintf(msg, sizeof(msg), "%s, not a regular file: refused",
			 type_name(before.st_mode));
		return fail(r, kpath, S_ISDIR(before.st_mode) ? EISDIR : ENXIO, msg, e);
	}
	if (how == CC_PATH)
		return pfd;
	close(pfd);
	/* a log's FIFO opens O_NONBLOCK: its reader waits in poll instead */
	waits = fifo && how != CC_LOG;
	if (!r->live && how == CC_WRITE)
		of |= O_APPEND;
	if (waits) {
		/* a test's stand-in for a slow kernel file: the open blocks
		 * until the other end comes, within the budget */
		w = wait_budget(r);
		if (w <= 0)
			return fail(r, kpath, ETIMEDOUT, "timed out", e);
		cc_alarm_arm(w);
	}
	fd = resolve(r, kpath, of);
	if (waits)
		cc_alarm_disarm();
	if (fd == -EINTR && cc_alarm_fired) {
		snprintf(msg, sizeof(msg), "a FIFO nobody opened within %g s: gave up",
			 cc_round_dec(w, 1));
		return fail(r, kpath, ETIMEDOUT, msg, e);
	}
	if (fd < 0)
		return fail(r, kpath, -fd, NULL, e);
	if (fstat(fd, &after) < 0 || after.st_ino != before.st_ino ||
	    after.st_dev != before.st_dev) {
		close(fd);
		return fail(r, kpath, EAGAIN, "changed while it was opened: refused", e);
	}
	*st = after;
	return fd;
}

int cc_root_open(const struct cc_root *r, const char *kpath, enum cc_open how,
		 struct cc_err *e)
{
	struct stat st;

	return open_stat(r, kpath, how, &st, e);
}

/* ---- reading ---- */

void cc_file_free(struct cc_file *f)
{
	free(f->data);
	f->data = NULL;
	f->len = 0;
}

/* the whole of fd into f (f->path set), bounded in size and, on a FIFO of
 * root r, in time; closes fd. st: what fd is, NULL unknown. */
static int read_fd(const struct cc_root *r, int fd, const struct stat *st, struct cc_file *f,
		   struct cc_err *e)
{
	/* a file that tells its size (a tree's) is read without copies; the
	 * kernel's report 0 (procfs) or a page (sysfs) */
	bool sized = st && S_ISREG(st->st_mode) && st->st_size > 0 &&
		     st->st_size < CC_MAX_FILE_SIZE;
	size_t cap = sized ? (size_t)st->st_size + 4096 : 128 * 1024;
	/* and a tree's is whole at that size: no read to see the end (a tree
	 * does not change under us) */
	size_t len = 0, whole = sized && r && !r->live ? (size_t)st->st_size : 0;
	/* a FIFO in a tree is bounded in time; a pipe the user gave is not */
	bool fifo = r && st && S_ISFIFO(st->st_mode);
	char *buf;
	int ret;

	buf = xrealloc(NULL, cap, 1);
	if (fifo)
		cc_alarm_arm(wait_budget(r));
	for (;;) {
		ssize_t got;

		if (cap - len < 4096) {
			if (cap >= CC_MAX_FILE_SIZE) {
				ret = -EFBIG;
				cc_err_set(e, f->path, 0, "file too large (over %u MiB)",
					   CC_MAX_FILE_SIZE >> 20);
				goto fail;
			}
			cap *= 2;
			buf = xrealloc(buf, cap, 1);
		}
		/* leave room for the terminating NUL */
		got = read(fd, buf + len, cap - len - 1);
		if (got < 0) {
			if (errno == EINTR && !(fifo && cc_alarm_fired))
				continue;
			ret = -errno;
			if (fifo && cc_alarm_fired)
				cc_err_set(e, f->path, 0, "a FIFO that stayed silent: gave up");
			else
				cc_err_set(e, f->path, 0, "%s", strerror(-ret));
			goto fail;
		}
		if (got == 0)
			break;
		len += (size_t)got;
		if (len == whole)
			break;
	}
	if (fifo)
		cc_alarm_disarm();
	close(fd);
	buf[len] = '\0';
	f->data = buf;
	f->len = len;
	return 0;
fail:
	if (fifo)
		cc_alarm_disarm();
	close(fd);
	free(buf);
	return ret;
}

/* kpath opened for reading, f empty and naming it: the fd, or -errno */
static int open_file(const struct cc_root *r, const char *kpath, struct cc_file *f,
		     struct stat *st, struct cc_err *e)
{
	f->data = NULL;
	f->len = 0;
	if (cc_root_path(r, f->path, sizeof(f->path), kpath) < 0)
		return cc_err_set(e, kpath, 0, "path too long under the sysroot"), -ENAMETOOLONG;
	return open_stat(r, kpath, CC_READ, st, e);
}

int cc_read_file(const struct cc_root *r, const char *kpath, struct cc_file *f,
		 struct cc_err *e)
{
	struct stat st;
	int fd = open_file(r, kpath, f, &st, e);

	return fd < 0 ? fd : read_fd(r, fd, &st, f, e);
}

int cc_open_text(const struct cc_root *r, const char *kpath, struct cc_file *f, int *fd,
		 struct cc_err *e)
{
	struct stat st;
	int ret;

	*fd = -1;
	ret = open_file(r, kpath, f, &st, e);
	if (ret < 0)
		return ret;
	if (S_ISREG(st.st_mode) && st.st_size > (off_t)CC_MAX_FILE_SIZE) {
		close(ret);
		return cc_err_set(e, f->path, 0, "file too large (over %u MiB)",
				  CC_MAX_FILE_SIZE >> 20), -EFBIG;
	}
	if (S_ISREG(st.st_mode)) {
		*fd = ret;
		return 0;
	}
	return read_fd(r, ret, &st, f, e);
}

int cc_read_user_file(const char *path, struct cc_file *f, struct cc_err *e)
{
	int fd;

	f->data = NULL;
	f->len = 0;
	if (snprintf(f->path, sizeof(f->path), "%s", path) >= (int)sizeof(f->path))
		return cc_err_set(e, NULL, 0, "file name too long"), -ENAMETOOLONG;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		int err = errno;

		cc_err_set(e, f->path, 0, "%s", strerror(err));
		return -err;
	}
	return read_fd(NULL, fd, NULL, f, e);
}

int cc_read_stdin(struct cc_file *f, struct cc_err *e)
{
	int fd;

	f->data = NULL;
	f->len = 0;
	snprintf(f->path, sizeof(f->path), "stdin");
	/* a copy: read_fd closes what it reads */
	fd = fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 3);
	if (fd < 0) {
		int err = errno;

		cc_err_set(e, f->path, 0, "%s", strerror(err));
		return -err;
	}
	return read_fd(NULL, fd, NULL, f, e);
}

int cc_read_line(const struct cc_root *r, const char *kpath, char *buf, size_t n,
		 struct cc_err *e)
{
	struct cc_file f;
	size_t l;
	int ret;

	ret = cc_read_file(r, kpath, &f, e);
	if (ret)
		return ret;
	l = strcspn(f.data, "\n");
	if (memchr(f.data, '\0', f.len) || l >= n) {
		cc_err_set(e, f.path, 0, "unexpected content");
		cc_file_free(&f);
		return -EINVAL;
	}
	memcpy(buf, f.data, l);
	buf[l] = '\0';
	cc_file_free(&f);
	return 0;
}

void cc_read_choice(const struct cc_root *r, const char *kpath, char *out, size_t n)
{
	char buf[256], *a, *b;
	struct cc_err e;

	out[0] = '\0';
	if (cc_read_line(r, kpath, buf, sizeof(buf), &e))
		return;
	a = strchr(buf, '[');
	b = a ? strchr(a, ']') : NULL;
	if (a && b && b > a + 1 && (size_t)(b - a - 1) < n) {
		memcpy(out, a + 1, (size_t)(b - a - 1));
		out[b - a - 1] = '\0';
	}
}

int cc_read_long(const struct cc_root *r, const char *kpath, long *out, struct cc_err *e)
{
	char buf[64], *end, *line;
	struct cc_file f;
	size_t l;
	long v;
	int ret;

	ret = cc_read_file(r, kpath, &f, e);
	if (ret)
		return ret;
	while (f.len && f.data[f.len - 1] == '\n')
		f.data[--f.len] = '\0';
	/* live, the first line; in a tree, the last one counts */
	if (r->live) {
		line = f.data;
		l = strcspn(f.data, "\n");
	} else {
		line = memrchr(f.data, '\n', f.len);
		line = line ? line + 1 : f.data;
		l = f.len - (size_t)(line - f.data);
	}
	if (memchr(f.data, '\0', f.len) || l >= sizeof(buf)) {
		cc_err_set(e, f.path, 0, "unexpected content");
		cc_file_free(&f);
		return -EINVAL;
	}
	memcpy(buf, line, l);
	buf[l] = '\0';
	errno = 0;
	v = strtol(buf, &end, 10);
	if (errno || end == buf || *end) {
		cc_err_set(e, f.path, 1, "'%s' is not a number", buf);
		cc_file_free(&f);
		return -EINVAL;
	}
	cc_file_free(&f);
	*out = v;
	return 0;
}

int cc_exists(const struct cc_root *r, const char *kpath)
{
	int fd = resolve(r, kpath, O_PATH);

	if (fd < 0)
		return fd;
	close(fd);
	return 0;
}

/* getdents64's record [linux/dirent.h]; glibc declares no wrapper before 2.30 */
struct cc_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

int cc_scan_dir(const struct cc_root *r, const char *kpath,
		int (*cb)(const char *name, void *arg), void *arg)
{
	/* getdents64 straight into a buffer on the stack: fdopendir would add
	 * an fstat, two fcntl and a 32 KiB malloc a directory (issue 14) */
	char buf[16384] __attribute__((aligned(8)));
	struct cc_err e;
	int fd, ret = 0;
	long got;

	fd = cc_root_open(r, kpath, CC_DIR, &e);
	if (fd < 0)
		return fd;
	while (!ret && (got = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0) {
		for (long at = 0; !ret && at < got;) {
			const struct cc_dirent64 *d = (const void *)(buf + at);

			if (!d->d_reclen)	/* never from a kernel; no endless loop */
				break;
			at += d->d_reclen;
			if (strcmp(d->d_name, ".") && strcmp(d->d_name, ".."))
				ret = cb(d->d_name, arg);
		}
	}
	if (!ret && got < 0)
		ret = -errno;
	close(fd);
	return ret;
}

/* ---- writing ---- */

int cc_write_fd(int fd, const char *real, const char *data, struct cc_err *e)
{
	size_t len = strlen(data);
	ssize_t w;

	/* a sysctl ignores a write past offset 0 (sysctl_writes_strict):
	 * every write starts there; O_APPEND (a tree) appends regardless */
	w = pwrite(fd, data, len, 0);
	if (w < 0 && errno == ESPIPE)	/* a FIFO standing in for the file */
		w = write(fd, data, len);
	if (w < 0) {
		int err = errno;

		cc_err_set(e, real, 0, "%s", strerror(err));
		return -err;
	}
	if ((size_t)w != len) {
		cc_err_set(e, real, 0, "short write (%zd of %zu bytes)", w, len);
		return -EIO;
	}
	return 0;
}

int cc_write_file(const struct cc_root *r, const char *kpath, const char *data,
		  struct cc_err *e)
{
	char real[PATH_MAX];
	int fd, ret;

	cc_root_path(r, real, sizeof(real), kpath);
	fd = cc_root_open(r, kpath, CC_WRITE, e);
	if (fd < 0)
		return fd;
	ret = cc_write_fd(fd, real, data, e);
	if (close(fd) < 0 && !ret) {
		ret = -errno;
		cc_err_set(e, real, 0, "%s", strerror(-ret));
	}
	return ret;
}
