#!/bin/bash
# diff: the memory-compaction cover letter's own before/after buddyinfo,
# with every number checked by hand; snapshots round-trip; bad input.
. "$TESTS_DIR/lib.sh"
D=$TESTS_DIR/data
B=$D/cover-letter-before-buddyinfo.txt
A=$D/cover-letter-after-buddyinfo.txt
T=$(mktemp -d)
at_exit 'rm -rf "$T"'

cc --json diff "$B" "$A" > "$T/j" 2> "$T/err"
check "cover letter: exit 0" [ $? = 0 ]
check "cover letter: one JSON document" json_one "$T/j"
check "raw buddyinfo: geometry flagged as assumed (4K pages, order 9)" \
	jqt '.assumed_geometry and .page_size == 4096 and .compaction_order == 9' "$T/j"
N='.nodes[0].zones[] | select(.name == "Normal")'
# after - before, order by order:
#  1900-7901 1187-3005 609-2205 325-1511 228-758 178-245 110-34 32-3 6-0 4-1 24-0
check "Normal deltas per order (hand)" \
	jqt "$N | .free_blocks.delta == [-6001,-1818,-1596,-1186,-530,-67,76,29,6,3,24]" "$T/j"
# free pages = sum n_o 2^o:
#  before 7901+6010+8820+12088+12128+7840+2176+384+0+512+0 = 57859
#  after  1900+2374+2436+2600+3648+5696+7040+4096+1536+2048+24576 = 57950
check "Normal free pages 57859 -> 57950 (hand)" \
	jqt "$N | .free_pages == {before: 57859, after: 57950, delta: 91}" "$T/j"
# free in blocks >= order 9: before 1*512 = 512; after 4*512 + 24*1024 = 26624
check "Normal free at >= order 9: 512 -> 26624 pages (hand)" \
	jqt "$N | .free_pages_at_compaction_order == {before: 512, after: 26624, delta: 26112}" "$T/j"
# U_9 = (FP - S_9*2^9)*1000/FP, floored:
#  before (57859-512)*1000/57859 = 991.15 -> 0.991; after (57950-26624)*1000/57950 = 540.57 -> 0.540
check "Normal unusable index at order 9: 0.991 -> 0.540 (hand)" \
	jqt "$N | .unusable_index.before[9] == 0.991 and .unusable_index.after[9] == 0.54" "$T/j"
# U_1 before: (57859 - 2*(3005+2*2205+4*1511+8*758+16*245+32*34+64*3+256*1))*1000/57859
#  S_1 = 3005+4410+6044+6064+3920+1088+192+0+256+0 = 24979; 57859-49958 = 7901 -> 136.55 -> 0.136
check "Normal unusable index at order 1 before: 0.136 (hand)" \
	jqt "$N | .unusable_index.before[1] == 0.136" "$T/j"
# F_10 before: no block >= 10; 1000 - (1000 + 57859*1000/1024)/15663, NB = 15663 blocks
#  57859000/1024 = 56502; (1000+56502)/15663 = 3; 1000-3 = 997 -> 0.997; after: a block exists -> -1
check "Normal fragmentation index at order 10: 0.997 -> -1.000 (hand)" \
	jqt "$N | .fragmentation_index.before[10] == 0.997 and .fragmentation_index.after[10] == -1" "$T/j"
# score = extfrag_for_order(9) = U_9 in percent: 57347*100/57859 = 99; 31326*100/57950 = 54
check "Normal fragmentation score 99 -> 54 (hand)" \
	jqt "$N | .fragmentation_score == {before: 99, after: 54, delta: -45}" "$T/j"
check "DMA unchanged: all deltas 0, 784 pages free" \
	jqt '.nodes[0].zones[] | select(.name == "DMA") | (.free_blocks.delta | all(. == 0)) and .free_pages.before == 784' "$T/j"
