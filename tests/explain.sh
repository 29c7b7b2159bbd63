#!/bin/bash
# compactctl explain on the 12 shared real reports (facts checked by hand,
# the arithmetic in the comments), on variants of them (prefixes, wrapping,
# CRLF, truncation, two reports, noise, 64K pages, control characters), on
# a sosreport tree and with --follow on a FIFO standing in for /dev/kmsg.
# The JSON holds exactly the keys of the issue's contract; what the
# diagnosis finds beyond them (the watermark check's terms, the caller, the
# memory state) is checked through allocreport-dump --explain.
. "$(dirname "$0")/lib.sh"
need jq
: "${ALLOCREPORT_DUMP:?ALLOCREPORT_DUMP must name tests/allocreport-dump}"
D=$TESTS_DIR/data/alloc-failures
T=$(mktemp -d)
# Under valgrind (a -Dvalgrind build) the checks run on the plain binaries
# (the plain and ASan passes ran them already) and memcheck sees every
# input of this test once, all of them in one file, at the end: 94 runs
# under valgrind took 200 s
MEMCHECK_CC="" MEMCHECK_DUMP=""
if [ -n "${VALGRIND_EXEC_REAL:-}" ] && [ -n "${COMPACTCTL_REAL:-}" ]; then
	MEMCHECK_CC=$COMPACTCTL MEMCHECK_DUMP=$ALLOCREPORT_DUMP
	COMPACTCTL=$COMPACTCTL_REAL ALLOCREPORT_DUMP=$VALGRIND_EXEC_REAL
fi
fpid=""
cleanup() { # the --follow process, whatever happened (it is ours: $! of an exec)
	if [ -n "$fpid" ]; then
		kill "$fpid" 2>/dev/null
		wait "$fpid" 2>/dev/null
	fi
	rm -rf "$T"
}
at_exit cleanup
trap 'exit 143' TERM
trap 'exit 130' INT

# once FILE CMD...: CMD's stdout for FILE, run once per content of FILE
# (each check asks again; under valgrind a run takes seconds)
mkdir -p $T/once
once() {
	local k c
	c=$(cat "$1" | md5sum | cut -c1-32)
	k=$c-$(echo "${*:2}" | md5sum | cut -c1-32)
	if [ ! -f $T/once/$c ]; then	# each input once into memcheck's file
		: > $T/once/$c
		{ cat "$1"; echo; } >> $T/all.log
	fi
	[ -f $T/once/$k ] || "${@:2}" "$1" > $T/once/$k 2>/dev/null
	cat $T/once/$k
}
# j FILE FILTER: the JSON of `explain FILE` through jq -r FILTER
j() { once "$1" cc --json explain | jq -r "$2"; }
# is FILE FILTER WANT: jq -r FILTER of FILE's JSON is exactly WANT
is() { [ "$(j "$1" "$2")" = "$3" ]; }
# zone FILE NODE ZONE FIELD: one field of one zone of the first report
zone() { j "$1" ".reports[0].zones[] | select(.node == $2 and .zone == \"$3\") | .$4"; }
zis() { [ "$(zone "$1" "$2" "$3" "$4")" = "$5" ]; }
# x FILE FACT: what the diagnosis found, the rest of allocreport-dump
# --explain's line "FACT ..." ("x0 caller", "x0 zone - DMA usable_kb");
# p FILE FACT: the same of what the parser read (allocreport-dump)
x() { once "$1" "$ALLOCREPORT_DUMP" --explain | awk -v k="$2 " 'index($0, k) == 1 { print substr($0, length(k) + 1); exit }'; }
p() { once "$1" "$ALLOCREPORT_DUMP" | awk -v k="$2 " 'index($0, k) == 1 { print substr($0, length(k) + 1); exit }'; }
xis() { [ "$(x "$1" "$2")" = "$3" ]; }
pis() { [ "$(p "$1" "$2")" = "$3" ]; }

f=$D/01-e100-i386-2.6.31-order5.log
check "01: two reports (the post repeats it)" is $f '.reports | length' 2
check "01: order 5, mode 0x8020 = 32800" is $f '[.reports[0].order, .reports[0].gfp_mask] | @tsv' $'5\t32800'
# 2.6.31 layout: 0x8000 __GFP_ZERO, 0x20 __GFP_HIGH (= GFP_ATOMIC)
check "01: 0x8020 on 2.6.31 is GFP_ATOMIC|__GFP_ZERO" is $f '.reports[0].gfp_flags | join("|")' "GFP_ATOMIC|__GFP_ZERO"
check "01: layout of 2.6.31" is $f '.reports[0].gfp_layout' 2.6.31
check "01: ... not assumed" xis $f "x0 layout_assumed" 0
# 135*4 + 213*8 + 21*16 + 4*32 + 5*64 = 540 + 1704 + 336 + 128 + 320 = 3028
check "01: Normal free_kb 3028 (buddy total)" zis $f null Normal free_kb 3028
check "01: Normal: no block of 128K (order 5) or more" zis $f null Normal blocks_at_or_above_order 0
# 46*4 + 5*16 + 64 + 256 + 512 = 184 + 80 + 64 + 256 + 512 = 1096; >= order 5: 256K + 512K
check "01: DMA free_kb 1096" zis $f null DMA free_kb 1096
check "01: DMA has 2 blocks >= 128K" zis $f null DMA blocks_at_or_above_order 2
# DMA: 1096 - 31*4 = 972 kB usable <= min 124 kB less 1/2 and 1/4 (ALLOC_HIGH,
# ALLOC_HARDER: 31 -> 16 -> 12 pages = 48 kB) + lowmem_reserve[Normal] 238
# pages (952 kB) = 1000 kB
dma01() { xis $f "x0 zone - DMA result" lowmem_reserve && xis $f "x0 zone - DMA usable_kb" 972 &&
	xis $f "x0 zone - DMA needed_kb" 1000; }
