// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Pages of per_cpu/cpuN/trace_pipe_raw. The page header's layout comes from
 * events/header_page (timestamp, commit, data); the event headers are the
 * ring buffer's compressed headers that events/header_event describes:
 *   type_len:5, time_delta:27, array[]: 32 bits
 *   type_len 1..28: data of type_len * 4 bytes follows the 4-byte header
 *   type_len 0: array[0] is the length (itself included), data follows it
 *   29 padding (time_delta 0: the rest of the page), 30 time extend
 *   (delta = array[0] << 27 | time_delta), 31 absolute time stamp
 * [kernel/trace/ring_buffer.c: rb_event_length, rb_update_read_stamp and
 *  the struct ring_buffer_event comment, v6.12]. The commit word of a page
 * that the reader took carries RB_MISSED_EVENTS (bit 31) when events were
 * lost before it, and RB_MISSED_STORED (bit 30) when their number is stored
 * after the data [ring_buffer.c: ring_buffer_read_page].
 */
#include <string.h>

#include "tracefmt.h"

#define RB_TYPE_PADDING 29
#define RB_TYPE_TIME_EXTEND 30
#define RB_TYPE_TIME_STAMP 31
#define RB_MISSED_EVENTS (1ULL << 31)
#define RB_MISSED_STORED (1ULL << 30)
#define TS_SHIFT 27

int cc_tf_page_layout(struct cc_tf_page *pl, const struct cc_tf_event *hp, const char *path,
		      struct cc_err *e)
{
	const struct cc_tf_field *ts = cc_tf_field(hp, "timestamp");
	const struct cc_tf_field *commit = cc_tf_field(hp, "commit");
	const struct cc_tf_field *data = cc_tf_field(hp, "data");

	if (!ts || !commit || !data || ts->size != 8 ||
	    (commit->size != 4 && commit->size != 8))
		return cc_err_set(e, path, 0, "header_page without an 8-byte timestamp, "
				  "a commit word and data");
	pl->ts_off = ts->offset;
	pl->commit_off = commit->offset;
	pl->commit_size = commit->size;
	pl->data_off = data->offset;
	return 0;
}

static uint32_t rd32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static uint64_t rd64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

/* the 5-bit type_len and 27-bit delta of a compressed event header */
static void split_header(uint32_t h, unsigned *type_len, uint32_t *delta)
{
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	*type_len = h >> 27;
	*delta = h & ((1u << 27) - 1);
#else
	*type_len = h & 31;
	*delta = h >> 5;
#endif
}

int cc_tf_page_walk(const struct cc_tf_page *pl, const uint8_t *page, size_t len,
		    int (*cb)(const struct cc_tf_record *r, void *arg), void *arg,
		    struct cc_tf_page_info *info, const char *path, struct cc_err *e)
{
	uint64_t ts, commit, size;
	size_t pos, end;

	memset(info, 0, sizeof(*info));
	if (len < (size_t)pl->data_off || pl->ts_off + 8 > len ||
	    pl->commit_off + pl->commit_size > len)
		return cc_err_set(e, path, 0, "ring-buffer page of %zu bytes: shorter than "
				  "its header", len);
	ts = rd64(page + pl->ts_off);
	commit = pl->commit_size == 8 ? rd64(page + pl->commit_off) : rd32(page + pl->commit_off);
	size = commit & ~(RB_MISSED_EVENTS | RB_MISSED_STORED);
	if (pl->commit_size == 8)
		size &= 0xffffffffULL;
	if (size > len - pl->data_off)
		return cc_err_set(e, path, 0, "ring-buffer page says %llu bytes of data, "
				  "the page holds %zu", (unsigned long long)size,
				  len - pl->data_off);
	pos = pl->data_off;
	end = pl->data_off + (size_t)size;
	if (commit & RB_MISSED_EVENTS) {
		/* the count, when stored, is a long just after the data */
		if ((commit & RB_MISSED_STORED) && end + sizeof(long) <= len) {
			unsigned long m;

			memcpy(&m, page + end, sizeof(m));
			info->missed = m;
		} else {
			info->missed_unknown = true;
		}
	}
	while (pos + 4 <= end) {
		struct cc_tf_record r;
		unsigned type_len;
		uint32_t delta;
		size_t dlen;

		split_header(rd32(page + pos), &type_len, &delta);
		switch (type_len) {
		case RB_TYPE_PADDING:
			if (!delta)
				return 0;	/* the rest of the page */
			if (pos + 8 > end)
				goto bad;
			dlen = rd32(page + pos + 4);
			if (dlen > end - pos - 4)
				goto bad;
			pos += 4 + dlen;
			ts += delta;
			continue;
		case RB_TYPE_TIME_EXTEND:
		case RB_TYPE_TIME_STAMP:
			if (pos + 8 > end)
				goto bad;
			if (type_len == RB_TYPE_TIME_EXTEND)
				ts += ((uint64_t)rd32(page + pos + 4) << TS_SHIFT) + delta;
			else	/* absolute: the low 59 bits; the page's top bits */
				ts = (ts & ~((1ULL << 59) - 1)) |
				     ((uint64_t)rd32(page + pos + 4) << TS_SHIFT) | delta;
			pos += 8;
			continue;
		case 0:
			if (pos + 8 > end)
				goto bad;
			dlen = rd32(page + pos + 4);
			if (dlen < 4 || dlen - 4 > end - pos - 8)
				goto bad;
			dlen -= 4;
			r.data = page + pos + 8;
			r.len = dlen;
			pos += 8 + ((dlen + 3) & ~(size_t)3);
			break;
		default:
			dlen = (size_t)type_len * 4;
			if (dlen > end - pos - 4)
				goto bad;
			r.data = page + pos + 4;
			r.len = dlen;
			pos += 4 + dlen;
			break;
		}
		ts += delta;
		r.ts = ts;
		info->records++;
		if (cb(&r, arg))
			return 0;
	}
	return 0;
bad:
	return cc_err_set(e, path, 0, "ring-buffer page: record at byte %zu runs past "
			  "the data (%llu bytes)", pos, (unsigned long long)size);
}
