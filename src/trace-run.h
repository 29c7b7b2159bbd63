/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef COMPACTCTL_TRACE_RUN_H
#define COMPACTCTL_TRACE_RUN_H

#include <stdbool.h>

#include "compactctl.h"

struct cc_trace_run_opts {
	double duration_s;	/* 0: until q or a signal */
	double interval_s;	/* live frames */
	bool events;		/* one line (or JSON line) per event */
	bool stack;		/* kernel stacks of fallback events */
	bool json;
	int top;		/* task rows */
};

/* Record and report (trace-run.c). 0, or -1 with e set (nothing left
 * behind); a signal ends the process after the restore. */
int cc_trace_run(const struct cc_trace_run_opts *o, struct cc_err *e);

#endif
