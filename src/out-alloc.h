/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Views of the allocator verdict (out-alloc.c). Not wired into status yet:
 * `status --for CLASS` comes with the command-layer port. */
#ifndef COMPACTCTL_OUT_ALLOC_H
#define COMPACTCTL_OUT_ALLOC_H

#include <stdio.h>

#include <cjson/cJSON.h>

#include "alloc.h"

struct cc_alloc_render {
	int indent;		/* columns before the sentence */
};

/* "  hugetlb order 9 (2M): not available now: ..." wrapped to 80 columns */
void cc_text_alloc_verdict(FILE *out, const struct cc_alloc_verdict *v,
			   const struct cc_alloc_render *o);
/* one row per zone: walk position, outcome, free/usable/needed (P2 check),
 * blocks >= k, fragmentation index */
void cc_text_alloc_zones(FILE *out, const struct cc_alloc_verdict *v,
			 const struct cc_alloc_render *o);
/* the verdict's keys (man/compactctl.8, ALLOCATOR VERDICT) */
cJSON *cc_json_alloc_verdict(const struct cc_alloc_verdict *v);

#endif
