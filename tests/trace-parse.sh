#!/bin/bash
# compact's trace reader (src/parse-trace.c) against a real capture of the
# ring-buffer pages (tests/data/README): a shell compacted the system twice,
# once on each CPU, then a second shell compacted node 0. The reader's sums
# must equal the kernel's own /proc/vmstat deltas, and its per-zone sums an
# independent awk count of the kernel's text of the same buffer
# (trace.txt), for each task and for both. Records built by hand (partial
# scans, lost events, blocks outside the run's zone) are in
# tests/unit/test-tracefmt.c.
. "$TESTS_DIR/lib.sh"
: "${TRACE_DUMP:?}"
T=$(mktemp -d)
at_exit 'rm -rf "$T"'
C=$T/cap
mkdir "$C" && tar xJf "$TESTS_DIR/data/trace-6.18-compact.tar.xz" -C "$C"
a=$(sed -n 's/.*compacting shell pid \([0-9]*\),.*/\1/p' "$C/note")
b=$(sed -n 's/.*other shell pid \([0-9]*\)$/\1/p' "$C/note")
check "the capture names both shells" \
	grep -q "compacting shell pid [0-9]*, other shell pid [0-9]*$" "$C/note"
check "... whose events are in both CPUs' buffers" \
	[ "$(grep -c -- "-$a *\[000\]" "$C/trace.txt")" -gt 0 ]
check "... (CPU 1 too)" [ "$(grep -c -- "-$a *\[001\]" "$C/trace.txt")" -gt 0 ]

"$TRACE_DUMP" "$C" > "$T/all" 2> "$T/err"
check "reader accepts the capture" [ $? = 0 ]
check "... and says nothing on stderr" empty "$T/err"
TRACE_PID=$a "$TRACE_DUMP" "$C" > "$T/a" 2> /dev/null
TRACE_PID=$b "$TRACE_DUMP" "$C" > "$T/b" 2> /dev/null

delta() { echo $(( $(awk -v k="$1" '$1 == k { print $2 }' "$C/vmstat-after") -
		   $(awk -v k="$1" '$1 == k { print $2 }' "$C/vmstat-before") )); }
sum() { awk -v k="$2" '$1 == "sum" && $2 == k { print $3 }' "$1"; }
for k in compact_migrate_scanned compact_free_scanned compact_isolated pgmigrate_success; do
	check "both tasks: trace sum $k = vmstat delta ($(delta $k))" \
		[ "$(sum "$T/all" $k)" = "$(delta $k)" ]
	check "... = the first shell's + the second's" \
		[ $(( $(sum "$T/a" $k) + $(sum "$T/b" $k) )) = "$(delta $k)" ]
done
check "pages migrated: the capture is not a no-op" [ "$(sum "$T/all" pgmigrate_success)" -gt 0 ]
check "not migrated >= pgmigrate_fail delta ($(delta pgmigrate_fail))" \
	[ "$(sum "$T/all" not_migrated)" -ge "$(delta pgmigrate_fail)" ]

# independent count from the kernel's text (time-ordered across CPUs): per
# begin..end record of the lines matching $1, the fields summed with awk
count() {
	grep -- "$1" "$C/trace.txt" | awk '
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
	END { for (i = 1; i <= n; i++) print st[i], ms[i], fs[i], iso[i], mig[i], fail[i], thp[i] }'
}
runs() { awk '$1 == "zone" { print $3, $5, $6, $7, $8, $9, $10 }' "$1"; }
count ": mm_" > "$T/awk-all"; count "-$a *\[" > "$T/awk-a"; count "-$b *\[" > "$T/awk-b"
check "both tasks: per-run sums equal an awk count of the kernel's text" \
	cmp -s "$T/awk-all" <(runs "$T/all")
check "... over 9 runs" [ "$(wc -l < "$T/awk-all")" = 9 ]
check "the first shell alone ($a): its 6 runs, as awk counts them" \
	cmp -s "$T/awk-a" <(runs "$T/a")
check "the second shell alone ($b): its 3 runs" cmp -s "$T/awk-b" <(runs "$T/b")
check "the first shell: the other's events counted as another task's" \
	grep -qx "events $(grep -c -- "-$a *\[.*: mm_" "$C/trace.txt") lost 0 others $(grep -c -- "-$b *\[.*: mm_" "$C/trace.txt")" "$T/a"
# a run's events sorted by time, not by the CPU they were read from
TRACE_REVERSE=1 "$TRACE_DUMP" "$C" > "$T/rev" 2> /dev/null
check "CPUs read last first: the same runs in the same order" cmp -s "$T/all" "$T/rev"
check "records named from zoneinfo start pfns" \
	[ "$(awk '$1 == "zone" { printf "%s ", $2 }' "$T/a")" = "0/DMA 0/DMA32 0/Normal 0/DMA 0/DMA32 0/Normal " ]
check "scanners met in every zone (end migrate_pfn = free_pfn)" \
	[ "$(awk '$1 == "zone" { printf "%s ", $4 }' "$T/b")" = "100% 100% 100% " ]

# a capture whose format files lack begin: refused, naming the file
mkdir "$T/bad" && cp "$C"/* "$T/bad/" && rm "$T/bad/mm_compaction_begin.format"
"$TRACE_DUMP" "$T/bad" > /dev/null 2> "$T/err"
check "no mm_compaction_begin format: an error naming it" \
	grep -q "^compactctl: $T/bad/mm_compaction_begin.format: " "$T/err"
done_testing
