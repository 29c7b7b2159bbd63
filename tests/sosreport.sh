#!/bin/bash
# --sysroot on a real sosreport (sos 3.6, RHEL 8.0): status, JSON and export
# read the report's proc/ copies as they are; without buddyinfo (a report
# made without sos's kernel plugin) pagetypeinfo stands in. Every expected
# number is worked out by hand from the report's files.
. "$TESTS_DIR/lib.sh"
T=$(mktemp -d)
at_exit 'rm -rf "$T"'
SOS=$FIX/sos-x86_64-4.18-rhel8-ocp-master

cc --sysroot "$SOS" status > "$T/out" 2> "$T/err"; rc=$?
check "status: exit 0, nothing on stderr ($(head -1 "$T/err"))" [ "$rc" = 0 -a ! -s "$T/err" ]
# no sys/devices/system/node here (sos's numa plugin did not run): the page
# size from /proc/meminfo, MemTotal 8164548 kB over the zones' managed pages
# 3977 + 995127 + 1042033 = 2041137: 8164548 * 1024 / 2041137 = 4096 exactly
check "status: the report's kernel, 4K pages from /proc/meminfo" grep -q '^Linux 4.18.0-80.11.2.el8_0.x86_64: 4K pages, orders 0-10' "$T/out"
# no proc/sys/vm either: the tunables from sos_commands/kernel/sysctl_-a,
# which lists vm.extfrag_threshold = 500 and no vm.compaction_proactiveness
check "status: extfrag_threshold from sysctl_-a, no proactive compaction" \
	grep -qx 'compaction: no proactive compaction, extfrag_threshold 500' "$T/out"
no_proactive_text() {
	grep -qx 'Node 0: fragmentation score 47; no proactive compaction' "$T/out" &&
		grep -qx '  (the kernel.s vm tunables have no compaction_proactiveness)' "$T/out" &&
		! grep -q 'kcompactd compacts' "$T/out"
}
check "status: the node says why there is no proactive compaction, no kcompactd thresholds" no_proactive_text
# order-9 score per zone, E = 100 * (FP - S9 * 512) / FP, rounded down:
#   DMA    FP 3975,   S9 = 1 + 3*2 = 7:      100 * 391 / 3975    = 9
#   DMA32  FP 123190, S9 = 7 + 111*2 = 229:  100 * 5942 / 123190 = 4
#   Normal FP 10852,  S9 = 2:                100 * 9828 / 10852  = 90
# node = sum of present * E / (3999 + 1011520 + 1081344 + 1 = 2096864):
#   3999*9/2096864 = 0, 1011520*4/2096864 = 1, 1081344*90/2096864 = 46: 47
check "status: node score 47 (worked out in the comment)" grep -q '^Node 0: fragmentation score 47;' "$T/out"
# 7 + 229 + 2 = 238 free blocks of order 9 = 476 MiB; the allocator's verdict
# (port-status) may use 229 + 2 = 231 of them (462 MiB): DMA's 7 are kept by
# lowmem_reserve for lower-zone requests
check "status: 231 of the 238 free 2M blocks usable, DMA's 7 kept" \
	grep -q 'It may use 231 free blocks of order >= 9$' "$T/out"
check "status: ... (462 MiB), 7 more kept" grep -q '(462 MiB) on this node; 7 more are kept from it.' "$T/out"
check "status: served from DMA32" grep -q 'thp order 9 (2M): available now from DMA32' "$T/out"
# zoneinfo Normal: pages free 10852, low 10855
check "status: Normal 3 pages below its low watermark" grep -q 'watermarks min 8684 low 10855 high 13026; 3 pages below low' "$T/out"
cc --sysroot "$SOS" --json status > "$T/json"
zone_scores() { jq -r '[.nodes[0].zones[] | .fragmentation_score] | map(tostring) | join(" ")' "$T/json"; }
check "JSON: zone scores 9 4 90, node 47" [ "$(zone_scores) $(jq .nodes[0].fragmentation_score "$T/json")" = "9 4 90 47" ]
# the per-node stats line without a name ("  537792") is skipped, the zones read
check "JSON: zones DMA, DMA32, Normal from buddyinfo" \
	[ "$(jq -r '[.nodes[0].zones[] | "\(.name):\(.free_source)"] | join(" ")' "$T/json")" = "DMA:buddyinfo DMA32:buddyinfo Normal:buddyinfo" ]
