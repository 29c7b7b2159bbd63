// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /proc/zoneinfo. The layout changed many times (per-node stats block since
 * 4.8, boost/cma/promo watermark lines, high_min/high_max...), so it is read
 * as "key value" lines under each "Node N, zone NAME" header; unknown keys
 * are skipped, known keys must hold valid numbers.
 */
#include "parse.h"

#include <string.h>

static const struct {
	const char *key;
	enum cc_zf f;
} wm_keys[] = {
	{ "boost", ZF_BOOST }, { "min", ZF_MIN }, { "low", ZF_LOW },
	{ "high", ZF_HIGH }, { "promo", ZF_PROMO }, { "spanned", ZF_SPANNED },
	{ "present", ZF_PRESENT }, { "managed", ZF_MANAGED }, { "cma", ZF_CMA },
	{ "nr_free_pages_blocks", ZF_NR_FREE_BLOCKS },
	{ "nr_free_cma", ZF_NR_FREE_CMA }, { "start_pfn:", ZF_START_PFN },
};

static const enum cc_zf required[] = {
	ZF_FREE, ZF_MIN, ZF_LOW, ZF_HIGH, ZF_SPANNED, ZF_PRESENT,
};
static const char *const required_names[] = {
	"pages free", "min", "low", "high", "spanned", "present",
};

/* tok is key: most lines are counters nobody asked for, so the first
 * character decides before strcmp is called (a quarter of the parse) */
static inline bool key_is(const char *tok, const char *key)
{
	return tok[0] == key[0] && !strcmp(tok, key);
}

/*
 * Whether a line can hold a key read here: its first bytes start one of
 * them. Most of the file is counters nobody asked for (nr_*, numa_*, vm
 * stats threshold...) and, per CPU, the pagesets (cpu, count, high,
 * high_min, high_max, batch, vm stats threshold: seven lines a CPU a zone,
 * most of the file on a machine with many CPUs), of which only count is
 * read: the rest are not split at all (splitting them was a fifth of
 * snapshot's time at 1024 nodes).
 */
static bool may_hold_key(const char *line, bool pagesets)
{
	while (*line == ' ' || *line == '\t')
		line++;
	/* in the pagesets: count:, then start_pfn:, the next Node */
	if (pagesets)
		return (line[0] == 'c' && line[1] == 'o') || *line == 's' || *line == 'N';
	/* of the nr_* counters, nr_free_pages_blocks and nr_free_cma */
	if (*line == 'n')
		return !strncmp(line, "nr_free_", 8) &&
		       (line[8] == 'c' || !strncmp(line + 8, "pages_", 6));
	/* Node, pages free, protection:, pagesets, present, promo, cma,
	 * spanned, start_pfn:, boost, min, managed, low, high */
	return *line && strchr("Npcsbmlh", *line);
}

static int set_field(struct cc_lines *c, struct cc_zone *z, enum cc_zf f,
		     const char *tok, struct cc_err *e)
{
	if (cc_parse_count(c, tok, &z->zi[f], e) < 0)
		return -1;
	z->zi_set |= 1u << f;
	return 0;
}

static int protection(struct cc_lines *c, struct cc_zone *z, char **tok,
		      int ntok, struct cc_err *e)
{
	int i;

	if (ntok - 1 > CC_MAX_PROT)
		return cc_err_set(e, c->path, c->lineno, "too many protection entries");
	z->nprot = 0;
	for (i = 1; i < ntok; i++) {
		char *t = tok[i];
		size_t l;

		if (i == 1) {
			if (*t != '(')
				goto bad;
			t++;
		}
		l = strlen(t);
		if (l && (t[l - 1] == ',' || (i == ntok - 1 && t[l - 1] == ')')))
			t[--l] = '\0';
		else
			goto bad;
		if (cc_parse_i64(c, t, &z->protection[z->nprot++], e) < 0)
			return -1;
	}
	return 0;
bad:
	return cc_err_set(e, c->path, c->lineno, "malformed protection list");
}

