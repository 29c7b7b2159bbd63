// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer harnesses for `trace`, chosen by TRACE_TARGET:
 *   1 a format file: parsed, its symbols looked up, bound to every event type;
 *   2 ring-buffer pages (the input cut in 4096-byte pages), decoded with the
 *     6.18 format files (FORMATS_DIR), fed in order to the engine, and the
 *     report and the --events lines rendered (to /dev/null);
 *   3 the same pages through compact's reader (parse-trace.c), CPU 0 and 1
 *     in turn, with and without a PID, and what its records say.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "path.h"
#include "trace-summary.h"
#include "trace.h"
#include "views.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct cc_out out = { .command = "trace" };

#if TRACE_TARGET >= 2
static struct cc_tev_table tab;
static struct cc_tf_page layout;

/* the 6.18 format files, flat: events/SYSTEM/NAME/format -> NAME.format */
static int read_format(const char *rel, struct cc_file *f, void *arg, struct cc_err *e)
{
	const char *name = strrchr(rel, '/');
	char p[4096];

	(void)arg;
	if (!strcmp(rel, "events/header_page")) {
		snprintf(p, sizeof(p), "%s/header_page", FORMATS_DIR);
	} else {
		const char *ev = name;

		while (ev > rel && ev[-1] != '/')
			ev--;
		snprintf(p, sizeof(p), "%s/%.*s.format", FORMATS_DIR, (int)(name - ev), ev);
	}
	return cc_read_user_file(p, f, e);
}

static void setup(unsigned want)
{
	struct cc_err e;

	if (cc_tev_load(&tab, &layout, want, read_format, NULL, &e))
		abort();
}
#endif

#if TRACE_TARGET == 2
static struct cc_tsum *sum;


static void on_run(const struct cc_ts_run *run, void *arg)
{
	struct cc_trace_event ev = { .run = run };

	(void)arg;
	cc_text_trace_event(&out, &ev);
	cc_json_trace_event(&out, &ev);
}

static void on_extfrag(const struct cc_tev *x, const struct cc_tev *stack, void *arg)
{
	struct cc_trace_event ev = { .extfrag = x, .alloc_mt = "U", .fallback_mt = "M",
				     .have_stack = stack != NULL };
	int i;

	(void)arg;
	for (i = 0; stack && i < stack->nstack; i++)
		snprintf(ev.stack[ev.nstack++], sizeof(ev.stack[0]), "0x%llx",
			 (unsigned long long)stack->stack[i]);
	cc_text_trace_event(&out, &ev);
	cc_json_trace_event(&out, &ev);
}

static int on_record(const struct cc_tf_record *r, void *arg)
{
	struct cc_tev ev;

	if (cc_tev_decode(&tab, r, 0, &ev) == 1) {
		cc_tsum_feed(sum, &ev);
		cc_tev_clear(&ev);
	}
	(void)arg;
	return 0;
}
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!out.f)
		out.f = fopen("/dev/null", "w");
#if TRACE_TARGET == 1
	{
		static struct cc_tf_event ev;
		static struct cc_tev_table tab1;
		char *buf = malloc(size + 1);
		struct cc_err e;
		int t;

		if (!buf)
			return 0;
		memcpy(buf, data, size);
		buf[size] = '\0';
		if (!cc_parse_trace_format(&ev, buf, size, "fuzz", &e)) {
			(void)cc_tf_symbol(&ev, "ret", 4);
			(void)cc_tf_symbol(&ev, "idx", 2);
			for (t = 0; t < CC_TEV_NTYPES; t++) {
				memset(&tab1, 0, sizeof(tab1));
				(void)cc_tev_bind(&tab1, (enum cc_tev_type)t, &ev, "fuzz", &e);
			}
		}
		free(buf);
	}
#elif TRACE_TARGET == 2
	{
		struct cc_tsum_opts o = { .pageblock_order = 9, .on_run = on_run,
					  .on_extfrag = on_extfrag };
		uint8_t page[4096];
		size_t off;

		if (!tab.have[CC_TEV_TRY])
			setup(CC_TEV_SET_TRACE);
		sum = cc_tsum_new(&o);
		for (off = 0; off < size; off += sizeof(page)) {
			struct cc_tf_page_info info;
			struct cc_err e;
			size_t n = size - off < sizeof(page) ? size - off : sizeof(page);

			memset(page, 0, sizeof(page));
			memcpy(page, data + off, n);
			(void)cc_tf_page_walk(&layout, page, n, on_record, NULL, &info, "fuzz", &e);
		}
		cc_tsum_settle(sum, 0, 0);
		{
			struct cc_trace_view v = { cc_tsum_report(sum), 10, false, false };

			cc_text_trace(&out, &v);
			cc_json_trace(&out, &v);
			cc_prom_trace(&out, &v);
		}
		cc_tsum_free(sum);
	}
#elif TRACE_TARGET == 3
	{
		struct cc_snapshot s;
		struct cc_trace_reader rd;
		struct cc_trace t;
		struct cc_err e;
		uint8_t page[4096];
		size_t off;

		if (!tab.have[CC_TEV_BEGIN])
			setup(CC_TEV_SET_COMPACT);
		/* the compacting shell of the seed (tests/data/trace-6.18-compact) */
		cc_trace_reader_init(&rd, &tab, &layout, size % 2 ? 26709 : 0);
		for (off = 0; off < size; off += sizeof(page)) {
			size_t n = size - off < sizeof(page) ? size - off : sizeof(page);

			memset(page, 0, sizeof(page));
			memcpy(page, data + off, n);
			(void)cc_trace_read_page(&rd, (int)(off / sizeof(page) % 2), page, n,
						 "fuzz", &e);
		}
		if (cc_trace_reader_finish(&rd, &t, &e) == 0) {
			uint64_t v;
			int i;

			cc_snapshot_init(&s);
			cc_trace_resolve(&t, &s);
			(void)cc_trace_cut_short(&t);
			for (i = 0; i < t.nzones; i++)
				(void)cc_trace_coverage(&t.zones[i]);
			for (i = 0; cc_trace_sum_keys[i]; i++)
				(void)cc_trace_sum(&t, cc_trace_sum_keys[i], &v);
			cc_trace_free(&t);
			cc_snapshot_free(&s);
		}
	}
#else
#error "TRACE_TARGET 1 to 3"
#endif
	return 0;
}
