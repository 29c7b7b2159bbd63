// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The snapshot document: every raw count status reads, as JSON, and back.
 * `compactctl snapshot` writes it; `diff` loads it (or a raw buddyinfo
 * capture) into the same model the live parsers fill, so one set of metrics
 * and renderers serves both.
 */
#include "snapshot-json.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jsonw.h"
#include "metrics.h"
#include "views.h"
#include "parse.h"
#include "path.h"

/* ---- writing ---- */

static const char *free_src_name(int src)
{
	return src == CC_FREE_BUDDYINFO ? "buddyinfo" :
	       src == CC_FREE_PAGETYPEINFO ? "pagetypeinfo" : "none";
}

static void zone_dump(struct cc_jw *w, const struct cc_snapshot *s, const struct cc_zone *z)
{
	int t, f, k;

	cc_jw_obj(w, NULL);
	cc_jw_str(w, "name", z->name);
	cc_jw_bool(w, "populated", z->populated);
	cc_jw_str(w, "free_source", free_src_name(z->free_src));
	cc_jw_bool(w, "free_lower_bound", z->free_lower_bound);
	cc_jw_u64_array(w, "free_blocks", z->free_blocks, s->norders);
	if (z->in_pti) {
		cc_jw_obj(w, "pagetypeinfo");
		cc_jw_obj(w, "free_blocks");
		for (t = 0; t < s->nmt; t++)
			if (z->mt_rows & (1u << t))
				cc_jw_u64_array(w, s->mt_names[t], z->mt_free[t], s->norders);
		cc_jw_end(w);
		cc_jw_obj(w, "capped_orders");
		for (t = 0; t < s->nmt; t++) {
			if (!(z->mt_rows & (1u << t)))
				continue;
			cc_jw_arr(w, s->mt_names[t]);
			for (k = 0; k < s->norders; k++)
				if (z->mt_capped[t] & (1u << k))
					cc_jw_int(w, NULL, k);
			cc_jw_end(w);
		}
		cc_jw_end(w);
		if (z->have_blocks) {
			cc_jw_obj(w, "pageblocks");
			for (t = 0; t < s->nmt; t++)
				cc_jw_u64(w, s->mt_names[t], z->mt_blocks[t]);
			cc_jw_end(w);
		} else {
			cc_jw_null(w, "pageblocks");
		}
		cc_jw_end(w);
	} else {
		cc_jw_null(w, "pagetypeinfo");
	}
	if (z->in_zoneinfo) {
		cc_jw_obj(w, "zoneinfo");
		for (f = 0; f < ZF__N; f++)
			if (cc_zi_has(z, f))
				cc_jw_u64(w, cc_zf_names[f], z->zi[f]);
		cc_jw_arr(w, "protection");
		for (k = 0; k < z->nprot; k++)
			cc_jw_num(w, NULL, (double)z->protection[k]);
		cc_jw_end(w);
		cc_jw_end(w);
	} else {
		cc_jw_null(w, "zoneinfo");
	}
	cc_jw_end(w);
}

