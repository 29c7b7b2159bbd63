/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One parser per kernel file. Each takes the file's bytes (so tests can feed
 * any content) and the path to name in messages, fills the snapshot, and
 * returns 0 or -1 with e set to "path:line: what is wrong". The three that
 * grow with the machine (buddyinfo, pagetypeinfo, zoneinfo) also take
 * lines (cc_lines), which the snapshot streams from the file.
 */
#ifndef COMPACTCTL_PARSE_H
#define COMPACTCTL_PARSE_H

#include "model.h"

struct cc_lines;

int cc_parse_buddyinfo(struct cc_snapshot *s, char *buf, size_t len,
		       const char *path, struct cc_err *e);
int cc_parse_pagetypeinfo(struct cc_snapshot *s, char *buf, size_t len,
			  const char *path, struct cc_err *e);
int cc_parse_zoneinfo(struct cc_snapshot *s, char *buf, size_t len,
		      const char *path, struct cc_err *e);
/* The same three from lines already opened: a stream (cc_lines_stream),
 * which the snapshot reads them through (each is megabytes at 1024 nodes) */
typedef int cc_lines_parser(struct cc_snapshot *s, struct cc_lines *c, struct cc_err *e);
cc_lines_parser cc_parse_buddyinfo_lines, cc_parse_pagetypeinfo_lines, cc_parse_zoneinfo_lines;
/* fn over the lines of a buffer: what the three buffer forms above are */
int cc_parse_buffer(struct cc_snapshot *s, char *buf, size_t len, const char *path,
		    cc_lines_parser *fn, struct cc_err *e);
int cc_parse_vmstat(struct cc_snapshot *s, char *buf, size_t len,
		    const char *path, struct cc_err *e);
/* "Node N MemTotal: X kB" from nodeN/meminfo; sets n->memtotal_kb
 * (parse-node-meminfo.c) */
int cc_parse_node_meminfo(struct cc_node *n, char *buf, size_t len,
			  const char *path, struct cc_err *e);
/* "MemTotal: X kB" from /proc/meminfo into *kb (parse-node-meminfo.c) */
int cc_parse_meminfo_total(char *buf, size_t len, const char *path, uint64_t *kb,
			   struct cc_err *e);
/* `sysctl -a` as saved by sosreport (sos_commands/kernel/sysctl_-a): the vm
 * tunables of the knob table, for a tree without /proc/sys/vm
 * (parse-sysctl.c) */
int cc_parse_sysctl(struct cc_snapshot *s, char *buf, size_t len, const char *path,
		    struct cc_err *e);
/* /sys/block/zramN/mm_stat: zram.h (parse-zram-mmstat.c) */
/* compact's trace records from ring-buffer pages: trace.h
 * (parse-trace.c). */

/* /proc/pressure/memory: sources.h (parse-psi.c) */

/* ---- helpers shared by the parsers (parse-util.c) ---- */

#define CC_MAX_LINE (64 * 1024)
#define CC_MAX_TOKENS 64

struct cc_lines {
	char *p, *end;
	unsigned lineno;
	const char *path;
	/* a stream (cc_lines_stream): its fd, window and bytes read so far */
	int fd;
	char *win;
	uint64_t total;
};

/* Fails on a NUL byte anywhere in the buffer. */
int cc_lines_init(struct cc_lines *c, char *buf, size_t len, const char *path,
		  struct cc_err *e);
/* Lines read from fd (which c then owns) a window at a time, as cc_lines_init
 * gives them from a buffer: a large file is never whole in memory (its
 * pages are what a snapshot at 1024 nodes faulted in most). A line is
 * valid until the next cc_lines_next. Fails on a NUL byte, a read error
 * or more than CC_MAX_FILE_SIZE bytes. cc_lines_free when done. */
int cc_lines_stream(struct cc_lines *c, int fd, const char *path, struct cc_err *e);
/* Whether a stream ended before its first line (an empty file) */
bool cc_lines_empty(const struct cc_lines *c);
void cc_lines_free(struct cc_lines *c);
/* Next line, NUL-terminated in place, trailing whitespace removed.
 * Returns 1 with *line set, 0 at EOF, -1 with e set on a line over
 * CC_MAX_LINE or, from a stream, a NUL byte, a read error or a file over
 * CC_MAX_FILE_SIZE (found as the window reaches it: the lines before it
 * have been parsed, and an error in them comes first). */
int cc_lines_next(struct cc_lines *c, char **line, struct cc_err *e);

/* Split on blanks in place; -1 if more than max tokens. */
int cc_split(char *line, char **tok, int max);

/* Strict unsigned decimal; on failure e names the token and why. */
int cc_parse_count(const struct cc_lines *c, const char *tok, uint64_t *out,
		   struct cc_err *e);
int cc_parse_i64(const struct cc_lines *c, const char *tok, int64_t *out,
		 struct cc_err *e);
/* "Node N," (with comma) or "N" -> node id in 0..CC_MAX_NODE_ID */
int cc_parse_node_id(const struct cc_lines *c, const char *tok, bool comma,
		     int *out, struct cc_err *e);
/* number of order columns: 1..CC_MAX_ORDERS and the same in every file
 * (parse-orders.c) */
int cc_check_order_columns(struct cc_snapshot *s, const struct cc_lines *c,
			   int ncols, struct cc_err *e);
/* zone name must be one the kernel prints */
int cc_check_zone_name(const struct cc_lines *c, const char *name,
		       struct cc_err *e);

#endif
