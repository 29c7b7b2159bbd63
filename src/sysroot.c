// SPDX-License-Identifier: GPL-2.0-or-later
#include "sysroot.h"

#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *sysroot;

int cc_sysroot_set(const char *dir, struct cc_err *e)
{
	struct stat st;
	size_t len;

	if (!dir || !*dir)
		return cc_err_set(e, NULL, 0, "--sysroot needs a directory");
	if (stat(dir, &st) < 0)
		return cc_err_set(e, dir, 0, "%s", strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return cc_err_set(e, dir, 0, "not a directory");
	free(sysroot);
	sysroot = xstrdup(dir);
	len = strlen(sysroot);
	while (len > 1 && sysroot[len - 1] == '/')
		sysroot[--len] = '\0';
	if (!strcmp(sysroot, "/")) {	/* --sysroot / is the live system */
		free(sysroot);
		sysroot = NULL;
	}
	return 0;
}

bool cc_is_live(void)
{
	return sysroot == NULL;
}

const char *cc_sysroot_dir(void)
{
	return sysroot;
}

int cc_path(char *buf, size_t n, const char *kpath)
{
	int r;

	r = snprintf(buf, n, "%s%s", sysroot ? sysroot : "", kpath);
	return (r < 0 || (size_t)r >= n) ? -1 : 0;
}

static int path_or_err(char *buf, size_t n, const char *kpath, struct cc_err *e)
{
	if (cc_path(buf, n, kpath) < 0) {
		cc_err_set(e, kpath, 0, "path too long under the sysroot");
		return -ENAMETOOLONG;
	}
	return 0;
}

void cc_file_free(struct cc_file *f)
{
	free(f->data);
	f->data = NULL;
	f->len = 0;
}

/* f->path is set: read it whole */
static int read_real(struct cc_file *f, struct cc_err *e)
{
	size_t cap = 128 * 1024, len = 0;
	char *buf;
	int fd, r;

	fd = open(f->path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		r = -errno;
		cc_err_set(e, f->path, 0, "%s", strerror(-r));
		return r;
	}
	buf = xrealloc(NULL, cap, 1);
	for (;;) {
		ssize_t got;

		if (cap - len < 4096) {
			if (cap >= CC_MAX_FILE_SIZE) {
				r = -EFBIG;
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
			if (errno == EINTR)
				continue;
			r = -errno;
			cc_err_set(e, f->path, 0, "%s", strerror(-r));
			goto fail;
		}
		if (got == 0)
			break;
		len += (size_t)got;
	}
	close(fd);
	buf[len] = '\0';
	f->data = buf;
	f->len = len;
	return 0;
fail:
	close(fd);
	free(buf);
	return r;
}

int cc_read_file(const char *kpath, struct cc_file *f, struct cc_err *e)
{
	int r;

	f->data = NULL;
	f->len = 0;
	r = path_or_err(f->path, sizeof(f->path), kpath, e);
	return r ? r : read_real(f, e);
}

int cc_read_user_file(const char *path, struct cc_file *f, struct cc_err *e)
{
	f->data = NULL;
	f->len = 0;
	if (snprintf(f->path, sizeof(f->path), "%s", path) >= (int)sizeof(f->path))
		return cc_err_set(e, NULL, 0, "file name too long"), -ENAMETOOLONG;
	return read_real(f, e);
}

int cc_read_line(const char *kpath, char *buf, size_t n, struct cc_err *e)
{
	struct cc_file f;
	size_t l;
	int r;

	r = cc_read_file(kpath, &f, e);
	if (r)
		return r;
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

int cc_read_long(const char *kpath, long *out, struct cc_err *e)
{
	char buf[64], *end, *line;
	char real[PATH_MAX];
	struct cc_file f;
	size_t l;
	long v;
	int r;

	if (cc_is_live()) {
		r = cc_read_line(kpath, buf, sizeof(buf), e);
		if (r)
			return r;
	} else {
		/* in a tree, writes are appended: an attribute reads back as its
		 * last line, as the kernel's would after the write */
		r = cc_read_file(kpath, &f, e);
		if (r)
			return r;
		while (f.len && f.data[f.len - 1] == '\n')
			f.data[--f.len] = '\0';
		line = memrchr(f.data, '\n', f.len);
		line = line ? line + 1 : f.data;
		l = f.len - (size_t)(line - f.data);
		if (memchr(f.data, '\0', f.len) || l >= sizeof(buf)) {
			cc_err_set(e, f.path, 0, "unexpected content");
			cc_file_free(&f);
			return -EINVAL;
		}
		memcpy(buf, line, l);
		buf[l] = '\0';
		cc_file_free(&f);
	}
	errno = 0;
	v = strtol(buf, &end, 10);
	if (errno || end == buf || *end) {
		cc_path(real, sizeof(real), kpath);
		cc_err_set(e, real, 1, "'%s' is not a number", buf);
		return -EINVAL;
	}
	*out = v;
	return 0;
}

int cc_exists(const char *kpath)
{
	char p[PATH_MAX];
	struct stat st;

	if (cc_path(p, sizeof(p), kpath) < 0)
		return -ENAMETOOLONG;
	return stat(p, &st) < 0 ? -errno : 0;
}

int cc_scan_dir(const char *kpath, int (*cb)(const char *name, void *arg), void *arg)
{
	char p[PATH_MAX];
	struct dirent *d;
	DIR *dir;
	int r = 0;

	if (cc_path(p, sizeof(p), kpath) < 0)
		return -ENAMETOOLONG;
	dir = opendir(p);
	if (!dir)
		return -errno;
	while ((d = readdir(dir))) {
		if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
			continue;
		r = cb(d->d_name, arg);
		if (r)
			break;
	}
	closedir(dir);
	return r;
}

/* open a kernel path for writing with flags; an fd, or -errno with e set */
static int open_write(const char *kpath, int flags, struct cc_err *e)
{
	char p[PATH_MAX];
	int fd;

	if (path_or_err(p, sizeof(p), kpath, e))
		return -ENAMETOOLONG;
	fd = open(p, O_WRONLY | O_CLOEXEC | O_NOCTTY | flags);
	if (fd < 0) {
		int r = -errno;

		cc_err_set(e, p, 0, "%s", strerror(-r));
		return r;
	}
	return fd;
}

static int write_fd(int fd, const char *kpath, const char *data, struct cc_err *e)
{
	size_t len = strlen(data);
	char p[PATH_MAX];
	ssize_t w;

	cc_path(p, sizeof(p), kpath);
	w = write(fd, data, len);
	if (w < 0) {
		int r = -errno;

		cc_err_set(e, p, 0, "%s", strerror(-r));
		return r;
	}
	if ((size_t)w != len) {
		cc_err_set(e, p, 0, "short write (%zd of %zu bytes)", w, len);
		return -EIO;
	}
	return 0;
}

int cc_write_file(const char *kpath, const char *data, struct cc_err *e)
{
	int fd, r;

	/* In a tree every write is appended, so tests see each one. Kernel
	 * attributes ignore the offset; plain files must not be truncated. */
	fd = open_write(kpath, sysroot ? O_APPEND : 0, e);
	if (fd < 0)
		return fd;
	r = write_fd(fd, kpath, data, e);
	if (close(fd) < 0 && !r) {
		char p[PATH_MAX];

		r = -errno;
		cc_path(p, sizeof(p), kpath);
		cc_err_set(e, p, 0, "%s", strerror(-r));
	}
	return r;
}

int cc_access_write(const char *kpath)
{
	char p[PATH_MAX];

	if (cc_path(p, sizeof(p), kpath) < 0)
		return -ENAMETOOLONG;
	/* effective ids, as open() would use; EROFS for read-only mounts */
	return faccessat(AT_FDCWD, p, W_OK, AT_EACCESS) < 0 ? -errno : 0;
}

int cc_clear_file(const char *kpath, struct cc_err *e)
{
	int fd = open_write(kpath, O_TRUNC, e);

	if (fd < 0)
		return fd;
	close(fd);
	return 0;
}

int cc_mkdir(const char *kpath, struct cc_err *e)
{
	char p[PATH_MAX];

	if (path_or_err(p, sizeof(p), kpath, e))
		return -ENAMETOOLONG;
	if (mkdir(p, 0700) < 0) {
		int r = -errno;

		cc_err_set(e, p, 0, "%s", strerror(-r));
		return r;
	}
	return 0;
}

int cc_rmdir(const char *kpath)
{
	char p[PATH_MAX];

	if (cc_path(p, sizeof(p), kpath) < 0)
		return -ENAMETOOLONG;
	return rmdir(p) < 0 ? -errno : 0;
}

int cc_write_user_file_atomic(const char *path, const char *data, size_t len,
			      struct cc_err *e)
{
	char tmp[PATH_MAX];
	size_t off = 0;
	int fd, err;

	if (snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path) >= (int)sizeof(tmp))
		return cc_err_set(e, path, 0, "path too long");
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return cc_err_set(e, path, 0, "cannot create a temporary file beside it: %s",
				  strerror(errno));
	if (fchmod(fd, 0644) < 0)
		goto fail;
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		off += (size_t)w;
	}
	if (fsync(fd) < 0 || close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	if (rename(tmp, path) < 0) {
		fd = -1;
		goto fail;
	}
	return 0;
fail:
	err = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	return cc_err_set(e, path, 0, "%s", strerror(err));
}
