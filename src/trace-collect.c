// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Live collection for `compactctl trace` (kernel-interfaces.md 5.2):
 *  - a private instance (tracer.c: random name, owned by flock, reaped by
 *    the next run when its owner was killed; never the global buffer),
 *    system-wide (no set_event_pid), trace_clock "mono" so record times
 *    compare with CLOCK_MONOTONIC;
 *  - mm_compaction_finished fires at every step of compact_zone(); a kernel
 *    filter keeps only the verdicts that end a run (ret != continue, the
 *    value read from its format file);
 *  - per-CPU buffers sized from the event rate, not fixed large: 1 MiB per
 *    CPU, read every 100 ms; when one poll finds more than a quarter of a
 *    CPU's buffer filled, the poll interval halves (down to 10 ms), and only
 *    then does the buffer double (up to 16 MiB), if the machine lock is
 *    free (a resize allocates memory another compactctl may be measuring).
 *    Resizing a recording buffer disables recording while pages are added,
 *    and the kernel counts the events it drops then nowhere
 *    (ring_buffer_resize; measured: a mid-run resize lost 18 of 316 stalls,
 *    none counted as overrun), so a resize marks the report's lost events
 *    as "some, count unknown";
 *  - binary pages from per_cpu/cpuN/trace_pipe_raw (O_NONBLOCK), decoded by
 *    field name (tracefmt.h), merged across CPUs by timestamp, holding back
 *    the last 100 ms so a late CPU cannot put an event out of order;
 *  - lost events from each CPU's stats (overrun, dropped events) and the
 *    pages' missed-events flags.
 * Why binary pages and a hand-written decoder rather than text or
 * libtracefs/libtraceevent: tracefmt.h, and bench/trace-libs.c.
 */
#include "trace-collect.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parse.h"
#include "signals.h"
#include "snapshot.h"
#include "sources.h"

#define HOLD_NS 100000000ull
#define MIN_KB 1024
#define MAX_KB 16384
#define COMM_BUCKETS 512
#define MTHP_DIR "/sys/kernel/mm/transparent_hugepage"

struct comm_ent {
	int pid;
	int next;
	char comm[17];
};

struct cc_tcol {
	const struct cc_root *r;
	struct cc_tracer tr;
	struct cc_undo undo;		/* the instance, in the restore registry */
	bool running;
	struct cc_lock *lock;
	struct cc_ksyms ks;		/* --stack */
	char symbuf[160];
	struct cc_tev_table tab;
	struct cc_tf_page layout;
	uint64_t *cpu_bytes;		/* read from each CPU in the last poll */
	unsigned kb;
	int poll_ms;
	bool resized;
	bool mono;
	/* decoded events waiting for their turn */
	struct cc_tev *q;
	size_t nq, qcap;
	uint64_t missed;
	bool missed_unknown;
	/* pid -> comm */
	struct comm_ent *comms;
	int ncomms, ccap;
	int cbucket[COMM_BUCKETS];
	bool cmdlines_read;
	/* the machine at the start: zones, migratetypes, pageblock order */
	struct cc_snapshot s0;
	struct cc_ts_zonemap zmap;
	/* counters at the start, and at the last sample (frozen when
	 * recording stopped: the window is the recording's) */
	struct cc_snapshot vm0;
	bool have_vm0, have_psi0;
	struct cc_psi psi0;
	struct cc_ts_mthp mthp0[CC_TS_MAX_MTHP];
	int nmthp;
	double t_start;
	struct cc_snapshot vm_now;
	bool have_vm_now, have_psi_now, frozen;
	struct cc_psi psi_now;
	struct cc_ts_mthp mthp_now[CC_TS_MAX_MTHP];
	int nmthp_now;
	double t_now;
	uint64_t lost;
};

/* ---- setting up ---- */

/* the value mm_compaction_finished prints as "continue", from its format */
static bool continue_value(const struct cc_tf_event *f, int64_t *v)
{
	int i, j;

	for (i = 0; i < f->nsymtabs; i++)
		for (j = 0; j < f->symtabs[i].n; j++)
			if (!strcmp(f->symtabs[i].field, "ret") &&
			    !strcmp(f->symtabs[i].sym[j].name, "continue")) {
				*v = f->symtabs[i].sym[j].value;
				return true;
			}
	return false;
}

