/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * How a command is built. A command (cmd-NAME.c) is a struct cc_command:
 * its argp options, the size and defaults of its argument struct, and a
 * run function that orchestrates an engine and hands the engine's report
 * to ctx->view, the view table of the output format (views.h). main.c
 * parses the options, chooses the view once from --json/--format, sets up
 * the context (the path layer's root, the output stream) and runs it.
 */
#ifndef COMPACTCTL_CMD_H
#define COMPACTCTL_CMD_H

#include <argp.h>
#include <stdbool.h>

#include "lock.h"
#include "model.h"
#include "outfile.h"
#include "path.h"
#include "trace-run.h"
#include "views.h"

/* The global options, parsed before or after the command. Only main.c
 * reads them: commands get what they mean through struct cc_ctx. */
struct cc_globals {
	bool json;
	const char *format;	/* --format FMT */
	const char *sysroot;
	bool no_color;
};
extern struct cc_globals cc_g;

struct cc_ctx {
	const struct cc_command *cmd;
	const struct cc_view_ops *view;	/* chosen once, from --json/--format */
	struct cc_out out;		/* out.f: a memory stream, committed whole */
	char *buf;
	size_t len;
	size_t plain;			/* buf's prefix known to pass (cc_memfile) */
	struct cc_root root;		/* where the kernel's files are */
	bool color_allowed;		/* no --no-color, NO_COLOR or TERM=dumb */
	bool have_outfile;		/* -o FILE instead of stdout */
	struct cc_outfile outfile;
	bool have_lock;			/* the machine lock, held until the end */
	struct cc_lock lock;
};

/* Before the capability drop: send the output to path instead of stdout
 * (outfile.h). 0, or -1 after printing the error. */
int cc_ctx_output(struct cc_ctx *ctx, const char *path);
/* What was rendered, all of it or nothing, to stdout or the output file;
 * the stream is ready for more afterwards (watch frames). 0 or -1 (the
 * error printed, unless stdout is a closed pipe). */
int cc_ctx_commit(struct cc_ctx *ctx);
/* Take the machine lock (lock.h) for the command, waiting as --wait says,
 * before anything is changed; main releases it at the end. 0, or the exit
 * status after the message: 75 when another compactctl holds it. */
int cc_ctx_lock(struct cc_ctx *ctx, double wait);

struct cc_command {
	const char *name;
	const char *summary;		/* one line for 'compactctl --help' */
	const struct argp *argp;
	size_t args_size;
	void (*defaults)(void *args);	/* NULL: all zero */
	int (*run)(struct cc_ctx *ctx, void *args);
	unsigned formats;		/* the views it has (CC_FORMAT_*) */
	int usage_status;		/* exit status of a usage error: 64, or 3 */
	int fail_status;		/* of a failure before run: 1, or 3 */
};

extern const struct cc_command cc_cmd_status, cc_cmd_export, cc_cmd_check,
	cc_cmd_compact, cc_cmd_snapshot, cc_cmd_diff, cc_cmd_watch, cc_cmd_probe;
extern const struct cc_command cc_cmd_explain;
extern const struct cc_command cc_cmd_trace;
extern const struct cc_command cc_cmd_map;

/* ---- helpers every command uses (cli.c) ---- */

/* The global options as an argp child, so they work after the command. */
extern const struct argp cc_global_argp;
/* children of every command's argp: the global options */
extern const struct argp_child cc_global_children[];
/* what every command's parser does with a key it does not handle: sets up
 * the children, refuses positional arguments */
error_t cc_argp_default(int key, char *arg, struct argp_state *state);

/* --wait[=SECS] / --no-wait, for the commands that take the machine lock
 * (lock.h): an argp child after the globals. */
struct cc_lock_opts {
	double wait;		/* < 0 wait as long as it takes, 0 do not wait */
};
extern const struct argp_child cc_lock_children[];
/* In the command's ARGP_KEY_INIT: the children's inputs */
void cc_argp_init_lock(struct argp_state *state, struct cc_lock_opts *o);

/* Number arguments: argp_error (usage) unless arg is a number in lo..hi;
 * what names it in the message ("a number", "a percentage") */
error_t cc_arg_long(struct argp_state *state, const char *opt, const char *arg,
		    const char *what, long lo, long hi, long *out);
/* --for CLASS: a request class of the allocation verdict (alloc.h) */
error_t cc_arg_class(struct argp_state *state, const char *arg, int *out);
/* Seconds: "1.5", or with a unit "500ms", "30s", "2m", "1h"; lo..86400 */
error_t cc_arg_seconds(struct argp_state *state, const char *opt, const char *arg,
		       double lo, double *out);

/* --node LIST against the nodes of a snapshot; 0, or -1 after a usage
 * message. */
int cc_select_nodes(const char *arg, const struct cc_snapshot *s, struct cc_nodeset *sel);
/* --order K or --order SIZE (2M) -> order; 0, or -1 after a usage message */
int cc_parse_order_arg(const char *arg, const struct cc_snapshot *s, int *order);
/* The same up to max rather than the kernel's last order (map's 1 GiB) */
int cc_parse_order_upto(const char *arg, const struct cc_snapshot *s, int max, int *order);
/* The default order of the views: the compaction order, or the last */
int cc_default_order(const struct cc_snapshot *s);

/* A command's engine said -EINVAL (a usage error, exit 64) or another
 * -errno (exit 1): print e once and return the exit status. */
int cc_fail(int r, const struct cc_err *e);

/* Colour on a terminal, unless --no-color, NO_COLOR or TERM=dumb */
bool cc_color_allowed(void);
bool cc_utf8(void);
int cc_term_width(void);

/* Before the capability drop, for a command that records the compaction
 * tracepoints (trace, export --trace): refuses --sysroot,
 * catches the signals, finds or mounts tracefs, and sets up and starts the
 * instance under the machine lock (released again: recording does not hold
 * it). 0, or the exit status after the message; s->col is the caller's to
 * free (cc_tcol_free) either way. */
int cc_trace_setup(struct cc_ctx *ctx, struct cc_trace_session *s, double wait, bool stack);

/* Drop every capability (all sets, bounding and ambient too) and set
 * no_new_privs; euid 0 stays, which is what /proc/sys checks (privs.c).
 * Commands call it once they hold what needs privileges (open files,
 * the tracing instance, the output file), before reading any input. */
void cc_drop_privileges(void);

#endif