check "node score unknown without zoneinfo: null" jqt '.nodes[0].fragmentation_score == null' "$T/j"
check "no vmstat in raw buddyinfo: vmstat_delta null" jqt '.vmstat_delta == null' "$T/j"

cc diff "$B" "$A" > "$T/t"
check "text: the order-0 row" grep -Eq '^ +0 +4K +7901 +1900 +-6001  0\.000->0\.000 +-1\.000->-1\.000$' "$T/t"
check "text: the order-10 row" grep -Eq '^ +10 +4M +0 +24 +\+24  1\.000->0\.575 +0\.997->-1\.000$' "$T/t"
check "text: DMA collapsed as unchanged" grep -q '^  Zone DMA: unchanged (3.1 MiB free, 0 B of it in blocks >= 2M)$' "$T/t"
check "text: free at >= 2M line" grep -Eq '^  free in blocks >= 2M \(order 9\) +2\.0 MiB +104 MiB +\+102 MiB$' "$T/t"
check "text: assumed geometry said" grep -q '^4K pages (assumed), compaction order 9 (2M) (assumed: buddyinfo has neither)$' "$T/t"

# ---- snapshots ----
for t in local-x86_64-6.18-vm-settled arm64-6.1-qemu-virt-numa2-dma-normal-split numa8-x86_64-hygon-plantegg \
	 arm64-64k-1node-hisilicon-d03 kernel-doc-x86_64-2.6-reserve; do
	cc --sysroot "$FIX/$t" snapshot > "$T/s.json" 2> /dev/null
	cc --sysroot "$FIX/$t" --json status > "$T/st.json" 2> /dev/null
	cc --json diff "$T/s.json" "$T/s.json" > "$T/d.json"
	check "$t: snapshot diffs with itself to zero" \
		jqt '[.nodes[].zones[].free_blocks.delta[]] | all(. == 0)' "$T/d.json"
	check "$t: snapshot keeps every free count status shows" \
		[ "$(jq -c '[.nodes[] | .zones[] | .free_blocks]' "$T/st.json")" = \
		  "$(jq -c '[.nodes[] | .zones[] | .free_blocks.before]' "$T/d.json")" ]
	check "$t: snapshot keeps the page size and orders" \
		[ "$(jq -c '[.page_size, .pageblock_order, .compaction_order]' "$T/st.json")" = \
		  "$(jq -c '[.page_size, .pageblock_order, .compaction_order]' "$T/s.json")" ]
done
t=arm64-6.1-qemu-virt-numa2-dma-normal-split
cc --sysroot "$FIX/$t" snapshot > "$T/s.json"
cc --json diff "$T/s.json" "$FIX/$t/proc/buddyinfo" > "$T/d.json" 2> "$T/err"
check "snapshot vs raw buddyinfo of the same tree: zero deltas" \
	jqt '[.nodes[].zones[].free_blocks.delta[]] | all(. == 0)' "$T/d.json"
check "snapshot node scores survive the round trip" \
	[ "$(jq -c '[.nodes[].fragmentation_score]' <(cc --sysroot "$FIX/$t" --json status))" = \
	  "$(jq -c '[.nodes[].fragmentation_score.before]' <(cc --json diff "$T/s.json" "$T/s.json"))" ]
cc --json diff --node 1 "$T/s.json" "$T/s.json" > "$T/d.json"
check "diff --node 1" jqt '[.nodes[].node] == [1]' "$T/d.json"
check "snapshot: version, timestamp, kernel" \
	jqt '.compactctl_snapshot == 1 and (.timestamp | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T")) and .kernel == "6.1.0-50-arm64"' "$T/s.json"

# ---- nodes in one file only, and the order of the files (issue 12, defect 3) ----
jq 'del(.nodes[0])' "$T/s.json" > "$T/only1.json"	# node 1 only
cc --json diff "$T/only1.json" "$T/s.json" > "$T/d.json" 2> "$T/err"; rc=$?
check "node 0 only in AFTER: exit 0" [ "$rc" = 0 ]
check "... in the JSON, marked as only in after" \
	jqt '[.nodes[] | {node, in}] == [{node: 0, in: "after"}, {node: 1, in: "both"}]' "$T/d.json"