/* enable the events we have, with the filter on mm_compaction_finished */
static int enable_events(struct cc_tcol *c, bool stack, struct cc_err *e)
{
	char rel[160], val[64];
	int64_t cont;
	int t;

	for (t = 0; t < CC_TEV_NTYPES; t++) {
		if (!c->tab.have[t] || t == CC_TEV_STACK)
			continue;
		if (t == CC_TEV_FINISHED && continue_value(&c->tab.fmt[t], &cont)) {
			snprintf(rel, sizeof(rel), "events/%s/filter", cc_tev_path(CC_TEV_FINISHED));
			snprintf(val, sizeof(val), "ret != %" PRId64 "\n", cont);
			if (cc_tracer_write(&c->tr, rel, val, e))
				return -1;
		}
		snprintf(rel, sizeof(rel), "events/%s/enable", cc_tev_path((enum cc_tev_type)t));
		if (cc_tracer_write(&c->tr, rel, "1\n", e) && cc_tev_required((enum cc_tev_type)t))
			return -1;
	}
	if (!stack)
		return 0;
	if (!c->tab.have[CC_TEV_EXTFRAG] || !c->tab.have[CC_TEV_STACK])
		return cc_err_set(e, c->tr.inst, 0, "--stack needs kmem/mm_page_alloc_extfrag "
				  "and ftrace/kernel_stack");
	/* a stack after each fallback event only: the event's trigger, not
	 * the instance-wide stacktrace option */
	snprintf(rel, sizeof(rel), "events/%s/trigger", cc_tev_path(CC_TEV_EXTFRAG));
	return cc_tracer_write(&c->tr, rel, "stacktrace\n", e);
}

static void set_kb(struct cc_tcol *c, unsigned kb)
{
	char v[32];
	struct cc_err e;

	snprintf(v, sizeof(v), "%u\n", kb);
	if (!cc_tracer_write(&c->tr, "buffer_size_kb", v, &e))
		c->kb = kb;
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

/* a comm is the task's to choose: the views' filter makes it safe */
static void comm_set(struct cc_tcol *c, int pid, const char *comm)
{
	struct comm_ent *ce = comm_find(c, pid);
	unsigned h = (unsigned)pid % COMM_BUCKETS;

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
}

static void cmdline(int pid, const char *comm, void *arg)
{
	struct cc_tcol *c = arg;

	if (!comm_find(c, pid))
		comm_set(c, pid, comm);
}

/* the global saved_cmdlines: tasks already gone */
static void read_cmdlines(struct cc_tcol *c)
{
	struct cc_file f;
	struct cc_err e;

	c->cmdlines_read = true;
	if (cc_tracer_read(&c->tr, "saved_cmdlines", true, &f, &e))
		return;
	cc_parse_saved_cmdlines(f.data, f.len, cmdline, c);
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
		else if (!cc_read_line(c->r, kp, buf, sizeof(buf), &e))
			comm_set(c, ev->pid, buf);
		else if (!c->cmdlines_read)
			read_cmdlines(c);
		ce = comm_find(c, ev->pid);
	}
	snprintf(ev->comm, sizeof(ev->comm), "%s", ce ? ce->comm : "");
}

/* ---- counters outside the trace ---- */

static bool sample_vmstat(struct cc_tcol *c, struct cc_snapshot *s)
{
	struct cc_err e;

	cc_snapshot_free(s);
	cc_snapshot_init(s);
	return cc_vmstat_collect(c->r, s, &e) == 0;
}

static bool sample_psi(struct cc_tcol *c, struct cc_psi *p)
{
	struct cc_file f;
	struct cc_err e;
	bool ok;

	if (cc_read_file(c->r, "/proc/pressure/memory", &f, &e))
		return false;
	ok = !cc_parse_psi(p, f.data, f.len, f.path, &e);
	cc_file_free(&f);
	return ok;
}

