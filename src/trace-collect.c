// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Live collection for `compactctl trace` (kernel-interfaces.md 5.2):
 *  - a private instance (cc_tracer_create: never the global buffer, nothing
 *    shared changed), system-wide (no set_event_pid), trace_clock "mono" so
 *    record times compare with CLOCK_MONOTONIC;
 *  - mm_compaction_finished fires at every step of compact_zone(); a kernel
 *    filter keeps only the verdicts that end a run (ret != continue, the
 *    value read from its format file);
 *  - per-CPU buffers sized from the event rate, not fixed large: 1 MiB per
 *    CPU, read every 100 ms; when one poll finds more than a quarter of a
 *    CPU's buffer filled, the poll interval halves (down to 10 ms), and only
 *    then does the buffer double (up to 16 MiB). Resizing a recording
 *    buffer disables recording while pages are added, and the kernel counts
 *    the events it drops then nowhere (ring_buffer_resize, measured: a
 *    mid-run resize lost 18 of 316 stalls, none counted as overrun), so a
 *    resize marks the report's lost events as "some, count unknown";
 *  - binary pages from per_cpu/cpuN/trace_pipe_raw (O_NONBLOCK), decoded by
 *    field name (tracefmt.h), merged across CPUs by timestamp, holding back
 *    the last 100 ms so a late CPU cannot put an event out of order;
 *  - lost events from each CPU's stats (overrun, dropped events) and the
 *    pages' missed-events flags.
 * Decision on libtracefs/libtraceevent: see tracefmt.h and the report.
 */
#include "trace-collect.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parse.h"
#include "signals.h"
#include "sysroot.h"
#include "trace.h"

#define HOLD_NS 100000000ull
#define MIN_KB 1024
#define MAX_KB 16384
#define COMM_BUCKETS 512

struct comm_ent {
	int pid;
	int next;
	char comm[17];
};

struct cpu_reader {
	int cpu;
	int fd;
	uint64_t bytes;		/* read in the current poll */
};

struct cc_tcol {
	struct cc_tracer tr;
	struct cc_tev_table tab;
	struct cc_tf_page layout;
	struct cpu_reader *cpus;
	int ncpus;
	uint8_t *page;
	size_t page_size;
	unsigned kb;
	int poll_ms;
	bool resized;
	bool mono;
	/* decoded events waiting for their turn */
	struct cc_tev *q;
	size_t nq, qcap;
	uint64_t seq;
	uint64_t missed;
	bool missed_unknown;
	/* pid -> comm */
	struct comm_ent *comms;
	int ncomms, ccap;
	int cbucket[COMM_BUCKETS];
	bool cmdlines_read;
	struct cc_ts_zonemap zmap;
	char mt_names[CC_MAX_MT][16];
	int nmt;
	/* counters at the start */
	struct cc_snapshot vm0;
	bool have_vm0;
	uint64_t psi_some0, psi_full0;
	bool have_psi0;
	struct cc_ts_mthp mthp0[CC_TS_MAX_MTHP];
	int nmthp;
	double t_start;
	struct cc_err err;	/* first decoding error */
	bool have_err;
};

static int inst_path(const struct cc_tcol *c, char *buf, size_t n, const char *rel)
{
	return snprintf(buf, n, "%s/%s", c->tr.inst, rel) >= (int)n ? -1 : 0;
}

static int inst_write(struct cc_tcol *c, const char *rel, const char *val, struct cc_err *e)
{
	char p[PATH_MAX];

	if (inst_path(c, p, sizeof(p), rel) < 0)
		return cc_err_set(e, rel, 0, "path too long");
	return cc_write_file(p, val, e) ? -1 : 0;
}

static int read_format(struct cc_tcol *c, const char *rel, struct cc_tf_event *ev,
		       struct cc_err *e)
{
	char p[PATH_MAX];
	struct cc_file f;
	int r;

	if (inst_path(c, p, sizeof(p), rel) < 0)
		return cc_err_set(e, rel, 0, "path too long");
	if (cc_read_file(p, &f, e))
		return -1;
	r = cc_parse_trace_format(ev, f.data, f.len, f.path, e);
	cc_file_free(&f);
	return r;
}

