/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef COMPACTCTL_SOURCES_COLLECT_H
#define COMPACTCTL_SOURCES_COLLECT_H

#include "model.h"
#include "path.h"
#include "sources.h"

/* Read every source into so (initialised by the caller), the per-node
 * hugetlb pools for the nodes of s. 0, or -1 with e set when a file is
 * malformed; missing and unreadable files are recorded in so. */
int cc_sources_collect(const struct cc_root *root, const struct cc_snapshot *s,
		       struct cc_sources *so, struct cc_err *e);

#endif
