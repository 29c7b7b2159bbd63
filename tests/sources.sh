#!/bin/bash
# The other sources of contiguous memory in status, --json status, export
# and check (issue 13 sections 2-4) on the fixture trees: values checked by
# hand against the captured files, 80 columns, one JSON document,
# promtool-clean Prometheus; section 4 facts. The trees that hold only the
# sources' files (a kernel doc sample, a mail's capture, a hand-made CMA
# tree) are laid over a tree with buddy files: hand-worked-2.7 (x86_64, 4K
# pages), or hand-low-memory (page size unknown) for the doc sample.
. "$(dirname "$0")/lib.sh"
need jq promtool
T=$(mktemp -d)
at_exit 'rm -rf "$T"'
over() { # over NAME BASE SOURCES: a tree in $T/NAME, BASE with SOURCES on top
	mkdir -p "$T/$1"
	cp -r "$FIX/$2/." "$T/$1/"
	cp -r "$FIX/$3/." "$T/$1/"
}
over doc hand-low-memory sources-zsmalloc-6.6-kernel-doc
over mail hand-worked-2.7 sources-zram-4.16-mail-senozhatsky
over cma hand-worked-2.7 hand-sources-cma
LOCAL=$FIX/sources-local-x86_64-6.18
DOC=$T/doc MAIL=$T/mail CMA=$T/cma

fits80() { [ "$(LC_ALL=C.UTF-8 wc -L < "$1")" -le 80 ]; }
jv() { [ "$(jq -r "$2" "$1")" = "$3" ]; }	# jv FILE FILTER VALUE

for t in "$LOCAL" "$DOC" "$MAIL" "$CMA"; do
	name=$(basename "$t")
	cc --sysroot "$t" status > "$T/$name.txt" 2> "$T/err"
	check "$name: status, exit 0" [ $? = 0 ]
	check "$name: text fits 80 columns" fits80 "$T/$name.txt"
	cc --sysroot "$t" --json status | jq .sources > "$T/$name.json"
	check "$name: one JSON document" json_one "$T/$name.json"
	cc --sysroot "$t" export > "$T/$name.prom"
	out=$(promtool check metrics < "$T/$name.prom" 2>&1)
	check "$name: promtool check metrics ${out:0:160}" [ -z "$out" ]
done

J=$T/sources-local-x86_64-6.18.json
# hugetlb: the capture grew the 2M pool to 8 (nr_hugepages, free_hugepages = 8)
check "2M system pool: 8 pages, 8 free" jv "$J" \
	'.hugetlb.pools[] | select(.node == null and .page_size_bytes == 2097152) |
	 "\(.nr_hugepages) \(.free_hugepages)"' "8 8"
# demote_size file says 2048kB -> 2097152 bytes
check "1G pool demotes to 2M" jv "$J" \
	'.hugetlb.pools[] | select(.node == null and .page_size_bytes == 1073741824) |
	 .demote_size_bytes' 2097152
check "node 0 pools have no resv file (global only)" jv "$J" \
	'[.hugetlb.pools[] | select(.node == 0) | has("resv_hugepages")] | any' false
# a node's pools: the system's sizes, the node's own files (8 of 8 free in
# node0/hugepages/hugepages-2048kB; 1G demotes to 2048kB there too)
check "node 0: a 2M pool of 8, 8 free, and a 1G pool that demotes to 2M" jv "$J" \
	'[.hugetlb.pools[] | select(.node == 0) |
	  "\(.page_size_bytes):\(.nr_hugepages):\(.free_hugepages):\(.demote_size_bytes)"] | join(" ")' \
	"2097152:8:8:null 1073741824:0:0:2097152"
# the files a node can have follow the system's pool: without the system's
# demote_size, a node's (here left in place) is not read; a node without
# its hugepages directory has no pool
mkdir -p "$T/nodemote"
cp -r "$LOCAL/." "$T/nodemote/"
rm "$T/nodemote/sys/kernel/mm/hugepages/hugepages-1048576kB/demote_size"
check "no system demote_size: the node's is not read" jv <(cc --sysroot "$T/nodemote" --json status) \
	'[.sources.hugetlb.pools[] | select(.node == 0) | has("demote_size_bytes")] | any' false
