#!/bin/bash
# compactctl map, the rest of tests/map.sh (suite slow: not under valgrind,
# where each run costs a second or two; ASan covers their leaks): other
# settings and orders, errors, the SVG by the output-file rules, a file cut
# short, a 64 GiB zone (peak RSS), and a real capture of this machine.
# Expectations worked out by hand in the comment above each; pageblocks are
# 4 pages (pageblock order 2).
. "$(dirname "$0")/map-setup.sh"

# --- the "classes" tree of tests/map.sh (zone PFNs 2..31, min watermark 1:
# blocks PFCTUHUC, ceiling 2) under other settings and orders ---
# unevictable pages block when compact_unevictable_allowed = 0: blk7 -> U (1)
is "noevict: blk7 blocked" classes-noevict '.zones[0].block_classes' '"PFCTUHUU"'
is "noevict: unevictable counted as a blocker" classes-noevict ".zones[0] | $blockers" \
	'["slab=1","pgtable=1","reserved=1","zero_page=1","unevictable=1"]'
# one candidate left, still 6 target pages: N_best = 1 + 1 = 2
is "noevict: ceiling" classes-noevict '.zones[0].ceiling | [.blocks, .candidates]' '[2,1]'

# --order 1 (2-page blocks from PFN 2): [2,3] F [4,5] F [6,7] F [8,9] F
# [10,11] C [12,13] T [14,15] T (inside the order-2 THP) [16,17] U slab
# [18,19] F [20..23] H H [24,25] U 2 [26,27] U zero [28,29] C [30,31] C
is "--order 1: classes" classes '.zones[0].block_classes' '"FFFFCTTUFHHUUCC"' --order 1
# S_1 = n1 + 2*n2 + 4*n3 = 3 + 2 = 5 = F; outside F: 11 - 10 = 1, minus the
# reserve 1 = 0: no candidate fits, N_best = 5
is "--order 1: F = buddyinfo, ceiling" classes '.zones[0] | [.blocks.free, .free_now.buddyinfo_before, .ceiling.blocks]' '[5,5,5]' --order 1
# --order 3 (8-page blocks from PFN 0): [0-7] P; [8-15] B B L L + the THP:
# a huge folio smaller than the block blocks it (4 pages); [16-23] has
# NOPAGE -> H; [24-31] U (3)
is "--order 3: a pageblock-sized THP inside blocks it" classes '.zones[0] | [.block_classes, .blockers.huge_folio_part.pages]' '["PUHU",4]' --order 3
is "--order 16K means order 2 with 4K pages" classes '.order' '2' --order 16K

# --- numa64k (tests/map.sh): node 0 FFPPPPCF, node 1 CCFU, all Normal ---
is "numa64k: --node 1" numa64k '[.zones[].node]' '[1]' --node 1
is "--zone selects by name" numa64k '[.zones[].zone] | unique' '["Normal"]' --zone Normal

# the SVG is an output file (outfile.h): a link to a regular file is
# refused, a FIFO (standing for a device: never the system's /dev/null) is
# written in place and stays a FIFO
ln -s "$T/target" "$T/link"; echo keep > "$T/target"
expect "svg: never through a symbolic link to a file" 1 \
	"compactctl: $T/link: a symbolic link to a regular file: refused (name the file itself)" \
	--sysroot "$T/classes" map --svg "$T/link"
link_kept_target() { [ "$(cat "$T/target")" = keep ] && [ -L "$T/link" ]; }
check "svg: the link and its target are left alone" link_kept_target
mkfifo "$T/fifo"
cat "$T/fifo" > "$T/from-fifo" &
cc --sysroot "$T/classes" map --svg "$T/fifo" > /dev/null
wait $!
svg_through_fifo() { [ -p "$T/fifo" ] && grep -q '^</svg>$' "$T/from-fifo"; }
check "svg: a FIFO is written in place, never replaced" svg_through_fifo
# markup and control characters from input (the kernel release) are escaped
cp -r "$T/classes" "$T/markup"
printf '6.1<x>&"\033[2J\n' > "$T/markup/proc/sys/kernel/osrelease"
cc --sysroot "$T/markup" map --svg "$T/markup.svg" > /dev/null
svg_escaped() { grep -q 'Linux 6.1&lt;x&gt;&amp;&quot;\\x1b\[2J:' "$T/markup.svg" && ! grep -q $'\033' "$T/markup.svg"; }
check "svg: markup and control characters from input escaped" svg_escaped
if command -v xmllint > /dev/null; then
	check "svg: still well-formed with them" xmllint --noout "$T/markup.svg"
