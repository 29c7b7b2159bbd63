// SPDX-License-Identifier: GPL-2.0-or-later
/* The view tables: one per output format (views.h). */
#include <string.h>

#include "views.h"

const struct cc_view_ops cc_view_text = {
	.name = "text",
	.format = CC_FORMAT_TEXT,
	.status = cc_text_status,
	.snapshot = cc_json_snapshot,	/* a snapshot is a JSON document either way */
	.diff = cc_text_diff,
	.check = cc_text_check,
	.compact = cc_text_compact,
	.probe = cc_text_probe,
	.watch_frame = cc_text_watch_frame,
	.map = cc_text_map,
};

const struct cc_view_ops cc_view_json = {
	.name = "json",
	.format = CC_FORMAT_JSON,
	.status = cc_json_status,
	.snapshot = cc_json_snapshot,
	.diff = cc_json_diff,
	.check = cc_json_check,
	.compact = cc_json_compact,
	.probe = cc_json_probe,
	.watch_frame = cc_json_watch_frame,
	.map = cc_json_map,
};

const struct cc_view_ops cc_view_prometheus = {
	.name = "prometheus",
	.format = CC_FORMAT_PROMETHEUS,
	.status = cc_prom_status,
	.map = cc_prom_map,
};

const struct cc_view_ops *cc_view_find(const char *name)
{
	static const struct cc_view_ops *const all[] = {
		&cc_view_text, &cc_view_json, &cc_view_prometheus,
	};
	size_t i;

	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (!strcmp(all[i]->name, name))
			return all[i];
	return NULL;
}