struct mthp_scan {
	struct cc_tcol *c;
	struct cc_ts_mthp *m;
	int n;
};

static uint64_t mthp_stat(struct cc_tcol *c, const char *dir, const char *name)
{
	char kpath[256];
	struct cc_err e;
	long v;

	snprintf(kpath, sizeof(kpath), MTHP_DIR "/%s/stats/%s", dir, name);
	return cc_read_long(c->r, kpath, &v, &e) == 0 && v > 0 ? (uint64_t)v : 0;
}

/* per-size mTHP fault counters [Documentation/admin-guide/mm/transhuge.rst],
 * hugepages-<size>kB directories in readdir order (the same each time) */
static int mthp_dir(const char *name, void *arg)
{
	struct mthp_scan *ms = arg;
	struct cc_ts_mthp *m;
	size_t n = strlen(name);

	if (strncmp(name, "hugepages-", 10) || n < 13 || strcmp(name + n - 2, "kB") ||
	    ms->n == CC_TS_MAX_MTHP)
		return 0;
	m = &ms->m[ms->n++];
	memset(m, 0, sizeof(*m));
	snprintf(m->size, sizeof(m->size), "%.15s", name + 10);
	m->alloc = mthp_stat(ms->c, name, "anon_fault_alloc");
	m->fallback = mthp_stat(ms->c, name, "anon_fault_fallback");
	m->fallback_charge = mthp_stat(ms->c, name, "anon_fault_fallback_charge");
	return 0;
}

static int sample_mthp(struct cc_tcol *c, struct cc_ts_mthp *m)
{
	struct mthp_scan ms = { c, m, 0 };

	cc_scan_dir(c->r, MTHP_DIR, mthp_dir, &ms);
	return ms.n;
}

/* ---- the life of the instance ---- */

static void load_ksyms(struct cc_tcol *c)
{
	struct cc_file f;
	struct cc_err e;

	if (cc_read_file(c->r, "/proc/kallsyms", &f, &e))
		return;
	if (cc_parse_kallsyms(&c->ks, f.data, f.len, f.path, &e))
		memset(&c->ks, 0, sizeof(c->ks));
	cc_file_free(&f);
}

struct cc_tcol *cc_tcol_new(const struct cc_root *r, bool stack, struct cc_err *e)
{
	struct cc_tcol *c = xcalloc(1, sizeof(*c));

	c->r = r;
	cc_snapshot_init(&c->s0);
	cc_snapshot_init(&c->vm0);
	cc_snapshot_init(&c->vm_now);
	if (cc_tracer_mount(&c->tr, r) < 0) {
		cc_err_set(e, "tracefs", 0, "%s", c->tr.why);
		cc_tcol_free(c);
		return NULL;
	}
	if (stack)
		load_ksyms(c);
	return c;
}

static void undo_instance(void *arg)
{
	struct cc_tcol *c = arg;

	c->running = false;
	cc_tracer_stop(&c->tr);
}

/* drop the queued events (their stacks) */
static void clear_queue(struct cc_tcol *c)
{
	size_t i;

	for (i = 0; i < c->nq; i++)
		cc_tev_clear(&c->q[i]);
	c->nq = 0;
}

static void reset_stream(struct cc_tcol *c)
{
	int i;

	clear_queue(c);
	c->missed = 0;
	c->missed_unknown = c->resized = false;
	c->ncomms = 0;
	c->cmdlines_read = false;
	for (i = 0; i < COMM_BUCKETS; i++)
		c->cbucket[i] = -1;
}