static int load_formats(struct cc_tcol *c, struct cc_err *e)
{
	struct cc_tf_event *ev = xcalloc(1, sizeof(*ev));
	char rel[160];
	int t, r = -1;

	if (read_format(c, "events/header_page", ev, e) ||
	    cc_tf_page_layout(&c->layout, ev, "events/header_page", e))
		goto out;
	for (t = 0; t < CC_TEV_NTYPES; t++) {
		struct cc_err e2;

		snprintf(rel, sizeof(rel), "events/%s/format", cc_tev_path((enum cc_tev_type)t));
		if (read_format(c, rel, ev, &e2) ||
		    cc_tev_bind(&c->tab, (enum cc_tev_type)t, ev, rel, &e2)) {
			if (cc_tev_required((enum cc_tev_type)t)) {
				*e = e2;
				goto out;
			}
		}
	}
	r = 0;
out:
	free(ev);
	return r;
}

/* enable the events we have, with the filter on mm_compaction_finished */
static int enable_events(struct cc_tcol *c, bool stack, struct cc_err *e)
{
	char rel[160], val[64];
	int t;

	for (t = 0; t < CC_TEV_NTYPES; t++) {
		if (!c->tab.have[t] || t == CC_TEV_STACK)
			continue;
		if (t == CC_TEV_FINISHED) {
			const struct cc_tf_event *f = &c->tab.fmt[t];
			int i, j;

			for (i = 0; i < f->nsymtabs; i++)
				for (j = 0; j < f->symtabs[i].n; j++)
					if (!strcmp(f->symtabs[i].field, "ret") &&
					    !strcmp(f->symtabs[i].sym[j].name, "continue")) {
						snprintf(rel, sizeof(rel), "events/%s/filter",
							 cc_tev_path(CC_TEV_FINISHED));
						snprintf(val, sizeof(val), "ret != %" PRId64 "\n",
							 f->symtabs[i].sym[j].value);
						if (inst_write(c, rel, val, e))
							return -1;
					}
		}
		snprintf(rel, sizeof(rel), "events/%s/enable", cc_tev_path((enum cc_tev_type)t));
		if (inst_write(c, rel, "1\n", e) && cc_tev_required((enum cc_tev_type)t))
			return -1;
	}
	if (stack) {
		if (!c->tab.have[CC_TEV_EXTFRAG] || !c->tab.have[CC_TEV_STACK])
			return cc_err_set(e, c->tr.inst, 0, "--stack needs kmem/mm_page_alloc_extfrag "
					  "and ftrace/kernel_stack");
		/* a stack after each fallback event only: the event's trigger,
		 * not the instance-wide stacktrace option */
		snprintf(rel, sizeof(rel), "events/%s/trigger", cc_tev_path(CC_TEV_EXTFRAG));
		if (inst_write(c, rel, "stacktrace\n", e))
			return -1;
	}
	return 0;
}

static void set_kb(struct cc_tcol *c, unsigned kb)
{
	char v[32];
	struct cc_err e;

	snprintf(v, sizeof(v), "%u\n", kb);
	if (!inst_write(c, "buffer_size_kb", v, &e))
		c->kb = kb;
}

