// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What every command's option parsing and output shares: the global and
 * lock options, number, node and order arguments, colour, width, UTF-8,
 * and the all-or-nothing output of a command context.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cmd.h"
#include "format.h"
#include "signals.h"

struct cc_globals cc_g;

enum { OPT_NO_COLOR = 0x100, OPT_SYSROOT, OPT_FORMAT, OPT_WAIT, OPT_NO_WAIT };

static const struct argp_option global_options[] = {
	{ NULL, 0, NULL, 0, "Global options (before or after the command):", -1 },
	{ "json", 'j', NULL, 0, "Print JSON on stdout (the same as --format json)", -1 },
	{ "format", OPT_FORMAT, "FMT", 0,
	  "text, json, or prometheus (status and export only); default text", -1 },
	{ "sysroot", OPT_SYSROOT, "DIR", 0,
	  "Read (and write) DIR/proc/... and DIR/sys/... instead of the live system; "
	  "paths never lead out of DIR", -1 },
	{ "no-color", OPT_NO_COLOR, NULL, 0,
	  "Never use colour (also: NO_COLOR set, or TERM=dumb)", -1 },
	{ 0 }
};

static error_t global_parse(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case 'j':
		cc_g.json = true;
		return 0;
	case OPT_FORMAT:
		if (!cc_view_find(arg)) {
			argp_error(state, "--format '%s': expected text, json or prometheus", arg);
			return EINVAL;
		}
		cc_g.format = arg;
		return 0;
	case OPT_SYSROOT:
		cc_g.sysroot = arg;
		return 0;
	case OPT_NO_COLOR:
		cc_g.no_color = true;
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

const struct argp cc_global_argp = { global_options, global_parse, NULL, NULL,
				     NULL, NULL, NULL };

const struct argp_child cc_global_children[] = {
	{ &cc_global_argp, 0, NULL, 0 },
	{ 0 }
};

error_t cc_argp_default(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case ARGP_KEY_INIT:
		state->child_inputs[0] = NULL;
		return 0;
	case ARGP_KEY_ARG:
		argp_error(state, "unexpected argument '%s'", arg);
		return EINVAL;
	}
	return ARGP_ERR_UNKNOWN;
}

/* ---- the machine lock's options ---- */

static const struct argp_option lock_options[] = {
	{ NULL, 0, NULL, 0, "Waiting for another compactctl that changes the machine:", -2 },
	{ "wait", OPT_WAIT, "SECS", OPTION_ARG_OPTIONAL,
	  "Wait for it, at most SECS seconds if given (the default: as long as it takes)",
	  -2 },
	{ "no-wait", OPT_NO_WAIT, NULL, 0, "Do not wait: exit 75 at once", -2 },
	{ 0 }
};

static error_t lock_parse(int key, char *arg, struct argp_state *state)
{
	struct cc_lock_opts *o = state->input;

	switch (key) {
	case ARGP_KEY_INIT:
		o->wait = -1;
		return 0;
	case OPT_WAIT:
		o->wait = -1;
		return arg ? cc_arg_seconds(state, "--wait", arg, 0.001, &o->wait) : 0;
	case OPT_NO_WAIT:
		o->wait = 0;
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

static const struct argp lock_argp = { lock_options, lock_parse, NULL, NULL, NULL, NULL, NULL };

const struct argp_child cc_lock_children[] = {
	{ &cc_global_argp, 0, NULL, 0 },
	{ &lock_argp, 0, NULL, 0 },
	{ 0 }
};

void cc_argp_init_lock(struct argp_state *state, struct cc_lock_opts *o)
{
	state->child_inputs[0] = NULL;
	state->child_inputs[1] = o;
}

/* ---- arguments ---- */

error_t cc_arg_class(struct argp_state *state, const char *arg, int *out)
{
	char names[96] = "";
	int c = cc_req_class_from_name(arg);

	if (c >= 0) {
		*out = c;
		return 0;
	}
	for (c = 0; c < CC_REQ__N; c++)
		snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s",
			 c ? ", " : "", cc_req_classes[c].name);
	argp_error(state, "--for '%s': expected a request class: %s", arg, names);
	return EINVAL;
}

error_t cc_arg_long(struct argp_state *state, const char *opt, const char *arg,
		    const char *what, long lo, long hi, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno || end == arg || *end || v < lo || v > hi) {
		argp_error(state, "%s '%s': expected %s from %ld to %ld", opt, arg, what, lo, hi);
		return EINVAL;
	}
	*out = v;
	return 0;
}