void cc_snapshot_write_json(struct cc_jw *w, const struct cc_snapshot *s)
{
	char ts[40];
	struct tm tm;
	int i, j;

	cc_jw_int(w, "compactctl_snapshot", CC_SNAPSHOT_VERSION);
	gmtime_r(&s->taken.tv_sec, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(ts + strlen(ts), sizeof(ts) - strlen(ts), ".%03ldZ",
		 s->taken.tv_nsec / 1000000);
	cc_jw_str(w, "timestamp", ts);
	/* seconds since the epoch; a double keeps microseconds */
	cc_jw_num(w, "unix_time", (double)s->taken.tv_sec + (double)s->taken.tv_nsec / 1e9);
	cc_jw_str_or_null(w, "machine", s->machine);
	cc_jw_int(w, "page_size", s->page_size);
	cc_jw_str(w, "page_size_source", cc_src_name(s->page_size_src));
	cc_jw_int(w, "orders", s->norders);
	cc_jw_int(w, "pageblock_order", s->pageblock_order);
	cc_jw_str(w, "pageblock_order_source", cc_src_name(s->pageblock_src));
	cc_jw_int(w, "compaction_order", s->thp_order);
	cc_jw_str(w, "compaction_order_source", cc_src_name(s->thp_order_src));
	if (s->compaction < 0)
		cc_jw_null(w, "compaction_available");
	else
		cc_jw_bool(w, "compaction_available", s->compaction);
	cc_jw_arr(w, "migratetypes");
	for (i = 0; i < s->nmt; i++)
		cc_jw_str(w, NULL, s->mt_names[i]);
	cc_jw_end(w);

	cc_jw_obj(w, "knobs");
	for (i = 0; i < K__N; i++)
		if (cc_knob_is_set(s, i))
			cc_jw_num(w, cc_knobs[i].name, (double)s->knob[i]);
	cc_jw_end(w);
	cc_jw_obj(w, "thp");
	cc_jw_str_or_null(w, "enabled", s->thp_enabled);
	cc_jw_str_or_null(w, "defrag", s->thp_defrag);
	if (s->khugepaged_defrag >= 0)
		cc_jw_num(w, "khugepaged_defrag", (double)s->khugepaged_defrag);
	else
		cc_jw_null(w, "khugepaged_defrag");
	cc_jw_opt_u64(w, "hpage_pmd_size", s->hpage_pmd_size != 0, s->hpage_pmd_size);
	cc_jw_end(w);

	cc_jw_arr(w, "nodes");
	for (i = 0; i < s->nnodes; i++) {
		const struct cc_node *n = &s->nodes[i];

		cc_jw_obj(w, NULL);
		cc_jw_int(w, "node", n->id);
		cc_jw_opt_u64(w, "memtotal_kb", n->memtotal_kb != 0, n->memtotal_kb);
		cc_jw_arr(w, "zones");
		for (j = 0; j < n->nzones; j++)
			zone_dump(w, s, &n->zones[j]);
		cc_jw_end(w);
		cc_jw_end(w);
	}
	cc_jw_end(w);
	if (s->have_vmstat) {
		cc_jw_obj(w, "vmstat");
		for (i = 0; i < s->nvmstat; i++)
			cc_jw_u64(w, s->vmstat[i].name, s->vmstat[i].value);
		cc_jw_end(w);
	} else {
		cc_jw_null(w, "vmstat");
	}
	cc_jw_arr(w, "unreadable");
	for (i = 0; i < s->nnotes; i++) {
		cc_jw_obj(w, NULL);
		cc_jw_str(w, "file", s->notes[i].file);
		cc_jw_str(w, "error", s->notes[i].why);
		cc_jw_end(w);
	}
	cc_jw_end(w);
}

/* ---- reading ---- */

struct ld {
	const char *path;
	struct cc_err *e;
	char where[160];	/* "nodes[0].zones[1]" */
};

static int bad(struct ld *l, const char *key, const char *what)
{
	if (!*l->where && !key)
		return cc_err_set(l->e, l->path, 0, "snapshot: %s", what);
	return cc_err_set(l->e, l->path, 0, "snapshot: %s%s%s: %s", l->where,
			  *l->where && key ? "." : "", key ? key : "", what);
}

static cJSON *get(cJSON *o, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(o, key);
}

/*
 * cJSON keeps a number as a double, exact only up to 2^53; a count may be
 * up to 2^64-1 (and is written as its digits, cc_json_u64). So each number
 * of the document gets its literal text back: the text's number tokens, in
 * document order, copied into one arena, are attached to the number items
 * in the same order (a preorder walk), as a valuestring cJSON does not own
 * (cJSON_IsReference: cJSON_Delete leaves it).
 */
static char *attach_literals(cJSON *doc, const char *text)
{
	size_t len = strlen(text), n = 0, i = 0;
	char *arena = xrealloc(NULL, len + 1, 1), *p = arena;
	bool in_str = false;
	cJSON *stack[256], *it = doc;
	int depth = 0;

	/* the literals, NUL-separated */
	while (i < len) {
		char c = text[i];

		if (in_str) {
			if (c == '\\' && i + 1 < len)
				i++;
			else if (c == '"')
				in_str = false;
			i++;
		} else if (c == '"') {
			in_str = true;
			i++;
		} else if (c == '-' || (c >= '0' && c <= '9')) {
			while (i < len && strchr("+-.0123456789eE", text[i]))
				*p++ = text[i++];
			*p++ = '\0';
			n++;
		} else {
			i++;
		}
	}
	/* the number items, in the same order */
	p = arena;
	while (it) {
		if (cJSON_IsNumber(it) && n) {
			it->valuestring = p;
			it->type |= cJSON_IsReference;
			p += strlen(p) + 1;
			n--;
		}
		if (it->child && depth < (int)ARRAY_SIZE(stack)) {
			stack[depth++] = it;
			it = it->child;
			continue;
		}
		while (!it->next && depth)
			it = stack[--depth];
		it = it == doc ? NULL : it->next;
	}
	return arena;
}

/* d has no fraction (no floor(): libm stays out of start-up); every
 * double of 2^53 or more is whole */
static bool whole(double d)
{
	return !(d > -9.2e18 && d < 9.2e18) || d == (double)(int64_t)d;
}

/* j as a count: 0, -1 (no number), -2 (not one from 0 to 2^64-1); no
 * message, so a caller formats its key only on error */
static int u64_of(const cJSON *j, uint64_t *out)
{
	const char *lit = cJSON_IsNumber(j) ? j->valuestring : NULL;
	double d;

	if (!cJSON_IsNumber(j))
		return -1;
	/* plain digits: exact, up to 2^64-1 */
	if (lit && *lit && strspn(lit, "0123456789") == strlen(lit)) {
		uint64_t v = 0;

		for (; *lit; lit++)
			if (__builtin_mul_overflow(v, 10, &v) ||
			    __builtin_add_overflow(v, (uint64_t)(*lit - '0'), &v))
				return -2;
		*out = v;
		return 0;
	}
	d = j->valuedouble;
	if (!(d >= 0) || d >= 18446744073709551616.0 || !whole(d))
		return -2;
	*out = (uint64_t)d;
	return 0;
}

static int num_u64(struct ld *l, const char *key, const cJSON *j, uint64_t *out)
{
	int r = u64_of(j, out);

	if (r == -1)
		return bad(l, key, "expected a number");
	if (r == -2)
		return bad(l, key, "expected an integer from 0 to 2^64-1");
	return 0;
}

static int num_int(struct ld *l, const char *key, const cJSON *j, long lo, long hi,
		   long *out)
{
	double d;

	if (!cJSON_IsNumber(j))
		return bad(l, key, "expected a number");
	d = j->valuedouble;
	if (!(d >= (double)lo && d <= (double)hi) || !whole(d)) {
		char what[80];

		snprintf(what, sizeof(what), "expected an integer from %ld to %ld", lo, hi);
		return bad(l, key, what);
	}
	*out = (long)d;
	return 0;
}

static int req_int(struct ld *l, cJSON *o, const char *key, long lo, long hi, long *out)
{
	cJSON *j = get(o, key);

	if (!j)
		return bad(l, key, "missing");
	return num_int(l, key, j, lo, hi, out);
}

static int opt_string(struct ld *l, cJSON *o, const char *key, char *buf, size_t n)
{
	cJSON *j = get(o, key);

	buf[0] = '\0';
	if (!j || cJSON_IsNull(j))
		return 0;
	if (!cJSON_IsString(j) || strlen(j->valuestring) >= n)
		return bad(l, key, "expected a short string or null");
	memcpy(buf, j->valuestring, strlen(j->valuestring) + 1);
	return 0;
}

static int counts(struct ld *l, const char *key, cJSON *a, int n, uint64_t *out)
{
	int i = 0;
	cJSON *it;

	if (!cJSON_IsArray(a))
		return bad(l, key, "expected an array of counts");
	if (cJSON_GetArraySize(a) != n) {
		char what[64];

		snprintf(what, sizeof(what), "expected %d counts (one per order)", n);
		return bad(l, key, what);
	}
	cJSON_ArrayForEach(it, a) {
		char k[48];

		/* the key "free_blocks[3]" only for the message */
		if (u64_of(it, &out[i]) < 0) {
			snprintf(k, sizeof(k), "%s[%d]", key, i);
			return num_u64(l, k, it, &out[i]);
		}
		i++;
	}
	return 0;
}

static enum cc_src src_from(const cJSON *j)
{
	static const enum cc_src all[] = { CC_SRC_KERNEL, CC_SRC_DERIVED, CC_SRC_ASSUMED };
	size_t i;

	if (cJSON_IsString(j))
		for (i = 0; i < ARRAY_SIZE(all); i++)
			if (!strcmp(j->valuestring, cc_src_name(all[i])))
				return all[i];
	return CC_SRC_UNKNOWN;
}

static int load_pti(struct ld *l, struct cc_snapshot *s, struct cc_zone *z, cJSON *p)
{
	cJSON *fr = get(p, "free_blocks"), *cap = get(p, "capped_orders"),
	      *bl = get(p, "pageblocks"), *it;
	size_t base = strlen(l->where);

	if (!cJSON_IsObject(fr) || !cJSON_IsObject(cap))
		return bad(l, "pagetypeinfo", "expected free_blocks and capped_orders objects");
	snprintf(l->where + base, sizeof(l->where) - base, ".pagetypeinfo");
	cJSON_ArrayForEach(it, fr) {
		int t = cc_mt_index(s, it->string, false);
		cJSON *c, *o;

		if (t < 0)
			return bad(l, it->string, "not one of the snapshot's migratetypes");
		if (counts(l, it->string, it, s->norders, z->mt_free[t]) < 0)
			return -1;
		z->mt_rows |= 1u << t;
		c = get(cap, it->string);
		if (c && !cJSON_IsArray(c))
			return bad(l, "capped_orders", "expected arrays of orders");
		cJSON_ArrayForEach(o, c) {
			long k;

			if (num_int(l, "capped_orders", o, 0, s->norders - 1, &k) < 0)
				return -1;
			z->mt_capped[t] |= 1u << k;
		}
	}
	if (bl && !cJSON_IsNull(bl)) {
		if (!cJSON_IsObject(bl))
			return bad(l, "pageblocks", "expected an object or null");
		cJSON_ArrayForEach(it, bl) {
			int t = cc_mt_index(s, it->string, false);

			if (t < 0)
				return bad(l, it->string, "not one of the snapshot's migratetypes");
			if (num_u64(l, it->string, it, &z->mt_blocks[t]) < 0)
				return -1;
		}
		z->have_blocks = true;
	}
	z->in_pti = true;
	l->where[base] = '\0';
	return 0;
}

static int load_zoneinfo(struct ld *l, struct cc_zone *z, cJSON *p)
{
	size_t base = strlen(l->where);
	cJSON *prot = get(p, "protection"), *it;
	int f;

	snprintf(l->where + base, sizeof(l->where) - base, ".zoneinfo");
	for (f = 0; f < ZF__N; f++) {
		cJSON *j = get(p, cc_zf_names[f]);

		if (!j)
			continue;
		if (num_u64(l, cc_zf_names[f], j, &z->zi[f]) < 0)
			return -1;
		z->zi_set |= 1u << f;
	}
	if (prot) {
		if (!cJSON_IsArray(prot) || cJSON_GetArraySize(prot) > CC_MAX_PROT)
			return bad(l, "protection", "expected an array of at most 8 numbers");
		z->nprot = 0;
		cJSON_ArrayForEach(it, prot) {
			long v;

			if (num_int(l, "protection", it, -0x7fffffffL, 0x7fffffffffffL, &v) < 0)
				return -1;
			z->protection[z->nprot++] = v;
		}
	}
	z->in_zoneinfo = true;
	l->where[base] = '\0';
	return 0;
}

static int load_zone(struct ld *l, struct cc_snapshot *s, struct cc_node *n, cJSON *zo)
{
	cJSON *name = get(zo, "name"), *src = get(zo, "free_source"), *j;
	struct cc_zone *z;

	if (!cJSON_IsObject(zo))
		return bad(l, NULL, "expected an object");
	if (!cJSON_IsString(name) || cc_zone_type_index(name->valuestring) < 0)
		return bad(l, "name", "expected a zone name the kernel prints (DMA, Normal, ...)");
	if (cc_zone_get(n, name->valuestring, false))
		return bad(l, "name", "zone listed twice");
	z = cc_zone_get(n, name->valuestring, true);
	if (!z)
		return bad(l, "name", "too many zones");
	if (!cJSON_IsString(src))
		return bad(l, "free_source", "expected buddyinfo, pagetypeinfo or none");
	if (!strcmp(src->valuestring, "buddyinfo"))
		z->free_src = CC_FREE_BUDDYINFO;
	else if (!strcmp(src->valuestring, "pagetypeinfo"))
		z->free_src = CC_FREE_PAGETYPEINFO;
	else if (strcmp(src->valuestring, "none"))
		return bad(l, "free_source", "expected buddyinfo, pagetypeinfo or none");
	z->populated = cJSON_IsTrue(get(zo, "populated"));
	z->free_lower_bound = cJSON_IsTrue(get(zo, "free_lower_bound"));
	if (counts(l, "free_blocks", get(zo, "free_blocks"), s->norders, z->free_blocks) < 0)
		return -1;
	j = get(zo, "pagetypeinfo");
	if (j && !cJSON_IsNull(j) && load_pti(l, s, z, j) < 0)
		return -1;
	j = get(zo, "zoneinfo");
	if (j && !cJSON_IsNull(j)) {
		if (!cJSON_IsObject(j))
			return bad(l, "zoneinfo", "expected an object or null");
		if (load_zoneinfo(l, z, j) < 0)
			return -1;
	}
	return 0;
}

static int load_nodes(struct ld *l, struct cc_snapshot *s, cJSON *nodes)
{
	cJSON *no;
	int i = 0;

	if (!cJSON_IsArray(nodes))
		return bad(l, "nodes", "expected an array");
	if (cJSON_GetArraySize(nodes) > CC_MAX_NODE_ID + 1)
		return bad(l, "nodes", "more nodes than any kernel has");
	cJSON_ArrayForEach(no, nodes) {
		cJSON *zs, *zo, *mt;
		struct cc_node *n;
		long id = 0;
		int j = 0;

		snprintf(l->where, sizeof(l->where), "nodes[%d]", i++);
		if (!cJSON_IsObject(no))
			return bad(l, NULL, "expected an object");
		if (req_int(l, no, "node", 0, CC_MAX_NODE_ID, &id) < 0)
			return -1;
		if (cc_node_get(s, (int)id, false))
			return bad(l, "node", "node listed twice");
		n = cc_node_get(s, (int)id, true);
		mt = get(no, "memtotal_kb");
		if (mt && !cJSON_IsNull(mt) && num_u64(l, "memtotal_kb", mt, &n->memtotal_kb) < 0)
			return -1;
		zs = get(no, "zones");
		if (!cJSON_IsArray(zs))
			return bad(l, "zones", "expected an array");
		cJSON_ArrayForEach(zo, zs) {
			snprintf(l->where, sizeof(l->where), "nodes[%d].zones[%d]", i - 1, j++);
			if (load_zone(l, s, n, zo) < 0)
				return -1;
		}
	}
	l->where[0] = '\0';
	return 0;
}

static int load_misc(struct ld *l, struct cc_snapshot *s, cJSON *doc)
{
	cJSON *o, *it;
	long v = 0;
	int k;

	o = get(doc, "knobs");
	if (o && !cJSON_IsObject(o))
		return bad(l, "knobs", "expected an object");
	for (k = 0; o && k < K__N; k++) {
		cJSON *j = get(o, cc_knobs[k].name);

		if (!j || cJSON_IsNull(j))
			continue;
		if (num_int(l, cc_knobs[k].name, j, -0x7fffffffL, 0x7fffffffffffL, &v) < 0)
			return -1;
		s->knob[k] = v;
		s->knob_set |= 1u << k;
	}
	o = get(doc, "thp");
	if (cJSON_IsObject(o)) {
		cJSON *j;

		if (opt_string(l, o, "enabled", s->thp_enabled, sizeof(s->thp_enabled)) < 0 ||
		    opt_string(l, o, "defrag", s->thp_defrag, sizeof(s->thp_defrag)) < 0)
			return -1;
		j = get(o, "khugepaged_defrag");
		if (j && !cJSON_IsNull(j) && num_int(l, "khugepaged_defrag", j, 0, 1,
						      &s->khugepaged_defrag) < 0)
			return -1;
		j = get(o, "hpage_pmd_size");
		if (j && !cJSON_IsNull(j) && num_u64(l, "hpage_pmd_size", j, &s->hpage_pmd_size) < 0)
			return -1;
	}
	o = get(doc, "compaction_available");
	s->compaction = cJSON_IsBool(o) ? cJSON_IsTrue(o) : -1;
	o = get(doc, "vmstat");
	if (o && !cJSON_IsNull(o)) {
		if (!cJSON_IsObject(o))
			return bad(l, "vmstat", "expected an object or null");
		cJSON_ArrayForEach(it, o) {
			uint64_t u;

			if (num_u64(l, it->string, it, &u) < 0)
				return -1;
			if (cc_vmstat_add(s, it->string, u) < 0)
				return bad(l, it->string, "duplicate counter, or too many counters");
		}
		s->have_vmstat = true;
	}
	o = get(doc, "unreadable");
	if (!cJSON_IsArray(o))
		o = NULL;
	cJSON_ArrayForEach(it, o) {
		cJSON *f = get(it, "file"), *w = get(it, "error");

		if (cJSON_IsString(f) && cJSON_IsString(w))
			cc_add_note(s, f->valuestring, w->valuestring);
	}
	return 0;
}

/*
 * cJSON's nodes of one document come from an arena, freed whole: a
 * snapshot of 1024 nodes is 1.2 million values, and malloc'ing then freeing
 * each one was half of diff's time there (glibc consolidating the freed
 * chunks alone, a fifth) and grew faster than the document. cJSON takes
 * its allocator as process-wide hooks (cJSON_InitHooks, no context), so
 * the arena is this file's, set around one parse and its cJSON_Delete.
 */
#define JSON_ARENA_CHUNK (4u << 20)	/* mapped (main's mmap threshold) */

/* Under AddressSanitizer (the ASan suite, the fuzzers) each node stays an
 * allocation of its own, so that an overrun within the tree is caught. */
#if defined(__SANITIZE_ADDRESS__)
#define JSON_ARENA_USED false
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define JSON_ARENA_USED false
#endif
#endif
#ifndef JSON_ARENA_USED
#define JSON_ARENA_USED true
#endif

static struct json_arena {
	char **chunks;
	int n;
	size_t used, cap;	/* in the last chunk */
} json_arena;

static void *json_arena_alloc(size_t n)
{
	struct json_arena *a = &json_arena;
	void *p;

	n = (n + 15) & ~(size_t)15;
	if (!a->n || a->cap - a->used < n) {
		a->cap = n > JSON_ARENA_CHUNK ? n : JSON_ARENA_CHUNK;
		a->chunks = xrealloc(a->chunks, (size_t)a->n + 1, sizeof(*a->chunks));
		a->chunks[a->n++] = xrealloc(NULL, a->cap, 1);
		a->used = 0;
	}
	p = a->chunks[a->n - 1] + a->used;
	a->used += n;
	return p;
}

/* a node's memory goes with the arena's */
static void json_arena_free(void *p)
{
	(void)p;
}

static void json_arena_begin(void)
{
	cJSON_Hooks h = { json_arena_alloc, json_arena_free };

	if (JSON_ARENA_USED)
		cJSON_InitHooks(&h);
}

/* the tree's memory back (doc may be NULL), and cJSON's hooks malloc's */
static void json_arena_end(cJSON *doc)
{
	if (!JSON_ARENA_USED) {
		cJSON_Delete(doc);
		return;
	}
	for (int i = 0; i < json_arena.n; i++)
		free(json_arena.chunks[i]);
	free(json_arena.chunks);
	memset(&json_arena, 0, sizeof(json_arena));
	cJSON_InitHooks(NULL);
}

static int load_json(struct cc_snapshot *s, const char *text, const char *path,
		     struct cc_err *e)
{
	struct ld l = { .path = path, .e = e };
	cJSON *doc, *j, *it;
	long v = 0, pb = 0, co = 0, ps = 0;
	char *literals;
	int r = -1;

	json_arena_begin();
	doc = cJSON_Parse(text);
	if (!doc) {
		json_arena_end(NULL);
		return cc_err_set(e, path, 0, "not valid JSON (near byte %td)",
				  cJSON_GetErrorPtr() ? cJSON_GetErrorPtr() - text : 0);
	}
	literals = attach_literals(doc, text);
	if (!cJSON_IsObject(doc)) {
		bad(&l, NULL, "expected a JSON object");
		goto out;
	}
	j = get(doc, "compactctl_snapshot");
	if (!j) {
		cc_err_set(e, path, 0, "not a compactctl snapshot (no \"compactctl_snapshot\" "
			   "key; 'compactctl --json status' output cannot be diffed, "
			   "'compactctl snapshot' output can)");
		goto out;
	}
	if (num_int(&l, "compactctl_snapshot", j, 0, 1000, &v) < 0)
		goto out;
	if (v != CC_SNAPSHOT_VERSION) {
		cc_err_set(e, path, 0, "snapshot format version %ld; this compactctl reads "
			   "version %d", v, CC_SNAPSHOT_VERSION);
		goto out;
	}
	if (req_int(&l, doc, "orders", 1, CC_MAX_ORDERS, &v) < 0 ||
	    req_int(&l, doc, "page_size", 512, 1L << 30, &ps) < 0 ||
	    req_int(&l, doc, "pageblock_order", 0, v - 1, &pb) < 0 ||
	    req_int(&l, doc, "compaction_order", 0, CC_MAX_ORDERS, &co) < 0)
		goto out;
	if (cc_ilog2_exact((uint64_t)ps) < 0) {
		bad(&l, "page_size", "expected a power of two");
		goto out;
	}
	s->norders = (int)v;
	s->page_size = ps;
	s->pageblock_order = (int)pb;
	s->thp_order = (int)co;
	s->page_size_src = src_from(get(doc, "page_size_source"));
	s->pageblock_src = src_from(get(doc, "pageblock_order_source"));
	s->thp_order_src = src_from(get(doc, "compaction_order_source"));
	if (opt_string(&l, doc, "kernel", s->kernel, sizeof(s->kernel)) < 0 ||
	    opt_string(&l, doc, "machine", s->machine, sizeof(s->machine)) < 0)
		goto out;
	j = get(doc, "unix_time");
	if (cJSON_IsNumber(j) && j->valuedouble >= 0 && j->valuedouble < 1e12) {
		s->taken.tv_sec = (time_t)j->valuedouble;
		s->taken.tv_nsec = (long)((j->valuedouble - (double)s->taken.tv_sec) * 1e9);
	}
	j = get(doc, "migratetypes");
	if (!cJSON_IsArray(j) || cJSON_GetArraySize(j) > CC_MAX_MT) {
		bad(&l, "migratetypes", "expected an array of at most 8 names");
		goto out;
	}
	cJSON_ArrayForEach(it, j)
		if (!cJSON_IsString(it) || cc_mt_index(s, it->valuestring, false) >= 0 ||
		    cc_mt_index(s, it->valuestring, true) < 0) {
			bad(&l, "migratetypes", "expected distinct names of up to 15 characters");
			goto out;
		}
	if (load_nodes(&l, s, get(doc, "nodes")) < 0 || load_misc(&l, s, doc) < 0)
		goto out;
	r = 0;
out:
	/* no cJSON_Delete with the arena: it holds every node (and the walk
	 * would only call json_arena_free on each) */
	json_arena_end(doc);
	free(literals);
	return r;
}

/* A raw buddyinfo capture has no page size or pageblock order: assume the
 * common 4K / order 9 (or the last order), and say so in the sources. */
static void buddyinfo_defaults(struct cc_snapshot *s)
{
	s->page_size = 4096;
	s->page_size_src = CC_SRC_ASSUMED;
	s->pageblock_order = 9 < s->norders - 1 ? 9 : s->norders - 1;
	s->pageblock_src = CC_SRC_ASSUMED;
	s->thp_order = s->pageblock_order;
	s->thp_order_src = CC_SRC_ASSUMED;
}

int cc_snapshot_load_buf(struct cc_snapshot *s, char *data, size_t len, const char *name,
			 struct cc_err *e)
{
	size_t i;
	int r;

	for (i = 0; i < len && strchr(" \t\r\n", data[i]); i++)
		;
	if (i < len && (data[i] == '{' || data[i] == '[')) {
		if (memchr(data, '\0', len))
			r = cc_err_set(e, name, 0, "NUL byte in a JSON document");
		else
			r = load_json(s, data, name, e);
	} else {
		r = cc_parse_buddyinfo(s, data, len, name, e);
		if (!r)
			buddyinfo_defaults(s);
	}
	if (r)
		return -1;
	for (int n = 0; n < s->nnodes; n++)
		for (int z = 0; z < s->nodes[n].nzones; z++)
			if (!cc_zone_sane(&s->nodes[n].zones[z], s->norders))
				return cc_err_set(e, name, 0, "node %d zone %s: free page count "
						  "overflows 64-bit arithmetic", s->nodes[n].id,
						  s->nodes[n].zones[z].name);
	return 0;
}

int cc_snapshot_load(struct cc_snapshot *s, const char *path, struct cc_err *e)
{
	struct cc_file f;
	int r;

	if (cc_read_user_file(path, &f, e))
		return -1;
	r = cc_snapshot_load_buf(s, f.data, f.len, f.path, e);
	cc_file_free(&f);
	return r;
}