check "01: DMA fenced by lowmem_reserve (972 <= 1000 kB)" dma01
check "01: cause fragmentation" is $f '.reports[0].cause' fragmentation
check "01: the caller is e100_alloc_cbs" xis $f "x0 caller" e100_alloc_cbs
check "01: compaction not possible (GFP_ATOMIC cannot sleep)" is $f '.reports[0].compaction_possible' false

f=$D/04-thecus-n2100-iop32x-arm-4.6-order0.log
check "04: order 0, mode 0x2200020" is $f '[.reports[0].order, .reports[0].gfp_mask] | @tsv' $'0\t35651616'
# 80*4 + 105*8 = 320 + 840 = 1160
check "04: Normal free_kb 1160" zis $f null Normal free_kb 1160
check "04: 185 blocks >= 4K (80 + 105)" zis $f null Normal blocks_at_or_above_order 185
# min 2868 kB = 717 pages, ALLOC_HIGH halves it: 717 - 358 = 359 pages = 1436 kB
wm04() { xis $f "x0 zone - Normal usable_kb" 1160 && xis $f "x0 zone - Normal needed_kb" 1436; }
check "04: needs 1436 kB, has 1160" wm04
check "04: cause no_reclaim_allowed (GFP_NOWAIT below min)" is $f '.reports[0].cause' no_reclaim_allowed

f=$D/07-opensuse-x86_64-6.8rc3-ath11k-noio-order4.log
check "07: order 4, mode 0x40c00 GFP_NOIO|__GFP_COMP" is $f \
	'[.reports[0].order, .reports[0].gfp_mask, (.reports[0].gfp_flags | join("|"))] | @tsv' \
	$'4\t265216\tGFP_NOIO|__GFP_COMP'
# 141767*4 + 25812*8 + 6*16 + 10*32 = 567068 + 206496 + 96 + 320 = 773980
check "07: Normal free_kb 773980" zis $f 0 Normal free_kb 773980
check "07: Normal: nothing >= 64K" zis $f 0 Normal blocks_at_or_above_order 0
# 9173*4 + 3963*8 + 556*16 + 5*32 = 36692 + 31704 + 8896 + 160 = 77452
check "07: DMA32 free_kb 77452" zis $f 0 DMA32 free_kb 77452
# 512 + 1024 + 2*2048 + 4096 = 9728; >= 64K: 1 + 1 + 2 + 1 = 5
check "07: DMA free_kb 9728" zis $f 0 DMA free_kb 9728
check "07: DMA 5 blocks >= 64K" zis $f 0 DMA blocks_at_or_above_order 5
check "07: walk order Normal, DMA32, DMA" is $f '[.reports[0].zones[].zone] | join(",")' Normal,DMA32,DMA
check "07: cause no_reclaim_allowed (NOIO cannot compact)" is $f '.reports[0].cause' no_reclaim_allowed
check "07: compaction not possible" is $f '.reports[0].compaction_possible' false
check "07: the caller is mhi_prepare_channel" xis $f "x0 caller" mhi_prepare_channel

f=$D/12-vmware-x86_64-4.10next-oom-order2.log
check "12: an OOM report, order 2" is $f '[.reports[0].kind, .reports[0].order] | @tsv' $'oom\t2'
# 764*4 + 1122*8 + 536*16 + 210*32 + 107*64 + 41*128 + 20*256
#   = 3056 + 8976 + 8576 + 6720 + 6848 + 5248 + 5120 = 44544
check "12: DMA32 free_kb 44544" zis $f 0 DMA32 free_kb 44544
check "12: DMA32 914 blocks >= 16K (536+210+107+41+20)" zis $f 0 DMA32 blocks_at_or_above_order 914
# 44544 - (2^2-1)*4 = 44532 usable <= min 44576
wm12() { xis $f "x0 zone 0 DMA32 usable_kb" 44532 && xis $f "x0 zone 0 DMA32 needed_kb" 44576; }
check "12: DMA32 usable 44532 <= 44576" wm12
# 2*4 + 2*16 + 4*32 + 3*64 + 2*128 + 2*256 + 2*512 + 2*1024 + 2048 = 6248
check "12: DMA free_kb 6248" zis $f 0 DMA free_kb 6248
check "12: cause below_watermark" is $f '.reports[0].cause' below_watermark

