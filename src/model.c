// SPDX-License-Identifier: GPL-2.0-or-later
#include "model.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct cc_knob_desc cc_knobs[K__N] = {
	[K_PROACTIVENESS] = { "compaction_proactiveness", 20, true },
	[K_EXTFRAG_THRESHOLD] = { "extfrag_threshold", 500, true },
	[K_UNEVICTABLE] = { "compact_unevictable_allowed", 1, true },
	[K_MIN_FREE_KBYTES] = { "min_free_kbytes", 0, false },
	[K_WSF] = { "watermark_scale_factor", 10, true },
	[K_WBF] = { "watermark_boost_factor", 15000, true },
	[K_DEFRAG_MODE] = { "defrag_mode", 0, true },
};

const char *const cc_zf_names[ZF__N] = {
	[ZF_FREE] = "free", [ZF_BOOST] = "boost", [ZF_MIN] = "min",
	[ZF_LOW] = "low", [ZF_HIGH] = "high", [ZF_PROMO] = "promo",
	[ZF_SPANNED] = "spanned", [ZF_PRESENT] = "present",
	[ZF_MANAGED] = "managed", [ZF_CMA] = "cma", [ZF_START_PFN] = "start_pfn",
	[ZF_NR_FREE_BLOCKS] = "nr_free_pages_blocks",
	[ZF_NR_FREE_CMA] = "nr_free_cma", [ZF_PCP] = "pcp_count",
};

/* Kernel zone order (enum zone_type); names as zone_names[] prints them. */
static const char *const zone_types[] = {
	"DMA", "DMA32", "Normal", "HighMem", "Movable", "Device",
};

const char *cc_src_name(enum cc_src s)
{
	switch (s) {
	case CC_SRC_KERNEL: return "kernel";
	case CC_SRC_DERIVED: return "derived";
	case CC_SRC_ASSUMED: return "assumed";
	default: return "unknown";
	}
}

void cc_snapshot_init(struct cc_snapshot *s)
{
	memset(s, 0, sizeof(*s));
	s->compaction = -1;
	s->khugepaged_defrag = -1;
	s->pageblock_order = -1;
	s->thp_order = -1;
}

void cc_snapshot_free(struct cc_snapshot *s)
{
	int i;

	for (i = 0; i < s->nname_chunks; i++)
		free(s->name_chunks[i]);
	free(s->name_chunks);
	for (i = 0; i < s->nnotes; i++) {
		free(s->notes[i].file);
		free(s->notes[i].why);
	}
	for (i = 0; i < s->nnodes; i++)
		free(s->nodes[i].zones);
	free(s->vmstat);
	free(s->vmstat_slot);
	free(s->notes);
	free(s->nodes);
	memset(s, 0, sizeof(*s));
}

/* Where node id is in the sorted array, or would go: a binary search, as
 * parsers look a node up for every line (a scan was quadratic in nodes);
 * the last node first, since files list nodes in order. */
