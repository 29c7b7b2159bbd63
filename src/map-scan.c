// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kpageflags scan: stream a zone's PFN range from an fd in large
 * chunks, classify every page, and every aligned block of order k.
 * Pure apart from pread(): tests and the fuzzer feed it any file.
 *
 * Semantics [fs/proc/page.c: stable_page_flags, v6.12 and mainline]:
 * most bits come from the folio (tail pages of a THP report LRU, ...);
 * BUDDY is on every page of a free block since v4.6 (832fc1de01ae), only
 * on its head before; NOPAGE marks PFNs without an online memmap.
 */
#include "map.h"

#include <endian.h>
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const struct cc_pkind_desc cc_pkinds[PK__N] = {
	[PK_HOLE] = { "hole", "hole" },
	[PK_FREE] = { "free", "free" },
	[PK_MOVABLE] = { "movable", "movable" },
	[PK_HUGE] = { "huge", "huge folio" },
	[PK_UNINIT] = { "uninitialised", "uninitialised" },
	[PK_SLAB] = { "slab", "slab" },
	[PK_PGTABLE] = { "pgtable", "page tables" },
	[PK_RESERVED] = { "reserved", "reserved" },
	[PK_HUGETLB] = { "hugetlb", "hugetlb < pageblock" },
	[PK_ZERO] = { "zero_page", "zero page" },
	[PK_HWPOISON] = { "hwpoison", "hwpoison" },
	[PK_UNEVICTABLE] = { "unevictable", "unevictable" },
	[PK_OFFLINE] = { "offline", "offline/balloon" },
	[PK_HUGE_PART] = { "huge_folio_part", "huge folio < block" },
	[PK_NONLRU] = { "non_lru", "non-LRU" },
	[PK_KERNEL] = { "kernel", "kernel (no flags)" },
};

const char cc_bclass_letter[BC__N] = { 'F', 'C', 'T', 'U', 'I', 'H', 'P' };
const char *const cc_bclass_name[BC__N] = {
	"free", "candidate", "huge", "blocked", "uninitialised", "hole", "partial",
};
const char *const cc_map_hist_label[CC_MAP_NHIST] = { "1", "2-8", "9-64", ">64" };

int cc_map_hist_bucket(uint64_t n)
{
	return n <= 1 ? 0 : n <= 8 ? 1 : n <= 64 ? 2 : 3;
}

/* Bits a tail page takes from its head on kernels that did not copy the
 * folio's flags yet (before 6.x, SLAB before 4.6). */
#define INHERIT (KPF(KPF_LRU) | KPF(KPF_SLAB) | KPF(KPF_THP) | KPF(KPF_HUGE) | \
		 KPF(KPF_UNEVICTABLE) | KPF(KPF_MLOCKED) | KPF(KPF_RESERVED) | \
		 KPF(KPF_ZERO_PAGE))
/* A user page waiting in a per-CPU LRU batch has these but not LRU yet:
 * MMAP 11, ANON 12, SWAPCACHE 13, SWAPBACKED 14, UPTODATE 3, DIRTY 4,
 * WRITEBACK 8, KSM 21. Compaction drains the batches (lru_add_drain). */
#define USER_PAGE (KPF(11) | KPF(12) | KPF(13) | KPF(14) | KPF(3) | KPF(4) | \
		   KPF(8) | KPF(21))

struct scan {
	const struct cc_map_params *p;
	struct cc_map_zone *z;
	/* the folio the current page belongs to */
	bool in_folio, folio_huge;
	uint64_t folio_flags;
	/* free blocks: the run of BUDDY pages (>= 4.6), the head's extent (< 4.6) */
	uint64_t run_start, run_len;
	uint64_t buddy_left;
	/* the current block */
	uint32_t bc[PK__N];
	uint32_t outside;
	bool single;		/* head at its first page, tails after */
	/* memory-block ownership cache */
	const struct cc_map_owner *own;
	uint64_t own_lo, own_hi;
	bool own_in;
};

int cc_map_zone_init(struct cc_map_zone *z, const struct cc_map_params *p,
		     struct cc_err *e)
{
	uint64_t B = 1ull << p->order, end;

