// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The per-CPU free lists drained around compaction: see drain.h for why
 * and how (two documented sysctls, mm/page_alloc.c decay_pcp_high).
 */
#include "drain.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "compactctl.h"
#include "signals.h"
#include "snapshot.h"

/* Open a sysctl for writing; if it cannot be, d->why says why (missing:
 * what to say when the kernel has no such file) */
static bool open_sysctl(struct cc_drain *d, const struct cc_root *r, struct cc_attr *a,
			const char *kpath, const char *missing)
{
	if (cc_attr_open(r, a, kpath) == 0)
		return true;
	snprintf(d->why, sizeof(d->why), "%s", a->err == -ENOENT ? missing : a->why);
	return false;
}

void cc_drain_open(struct cc_drain *d, const struct cc_root *r)
{
	memset(d, 0, sizeof(*d));
	d->fraction.fd = d->refresh.fd = -1;
	/* percpu_pagelist_high_fraction: 5.14 on (percpu_pagelist_fraction
	 * before it only capped the lists and is not used) */
	d->usable = open_sysctl(d, r, &d->fraction, CC_PCP_FRACTION,
				"no vm.percpu_pagelist_high_fraction (came in 5.14)") &&
		    open_sysctl(d, r, &d->refresh, CC_STAT_REFRESH,
				"no vm.stat_refresh (came in 4.4)");
}

long cc_drain_fraction(const struct cc_snapshot *s)
{
	uint64_t most = 8;	/* MIN_PERCPU_PAGELIST_HIGH_FRACTION */
	int i, j;

	for (i = 0; i < s->nnodes; i++)
		for (j = 0; j < s->nodes[i].nzones; j++) {
			const struct cc_zone *z = &s->nodes[i].zones[j];

			if (cc_zi_has(z, ZF_MANAGED) && z->zi[ZF_MANAGED] > most)
				most = z->zi[ZF_MANAGED];
		}
	return most > INT_MAX ? INT_MAX : (long)most;
}

bool cc_pcp_pages(const struct cc_snapshot *s, uint64_t *pages)
{
	bool any = false;
	int i, j;

	*pages = 0;
	for (i = 0; i < s->nnodes; i++)
		for (j = 0; j < s->nodes[i].nzones; j++) {
			const struct cc_zone *z = &s->nodes[i].zones[j];

			if (cc_zi_has(z, ZF_PCP)) {
				*pages += z->zi[ZF_PCP];
				any = true;
			}
		}
	return any;
}

/* the lists now, from /proc/zoneinfo alone */
static bool pcp_now(const struct cc_root *r, uint64_t *pages)
{
	struct cc_snapshot s;
	struct cc_err e;
	bool ok;

	cc_snapshot_init(&s);
	ok = cc_zoneinfo_collect(r, &s, &e) == 0 && cc_pcp_pages(&s, pages);
	cc_snapshot_free(&s);
	return ok;
}

int cc_drain_start(struct cc_drain *d, const struct cc_root *r,
		   const struct cc_snapshot *before, struct cc_err *e)
{
	char data[32];
	long orig, now;
	double t0 = cc_monotonic();
	int ret;

	d->have_pcp = cc_pcp_pages(before, &d->pcp_before);
	if (!d->usable)
		return 0;
	if ((ret = cc_read_long(r, CC_PCP_FRACTION, &orig, e)) < 0)
		return ret;
	d->set_to = cc_drain_fraction(before);
	if (orig != d->set_to) {
		/* from here the old value goes back on every path */
		cc_saved_push(&d->saved, r, &d->fraction, orig);
		d->done = true;
		snprintf(data, sizeof(data), "%ld\n", d->set_to);
		if ((ret = cc_attr_write(r, &d->fraction, data, e)) < 0 ||
		    (ret = cc_read_long(r, CC_PCP_FRACTION, &now, e)) < 0)
			return ret;
		d->saved.ours = now;	/* what the restore expects to find */
	}
	/* in groups, counting the lists after each: a write frees at most
	 * 32 batches per list (2016 pages), so a big list needs many; stop
	 * when a group past the first two freed (almost) nothing */
	while (d->refreshes < CC_DRAIN_MAX_REFRESHES && !cc_got_signal) {
		uint64_t prev = d->pcp_drained;
		int k;

		for (k = 0; k < CC_DRAIN_GROUP; k++, d->refreshes++) {
			ret = cc_attr_write(r, &d->refresh, "1\n", e);
			/* EINVAL: an older kernel found a negative counter
			 * total after the refresh (it warns in dmesg); the
			 * lists were decayed all the same [mm/vmstat.c:
			 * vmstat_refresh] */
			if (ret < 0 && ret != -EINVAL)
				return ret;
		}
		if (!d->have_pcp || !pcp_now(r, &d->pcp_drained)) {
			d->have_pcp = false;
			if (d->refreshes >= CC_DRAIN_MIN_REFRESHES)
				break;
			continue;
		}
		if (d->refreshes >= CC_DRAIN_MIN_REFRESHES &&
		    d->refreshes > CC_DRAIN_GROUP && prev < d->pcp_drained + CC_DRAIN_GROUP)
			break;
	}
	d->seconds = cc_monotonic() - t0;
	return 0;
}

void cc_drain_restore(struct cc_drain *d)
{
	if (d->done)
		cc_saved_restore(&d->saved);
}

void cc_drain_close(struct cc_drain *d)
{
	cc_drain_restore(d);
	cc_attr_close(&d->fraction);
	cc_attr_close(&d->refresh);
}
