#!/bin/bash
# Make a `trace` capture for tests/trace-replay.sh (root; run it under
# `flock /run/lock/dev-live.lock`): a private tracing instance with the events
# and filter that `compactctl trace` uses, recording while tests/fragmenter
# holds fragmented memory and a second process (sh) grows the 2M hugetlb pool
# past the free 2M blocks (direct compaction), then forks short-lived
# processes and walks the file system (unmovable and reclaimable
# allocations: fallbacks, mm_page_alloc_extfrag). Saved in OUTDIR:
#   header_page, <event>.format       the format files
#   cpuN.raw                          per_cpu/cpuN/trace_pipe_raw pages
#   trace.txt                         the kernel's text of the same buffer
#   saved_cmdlines, zoneinfo, pagetypeinfo, vmstat-before, vmstat-after
#   note                              pids, pool sizes, kernel
#   scripts/capture-trace.sh FRAGMENTER OUTDIR [EXTRA_PAGES]
# Restores the pool and removes the instance on every exit.
set -u
FRAG_BIN=$1 OUT=$2 EXTRA=${3:-256}
pool=/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages
mkdir -p "$OUT"
before=$(cat $pool)
M=$(mktemp -d)
INST=$M/instances/capture.$$
FRAG=
cleanup() {
	echo "$before" > $pool
	[ -n "$FRAG" ] && kill "$FRAG" 2> /dev/null
	[ -d "$INST" ] && rmdir "$INST"
	umount "$M" 2> /dev/null; rmdir "$M"
}
trap cleanup EXIT
mount -t tracefs nodev "$M" || exit 1
mkdir "$INST" || exit 1
echo mono > "$INST/trace_clock"
echo 4096 > "$INST/buffer_size_kb"
ev="compaction/mm_compaction_try_to_compact_pages compaction/mm_compaction_begin
 compaction/mm_compaction_end compaction/mm_compaction_isolate_migratepages
 compaction/mm_compaction_isolate_freepages compaction/mm_compaction_fast_isolate_freepages
 compaction/mm_compaction_migratepages compaction/mm_compaction_suitable
 compaction/mm_compaction_finished compaction/mm_compaction_deferred
 compaction/mm_compaction_defer_compaction compaction/mm_compaction_defer_reset
 compaction/mm_compaction_kcompactd_wake compaction/mm_compaction_kcompactd_sleep
 compaction/mm_compaction_wakeup_kcompactd kmem/mm_page_alloc_extfrag"
for e in $ev; do cp "$INST/events/$e/format" "$OUT/$(basename "$e").format"; done
cp "$INST/events/ftrace/kernel_stack/format" "$OUT/kernel_stack.format"
cp "$INST/events/header_page" "$OUT/header_page"
echo 'ret != 4' > "$INST/events/compaction/mm_compaction_finished/filter"
for e in $ev; do echo 1 > "$INST/events/$e/enable"; done

rm -f "$M.hold"; mkfifo "$M.hold"
"$FRAG_BIN" -m 1024 -f 75 -s 7 < "$M.hold" > "$OUT/frag.out" & FRAG=$!
exec 3> "$M.hold"; rm -f "$M.hold"
for _ in $(seq 100); do grep -q ready "$OUT/frag.out" && break; sleep 0.1; done
free9=$(awk '{ for (i = 14; i <= NF; i++) t += $i * 2 ^ (i - 14) } END { print t }' /proc/buddyinfo)
cat /proc/zoneinfo > "$OUT/zoneinfo"; cat /proc/pagetypeinfo > "$OUT/pagetypeinfo"
cat /proc/vmstat > "$OUT/vmstat-before"
echo 1 > "$INST/tracing_on"
sh -c 'echo $$ > '"$OUT"'/grow.pid; echo '"$((free9 + EXTRA))"' > '"$pool"
pids=; for _ in $(seq 300); do /bin/true & pids="$pids $!"; done; wait $pids
find /usr -xdev > /dev/null 2>&1
echo "$before" > $pool
echo 0 > "$INST/tracing_on"
cat /proc/vmstat > "$OUT/vmstat-after"
cat "$INST/trace" > "$OUT/trace.txt"
for c in "$INST"/per_cpu/cpu*; do
	dd if="$c/trace_pipe_raw" of="$OUT/$(basename "$c").raw" bs=4096 iflag=nonblock 2> /dev/null
done
cat "$M/saved_cmdlines" > "$OUT/saved_cmdlines"
{ echo "kernel $(uname -r), $(date -u +%F), free 2M blocks $free9, pool asked $((free9 + EXTRA))"
  echo "pool grown by sh pid $(cat "$OUT/grow.pid")"; } > "$OUT/note"
exec 3>&-
wait "$FRAG" 2> /dev/null; FRAG=
