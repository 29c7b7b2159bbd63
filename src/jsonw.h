/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A streaming JSON writer: members go straight to a FILE, laid out byte for
 * byte as cJSON_Print (tabs, "key":<tab>value, ", " in arrays) or
 * cJSON_PrintUnformatted lays them out, so a view may build a cJSON tree or
 * stream and the documents do not differ. Strings go through the terminal
 * filter (cc_safe_copy) and cJSON's escapes; integers below 10^15 are their
 * digits, other numbers as cJSON prints them.
 */
#ifndef CC_JSONW_H
#define CC_JSONW_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "wbuf.h"

#define CC_JW_MAX_DEPTH 64

struct cc_jw {
	struct cc_wbuf out;	/* in front of the FILE */
	bool fmt;		/* cJSON_Print's layout; false: one line */
	bool bad;		/* something could not be written as JSON */
	int depth;
	bool member[CC_JW_MAX_DEPTH];	/* the container at depth d has one */
	bool array[CC_JW_MAX_DEPTH];	/* ... and is an array */
};

void cc_jw_init(struct cc_jw *w, FILE *f, bool formatted);
/* key: the member's name in an object, NULL in an array or at the top */
void cc_jw_obj(struct cc_jw *w, const char *key);
void cc_jw_arr(struct cc_jw *w, const char *key);
void cc_jw_end(struct cc_jw *w);
void cc_jw_u64(struct cc_jw *w, const char *key, uint64_t v);
/* v, or null when not have (cc_json_add_opt_u64) */
void cc_jw_opt_u64(struct cc_jw *w, const char *key, bool have, uint64_t v);
void cc_jw_int(struct cc_jw *w, const char *key, long long v);
void cc_jw_num(struct cc_jw *w, const char *key, double v);
void cc_jw_str(struct cc_jw *w, const char *key, const char *s);	/* NULL: "" */
void cc_jw_str_or_null(struct cc_jw *w, const char *key, const char *s);	/* NULL, "": null */
void cc_jw_bool(struct cc_jw *w, const char *key, bool v);
void cc_jw_null(struct cc_jw *w, const char *key);
void cc_jw_u64_array(struct cc_jw *w, const char *key, const uint64_t *v, int n);
/* a cJSON item (and all below it) */
void cc_jw_item(struct cc_jw *w, const char *key, const cJSON *it);
/* the members of a cJSON object into the object being written; frees it */
void cc_jw_members(struct cc_jw *w, cJSON *obj);
/* after the top-level value: its newline, and everything to f; 0, or -1
 * when not all of it could be written. Nothing else may write to f between
 * cc_jw_init and cc_jw_finish. */
int cc_jw_finish(struct cc_jw *w);

#endif
