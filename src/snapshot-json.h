/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The snapshot document (compactctl snapshot) and the diff inputs. */
#ifndef COMPACTCTL_SNAPSHOT_JSON_H
#define COMPACTCTL_SNAPSHOT_JSON_H

#include <cjson/cJSON.h>

#include "model.h"

#define CC_SNAPSHOT_VERSION 1

struct cc_jw;
/* Every raw count of s, with a timestamp: members of the object w is
 * writing (after the JSON envelope, which carries the kernel release). */
void cc_snapshot_write_json(struct cc_jw *w, const struct cc_snapshot *s);

/* Load a user file: a snapshot document, or a raw /proc/buddyinfo capture
 * (then the page size, pageblock and compaction orders are assumed). s must
 * be freshly initialised. 0, or -1 with e set ("file: snapshot: key: why"). */
int cc_snapshot_load(struct cc_snapshot *s, const char *path, struct cc_err *e);
/* The same from a NUL-terminated buffer; name is used in messages. */
int cc_snapshot_load_buf(struct cc_snapshot *s, char *data, size_t len, const char *name,
			 struct cc_err *e);

#endif