knobs_from_sysctl() {
	jqt '.knobs == { "compaction_proactiveness": null, "extfrag_threshold": 500,
		"compact_unevictable_allowed": 1, "min_free_kbytes": 67584,
		"watermark_scale_factor": 10, "watermark_boost_factor": null, "defrag_mode": null }' "$T/json"
}
check "JSON: the vm tunables sysctl_-a lists (boost factor and defrag_mode came later)" knobs_from_sysctl
check "JSON: page size 4096, derived" jqt '.page_size == 4096 and .page_size_source == "derived"' "$T/json"
check "JSON: proactive compaction false (the kernel's listing), no thresholds" \
	jqt '.proactive_compaction == false and .proactive_compaction_source == "kernel" and
		.nodes[0].kcompactd_low == null and .nodes[0].kcompactd_high == null and
		.nodes[0].proactive_compaction_due == null' "$T/json"
check "watch: no proactive compaction" \
	grep -q '^ node 0 .* no proactive compaction$' <(cc --sysroot "$SOS" watch --batch -n 1)
cc --sysroot "$SOS" export > "$T/prom"; rc=$?
check "export: exit 0" [ "$rc" = 0 ]
if command -v promtool > /dev/null; then
	check "export: promtool check metrics" promtool check metrics < "$T/prom"
fi
check "export: no kcompactd thresholds (4.18 has no proactive compaction)" \
	[ -z "$(grep -E '^compactctl_(kcompactd_score_threshold|compaction_proactiveness)' "$T/prom")" ]
check "export: extfrag_threshold 500 (sysctl_-a)" grep -qx 'compactctl_extfrag_threshold 500' "$T/prom"
# the man page's series count: per zone 3*O + 9 + W (no boost before 5.0)
# + M*(O + 1) = 33 + 9 + 3 + 5*12 = 105; 3 zones, the node's score and 3
# allocation_* series, 4 per machine, extfrag_threshold, 40 vmstat counters,
# the balloon's counter: 315 + 4 + 4 + 1 + 40 + 1 = 365
check "export: 365 series, as the man page counts them" [ "$(grep -vc '^#' "$T/prom")" = 365 ]

# --- without sysctl_-a and meminfo: the release and the assumptions -----------
cp -r "$SOS" "$T/bare"
rm -r "$T/bare/sos_commands" "$T/bare/proc/meminfo"
cc --sysroot "$T/bare" status > "$T/bare.txt"
cc --sysroot "$T/bare" --json status > "$T/bare.json"
check "no sysctl_-a: defaults flagged, still no proactive compaction" \
	grep -qx 'compaction: no proactive compaction, extfrag_threshold 500 (default)' "$T/bare.txt"
check "... because the release, 4.18, is older than 5.9" grep -qx '  (Linux 5.9 introduced it; this kernel is older)' "$T/bare.txt"
check "... JSON: false, derived; no knob read" \
	jqt '.proactive_compaction == false and .proactive_compaction_source == "derived" and ([.knobs[]] | all(. == null))' "$T/bare.json"
# no meminfo: the page size from the release's architecture (x86_64: 4K)
check "no meminfo: 4K pages derived from the release's x86_64, on one line" grep -qx \
	'Linux 4.18.0-80.11.2.el8_0.x86_64: 4K pages, orders 0-10, pageblock order 9 (2M)' "$T/bare.txt"
