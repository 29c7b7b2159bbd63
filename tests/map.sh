#!/bin/bash
# compactctl map against generated kpageflags trees (tests/mkkpf.py) and a
# real capture of this machine. Every expected number is worked out by hand
# in the comment above it; pageblocks are 4 pages (pageblock order 2), so
# block b covers PFNs 4b..4b+3.
# The runs under valgrind cost a second or two each: other settings and
# orders, the error paths, the output-file rules, the 64 GiB zone and the
# real capture are in tests/map-more.sh (suite slow, which the valgrind run
# skips).
. "$(dirname "$0")/map-setup.sh"

# --- classes: zone PFNs 2..31 (start 2, spanned 30), min watermark 1 ---
# blk0 PFN 0-3: 0,1 outside the zone -> P; blk1 4 BUDDY -> F; blk2 B B L L
# -> C (m=2); blk3 a THP of order 2 -> T; blk4 LRU SLAB B B -> U (1 slab);
# blk5 NOPAGE -> H; blk6 PGTABLE RESERVED LRU ZERO -> U (3); blk7 LRU+
# UNEVICTABLE+MLOCKED, LRU, B, LRU -> C (m=3): compact_unevictable_allowed=1.
is "classes: one letter per block" classes '.zones[0].block_classes' '"PFCTUHUC"'
is "classes: counts" classes '.zones[0].blocks' \
	'{"free":1,"candidate":2,"huge":1,"blocked":2,"uninitialised":0,"hole":1,"partial":1}'
is "classes: blocker kinds and their pages" classes ".zones[0] | $blockers" \
	'["slab=1","pgtable=1","reserved=1","zero_page=1"]'
# blk4 has 1 immovable page, blk6 has 3
is "classes: blocked by 1 / 2-8 pages" classes '.zones[0].blocked_by_pages | [.["1"], .["2-8"], .["9-64"], .[">64"]]' '[1,1,0,0]'
# free pages: PFN 2,3 + 4-7 + 8,9 + 18,19 + 30 = 11; in F blocks 4, so 7
# outside F; reserve = min 1 -> 6 target pages; a candidate costs 4 (its
# movable and its free pages), so 6/4 = 1 of the 2 candidates: N_best =
# F 1 + 1 = 2, the cheaper one (blk2, m=2) -> 2 page moves. Simple bound:
# (11 - 1) / 4 = 2.
is "classes: ceiling" classes '.zones[0].ceiling | [.blocks, .candidates, .migrate_pages, .target_pages, .reserve_pages, .simple_bound_blocks]' '[2,1,2,6,1,2]'
is "classes: ceiling in bytes (2 blocks of 4 4K pages)" classes '.zones[0].ceiling.bytes' '32768'
# runs of BUDDY split into aligned blocks: [2,3] order 1; [4..9]: 4-7
# order 2, 8-9 order 1; [18,19] order 1; [30] order 0 -> 1 3 1 0, as the
# hand-written buddyinfo; S_2 = n2 + 2*n3 = 1 = F
is "classes: free blocks rebuilt from BUDDY runs = buddyinfo" classes '.zones[0].free_now | [.scan_by_order, .buddyinfo_by_order, .scan, .buddyinfo_before, .buddyinfo_after]' '[[1,3,1,0],[1,3,1,0],1,1,1]'
# immovable pages 4 (slab, pgtable, reserved, zero) of 30 - 4 holes = 26;
# blocks with one: 2 of F+C+T+U = 6
is "classes: Meta's pair" classes '.zones[0].meta_pair | [.immovable_pages, .counted_pages, (.immovable_memory_share * 26 | round), (.blocks_with_immovable_share * 6 | round)]' '[4,26,4,2]'
# pages: free 11; movable blk2 2 + blk4 1 + blk6 1 + blk7 3 = 7; huge 4; hole 4
is "classes: page kinds" classes '.zones[0].pages | [.free, .movable, .huge, .hole, .slab, .kernel]' '[11,7,4,4,1,0]'

# --- uninit: PFNs 0-15, present 16, managed 10, no RESERVED page ---
# budget 16 - 10 - 0 = 6 pages; flag-less blocks from the top: blk2 (4) is
# uninitialised, then 2 left < 4, so blk1 is kernel pages (U, 4); blk3 has
# one flag-less page among others (U, 1)
is "uninit: top flag-less block uninitialised, the other blocked" uninit '.zones[0].block_classes' '"FUIU"'
is "uninit: not counted in U or Meta's pair" uninit '.zones[0] | [.blocks.blocked, .pages.uninitialised, .pages.kernel, .meta_pair.counted_pages, .uninit_budget]' '[2,4,5,12,6]'