	z->first_pfn = z->start_pfn & ~(B - 1);
	end = (z->end_pfn + B - 1) & ~(B - 1);
	z->nblocks = (end - z->first_pfn) >> p->order;
	if (z->nblocks > CC_MAP_MAX_BLOCKS)
		return cc_err_set(e, NULL, 0,
				  "node %d zone %s: %llu blocks of order %d, more than %u: "
				  "use a larger --order", z->node, z->name,
				  (unsigned long long)z->nblocks, p->order, CC_MAP_MAX_BLOCKS);
	z->cls = xcalloc(z->nblocks, 1);
	z->cnt = xcalloc(z->nblocks, sizeof(*z->cnt));
	return 0;
}

void cc_map_zone_free(struct cc_map_zone *z)
{
	free(z->cls);
	free(z->cnt);
	z->cls = NULL;
	z->cnt = NULL;
}

static int ilog2_u64(uint64_t v)
{
	return 63 - __builtin_clzll(v);
}

/* Split a run of free pages greedily into naturally aligned power-of-two
 * blocks of at most 2^max_order: the buddy allocator's blocks, since two
 * free buddies always merge (kernel-interfaces.md 4.3). */
static void end_run(struct scan *s)
{
	uint64_t a = s->run_start, len = s->run_len;

	while (len) {
		int o = a ? __builtin_ctzll(a) : s->p->max_order;

		if (o > s->p->max_order)
			o = s->p->max_order;
		while ((1ull << o) > len)
			o--;
		if (o < CC_MAX_ORDERS)
			s->z->free_hist[o]++;
		a += 1ull << o;
		len -= 1ull << o;
	}
	s->run_len = 0;
}

/* < 4.6: BUDDY on the head only; the tails have no flags. The extent is the
 * largest aligned power of two of flag-less pages after the head: an upper
 * estimate (a flag-less kernel page right after a free one looks free too). */
static uint64_t head_only_extent(const struct scan *s, uint64_t pfn,
				 const uint64_t *buf, size_t i, size_t n)
{
	uint64_t L = 1;

	while ((int)ilog2_u64(L) < s->p->max_order && pfn % (2 * L) == 0 &&
	       i + 2 * L <= n) {
		uint64_t j;

		for (j = L; j < 2 * L; j++)
			if (le64toh(buf[i + j]))
				return L;
		L *= 2;
	}
	return L;
}

/* A head whose folio covers its whole pageblock: order >= pageblock_order.
 * Such a folio is aligned to its size, so its first pageblock holds only
 * its tails; chunks are aligned to pageblocks, so they are all in buf. */
static bool huge_head(const struct scan *s, uint64_t pfn, uint64_t f,
		      const uint64_t *buf, size_t i, size_t n)
{
	uint64_t pb = 1ull << s->p->pageblock_order, j;

	if (!(f & (KPF(KPF_THP) | KPF(KPF_HUGE))) || pfn % pb || i + pb > n)
		return false;
	for (j = 1; j < pb; j++)
		if (!(le64toh(buf[i + j]) & KPF(KPF_COMPOUND_TAIL)))
			return false;
	return true;
}

static enum cc_pkind classify(struct scan *s, uint64_t pfn, uint64_t f,
			      const uint64_t *buf, size_t i, size_t n)
{
	bool huge;

	if (f & KPF(KPF_NOPAGE)) {
		s->in_folio = false;
		return PK_HOLE;
	}
	if (f & KPF(KPF_COMPOUND_HEAD)) {
		s->in_folio = true;
		s->folio_flags = f;
		s->folio_huge = huge_head(s, pfn, f, buf, i, n);
	} else if (f & KPF(KPF_COMPOUND_TAIL)) {
		if (s->in_folio)
			f |= s->folio_flags & INHERIT;
	} else {
		s->in_folio = false;
	}
	huge = s->in_folio && s->folio_huge &&
	       (f & (KPF(KPF_COMPOUND_HEAD) | KPF(KPF_COMPOUND_TAIL)));

	if (f & KPF(KPF_HWPOISON))
		return PK_HWPOISON;
	if (f & KPF(KPF_BUDDY))
		return PK_FREE;
	if (s->buddy_left) {
		s->buddy_left--;
		if (!f)
			return PK_FREE;
		s->buddy_left = 0;
	}
	if (huge)
		return PK_HUGE;
	if (f & KPF(KPF_HUGE))
		return PK_HUGETLB;
	if (f & KPF(KPF_ZERO_PAGE))
		return PK_ZERO;
	if (f & KPF(KPF_SLAB))
		return PK_SLAB;
	if (f & KPF(KPF_PGTABLE))
		return PK_PGTABLE;
	if (f & KPF(KPF_RESERVED))
		return PK_RESERVED;
	if (f & KPF(KPF_OFFLINE))
		return PK_OFFLINE;
	if (f & (KPF(KPF_LRU) | KPF(KPF_THP) | USER_PAGE)) {
		/* [mm/compaction.c: isolate_migratepages_block: unevictable
		 * folios only with ISOLATE_UNEVICTABLE, i.e. when
		 * sysctl_compact_unevictable_allowed] */
		if ((f & (KPF(KPF_UNEVICTABLE) | KPF(KPF_MLOCKED))) &&
		    !s->p->unevictable_movable)
			return PK_UNEVICTABLE;
		return PK_MOVABLE;
	}
	return f ? PK_NONLRU : PK_KERNEL;
}

