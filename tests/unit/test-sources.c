// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The sources parsers and arithmetic against the kernel's own numbers:
 * zsmalloc's printed freeable column (Documentation/mm/zsmalloc.rst sample),
 * the live capture's files, and the architecture tables of arch.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "sources-report.h"
#include "tap.h"

static char buf[8192];

static char *text(const char *s)
{
	snprintf(buf, sizeof(buf), "%s", s);
	return buf;
}

static void zsmalloc_doc_sample(void)
{
	/* Documentation/mm/zsmalloc.rst (6.6+ columns), "..." lines removed */
	static const char classes[] =
		" class  size       10%       20%       30%       40%       50%       60%"
		"       70%       80%       90%       99%      100% obj_allocated   obj_used"
		" pages_used pages_per_zspage freeable\n"
		"    30   512         0        12         4         1         0         1"
		"         0         0         1         0       414          3464       3346"
		"        433                1       14\n"
		"    31   528         2         7         2         2         1         0"
		"         1         0         0         2       117          4154       3793"
		"        536                4       44\n"
		"    32   544         6         3         4         1         2         1"
		"         0         0         0         1       260          4170       3965"
		"        556                2       26\n";
	struct cc_zs_pool p;
	struct cc_zs_totals t;
	struct cc_err e;
	uint64_t f;
	int i, r;

	r = cc_parse_zs_classes(&p, text(classes), strlen(classes), "classes", &e);
	is_int(r, 0, "6.6 classes table parses");
	is_int(p.nclasses, 3, "three classes");
	is_int(p.nfullness, 11, "eleven fullness columns 10%%..100%%");
	ok(!strcmp(p.fullness_names[10], "100%"), "last fullness column is 100%%");
	is_int(p.classes[0].fullness[1], 12, "class 30: 12 zspages in the 20%% group");
	is_int(p.classes[1].pages_per_zspage, 4, "class 31: 4 pages per zspage");
	/* objs_per_zspage = pages_per_zspage * 4096 / size: 8, 31, 15 */
	is_int(cc_zs_objs_per_zspage(&p.classes[0], 4096), 8, "class 30: 4096/512 = 8 objects");
	is_int(cc_zs_objs_per_zspage(&p.classes[1], 4096), 31, "class 31: 16384/528 = 31");
	is_int(cc_zs_objs_per_zspage(&p.classes[2], 4096), 15, "class 32: 8192/544 = 15");
	for (i = 0; i < 3; i++) {
		ok(cc_zs_can_compact(&p.classes[i], 4096, &f), "class %u: computable",
		   p.classes[i].index);
		is_int(f, p.classes[i].freeable, "class %u: zs_can_compact = the kernel's "
		       "freeable column", p.classes[i].index);
		/* pages_used = obj_allocated / objs_per_zspage * pages_per_zspage */
		is_int(p.classes[i].obj_allocated / cc_zs_objs_per_zspage(&p.classes[i], 4096) *
		       p.classes[i].pages_per_zspage, p.classes[i].pages_used,
		       "class %u: pages_used agrees", p.classes[i].index);
	}
	cc_zs_pool_totals(&p, 4096, &t);
	is_int(t.freeable_pages, 14 + 44 + 26, "pool: 84 pages freeable");
	/* waste: 433*4096 - 3346*512 = 1773568 - 1713152 = 60416;
	 * 536*4096 - 3793*528 = 2195456 - 2002704 = 192752;
	 * 556*4096 - 3965*544 = 2277376 - 2156960 = 120416 */
	is_int(cc_zs_waste_bytes(&p.classes[0], 4096), 60416, "class 30 waste 60416 bytes");
	is_int(t.waste_bytes, 60416 + 192752 + 120416, "pool waste 373584 bytes");
	is_int(t.obj_used, 3346 + 3793 + 3965, "objects in use summed");
	cc_zs_pool_totals(&p, 0, &t);
	ok(t.freeable_known && t.freeable_pages == 84,
	   "page size unknown: the printed freeable column is used");
	free(p.classes);
}

