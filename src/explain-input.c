// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * compactctl explain's input (explain-input.h): a file, stdin or the
 * kernel log. Every open goes through the path layer (for the log CC_LOG:
 * the live /dev/kmsg device, or a file or FIFO in a tree, non-blocking);
 * this file only reads records from it.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "explain-input.h"

#define KMSG "/dev/kmsg"
#define RECORD_MAX 8192		/* a /dev/kmsg read needs room for a whole record */
#define QUIET_MS 1000		/* --follow: a batch ends after a quiet second */

/* saved kernel logs in a sosreport: sos_commands/kernel/dmesg is the ring
 * buffer at collection time; the syslog files keep older reports */
static const char *const saved_logs[] = {
	"/sos_commands/kernel/dmesg", "/var/log/messages", "/var/log/kern.log",
	"/var/log/syslog",
};

struct buf {
	char *p;
	size_t len, cap;
};

static int buf_append(struct buf *b, const char *path, const char *data, size_t n,
		      struct cc_err *e)
{
	if (b->len + n + 1 > CC_MAX_FILE_SIZE) {
		cc_err_set(e, path, 0, "more than %u MiB of log", CC_MAX_FILE_SIZE >> 20);
		return -EFBIG;
	}
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->p = xrealloc(b->p, b->cap, 1);
	}
	memcpy(b->p + b->len, data, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

/* /dev/kmsg returns one record per read, "prefix;message\n" and then
 * " KEY=value" lines [Documentation/ABI/testing/dev-kmsg]: keep the
 * message line (the parser strips the prefix). A file or FIFO standing in
 * is taken as it comes. */
static int record_append(struct buf *b, const struct cc_ex_log *log, const char *rec,
			 size_t n, struct cc_err *e)
{
	const char *semi = memchr(rec, ';', n), *nl;
	int r;

	if (!log->device || !semi || memchr(rec, '\n', (size_t)(semi - rec)))
		return buf_append(b, log->path, rec, n, e);
	nl = memchr(rec, '\n', n);
	if (!nl)
		nl = rec + n;
	r = buf_append(b, log->path, rec, (size_t)(nl - rec), e);
	return r < 0 ? r : buf_append(b, log->path, "\n", 1, e);
}

static int log_error(const char *path, int err, struct cc_err *e)
{
	if (err == EPERM || err == EACCES)
		cc_err_set(e, path, 0, "%s: reading the kernel log needs CAP_SYSLOG while "
			   "kernel.dmesg_restrict is 1 (run as root, or save the log with "
			   "'journalctl -k > FILE' and explain FILE)", strerror(err));
	else
		cc_err_set(e, path, 0, "%s", strerror(err));
	return -err;
}

int cc_ex_log_open(const struct cc_root *root, bool follow, struct cc_ex_log *log,
		   struct cc_file *f, struct cc_err *e)
{
	size_t i;
	int fd;

	memset(f, 0, sizeof(*f));
	log->fd = -1;
	log->device = false;
	for (i = 0; !root->live && !follow && i < ARRAY_SIZE(saved_logs); i++)
		if (cc_exists(root, saved_logs[i]) == 0) {
			cc_root_path(root, log->path, sizeof(log->path), saved_logs[i]);
			return cc_read_file(root, saved_logs[i], f, e);
		}
	if (cc_root_path(root, log->path, sizeof(log->path), KMSG) < 0)
		return cc_err_set(e, KMSG, 0, "path too long under the sysroot"), -ENAMETOOLONG;
	fd = cc_root_open(root, KMSG, CC_LOG, e);
	if (fd == -EPERM || fd == -EACCES)
		return log_error(log->path, -fd, e);
	if (fd < 0)
		return fd;
	log->fd = fd;
	log->device = root->live;
	return 0;
}

int cc_ex_input_open(const struct cc_root *root, const char *file, bool follow,
		     struct cc_ex_log *log, struct cc_file *f, struct cc_err *e)
{
	log->fd = -1;
	if (file && !strcmp(file, "-"))
		return cc_read_stdin(f, e);
	if (file)
		return cc_read_user_file(file, f, e);
	return cc_ex_log_open(root, follow, log, f, e);
}

/* Records until none is waiting: 0 at EAGAIN or the end, 1 at the end of
 * a FIFO or file (no writer left), -errno on an error */
static int read_waiting(struct cc_ex_log *log, struct buf *b, struct cc_err *e)
{
	char rec[RECORD_MAX];

	for (;;) {
		ssize_t got = read(log->fd, rec, sizeof(rec));
		int r;

		if (got > 0 && (r = record_append(b, log, rec, (size_t)got, e)) < 0)
			return r;
		if (got > 0)
			continue;
		if (got == 0)
			return 1;
		if (errno == EAGAIN)
			return 0;
		if (errno != EINTR && errno != EPIPE)	/* EPIPE: records overwritten */
			return log_error(log->path, errno, e);
	}
}

int cc_ex_log_read(struct cc_ex_log *log, struct cc_file *f, struct cc_err *e)
{
	struct buf b = { 0 };
	int r = read_waiting(log, &b, e);

	if (r < 0) {
		free(b.p);
		return r;
	}
	f->data = b.p ? b.p : xstrdup("");
	f->len = b.len;
	snprintf(f->path, sizeof(f->path), "%s", log->path);
	return 0;
}

int cc_ex_log_follow(struct cc_ex_log *log, int (*fn)(char *buf, size_t len, void *arg),
		     void *arg, struct cc_err *e)
{
	struct buf b = { 0 };
	int r = 0, end = 0;

	/* new records only: /dev/kmsg seeks to the end; a FIFO cannot (ESPIPE) */
	(void)lseek(log->fd, 0, SEEK_END);
	while (!end) {
		struct pollfd p = { .fd = log->fd, .events = POLLIN };
		int ready = poll(&p, 1, b.len ? QUIET_MS : -1);

		if (ready < 0 && errno != EINTR) {
			r = log_error(log->path, errno, e);
			break;
		}
		if (ready > 0 && (end = read_waiting(log, &b, e)) < 0) {
			r = end;
			break;
		}
		/* a quiet second, or the end of the input: explain what came */
		if ((ready == 0 || end) && b.len) {
			r = fn(b.p, b.len, arg);
			b.len = 0;
			if (r < 0)
				break;
		}
	}
	free(b.p);
	return r < 0 ? r : 0;
}

void cc_ex_log_close(struct cc_ex_log *log)
{
	if (log->fd >= 0)
		close(log->fd);
	log->fd = -1;
}
