// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * debugfs zsmalloc/<pool>/classes (CONFIG_ZSMALLOC_STAT)
 * [mm/zsmalloc.c: zs_stats_size_show]. The columns changed several times,
 * so they are taken from the header line:
 *   4.0   class size obj_allocated obj_used pages_used
 *   4.1   class size almost_full almost_empty obj_allocated obj_used
 *         pages_used pages_per_zspage  (+ "huge" after size in 4.x, a "Y" or
 *         nothing in the rows; + "freeable" from 4.2, named "compact" in the
 *         patch that introduced it)
 *   6.6   class size 10% 20% ... 99% 100% obj_allocated obj_used pages_used
 *         pages_per_zspage freeable
 * A "Total" row ends the table; it is skipped (the sums are recomputed).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "sources.h"

enum col { C_CLASS, C_SIZE, C_HUGE, C_FULLNESS, C_ALLOC, C_USED, C_PAGES, C_PPZ,
	   C_FREEABLE, C_OTHER };

struct layout {
	int ncols;
	enum col kind[CC_MAX_TOKENS];
	int fidx[CC_MAX_TOKENS];	/* C_FULLNESS: index into fullness[] */
	bool has_huge;
	uint32_t seen;			/* bit k: a column of kind k */
};

static enum col col_kind(const char *name)
{
	static const struct { const char *n; enum col k; } names[] = {
		{ "class", C_CLASS }, { "size", C_SIZE }, { "huge", C_HUGE },
		{ "obj_allocated", C_ALLOC }, { "obj_used", C_USED },
		{ "pages_used", C_PAGES }, { "pages_per_zspage", C_PPZ },
		{ "freeable", C_FREEABLE }, { "compact", C_FREEABLE },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(name, names[i].n))
			return names[i].k;
	return C_OTHER;
}

static int header(struct cc_zs_pool *p, struct layout *l, const struct cc_lines *c,
		  char **tok, int ntok, struct cc_err *e)
{
	int i;

	memset(l, 0, sizeof(*l));
	if (ntok < 5 || strcmp(tok[0], "class") || strcmp(tok[1], "size"))
		return cc_err_set(e, c->path, c->lineno, "expected a header 'class size ...'");
	for (i = 0; i < ntok; i++) {
		enum col k = col_kind(tok[i]);

		/* between size (or huge) and obj_allocated: fullness groups */
		if (k == C_OTHER && !(l->seen & (1u << C_ALLOC))) {
			if (p->nfullness == CC_ZS_MAX_FULLNESS ||
			    strlen(tok[i]) >= sizeof(p->fullness_names[0]))
				return cc_err_set(e, c->path, c->lineno,
						  "unexpected column '%.40s'", tok[i]);
			k = C_FULLNESS;
			l->fidx[i] = p->nfullness;
			snprintf(p->fullness_names[p->nfullness++], sizeof(p->fullness_names[0]),
				 "%s", tok[i]);
		} else if (k != C_OTHER && (l->seen & (1u << k))) {
			return cc_err_set(e, c->path, c->lineno, "column '%s' twice", tok[i]);
		}
		l->kind[i] = k;
		l->seen |= 1u << k;
	}
	if (l->kind[2] == C_HUGE)
		l->has_huge = true;
	if (!(l->seen & (1u << C_ALLOC)) || !(l->seen & (1u << C_USED)) ||
	    !(l->seen & (1u << C_PAGES)))
		return cc_err_set(e, c->path, c->lineno,
				  "header lacks obj_allocated, obj_used or pages_used");
	l->ncols = ntok;
	return 0;
}

static int row(struct cc_zs_pool *p, const struct layout *l, const struct cc_lines *c,
	       char **tok, int ntok, struct cc_err *e)
{
	struct cc_zs_class *z;
	int i, t = 0;

	/* the huge column prints "Y" or blanks: one token fewer when blank */
	if (ntok != l->ncols && !(l->has_huge && ntok == l->ncols - 1))
		return cc_err_set(e, c->path, c->lineno, "%d columns, but the header has %d",
				  ntok, l->ncols);
	if (p->nclasses >= CC_ZS_MAX_CLASSES)
		return cc_err_set(e, c->path, c->lineno, "more than %d classes",
				  CC_ZS_MAX_CLASSES);
	if (!(p->nclasses & (p->nclasses - 1)))
		p->classes = xrealloc(p->classes, p->nclasses ? 2 * p->nclasses : 32,
				      sizeof(*p->classes));
	z = &p->classes[p->nclasses];
	memset(z, 0, sizeof(*z));
	for (i = 0; i < l->ncols; i++) {
		uint64_t v = 0;

		if (l->kind[i] == C_HUGE) {
			if (ntok == l->ncols) {
				if (strcmp(tok[t], "Y"))
					return cc_err_set(e, c->path, c->lineno,
							  "huge column holds '%.40s', not Y", tok[t]);
				z->huge = true;
				t++;
			}
			continue;
		}
		if (cc_parse_count(c, tok[t++], &v, e) < 0)
			return -1;
		switch (l->kind[i]) {
		case C_CLASS:
		case C_SIZE:
			if (v > UINT32_MAX)
				return cc_err_set(e, c->path, c->lineno, "class or size too large");
			*(l->kind[i] == C_CLASS ? &z->index : &z->size) = (uint32_t)v;
			break;
		case C_FULLNESS: z->fullness[l->fidx[i]] = v; break;
		case C_ALLOC: z->obj_allocated = v; break;
		case C_USED: z->obj_used = v; break;
		case C_PAGES: z->pages_used = v; break;
		case C_PPZ: z->pages_per_zspage = v; break;
		case C_FREEABLE: z->freeable = v; z->have_freeable = true; break;
		default: break;
		}
	}
	if (p->nclasses && z->index <= p->classes[p->nclasses - 1].index)
		return cc_err_set(e, c->path, c->lineno, "class %u out of order", z->index);
	if (!z->size)
		return cc_err_set(e, c->path, c->lineno, "class %u has size 0", z->index);
	p->nclasses++;
	return 0;
}

int cc_parse_zs_classes(struct cc_zs_pool *p, char *buf, size_t len, const char *path,
			struct cc_err *e)
{
	struct layout l = { 0 };
	struct cc_lines c;
	char *line, *tok[CC_MAX_TOKENS];
	bool have_header = false, total = false;
	int r;

	memset(p, 0, sizeof(*p));
	if (cc_lines_init(&c, buf, len, path, e) < 0)
		return -1;
	while ((r = cc_lines_next(&c, &line, e)) > 0) {
		int ntok = cc_split(line, tok, CC_MAX_TOKENS);

		if (ntok == 0)
			continue;
		if (ntok < 0)
			return cc_err_set(e, path, c.lineno, "too many fields");
		if (total)
			return cc_err_set(e, path, c.lineno, "text after the Total row");
		if (!have_header) {
			if (header(p, &l, &c, tok, ntok, e) < 0)
				return -1;
			have_header = true;
		} else if (!strcmp(tok[0], "Total")) {
			total = true;
		} else if (row(p, &l, &c, tok, ntok, e) < 0) {
			return -1;
		}
	}
	if (r < 0)
		return -1;
	if (!have_header)
		return cc_err_set(e, path, 0, "empty file");
	return 0;
}