error_t cc_arg_seconds(struct argp_state *state, const char *opt, const char *arg,
		       double lo, double *out)
{
	static const struct {
		const char *unit;
		double secs;
	} units[] = { { "", 1 }, { "s", 1 }, { "ms", 0.001 }, { "m", 60 }, { "h", 3600 } };
	char *end;
	double v;
	size_t i;

	errno = 0;
	v = strtod(arg, &end);
	for (i = 0; end != arg && i < ARRAY_SIZE(units) && strcmp(end, units[i].unit); i++)
		;
	if (end == arg || i == ARRAY_SIZE(units) || errno || !isfinite(v) ||
	    (v *= units[i].secs) < lo || v > 86400) {
		argp_error(state, "%s '%s': expected seconds from %g to 86400", opt, arg, lo);
		return EINVAL;
	}
	*out = v;
	return 0;
}

int cc_select_nodes(const char *arg, const struct cc_snapshot *s, struct cc_nodeset *sel)
{
	struct cc_err e;

	if (cc_nodes_parse(arg, sel, &e) < 0 || cc_nodes_check(sel, s, &e) < 0) {
		cc_err_print(&e);
		return -1;
	}
	return 0;
}

int cc_parse_order_upto(const char *arg, const struct cc_snapshot *s, int max, int *order)
{
	/* the kernel's orders, or a command's own range (map: up to 1 GiB) */
	const char *whose = max == s->norders - 1 ? "this kernel's" : "the";
	uint64_t size;
	char *end;
	long v;
	int k;

	v = strtol(arg, &end, 10);
	if (end != arg && !*end) {
		if (v < 0 || v > max) {
			cc_warn("--order %s: %s orders are 0 to %d", arg, whose, max);
			return -1;
		}
		*order = (int)v;
		return 0;
	}
	if (cc_parse_size(arg, &size) == 0 && !cc_known_page_size(s)) {
		cc_warn("--order %s: the page size of this tree is not known; give the order "
			"(0 to %d)", arg, s->norders - 1);
		return -1;
	}
	if (cc_parse_size(arg, &size) == 0 && size >= (uint64_t)s->page_size &&
	    size % (uint64_t)s->page_size == 0 &&
	    (k = cc_ilog2_exact(size / (uint64_t)s->page_size)) >= 0) {
		char last[16];

		if (k <= max) {
			*order = k;
			return 0;
		}
		/* a power of two, only too large: say so, not "expected ..." */
		cc_fmt_order_size(last, sizeof(last), s->page_size, max);
		cc_warn("--order %s: that is order %d, past %s largest order %d (%s)",
			arg, k, whose, max, last);
		return -1;
	}
	cc_warn("--order '%s': expected an order (0 to %d) or a power-of-two size such as 2M",
		arg, max);
	return -1;
}

int cc_parse_order_arg(const char *arg, const struct cc_snapshot *s, int *order)
{
	return cc_parse_order_upto(arg, s, s->norders - 1, order);
}

int cc_fail(int r, const struct cc_err *e)
{
	cc_err_print(e);
	return r == -EINVAL ? EXIT_USAGE : EXIT_FAIL;
}

int cc_default_order(const struct cc_snapshot *s)
{
	return s->thp_order < s->norders ? s->thp_order : s->norders - 1;
}

/* ---- the terminal ---- */

bool cc_color_allowed(void)
{
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");

	return !cc_g.no_color && !(nc && *nc) && !(term && !strcmp(term, "dumb"));
}

/* The locale's codeset from the environment, as setlocale would pick the
 * variable (LC_ALL, LC_CTYPE, LANG; the first set and not empty), without
 * loading the locale: its LC_CTYPE tables cost every run 150 KiB of RSS,
 * and only watch's curses needs them (issue 14). */
bool cc_utf8(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_CTYPE", "LANG" };
	const char *v = NULL, *cs;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(vars) && !(v && *v); i++)
		v = getenv(vars[i]);
	if (!v || !*v || !(cs = strchr(v, '.')))
		return false;
	cs++;
	/* "UTF-8", "utf8", and a "@modifier" after it */
	return (!strncasecmp(cs, "utf-8", 5) && (!cs[5] || cs[5] == '@')) ||
	       (!strncasecmp(cs, "utf8", 4) && (!cs[4] || cs[4] == '@'));
}

