/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The allocator model's input (alloc.h) from a snapshot (model.h). */
#ifndef COMPACTCTL_ALLOC_SNAPSHOT_H
#define COMPACTCTL_ALLOC_SNAPSHOT_H

#include "alloc.h"
#include "model.h"

/* Fill sys (initialised here; free with cc_alloc_system_free) from s.
 * Nothing is read from files: values s lacks stay unknown. */
void cc_alloc_from_snapshot(const struct cc_snapshot *s, struct cc_alloc_system *sys);

#endif