# --- pre46 (3.10): BUDDY only on a free block's head ---
# PFN 0 BUDDY + 7 flag-less: the largest aligned power of two of flag-less
# pages after the head is 8 (order 3, the largest) -> blk0, blk1 F; PFN 10
# BUDDY + PFN 11 flag-less -> order 1; PFN 9 flag-less -> kernel; the slab
# folio at 12 has SLAB on its head only: the tails inherit it
is "pre46: free extents rebuilt from heads" pre46 '.zones[0] | [.block_classes, .free_now.scan_by_order]' '["FFUU",[0,1,0,1]]'
is "pre46: slab tails and the flag-less page" pre46 ".zones[0] | $blockers" '["slab=4","kernel=1"]'
is "pre46: reported" pre46 '.buddy_head_only' 'true'

# --- kinds ---
# blk0 a hugetlb folio of pageblock order -> T; blk1 hugetlb order 1 -> U (2);
# blk2 HWPOISON, OFFLINE, LOCKED only (non-LRU), MMAP|ANON|UPTODATE (an
# anonymous page not on the LRU yet: movable) -> U (3); blk3 an order-1
# mTHP + 2 free -> C (m=2); 4 free pages outside F, one candidate costs 4 ->
# N_best = 1 with 2 moves
is "kinds: classes" kinds '.zones[0].block_classes' '"TUUC"'
is "kinds: blockers" kinds ".zones[0] | $blockers" '["hugetlb=2","hwpoison=1","offline=1","non_lru=1"]'
is "kinds: ceiling" kinds '.zones[0].ceiling | [.blocks, .migrate_pages]' '[1,2]'

# --- numa64k: 64K pages, node spans interleave (memory blocks of 8 pages) ---
# node 0 owns PFNs 0-7 and 24-31: [0-7] F F, [8-23] node 1's: P P P P,
# [24-27] L B B B -> C (m=1), [28-31] F. Free outside F: 3 < 4: N_best = 3
is "numa64k: node 0 sees node 1's memory as partial" numa64k '.zones[0] | [.node, .block_classes, .ceiling.blocks]' '[0,"FFPPPPCF",3]'
# node 1, PFNs 8-23: L L L L -> C, C; B B B B -> F; SLAB x4 -> U (4); no
# free page outside F: N_best = 1
is "numa64k: node 1" numa64k '.zones[1] | [.node, .block_classes, .ceiling.blocks]' '[1,"CCFU",1]'
# 3 blocks of 4 64K pages
is "numa64k: 64K pages" numa64k '[.page_size, .zones[0].ceiling.bytes]' '[65536,786432]'
is "total: sums the zones (N_best 3 + 1)" numa64k '.total.ceiling.blocks' '4'

# --- text, SVG, errors ---
cc --sysroot "$T/classes" map > "$T/text"
check "text: exit 0" [ $? = 0 ]
check "text: at most 80 columns" awk 'length($0) > 80 { exit 1 }' "$T/text"
check "text: the map row of the zone" grep -qx '  0x0000000000 PFCTUHUC' "$T/text"
check "text: the ceiling" grep -qx '  ceiling 2 blocks (32 KiB) = F 1 + 1 of 2 candidates,' "$T/text"
check "text: says how to enable page_owner" grep -q 'page_owner=on' "$T/text"
no_escape() { ! grep -q $'\033' "$1"; }
check "text: no escape sequences when not a terminal" no_escape "$T/text"
NO_COLOR=1 cc --sysroot "$T/numa64k" map > "$T/text2"
check "text: two nodes, a summary" grep -qx 'All zones: F 4 C 3 T 0 U 1;' "$T/text2"
cc --sysroot "$T/classes" --json map > "$T/j"
check "json: one document" json_one "$T/j"
no_blocks() { [ "$(jq '.zones[0] | has("block_classes")' "$T/j")" = false ]; }
check "json: per-block classes only with --blocks" no_blocks

cc --sysroot "$T/numa64k" map --svg "$T/map.svg" > /dev/null
check "svg: written" [ -s "$T/map.svg" ]
if command -v xmllint > /dev/null; then
	check "svg: well-formed XML (xmllint)" xmllint --noout "$T/map.svg"