f=$D/14-samsung-android-arm64-5.4-highatomic-order0.log
# 8*4 + 5*8 + 13*16 + 25*32 = 32 + 40 + 208 + 800 = 1080
check "14: Normal free_kb 1080 (the buddy line's total)" is $f '.reports[0].zones[0].free_kb' 1080
check "14: ... where the zone line says free:2112kB" pis $f "r0 zone -1 Normal f0" 2112
check "14: only H blocks" is $f '.reports[0].zones[0].migratetypes[0:4] | join(",")' H,H,H,H
check "14: cause reserved_only" is $f '.reports[0].cause' reserved_only

f=$D/16-debian-x86_64-3.2-numa2-e1000e-order1.log
check "16: order 1, mode 0x20 = GFP_ATOMIC (3.2 layout)" is $f \
	'[.reports[0].order, .reports[0].gfp_mask, (.reports[0].gfp_flags | join("|")), .reports[0].gfp_layout] | @tsv' \
	$'1\t32\tGFP_ATOMIC\t3.2'
# wrapped lines joined: 12305*4 + 17*8 + 4096 = 49220 + 136 + 4096 = 53452
check "16: Node 0 Normal free_kb 53452" zis $f 0 Normal free_kb 53452
# 61830*4 + 22*8 = 247320 + 176 = 247496
check "16: Node 0 DMA32 free_kb 247496" zis $f 0 DMA32 free_kb 247496
# 8 + 16 + 2*64 + 128 + 256 + 1024 + 2048 + 3*4096 = 15896
check "16: Node 0 DMA free_kb 15896" zis $f 0 DMA free_kb 15896
# 18814*4 + 76*8 + 4096 = 75256 + 608 + 4096 = 79960; >= 8K: 76 + 1
check "16: Node 1 Normal free_kb 79960" zis $f 1 Normal free_kb 79960
check "16: Node 1 Normal 77 blocks >= 8K" zis $f 1 Normal blocks_at_or_above_order 77
check "16: all four zone lines joined (min of Node 1 Normal)" zis $f 1 Normal min_kb 45056
check "16: cause fragmentation" is $f '.reports[0].cause' fragmentation

f=$D/18-ingenic-mips32-5.10rc1-highmem-cma-order5.log
# 2127*4 + 1508*8 + 472*16 + 96*32 + 12*64 + 4*128 + 256 + 512
#   = 8508 + 12064 + 7552 + 3072 + 768 + 512 + 256 + 512 = 33244
check "18: Normal free_kb 33244" zis $f null Normal free_kb 33244
check "18: Normal 6 blocks >= 128K (4 + 1 + 1), all C" is $f \
	'.reports[0].zones[] | select(.zone == "Normal") | [.blocks_at_or_above_order, (.migratetypes[5:8] | join(""))] | @tsv' \
	$'6\tCCC'
check "18: HighMem not eligible for GFP_KERNEL" zis $f null HighMem eligible false
check "18: cause reserved_only (CMA)" is $f '.reports[0].cause' reserved_only

f=$D/20-powerkvm-ppc64-64k-3.10-cma-order0-TRUNCATED.log
# 408*(64+128+256+512+1024) + 406*2048 + 199*4096 + 97*8192 + 6*16384
#   = 809472 + 831488 + 815104 + 794624 + 98304 = 3348992
check "20: 64K pages: DMA free_kb 3348992 (wrapped total)" zis $f 0 DMA free_kb 3348992
check "20: 64K pages: order 0 is 65536 bytes" xis $f "x0 size_bytes" 65536
check "20: blocks >= 64K: 408*5 + 406 + 199 + 97 + 6 = 2748" zis $f 0 DMA blocks_at_or_above_order 2748
check "20: cause reserved_only (all C)" is $f '.reports[0].cause' reserved_only
check "20: says the zone line is missing" is $f \
	'[.reports[0].missing[] | select(test("zone line of Node 0 DMA"))] | length' 1

f=$D/24-lenovo-x86_64-6.8-dmapool-order9.log
check "24: order 9, GFP_KERNEL|GFP_DMA" is $f \
	'[.reports[0].order, (.reports[0].gfp_flags | join("|"))] | @tsv' $'9\tGFP_KERNEL|GFP_DMA'
check "24: DMA free_kb 1024, no 2M block" is $f \
	'.reports[0].zones[0] | [.free_kb, .blocks_at_or_above_order] | @tsv' $'1024\t0'
check "24: cause zone_not_allowed" is $f '.reports[0].cause' zone_not_allowed

f=$D/26-hisi-hi3650-android-arm64-4.1-dma-order2.log
check "26: HiSilicon prefixes: order 2, 0x2000d1 on 4.1" is $f \
	'[.reports[0].order, (.reports[0].gfp_flags | join("|")), .reports[0].gfp_layout] | @tsv' \
	$'2\tGFP_KERNEL|GFP_DMA|__GFP_NOTRACK\t4.1'