rm -r "$T/nodemote/sys/devices/system/node/node0/hugepages"
check "no node directory: no node pool" jv <(cc --sysroot "$T/nodemote" --json status) \
	'[.sources.hugetlb.pools[] | select(.node == 0)] | length' 0
# stats/anon_fault_alloc of hugepages-64kB is 477 in the capture
check "64K mTHP: 477 faults allocated" jv "$J" \
	'.mthp.sizes[] | select(.size_bytes == 65536) | .faults.alloc' 477
check "64K mTHP: nr_anon gauge 1" jv "$J" \
	'.mthp.sizes[] | select(.size_bytes == 65536) | .stats.nr_anon' 1
# mm_stat: 33554432 13867356 16187392 0 21872640 2731 0 2731 4096
check "zram0 mm_stat orig 33554432, compacted 0, 9 columns" jv "$J" \
	'.zram.devices[0].mm_stat | "\(.orig_data_size) \(.pages_compacted) \(length)"' \
	"33554432 0 9"
check "no zsmalloc classes on this kernel, and why" jv "$J" \
	'.zram.devices[0].zsmalloc.state' absent
# zoneinfo: present 3998 + 782336 + 5505024 = 6291358, managed 3840 + 772798 +
# 589824 = 1366462; 6291358 - 1366462 = 4924896 pages = 18.8 GiB
check "unmanaged pages summed by hand" jv <(cc --sysroot "$LOCAL" --json status) \
	'[.nodes[].zones[] | .unmanaged // 0] | add' 4924896
check "text says not (yet) managed, with the numbers" grep -qx \
	"  not (yet) managed: 19 GiB (6291358 present - 1366462 managed pages)" \
	"$T/sources-local-x86_64-6.18.txt"
check "export: Normal's unmanaged pages, 5505024 - 589824 = 4915200" grep -qx \
	'compactctl_zone_unmanaged_pages{node="0",zone="Normal"} 4915200' \
	"$T/sources-local-x86_64-6.18.prom"
# pagesets count: lines of Normal's zoneinfo sum to 34733 (README)
check "export: per-CPU free pages of Normal" grep -qx \
	'compactctl_pcp_free_pages{node="0",zone="Normal"} 34733' "$T/sources-local-x86_64-6.18.prom"
not_missing() { ! grep -qi missing "$T/sources-local-x86_64-6.18.txt"; }
check "text never calls it missing" not_missing
check "PSI read" jv "$J" '.pressure.some.total_us' 0
check "CMA absent with a reason" jv "$J" '.cma.state' absent

# zsmalloc, kernel doc sample: freeable 14 + 44 + 26 (the kernel's column)
check "doc sample: 84 pages freeable" jv "$T/doc.json" \
	'.zram.devices[0].zsmalloc.freeable_pages' 84
check "doc sample: page size unknown, so no waste in bytes" jv \
	"$T/doc.json" '.zram.devices[0].zsmalloc.waste_bytes' null
check "doc sample: compact --zram could free 84 pages, in pages" grep -qx \
	'    compact --zram could free 84 pages' "$T/doc.txt"
check "mail sample: 7-column mm_stat" jv "$T/mail.json" '.zram.devices[0].mm_stat | length' 7
# CMA hand tree: reserved 1024/3/512/16384/15872; linux,cma has two files only
check "CMA area with the full set" jv "$T/cma.json" \
	'.cma.areas[] | select(.name == "reserved") | "\(.alloc_pages_fail) \(.available_pages)"' \
	"3 15872"
check "CMA 5.14 area: unknown files show as -" grep -qE \
	'^    linux,cma +0 +0 +- +- +-$' "$T/cma.txt"