static void zsmalloc_formats(void)
{
	static const char old[] =
		" class  size almost_full almost_empty obj_allocated   obj_used pages_used"
		" pages_per_zspage freeable\n"
		"   151  2448           0            0          1240       1240        744"
		"                3        0\n"
		"\n"
		" Total                 7           46        106982     106187      48787"
		"                         0\n";
	static const char huge[] =
		"  class  size  huge almost_full almost_empty obj_allocated   obj_used pages_used"
		" pages_per_zspage\n"
		"     0    32             0            0             0          0          0"
		"                1\n"
		"   254  4096 Y           0            0             0          0          0"
		"                1\n";
	struct cc_zs_pool p;
	struct cc_err e;
	int r;

	r = cc_parse_zs_classes(&p, text(old), strlen(old), "classes", &e);
	ok(r == 0 && p.nclasses == 1 && p.nfullness == 2, "4.x columns, Total row skipped");
	ok(p.classes[0].have_freeable && !strcmp(p.fullness_names[1], "almost_empty"),
	   "almost_empty and freeable columns");
	free(p.classes);
	r = cc_parse_zs_classes(&p, text(huge), strlen(huge), "classes", &e);
	ok(r == 0 && p.nclasses == 2 && !p.classes[0].huge && p.classes[1].huge,
	   "4.x huge column: blank or Y");
	free(p.classes);

	r = cc_parse_zs_classes(&p, text(" class size obj_used\n"), 21, "classes", &e);
	ok(r < 0, "header without obj_allocated refused: %s", e.msg);
	free(p.classes);
	text(" class  size obj_allocated obj_used pages_used\n   2  48  1 1\n");
	r = cc_parse_zs_classes(&p, buf, strlen(buf), "classes", &e);
	ok(r < 0 && strstr(e.msg, "classes:2:"), "short row refused with its line: %s", e.msg);
	free(p.classes);
	text(" class  size obj_allocated obj_used pages_used\n   2  48  1 1 1\n   1  32 1 1 1\n");
	r = cc_parse_zs_classes(&p, buf, strlen(buf), "classes", &e);
	ok(r < 0 && strstr(e.msg, "out of order"), "classes out of order refused: %s", e.msg);
	free(p.classes);
}

static void zram_mm_stat(void)
{
	/* the live capture (sources-local-x86_64-6.18): 9 columns */
	static const char live[] = "33554432 13867356 16187392        0 21872640     2731"
				   "        0     2731     4096\n";
	struct cc_zram_mm m;
	struct cc_err e;

	is_int(cc_parse_zram_mm_stat(&m, text(live), strlen(live), "mm_stat", &e), 0,
	       "6.18 mm_stat parses");
	is_int(m.ncols, 9, "nine columns");
	is_int(m.v[ZMM_ORIG], 33554432, "orig_data_size 32 MiB (8192 4K pages written)");
	is_int(m.v[ZMM_COMPACTED], 0, "pages_compacted is the 7th column");
	is_int(m.v[ZMM_HUGE_SINCE], 4096, "huge_pages_since is the 9th");
	ok(cc_parse_zram_mm_stat(&m, text("1 2 3 4 5 6\n"), 12, "mm_stat", &e) < 0,
	   "6 columns refused: %s", e.msg);
	ok(cc_parse_zram_mm_stat(&m, text("1 2 3 4 5 6 x\n"), 14, "mm_stat", &e) < 0,
	   "a non-number refused: %s", e.msg);
}

static void psi(void)
{
	static const char s[] = "some avg10=1.25 avg60=0.50 avg300=0.00 total=123456\n"
				"full avg10=100.00 avg60=0.01 avg300=0.00 total=7\n";
	struct cc_psi p;
	struct cc_err e;

	is_int(cc_parse_psi(&p, text(s), strlen(s), "memory", &e), 0, "PSI parses");
	is_int(p.some.avg[0], 125, "avg10 1.25%% kept as 125 hundredths");
	is_int(p.full.avg[0], 10000, "100.00%% as 10000");
	is_int(p.some.total_us, 123456, "total in microseconds");
	ok(cc_parse_psi(&p, text("some avg10=1.5 avg60=0.00 avg300=0.00 total=1\n"), 46,
			"memory", &e) < 0, "one decimal refused: %s", e.msg);
	ok(cc_parse_psi(&p, text("full avg10=0.00 avg60=0.00 avg300=0.00 total=1\n"), 47,
			"memory", &e) < 0, "no 'some' line refused: %s", e.msg);
}