# 68324*4 + 24706*8 + 2*16 = 273296 + 197648 + 32 = 470976
check "26: DMA free_kb 470976" zis $f null DMA free_kb 470976
check "26: DMA 2 blocks >= 16K" zis $f null DMA blocks_at_or_above_order 2
# 270*4 + 82*8 + 48*16 + 25*32 + 12*64 + 2*128 + 256 = 4584
check "26: Normal free_kb 4584, not eligible (__GFP_DMA)" is $f \
	'.reports[0].zones[] | select(.zone == "Normal") | [.free_kb, .eligible] | @tsv' $'4584\tfalse'
check "26: cause fragmentation" is $f '.reports[0].cause' fragmentation

f=$D/30-dell-t630-x86_64-4.9-numa2-cpuset-stall-order0.log
# 0x24280ca = 2*16^6 + 4*16^5 + 2*16^4 + 8*16^3 + 12*16 + 10 = 37912778
check "30: a stall, wrapped header joined" is $f \
	'[.reports[0].kind, .reports[0].gfp_mask] | @tsv' $'stall\t37912778'
check "30: of 10051 ms" xis $f "x0 stall_ms" 10051
# 1179*4 + 1396*8 + 1193*16 + 910*32 + 721*64 + 568*128 + 444*256 + 328*512
#   + 223*1024 + 138*2048 + 2676*4096 = 11936412
check "30: Node 1 Normal free_kb 11936412" zis $f 1 Normal free_kb 11936412
check "30: cause cpuset" is $f '.reports[0].cause' cpuset

f=$D/32-hppa-rp3440-5.9-nfsd-order5.log
check "32: order 5, no Node prefix" is $f \
	'[.reports[0].order, (.reports[0].zones[0].node | tostring)] | @tsv' $'5\tnull'
# 58860*4 + 48155*8 + 11414*16 + 1291*32 + 134*64 = 853192
check "32: Normal free_kb 853192 (total on the next line)" zis $f null Normal free_kb 853192
check "32: no block >= 128K" zis $f null Normal blocks_at_or_above_order 0
check "32: the wrapped lines joined: nothing missing" is $f '.reports[0].missing | length' 0
check "32: cause fragmentation" is $f '.reports[0].cause' fragmentation

f=$D/live-6.18-zram-vmalloc-exceeds.log
zram() { is $f '.reports[0].kind' vmalloc && xis $f "x0 size_bytes" 4398046511104 &&
	xis $f "x0 state" request_too_large; }
check "live zram: vmalloc of 4 TiB, nothing to fix in memory" zram

# ---- every report: valid JSON with the contract's keys; text in 80 columns
keys='["kind","task","pid","kernel","order","gfp_mask","gfp_flags","gfp_layout",
  "nodemask","mems_allowed","zones","cause","compaction_possible","advice","missing"]'
zkeys='["node","zone","eligible","free_kb","min_kb","low_kb","high_kb","boost_kb",
  "reserved_highatomic_kb","free_cma_kb","lowmem_reserve","free_blocks","migratetypes",
  "blocks_at_or_above_order","unusable_index","fragmentation_index"]'