check "... its free blocks against nothing before" \
	jqt '.nodes[0].zones[0] | .in == "after" and (.free_blocks.before | all(. == 0))' "$T/d.json"
cc diff "$T/only1.json" "$T/s.json" > "$T/t" 2> "$T/err"
check "... and in the text" grep -q '^Node 0: only in after$' "$T/t"
cc --json diff "$T/s.json" "$T/only1.json" > "$T/d.json" 2> "$T/err"
check "node 0 only in BEFORE: in the JSON too (it was only in the text)" \
	jqt '[.nodes[] | {node, in}] == [{node: 0, in: "before"}, {node: 1, in: "both"}]' "$T/d.json"
cc diff "$T/s.json" "$T/only1.json" > "$T/t" 2> "$T/err"
check "... and in the text" grep -q '^Node 0: only in before$' "$T/t"
# taken 276.5 s apart: AFTER named first is earlier, not "-276.5 s later"
jq '.unix_time = 1000000000.5' "$T/s.json" > "$T/t1.json"
jq '.unix_time = 1000000277' "$T/s.json" > "$T/t2.json"
cc diff "$T/t1.json" "$T/t2.json" > "$T/t"
check "the files in order: 276.5 s later" grep -q '^after:  .*, 276\.5 s later$' "$T/t"
cc diff "$T/t2.json" "$T/t1.json" > "$T/t"
check "swapped: 276.5 s earlier" grep -q '^after:  .*, 276\.5 s earlier$' "$T/t"
cc --json diff "$T/t2.json" "$T/t1.json" > "$T/d.json"
check "... JSON: seconds -276.5" jqt '.seconds == -276.5' "$T/d.json"

# ---- counts up to 2^64-1, as snapshot writes them (issue 12, defect 10) ----
sed 's/^\(pgmigrate_success\) .*/\1 18446744073709551615/' "$FIX/$t/proc/vmstat" > "$T/vmstat"
rm -rf "$T/big"; cp -r "$FIX/$t" "$T/big"; cp "$T/vmstat" "$T/big/proc/vmstat"
cc --sysroot "$T/big" snapshot > "$T/big.json"
check "snapshot writes 2^64-1 as its digits" grep -q '"pgmigrate_success":[[:space:]]*18446744073709551615,' "$T/big.json"
cc --json diff "$T/big.json" "$T/big.json" > "$T/d.json" 2> "$T/err"; rc=$?
check "diff reads it back: exit 0 ($(head -c 200 "$T/err"))" [ "$rc" = 0 ]
check "... and the delta is 0" jqt '.vmstat_delta.pgmigrate_success == 0' "$T/d.json"
jq '.nodes[0].zones[0].free_blocks[0] = 18446744073709551616' "$T/s.json" > "$T/2p64.json"
expect "2^64 in a snapshot: still refused" 1 \
	"compactctl: $T/2p64.json: snapshot: nodes[0].zones[0].free_blocks[0]: expected an integer from 0 to 2^64-1" \
	diff "$T/2p64.json" "$T/s.json"

# ---- bad input ----
expect "one file: usage" 64 "compactctl diff: needs two files: BEFORE and AFTER" diff "$B"
expect "missing file" 1 "compactctl: $T/none: No such file or directory" diff "$B" "$T/none"
jq '.compactctl_snapshot = 2' "$T/s.json" > "$T/v2.json"
expect "wrong version" 1 "compactctl: $T/v2.json: snapshot format version 2; this compactctl reads version 1" \
	diff "$T/v2.json" "$T/s.json"