static void add_blocker(struct cc_map_zone *z, enum cc_pkind k, uint64_t pages)
{
	if (!pages)
		return;
	z->blocker_blocks[k]++;
	z->blocker_pages[k] += pages;
}

/* The block ends: decide its class. Flag-less blocks wait for the engine
 * (BC_Z): uninitialised memory, or kernel pages. */
static void end_block(struct scan *s, uint64_t idx)
{
	const struct cc_map_params *p = s->p;
	struct cc_map_zone *z = s->z;
	uint32_t B = 1u << p->order, *bc = s->bc, imm = 0, hugepart = 0;
	enum cc_bclass c;
	int k;

	for (k = PK_FIRST_BLOCKER; k < PK__N; k++)
		imm += bc[k];
	/* a folio of >= pageblock order is never migrated [mm/compaction.c:
	 * skip_isolation_on_order]: inside a larger block it blocks it */
	if (bc[PK_HUGE] && !(bc[PK_HUGE] == B && (p->order <= p->pageblock_order || s->single)))
		hugepart = bc[PK_HUGE];

	if (s->outside)
		c = BC_P;
	else if (bc[PK_HOLE])
		c = BC_H;
	else if (bc[PK_KERNEL] == B)
		c = BC_Z;
	else if (imm + hugepart)
		c = BC_U;
	else if (bc[PK_FREE] == B)
		c = BC_F;
	else if (bc[PK_HUGE] == B)
		c = BC_T;
	else
		c = BC_C;

	z->cls[idx] = (uint8_t)c;
	z->blocks[c]++;
	if (c == BC_C)
		z->cnt[idx] = bc[PK_MOVABLE];
	else if (c == BC_Z)
		z->cnt[idx] = B;
	else if (c == BC_U) {
		z->cnt[idx] = imm + hugepart;
		for (k = PK_FIRST_BLOCKER; k < PK__N; k++)
			add_blocker(z, (enum cc_pkind)k, bc[k]);
		add_blocker(z, PK_HUGE_PART, hugepart);
		z->hist[cc_map_hist_bucket(imm + hugepart)]++;
	}
	memset(bc, 0, sizeof(s->bc));
	s->outside = 0;
	s->single = false;
}

static bool owned(struct scan *s, uint64_t pfn)
{
	const struct cc_map_owner *o = s->own;
	uint64_t b;

	if (!o || !o->block_pages)
		return true;
	if (pfn >= s->own_lo && pfn < s->own_hi)
		return s->own_in;
	b = pfn / o->block_pages;
	s->own_lo = b * o->block_pages;
	s->own_hi = s->own_lo + o->block_pages;
	/* a block missing from sysfs (offline, or no memory directory) reads
	 * as holes anyway: count it as the zone's */
	s->own_in = b < o->first || b - o->first >= o->n || o->belongs[b - o->first];
	return s->own_in;
}

