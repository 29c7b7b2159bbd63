// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * compact's stop rules (cc_compact_next) and what the text view says of
 * them, on reports built by hand: passes that gain, that gain nothing, and
 * that the kernel cut short (issue 12, defect 4: --passes 3 gaining 0 B
 * each time said "the last still gained").
 */
#include <stdlib.h>
#include <string.h>

#include "compact.h"
#include "tracer.h"
#include "tap.h"
#include "views.h"

/* one node, one Normal zone of 11 orders, pageblock order 9, 4K pages;
 * blocks2m order-9 blocks free */
static void snap(struct cc_snapshot *s, uint64_t blocks2m, int score_pct)
{
	struct cc_node *n;
	struct cc_zone *z;

	cc_snapshot_init(s);
	s->norders = 11;
	s->page_size = 4096;
	s->pageblock_order = s->thp_order = 9;
	n = cc_node_get(s, 0, true);
	z = cc_zone_get(n, "Normal", true);
	z->populated = true;
	z->free_src = CC_FREE_BUDDYINFO;
	z->free_blocks[9] = blocks2m;
	/* score_pct of the free pages below order 9: extfrag_for_order */
	z->free_blocks[0] = blocks2m * 512 * (uint64_t)score_pct / (uint64_t)(100 - score_pct);
	z->zi[ZF_PRESENT] = 1 << 20;
	z->zi_set |= 1u << ZF_PRESENT;
}

struct fake {
	struct cc_compact_report r;
	struct cc_snapshot s[4];
	struct cc_compact_pass p[3];
};

/* passes whose free 2M blocks go 100 -> b[0] -> b[1] -> b[2]; cut[i]: pass
 * i+1 ended before its scanners met in a zone */
static void build(struct fake *f, int max, const uint64_t *b, const bool *cut, long until)
{
	int i;

	memset(f, 0, sizeof(*f));
	snap(&f->s[0], 100, 50);
	for (i = 0; i < 3; i++) {
		snap(&f->s[i + 1], b[i], 50);
		f->p[i].gain = (int64_t)(b[i] - (i ? b[i - 1] : 100)) * 512;
		if (cut[i]) {
			f->p[i].traced = true;
			f->p[i].trace.nzones = 1;
			f->p[i].trace.zones = calloc(1, sizeof(struct cc_trace_zone));
			f->p[i].trace.zones[0].ended = true;
			/* scanners 10% of the way, not met */
			f->p[i].trace.zones[0].migrate_start = 0;
			f->p[i].trace.zones[0].migrate_end = 10;
			f->p[i].trace.zones[0].free_start = 100;
			f->p[i].trace.zones[0].free_end = 100;
		}
	}
	f->r.snap = f->s;
	f->r.pass = f->p;
	f->r.max_passes = max;
	f->r.req.until_score = until;
	f->r.gain_order = 9;
	f->r.min_gain = 512;
	f->r.targets = calloc(1, sizeof(*f->r.targets));
	f->r.ntargets = 1;
	f->r.system = true;
	cc_nodeset_add(&f->r.nodes, 0);
}

static void unbuild(struct fake *f)
{
	int i;

	for (i = 0; i < 4; i++)
		cc_snapshot_free(&f->s[i]);
	for (i = 0; i < 3; i++)
		cc_trace_free(&f->p[i].trace);
	free(f->r.targets);
}

/* the pass at which the rules stop, and why */
static int stops_at(struct fake *f, enum cc_compact_stop *why)
{
	int p;

	for (p = 1; p <= f->r.max_passes; p++)
		if (!cc_compact_next(&f->r, p, why))
			return p;
	return -1;
}

/* the text view's "Stopped ..." line for the report stopped after n passes */
static char *stop_text(struct fake *f, int n, enum cc_compact_stop why)
{
	struct cc_out o = { .command = "compact", .width = 80 };
	char *buf = NULL, *line;
	size_t len = 0;

	f->r.npasses = n;
	f->r.stop = why;
	o.f = open_memstream(&buf, &len);
	cc_text_compact(&o, &f->r);
	fclose(o.f);
	line = strstr(buf, "Stopped");
	if (line)
		memmove(buf, line, strlen(line) + 1);
	/* the sentence, on one line for the TAP description */
	if ((line = strstr(buf, ".\n")))
		line[1] = '\0';
	for (line = buf; (line = strchr(line, '\n'));)
		*line = ' ';
	return buf;
}