int cc_tcol_start(struct cc_tcol *c, const struct cc_tcol_opts *o, struct cc_err *e)
{
	if (c->running)
		return 0;
	reset_stream(c);
	c->lock = o ? o->lock : NULL;
	if (cc_tracer_create(&c->tr) < 0)
		return cc_err_set(e, "tracefs", 0, "%s", c->tr.why);
	cc_undo_push(&c->undo, undo_instance, c);
	c->running = true;
	if (cc_tev_load(&c->tab, &c->layout, CC_TEV_SET_TRACE, cc_tracer_read_format, &c->tr, e) ||
	    enable_events(c, o && o->stack, e) ||
	    cc_tracer_open_cpus(&c->tr, e))
		goto fail;
	/* the mono clock lets us hold back only the last 100 ms (v4.1+) */
	c->mono = !cc_tracer_write(&c->tr, "trace_clock", "mono\n", e);
	set_kb(c, MIN_KB);
	c->poll_ms = 100;
	free(c->cpu_bytes);
	c->cpu_bytes = xcalloc((size_t)c->tr.ncpus, sizeof(*c->cpu_bytes));
	/* the zones and migratetypes as the run starts, then the counters */
	cc_snapshot_free(&c->s0);
	cc_snapshot_init(&c->s0);
	if (cc_snapshot_collect(c->r, &c->s0, e) < 0)
		goto fail;
	cc_ts_zonemap_from(&c->zmap, &c->s0);
	/* the counters last, just before recording starts */
	c->have_psi0 = sample_psi(c, &c->psi0);
	c->nmthp = sample_mthp(c, c->mthp0);
	c->have_vm_now = c->frozen = false;
	c->have_vm0 = sample_vmstat(c, &c->vm0);
	c->t_start = cc_monotonic();
	if (cc_tracer_set_on(&c->tr, true, e))
		goto fail;
	return 0;
fail:
	cc_tcol_stop(c);
	return -1;
}

bool cc_tcol_running(const struct cc_tcol *c)
{
	return c && c->running;
}

void cc_tcol_engine_opts(const struct cc_tcol *c, struct cc_tsum_opts *so)
{
	so->zones = &c->zmap;
	so->pageblock_order = c->s0.pageblock_order;
}

void cc_tcol_stop(struct cc_tcol *c)
{
	cc_undo_now(&c->undo);
}

void cc_tcol_free(struct cc_tcol *c)
{
	if (!c)
		return;
	cc_tcol_stop(c);
	cc_snapshot_free(&c->s0);
	cc_snapshot_free(&c->vm0);
	cc_snapshot_free(&c->vm_now);
	cc_ksyms_free(&c->ks);
	free(c->cpu_bytes);
	clear_queue(c);
	free(c->q);
	free(c->comms);
	free(c);
}

/* ---- reading ---- */

/* the counters now, to compare with what was recorded until now */
static void sample_now(struct cc_tcol *c)
{
	c->t_now = cc_monotonic();
	c->have_vm_now = sample_vmstat(c, &c->vm_now);
	c->have_psi_now = c->have_psi0 && sample_psi(c, &c->psi_now);
	c->nmthp_now = c->nmthp ? sample_mthp(c, c->mthp_now) : 0;
}