static void sysfs_files(void)
{
	struct cc_hpool hp = { 0 };
	struct cc_stat st[2];
	struct cc_err e;
	uint64_t kb;
	int n = 0;

	ok(!cc_parse_hugepages_dirname("hugepages-1048576kB", &kb) && kb == 1048576,
	   "hugepages-1048576kB is 1G");
	ok(cc_parse_hugepages_dirname("hugepages-kB", &kb) < 0 &&
	   cc_parse_hugepages_dirname("hugepages-2048MB", &kb) < 0, "bad pool names refused");
	ok(!cc_parse_hpool_attr(&hp, "demote_size", "2048kB\n", 7, "demote_size", &e) &&
	   hp.v[HP_DEMOTE_SIZE] == 2048, "demote_size 2048kB");
	ok(!cc_parse_hpool_attr(&hp, "nr_hugepages", "8\n", 2, "nr_hugepages", &e) &&
	   hp.v[HP_NR] == 8 && (hp.set & (1u << HP_NR)), "nr_hugepages 8");
	ok(cc_parse_hpool_attr(&hp, "free_hugepages", "8\n9\n", 4, "free", &e) < 0,
	   "two lines refused: %s", e.msg);
	ok(!cc_parse_stat_file(st, &n, 2, "anon_fault_alloc", "477\n", 4, "f", &e) &&
	   n == 1 && st[0].value == 477, "mTHP counter 477");
	ok(cc_parse_stat_file(st, &n, 2, "anon_fault_alloc", "1\n", 2, "f", &e) < 0,
	   "a counter twice refused");
	ok(cc_parse_stat_file(st, &n, 2, "bad\033name", "1\n", 2, "f", &e) < 0,
	   "a control character in a name refused");
}

static void thp_split(void)
{
	struct cc_mthp m = { .size_kb = 64, .nstats = 3, .stats = {
		{ "anon_fault_alloc", 477 }, { "anon_fault_fallback", 30 },
		{ "anon_fault_fallback_charge", 12 } } };
	struct cc_thp_faults f;

	cc_thp_faults_mthp(&m, &f);
	ok(f.have && f.have_charge, "mTHP faults found");
	/* fallback counts the charge failures too: 30 - 12 = 18 */
	is_int(f.other, 18, "18 fallbacks for want of a free block");
}

static void arch_tables(void)
{
	ok(!strcmp(cc_arch_from_release("6.1.0-50-arm64"), "aarch64"), "Debian arm64 release");
	ok(!strcmp(cc_arch_from_release("4.18.0-305.el8.x86_64"), "x86_64"), "EL8 release");
	ok(!strcmp(cc_arch_from_release("6.1.0-50-powerpc64le"), "ppc64le"), "ppc64le release");
	ok(!strcmp(cc_arch_from_release("2.6.32-5-686"), "i686"), "Debian 686 release");
	ok(cc_arch_from_release("6.18.44-fc-v669") == NULL, "no arch in a plain release");
	is_int(cc_arch_page_size("aarch64", 14, 0), 65536, "arm64, 14 orders: 64K");
	is_int(cc_arch_page_size("aarch64", 11, 524288), 65536,
	       "arm64, Hugepagesize 512M: 64K, whatever the order count");
	is_int(cc_arch_page_size("aarch64", 5, 0), 0, "arm64, 5 (trimmed) orders: undecided");
	is_int(cc_arch_page_size(NULL, 14, 0), 0, "no arch: undecided");
	is_int(cc_arch_page_size("x86_64", 11, 0), 4096, "x86_64: 4K");
	is_int(cc_arch_page_size("ppc64le", 9, 0), 65536, "ppc64le, 9 orders: 64K");
	/* COMPACTION_HPAGE_ORDER: PMD order, not the pageblock order */
	is_int(cc_arch_pmd_order("x86_64", 4096), 9, "x86_64 4K: 9 (PMD 2M)");
	is_int(cc_arch_pmd_order("aarch64", 65536), 13, "arm64 64K: 13 (PMD 512M)");
	is_int(cc_arch_pmd_order("aarch64", 16384), 11, "arm64 16K: 11 (PMD 32M)");
	is_int(cc_arch_pmd_order("arm", 4096), 9, "arm 4K: 9");
	is_int(cc_arch_pmd_order("i686", 4096), -1, "i686: PAE or not, undecided");
	is_int(cc_arch_pmd_order("ppc64le", 65536), -1, "ppc64le: hash or radix, undecided");
}

int main(void)
{
	zsmalloc_doc_sample();
	zsmalloc_formats();
	zram_mm_stat();
	psi();
	sysfs_files();
	thp_split();
	arch_tables();
	return tap_done();
}
