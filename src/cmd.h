/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef COMPACTCTL_CMD_H
#define COMPACTCTL_CMD_H

#include <argp.h>
#include <stdbool.h>

#include "model.h"

struct cc_globals {
	bool json;
	bool no_color;
	const char *sysroot;
};

extern struct cc_globals cc_g;
/* The global options as an argp child, so they work after the subcommand. */
extern const struct argp cc_global_argp;
/* children of every command's argp: the global options */
extern const struct argp_child cc_global_children[];
/* what every command's parser does with a key it does not handle: sets up
 * the children, refuses positional arguments */
error_t cc_argp_default(int key, char *arg, struct argp_state *state);

/* Applies --sysroot; prints and returns -1 on error. */
int cc_apply_globals(void);
bool cc_use_color(void);
bool cc_utf8(void);
int cc_term_width(void);

/* --node LIST against the nodes of a snapshot: fills sel[0..CC_MAX_NODE_ID];
 * returns 0, or prints a usage error and returns -1. */
int cc_select_nodes(const char *arg, const struct cc_snapshot *s, bool *sel);
/* --order K or --order SIZE (2M) -> order; -1 and message on error */
int cc_parse_order_arg(const char *arg, const struct cc_snapshot *s, int *order);

/* Read-only commands: drop every capability (all sets, bounding and ambient
 * too) and set no_new_privs; keep CAP_DAC_OVERRIDE only if asked and held. */
void cc_drop_privileges(bool keep_dac_override);

/* Write a rendered buffer to stdout, all or nothing; 0 or EXIT_FAIL */
int cc_flush_stdout(void);

int cmd_status(int argc, char **argv);
int cmd_snapshot(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_compact(int argc, char **argv);
int cmd_watch(int argc, char **argv);
int cmd_probe(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_trace(int argc, char **argv);

#endif