fi
expect "--zone that is no zone" 64 "compactctl map: --zone 'Nope': not a zone name (DMA, DMA32, Normal, HighMem, Movable, Device)" \
	--sysroot "$T/classes" map --zone Nope
expect "--zone without such a zone here" 1 "compactctl: /proc/zoneinfo: no populated zone named DMA with start_pfn and spanned" \
	--sysroot "$T/classes" map --zone DMA
expect "--order past 18" 64 "compactctl: --order 19: the orders are 0 to 18" \
	--sysroot "$T/classes" map --order 19
expect "--order 2G is order 19 with 4K pages" 64 \
	"compactctl: --order 2G: that is order 19, past the largest order 18 (1G)" \
	--sysroot "$T/classes" map --order 2G
expect "--order that is no order" 64 \
	"compactctl: --order 'x': expected an order (0 to 18) or a power-of-two size such as 2M" \
	--sysroot "$T/classes" map --order x
cp -r "$T/classes" "$T/nokpf"; rm "$T/nokpf/proc/kpageflags"
expect "no kpageflags in the tree" 1 "compactctl: $T/nokpf/proc/kpageflags: No such file or directory" \
	--sysroot "$T/nokpf" map
# the path layer keeps the tree's files in the tree
ln -s /proc/1/../kpageflags "$T/nokpf/proc/kpageflags"
expect "a link to the host's kpageflags resolves inside the tree" 1 \
	"compactctl: $T/nokpf/proc/kpageflags: No such file or directory" --sysroot "$T/nokpf" map
rm "$T/nokpf/proc/kpageflags"; mkdir "$T/nokpf/proc/kpageflags"
expect "kpageflags that is a directory: refused" 1 \
	"compactctl: $T/nokpf/proc/kpageflags: a directory, not a regular file: refused" \
	--sysroot "$T/nokpf" map
# a span past 2^52 PFNs (an offset of 2^55 bytes and more) is refused
cp -r "$T/classes" "$T/far"
sed -i 's/^  start_pfn:           2$/  start_pfn:           4503599627370490/' "$T/far/proc/zoneinfo"
expect "a span beyond 2^52 PFNs" 1 "compactctl: /proc/zoneinfo: node 0 zone Normal: start_pfn + spanned out of range" \
	--sysroot "$T/far" map
# a file cut short: the PFNs past its end read as holes (NOPAGE)
cp -r "$T/classes" "$T/short"; truncate -s 100 "$T/short/proc/kpageflags"
# 100 bytes = 12 whole PFNs and 4 bytes: PFNs 12-31 of the zone are holes
is "short file: past the end are holes" short '.zones[0] | [.block_classes, .pages_past_eof]' '["PFCHHHHH",20]'
no_map_quiet() { [ "$(grep -c map_blocks "$T/eprom3")" = 0 ] && [ ! -s "$T/err" ]; }
rm -r "$T/nokpf/proc/kpageflags"
cc --sysroot "$T/nokpf" export > "$T/eprom3" 2> "$T/err"
check "export from a tree without kpageflags: no gauges, nothing said" no_map_quiet


