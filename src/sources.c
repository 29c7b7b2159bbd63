// SPDX-License-Identifier: GPL-2.0-or-later
/* The sources model: allocation, lookup, release. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sources.h"

const char *cc_av_name(enum cc_av_state s)
{
	switch (s) {
	case CC_AV_YES: return "read";
	case CC_AV_ABSENT: return "absent";
	case CC_AV_UNREADABLE: return "unreadable";
	default: return "unknown";
	}
}

void cc_sources_init(struct cc_sources *so)
{
	memset(so, 0, sizeof(*so));
	so->task_delayacct = -1;
}

void cc_sources_free(struct cc_sources *so)
{
	int i;

	for (i = 0; i < so->nzram; i++)
		free(so->zram[i].zs.classes);
	free(so->hpools);
	free(so->mthp);
	free(so->cma);
	free(so->zram);
	cc_sources_init(so);
}

/* grow an array by one zeroed element; returns it */
static void *append(void **arr, int *n, size_t size)
{
	char *p;

	*arr = xrealloc(*arr, (size_t)*n + 1, size);
	p = (char *)*arr + (size_t)*n * size;
	memset(p, 0, size);
	(*n)++;
	return p;
}

struct cc_hpool *cc_hpool_get(struct cc_sources *so, int node, uint64_t size_kb)
{
	struct cc_hpool *p;
	int i, j;

	/* from the end: pools come in order (the system's, then node by
	 * node), so the place is found at once, not after all the others */
	for (i = so->nhpools; i > 0; i--) {
		p = &so->hpools[i - 1];
		if (p->node == node && p->size_kb == size_kb)
			return p;
		if (p->node < node || (p->node == node && p->size_kb < size_kb))
			break;
	}
	append((void **)&so->hpools, &so->nhpools, sizeof(*so->hpools));
	for (j = so->nhpools - 1; j > i; j--)
		so->hpools[j] = so->hpools[j - 1];
	p = &so->hpools[i];
	memset(p, 0, sizeof(*p));
	p->node = node;
	p->size_kb = size_kb;
	return p;
}

struct cc_mthp *cc_mthp_get(struct cc_sources *so, uint64_t size_kb)
{
	struct cc_mthp *m;
	int i, j;

	for (i = 0; i < so->nmthp; i++) {
		if (so->mthp[i].size_kb == size_kb)
			return &so->mthp[i];
		if (so->mthp[i].size_kb > size_kb)
			break;
	}
	append((void **)&so->mthp, &so->nmthp, sizeof(*so->mthp));
	for (j = so->nmthp - 1; j > i; j--)
		so->mthp[j] = so->mthp[j - 1];
	m = &so->mthp[i];
	memset(m, 0, sizeof(*m));
	m->size_kb = size_kb;
	return m;
}

struct cc_cma *cc_cma_add(struct cc_sources *so, const char *name)
{
	struct cc_cma *c = append((void **)&so->cma, &so->ncma, sizeof(*so->cma));

	snprintf(c->name, sizeof(c->name), "%s", name);
	return c;
}

struct cc_zram_info *cc_zram_info_add(struct cc_sources *so, const char *name)
{
	struct cc_zram_info *z = append((void **)&so->zram, &so->nzram, sizeof(*so->zram));

	snprintf(z->name, sizeof(z->name), "%s", name);
	return z;
}

const struct cc_stat *cc_stat_find(const struct cc_stat *st, int n, const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(st[i].name, name))
			return &st[i];
	return NULL;
}