else
	skip "svg: well-formed XML (xmllint not installed: libxml2-utils)"
fi
# node 0: 8 blocks, node 1: 4 blocks, plus 7 legend squares
check "svg: a cell per block and the legend" [ "$(grep -c '<rect x=' "$T/map.svg")" = 19 ]

# --- compact against the ceiling (a tree with kpageflags stands for root) ---
# trigger files, and buddyinfo a FIFO fed per read: the snapshot before pass
# 1, the map's read after its scan, then after pass 1 and pass 2. Before:
# S_2 = n2 + 2*n3 = 1 (= F, ceiling 2 as above); after pass 1: n = 1 1 2 0,
# S_2 = 2 (free pages 1 + 2 + 8 = 11, as before): 100% of the ceiling; the
# gain at order 2 is (2 - 1) * 4 = 4 pages = one pageblock, so a second
# pass, which gains nothing
withtriggers classes cm
B0=$(cat "$T/cm/proc/buddyinfo")
B1='Node 0, zone   Normal      1      1      2      0 '
rm "$T/cm/proc/buddyinfo"; mkfifo "$T/cm/proc/buddyinfo"
cc --sysroot "$T/cm" compact --passes 2 > "$T/ct" 2> "$T/err" &
feed "$T/cm/proc/buddyinfo" $! "$B0" "$B0" "$B1" "$B1"
wait $!
check "compact with the map: exit 0 ($(head -c 200 "$T/err"))" [ $? = 0 ]
check "compact: pass 1's line against the ceiling" \
	[ "$(grep -c '^              reached 100.0% of the ceiling (2 of 2 blocks)$' "$T/ct")" = 2 ]
check "compact: the summary names the top blocker (slab, first of four with 1 block)" \
	grep -qx 'reached 100.0% of it; 2 blocks still blocked, most by slab.' "$T/ct"
check "compact: the zone's row (ceiling 2, before 1, after 2, 2 blocked)" \
	grep -qx '0/Normal          2        1        2   100.0%        2  slab' "$T/ct"
check "compact: within 80 columns" awk 'length($0) > 80 { exit 1 }' "$T/ct"
check "compact: no per-CPU pages in this tree, none mentioned" grep -qx ' can take a zone past it)' "$T/ct"
rm "$T/cm/proc/buddyinfo"; echo "$B0" > "$T/cm/proc/buddyinfo"
# free pages on per-CPU lists look like kernel pages to the map: said
cp -r "$T/cm" "$T/cmp"
sed -i 's/^  pagesets$/  pagesets\n    cpu: 0\n              count: 3\n    cpu: 1\n              count: 4/' "$T/cmp/proc/zoneinfo"
cc --sysroot "$T/cmp" compact > "$T/ct"
check "compact: the per-CPU pages the map saw (3 + 4) are named" \
	grep -qx ' and the 7 free pages it saw on per-CPU lists, can take a zone past it)' "$T/ct"
cc --sysroot "$T/cm" --json compact > "$T/cj"
# a still tree: 1 of the ceiling's 2 blocks, one half
check "compact --json: the ceiling before pass 1" \
	jqt '.ceiling.blocks == 2 and .ceiling.order == 2 and .ceiling.zones[0].top_blocker == "slab" and .ceiling_skipped == null' "$T/cj"
check "compact --json: the pass against it (1 of 2)" \
	jqt '.passes[0].ceiling_reached | .achieved_blocks == 1 and .ceiling_blocks == 2 and .reached == 0.5 and .zones[0].zone == "Normal"' "$T/cj"
cc --sysroot "$T/cm" --json compact --no-map > "$T/cj"
check "compact --no-map: no ceiling, said why" \
	jqt '.ceiling == null and .ceiling_skipped == "--no-map" and .passes[0].ceiling_reached == null' "$T/cj"
cc --sysroot "$T/cm" compact --no-map > "$T/ct"
check "compact --no-map: said in the text" grep -qx 'Against the ceiling: not measured (--no-map).' "$T/ct"
withtriggers classes cnokpf; rm "$T/cnokpf/proc/kpageflags"
cc --sysroot "$T/cnokpf" --json compact > "$T/cj"
check "compact without kpageflags: said why" \
	jqt --arg w "$T/cnokpf/proc/kpageflags: No such file or directory" '.ceiling_skipped == $w' "$T/cj"