/* the text view's per-zone outcome of pass 1 traced with no run in it */
static char *outcome_text(struct fake *f, uint64_t events)
{
	struct cc_out o = { .command = "compact", .width = 80 };
	char *buf = NULL, *line;
	size_t len = 0;

	f->r.tracing = true;
	f->p[0].traced = true;
	f->p[0].trace.events = events;
	f->r.npasses = 1;
	f->r.stop = CC_STOP_ONE;
	o.f = open_memstream(&buf, &len);
	cc_text_compact(&o, &f->r);
	fclose(o.f);
	line = strstr(buf, "   1 (no compaction");
	if (line) {
		memmove(buf, line, strlen(line) + 1);
		buf[strcspn(buf, "\n")] = '\0';
	}
	return buf;
}

int main(void)
{
	static const bool none[3], all[3] = { true, true, true };
	static const uint64_t gaining[3] = { 110, 120, 130 }, flat[3] = { 100, 100, 100 };
	enum cc_compact_stop why;
	struct fake f;
	char *t;

	build(&f, 1, gaining, none, -1);
	is_int(stops_at(&f, &why), 1, "one pass asked: stops after pass 1");
	is_int(why, CC_STOP_ONE, "... as a single pass");
	unbuild(&f);

	build(&f, 3, gaining, none, -1);
	is_int(stops_at(&f, &why), 3, "--passes 3, each gaining 10 blocks: all three");
	is_int(why, CC_STOP_PASSES, "... stopped by --passes");
	t = stop_text(&f, 3, why);
	ok(strstr(t, "the last still gained (+20 MiB)") != NULL,
	   "... and the text says the last still gained, by how much: %s", t);
	free(t);
	unbuild(&f);

	build(&f, 3, flat, none, -1);
	is_int(stops_at(&f, &why), 1, "--passes 3 gaining nothing: stops after pass 1");
	is_int(why, CC_STOP_NO_GAIN, "... for lack of gain");
	unbuild(&f);

	/* the defect: every pass gained 0 B but was cut short, so the rules
	 * went on to --passes; the text must not claim a gain */
	build(&f, 3, flat, all, -1);
	is_int(stops_at(&f, &why), 3, "--passes 3, 0 B each but cut short: all three");
	is_int(why, CC_STOP_PASSES, "... stopped by --passes");
	t = stop_text(&f, 3, why);
	ok(strstr(t, "still gained") == NULL, "... the text does not say the last still gained");
	ok(strstr(t, "the last gained 0 B but") != NULL &&
	   strstr(t, "ended before its scanners met") != NULL,
	   "... it says the last gained 0 B and was cut short: %s", t);
	free(t);
	unbuild(&f);

	/* the node's score: 50% per zone, weighted 2^20 / (2^20 + 1): 49 */
	build(&f, 3, gaining, none, 40);
	is_int(stops_at(&f, &why), 3, "--until-score 40 with the score at 49: never reached");
	is_int(why, CC_STOP_PASSES, "... stopped by --passes");
	unbuild(&f);
	build(&f, 3, gaining, none, 50);
	is_int(stops_at(&f, &why), 1, "--until-score 50 reached after pass 1");
	is_int(why, CC_STOP_SCORE, "... stopped by the score");
	ok(cc_compact_score_reached(&f.r, &f.s[0]), "... which was reached before pass 1 too");
	unbuild(&f);

	/* the trace buffer a pass needs, per CPU: 80 bytes a pageblock of 512
	 * pages (a pass wrote about 40 on 6.18), 1 to 64 MiB */
	is_int(cc_tracer_pass_kb(6193152), 1024, "trace buffer, 24 GiB: 945 KiB, at least 1 MiB");
	is_int(cc_tracer_pass_kb(67108864), 10240, "... 256 GiB: 131072 blocks x 80 B = 10240 KiB");
	is_int(cc_tracer_pass_kb(1ull << 40), 65536, "... at most 64 MiB");
	build(&f, 1, flat, none, -1);
	t = outcome_text(&f, 0);
	ok(!strcmp(t, "   1 (no compaction events recorded)"), "a traced pass without events: %s", t);
	free(t);
	t = outcome_text(&f, 212);
	ok(!strcmp(t, "   1 (no compaction run recorded from its begin: 212 events outside one)"),
	   "... with events but every begin lost: %s", t);
	free(t);
	unbuild(&f);
	return tap_done();
}
