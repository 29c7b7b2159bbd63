// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer harnesses for the map, chosen by FUZZ_TARGET:
 *   7 kpageflags: the first 8 bytes choose the parameters (order, pageblock
 *     order, max order, < 4.6 semantics, compact_unevictable_allowed, zone
 *     start, span, present, managed, an interleaving owner map), the rest is
 *     the file, read through an fd (memfd) in small chunks; then the engine
 *     and every view.
 *   8 page_owner: the parser, attributing to a small scanned zone.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "views.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct cc_out out;
static bool slow_path;

static int scan(const uint8_t *data, size_t size, struct cc_map_report *r,
		struct cc_map_params *p)
{
	static const uint8_t own_bits[4] = { 1, 0, 1, 1 };
	struct cc_map_owner own = { 16, 0, 4, own_bits };
	struct cc_map_zone *z;
	struct cc_err e;
	int fd, ret;

	memset(r, 0, sizeof(*r));
	if (size < 8)
		return -1;
	*p = (struct cc_map_params){
		.order = data[0] % 8, .pageblock_order = data[1] % 6,
		.max_order = 1 + data[2] % 5, .buddy_head_only = data[3] & 1,
		.unevictable_movable = data[3] & 2, .chunk_bytes = 8u << (data[3] >> 4),
		.page_by_page = slow_path,
	};
	r->page_size = 4096;
	r->order = p->order;
	r->pageblock_order = p->pageblock_order;
	r->max_order = p->max_order;
	r->zones = z = xcalloc(1, sizeof(*z));
	r->nzones = 1;
	z->node = 0;
	strcpy(z->name, "Normal");
	z->start_pfn = data[4] % 64;
	z->end_pfn = z->start_pfn + 1 + data[5] % 192;
	z->present = data[6];
	z->managed = data[7];
	z->have_managed = data[7] & 1;
	z->min_wmark = data[6] % 8;
	z->have_min = true;
	fd = memfd_create("kpageflags", MFD_CLOEXEC);
	if (fd < 0)
		return -1;
	if (write(fd, data + 8, size - 8) != (ssize_t)(size - 8)) {
		close(fd);
		return -1;
	}
	ret = cc_map_zone_init(z, p, &e);
	if (!ret)
		ret = cc_map_scan_zone(fd, "fuzz", p, (data[3] & 4) ? &own : NULL, z, &e);
	close(fd);
	if (!ret)
		cc_map_finish_zone(p, z);
	return ret;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cc_map_report r;
	struct cc_map_params p;

	if (!out.f) {
		out = (struct cc_out){ .f = fopen("/dev/null", "w"), .command = "map",
				       .width = 80 };
		if (!out.f)
			abort();
	}
#if FUZZ_TARGET == 7
	if (scan(data, size, &r, &p) == 0) {
		/* the whole-block fast path counts exactly what page() would */
		struct cc_map_report slow;
		struct cc_map_zone *a = &r.zones[0], *b;

		slow_path = true;
		if (scan(data, size, &slow, &p) == 0) {
			b = &slow.zones[0];
			if (memcmp(a->pages, b->pages, sizeof(a->pages)) ||
			    memcmp(a->blocks, b->blocks, sizeof(a->blocks)) ||
			    memcmp(a->hist, b->hist, sizeof(a->hist)) ||
			    memcmp(a->free_hist, b->free_hist, sizeof(a->free_hist)) ||
			    memcmp(a->blocker_pages, b->blocker_pages, sizeof(a->blocker_pages)) ||
			    memcmp(a->cls, b->cls, a->nblocks) ||
			    memcmp(&a->ceil, &b->ceil, sizeof(a->ceil)))
				abort();
		}
		slow_path = false;
		cc_map_report_free(&slow);
		r.with_blocks = true;
		cc_json_map(&out, &r);
		cc_text_map(&out, &r);
		cc_svg_map(&out, &r);
		cc_prom_map(&out, &r);
	}
	cc_map_report_free(&r);
#elif FUZZ_TARGET == 8
	{
		/* a fixed little zone to attribute to: every page blocked */
		static const uint8_t fixed[8 + 64 * 8] = { 2, 2, 3, 0, 0, 63, 64, 64 };
		struct cc_owner_acc *acc;
		struct cc_err e;
		char *buf = malloc(size + 1);

		if (buf && scan(fixed, sizeof(fixed), &r, &p) == 0) {
			memcpy(buf, data, size);
			acc = cc_owner_acc_new(&r);
			(void)cc_parse_page_owner(buf, size, "fuzz", cc_owner_acc_add, acc, &e);
			cc_owner_acc_finish(acc, &r, 10);
			r.owner = CC_OWNER_ON;
			cc_text_map(&out, &r);
			cc_json_map(&out, &r);
		}
		free(buf);
		cc_map_report_free(&r);
	}
#else
#error "FUZZ_TARGET 7 or 8"
#endif
	return 0;
}
