/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What compactctl explain reads (explain-input.c): FILE, stdin, or the
 * kernel log, through the path layer: live, /dev/kmsg; under --sysroot, a
 * sosreport's saved log, or the tree's dev/kmsg (a file, or a FIFO
 * standing in for the device in tests).
 */
#ifndef COMPACTCTL_EXPLAIN_INPUT_H
#define COMPACTCTL_EXPLAIN_INPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "path.h"

struct cc_ex_log {
	int fd;			/* the log opened (-1: a saved log was read) */
	bool device;		/* the live /dev/kmsg: one record per read */
	char path[PATH_MAX];	/* its real path, for messages and the JSON */
};

/*
 * Before the capability drop (opening /dev/kmsg is what needs CAP_SYSLOG
 * while kernel.dmesg_restrict is 1). Without follow, a tree's saved log
 * (sos_commands/kernel/dmesg, var/log/messages, kern.log, syslog) is read
 * whole into f when it has one; else the log is opened and read later
 * with cc_ex_log_read. 0, or -errno with e set (saying what is missing
 * for a user without the right).
 */
int cc_ex_log_open(const struct cc_root *root, bool follow, struct cc_ex_log *log,
		   struct cc_file *f, struct cc_err *e);
/* explain's input: FILE whole into f ("-": stdin), or without FILE the
 * kernel log (cc_ex_log_open). Before the capability drop. */
int cc_ex_input_open(const struct cc_root *root, const char *file, bool follow,
		     struct cc_ex_log *log, struct cc_file *f, struct cc_err *e);
/* What the log holds now, into f (the records' message lines). */
int cc_ex_log_read(struct cc_ex_log *log, struct cc_file *f, struct cc_err *e);
/* Wait for new records and call fn with each batch: the lines that came
 * before a quiet second (buf NUL-terminated, may be modified). Returns 0
 * at the end of the input (a FIFO's writer gone, a file's end), -errno
 * with e set when the log fails, or what fn returned when that was < 0
 * (which stops it; e is not set then). */
int cc_ex_log_follow(struct cc_ex_log *log, int (*fn)(char *buf, size_t len, void *arg),
		     void *arg, struct cc_err *e);
void cc_ex_log_close(struct cc_ex_log *log);

#endif
