// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Where compactctl explain reads reports from: a file, stdin, the saved
 * kernel log of a --sysroot tree (a sosreport), or the live kernel log
 * (/dev/kmsg, read without blocking: what is there now). --follow waits on
 * /dev/kmsg for new records. Only this file opens them; the paths go
 * through sysroot.h, so a tree's dev/kmsg (a file or a FIFO) stands in.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "explain-input.h"
#include "sysroot.h"

#define KMSG "/dev/kmsg"
#define RECORD_MAX 8192		/* a /dev/kmsg read needs room for a whole record */

/* saved kernel logs in a sosreport (sos_commands/kernel/dmesg is the ring
 * buffer at collection time; the syslog files keep older reports) */
static const char *const saved_logs[] = {
	"/sos_commands/kernel/dmesg", "/var/log/messages", "/var/log/kern.log",
	"/var/log/syslog",
};

struct buf {
	char *p;
	size_t len, cap;
};

static int buf_append(struct buf *b, const char *data, size_t n, struct cc_err *e)
{
	if (b->len + n + 1 > CC_MAX_FILE_SIZE)
		return cc_err_set(e, NULL, 0, "input too large (over %u MiB)",
				  CC_MAX_FILE_SIZE >> 20);
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->p = xrealloc(b->p, b->cap, 1);
	}
	memcpy(b->p + b->len, data, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

/* /dev/kmsg (a character device) returns one record per read, "prefix;
 * message\n" plus " KEY=value" lines: keep the message line (the parser
 * strips the prefix). A file or FIFO standing in for it is taken as it
 * comes. */
static int kmsg_append(struct buf *b, bool device, const char *rec, size_t n,
		       struct cc_err *e)
{
	const char *semi = memchr(rec, ';', n), *nl;

	if (!device || !semi || memchr(rec, '\n', (size_t)(semi - rec)))
		return buf_append(b, rec, n, e);
	nl = memchr(rec, '\n', n);
	if (!nl)
		nl = rec + n;
	if (buf_append(b, rec, (size_t)(nl - rec), e) < 0)
		return -1;
	return buf_append(b, "\n", 1, e);
}

static int kmsg_error(const char *path, int err, struct cc_err *e)
{
	if (err == EPERM || err == EACCES)
		return cc_err_set(e, path, 0, "%s: reading the kernel log needs CAP_SYSLOG "
				  "while kernel.dmesg_restrict is 1 (run as root, or save the "
				  "log with 'journalctl -k > FILE' and explain FILE)", strerror(err));
	return cc_err_set(e, path, 0, "%s", strerror(err));
}

static int open_kmsg(bool block, char *path, size_t n, bool *device, struct cc_err *e)
{
	struct stat st;
	int fd;

	if (cc_path(path, n, KMSG) < 0)
		return cc_err_set(e, KMSG, 0, "path too long under the sysroot");
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | (block ? 0 : O_NONBLOCK));
	if (fd < 0)
		return kmsg_error(path, errno, e);
	*device = !fstat(fd, &st) && S_ISCHR(st.st_mode);
	return fd;
}

/* Read what is available now; 0 at its end (EAGAIN or EOF). */
static int read_available(int fd, bool device, const char *path, struct buf *b,
			  struct cc_err *e)
{
	char rec[RECORD_MAX];

	for (;;) {
		ssize_t got = read(fd, rec, sizeof(rec));

		if (got > 0) {
			if (kmsg_append(b, device, rec, (size_t)got, e) < 0)
				return -1;
			continue;
		}
		if (got == 0 || errno == EAGAIN)
			return 0;
		if (errno == EINTR || errno == EPIPE)	/* EPIPE: records overwritten */
			continue;
		return kmsg_error(path, errno, e);
	}
}

static int read_stdin(struct buf *b, struct cc_err *e)
{
	char chunk[65536];

	for (;;) {
		ssize_t got = read(STDIN_FILENO, chunk, sizeof(chunk));

		if (got > 0) {
			if (buf_append(b, chunk, (size_t)got, e) < 0)
				return -1;
		} else if (got == 0) {
			return 0;
		} else if (errno != EINTR) {
			return cc_err_set(e, "stdin", 0, "%s", strerror(errno));
		}
	}
}

int cc_ex_collect(const char *file, struct cc_file *f, char *source, size_t n,
		  struct cc_err *e)
{
	struct buf b = { 0 };
	bool device;
	size_t i;
	int fd, r;

	memset(f, 0, sizeof(*f));
	if (file && strcmp(file, "-")) {
		snprintf(source, n, "%s", file);
		return cc_read_user_file(file, f, e);
	}
	if (file) {
		snprintf(source, n, "stdin");
		r = read_stdin(&b, e);
		goto done;
	}
	for (i = 0; !cc_is_live() && i < ARRAY_SIZE(saved_logs); i++)
		if (cc_exists(saved_logs[i]) == 0) {
			cc_path(source, n, saved_logs[i]);
			return cc_read_file(saved_logs[i], f, e);
		}
	fd = open_kmsg(false, source, n, &device, e);
	if (fd < 0)
		return -1;
	r = read_available(fd, device, source, &b, e);
	close(fd);
done:
	if (r < 0) {
		free(b.p);
		return -1;
	}
	f->data = b.p ? b.p : xstrdup("");
	f->len = b.len;
	snprintf(f->path, sizeof(f->path), "%s", source);
	return 0;
}

int cc_ex_follow(int (*fn)(char *buf, size_t len, void *arg), void *arg,
		 struct cc_err *e)
{
	char path[PATH_MAX], rec[RECORD_MAX];
	struct buf b = { 0 };
	bool device;
	int fd, r = 0;

	fd = open_kmsg(true, path, sizeof(path), &device, e);
	if (fd < 0)
		return -1;
	/* new records only: /dev/kmsg seeks to the end; a FIFO cannot (ESPIPE) */
	(void)lseek(fd, 0, SEEK_END);
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		int ready = poll(&p, 1, b.len ? 1000 : -1);
		ssize_t got = 0;

		if (ready < 0 && errno == EINTR)
			continue;
		if (ready < 0) {
			r = cc_err_set(e, path, 0, "%s", strerror(errno));
			break;
		}
		if (ready > 0) {
			got = read(fd, rec, sizeof(rec));
			if (got < 0 && (errno == EINTR || errno == EAGAIN || errno == EPIPE))
				continue;
			if (got < 0) {
				r = kmsg_error(path, errno, e);
				break;
			}
			if (got > 0 && (r = kmsg_append(&b, device, rec, (size_t)got, e)) < 0)
				break;
		}
		/* a quiet second, or the end of the input: explain what came */
		if ((ready == 0 || got == 0) && b.len) {
			r = fn(b.p, b.len, arg);
			b.len = 0;
			if (r < 0)
				break;
		}
		if (ready > 0 && got == 0)
			break;	/* EOF: the FIFO's writer closed, or a file ended */
	}
	free(b.p);
	close(fd);
	return r < 0 ? -1 : 0;
}