static void page(struct scan *s, uint64_t pfn, uint64_t f, const uint64_t *buf,
		 size_t i, size_t n)
{
	struct cc_map_zone *z = s->z;
	uint64_t B = 1ull << s->p->order;
	bool in = pfn >= z->start_pfn && pfn < z->end_pfn && owned(s, pfn);
	bool inblk = pfn >= z->first_pfn && pfn - z->first_pfn < (z->nblocks << s->p->order);
	enum cc_pkind k;

	if (inblk && (pfn & (B - 1)) == 0)
		s->single = (f & KPF(KPF_COMPOUND_HEAD)) != 0;
	else if (!(f & KPF(KPF_COMPOUND_TAIL)))
		s->single = false;

	if (in && s->p->buddy_head_only && (f & KPF(KPF_BUDDY)) && !s->buddy_left) {
		uint64_t L = head_only_extent(s, pfn, buf, i, n);

		s->buddy_left = L - 1;
		if (ilog2_u64(L) < CC_MAX_ORDERS)
			z->free_hist[ilog2_u64(L)]++;
	}
	k = classify(s, pfn, f, buf, i, n);
	if (!in) {
		s->buddy_left = 0;
		if (s->run_len)
			end_run(s);
		if (inblk)
			s->outside++;
	} else {
		z->pages[k]++;
		s->bc[k]++;
		if (!s->p->buddy_head_only) {
			if (k == PK_FREE) {
				if (!s->run_len)
					s->run_start = pfn;
				s->run_len++;
			} else if (s->run_len) {
				end_run(s);
			}
		}
	}
	if (inblk && ((pfn + 1) & (B - 1)) == 0)
		end_block(s, (pfn - z->first_pfn) >> s->p->order);
}

/*
 * Most blocks of a large machine are uniform: all free, all holes, or all
 * flag-less (uninitialised). When a whole block inside the zone (and inside
 * one memory block) holds one such value, it is counted at once: the same
 * result as page() for each page, at a fraction of the cost.
 */
static bool uniform_block(struct scan *s, uint64_t pfn, const uint64_t *buf, size_t i,
			  size_t n, enum cc_pkind *kind)
{
	uint64_t B = 1ull << s->p->order, v = buf[i], j;
	struct cc_map_zone *z = s->z;

	if (B < 8 || (pfn & (B - 1)) || i + B > n || pfn < z->start_pfn ||
	    pfn + B > z->end_pfn || s->p->buddy_head_only || s->p->page_by_page)
		return false;
	if (v == htole64(KPF(KPF_BUDDY)))
		*kind = PK_FREE;
	else if (v == htole64(KPF(KPF_NOPAGE)))
		*kind = PK_HOLE;
	else if (v == 0)
		*kind = PK_KERNEL;
	else
		return false;
	for (j = 1; j < B; j++)
		if (buf[i + j] != v)
			return false;
	if (s->own && (!owned(s, pfn) || pfn + B > s->own_hi))
		return false;
	return true;
}

static void bulk_block(struct scan *s, uint64_t pfn, enum cc_pkind k)
{
	uint64_t B = 1ull << s->p->order;

	s->z->pages[k] += B;
	s->bc[k] = (uint32_t)B;
	s->in_folio = false;
	s->single = false;
	if (k == PK_FREE) {
		if (!s->run_len)
			s->run_start = pfn;
		s->run_len += B;
	} else if (s->run_len) {
		end_run(s);
	}
	end_block(s, (pfn - s->z->first_pfn) >> s->p->order);
}

/* One chunk of the file: pread until n entries or EOF; bytes read, or -errno */
static ssize_t read_chunk(int fd, uint64_t *buf, uint64_t pfn, size_t n)
{
	size_t got = 0;

	while (got < n * 8) {
		ssize_t rd = pread(fd, (char *)buf + got, n * 8 - got, (off_t)(pfn * 8 + got));

		if (rd < 0 && errno == EINTR)
			continue;
		if (rd < 0)
			return -errno;
		if (rd == 0)
			break;
		got += (size_t)rd;
	}
	return (ssize_t)got;
}

/*
 * The kernel spends its time filling each chunk (stable_page_flags per PFN);
 * a reader thread fills the next chunk while this one is classified, so the
 * scan costs about what reading the file costs. Two chunk buffers, in turn.
 */
struct chunks {
	int fd;
	uint64_t from, to, chunk;
	uint64_t *buf[2];
	ssize_t got[2];
	sem_t full, empty;
	int stop;
	bool threaded;
	pthread_t thread;
};

static size_t chunk_len(const struct chunks *c, uint64_t pfn)
{
	return (size_t)(c->to - pfn < c->chunk ? c->to - pfn : c->chunk);
}