static int node_pos(const struct cc_snapshot *s, int id)
{
	int lo = 0, hi = s->nnodes;

	if (hi && s->nodes[hi - 1].id < id)
		return hi;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;

		if (s->nodes[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

struct cc_node *cc_node_get(struct cc_snapshot *s, int id, bool create)
{
	int i = node_pos(s, id);

	if (i < s->nnodes && s->nodes[i].id == id)
		return &s->nodes[i];
	if (!create || id < 0 || id > CC_MAX_NODE_ID)
		return NULL;
	/* grow at powers of two */
	if (!(s->nnodes & (s->nnodes - 1)))
		s->nodes = xrealloc(s->nodes, s->nnodes ? 2 * s->nnodes : 1, sizeof(*s->nodes));
	memmove(&s->nodes[i + 1], &s->nodes[i], (size_t)(s->nnodes - i) * sizeof(*s->nodes));
	memset(&s->nodes[i], 0, sizeof(s->nodes[i]));
	s->nodes[i].id = id;
	s->nnodes++;
	return &s->nodes[i];
}

long cc_known_page_size(const struct cc_snapshot *s)
{
	return s->page_size_src == CC_SRC_KERNEL || s->page_size_src == CC_SRC_DERIVED ?
	       s->page_size : 0;
}

const char *cc_zone_type_name(int t)
{
	return t >= 0 && t < (int)ARRAY_SIZE(zone_types) ? zone_types[t] : "?";
}

int cc_zone_type_index(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(zone_types); i++)
		if (!strcmp(zone_types[i], name))
			return (int)i;
	return -1;
}

struct cc_zone *cc_zone_get(struct cc_node *n, const char *name, bool create)
{
	int i, j, t;

	/* found by name: every line of the three buddy files looks its zone
	 * up; the type order matters only for a new one */
	for (i = 0; i < n->nzones; i++)
		if (!strcmp(n->zones[i].name, name))
			return &n->zones[i];
	t = cc_zone_type_index(name);
	if (!create || t < 0 || n->nzones >= CC_MAX_ZONES)
		return NULL;
	for (i = 0; i < n->nzones; i++)
		if (cc_zone_type_index(n->zones[i].name) > t)
			break;
	/* one more: a node holds only the zones that exist */
	n->zones = xrealloc(n->zones, n->nzones + 1, sizeof(*n->zones));
	for (j = n->nzones; j > i; j--)
		n->zones[j] = n->zones[j - 1];
	memset(&n->zones[i], 0, sizeof(n->zones[i]));
	snprintf(n->zones[i].name, sizeof(n->zones[i].name), "%s", name);
	n->nzones++;
	return &n->zones[i];
}

int cc_mt_index(struct cc_snapshot *s, const char *name, bool create)
{
	int i;

	for (i = 0; i < s->nmt; i++)
		if (!strcmp(s->mt_names[i], name))
			return i;
	if (!create || s->nmt >= CC_MAX_MT || strlen(name) >= sizeof(s->mt_names[0]))
		return -1;
	snprintf(s->mt_names[s->nmt], sizeof(s->mt_names[0]), "%s", name);
	return s->nmt++;
}

/*
 * The counters are looked up by name: once per line when parsed (a name
 * must not come twice) and by every view. An open-addressing hash of the
 * names (FNV-1a, linear probing) keeps both at one or two string
 * compares, where scanning the table cost 22,291 strcmp per status.
 */
static uint32_t name_hash(const char *name)
{
	uint32_t h = 2166136261u;

	for (; *name; name++)
		h = (h ^ (unsigned char)*name) * 16777619u;
	return h;
}

/* the slot holding name, or the free slot where it would go */
static int32_t *vmstat_slot(const struct cc_snapshot *s, const char *name)
{
	uint32_t mask = (uint32_t)s->vmstat_nslots - 1, i = name_hash(name) & mask;

	while (s->vmstat_slot[i] && strcmp(s->vmstat[s->vmstat_slot[i] - 1].name, name))
		i = (i + 1) & mask;
	return &s->vmstat_slot[i];
}

/* at most half full: twice the slots, every name placed again */
static void vmstat_rehash(struct cc_snapshot *s)
{
	int i;

	free(s->vmstat_slot);
	/* 512: room for 6.18's 190 counters without a rehash */
	s->vmstat_nslots = s->vmstat_nslots ? 2 * s->vmstat_nslots : 512;
	s->vmstat_slot = xcalloc((size_t)s->vmstat_nslots, sizeof(*s->vmstat_slot));
	for (i = 0; i < s->nvmstat; i++)
		*vmstat_slot(s, s->vmstat[i].name) = i + 1;
}

const struct cc_kv *cc_vmstat_find(const struct cc_snapshot *s, const char *name)
{
	int32_t *slot;

	if (!s->nvmstat)
		return NULL;
	slot = vmstat_slot(s, name);
	return *slot ? &s->vmstat[*slot - 1] : NULL;
}

/* a copy of name that lives as long as s: in 4 KiB chunks, one allocation
 * for a whole /proc/vmstat instead of one a counter (watch parses one a
 * frame: the allocations were a tenth of its CPU) */
static char *name_copy(struct cc_snapshot *s, const char *name)
{
	size_t n = strlen(name) + 1;
	char *p;

	if (!s->nname_chunks || s->name_used + n > s->name_cap) {
		s->name_cap = n > 4096 ? n : 4096;
		s->name_chunks = xrealloc(s->name_chunks, (size_t)s->nname_chunks + 1,
					  sizeof(*s->name_chunks));
		s->name_chunks[s->nname_chunks++] = xrealloc(NULL, s->name_cap, 1);
		s->name_used = 0;
	}
	p = s->name_chunks[s->nname_chunks - 1] + s->name_used;
	memcpy(p, name, n);
	s->name_used += n;
	return p;
}

int cc_vmstat_add(struct cc_snapshot *s, const char *name, uint64_t v)
{
	int32_t *slot;

	if (s->nvmstat >= CC_MAX_VMSTAT)
		return -1;
	if (!s->vmstat_nslots)
		vmstat_rehash(s);
	/* one walk of the hash finds a duplicate or the slot to fill (watch
	 * adds every counter of every frame) */
	slot = vmstat_slot(s, name);
	if (*slot)
		return -1;
	/* 64 at first, then twice as many each time it is full */
	if (!s->nvmstat || (s->nvmstat >= 64 && !(s->nvmstat & (s->nvmstat - 1))))
		s->vmstat = xrealloc(s->vmstat, s->nvmstat ? 2 * s->nvmstat : 64,
				     sizeof(*s->vmstat));
	s->vmstat[s->nvmstat].name = name_copy(s, name);
	s->vmstat[s->nvmstat].value = v;
	*slot = ++s->nvmstat;
	if (2 * s->nvmstat >= s->vmstat_nslots)
		vmstat_rehash(s);
	return 0;
}

void cc_add_note(struct cc_snapshot *s, const char *file, const char *why)
{
	s->notes = xrealloc(s->notes, s->nnotes + 1, sizeof(*s->notes));
	s->notes[s->nnotes].file = xstrdup(file);
	s->notes[s->nnotes].why = xstrdup(why);
	s->nnotes++;
}

long cc_knob(const struct cc_snapshot *s, enum cc_knob k)
{
	if (cc_knob_is_set(s, k))
		return s->knob[k];
	return cc_knobs[k].def;
}

/* "4.18.0-80.el8.x86_64" -> 4 and 18; false when the release does not
 * start with MAJOR.MINOR */
static bool release_version(const char *r, unsigned *major, unsigned *minor)
{
	unsigned v[2] = { 0, 0 };
	int i;

	for (i = 0; i < 2; i++) {
		if (!isdigit((unsigned char)*r))
			return false;
		while (isdigit((unsigned char)*r) && v[i] < 100000)
			v[i] = v[i] * 10 + (unsigned)(*r++ - '0');
		if (i == 0 && *r++ != '.')
			return false;
	}
	*major = v[0];
	*minor = v[1];
	return true;
}

int cc_proactive_compaction(const struct cc_snapshot *s, enum cc_src *src)
{
	unsigned major, minor;

	*src = CC_SRC_KERNEL;
	if (cc_knob_is_set(s, K_PROACTIVENESS))
		return 1;
	/* the tunables come from the kernel's own listing (/proc/sys/vm, or
	 * sysctl -a in a dump): one the kernel has is among them */
	if (s->knob_set)
		return 0;
	*src = CC_SRC_DERIVED;
	if (s->compaction == 0)
		return 0;
	if (release_version(s->kernel, &major, &minor))
		return major > 5 || (major == 5 && minor >= 9);
	*src = CC_SRC_UNKNOWN;
	return -1;
}

const struct cc_node *cc_node_find(const struct cc_snapshot *s, int id)
{
	int i = node_pos(s, id);

	return i < s->nnodes && s->nodes[i].id == id ? &s->nodes[i] : NULL;
}

const struct cc_zone *cc_zone_find(const struct cc_node *n, const char *name)
{
	int i;

	for (i = 0; n && i < n->nzones; i++)
		if (!strcmp(n->zones[i].name, name))
			return &n->zones[i];
	return NULL;
}

int cc_nodeset_parse(struct cc_nodeset *ns, const char *list)
{
	const char *p = list;

	memset(ns, 0, sizeof(*ns));
	if (!*p)
		return -1;
	while (*p) {
		unsigned long a, b;
		char *end;

		if (!isdigit((unsigned char)*p))
			return -1;
		a = strtoul(p, &end, 10);
		b = a;
		if (*end == '-') {
			p = end + 1;
			if (!isdigit((unsigned char)*p))
				return -1;
			b = strtoul(p, &end, 10);
		}
		if (a > b || b > CC_MAX_NODE_ID)
			return -1;
		for (; a <= b; a++)
			cc_nodeset_add(ns, (int)a);
		p = end;
		if (*p == ',')
			p++;
		else if (*p == '\n')
			p++;
		else if (*p)
			return -1;
	}
	return 0;
}

int cc_nodeset_next(const struct cc_nodeset *ns, int id)
{
	for (; id >= 0 && id <= CC_MAX_NODE_ID; id++)
		if (cc_nodeset_has(ns, id))
			return id;
	return -1;
}

int cc_nodes_parse(const char *arg, struct cc_nodeset *sel, struct cc_err *e)
{
	if (cc_nodeset_parse(sel, arg) < 0 || strchr(arg, '\n'))
		return cc_err_set(e, NULL, 0, "--node '%s': expected a node number, list (0,2) "
				  "or range (0-3)", arg), -EINVAL;
	return 0;
}

void cc_nodeset_format(const struct cc_nodeset *ns, char *buf, size_t n)
{
	size_t len = 0;
	int a, b;

	buf[0] = '\0';
	for (a = cc_nodeset_next(ns, 0); a >= 0 && len + 12 < n; a = cc_nodeset_next(ns, b + 1)) {
		for (b = a; b < CC_MAX_NODE_ID && cc_nodeset_has(ns, b + 1);)
			b++;
		if (b - a < 2)	/* one or two: listed */
			b = a;
		len += (size_t)snprintf(buf + len, n - len, len ? ",%d" : "%d", a);
		if (b > a)
			len += (size_t)snprintf(buf + len, n - len, "-%d", b);
	}
}

int cc_nodes_check(const struct cc_nodeset *sel, const struct cc_snapshot *s,
		   struct cc_err *e)
{
	struct cc_nodeset online = { { 0 } };
	char list[256];
	int id, i;

	for (id = cc_nodeset_next(sel, 0); id >= 0; id = cc_nodeset_next(sel, id + 1))
		if (!cc_node_find(s, id))
			break;
	if (id < 0)
		return 0;
	for (i = 0; i < s->nnodes; i++)
		cc_nodeset_add(&online, s->nodes[i].id);
	cc_nodeset_format(&online, list, sizeof(list));
	return cc_err_set(e, NULL, 0, "--node %d: no such node (online nodes: %s)", id,
			  list[0] ? list : "none"), -EINVAL;
}
