// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer harness for `sysctl -a` as a sosreport saves it
 * (parse-sysctl.c), and for the kernel release the proactive compaction
 * question reads (model.c): the input's first line stands as the release,
 * the whole input as the listing. A file of its own, so that fuzz.c's
 * numbered targets stay as they are.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"
#include "parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cc_snapshot s;
	struct cc_err e;
	enum cc_src src;
	char *buf = malloc(size + 1);
	size_t n = 0;
	int lo, hi;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	cc_snapshot_init(&s);
	while (n < size && n < sizeof(s.kernel) - 1 && data[n] != '\n' && data[n])
		n++;
	memcpy(s.kernel, data, n);
	s.kernel[n] = '\0';
	(void)cc_proactive_compaction(&s, &src);
	if (cc_parse_sysctl(&s, buf, size, "fuzz", &e) == 0) {
		(void)cc_proactive_compaction(&s, &src);
		cc_kcompactd_wmarks(cc_knob(&s, K_PROACTIVENESS), &lo, &hi);
	}
	cc_snapshot_free(&s);
	free(buf);
	return 0;
}