static void *reader(void *arg)
{
	struct chunks *c = arg;
	uint64_t pfn;
	int k = 0;

	for (pfn = c->from; pfn < c->to; pfn += c->chunk, k ^= 1) {
		while (sem_wait(&c->empty) < 0)
			;
		if (__atomic_load_n(&c->stop, __ATOMIC_ACQUIRE))
			break;
		c->got[k] = read_chunk(c->fd, c->buf[k], pfn, chunk_len(c, pfn));
		sem_post(&c->full);
	}
	return NULL;
}

static void chunks_start(struct chunks *c)
{
	c->buf[0] = xcalloc(c->chunk, 8);
	c->buf[1] = xcalloc(c->chunk, 8);
	/* a thread pays off over a few chunks; without one, read in turn */
	c->threaded = c->to - c->from > 4 * c->chunk && !sem_init(&c->full, 0, 0) &&
		      !sem_init(&c->empty, 0, 2) &&
		      !pthread_create(&c->thread, NULL, reader, c);
}

/* chunk k (0 or 1) at pfn, read by the thread or now */
static ssize_t chunks_next(struct chunks *c, int k, uint64_t pfn)
{
	if (!c->threaded)
		return read_chunk(c->fd, c->buf[k], pfn, chunk_len(c, pfn));
	while (sem_wait(&c->full) < 0)
		;
	return c->got[k];
}

static void chunks_done(struct chunks *c)
{
	if (c->threaded) {
		sem_post(&c->empty);
		pthread_join(c->thread, NULL);
		sem_destroy(&c->full);
		sem_destroy(&c->empty);
	}
	free(c->buf[0]);
	free(c->buf[1]);
}

int cc_map_scan_zone(int fd, const char *path, const struct cc_map_params *p,
		     const struct cc_map_owner *own, struct cc_map_zone *z,
		     struct cc_err *e)
{
	int u = p->order, k = 0;
	uint64_t unit, pfn;
	struct scan s = { .p = p, .z = z, .own = own };
	struct chunks c = { .fd = fd };
	int r = 0;

	if (p->pageblock_order > u)
		u = p->pageblock_order;
	if (p->max_order > u)
		u = p->max_order;
	unit = 1ull << u;
	/* 128 KiB a read: the kernel's work per page frame is the cost, not
	 * the reads (1 MiB was no faster); 128 KiB costs 1 % more time than
	 * 256 KiB (the reader thread's hand-offs), 64 KiB 6 %, and each halving
	 * of the two buffers takes its size off the peak RSS of export */
	c.chunk = (p->chunk_bytes ? p->chunk_bytes : 1u << 17) / 8;
	c.chunk = c.chunk < unit ? unit : c.chunk / unit * unit;
	c.from = z->start_pfn & ~(unit - 1);
	c.to = (z->end_pfn + unit - 1) & ~(unit - 1);
	chunks_start(&c);

	for (pfn = c.from; pfn < c.to; pfn += c.chunk, k ^= 1) {
		size_t n = chunk_len(&c, pfn), i, got;
		ssize_t rd = chunks_next(&c, k, pfn);
		uint64_t *buf = c.buf[k];

		if (rd < 0) {
			r = (int)rd;
			cc_err_set(e, path, 0, "reading PFN %#llx: %s",
				   (unsigned long long)pfn, strerror((int)-rd));
			goto out;
		}
		/* past the end of the file (max_pfn): no memmap, a hole; an
		 * odd trailing byte count cannot come from the kernel */
		got = (size_t)rd & ~(size_t)7;
		for (i = got / 8; i < n; i++) {
			buf[i] = htole64(KPF(KPF_NOPAGE));
			if (pfn + i >= z->start_pfn && pfn + i < z->end_pfn)
				z->pages_past_eof++;
		}
		for (i = 0; i < n;) {
			enum cc_pkind kind;

			if (uniform_block(&s, pfn + i, buf, i, n, &kind)) {
				bulk_block(&s, pfn + i, kind);
				i += (size_t)1 << p->order;
			} else {
				page(&s, pfn + i, le64toh(buf[i]), buf, i, n);
				i++;
			}
		}
		if (c.threaded)
			sem_post(&c.empty);
	}
	if (s.run_len)
		end_run(&s);
out:
	__atomic_store_n(&c.stop, 1, __ATOMIC_RELEASE);
	chunks_done(&c);
	return r;
}
