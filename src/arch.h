/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the architecture and page size decide (issue 13, section 4): the page
 * size of a tree that does not state it, and the order the proactive
 * compaction score is computed at (COMPACTION_HPAGE_ORDER). Pure functions.
 */
#ifndef COMPACTCTL_ARCH_H
#define COMPACTCTL_ARCH_H

#include <stddef.h>
#include <stdint.h>

/* Canonical name (as uname -m and kernel.arch print it) for an arch name or
 * alias ("arm64" -> "aarch64", "amd64" -> "x86_64", "armv7l" -> "arm"), or
 * NULL when unknown. */
const char *cc_arch_canonical(const char *name);
/* The architecture named in a kernel release string, e.g. "6.1.0-50-arm64",
 * "4.18.0-305.el8.x86_64", "5.10.0-powerpc64le"; NULL when none is. */
const char *cc_arch_from_release(const char *release);

/* Page size from the evidence: the arch (canonical, or NULL), the number of
 * buddy orders (0 unknown) and /proc/meminfo Hugepagesize in kB (0 unknown).
 * Returns the page size in bytes, or 0 when the evidence does not decide. */
long cc_arch_page_size(const char *arch, int norders, uint64_t hugepagesize_kb);

/* COMPACTION_HPAGE_ORDER [mm/compaction.c, v6.18]: HPAGE_PMD_ORDER with
 * THP, else HUGETLB_PAGE_ORDER, else PMD_SHIFT - PAGE_SHIFT - all three the
 * PMD order on the architectures below. -1 when the arch and page size do
 * not decide it (i386 PAE or not, powerpc hash or radix). */
int cc_arch_pmd_order(const char *arch, long page_size);

#endif