cc --sysroot "$FIX/$t" --json status > "$T/status.json"
expect "status JSON is not a snapshot" 1 \
	"compactctl: $T/status.json: not a compactctl snapshot (no \"compactctl_snapshot\" key; 'compactctl --json status' output cannot be diffed, 'compactctl snapshot' output can)" \
	diff "$T/status.json" "$T/s.json"
jq '.nodes[0].zones[0].free_blocks[3] = "x"' "$T/s.json" > "$T/type.json"
expect "wrong type in a count" 1 \
	"compactctl: $T/type.json: snapshot: nodes[0].zones[0].free_blocks[3]: expected a number" \
	diff "$T/type.json" "$T/s.json"
jq '.nodes[0].zones[0].free_blocks[3] = -1' "$T/s.json" > "$T/neg.json"
expect "negative count" 1 \
	"compactctl: $T/neg.json: snapshot: nodes[0].zones[0].free_blocks[3]: expected an integer from 0 to 2^64-1" \
	diff "$T/neg.json" "$T/s.json"
jq '.nodes[0].zones[0].free_blocks |= .[:5]' "$T/s.json" > "$T/short.json"
expect "too few orders in a zone" 1 \
	"compactctl: $T/short.json: snapshot: nodes[0].zones[0].free_blocks: expected 11 counts (one per order)" \
	diff "$T/short.json" "$T/s.json"
jq '.nodes[0].zones[0].name = "Foo"' "$T/s.json" > "$T/zone.json"
expect "unknown zone" 1 \
	"compactctl: $T/zone.json: snapshot: nodes[0].zones[0].name: expected a zone name the kernel prints (DMA, Normal, ...)" \
	diff "$T/zone.json" "$T/s.json"
jq '.nodes = 5' "$T/s.json" > "$T/nodes.json"
expect "nodes of the wrong type" 1 "compactctl: $T/nodes.json: snapshot: nodes: expected an array" \
	diff "$T/nodes.json" "$T/s.json"
echo '[1, 2]' > "$T/array.json"
expect "JSON array" 1 "compactctl: $T/array.json: snapshot: expected a JSON object" diff "$T/array.json" "$B"
# cut after an opening bracket, not inside a number (where the position
# cJSON reports depends on the digits cut): 78 bytes, the input ends there
printf '{"compactctl_snapshot": 1, "page_size": 4096, "nodes": [{"node": 0, "zones": [' > "$T/trunc.json"
check "the truncated document is 78 bytes" [ "$(wc -c < "$T/trunc.json")" = 78 ]
expect "truncated JSON" 1 "compactctl: $T/trunc.json: not valid JSON (near byte 78)" diff "$T/trunc.json" "$B"
printf '{"compactctl_snapshot": 1,\0}' > "$T/nul.json"
expect "NUL byte in JSON" 1 "compactctl: $T/nul.json: NUL byte in a JSON document" diff "$T/nul.json" "$B"
expect "14-order tree vs 11-order capture" 1 \
	"compactctl: $B: 11 orders of 4096-byte pages, but $FIX/arm64-64k-1node-hisilicon-d03/proc/buddyinfo has 14 orders of 4096-byte pages: not the same machine" \
	diff "$FIX/arm64-64k-1node-hisilicon-d03/proc/buddyinfo" "$B"
printf 'Node 0, zone Normal 1 2 x\n' > "$T/bad.txt"
expect "malformed raw buddyinfo: file:line" 1 "compactctl: $T/bad.txt:1: 'x' is not a number" diff "$T/bad.txt" "$B"
expect "--node 7 not in the files" 64 "compactctl: --node 7: no such node (online nodes: 0)" diff --node 7 "$B" "$A"
dd if=/dev/zero bs=1M count=70 2>/dev/null | tr '\0' ' ' > "$T/big.txt"
expect "70 MB input refused" 1 "compactctl: $T/big.txt: file too large (over 64 MiB)" diff "$T/big.txt" "$B"
done_testing
