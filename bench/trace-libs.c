// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * trace-libs CAPTURE_DIR: the evidence for decoding trace_pipe_raw by hand
 * rather than with libtracefs/libtraceevent (root, tracefs mounted at
 * /sys/kernel/tracing; built only when both libraries are installed).
 *   1. start-up: load the formats `trace` needs. libtracefs:
 *      tracefs_local_events_system() for compaction, kmem and ftrace, and
 *      tracefs_local_events() (every system, what trace-cmd loads); ours:
 *      parse the 17 format files and bind the fields by name. Time and the
 *      growth of RSS (VmRSS from /proc/self/status).
 *   2. decoding: every record of the capture's cpuN.raw pages, 200 times:
 *      ours (cc_tf_page_walk + cc_tev_decode: all fields of the event) vs
 *      libtraceevent (kbuffer + tep_data_type + tep_find_event + the same
 *      fields, their tep_format_field looked up once): ns per record.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event-parse.h>
#include <kbuffer.h>
#include <tracefs.h>

#include "parse.h"
#include "path.h"
#include "trace-events.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static long rss_kb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long v = -1;

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "VmRSS: %ld", &v) == 1)
			break;
	if (f)
		fclose(f);
	return v;
}

static struct cc_tev_table tab;
static struct cc_tf_page layout;

static int load_ours(void)
{
	static struct cc_tf_event ev;
	struct cc_file f;
	struct cc_err e;
	char p[512];
	int t;

	if (cc_read_user_file("/sys/kernel/tracing/events/header_page", &f, &e) ||
	    cc_parse_trace_format(&ev, f.data, f.len, f.path, &e) ||
	    cc_tf_page_layout(&layout, &ev, f.path, &e))
		return -1;
	cc_file_free(&f);
	for (t = 0; t < CC_TEV_NTYPES; t++) {
		snprintf(p, sizeof(p), "/sys/kernel/tracing/events/%s/format",
			 cc_tev_path((enum cc_tev_type)t));
		if (cc_read_user_file(p, &f, &e))
			continue;
		if (cc_parse_trace_format(&ev, f.data, f.len, f.path, &e) ||
		    cc_tev_bind(&tab, (enum cc_tev_type)t, &ev, p, &e))
			return -1;
		cc_file_free(&f);
	}
	return 0;
}

static uint64_t sink;

static int on_record(const struct cc_tf_record *r, void *arg)
{
	struct cc_tev ev;

	(void)arg;
	if (cc_tev_decode(&tab, r, 0, &ev) == 1) {
		sink += (uint64_t)ev.v[0] + (uint64_t)ev.v[1];
		cc_tev_clear(&ev);
	}
	return 0;
}

/* per event id: its fields, looked up by name once */
struct lib_ev {
	struct tep_event *ev;
	struct tep_format_field *f[8];
	int n;
};

int main(int argc, char **argv)
{
	const char *systems[] = { "compaction", "kmem", "ftrace", NULL };
	struct tep_handle *tep, *all;
	static struct lib_ev lev[65536];
	char *pages = NULL;
	size_t npages = 0, i;
	double t0, t1;
	long r0, r1;
	int rounds = 200, k;
	uint64_t recs = 0;

	if (argc < 2)
		return 64;
	r0 = rss_kb();
	t0 = now();
	if (load_ours())
		return 1;
	t1 = now();
	r1 = rss_kb();
	printf("startup ours (17 formats)             %8.2f ms  RSS +%ld KiB\n", (t1 - t0) * 1e3, r1 - r0);
	r0 = rss_kb();
	t0 = now();
	tep = tracefs_local_events_system(NULL, systems);
	t1 = now();
	r1 = rss_kb();
	printf("startup libtracefs (3 systems)        %8.2f ms  RSS +%ld KiB\n", (t1 - t0) * 1e3, r1 - r0);
	r0 = rss_kb();
	t0 = now();
	all = tracefs_local_events(NULL);
	t1 = now();
	r1 = rss_kb();
	printf("startup libtracefs (every system)     %8.2f ms  RSS +%ld KiB\n", (t1 - t0) * 1e3, r1 - r0);
	if (!tep || !all)
		return 1;
	for (k = 0; k < 2; k++) {
		char p[512];
		FILE *f;
		size_t n;

		snprintf(p, sizeof(p), "%s/cpu%d.raw", argv[1], k);
		f = fopen(p, "r");
		if (!f)
			continue;
		pages = realloc(pages, (npages + 512) * 4096);
		while ((n = fread(pages + npages * 4096, 1, 4096, f)) == 4096 && npages < 65536) {
			npages++;
			if (npages % 512 == 0)
				pages = realloc(pages, (npages + 512) * 4096);
		}
		fclose(f);
	}
	/* ours */
	t0 = now();
	for (k = 0; k < rounds; k++)
		for (i = 0; i < npages; i++) {
			struct cc_tf_page_info info;
			struct cc_err e;

			cc_tf_page_walk(&layout, (uint8_t *)pages + i * 4096, 4096, on_record, NULL,
					&info, "x", &e);
			recs += info.records;
		}
	t1 = now();
	printf("decode ours                 %9.1f ns/record (%llu records)\n",
	       (t1 - t0) * 1e9 / (double)recs, (unsigned long long)recs);
	/* libtraceevent */
	{
		struct kbuffer *kb = kbuffer_alloc(KBUFFER_LSIZE_8, KBUFFER_ENDIAN_LITTLE);
		uint64_t lrecs = 0;

		t0 = now();
		for (k = 0; k < rounds; k++)
			for (i = 0; i < npages; i++) {
				unsigned long long ts;
				void *data;

				if (kbuffer_load_subbuffer(kb, pages + i * 4096))
					continue;
				while ((data = kbuffer_read_event(kb, &ts))) {
					struct tep_record rec = { 0 };
					struct lib_ev *le;
					unsigned long long v;
					int id, j;

					rec.data = data;
					rec.size = kbuffer_event_size(kb);
					id = tep_data_type(tep, &rec);
					le = &lev[id & 0xffff];
					if (!le->ev) {
						struct tep_format_field *f;

						le->ev = tep_find_event(tep, id);
						if (!le->ev)
							goto next;
						for (f = le->ev->format.fields; f && le->n < 8; f = f->next)
							le->f[le->n++] = f;
					}
					for (j = 0; j < le->n; j++)
						if (!tep_read_number_field(le->f[j], data, &v))
							sink += v;
					lrecs++;
next:
					kbuffer_next_event(kb, NULL);
				}
			}
		t1 = now();
		printf("decode libtraceevent        %9.1f ns/record (%llu records)\n",
		       (t1 - t0) * 1e9 / (double)lrecs, (unsigned long long)lrecs);
		kbuffer_free(kb);
	}
	tep_free(tep);
	tep_free(all);
	free(pages);
	return sink == 42;
}
