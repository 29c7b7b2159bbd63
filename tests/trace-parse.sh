#!/bin/bash
# The trace parser against a real capture (tests/data/README): its sums must
# equal the kernel's own /proc/vmstat deltas of that run, and its per-zone
# sums an independent awk count of the same file.
. "$TESTS_DIR/lib.sh"
: "${TRACE_DUMP:?}"
D=$TESTS_DIR/data
T=$(mktemp -d)
at_exit 'rm -rf "$T"'
zcat "$D/trace-6.18-compact_memory.txt.gz" > "$T/trace"
"$TRACE_DUMP" "$T/trace" "$D/zoneinfo-trace.txt" > "$T/out" 2> "$T/err"
check "parser accepts the capture" [ $? = 0 ]
check "... and says nothing on stderr" empty "$T/err"

delta() { echo $(( $(awk -v k="$1" '$1 == k { print $2 }' "$D/vmstat-after-trace.txt") -
		   $(awk -v k="$1" '$1 == k { print $2 }' "$D/vmstat-before-trace.txt") )); }
sum() { awk -v k="$1" '$1 == "sum" && $2 == k { print $3 }' "$T/out"; }
for k in compact_migrate_scanned compact_free_scanned compact_isolated pgmigrate_success; do
	check "trace sum $k = vmstat delta ($(delta $k))" [ "$(sum $k)" = "$(delta $k)" ]
done
check "not migrated ($(sum not_migrated)) >= pgmigrate_fail delta ($(delta pgmigrate_fail))" \
	[ "$(sum not_migrated)" -ge "$(delta pgmigrate_fail)" ]

# independent count: per begin..end record, sum the fields with awk
awk '
/mm_compaction_begin:/ { n++; ms[n] = fs[n] = iso[n] = mig[n] = fail[n] = 0; next }
/mm_compaction_isolate_migratepages:/ { for (i = 1; i <= NF; i++) { split($i, kv, "=");
	if (kv[1] == "nr_scanned") ms[n] += kv[2]; if (kv[1] == "nr_taken") iso[n] += kv[2] } }
/mm_compaction_(fast_)?isolate_freepages:/ { for (i = 1; i <= NF; i++) { split($i, kv, "=");
	if (kv[1] == "nr_scanned") fs[n] += kv[2]; if (kv[1] == "nr_taken") iso[n] += kv[2] } }
/mm_compaction_migratepages:/ { for (i = 1; i <= NF; i++) { split($i, kv, "=");
	if (kv[1] == "nr_migrated") mig[n] += kv[2]; if (kv[1] == "nr_failed") fail[n] += kv[2] } }
/mm_compaction_end:/ { for (i = 1; i <= NF; i++) if ($i ~ /^status=/) st[n] = substr($i, 8) }
END { for (i = 1; i <= n; i++) print st[i], ms[i], fs[i], iso[i], mig[i], fail[i] }
' "$T/trace" > "$T/awk"
awk '$1 == "zone" { print $3, $5, $6, $7, $8, $9 }' "$T/out" > "$T/c"
check "per-zone sums equal an awk count" cmp -s "$T/awk" "$T/c"
check "records named from zoneinfo start pfns" \
	[ "$(awk '$1 == "zone" { printf "%s ", $2 }' "$T/out")" = "0/DMA 0/DMA32 0/Normal " ]
check "scanners met in every zone (end migrate_pfn = free_pfn)" \
	[ "$(awk '$1 == "zone" { printf "%s ", $4 }' "$T/out")" = "100% 100% 100% " ]
check "no events lost" grep -qx 'events [0-9]* lost 0' "$T/out"

# lost events from the header
sed '3s|entries-written: \([0-9]*\)/[0-9]*|entries-written: \1/99999|' "$T/trace" > "$T/lost"
in=$(sed -n '3s|.*entries-written: \([0-9]*\)/.*|\1|p' "$T/trace")
"$TRACE_DUMP" "$T/lost" > "$T/out2"
check "lost events = written - in buffer" grep -qx "events [0-9]* lost $((99999 - in))" "$T/out2"

# a partial scan: end before the scanners meet gives the covered share
printf '%s\n' \
 't-1 [000] ..... 1.0: mm_compaction_begin: zone_start=0x100000 migrate_pfn=0x100000 free_pfn=0x1ffe00 zone_end=0x200000, mode=sync' \
 't-1 [000] ..... 1.5: mm_compaction_end: zone_start=0x100000 migrate_pfn=0x110000 free_pfn=0x1f0000 zone_end=0x200000, mode=sync status=contended' \
 > "$T/partial"
# walked (0x10000 + 0xfe00) of (0xffe00) pages = 131584 / 1048064 = 12.55 % -> 12
"$TRACE_DUMP" "$T/partial" > "$T/out3"
check "contended run covers 12% (hand count)" grep -q '^zone -1/? contended 12% ' "$T/out3"

# malformed: a begin without its fields is an error naming file and line
printf 'x-1 [000] ..... 1.0: mm_compaction_begin: zone_start=0x1\n' > "$T/bad"
"$TRACE_DUMP" "$T/bad" > /dev/null 2> "$T/err"
check "malformed begin: file:line error" grep -q "^compactctl: $T/bad:1: mm_compaction_begin without" "$T/err"
printf 'x-1 [000] ..... 1.0: mm_compaction_begin: zone_start=0x1 migrate_pfn=0x1 free_pfn=0xe00 zone_end=0x1000, mode=sync\n' > "$T/trunc"
"$TRACE_DUMP" "$T/trunc" > "$T/out4"
check "a run without its end is reported as unfinished" grep -q '^zone -1/? - ' "$T/out4"
# Only the compacting task's events count (compact parses with its own PID,
# not set_event_pid): a second task's run, interleaved in the capture, is
# left out with TRACE_PID and counted without it. Its task name holds a '['
# and a '-<digits>': the PID is the digits before the last '['.
TRACE_PID=29856 "$TRACE_DUMP" "$T/trace" "$D/zoneinfo-trace.txt" > "$T/own" 2> "$T/err"
check "pid filter on a one-task capture: the same result" cmp -s "$T/out" "$T/own"
{
	head -n 20 "$T/trace"
	printf '%s\n' \
		' kc[ompact-1 d0-35   [001] .....  1487.269890: mm_compaction_begin: zone_start=0x1 migrate_pfn=0x1 free_pfn=0xe00 zone_end=0x1000, mode=async' \
		' kc[ompact-1 d0-35   [001] .....  1487.269891: mm_compaction_isolate_migratepages: range=(0x1 ~ 0x200) nr_scanned=100000 nr_taken=0' \
		' kc[ompact-1 d0-35   [001] .....  1487.269892: mm_compaction_end: zone_start=0x1 migrate_pfn=0xe00 free_pfn=0xe00 zone_end=0x1000, mode=async status=complete'
	tail -n +21 "$T/trace"
} > "$T/mixed"
TRACE_PID=29856 "$TRACE_DUMP" "$T/mixed" "$D/zoneinfo-trace.txt" > "$T/mine" 2> "$T/err"
check "another task's events interleaved: left out by PID" cmp -s "$T/out" "$T/mine"
"$TRACE_DUMP" "$T/mixed" "$D/zoneinfo-trace.txt" > "$T/all" 2> "$T/err"
check "... and counted without the filter (the test can fail)" \
	[ "$(sum compact_migrate_scanned)" != "$(awk '$1 == "sum" && $2 == "compact_migrate_scanned" { print $3 }' "$T/all")" ]
done_testing