int cc_term_width(void)
{
	struct winsize ws;

	if (isatty(STDOUT_FILENO) && !ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) &&
	    ws.ws_col >= 40)
		return ws.ws_col;
	return 80;
}

/* ---- the output of a command ---- */

int cc_ctx_output(struct cc_ctx *ctx, const char *path)
{
	struct cc_err e;

	if (cc_outfile_open(&ctx->outfile, path, &e) < 0) {
		cc_err_print(&e);
		return -1;
	}
	ctx->have_outfile = true;
	ctx->out.color = false;
	return 0;
}

/* the stream, reopened empty */
static void restart(struct cc_ctx *ctx)
{
	free(ctx->buf);
	ctx->buf = NULL;
	ctx->len = 0;
	ctx->out.f = cc_memfile(&ctx->buf, &ctx->len, &ctx->plain);
	if (!ctx->out.f) {
		fputs("compactctl: out of memory\n", stderr);
		exit(EXIT_FAIL);
	}
}

int cc_ctx_lock(struct cc_ctx *ctx, double wait)
{
	struct cc_err e;
	int r;

	if ((r = cc_lock_open(&ctx->lock, &ctx->root, &e)) == 0) {
		ctx->have_lock = true;
		r = cc_lock_take(&ctx->lock, ctx->cmd->name, wait, &e);
	}
	if (r == 0)
		return 0;
	cc_err_print(&e);
	return r == -EWOULDBLOCK ? EXIT_BUSY : EXIT_FAIL;
}

int cc_ctx_commit(struct cc_ctx *ctx)
{
	char *data = NULL;
	size_t len = 0;
	struct cc_err e;
	FILE *safe;
	int ret = 0;

	if (fclose(ctx->out.f) == EOF) {
		restart(ctx);
		return cc_warn("rendering the output: %s", strerror(errno)), -1;
	}
	/* the one filter of everything printed: input's control characters
	 * never reach a terminal (views may colour, nothing else). Output
	 * it would not change is written as it is (no second copy). */
	if (ctx->plain == ctx->len ||
	    cc_safe_span(ctx->buf, ctx->len, ctx->out.color) == ctx->len) {
		data = ctx->buf;
		len = ctx->len;
		ctx->buf = NULL;
	} else if (!(safe = cc_memfile(&data, &len, NULL)) ||
		   cc_safe_text(safe, ctx->buf, ctx->len, ctx->out.color) < 0 ||
		   fclose(safe) == EOF) {
		restart(ctx);
		free(data);
		return cc_warn("rendering the output: %s", strerror(errno)), -1;
	}
	if (ctx->have_outfile) {
		ret = cc_outfile_commit(&ctx->outfile, data, len, &e);
		ctx->have_outfile = false;
		if (ret < 0)
			cc_err_print(&e);
	} else if (len && (fwrite(data, 1, len, stdout) != len || fflush(stdout) == EOF)) {
		if (errno != EPIPE)
			cc_warn("write error on stdout: %s", strerror(errno));
		ret = -1;
	}
	free(data);
	restart(ctx);
	return ret < 0 ? -1 : 0;
}

/* ---- tracing (trace, export --trace) ---- */

int cc_trace_setup(struct cc_ctx *ctx, struct cc_trace_session *s, double wait, bool stack)
{
	struct cc_tcol_opts co = { stack, &ctx->lock };
	struct cc_err e;
	int r;

	if (!ctx->root.live) {
		cc_warn("%s: tracing records the live kernel; not under --sysroot", ctx->cmd->name);
		return EXIT_FAIL;
	}
	cc_signals_catch();
	/* tracefs (mounted privately if need be) and kallsyms need privileges;
	 * the instance is set up under the machine lock, which recording does
	 * not hold: trace watches compact and probe, it does not block them */
	if (!(s->col = cc_tcol_new(&ctx->root, stack, &e)))
		return cc_fail(-1, &e);
	if ((r = cc_ctx_lock(ctx, wait)))
		return r;
	r = cc_tcol_start(s->col, &co, &e);
	cc_lock_release(&ctx->lock);
	return r < 0 ? cc_fail(r, &e) : 0;
}