int cc_tcol_poll_ms(const struct cc_tcol *c)
{
	return c->poll_ms;
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

/* everything one CPU has now, page by page; a malformed page (which the
 * kernel does not write) is counted as lost, not trusted */
static uint64_t drain_cpu(struct cc_tcol *c, const struct cc_tracer_cpu *cpu)
{
	struct walk_arg w = { c, cpu->cpu };
	struct cc_tf_page_info info;
	uint64_t bytes = 0;
	ssize_t n;

	while ((n = read(cpu->fd, c->tr.page, c->tr.page_size)) > 0) {
		struct cc_err e;

		bytes += (uint64_t)n;
		if (cc_tf_page_walk(&c->layout, c->tr.page, (size_t)n, on_record, &w, &info,
				    "trace_pipe_raw", &e) < 0)
			c->missed_unknown = true;
		c->missed += info.missed;
		c->missed_unknown |= info.missed_unknown;
		if (cc_got_signal)
			break;
	}
	return bytes;
}

/* more than a quarter of a CPU's buffer in one poll: read more often, and
 * only at the shortest interval grow the buffer (lossy, see above), when
 * no other compactctl is changing the machine */
static void adapt(struct cc_tcol *c, uint64_t peak)
{
	struct cc_err e;

	if (peak <= (uint64_t)c->kb * 1024 / 4)
		return;
	if (c->poll_ms > 10) {
		c->poll_ms /= 2;
		return;
	}
	if (c->kb >= MAX_KB || !c->lock || cc_lock_try(c->lock, "trace", &e) < 0)
		return;
	set_kb(c, c->kb * 2);
	c->resized = true;
	cc_lock_release(c->lock);
}

void cc_tcol_poll(struct cc_tcol *c, struct cc_tsum *s, bool final)
{
	uint64_t limit = UINT64_MAX, peak = 0;
	struct cc_err e;
	size_t i, keep;
	int k;

	if (!c->running)
		return;
	if (final && !c->frozen) {
		/* the counters at the moment recording stops, not after the
		 * drain: what happens meanwhile is in neither */
		cc_tracer_set_on(&c->tr, false, &e);
		sample_now(c);
		c->frozen = true;
	}
	for (k = 0; k < c->tr.ncpus; k++) {
		c->cpu_bytes[k] = drain_cpu(c, &c->tr.cpus[k]);
		if (c->cpu_bytes[k] > peak)
			peak = c->cpu_bytes[k];
	}
	if (!final)
		adapt(c, peak);
	cc_tev_sort(c->q, c->nq);
	if (!final && c->mono) {
		uint64_t now = (uint64_t)(cc_monotonic() * 1e9);

		limit = now > HOLD_NS ? now - HOLD_NS : 0;
	}
	for (i = 0; i < c->nq && c->q[i].ts <= limit; i++) {
		cc_tsum_feed(s, &c->q[i]);
		cc_tev_clear(&c->q[i]);
	}
	keep = c->nq - i;
	if (keep && i)	/* q is NULL until the first event (memmove's UB) */
		memmove(c->q, c->q + i, keep * sizeof(*c->q));
	c->nq = keep;
	if (final)
		cc_tsum_settle(s, 0, 0);
	else if (limit != UINT64_MAX)
		cc_tsum_settle(s, limit, 500000000ull);
}

/* ---- the report's counters ---- */

static void delay_note(struct cc_tcol *c, struct cc_trace_report *r)
{
	struct cc_err e;
	long v = -1;

	if (cc_read_long(c->r, "/proc/sys/kernel/task_delayacct", &v, &e) < 0)
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

void cc_tcol_counters(struct cc_tcol *c, struct cc_trace_report *r)
{
	uint64_t lost;
	int i;

	if (c->running) {
		if (!c->frozen)
			sample_now(c);
		lost = cc_tracer_lost(&c->tr);
		c->lost = lost > c->missed ? lost : c->missed;
		delay_note(c, r);
	}
	r->window_s = c->t_now > c->t_start ? c->t_now - c->t_start : 0;
	r->lost = c->lost;
	r->lost_unknown = (c->missed_unknown && !r->lost) || c->resized;
	r->vm_start = c->have_vm0 ? &c->vm0 : NULL;
	r->vm_now = c->have_vm_now ? &c->vm_now : NULL;
	r->have_psi = c->have_psi0 && c->have_psi_now;
	if (r->have_psi) {
		r->psi_some_us = c->psi_now.some.total_us - c->psi0.some.total_us;
		r->psi_full_us = c->psi_now.full.total_us - c->psi0.full.total_us;
	}
	r->nmthp = 0;
	if (c->nmthp && c->nmthp_now == c->nmthp)
		for (i = 0; i < c->nmthp; i++) {
			struct cc_ts_mthp *m = &r->mthp[r->nmthp++];

			*m = c->mthp_now[i];
			m->alloc -= c->mthp0[i].alloc;
			m->fallback -= c->mthp0[i].fallback;
			m->fallback_charge -= c->mthp0[i].fallback_charge;
		}
	for (i = 0; i < c->s0.nmt && i < CC_MAX_MT; i++)
		snprintf(r->mt_names[i], sizeof(r->mt_names[i]), "%s", c->s0.mt_names[i]);
	snprintf(r->kernel, sizeof(r->kernel), "%s", c->s0.kernel);
}

const char *cc_tcol_symbol(struct cc_tcol *c, uint64_t addr)
{
	return cc_ksym_name(&c->ks, addr, c->symbuf, sizeof(c->symbuf));
}