# --- memory: a 64 GiB zone (16M PFNs, a sparse file of flag-less pages) ---
# one 1 MiB chunk and 5 bytes per order-9 block (32768): peak RSS <= 8 MiB
# (not under valgrind or ASan, whose own memory is counted)
cp -r "$T/uninit" "$T/big"
sed -i -E 's/^        (spanned|present|managed) .*/        \1  16777216/' "$T/big/proc/zoneinfo"
truncate -s $((16777216 * 8)) "$T/big/proc/kpageflags"
if [ -x /usr/bin/time ]; then
	/usr/bin/time -f %M -o "$T/rss" "$COMPACTCTL" --sysroot "$T/big" --json map --order 9 > "$T/bj" 2> "$T/err"
	rss=$(tail -1 "$T/rss")
	small_rss() { [ -n "${COMPACTCTL_REAL:-}${ASAN_OPTIONS:-}" ] || [ "$rss" -le 8192 ]; }
	check "64 GiB zone: peak RSS $rss KiB <= 8 MiB" small_rss
	# 16777216 / 512 = 32768 blocks, all flag-less; present = managed =
	# spanned leaves no budget for holes or uninitialised memory: all U
	check "64 GiB zone: every block seen" jqt '.zones[0].blocks.blocked == 32768' "$T/bj"
	cc --sysroot "$T/big" map --order 9 > "$T/bt"
	check "64 GiB zone: text within 80 columns" awk 'length($0) > 80 { exit 1 }' "$T/bt"
	# 16777216 page frames: more than compact scans before its passes
	withtriggers big cbig
	cc --sysroot "$T/cbig" --json compact > "$T/cj"
	check "compact: a map too large to scan first is skipped, said why" \
		jqt '.ceiling_skipped == "16777216 page frames to scan, more than 1048576: '"'compactctl map'"' shows it"' "$T/cj"
	cc --sysroot "$T/cbig" --json compact --map > "$T/cj" 2> "$T/err"
	# at the tree's pageblock order 2: 16777216 / 4 = 4194304 blocks, the
	# one free block of buddyinfo (the ceiling) and the rest flag-less
	check "compact --map: taken at any size (ceiling 1 block, 4194303 blocked)" \
		jqt '.ceiling_skipped == null and .ceiling.blocks == 1 and ([.ceiling.zones[].blocked_blocks] | add) == 4194303' "$T/cj"
	cc --sysroot "$T/cbig" export > /dev/null 2> "$T/err"
	check "export: the same, in a note" grep -qx "compactctl: note: the map's gauges are left out: 16777216 page frames to scan, more than 8388608: 'compactctl map' shows it" "$T/err"
else
	echo "# GNU time not installed: peak RSS not measured"
fi


# --- a real capture of this machine, under tests/fragmenter (SOURCE.txt) ---
R=$TESTS_DIR/data/map-local-6.18-frag
cp -r "$R" "$T/real"; gzip -d "$T/real/proc/kpageflags.gz"
cc --sysroot "$T/real" --json map > "$T/rj"
check "real: exit 0" [ $? = 0 ]
# buddyinfo DMA32: n9 = 2, n10 = 752 -> S_9 = 2 + 2*752 = 1506; the scan of
# a quiet zone finds exactly that many free blocks
check "real: DMA32 F = buddyinfo (1506)" jqt '.zones[1] | .blocks.free == 1506 and .free_now.buddyinfo_before == 1506' "$T/rj"
# DMA32 spans 1044480 pages, 782336 present: 262144 pages (512 blocks, the
# PCI hole below 4 GiB) have a memmap but no flags: holes, not blockers
check "real: DMA32 PCI hole: 512 hole blocks" jqt '.zones[1].blocks.hole == 512' "$T/rj"
# Normal: before n9 = 1, n10 = 268 -> S_9 = 537; after, n10 = 264 -> 529.
# Memory changed during the capture: F lies between them.
s_after=$(awk '$4 == "Normal" { print $14 + 2 * $15 }' "$R/buddyinfo.after")
f=$(jq '.zones[2].blocks.free' "$T/rj")
within() { [ "$s_after" = 529 ] && [ "$f" -ge 529 ] && [ "$f" -le 537 ]; }
check "real: Normal F ($f) within buddyinfo before (537) and after (529)" within
# Normal spans 0x100000-0x640000; the capture ends at 0x200000: 6553600 -
# 2097152 = 4456448 pages read as holes
check "real: past the end of the capture" jqt '.zones[2].pages_past_eof == 4456448' "$T/rj"
check "real: deferred init: uninitialised blocks, none in U" jqt '.zones[2].blocks.uninitialised > 0 and .zones[2].blockers.kernel.blocks < .zones[2].blocks.blocked' "$T/rj"
check "real: every zone's ceiling >= its F" jqt 'all(.zones[]; .ceiling.blocks >= .blocks.free)' "$T/rj"
done_testing
