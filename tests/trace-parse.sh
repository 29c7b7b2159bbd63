#!/bin/bash
# compact's trace reader (src/parse-trace.c) against a real capture of the
# ring-buffer pages (tests/data/README): its sums must equal the kernel's
# own /proc/vmstat deltas of that run, and its per-zone sums an independent
# awk count of the kernel's text of the same buffer (trace.txt). Records
# built by hand (partial scans, lost events, a run split over CPUs, other
# tasks) are tests/unit/test-tracefmt.c.
. "$TESTS_DIR/lib.sh"
: "${TRACE_DUMP:?}"
T=$(mktemp -d)
at_exit 'rm -rf "$T"'
C=$T/cap
mkdir "$C" && tar xzf "$TESTS_DIR/data/trace-6.18-compact.tar.gz" -C "$C"
pid=$(sed -n 's/.*compacting shell pid \([0-9]*\)$/\1/p' "$C/note")
TRACE_PID=$pid "$TRACE_DUMP" "$C" > "$T/out" 2> "$T/err"
check "reader accepts the capture" [ $? = 0 ]
check "... and says nothing on stderr" empty "$T/err"

delta() { echo $(( $(awk -v k="$1" '$1 == k { print $2 }' "$C/vmstat-after") -
		   $(awk -v k="$1" '$1 == k { print $2 }' "$C/vmstat-before") )); }
sum() { awk -v k="$1" '$1 == "sum" && $2 == k { print $3 }' "$T/out"; }
for k in compact_migrate_scanned compact_free_scanned compact_isolated pgmigrate_success; do
	check "trace sum $k = vmstat delta ($(delta $k))" [ "$(sum $k)" = "$(delta $k)" ]
done
check "pages migrated: the capture is not a no-op" [ "$(sum pgmigrate_success)" -gt 0 ]
check "not migrated ($(sum not_migrated)) >= pgmigrate_fail delta ($(delta pgmigrate_fail))" \
	[ "$(sum not_migrated)" -ge "$(delta pgmigrate_fail)" ]

# independent count from the kernel's text: per begin..end record, the
# fields summed with awk
awk '
/mm_compaction_begin:/ { n++; ms[n] = fs[n] = iso[n] = mig[n] = fail[n] = thp[n] = 0; next }
/mm_compaction_isolate_migratepages:/ { for (i = 1; i <= NF; i++) { split($i, kv, "=");
	if (kv[1] == "nr_scanned") ms[n] += kv[2]; if (kv[1] == "nr_taken") iso[n] += kv[2] } }
/mm_compaction_(fast_)?isolate_freepages:/ { for (i = 1; i <= NF; i++) { split($i, kv, "=");
	if (kv[1] == "nr_scanned") fs[n] += kv[2]; if (kv[1] == "nr_taken") iso[n] += kv[2] } }
/mm_compaction_migratepages:/ { for (i = 1; i <= NF; i++) { split($i, kv, "=");
	if (kv[1] == "nr_migrated") mig[n] += kv[2]; if (kv[1] == "nr_failed") fail[n] += kv[2] } }
/mm_migrate_pages:.*reason=compaction/ { for (i = 1; i <= NF; i++) { split($i, kv, "=");
	if (kv[1] == "nr_thp_succeeded") thp[n] += kv[2] } }
/mm_compaction_end:/ { for (i = 1; i <= NF; i++) if ($i ~ /^status=/) st[n] = substr($i, 8) }
END { for (i = 1; i <= n; i++) print st[i], ms[i], fs[i], iso[i], mig[i], fail[i], thp[i] }
' "$C/trace.txt" > "$T/awk"
awk '$1 == "zone" { print $3, $5, $6, $7, $8, $9, $10 }' "$T/out" > "$T/c"
check "per-zone sums equal an awk count of the kernel's text" cmp -s "$T/awk" "$T/c"
check "... over $(wc -l < "$T/awk") runs" [ "$(wc -l < "$T/awk")" -ge 3 ]
check "events decoded = event lines of the text ($(grep -c ': mm_' "$C/trace.txt"))" \
	grep -qx "events $(grep -c ': mm_' "$C/trace.txt") lost 0 others 0" "$T/out"
check "records named from zoneinfo start pfns" \
	[ "$(awk '$1 == "zone" { printf "%s ", $2 }' "$T/out")" = "0/DMA 0/DMA32 0/Normal " ]
check "scanners met in every zone (end migrate_pfn = free_pfn)" \
	[ "$(awk '$1 == "zone" { printf "%s ", $4 }' "$T/out")" = "100% 100% 100% " ]

# only the compacting task's events count: another PID sees none of them
TRACE_PID=1 "$TRACE_DUMP" "$C" > "$T/none" 2> "$T/err"
check "another task's PID: no runs, every event counted as another's" \
	grep -qx "events 0 lost 0 others $(grep -c ': mm_' "$C/trace.txt")" "$T/none"
"$TRACE_DUMP" "$C" > "$T/all" 2> "$T/err"
check "no PID: the same runs as the compacting task's" \
	cmp -s <(grep '^zone' "$T/out") <(grep '^zone' "$T/all")

# a capture whose format files lack begin: refused, naming the file
mkdir "$T/bad" && cp "$C"/* "$T/bad/" && rm "$T/bad/mm_compaction_begin.format"
"$TRACE_DUMP" "$T/bad" > /dev/null 2> "$T/err"
check "no mm_compaction_begin format: an error naming it" \
	grep -q "^compactctl: $T/bad/mm_compaction_begin.format: " "$T/err"
done_testing