# --- page_owner (this kernel has CONFIG_PAGE_OWNER off: a fixture) ---
# tests/data/page_owner-classes.txt on the "classes" tree: U blocks are
# blk4 (PFNs 16-19) and blk6 (24-27). Slab stack: PFN 0x11 (17, 1 page) and
# PFN 0x1a order 1 (26-27, 2 pages) = 3 pages, 2 allocations; page-table
# stack: PFN 0x18 (24) and PFN 25 (old decimal format) = 2 pages, 2; PFN 8
# is in a candidate block (not counted); PFN 0x10 is a Movable allocation
# (skipped before counting): 5 records
cp -r "$T/classes" "$T/owner"; mkdir -p "$T/owner/sys/kernel/debug"
cp "$TESTS_DIR/data/page_owner-classes.txt" "$T/owner/sys/kernel/debug/page_owner"
is "page_owner: stacks by pages in blocked blocks" owner '.page_owner | [.records, [.stacks[] | [.pages, .allocations, (.stack | split("\n") | .[3])]]]' \
	'[5,[[3,2," allocate_slab+0x2a4/0x3e0"],[2,2," __pte_alloc+0x2f/0x1a0"]]]'
cc --sysroot "$T/owner" map > "$T/ot"
check "page_owner: text names the top stack" grep -qx '      kmem_cache_alloc_noprof+0x2b8/0x350' "$T/ot"
printf 'Page allocated via order 0, mask 0x0, pid 1, tgid 1 (x), ts 1 ns\nPFN 0x11 type Unmovable Block 4 type Unmovable Flags 0x0\n \033[2Jevil\n\n' \
	> "$T/owner/sys/kernel/debug/page_owner"
cc --sysroot "$T/owner" map > "$T/ot"
no_esc_owner() { grep -q '\\x1b\[2Jevil' "$T/ot" && ! grep -q $'\033' "$T/ot"; }
check "page_owner: control characters from the file are made visible" no_esc_owner
cc --sysroot "$T/owner" --json map > "$T/oj"
no_esc_owner_json() { jqt '.page_owner.stacks[0].stack == " \\x1b[2Jevil"' "$T/oj"; }
check "page_owner: ... and escaped in JSON" no_esc_owner_json
printf 'Page allocated via order 0, mask 0x0\nPFN zz type Unmovable\n x\n\n' > "$T/owner/sys/kernel/debug/page_owner"
expect "page_owner: malformed record" 1 \
	"compactctl: $T/owner/sys/kernel/debug/page_owner: record at byte 0: expected 'PFN N' on its second line" \
	--sysroot "$T/owner" map

# --- the gauges: map --format prometheus, and export from a tree with kpageflags ---
cc --sysroot "$T/numa64k" --format prometheus map > "$T/prom"
# node 1: F 1 C 2 U 1 (above); ceiling 1; node 0's ceiling 3
check "gauges: node 1's blocked blocks" grep -qx 'compactctl_map_blocks{node="1",zone="Normal",order="2",class="blocked"} 1' "$T/prom"
check "gauges: node 0's ceiling (3)" grep -qx 'compactctl_compaction_ceiling_blocks{node="0",zone="Normal",order="2"} 3' "$T/prom"
# 2 zones x 7 classes, 2 ceilings
check "gauges: 14 class series and 2 ceilings" [ "$(grep -c '^compactctl_' "$T/prom")" = 16 ]
cc --sysroot "$T/numa64k" export > "$T/eprom"
check "export: the same gauges after its own" grep -qx 'compactctl_compaction_ceiling_blocks{node="0",zone="Normal",order="2"} 3' "$T/eprom"
cc --sysroot "$T/numa64k" export --node 1 > "$T/eprom1"
no_node0() { ! grep -q '^compactctl_map_blocks{node="0"' "$T/eprom1" && grep -q '^compactctl_map_blocks{node="1"' "$T/eprom1"; }
check "export --node 1: node 1's gauges only" no_node0
cc --sysroot "$T/numa64k" export --no-map > "$T/eprom2"
check "export --no-map: none" [ "$(grep -c 'compactctl_map_blocks\|ceiling_blocks' "$T/eprom2")" = 0 ]
if command -v promtool > /dev/null; then
	check "gauges: promtool check metrics (map)" promtool check metrics < "$T/prom"
	check "gauges: promtool check metrics (export with them)" promtool check metrics < "$T/eprom"
else
	skip "gauges: promtool not installed"
fi
done_testing