check "... JSON: 4096, derived" jqt '.page_size == 4096 and .page_size_source == "derived"' "$T/bare.json"
# a release naming no architecture: the page size is not known (sizes in
# pages), and the long release line puts the rest below it
cp -r "$T/bare" "$T/noarch"
echo 4.18.0-80.11.2.el8_0.customer_debug_build > "$T/noarch/proc/sys/kernel/osrelease"
cc --sysroot "$T/noarch" status > "$T/noarch.txt"
unknown_page_wrapped() {
	grep -qx 'Linux 4.18.0-80.11.2.el8_0.customer_debug_build:' "$T/noarch.txt" &&
		grep -qx '  page size unknown, orders 0-10, pageblock order 9 (512p)' "$T/noarch.txt"
}
check "no meminfo, no arch: page size unknown, on a line of its own" unknown_page_wrapped
# a release of 5.9 or later and no tunables: proactive compaction, thresholds
# from the default proactiveness 20 (max(100 - 20, 5) = 80, 80 + 10 = 90)
echo 5.14.0-70.13.1.el9_0.x86_64 > "$T/bare/proc/sys/kernel/osrelease"
later_release() {
	cc --sysroot "$T/bare" --json status > "$T/later.json" &&
		jqt '.proactive_compaction == true and .proactive_compaction_source == "derived" and
			.nodes[0].kcompactd_low == 80 and .nodes[0].kcompactd_high == 90' "$T/later.json"
}
check "release 5.14, no tunables: proactive compaction (derived), thresholds 80 and 90" later_release
# no release either: unknown
rm "$T/bare/proc/sys/kernel/osrelease"
cc --sysroot "$T/bare" status > "$T/unknown.txt"
check "no release, no tunables: proactive compaction unknown" \
	grep -qx 'Node 0: fragmentation score 47; proactive compaction unknown' "$T/unknown.txt"

# --- /proc/sys/vm copied: it wins over sysctl_-a --------------------------------
cp -r "$SOS" "$T/vm"
mkdir -p "$T/vm/proc/sys/vm"
echo 30 > "$T/vm/proc/sys/vm/compaction_proactiveness"
echo 400 > "$T/vm/proc/sys/vm/extfrag_threshold"
# proactiveness 30: low = max(100 - 30, 5) = 70, high = 80; sysctl_-a's
# min_free_kbytes is not mixed in
vm_wins() {
	cc --sysroot "$T/vm" --json status > "$T/vm.json" &&
		jqt '.knobs.extfrag_threshold == 400 and .knobs.min_free_kbytes == null and
			.proactive_compaction == true and .nodes[0].kcompactd_high == 80' "$T/vm.json"
}
check "proc/sys/vm present: its tunables only (extfrag 400, thresholds 70/80)" vm_wins

# --- a malformed tunable in sysctl_-a: one error line naming the line ---------
cp -r "$SOS" "$T/bad"
sed -i 's/^vm.extfrag_threshold = 500$/vm.extfrag_threshold = 5x0/' "$T/bad/sos_commands/kernel/sysctl_-a"
line=$(grep -n '^vm.extfrag_threshold' "$T/bad/sos_commands/kernel/sysctl_-a" | cut -d: -f1)
expect "sysctl_-a: a vm tunable that is not a number" 1 \
	"compactctl: $T/bad/sos_commands/kernel/sysctl_-a:$line: vm.extfrag_threshold: '5x0' is not a number a long holds" \
	--sysroot "$T/bad" status
sed -i "s/^vm.extfrag_threshold = 5x0$/vm.extfrag_threshold = 500\nvm.extfrag_threshold = 500/" \
	"$T/bad/sos_commands/kernel/sysctl_-a"
expect "sysctl_-a: a vm tunable listed twice" 1 \
	"compactctl: $T/bad/sos_commands/kernel/sysctl_-a:$((line + 1)): vm.extfrag_threshold listed twice" \
	--sysroot "$T/bad" status

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