static int check_zone(struct cc_lines *c, int node, struct cc_zone *z,
		      struct cc_err *e)
{
	size_t i;

	if (!z)
		return 0;
	for (i = 0; i < ARRAY_SIZE(required); i++)
		if (!cc_zi_has(z, required[i]))
			return cc_err_set(e, c->path, 0,
					  "node %d zone %s has no '%s' line (truncated?)",
					  node, z->name, required_names[i]);
	return 0;
}

int cc_parse_zoneinfo_lines(struct cc_snapshot *s, struct cc_lines *c, struct cc_err *e)
{
	const char *path = c->path;
	char *line, *tok[CC_MAX_TOKENS];
	struct cc_zone *z = NULL;
	bool pagesets = false;
	int r, node = -1;

	while ((r = cc_lines_next(c, &line, e)) > 0) {
		int ntok;
		size_t i;

		/* before the first zone every line is checked: it must be a
		 * zone's header */
		if (z && !may_hold_key(line, pagesets))
			continue;
		ntok = cc_split(line, tok, CC_MAX_TOKENS);
		if (ntok == 0)
			continue;
		if (ntok < 0)
			return cc_err_set(e, path, c->lineno, "too many fields");
		if (key_is(tok[0], "Node")) {
			struct cc_node *n;

			if (ntok != 4 || strcmp(tok[2], "zone"))
				return cc_err_set(e, path, c->lineno,
						  "expected 'Node <n>, zone <name>'");
			if (check_zone(c, node, z, e) < 0 ||
			    cc_parse_node_id(c, tok[1], true, &node, e) < 0 ||
			    cc_check_zone_name(c, tok[3], e) < 0)
				return -1;
			n = cc_node_get(s, node, true);
			z = cc_zone_get(n, tok[3], true);
			if (z->in_zoneinfo)
				return cc_err_set(e, path, c->lineno,
						  "node %d zone %s listed twice", node, tok[3]);
			z->in_zoneinfo = true;
			pagesets = false;
			continue;
		}
		if (!z)
			return cc_err_set(e, path, c->lineno,
					  "expected 'Node <n>, zone <name>' first");
		if (ntok == 3 && key_is(tok[0], "pages") && !strcmp(tok[1], "free")) {
			if (set_field(c, z, ZF_FREE, tok[2], e) < 0)
				return -1;
			continue;
		}
		if (key_is(tok[0], "protection:")) {
			if (protection(c, z, tok, ntok, e) < 0)
				return -1;
			continue;
		}
		if (key_is(tok[0], "pagesets")) {
			pagesets = true;
			continue;
		}
		if (pagesets && ntok == 2 && key_is(tok[0], "count:")) {
			uint64_t v;

			if (cc_parse_count(c, tok[1], &v, e) < 0)
				return -1;
			z->zi[ZF_PCP] += v;
			z->zi_set |= 1u << ZF_PCP;
			continue;
		}
		if (ntok != 2 || pagesets) {
			if (ntok == 2 && key_is(tok[0], "start_pfn:") &&
			    set_field(c, z, ZF_START_PFN, tok[1], e) < 0)
				return -1;
			continue;
		}
		for (i = 0; i < ARRAY_SIZE(wm_keys); i++) {
			if (key_is(tok[0], wm_keys[i].key)) {
				if (set_field(c, z, wm_keys[i].f, tok[1], e) < 0)
					return -1;
				break;
			}
		}
	}
	if (r < 0)
		return -1;
	if (!z)
		return cc_err_set(e, path, 0, "empty file: no zones listed");
	return check_zone(c, node, z, e);
}

int cc_parse_zoneinfo(struct cc_snapshot *s, char *buf, size_t len,
		      const char *path, struct cc_err *e)
{
	return cc_parse_buffer(s, buf, len, path, cc_parse_zoneinfo_lines, e);
}
