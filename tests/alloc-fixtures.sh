#!/bin/bash
# The allocation verdict of status --for CLASS (src/alloc.c, its views in
# src/out-alloc.c) on the hand-made trees tests/fixtures/hand-alloc-*
# (scripts/mk-hand-alloc.py, README.hand): one tree per verdict cause, the
# arithmetic next to each expectation. Kernel 6.18, x86_64 4K pages, orders
# 0-10, pageblock order 9; zone indices DMA 0, DMA32 1, Normal 2, Movable 3
# (protection has 5 entries: + Device). F = "pages free" = the buddyinfo
# sum. Also check --for: --min-free counts only the blocks the class may use.
. "$(dirname "$0")/lib.sh"
need jq

# doc TREE CLASS ORDER: status --json of node 0 (run once per request)
doc() {
	local f="$TMP/doc.$1.$2.$3"
	[ -e "$f" ] || cc --sysroot "$FIX/$1" --json status --for "$2" --order "$3" --node 0 > "$f"
	cat "$f"
}
# v TREE CLASS ORDER FIELD: a field of node 0's verdict, in the short names
# the expectations use (pass 0/1/2: no pass, the low, the min watermark)
v() { doc "$1" "$2" "$3" | jq -r --arg f "$4" '.nodes[0].verdict |
	def b: if . then 1 else 0 end;
	{ pass: (if .watermark == "low" then 1 elif .watermark == "min" then 2 else 0 end),
	  cause, zone: (.cause_zone // "-"), serve: (.serving_zone // "-"),
	  wakes_kswapd: (.wakes_kswapd | b), reclaim: (.reclaim_helps | b),
	  compaction: (.compaction_helps | b), unusable_blocks, usable_blocks,
	  approx: (.free_lists_approximated | b), hz: .lowmem_reserve_index,
	  fast: .alloc_flags.fast }[$f]'; }
# zf TREE CLASS ORDER ZONE FIELD: a field of the verdict's zone (node 0);
# the check's terms are those of the min watermark (the slow path, P2)
zf() { doc "$1" "$2" "$3" | jq -r --arg z "$4" --arg f "$5" '.nodes[0].verdict.zones[] |
	select(.node == 0 and .zone == $z) |
	{ walk: (.walk // ""), outcome, free, blocks,
	  fragindex: (.fragmentation_index * 1000 | round),
	  usable: .min.usable, needed: .min.needed, reserve: .min.lowmem_reserve,
	  ha: .min.highatomic, cma: .min.cma, reduced: .min.reduced_mark }[$f]'; }
is() { [ "$1" = "$2" ] || { echo "# got '$1', want '$2'" >&2; false; }; }
TMP=$(mktemp -d)
at_exit 'rm -rf "$TMP"'

# ---- hand-alloc-lowmem-reserve: the bug of issue 13 ----------------------
# DMA: F = 256 + 512 + 3*1024 = 3840, 1 + 2*3 = 7 order-9 blocks;
# protection (0, 3019, 21067, 21067, 21067), min 12.
# Normal: orders 0-8 only, F = 172801, NB = 18523:
#   F_9 = 1000 - (1000 + 1000*172801/512)/18523 = 1000 - 338502/18523 = 1000 - 18 = 982
# DMA32: 1508 order-8 blocks + small ones, F = 386867, NB = 1531:
#   F_9 = 1000 - (1000 + 755599)/1531 = 1000 - 494 = 506 > 500
T=hand-alloc-lowmem-reserve
check "lowmem_reserve: hugetlb order 9 is not available" is "$(v $T hugetlb 9 pass)" 0
check "lowmem_reserve: cause zone_not_allowed" is "$(v $T hugetlb 9 cause)" zone_not_allowed
check "lowmem_reserve: the blocks are in DMA" is "$(v $T hugetlb 9 zone)" DMA
check "lowmem_reserve: 7 unusable order-9 blocks" is "$(v $T hugetlb 9 unusable_blocks)" 7
# hz = gfp_zone(GFP_HIGHUSER_MOVABLE) = MOVABLE = 3 (>= 5.8)
check "lowmem_reserve: reserve index 3" is "$(v $T hugetlb 9 hz)" 3
# DMA at P2: 3840 - 511 = 3329 <= 12 + 21067 = 21079, but > 12 without it
check "lowmem_reserve: DMA usable 3329" is "$(zf $T hugetlb 9 DMA usable)" 3329
check "lowmem_reserve: DMA needed 21079" is "$(zf $T hugetlb 9 DMA needed)" 21079
check "lowmem_reserve: DMA fails by its reserve" is "$(zf $T hugetlb 9 DMA outcome)" lowmem_reserve
check "lowmem_reserve: Normal F_9 = 982" is "$(zf $T hugetlb 9 Normal fragindex)" 982
check "lowmem_reserve: Normal fragmented" is "$(zf $T hugetlb 9 Normal outcome)" fragmented
check "lowmem_reserve: DMA32 F_9 = 506" is "$(zf $T hugetlb 9 DMA32 fragindex)" 506
# Normal compaction gate: 172801 > low 19084 + 2*512 + 0 = 20108, 982 > 500
check "lowmem_reserve: compaction helps" is "$(v $T hugetlb 9 compaction)" 1
# the empty Movable zone (present 0) is in no zonelist, and not listed
check "lowmem_reserve: walk starts at Normal" is "$(zf $T hugetlb 9 Normal walk)" 0
check "lowmem_reserve: empty Movable not walked" is "$(zf $T hugetlb 9 Movable walk)" ""
check "lowmem_reserve: THP says the same" is "$(v $T thp 9 cause)" zone_not_allowed
check "lowmem_reserve: no pagetypeinfo: (B) approximated" is "$(v $T hugetlb 9 approx)" 1
# dma32 class: hz = 1; DMA32 fails (B) (no block >= 9); DMA at P1:
# 3329 > 15 + R[1] 3019 = 3034 and has blocks: DMA serves
check "dma32 class: served by DMA" is "$(v $T dma32 9 serve)" DMA
check "dma32 class: at P1" is "$(v $T dma32 9 pass)" 1
check "dma32 class: DMA's lowmem_reserve[1] 3019" is "$(zf $T dma32 9 DMA reserve)" 3019
check "dma class: DMA serves at hz 0" is "$(v $T dma 9 serve)/$(v $T dma 9 hz)" DMA/0

# ---- hand-alloc-highatomic --------------------------------------------------
# Normal: F = 133400; its only order >= 9 block is HighAtomic (1 block);
# 2 HighAtomic pageblocks, free HighAtomic pages 8 + 5*16 + 512 = 600 (the
# 6.12+ term). DMA (F 10) and DMA32 (F 2000) are below min.
T=hand-alloc-highatomic
check "highatomic: hugetlb 9 not available" is "$(v $T hugetlb 9 pass)" 0
check "highatomic: cause highatomic_only" is "$(v $T hugetlb 9 cause)" highatomic_only
check "highatomic: Normal outcome highatomic" is "$(zf $T hugetlb 9 Normal outcome)" highatomic
# (A) at P2: 133400 - 511 - 600 = 132289 > 14464
check "highatomic: 600 free HighAtomic pages charged" is "$(zf $T hugetlb 9 Normal ha)" 600
check "highatomic: usable 132289" is "$(zf $T hugetlb 9 Normal usable)" 132289
# GFP_ATOMIC order 9 at P2: ALLOC_HIGHATOMIC (MIN_RESERVE, order > 0) may
# take the HighAtomic list and is not charged; P1 has no such right
check "highatomic: atomic 9 available at P2" is "$(v $T atomic 9 cause)/$(v $T atomic 9 pass)" available/2
check "highatomic: atomic wakes kswapd" is "$(v $T atomic 9 wakes_kswapd)" 1

# ---- hand-alloc-cma ----------------------------------------------------------
# Normal: F = 123300, nr_free_cma = 100 + 20*512 + 40*1024 = 51300; blocks
# >= order 4 only on the CMA lists (20 order-9, 40 order-10).
T=hand-alloc-cma
# GFP_KERNEL order 4: (A) 123300 - 15 - 51300 = 71985 > 14464; (B) CMA only
check "cma: kernel order 4 cma_only" is "$(v $T kernel 4 cause)" cma_only
check "cma: free CMA charged" is "$(zf $T kernel 4 Normal cma)" 51300
check "cma: usable 71985" is "$(zf $T kernel 4 Normal usable)" 71985
# S_4 = 20*32 + 40*64 = 3200 blocks this request may not use
check "cma: 3200 unusable order-4 blocks" is "$(v $T kernel 4 unusable_blocks)" 3200
# hugetlb is movable: ALLOC_CMA, nothing charged, the CMA lists allowed
check "cma: hugetlb 9 available in Normal" is "$(v $T hugetlb 9 cause)/$(v $T hugetlb 9 serve)" available/Normal
has_cma() { [[ $(v $T hugetlb 9 fast) =~ (^|\|)CMA(\||$) ]]; }
check "cma: hugetlb carries ALLOC_CMA" has_cma

# ---- hand-alloc-boost -----------------------------------------------------------
# Normal: boost 30000, printed min/low/high 44464/49084/53704 (14464 + 30000 ...);
# F = 5000 + 14520 + 40*512 = 40000.
T=hand-alloc-boost
# GFP_KERNEL order 0: 40000 <= 44464; without the boost 40000 > 14464
check "boost: kernel 0 below watermark" is "$(v $T kernel 0 cause)" below_watermark
check "boost: because of the boost" is "$(zf $T kernel 0 Normal outcome)" boost
# hugetlb order 9: 40000 - 511 = 39489 <= 44464, > 14464 without the boost
check "boost: hugetlb 9 boost" is "$(zf $T hugetlb 9 Normal outcome)" boost
check "boost: reclaim helps" is "$(v $T hugetlb 9 reclaim)" 1
# GFP_ATOMIC order 0 at P2: 44464 -> 22232 -> 16674, 40000 > 16674
check "boost: atomic 0 at P2" is "$(v $T atomic 0 pass)" 2
check "boost: atomic reduced mark 16674" is "$(zf $T atomic 0 Normal reduced)" 16674

# ---- hand-alloc-watermark: below min, atomic dips below it ---------------
# Normal: F = 2000 + 2880 + 10*512 = 10000, min 14464, 10 order-9 blocks.
T=hand-alloc-watermark
# hugetlb 9: 10000 - 511 = 9489 <= 14464 (P2) although blocks exist
check "watermark: hugetlb 9 below_watermark" is "$(v $T hugetlb 9 cause)" below_watermark
check "watermark: about Normal" is "$(v $T hugetlb 9 zone)" Normal
check "watermark: Normal below_watermark" is "$(zf $T hugetlb 9 Normal outcome)" below_watermark
check "watermark: kswapd woken" is "$(v $T hugetlb 9 wakes_kswapd)" 1
check "watermark: kernel 0 fails too (10000 <= 14464)" is "$(v $T kernel 0 pass)" 0
# GFP_ATOMIC order 0: 14464 -> 7232 -> 5424 and 10000 > 5424 at P2
check "watermark: atomic 0 dips below min" is "$(v $T atomic 0 pass)" 2
check "watermark: atomic mark 5424" is "$(zf $T atomic 0 Normal reduced)" 5424
# GFP_ATOMIC order 9: 9489 > 5424 and an order-9 Movable block
check "watermark: atomic 9 too" is "$(v $T atomic 9 cause)" available

# ---- hand-alloc-fragmented / hand-alloc-low-memory --------------------------
# fragmented: Normal F = 412000, NB = 179500, nothing >= 9:
#   F_9 = 1000 - (1000 + 1000*412000/512)/179500 = 1000 - 805687/179500 = 1000 - 4 = 996
T=hand-alloc-fragmented
check "fragmented: cause" is "$(v $T hugetlb 9 cause)" fragmented
check "fragmented: F_9 = 996" is "$(zf $T hugetlb 9 Normal fragindex)" 996
check "fragmented: compaction helps" is "$(v $T hugetlb 9 compaction)" 1
# low memory: Normal 1024 order-8 blocks, F = 262144, NB = 1024:
#   F_9 = 1000 - (1000 + 512000)/1024 = 1000 - 500 = 500 <= 500
T=hand-alloc-low-memory
check "low memory: cause" is "$(v $T hugetlb 9 cause)" low_memory
check "low memory: F_9 = 500" is "$(zf $T hugetlb 9 Normal fragindex)" 500
check "low memory: compaction does not help" is "$(v $T hugetlb 9 compaction)" 0
check "low memory: reclaim helps" is "$(v $T hugetlb 9 reclaim)" 1

# ---- the views (src/out-alloc.c) --------------------------------------------
render() { cc --sysroot "$FIX/$2" status --for "$3" --order "$4" --node 0; }
T=hand-alloc-lowmem-reserve
render text $T hugetlb 9 > "$TMP/t"
check "text: the issue's case says where the blocks are and why not" \
	grep -q '^  hugetlb order 9 (2M): not available now: the 7 free blocks of order >= 9 are$' "$TMP/t"
check "text: ... with the numbers" grep -q '^    in DMA, kept for lower-zone requests (3329 usable <= 12 min + 21067$' "$TMP/t"
check "text: ... and what helps" grep -q 'Compaction can help' "$TMP/t"
check "text: ... and what was approximated" grep -q 'pagetypeinfo not read' "$TMP/t"
check "text: DMA's line says why" grep -q '^    hugetlb order 9: kept for lower-zone requests (3329 usable <= 12 min + 21067$' "$TMP/t"
# under valgrind (a -Dvalgrind build) one view per tree: a run costs a CPU
# second there, and the width is the plain build's to check
CLASSES="thp hugetlb kernel atomic dma32 dma" ORDERS="0 3 4 9 10"
[ -n "${COMPACTCTL_REAL:-}" ] && CLASSES="hugetlb" ORDERS="9"
fits80() { # every line of every view of every tree fits 80 columns
	local t c k
	for t in "$FIX"/hand-alloc-*; do
		for c in $CLASSES; do
			for k in $ORDERS; do
				render text "$(basename "$t")" $c $k
			done
		done
	done > "$TMP/all"
	[ "$(LC_ALL=C.UTF-8 wc -L < "$TMP/all")" -le 80 ]
}
check "text: every line <= 80 columns (7 trees, classes: $CLASSES; orders: $ORDERS)" fits80
render text hand-alloc-highatomic hugetlb 9 > "$TMP/t"
check "text: one block, singular" grep -q 'the 1 free block of order >= 9 in$' "$TMP/t"
J=$TMP/j
doc $T hugetlb 9 > "$J"
check "json: one document" json_one "$J"
check "json: cause, zone, blocks, flags" jqt '.nodes[0].verdict | .class == "hugetlb" and
	.order == 9 and .cause == "zone_not_allowed" and .available == false and
	.cause_zone == "DMA" and .serving_zone == null and .unusable_blocks == 7 and
	.usable_blocks == 0 and .free_blocks == 7 and .lowmem_reserve_index == 3 and
	.alloc_flags.fast == "WMARK_LOW|KSWAPD|NOFRAGMENT" and .free_lists_approximated' "$J"
check "json: DMA's P2 check as numbers" jqt '.nodes[0].verdict.zones[] | select(.zone == "DMA") |
	.outcome == "lowmem_reserve" and .min.usable == 3329 and .min.needed == 21079 and
	.min.lowmem_reserve == 21067 and .blocks == 7' "$J"
check "json: the fragmentation index in the kernel's thousandths" \
	jqt '.nodes[0].verdict.zones[] | select(.zone == "Normal") | .fragmentation_index == 0.982' "$J"
doc hand-alloc-watermark atomic 0 > "$J"
check "json: available at min, kswapd woken" jqt '.nodes[0].verdict | .available and
	.watermark == "min" and .serving_zone == "Normal" and .wakes_kswapd and
	.zones[0].min.reduced_mark == 5424' "$J"

# ---- Prometheus -------------------------------------------------------------
cc --sysroot "$FIX/$T" status --format prometheus --for hugetlb > "$TMP/p"
check "prometheus: not available, with the cause and its zone" grep -qx \
	'compactctl_allocation_verdict_info{node="0",class="hugetlb",order="9",cause="zone_not_allowed",zone="DMA"} 1' "$TMP/p"
check "prometheus: available 0, usable blocks 0" grep -qx \
	'compactctl_allocation_available{node="0",class="hugetlb",order="9"} 0' "$TMP/p"

# ---- check --for: the issue's DMA bug ---------------------------------------
# The 7 order-9 blocks (14 MiB) are DMA's, kept from THP and hugetlb
# requests: no block a thp request may use, so --min-free 10M is a WARNING
# (0 B < 10 MiB); a dma request may use all 7: 7 * 2 MiB = 14 MiB >= 10 MiB.
expect_check() { # expect_check STATUS LINE ARGS...: check's exit and its line
	local st=$1 line=$2 out rc; shift 2
	out=$(cc --sysroot "$FIX/$T" check "$@"); rc=$?
	is "$rc|$out" "$st|$line"
}
# (score 99: zone scores at order 9 Normal 100, DMA32 100 (no block >= 9),
# DMA (3840 - 7*512)*100/3840 = 6; weighted by present over node present + 1:
# 5505024*100/6291359 = 87, 782336*100/6291359 = 12, 3998*6/6291359 = 0)
check "check --min-free 10M: WARNING (thp may use none of DMA's blocks)" expect_check 1 \
	"COMPACTCTL WARNING - node0 order>=9 free 0 B < 10 MiB, score 99 | node0_free=0B;10485760: node0_score=99;;;0;100" \
	--min-free 10M
check "check --for dma --min-free 10M: OK (14 MiB)" expect_check 0 \
	"COMPACTCTL OK - node0 order>=9 free 14 MiB >= 10 MiB, score 99 | node0_free=14680064B;10485760: node0_score=99;;;0;100" \
	--for dma --min-free 10M

done_testing
