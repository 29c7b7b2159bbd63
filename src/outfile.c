// SPDX-License-Identifier: GPL-2.0-or-later
/* Output files (outfile.h): replace atomically, write in place, or refuse. */
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static int refuse(struct cc_err *e, const char *path, int err, const char *why)
{
	cc_err_set(e, path, 0, "%s", why);
	return -err;
}

/* What a target that exists is: 1 replace, 0 write in place, or -errno */
static int classify(const char *path, struct cc_err *e)
{
	struct stat l, t;

	if (lstat(path, &l) < 0) {
		if (errno == ENOENT)
			return 1;
		return cc_err_set(e, path, 0, "%s", strerror(errno)), -errno;
	}
	if (S_ISREG(l.st_mode))
		return 1;
	if (S_ISLNK(l.st_mode)) {
		if (stat(path, &t) < 0)
			return refuse(e, path, ENOENT, "a symbolic link to nothing: refused");
		if (S_ISFIFO(t.st_mode) || S_ISCHR(t.st_mode))
			return 0;
		if (S_ISREG(t.st_mode))
			return refuse(e, path, ELOOP, "a symbolic link to a regular file: "
				      "refused (name the file itself)");
		l = t;
	}
	if (S_ISFIFO(l.st_mode) || S_ISCHR(l.st_mode))
		return 0;
	return refuse(e, path, S_ISDIR(l.st_mode) ? EISDIR : EINVAL,
		      S_ISDIR(l.st_mode) ? "a directory: refused" :
		      S_ISBLK(l.st_mode) ? "a block device: refused" :
		      S_ISSOCK(l.st_mode) ? "a socket: refused" : "not a regular file: refused");
}

static bool privileged(void)
{
	cap_t c = cap_get_proc();
	cap_flag_value_t v = CAP_CLEAR;
	bool any = false;
	int i;

	if (!c)
		return geteuid() == 0;
	for (i = 0; i <= CAP_LAST_CAP && !any; i++)
		if (CAP_IS_SUPPORTED(i) && !cap_get_flag(c, (cap_value_t)i, CAP_EFFECTIVE, &v))
			any = v == CAP_SET;
	cap_free(c);
	return any;
}

/* The helper keeps the privileges the rename may need once the parent has
 * dropped them: one byte 'c' renames, anything else (or the parent dying)
 * removes the temporary. Its exit status is 0 or the rename's errno. */
static int start_helper(struct cc_outfile *o, struct cc_err *e)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE };
	int p[2];
	size_t i;

	if (pipe2(p, O_CLOEXEC) < 0)
		return cc_err_set(e, o->path, 0, "pipe: %s", strerror(errno)), -errno;
	o->helper = fork();
	if (o->helper < 0) {
		int err = errno;

		close(p[0]);
		close(p[1]);
		return cc_err_set(e, o->path, 0, "fork: %s", strerror(err)), -err;
	}
	if (o->helper == 0) {
		char c = 0;
		int status = 0;

		/* a Ctrl-C reaches the whole process group: outlive it to clean up */
		for (i = 0; i < ARRAY_SIZE(sigs); i++)
			signal(sigs[i], SIG_IGN);
		close(p[1]);
		close(o->fd);
		while (read(p[0], &c, 1) < 0 && errno == EINTR)
			;
		if (c == 'c' && rename(o->tmp, o->path) < 0)
			status = errno & 0xff;
		if (c != 'c' || status)
			unlink(o->tmp);
		_exit(status);
	}
	close(p[0]);
	o->helper_fd = p[1];
	return 0;
}

int cc_outfile_open(struct cc_outfile *o, const char *path, struct cc_err *e)
{
	struct stat st;
	int kind, err;

	memset(o, 0, sizeof(*o));
	o->fd = o->helper_fd = -1;
	if (snprintf(o->path, sizeof(o->path), "%s", path) >= (int)sizeof(o->path) ||
	    snprintf(o->tmp, sizeof(o->tmp), "%s.XXXXXX", path) >= (int)sizeof(o->tmp))
		return cc_err_set(e, path, 0, "path too long"), -ENAMETOOLONG;
	kind = classify(path, e);
	if (kind < 0)
		return kind;
	if (kind == 0) {
		o->in_place = true;
		o->tmp[0] = '\0';
		o->fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
		if (o->fd < 0)
			return cc_err_set(e, path, 0, "%s", strerror(errno)), -errno;
		/* still what classify saw, not a file swapped in meanwhile */
		if (fstat(o->fd, &st) < 0 || !(S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode))) {
			close(o->fd);
			o->fd = -1;
			return refuse(e, path, EAGAIN, "changed while it was opened: refused");
		}
		return 0;
	}
	o->fd = mkostemp(o->tmp, O_CLOEXEC);
	if (o->fd < 0) {
		err = errno;
		o->tmp[0] = '\0';
		return cc_err_set(e, path, 0, "cannot create a temporary file beside it: %s",
				  strerror(err)), -err;
	}
	if (fchmod(o->fd, 0644) < 0) {
		err = errno;
		cc_outfile_abort(o);
		return cc_err_set(e, path, 0, "%s", strerror(err)), -err;
	}
	if (privileged() && (err = start_helper(o, e)) < 0) {
		cc_outfile_abort(o);
		return err;
	}
	return 0;
}

/* the helper's verdict on 'c' (rename) or 'a' (remove): 0 or -errno */
static int ask_helper(struct cc_outfile *o, char c)
{
	int status = 0;

	if (write(o->helper_fd, &c, 1) != 1)
		status = -EPIPE;
	close(o->helper_fd);
	o->helper_fd = -1;
	while (waitpid(o->helper, &status, 0) < 0 && errno == EINTR)
		;
	o->helper = 0;
	if (WIFEXITED(status))
		return -WEXITSTATUS(status);
	return -EIO;
}

int cc_outfile_commit(struct cc_outfile *o, const char *data, size_t len, struct cc_err *e)
{
	size_t off = 0;
	int err = 0;

	while (off < len) {
		ssize_t w = write(o->fd, data + off, len - off);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			err = errno;
			break;
		}
		off += (size_t)w;
	}
	/* a pipe or device cannot be synced; a file must be, before the rename */
	if (!err && fsync(o->fd) < 0 && !(o->in_place && (errno == EINVAL || errno == EROFS)))
		err = errno;
	if (close(o->fd) < 0 && !err)
		err = errno;
	o->fd = -1;
	if (!err && !o->in_place) {
		if (o->helper_fd >= 0)
			err = -ask_helper(o, 'c');
		else if (rename(o->tmp, o->path) < 0)
			err = errno;
		if (!err)
			o->tmp[0] = '\0';
	}
	if (err) {
		cc_outfile_abort(o);
		return cc_err_set(e, o->path, 0, "%s", strerror(err)), -err;
	}
	return 0;
}

void cc_outfile_abort(struct cc_outfile *o)
{
	if (o->fd >= 0)
		close(o->fd);
	o->fd = -1;
	if (o->helper_fd >= 0)
		ask_helper(o, 'a');
	else if (o->tmp[0])
		unlink(o->tmp);
	o->tmp[0] = '\0';
}
