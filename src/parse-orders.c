// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The number of order columns, the one thing buddyinfo and pagetypeinfo
 * must agree on: 1 to CC_MAX_ORDERS (MAX_PAGE_ORDER + 1) and the same on
 * every line of every file.
 */
#include "parse.h"

int cc_check_order_columns(struct cc_snapshot *s, const struct cc_lines *c,
			   int ncols, struct cc_err *e)
{
	if (ncols < 1)
		return cc_err_set(e, c->path, c->lineno, "no order columns");
	if (ncols > CC_MAX_ORDERS)
		return cc_err_set(e, c->path, c->lineno,
				  "%d order columns; no kernel has more than %d",
				  ncols, CC_MAX_ORDERS);
	if (s->norders && s->norders != ncols)
		return cc_err_set(e, c->path, c->lineno,
				  "%d order columns, but earlier lines have %d",
				  ncols, s->norders);
	s->norders = ncols;
	return 0;
}