check "export: CMA failed pages by area" grep -qx \
	'compactctl_cma_alloc_pages_total{area="reserved",result="fail"} 3' "$T/cma.prom"
# label values with a quote or a backslash: escaped as the text format
# wants (areas named q"b and b\s, which the kernel allows:
# cma_init_reserved_mem takes any name), and promtool still reads them
label_tree() { # label_tree DIR NAME: the CMA tree with "reserved" renamed
	mkdir -p "$1"
	cp -r "$CMA/." "$1/"
	mv "$1/sys/kernel/mm/cma/reserved" "$1/sys/kernel/mm/cma/$2"
	cc --sysroot "$1" export > "$1.prom"
}
label_tree "$T/quote" 'q"b'
label_tree "$T/backslash" 'b\s'
check "export: a quote in a label value is escaped" grep -qxF \
	'compactctl_cma_alloc_pages_total{area="q\"b",result="fail"} 3' "$T/quote.prom"
check "export: a backslash in a label value is escaped" grep -qxF \
	'compactctl_cma_alloc_pages_total{area="b\\s",result="fail"} 3' "$T/backslash.prom"
for f in quote backslash; do
	out=$(promtool check metrics < "$T/$f.prom" 2>&1)
	check "export with the $f: promtool check metrics ${out:0:160}" [ -z "$out" ]
done
# check's thresholds on the sources: 3 failed CMA pages > 2 is a WARNING,
# not > 5 is OK; the 2M system pool of the local capture holds 8 free pages =
# 16 MiB, below 32M is CRITICAL. Free for thp at order 9: hand-worked-2.7
# has 874 + 1506 + 7 blocks, DMA's 7 kept by lowmem_reserve: 2380 * 2 MiB =
# 4991221760 B (4.6 GiB); the local capture DMA32 1506 + Normal 567 (DMA's 7
# kept) = 2073 * 2 MiB = 4347396096 B (4.0 GiB), score: Normal (413091 -
# 567*512)*100/413091 = 29, DMA32 0, DMA 6; 5505024*29/6291359 = 25, + 0 + 0.
check_line() { # check_line TREE STATUS LINE ARGS...
	local t=$1 st=$2 line=$3 out rc; shift 3
	out=$(cc --sysroot "$t" check "$@"); rc=$?
	[ "$rc|$out" = "$st|$line" ] || { echo "# got $rc|$out" >&2; false; }
}
check "check --max cma_alloc_fail_pages=2: WARNING" check_line "$CMA" 1 \
	"COMPACTCTL WARNING - node0 order>=9 free 4.6 GiB, score 65, cma_alloc_fail_pages 3 pages > 2 pages | cma_alloc_fail_pages=3;2; node0_free=4991221760B; node0_score=65;;;0;100" \
	--max cma_alloc_fail_pages=2
check "check --max cma_alloc_fail_pages=5: OK" check_line "$CMA" 0 \
	"COMPACTCTL OK - node0 order>=9 free 4.6 GiB, score 65, cma_alloc_fail_pages 3 pages <= 5 pages | cma_alloc_fail_pages=3;5; node0_free=4991221760B; node0_score=65;;;0;100" \
	--max cma_alloc_fail_pages=5
check "check --critical-min hugetlb_free_bytes=32M: CRITICAL (16 MiB)" check_line "$LOCAL" 2 \
	"COMPACTCTL CRITICAL - node0 order>=9 free 4.0 GiB, score 25, hugetlb_free_bytes 16 MiB < 32 MiB (critical) | hugetlb_free_bytes=16777216B;;33554432: node0_free=4347396096B; node0_score=25;;;0;100" \
	--critical-min hugetlb_free_bytes=32M

