// SPDX-License-Identifier: GPL-2.0-or-later
#include "arch.h"

#include <string.h>

#include "compactctl.h"

static const struct {
	const char *alias, *canon;
} aliases[] = {
	/* longest first: the release scan takes the first match */
	{ "powerpc64le", "ppc64le" }, { "ppc64le", "ppc64le" }, { "powerpc64", "ppc64" },
	{ "ppc64", "ppc64" }, { "loongarch64", "loongarch64" }, { "x86_64", "x86_64" },
	{ "amd64", "x86_64" }, { "aarch64", "aarch64" }, { "arm64", "aarch64" },
	{ "riscv64", "riscv64" }, { "s390x", "s390x" }, { "armv7l", "arm" },
	{ "armv7", "arm" }, { "armhf", "arm" }, { "armel", "arm" }, { "armmp", "arm" },
	{ "i686", "i686" }, { "i586", "i686" }, { "i386", "i686" }, { "686", "i686" },
	{ "arm", "arm" },
};

const char *cc_arch_canonical(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(aliases); i++)
		if (!strcmp(name, aliases[i].alias))
			return aliases[i].canon;
	return NULL;
}

/* name occurs in s as a word: bounded by start/end or by . - _ + */
static bool word_in(const char *s, const char *name)
{
	size_t n = strlen(name);
	const char *p;

	for (p = strstr(s, name); p; p = strstr(p + 1, name)) {
		bool left = p == s || strchr(".-_+", p[-1]);
		bool right = !p[n] || strchr(".-_+", p[n]);

		/* "x86_64" contains '_': only whole names count */
		if (left && right)
			return true;
	}
	return false;
}

const char *cc_arch_from_release(const char *release)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(aliases); i++)
		if (word_in(release, aliases[i].alias))
			return aliases[i].canon;
	return NULL;
}

/* Architectures with one base page size (4K) whatever the kernel config */
static bool only_4k(const char *arch)
{
	static const char *const a[] = { "x86_64", "i686", "arm", "riscv64", "s390x" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(a); i++)
		if (!strcmp(arch, a[i]))
			return true;
	return false;
}

long cc_arch_page_size(const char *arch, int norders, uint64_t hugepagesize_kb)
{
	if (!arch)
		return 0;
	if (only_4k(arch))
		return 4096;
	if (!strcmp(arch, "aarch64")) {
		/* the default huge page is the PMD: PAGE_SIZE << (PAGE_SHIFT - 3) */
		if (hugepagesize_kb == 2048)
			return 4096;
		if (hugepagesize_kb == 32768)
			return 16384;
		if (hugepagesize_kb == 524288)
			return 65536;
		/* buddy orders by the default ARCH_FORCE_MAX_ORDER
		 * [arch/arm64/Kconfig]: 4K 0-10, 16K 0-11, 64K 0-13 */
		if (norders == 11)
			return 4096;
		if (norders == 12)
			return 16384;
		if (norders == 14)
			return 65536;
		return 0;
	}
	if (!strcmp(arch, "ppc64le") || !strcmp(arch, "ppc64")) {
		/* [arch/powerpc/Kconfig] ARCH_FORCE_MAX_ORDER: 64K 0-8, 4K 0-12 */
		if (norders == 9)
			return 65536;
		if (norders == 13)
			return 4096;
	}
	return 0;
}

int cc_arch_pmd_order(const char *arch, long page_size)
{
	int shift;

	if (!arch || page_size <= 0)
		return -1;
	shift = cc_ilog2_exact((uint64_t)page_size);
	if (shift < 12)
		return -1;
	/* 64-bit tables with 8-byte entries: a page table page maps
	 * PAGE_SIZE / 8 entries, so PMD_SHIFT = 2 * PAGE_SHIFT - 3 */
	if (!strcmp(arch, "x86_64") || !strcmp(arch, "aarch64") ||
	    !strcmp(arch, "riscv64") || !strcmp(arch, "loongarch64"))
		return shift - 3;
	/* arm: PMD_SHIFT 21 with both the 2-level (two 1M sections) and the
	 * LPAE 3-level tables [arch/arm/include/asm/pgtable-2level.h, -3level.h] */
	if (!strcmp(arch, "arm") && shift == 12)
		return 9;
	/* s390: a segment (PMD) maps 1M [arch/s390/include/asm/pgtable.h] */
	if (!strcmp(arch, "s390x") && shift == 12)
		return 8;
	return -1;
}
