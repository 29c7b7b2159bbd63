// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * trace-replay DIR [--events|--text]: run the `trace` decoder and engine on a
 * capture made by scripts/capture-trace.sh (format files, cpuN.raw pages,
 * saved_cmdlines, zoneinfo, pagetypeinfo) and print the report as JSON
 * (cc_json_trace, with the vmstat deltas of vmstat-before/-after), or with
 * --events the JSON lines of --events, --text the text summary, --prom the
 * Prometheus metrics; all through the control-character filter, as the
 * command's output commit does.
 * tests/trace-replay.sh checks it against vmstat deltas and awk counts of
 * the kernel's own text (trace.txt) of the same buffer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "parse.h"
#include "path.h"
#include "trace-summary.h"
#include "views.h"

#include "capture.h"

static struct cc_tev *evs;
static size_t nev, cap;
static struct cc_tev_table tab;
static char comms[1 << 16][17];

static int on_record(const struct cc_tf_record *r, void *arg)
{
	struct cc_tev ev;

	if (cc_tev_decode(&tab, r, *(const int *)arg, &ev) != 1)
		return 0;
	if (ev.pid >= 0 && ev.pid < (1 << 16))
		snprintf(ev.comm, sizeof(ev.comm), "%s", comms[ev.pid]);
	if (nev == cap) {
		cap = cap ? cap * 2 : 4096;
		evs = xrealloc(evs, cap, sizeof(*evs));
	}
	evs[nev++] = ev;
	return 0;
}

static int on_page(int cpu, const uint8_t *data, size_t len, const char *path, void *arg,
		   struct cc_err *e)
{
	struct cc_tf_page_info info;

	return cc_tf_page_walk(arg, data, len, on_record, &cpu, &info, path, e);
}

static void cmdline(int pid, const char *comm, void *arg)
{
	(void)arg;
	if (pid < (1 << 16))
		snprintf(comms[pid], sizeof(comms[pid]), "%s", comm);
}

static struct cc_out out = { .command = "trace", .width = 80 };

static void on_run(const struct cc_ts_run *run, void *arg)
{
	struct cc_trace_event ev = { .t0 = *(uint64_t *)arg, .run = run };

	cc_json_trace_event(&out, &ev);
}

static void load_vmstat(const char *dir, const char *name, struct cc_snapshot *s)
{
	struct cc_file f;
	struct cc_err e;

	cc_snapshot_init(s);
	if (!capture_load(dir, name, &f, &e)) {
		cc_parse_vmstat(s, f.data, f.len, f.path, &e);
		cc_file_free(&f);
	}
}

int main(int argc, char **argv)
{
	struct cc_tsum_opts so = { 0 };
	struct cc_ts_zonemap zm = { 0 };
	struct cc_tf_page layout;
	struct cc_snapshot s, vm[2];
	struct cc_tsum *sum;
	struct cc_file f;
	struct cc_err e;
	uint64_t t0 = 0;
	size_t i;
	int n;
	char *buf = NULL;
	size_t len = 0;

	if (argc < 2)
		return 64;
	out.f = open_memstream(&buf, &len);
	if (cc_tev_load(&tab, &layout, CC_TEV_SET_TRACE, capture_read_format, argv[1], &e))
		goto fail;
	if (!capture_load(argv[1], "saved_cmdlines", &f, &e)) {
		cc_parse_saved_cmdlines(f.data, f.len, cmdline, NULL);
		cc_file_free(&f);
	}
	cc_snapshot_init(&s);
	if (!capture_load(argv[1], "zoneinfo", &f, &e) && !cc_parse_zoneinfo(&s, f.data, f.len, f.path, &e))
		cc_ts_zonemap_from(&zm, &s);
	cc_file_free(&f);
	if (!capture_load(argv[1], "pagetypeinfo", &f, &e)) {
		cc_parse_pagetypeinfo(&s, f.data, f.len, f.path, &e);
		cc_file_free(&f);
	}
	if (capture_pages(argv[1], false, on_page, &layout, &e))
		goto fail;
	cc_tev_sort(evs, nev);
	so.zones = &zm;
	so.pageblock_order = s.pageblock_order;
	if (argc > 2 && !strcmp(argv[2], "--events")) {
		so.on_run = on_run;
		so.arg = &t0;
		t0 = nev ? evs[0].ts : 0;
	}
	sum = cc_tsum_new(&so);
	for (i = 0; i < nev; i++)
		cc_tsum_feed(sum, &evs[i]);
	for (i = 0; i < nev; i++)
		cc_tev_clear(&evs[i]);
	cc_tsum_settle(sum, 0, 0);
	if (!so.on_run) {
		struct cc_trace_report *r = cc_tsum_report_mut(sum);
		struct cc_trace_view v = { r, 10, false, false };

		for (n = 0; n < s.nmt && n < CC_MAX_MT; n++)
			snprintf(r->mt_names[n], sizeof(r->mt_names[n]), "%s", s.mt_names[n]);
		load_vmstat(argv[1], "vmstat-before", &vm[0]);
		load_vmstat(argv[1], "vmstat-after", &vm[1]);
		r->vm_start = &vm[0];
		r->vm_now = &vm[1];
		r->window_s = (double)(nev ? evs[nev - 1].ts - evs[0].ts : 0) / 1e9;
		if (argc > 2 && !strcmp(argv[2], "--text"))
			cc_text_trace(&out, &v);
		else if (argc > 2 && !strcmp(argv[2], "--prom"))
			cc_prom_trace(&out, &v);
		else
			cc_json_trace(&out, &v);
		cc_snapshot_free(&vm[0]);
		cc_snapshot_free(&vm[1]);
	}
	cc_tsum_free(sum);
	fclose(out.f);
	cc_safe_text(stdout, buf, len, false);
	free(buf);
	cc_snapshot_free(&s);
	free(evs);
	return 0;
fail:
	cc_err_print(&e);
	return 1;
}
