// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * watch --batch views: a text frame (the canvas of watch-view.c written as
 * plain text), or one JSON document per line: the status document of the
 * frame's snapshot with the frame number, its time and the vmstat rates.
 */
#include <stdio.h>

#include "counters.h"
#include "format.h"
#include "jsonw.h"
#include "views.h"

int cc_text_watch_frame(struct cc_out *o, const struct cc_watch *w)
{
	struct cc_canvas c;

	cc_canvas_init(&c, o->width, o->utf8);
	if (w->frame > 1)
		cc_put(&c, CA_NORMAL, "\n");
	cc_watch_render(w, &c, true, false);
	cc_canvas_write(&c, o->f);
	cc_canvas_free(&c);
	return ferror(o->f) ? -1 : 0;
}

int cc_json_watch_frame(struct cc_out *o, const struct cc_watch *w)
{
	struct cc_status_report r;
	struct cc_jw jw;
	double dt = w->t_cur - w->t_prev;
	int i;

	/* the status document of the frame: the thp verdict, no sources */
	cc_jw_init(&jw, o->f, false);
	cc_jw_obj(&jw, NULL);
	cc_status_report_build(&r, &w->cur, w->nodes, w->order, CC_REQ_THP, NULL);
	cc_jw_status(&jw, o, &r);
	cc_status_report_free(&r);
	cc_jw_int(&jw, "frame", w->frame);
	cc_jw_num(&jw, "elapsed_s", cc_round_dec(w->t_cur - w->t0, 3));
	if (!w->have_prev || dt <= 0) {
		cc_jw_null(&jw, "rates_per_s");
	} else {
		cc_jw_obj(&jw, "rates_per_s");
		for (i = 0; i < cc_ncounters; i++) {
			const struct cc_counter *c = &cc_counters[i];
			double rate;

			if ((c->views & CC_SHOW_RATE) && cc_watch_rate(w, c->name, &rate) > 0)
				cc_jw_num(&jw, c->name, cc_round_dec(rate, 1));
		}
		cc_jw_end(&jw);
	}
	cc_jw_end(&jw);
	return cc_jw_finish(&jw);
}
