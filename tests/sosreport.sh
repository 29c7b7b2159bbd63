#!/bin/bash
# --sysroot on a real sosreport (sos 3.6, RHEL 8.0): status, JSON and export
# read the report's proc/ copies as they are; without buddyinfo (a report
# made without sos's kernel plugin) pagetypeinfo stands in. Every expected
# number is worked out by hand from the report's files.
. "$TESTS_DIR/lib.sh"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
SOS=$FIX/sos-x86_64-4.18-rhel8-ocp-master

cc --sysroot "$SOS" status > "$T/out" 2> "$T/err"; rc=$?
check "status: exit 0, nothing on stderr ($(head -1 "$T/err"))" [ "$rc" = 0 -a ! -s "$T/err" ]
check "status: the report's kernel" grep -q '^Linux 4.18.0-80.11.2.el8_0.x86_64: 4K pages (assumed)' "$T/out"
# order-9 score per zone, E = 100 * (FP - S9 * 512) / FP, rounded down:
#   DMA    FP 3975,   S9 = 1 + 3*2 = 7:      100 * 391 / 3975    = 9
#   DMA32  FP 123190, S9 = 7 + 111*2 = 229:  100 * 5942 / 123190 = 4
#   Normal FP 10852,  S9 = 2:                100 * 9828 / 10852  = 90
# node = sum of present * E / (3999 + 1011520 + 1081344 + 1 = 2096864):
#   3999*9/2096864 = 0, 1011520*4/2096864 = 1, 1081344*90/2096864 = 46: 47
check "status: node score 47 (worked out in the comment)" grep -q '^Node 0: fragmentation score 47;' "$T/out"
# 7 + 229 + 2 = 238 free blocks of order 9 = 476 MiB
check "status: 238 free 2M blocks (476 MiB)" grep -q '  order 9 (2M): 238 free blocks (476 MiB) now, most in DMA32' "$T/out"
# zoneinfo Normal: pages free 10852, low 10855
check "status: Normal 3 pages below its low watermark" grep -q 'watermarks min 8684 low 10855 high 13026; 3 pages below low' "$T/out"
cc --sysroot "$SOS" --json status > "$T/json"
zone_scores() { jq -r '[.nodes[0].zones[] | .fragmentation_score] | map(tostring) | join(" ")' "$T/json"; }
check "JSON: zone scores 9 4 90, node 47" [ "$(zone_scores) $(jq .nodes[0].fragmentation_score "$T/json")" = "9 4 90 47" ]
# the per-node stats line without a name ("  537792") is skipped, the zones read
check "JSON: zones DMA, DMA32, Normal from buddyinfo" \
	[ "$(jq -r '[.nodes[0].zones[] | "\(.name):\(.free_source)"] | join(" ")' "$T/json")" = "DMA:buddyinfo DMA32:buddyinfo Normal:buddyinfo" ]
cc --sysroot "$SOS" export > "$T/prom"; rc=$?
check "export: exit 0" [ "$rc" = 0 ]
if command -v promtool > /dev/null; then
	check "export: promtool check metrics" promtool check metrics < "$T/prom"
fi
check "export: no kcompactd thresholds (4.18 has no proactive compaction, no /proc/sys/vm here)" \
	[ -z "$(grep -E '^compactctl_(kcompactd_score_threshold|compaction_proactiveness)' "$T/prom")" ]

# --- a report without buddyinfo: pagetypeinfo stands in ----------------------
cp -r "$SOS" "$T/nobuddy"
rm "$T/nobuddy/proc/buddyinfo"
cc --sysroot "$T/nobuddy" --json status > "$T/nb.json" 2> "$T/nb.err"; rc=$?
check "no buddyinfo: exit 0" [ "$rc" = 0 ]
check "no buddyinfo: every zone's free counts from pagetypeinfo" \
	jqt 'all(.nodes[0].zones[]; .free_source == "pagetypeinfo")' "$T/nb.json"
# DMA32 = Unmovable + Movable + Reclaimable rows:
#   49 24 73 23 6 5 4 0 2 10 187  (e.g. order 2: 16 + 57 + 0, order 10: 184 + 3 + 0)
# FP = 49 + 24*2 + 73*4 + 23*8 + 6*16 + 5*32 + 4*64 + 0 + 2*256 + 10*512 + 187*1024 = 198205
check "no buddyinfo: DMA32 blocks per order = the sum of the migratetype rows" \
	[ "$(jq -r '.nodes[0].zones[1].free_blocks | map(tostring) | join(" ")' "$T/nb.json")" = "49 24 73 23 6 5 4 0 2 10 187" ]
check "no buddyinfo: DMA32 free pages 198205" [ "$(jq '.nodes[0].zones[1].free_pages' "$T/nb.json")" = 198205 ]
done_testing