# a pool in use: 10 pages, 4 free: hugetlb_free_bytes is 4 * 2 MiB = 8 MiB
mkdir -p "$T/inuse"
cp -r "$LOCAL/." "$T/inuse/"
P=$T/inuse/sys/kernel/mm/hugepages/hugepages-2048kB
echo 10 > "$P/nr_hugepages"
echo 4 > "$P/free_hugepages"
free_8m() {
	local out
	out=$(cc --sysroot "$T/inuse" check --min hugetlb_free_bytes=9M)
	[ $? = 1 ] && [[ $out == *"hugetlb_free_bytes 8.0 MiB < 9.0 MiB"* ]]
}
check "check --min hugetlb_free_bytes=9M: the free pages (8 MiB), not the pool (20 MiB)" free_8m
expect "check --max with an unknown name: UNKNOWN" 3 \
	"~compactctl check: --max 'nope=1': expected NAME=VALUE, NAME one of those --help lists" \
	--sysroot "$LOCAL" check --max nope=1
expect "check: --max and --min on one name: UNKNOWN" 3 \
	"~compactctl check: --min 'psi_some_avg10=1': a threshold the other way is set already" \
	--sysroot "$LOCAL" check --max psi_some_avg10=5 --min psi_some_avg10=1

# Section 4: a 0-byte pagetypeinfo (a copy made without root) next to a good
# buddyinfo: a note on stderr, and status carries on
mkdir -p "$T/zero/proc"
cp "$FIX/local-x86_64-6.18-vm-settled/proc/buddyinfo" "$T/zero/proc/"
: > "$T/zero/proc/pagetypeinfo"
cc --sysroot "$T/zero" status > "$T/zero.out" 2> "$T/zero.err"
check "0-byte pagetypeinfo: exit 0" [ $? = 0 ]
check "0-byte pagetypeinfo: one note on stderr" grep -q \
	"pagetypeinfo not read: 0 bytes (copied without root?)" "$T/zero.err"
check "0-byte pagetypeinfo: the zones are still shown" grep -q "Zone Normal" "$T/zero.out"

# Section 4: the compaction order is the PMD order of arch and page size. A
# tree with pageblock order 10 (a kernel without hugetlbfs) on x86_64 scores at
# order 9: DMA 0 0 0 0 0 0 0 0 1 1 3 free (orders 0-10), present 3998:
# FP = 256 + 512 + 3072 = 3840; at order 9, S_9 = 1 + 2*3 = 7, U = (3840 -
# 7*512)*100/3840 = 256*100/3840 = 6; at order 10, S_10 = 3, U = (3840 -
# 3*1024)*100/3840 = 768*100/3840 = 20. The node has only DMA, so the score
# is 3998*U/3999 = 5 (order 9), 19 (order 10).
mkdir -p "$T/pb10/proc/sys/kernel"
printf 'Node 0, zone      DMA      0      0      0      0      0      0      0      0      1      1      3\n' \
	> "$T/pb10/proc/buddyinfo"
sed -n '/^Node 0, zone      DMA/,/^Node 0, zone    DMA32/p' \
	"$FIX/local-x86_64-6.18-vm-settled/proc/zoneinfo" | sed '$d' > "$T/pb10/proc/zoneinfo"
{ printf 'Page block order: 10\nPages per block:  1024\n\n'
  printf 'Free pages count per migrate type at order       0      1      2      3      4      5      6      7      8      9     10\n'
  printf 'Node    0, zone      DMA, type      Movable      0      0      0      0      0      0      0      0      1      1      3\n\n'
  printf 'Number of blocks type     Movable\nNode 0, zone      DMA            3\n'
} > "$T/pb10/proc/pagetypeinfo"
check "pageblock order 10, no arch: order 10 assumed, score 19" jv \
	<(cc --sysroot "$T/pb10" --json status) \
	'"\(.compaction_order) \(.compaction_order_source) \(.nodes[0].fragmentation_score)"' \
	"10 assumed 19"
echo x86_64 > "$T/pb10/proc/sys/kernel/arch"
check "pageblock order 10 on x86_64: order 9 derived, score 5" jv \
	<(cc --sysroot "$T/pb10" --json status) \
	'"\(.compaction_order) \(.compaction_order_source) \(.nodes[0].fragmentation_score)"' \
	"9 derived 5"
done_testing