has_keys() { # exactly these keys, in every report and zone
	once "$1" cc --json explain | jq -e --argjson k "$keys" --argjson z "$zkeys" \
		'[.reports[] | (keys == ($k | sort)), (.zones[] | keys == ($z | sort))] | all' > /dev/null
}
fits() { once "$1" cc explain | awk 'length > 80 { bad = 1 } END { exit bad }'; }
for f in "$D"/*.log; do
	name=$(basename "$f" .log)
	check "$name: exactly the keys of the JSON contract" has_keys "$f"
	check "$name: text fits 80 columns" fits "$f"
done

# ---- variants of 07 and 32
f=$D/07-opensuse-x86_64-6.8rc3-ath11k-noio-order4.log
facts() { # the facts two variants must share: every report's JSON, the callers
	once "$1" cc --json explain | jq -c .reports
	once "$1" "$ALLOCREPORT_DUMP" --explain | grep ' caller '
}
same() { [ "$(facts "$1")" = "$(facts "$2")" ]; }
sed 's/$/\r/' "$f" > $T/crlf.log
check "CRLF: same facts" same "$f" $T/crlf.log
fold -s -w 72 "$f" > $T/wrapped.log
check "wrapped at 72 columns (timestamps): same facts" same "$f" $T/wrapped.log
sed 's/^\[[ 0-9.]*\] //' "$f" > $T/bare.log
fold -s -w 60 $T/bare.log > $T/bare-wrapped.log
check "no prefix, wrapped at 60 columns: same facts" same "$f" $T/bare-wrapped.log
sed 's/^\(lowmem_reserve\[\]: 0 1702\) /\1\n/' $T/bare.log > $T/reserve.log
check "no prefix, lowmem_reserve[] wrapped: all 5 entries" is $T/reserve.log \
	'.reports[0].zones[] | select(.zone == "DMA") | .lowmem_reserve | join(" ")' "0 1702 14665 14665 14665"
fold -w 80 "$f" > $T/hard.log
check "hard-wrapped at 80 columns (a terminal copy): same facts" same "$f" $T/hard.log
awk '{ print } NR % 4 == 0 { print "[761945.3] usb 1-2: new high-speed USB device number 7" }
     NR % 7 == 0 { print "some line a mail client added" }' "$f" > $T/noise.log
check "unrelated lines interleaved: same facts" same "$f" $T/noise.log
g=$D/32-hppa-rp3440-5.9-nfsd-order5.log
sed 's/^/Dec  4 08:28:47 rp3440 kernel: /' "$g" > $T/syslog.log
check "syslog prefix: same facts" same "$g" $T/syslog.log
sed 's/^/2020-12-04T08:28:47.123456-05:00 rp3440 kernel: /' "$g" > $T/iso.log
check "RFC 3339 syslog prefix: same facts" same "$g" $T/iso.log
sed 's/$/\r/' "$g" > $T/crlf32.log
check "CRLF, lines wrapped by a mail client: same facts" same "$g" $T/crlf32.log
fold -w 100 "$g" > $T/hard32.log
check "no prefix, hard-wrapped at 100 columns: same facts" same "$g" $T/hard32.log
awk '{ printf "4,%d,%d,-;%s\n", NR, NR * 1000, $0 }' "$g" > $T/kmsg.log
check "/dev/kmsg records: same facts" same "$g" $T/kmsg.log
sed 's/^/> /' "$g" > $T/quoted.log
check "mail quote markers: same facts" same "$g" $T/quoted.log
# a wrap no content rule recognises (after "exceeds" in a vmalloc header): in
# a log whose lines have time stamps, a line without one continues the last
z=$D/live-6.18-zram-vmalloc-exceeds.log
sed '1s/ total pages,/\ntotal pages,/' "$z" > $T/cut-header.log
check "timestamped log: an unprefixed piece continues its line (mode found)" \
	is $T/cut-header.log '.reports[0].gfp_mask' 3520
sed 's/^\[[ 0-9.]*\] //; 1s/4398046511104, /4398046511104,\n/' "$z" > $T/cut-comma.log
check "no prefix: a header line ending in a comma continues (mode found)" \
	is $T/cut-comma.log '.reports[0].gfp_mask' 3520
cat "$f" "$g" > $T/two.log
check "two reports: both, in order" is $T/two.log '[.reports[].cause] | join(",")' no_reclaim_allowed,fragmentation
# 503 reports (pids 1..503): the newest 500 are kept, in the input's order
for i in $(seq 503); do
	echo "t: page allocation failure: order:1, mode:0x20"
	echo "CPU: 0 PID: $i Comm: t Not tainted 3.10.0 #1"
done > $T/many.log
newest() { is $T/many.log '.reports | [length, .[0].pid, .[1].pid, .[-1].pid] | @tsv' \
	$'500\t4\t5\t503'; }
check "503 reports: the newest 500, oldest first" newest
said() { cc explain $T/many.log 2>&1 > /dev/null |
	grep -qx "compactctl: $T/many.log: 3 older reports not shown (the newest 500 are)"; }
check "... and says that 3 are not shown" said

# truncated: cut after the DMA32 zone line (no free-block lines, no Normal)
sed '/Node 0 DMA32 free:/q' "$f" > $T/cut.log
check "truncated: still a report, order 4" is $T/cut.log '.reports[0].order' 4
check "truncated: cause unknown (no free blocks known)" is $T/cut.log '.reports[0].cause' unknown
check "truncated: says DMA32's free blocks are missing" is $T/cut.log \
	'[.reports[0].missing[] | select(test("free blocks of Node 0 DMA32"))] | length' 1
# no zone lines (free, min, low, high): the free blocks alone do not say
# whether the watermark or the block failed. 24's DMA has one 1 MiB block
# for a 2 MiB request (fragmentation index 1000 - (1000 + 256 * 1000 / 512)
# / 1 = -500: not "fragmented"); 01's Normal has free blocks below 128K
# only. Both stay unknown, and the zone line is asked for.
nozone() { # nozone FILE ZONE (as the report names it: 2.6.31 has no node)
	sed '/ free:.* min:/d' "$1" > $T/nozone.log
	is $T/nozone.log '[.reports[0].cause, ([.reports[0].missing[] |
		select(test("zone line of '"$2"' "))] | length)] | @tsv' $'unknown\t1'
}
check "no zone lines: 24 unknown, DMA's zone line missing" nozone $D/24-lenovo-x86_64-6.8-dmapool-order9.log "Node 0 DMA"
check "no zone lines: 01 unknown, Normal's zone line missing" nozone $D/01-e100-i386-2.6.31-order5.log Normal
head -1 "$f" > $T/head.log; sed -n 2p "$f" >> $T/head.log
check "header only: unknown, Mem-Info missing" is $T/head.log \
	'[.reports[0].cause, ([.reports[0].missing[] | select(test("Mem-Info"))] | length)] | @tsv' \
	$'unknown\t1'

# 64K pages, written by hand: 16384 blocks of 64 kB = 1048576 kB, all order 0;
# order 2 is 256 kB; min 65536 kB = 1024 pages, far below 16384 free pages
cat > $T/64k.log <<'EOF'
kworker/0:1: page allocation failure: order:2, mode:0x40cc0(GFP_KERNEL|__GFP_COMP), nodemask=(null)
CPU: 3 PID: 99 Comm: kworker/0:1 Not tainted 5.10.0 #1
Call trace:
 dump_backtrace+0x0/0x1e0
 warn_alloc+0xf0/0x160
 __alloc_pages_nodemask+0x9e4/0xd60
 kmalloc_order+0x30/0xa0
 mydrv_probe+0x40/0x100 [mydrv]
Mem-Info:
active_anon:10 inactive_anon:10 isolated_anon:0
 free:16384 free_pcp:0 free_cma:0
Node 0 active_anon:640kB inactive_anon:640kB all_unreclaimable? no
Normal free:1048576kB min:65536kB low:81920kB high:98304kB reserved_highatomic:0KB present:4194304kB managed:4000000kB free_cma:0kB
lowmem_reserve[]: 0 0
Normal: 16384*64kB (UME) 0*128kB 0*256kB 0*512kB 0*1024kB 0*2048kB 0*4096kB 0*8192kB 0*16384kB 0*32768kB 0*65536kB 0*131072kB 0*262144kB 0*524288kB = 1048576kB
EOF
check "64K pages: order 2 is 262144 bytes" xis $T/64k.log "x0 size_bytes" 262144
check "64K pages: 14 orders, free_kb 1048576" is $T/64k.log \
	'.reports[0].zones[0] | [(.free_blocks | length), .free_kb] | @tsv' $'14\t1048576'
check "64K pages: cause fragmentation" is $T/64k.log '.reports[0].cause' fragmentation
check "64K pages: caller mydrv_probe" xis $T/64k.log "x0 caller" mydrv_probe

# a trace cut before any reliable frame after the allocator's: the "?"
# frame after it (a return address x86 found on the stack) is the caller
cat > $T/cut-trace.log <<'EOF'
t: page allocation failure: order:2, mode:0x2000d0
CPU: 0 PID: 9 Comm: t Not tainted 4.1.0 #1
Call Trace:
 [<ffffffff815f3246>] dump_stack+0x46/0x58
 [<ffffffff81138d22>] warn_alloc_failed+0xe2/0x150
 [<ffffffff8113c09a>] __alloc_pages_nodemask+0x22a/0x240
 [<ffffffffa02a5da0>] ? mydrv_fill+0x10/0x20 [mydrv]
EOF
check "a cut trace: the unreliable frame after the allocator is the caller" \
	xis $T/cut-trace.log "x0 caller" mydrv_fill

# before 4.4 MIGRATE_RESERVE (R) is every request's last fallback: 26 as a
# GFP_KERNEL (0x2000d0, no __GFP_DMA) order-3 request; Normal's blocks of
# 32K or more are all R (25*32K, 12*64K, 2*128K, 1*256K) and usable
sed '1s/order:2, mode:0x2000d1/order:3, mode:0x2000d0/' "$D/26-hisi-hi3650-android-arm64-4.1-dma-order2.log" > $T/reserve-r.log
r41() { zis $T/reserve-r.log null Normal blocks_at_or_above_order 40 &&
	xis $T/reserve-r.log "x0 zone - Normal usable_block" 1 &&
	! is $T/reserve-r.log '.reports[0].cause' reserved_only; }
check "4.1: R blocks are usable (40 of them), not reserved_only" r41

# the v3.0 .. v4.8 vmalloc form: its own line, then the failure header
cat > $T/vmalloc-old.log <<'EOF'
vmalloc: allocation failure, allocated 12288 of 20480 bytes
fsstress: page allocation failure: order:0, mode:0xd2
Pid: 321, comm: fsstress Not tainted 3.4.0 #1
EOF
check "old vmalloc form: kind vmalloc, GFP_KERNEL|__GFP_HIGHMEM on the 3.4 layout" \
	is $T/vmalloc-old.log '.reports[0] | [.kind, (.gfp_flags | join("|")), .gfp_layout] | @tsv' \
	$'vmalloc\tGFP_KERNEL|__GFP_HIGHMEM\t3.4'
check "old vmalloc form: 20480 bytes" xis $T/vmalloc-old.log "x0 size_bytes" 20480
# 2.6.24 OOM header, no version in the report: the 3.10 layout is assumed;
# 0x2d0 = 0x200 __GFP_NOWARN + 0xd0 GFP_KERNEL
echo 'Xorg invoked oom-killer: gfp_mask=0x2d0, order=0, oomkilladj=0' > $T/oom-old.log
check "2.6.24 OOM header: GFP_KERNEL|__GFP_NOWARN on the 3.10 layout" is $T/oom-old.log \
	'.reports[0] | [.kind, (.gfp_flags | join("|")), .gfp_layout] | @tsv' \
	$'oom\tGFP_KERNEL|__GFP_NOWARN\t3.10'
check "2.6.24 OOM header: the layout is assumed" xis $T/oom-old.log "x0 layout_assumed" 1
check "... and missing[] says so" is $T/oom-old.log \
	'[.reports[0].missing[] | select(test("layout of 3.10 was assumed"))] | length' 1

# sysrq's OOM report: mask 0x0 printed as "()", order -1
printf 'sh invoked oom-killer: gfp_mask=0x0(), order=-1, oom_score_adj=0\n' > $T/sysrq.log
sysrq() { is $T/sysrq.log '.reports[0] | [.kind, .gfp_mask, (.gfp_flags | length), .order] | map(tostring) | join(" ")' \
	"oom 0 0 null"; }
check "sysrq OOM: mask 0, no flag names, order null" sysrq

# control characters from the input never reach the terminal or the JSON
sed 's/\] go: page/] g\x1b[31mo\x07: page/' "$D/18-ingenic-mips32-5.10rc1-highmem-cma-order5.log" > $T/esc.log
no_ctrl() { cc explain "$1" | LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' && return 1; return 0; }
check "escape sequences in a task name are escaped in text" no_ctrl $T/esc.log
check "... shown as \\x1b" is $T/esc.log '.reports[0].task' 'g\x1b[31mo\x07'

# a sosreport tree: its saved kernel log, through the path layer
mkdir -p $T/sos/sos_commands/kernel
cp "$g" $T/sos/sos_commands/kernel/dmesg
sos() { cc --sysroot $T/sos --json explain | jq -e '.reports[0].cause == "fragmentation" and
	(.source | endswith("sos_commands/kernel/dmesg"))' > /dev/null; }
check "--sysroot sosreport: explains sos_commands/kernel/dmesg" sos
# no saved log: the tree's dev/kmsg, here a file of /dev/kmsg records
mkdir -p $T/kmsgfile/dev
awk '{ printf "4,%d,%d,-;%s\n", NR, NR * 1000, $0 }' "$f" > $T/kmsgfile/dev/kmsg
kmsg_file() { cc --sysroot $T/kmsgfile --json explain | jq -e '.reports[0].cause == "no_reclaim_allowed"
	and (.source | endswith("/dev/kmsg"))' > /dev/null; }
check "--sysroot without a saved log: the tree's dev/kmsg" kmsg_file
ln -s /etc/passwd $T/kmsglink
mkdir -p $T/escape/dev && ln -s ../../kmsglink $T/escape/dev/kmsg
expect "a link out of the tree stays in it (no such file there)" 1 \
	"compactctl: $T/escape/dev/kmsg: No such file or directory" --sysroot $T/escape explain
if [ "$(id -u)" = 0 ]; then
	mkdir -p $T/chr/dev && mknod $T/chr/dev/kmsg c 1 11
	expect "a character device in a tree is refused, even kmsg's numbers" 1 \
		"compactctl: $T/chr/dev/kmsg: a character device, not a regular file: refused" \
		--sysroot $T/chr explain
else
	skip "a character device in a tree is refused (mknod needs root)"
fi

# --follow: a FIFO stands in for /dev/kmsg; the report comes after the
# start. The process is started by exec, so $fpid is compactctl itself and
# cleanup stops it on every way out.
mkdir -p $T/root/dev && mkfifo $T/root/dev/kmsg
follow() {
	(exec -a compactctl "$COMPACTCTL" --sysroot $T/root --json explain --follow) \
		> $T/follow.out 2>&1 &
	fpid=$!
	# the write opens when compactctl has the FIFO open (bounded: a reader
	# that never comes fails the check instead of hanging the test)
	timeout 30 bash -c 'sed "s/^/4,1,1,-;/" "$1" > "$2"' - "$f" $T/root/dev/kmsg || return 1
	timeout 10 tail --pid=$fpid -f /dev/null	# the writer gone: it ends
	wait $fpid || return 1
	fpid=""
	jq -e -s 'length == 1 and .[0].reports[0].cause == "no_reclaim_allowed"' \
		$T/follow.out > /dev/null
}
check "--follow explains a report written to the log, one JSON line" follow
follow_lines() { [ "$(wc -l < $T/follow.out)" = 1 ]; }
check "... on one line (JSON lines for a stream)" follow_lines
# an fd a parent left open on a lock it holds: compactctl closes it, so the
# lock is free while --follow still runs (the leftover --follow once held
# the machine lock for 15 minutes through such an fd)
rm -f $T/root/dev/kmsg && mkfifo $T/root/dev/kmsg
: > $T/lock
(flock 9 && exec -a compactctl "$COMPACTCTL" --sysroot $T/root explain --follow) \
	9< $T/lock > $T/follow2.out 2>&1 &
fpid=$!
lock_freed() {
	local i
	for i in $(seq 100); do
		# compactctl has the log open and nothing else of ours
		if ls -l /proc/$fpid/fd 2>/dev/null | grep -q "$T/root/dev/kmsg"; then
			flock -n $T/lock true && return 0
		fi
		sleep 0.1
	done
	return 1
}
check "--follow does not keep an inherited fd (the parent's lock is free)" lock_freed
no_fd9() { [ ! -e /proc/$fpid/fd/9 ]; }
check "... fd 9 is closed in it" no_fd9
kill $fpid 2>/dev/null; wait $fpid 2>/dev/null; fpid=""

# missing data: the key is there, null or [] (a header only, a report cut
# after a zone line)
check "header only: zones [], flags named, cause unknown" is $T/head.log \
	'.reports[0] | [(.zones | length), (.gfp_flags | length), .cause] | @tsv' $'0\t2\tunknown'
cut_zone() { # DMA32's zone line without its free blocks
	is $T/cut.log '.reports[0].zones[] | select(.zone == "DMA32") |
		[.free_kb, (.free_blocks | length), (.migratetypes | length),
		 .blocks_at_or_above_order, .unusable_index, .fragmentation_index, .min_kb] | @tsv' \
		$'\t0\t0\t\t\t\t25456'
}
check "truncated: a zone without its free blocks: null and [], min_kb kept" cut_zone
echo 'swapper/0: page allocation failure: order:3' > $T/bare.log
bare() { is $T/bare.log '.reports[0] | [.pid, .kernel, .gfp_mask, (.gfp_flags | length),
	.gfp_layout, .nodemask, .mems_allowed, .compaction_possible] | map(tostring) | join(" ")' \
	"null null null 0 null null null null"; }
check "a header without mode: the keys are null, gfp_flags []" bare
check "... and exactly the contract's keys" has_keys $T/bare.log

# nothing to explain, errors, usage
none() { echo "nothing here" | cc explain - > /dev/null 2> $T/err; [ $? = 1 ] && grep -qx "compactctl: stdin: no allocation-failure report found" $T/err; }
check "no report: exit 1 and says so" none
none_json() { [ "$(echo x | cc --json explain - 2>/dev/null | jq -c .reports)" = "[]" ]; }
check "no report: JSON has an empty reports list" none_json
stdin_report() { cc --json explain - < "$g" | jq -e '.source == "stdin" and .reports[0].cause == "fragmentation"' > /dev/null; }
check "- reads stdin" stdin_report
envelope() { cc --json explain "$g" | jq -e '.command == "explain" and .kernel == null and
	(.compactctl_version | type == "string")' > /dev/null; }
check "the JSON envelope: command explain, kernel null (each report has its own)" envelope
expect "a missing file: exit 1" 1 "compactctl: $T/nope: No such file or directory" explain $T/nope
usage() { cc explain "$@" > /dev/null 2>&1; [ $? = 64 ]; }
check "two files: usage error" usage a b
check "--follow with a file: usage error" usage --follow a
expect "no Prometheus view" 64 "compactctl: explain: no prometheus output" --format prometheus explain "$g"

# memcheck (valgrind builds): every input above in one file, both views and
# allocreport-dump; stdin, the sosreport tree and --follow on a FIFO. Exit
# 0 or 1 is compactctl's own; valgrind's error exit is 99
if [ -n "$MEMCHECK_CC" ]; then
	memcheck() { "$@" > /dev/null 2>&1; [ $? -lt 2 ]; }
	check "memcheck: every input, JSON" memcheck "$MEMCHECK_CC" --json explain $T/all.log
	check "memcheck: every input, text" memcheck "$MEMCHECK_CC" explain $T/all.log
	check "memcheck: every input, allocreport-dump" memcheck "$MEMCHECK_DUMP" --explain $T/all.log
	mem_stdin() { "$MEMCHECK_CC" explain - < "$g" > /dev/null 2>&1; [ $? = 0 ]; }
	check "memcheck: stdin" mem_stdin
	check "memcheck: the sosreport tree" memcheck "$MEMCHECK_CC" --sysroot $T/sos explain
	rm -f $T/root/dev/kmsg && mkfifo $T/root/dev/kmsg
	mem_follow() {
		(exec -a compactctl "$MEMCHECK_CC" --sysroot $T/root --json explain --follow) \
			> $T/follow.out 2>&1 &
		fpid=$!
		timeout 60 bash -c 'sed "s/^/4,1,1,-;/" "$1" > "$2"' - "$g" $T/root/dev/kmsg || return 1
		timeout 60 tail --pid=$fpid -f /dev/null
		wait $fpid
		local rc=$?
		fpid=""
		[ $rc = 0 ]
	}
	check "memcheck: --follow on a FIFO" mem_follow
fi
done_testing
