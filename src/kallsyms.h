/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef COMPACTCTL_KALLSYMS_H
#define COMPACTCTL_KALLSYMS_H

#include <stddef.h>
#include <stdint.h>

#include "compactctl.h"

struct cc_ksym {
	uint64_t addr;
	char *name;
};

struct cc_ksyms {
	struct cc_ksym *sym;	/* sorted by address */
	size_t n;
};

/* Text symbols of /proc/kallsyms. 0, or -1 with e set. */
int cc_parse_kallsyms(struct cc_ksyms *ks, char *buf, size_t len, const char *path,
		      struct cc_err *e);
/* "function+0x1a", or the address in hex */
const char *cc_ksym_name(const struct cc_ksyms *ks, uint64_t addr, char *buf, size_t n);
void cc_ksyms_free(struct cc_ksyms *ks);

#endif