static int open_cpus(struct cc_tcol *c, struct cc_err *e)
{
	long n = sysconf(_SC_NPROCESSORS_CONF), i;
	char rel[64], p[PATH_MAX], real[PATH_MAX];

	c->cpus = xcalloc((size_t)(n > 0 ? n : 1), sizeof(*c->cpus));
	for (i = 0; i < n; i++) {
		int fd;

		snprintf(rel, sizeof(rel), "per_cpu/cpu%ld/trace_pipe_raw", i);
		if (inst_path(c, p, sizeof(p), rel) < 0 || cc_path(real, sizeof(real), p) < 0)
			continue;
		fd = open(real, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		if (fd < 0)
			continue;	/* a possible CPU that is not there */
		c->cpus[c->ncpus].cpu = (int)i;
		c->cpus[c->ncpus].fd = fd;
		c->ncpus++;
	}
	if (!c->ncpus)
		return cc_err_set(e, c->tr.inst, 0, "no per_cpu/cpuN/trace_pipe_raw could be opened");
	return 0;
}

/* ---- pid -> comm ---- */

static struct comm_ent *comm_find(struct cc_tcol *c, int pid)
{
	int i;

	for (i = c->cbucket[(unsigned)pid % COMM_BUCKETS]; i >= 0; i = c->comms[i].next)
		if (c->comms[i].pid == pid)
			return &c->comms[i];
	return NULL;
}

static void comm_set(struct cc_tcol *c, int pid, const char *comm)
{
	struct comm_ent *ce = comm_find(c, pid);
	unsigned h = (unsigned)pid % COMM_BUCKETS;
	size_t i;

	if (!ce) {
		if (c->ncomms == c->ccap) {
			c->ccap = c->ccap ? c->ccap * 2 : 256;
			c->comms = xrealloc(c->comms, (size_t)c->ccap, sizeof(*c->comms));
		}
		ce = &c->comms[c->ncomms];
		ce->pid = pid;
		ce->next = c->cbucket[h];
		c->cbucket[h] = c->ncomms++;
	}
	snprintf(ce->comm, sizeof(ce->comm), "%s", comm);
	/* a comm is the task's to choose: no control bytes reach a terminal */
	for (i = 0; ce->comm[i]; i++)
		if ((unsigned char)ce->comm[i] < 0x20 || ce->comm[i] == 0x7f)
			ce->comm[i] = '?';
}

/* the global saved_cmdlines ("PID COMM" lines): tasks already gone */
static void read_cmdlines(struct cc_tcol *c)
{
	char p[PATH_MAX];
	struct cc_file f;
	struct cc_err e;
	char *line, *save = NULL;

	c->cmdlines_read = true;
	if (snprintf(p, sizeof(p), "%s/saved_cmdlines", c->tr.root) >= (int)sizeof(p) ||
	    cc_read_file(p, &f, &e))
		return;
	for (line = strtok_r(f.data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char comm[17];
		int pid;

		if (sscanf(line, "%d %16s", &pid, comm) == 2 && pid > 0 && !comm_find(c, pid))
			comm_set(c, pid, comm);
	}
	cc_file_free(&f);
}

static void comm_of(struct cc_tcol *c, struct cc_tev *ev)
{
	struct comm_ent *ce = comm_find(c, ev->pid);
	char kp[64], buf[32];
	struct cc_err e;

	if (!ce) {
		snprintf(kp, sizeof(kp), "/proc/%d/comm", ev->pid);
		if (ev->pid == 0)
			comm_set(c, 0, "<idle>");
		else if (!cc_read_line(kp, buf, sizeof(buf), &e))
			comm_set(c, ev->pid, buf);
		else if (!c->cmdlines_read)
			read_cmdlines(c);
		ce = comm_find(c, ev->pid);
	}
	snprintf(ev->comm, sizeof(ev->comm), "%s", ce ? ce->comm : "");
}

/* ---- counters outside the trace ---- */

static void sample_vmstat(struct cc_snapshot *s, bool *have)
{
	struct cc_file f;
	struct cc_err e;

	cc_snapshot_init(s);
	*have = false;
	if (cc_read_file("/proc/vmstat", &f, &e))
		return;
	*have = !cc_parse_vmstat(s, f.data, f.len, f.path, &e);
	cc_file_free(&f);
}

static bool sample_psi(uint64_t *some, uint64_t *full)
{
	struct cc_file f;
	struct cc_err e;
	bool ok;

	if (cc_read_file("/proc/pressure/memory", &f, &e))
		return false;
	ok = !cc_parse_psi(f.data, f.len, f.path, some, full, &e);
	cc_file_free(&f);
	return ok;
}

static long stat_or_zero(const char *dir, const char *name)
{
	char p[PATH_MAX];
	struct cc_err e;
	long v;

	if (snprintf(p, sizeof(p), "%s/stats/%s", dir, name) >= (int)sizeof(p) ||
	    cc_read_long(p, &v, &e))
		return 0;
	return v;
}

/* per-size mTHP fault counters [Documentation/admin-guide/mm/transhuge.rst] */
static int sample_mthp(struct cc_ts_mthp *m)
{
	const char *base = "/sys/kernel/mm/transparent_hugepage";
	char pat[PATH_MAX], real[PATH_MAX];
	glob_t g;
	size_t i;
	int n = 0;

	if (cc_path(pat, sizeof(pat), base) < 0 ||
	    snprintf(real, sizeof(real), "%s/hugepages-*kB", pat) >= (int)sizeof(real) ||
	    glob(real, 0, NULL, &g))
		return 0;
	for (i = 0; i < g.gl_pathc && n < CC_TS_MAX_MTHP; i++) {
		const char *name = strrchr(g.gl_pathv[i], '/') + 1;
		char kdir[PATH_MAX];

		snprintf(kdir, sizeof(kdir), "%s/%s", base, name);
		memset(&m[n], 0, sizeof(m[n]));
		snprintf(m[n].size, sizeof(m[n].size), "%.15s", name + 10);
		m[n].alloc = (uint64_t)stat_or_zero(kdir, "anon_fault_alloc");
		m[n].fallback = (uint64_t)stat_or_zero(kdir, "anon_fault_fallback");
		m[n].fallback_charge = (uint64_t)stat_or_zero(kdir, "anon_fault_fallback_charge");
		n++;
	}
	globfree(&g);
	return n;
}

/* zone start pfns (zoneinfo) and migratetype names (pagetypeinfo) */
static void read_model(struct cc_tcol *c)
{
	struct cc_snapshot s;
	struct cc_file f;
	struct cc_err e;
	int n, j;

	cc_snapshot_init(&s);
	if (!cc_read_file("/proc/zoneinfo", &f, &e)) {
		if (!cc_parse_zoneinfo(&s, f.data, f.len, f.path, &e))
			for (n = 0; n < s.nnodes; n++)
				for (j = 0; j < s.nodes[n].nzones; j++) {
					const struct cc_zone *z = &s.nodes[n].zones[j];

					if (!cc_zi_has(z, ZF_START_PFN) || !z->zi[ZF_SPANNED] ||
					    c->zmap.n == CC_TS_MAX_ZONES)
						continue;
					c->zmap.z[c->zmap.n].start_pfn = z->zi[ZF_START_PFN];
					c->zmap.z[c->zmap.n].nid = s.nodes[n].id;
					snprintf(c->zmap.z[c->zmap.n].name,
						 sizeof(c->zmap.z[0].name), "%s", z->name);
					c->zmap.n++;
				}
		cc_file_free(&f);
	}
	cc_snapshot_free(&s);
	cc_snapshot_init(&s);
	if (!cc_read_file("/proc/pagetypeinfo", &f, &e)) {
		if (!cc_parse_pagetypeinfo(&s, f.data, f.len, f.path, &e))
			for (n = 0; n < s.nmt && n < CC_MAX_MT; n++)
				snprintf(c->mt_names[n], sizeof(c->mt_names[n]), "%s", s.mt_names[n]);
		c->nmt = s.nmt < CC_MAX_MT ? s.nmt : CC_MAX_MT;
		cc_file_free(&f);
	}
	cc_snapshot_free(&s);
}

int cc_tcol_open(struct cc_tcol **out, const struct cc_tcol_opts *o, struct cc_err *e)
{
	struct cc_tcol *c = xcalloc(1, sizeof(*c));
	char v[32], p[PATH_MAX];
	long ps;
	int i;

	*out = NULL;
	for (i = 0; i < COMM_BUCKETS; i++)
		c->cbucket[i] = -1;
	if (cc_tracer_create(&c->tr) < 0) {
		cc_err_set(e, "tracefs", 0, "%s", c->tr.why);
		free(c);
		return -1;
	}
	if (load_formats(c, e) || enable_events(c, o && o->stack, e) || open_cpus(c, e))
		goto fail;
	/* the mono clock lets us hold back only the last 100 ms (v4.1+) */
	c->mono = !inst_write(c, "trace_clock", "mono\n", e);
	set_kb(c, MIN_KB);
	c->poll_ms = 100;
	ps = sysconf(_SC_PAGESIZE);
	c->page_size = ps > 0 ? (size_t)ps : 4096;
	if (!inst_path(c, p, sizeof(p), "buffer_subbuf_size_kb") &&
	    !cc_read_line(p, v, sizeof(v), e) && atol(v) > 0 && atol(v) <= 1024)
		c->page_size = (size_t)atol(v) * 1024;	/* 6.8+: sub-buffers may be larger */
	c->page = xcalloc(1, c->page_size);
	read_model(c);
	sample_vmstat(&c->vm0, &c->have_vm0);
	c->have_psi0 = sample_psi(&c->psi_some0, &c->psi_full0);
	c->nmthp = sample_mthp(c->mthp0);
	c->t_start = cc_monotonic();
	if (inst_write(c, "tracing_on", "1\n", e))
		goto fail;
	*out = c;
	return 0;
fail:
	cc_tcol_close(c);
	return -1;
}

int cc_tcol_poll_ms(const struct cc_tcol *c)
{
	return c->poll_ms;
}

const struct cc_ts_zonemap *cc_tcol_zonemap(const struct cc_tcol *c)
{
	return &c->zmap;
}

struct walk_arg {
	struct cc_tcol *c;
	int cpu;
};

static int on_record(const struct cc_tf_record *r, void *arg)
{
	struct walk_arg *w = arg;
	struct cc_tcol *c = w->c;
	struct cc_tev ev;

	if (cc_tev_decode(&c->tab, r, w->cpu, &ev) != 1)
		return 0;
	comm_of(c, &ev);
	if (c->nq == c->qcap) {
		c->qcap = c->qcap ? c->qcap * 2 : 1024;
		c->q = xrealloc(c->q, c->qcap, sizeof(*c->q));
	}
	c->q[c->nq++] = ev;
	return 0;
}

static int by_time(const void *a, const void *b)
{
	const struct cc_tev *x = a, *y = b;

	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	return x->cpu < y->cpu ? -1 : x->cpu > y->cpu;
}

static void drain_cpu(struct cc_tcol *c, struct cpu_reader *r)
{
	struct walk_arg w = { c, r->cpu };
	struct cc_tf_page_info info;
	ssize_t n;

	r->bytes = 0;
	while ((n = read(r->fd, c->page, c->page_size)) > 0) {
		struct cc_err e;

		r->bytes += (uint64_t)n;
		if (cc_tf_page_walk(&c->layout, c->page, (size_t)n, on_record, &w, &info,
				    "trace_pipe_raw", &e) < 0 && !c->have_err) {
			c->err = e;
			c->have_err = true;
		}
		c->missed += info.missed;
		c->missed_unknown |= info.missed_unknown;
		if (cc_got_signal)
			break;
	}
}

int cc_tcol_poll(struct cc_tcol *c, struct cc_tsum *s, bool final, struct cc_err *e)
{
	uint64_t limit, peak = 0;
	size_t i, keep;
	int k;

	if (final)
		inst_write(c, "tracing_on", "0\n", e);
	for (k = 0; k < c->ncpus; k++) {
		drain_cpu(c, &c->cpus[k]);
		if (c->cpus[k].bytes > peak)
			peak = c->cpus[k].bytes;
	}
	/* more than a quarter of a CPU's buffer in one poll: read more often,
	 * and only at the shortest interval grow the buffer (lossy, see above) */
	if (!final && peak > (uint64_t)c->kb * 1024 / 4) {
		if (c->poll_ms > 10) {
			c->poll_ms /= 2;
		} else if (c->kb < MAX_KB) {
			set_kb(c, c->kb * 2);
			c->resized = true;
		}
	}
	if (c->nq > 1)
		qsort(c->q, c->nq, sizeof(*c->q), by_time);
	limit = UINT64_MAX;
	if (!final && c->mono) {
		uint64_t now = (uint64_t)(cc_monotonic() * 1e9);

		limit = now > HOLD_NS ? now - HOLD_NS : 0;
	}
	for (i = 0; i < c->nq && c->q[i].ts <= limit; i++)
		cc_tsum_feed(s, &c->q[i]);
	keep = c->nq - i;
	memmove(c->q, c->q + i, keep * sizeof(*c->q));
	c->nq = keep;
	if (final)
		cc_tsum_settle(s, 0, 0);
	else if (c->mono && limit != UINT64_MAX)
		cc_tsum_settle(s, limit, 500000000ull);
	(void)e;
	return 0;
}

/* overrun + dropped events of every CPU of the instance */
static uint64_t lost_from_stats(struct cc_tcol *c)
{
	uint64_t sum = 0;
	int k;

	for (k = 0; k < c->ncpus; k++) {
		char rel[64], p[PATH_MAX];
		struct cc_file f;
		struct cc_err e;
		const char *keys[] = { "\noverrun:", "\ndropped events:" };
		size_t i;

		snprintf(rel, sizeof(rel), "per_cpu/cpu%d/stats", c->cpus[k].cpu);
		if (inst_path(c, p, sizeof(p), rel) < 0 || cc_read_file(p, &f, &e))
			continue;
		for (i = 0; i < ARRAY_SIZE(keys); i++) {
			const char *q = strstr(f.data, keys[i]);

			if (q)
				sum += strtoull(q + strlen(keys[i]), NULL, 10);
		}
		cc_file_free(&f);
	}
	return sum;
}

void cc_tcol_counters(struct cc_tcol *c, struct cc_trace_report *r)
{
	struct cc_snapshot vm1;
	struct cc_ts_mthp m1[CC_TS_MAX_MTHP];
	uint64_t some, full, lost;
	bool have;
	int i, j;

	r->window_s = cc_monotonic() - c->t_start;
	lost = lost_from_stats(c);
	r->lost = lost > c->missed ? lost : c->missed;
	r->lost_unknown = (c->missed_unknown && !r->lost) || c->resized;
	for (i = 0; i < c->nmt; i++)
		snprintf(r->mt_names[i], sizeof(r->mt_names[i]), "%s", c->mt_names[i]);
	sample_vmstat(&vm1, &have);
	for (i = 0; i < CC_TSV_N; i++) {
		const struct cc_kv *a = c->have_vm0 ? cc_vmstat_find(&c->vm0, cc_tsv_names[i]) : NULL;
		const struct cc_kv *b = have ? cc_vmstat_find(&vm1, cc_tsv_names[i]) : NULL;

		r->vm[i].have = a && b;
		r->vm[i].delta = a && b && b->value >= a->value ? b->value - a->value : 0;
	}
	cc_snapshot_free(&vm1);
	r->have_psi = c->have_psi0 && sample_psi(&some, &full);
	if (r->have_psi) {
		r->psi_some_us = some - c->psi_some0;
		r->psi_full_us = full - c->psi_full0;
	}
	r->nmthp = 0;
	if (c->nmthp && sample_mthp(m1) == c->nmthp)
		for (i = 0; i < c->nmthp; i++) {
			j = r->nmthp++;
			r->mthp[j] = m1[i];
			r->mthp[j].alloc -= c->mthp0[i].alloc;
			r->mthp[j].fallback -= c->mthp0[i].fallback;
			r->mthp[j].fallback_charge -= c->mthp0[i].fallback_charge;
		}
	{
		long v = -1;
		struct cc_err e;

		if (cc_read_long("/proc/sys/kernel/task_delayacct", &v, &e) < 0)
			snprintf(r->delay_note, sizeof(r->delay_note),
				 "per-task compaction delay: no delay accounting in this kernel");
		else if (v == 0)
			snprintf(r->delay_note, sizeof(r->delay_note),
				 "per-task compaction delay: delay accounting is off "
				 "(kernel.task_delayacct=0)");
		else
			snprintf(r->delay_note, sizeof(r->delay_note),
				 "per-task compaction delay: taskstats compact_delay_total "
				 "(getdelays -d -p PID)");
	}
}

void cc_tcol_close(struct cc_tcol *c)
{
	int k;

	if (!c)
		return;
	for (k = 0; k < c->ncpus; k++)
		close(c->cpus[k].fd);
	cc_tracer_stop(&c->tr);
	if (c->have_vm0)
		cc_snapshot_free(&c->vm0);
	free(c->cpus);
	free(c->page);
	free(c->q);
	free(c->comms);
	free(c);
}
