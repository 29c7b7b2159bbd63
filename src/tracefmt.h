/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Binary trace records (trace_pipe_raw), described by the kernel's own
 * `format` files: fields are found by NAME, never by position, so the
 * decoder survives prototype changes (5.18: the compaction tracepoints took
 * new arguments and bcc's compactsnoop, which read the arguments, broke;
 * the recorded fields kept their names) and field renames (5.8:
 * classzone_idx -> highest_zoneidx), which the event table in
 * trace-events.c lists as alternative names.
 *
 * Why binary and hand-written (measured on this VM, see the report in
 * bench/trace-overhead.sh and src/trace-collect.c): reading the text
 * `trace_pipe` makes the kernel format every record (vsnprintf of a print
 * fmt) in our read() calls; the raw pages are copied as they are.
 * libtraceevent/libtracefs would decode the same pages, but load and parse
 * every format file of the systems asked for, add two shared libraries and
 * their RSS; we need 16 events and about 40 fields.
 */
#ifndef COMPACTCTL_TRACEFMT_H
#define COMPACTCTL_TRACEFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "compactctl.h"

#define CC_TF_MAX_FIELDS 32
#define CC_TF_MAX_SYMTABS 4
#define CC_TF_MAX_SYMS 24

struct cc_tf_field {
	char name[48];
	unsigned offset, size;	/* bytes in the record (common header included) */
	bool is_signed;
	bool is_array;		/* "caller[8]", "__data_loc": not a number */
};

/* __print_symbolic(REC->field, {value, "name"}, ...) from the print fmt:
 * zone names and compaction status names are config- and version-
 * dependent, so they are read, not assumed. */
struct cc_tf_symtab {
	char field[48];
	int n;
	struct {
		int64_t value;
		char name[24];
	} sym[CC_TF_MAX_SYMS];
};

struct cc_tf_event {
	char name[64];		/* "" for header_page */
	unsigned id;		/* common_type of its records; 0 if none */
	bool have_id;
	int nfields;
	struct cc_tf_field fields[CC_TF_MAX_FIELDS];
	int nsymtabs;
	struct cc_tf_symtab symtabs[CC_TF_MAX_SYMTABS];
};

/* Parse an events/SYSTEM/EVENT/format file (or events/header_page). 0, or
 * -1 with e set ("path:line: what"). */
int cc_parse_trace_format(struct cc_tf_event *ev, char *buf, size_t len, const char *path,
			  struct cc_err *e);
const struct cc_tf_field *cc_tf_field(const struct cc_tf_event *ev, const char *name);
/* The field's value in a record, sign- or zero-extended; false if the record
 * is too short or the field is not a 1, 2, 4 or 8 byte number. */
bool cc_tf_read(const struct cc_tf_field *f, const uint8_t *rec, size_t len, int64_t *out);
/* The symbol printed for v, or NULL (no table or no entry). */
const char *cc_tf_symbol(const struct cc_tf_event *ev, const char *field, int64_t v);

/* tracefs saved_cmdlines ("PID COMM" lines; buf NUL-terminated, as a
 * cc_file's data): cb for each entry, the comm
 * as the kernel saved it (any bytes but blanks; the views filter).
 * Malformed lines are skipped: the file is the kernel's cache. */
void cc_parse_saved_cmdlines(char *buf, size_t len,
			     void (*cb)(int pid, const char *comm, void *arg), void *arg);

/* ---- ring-buffer pages (parse-tracebuf.c) ---- */

/* Where the page header keeps its fields, from events/header_page. */
struct cc_tf_page {
	unsigned ts_off, commit_off, commit_size, data_off;
};
int cc_tf_page_layout(struct cc_tf_page *pl, const struct cc_tf_event *header_page,
		      const char *path, struct cc_err *e);

/* One record of a page: its absolute timestamp (trace clock, ns) and its
 * payload (common header first). */
struct cc_tf_record {
	uint64_t ts;
	const uint8_t *data;
	size_t len;
};

struct cc_tf_page_info {
	uint64_t records;
	uint64_t missed;	/* events the kernel lost before this page */
	bool missed_unknown;	/* it lost some, but did not store how many */
};

/* Walk one page of trace_pipe_raw (len bytes, normally the page size).
 * Calls cb for each data record; cb returns 0 to go on. Returns 0, or -1
 * with e set on a malformed page (path names it). */
int cc_tf_page_walk(const struct cc_tf_page *pl, const uint8_t *page, size_t len,
		    int (*cb)(const struct cc_tf_record *r, void *arg), void *arg,
		    struct cc_tf_page_info *info, const char *path, struct cc_err *e);

#endif
