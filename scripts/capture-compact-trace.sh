#!/bin/bash
# Make a `compact` trace capture for tests/trace-parse.sh (root; run it under
# `flock /run/lock/dev-live.lock`): a private tracing instance with exactly
# the events `compactctl compact` enables (CC_TEV_SET_COMPACT), recording
# while tests/fragmenter holds memory with some of its pages freed (by
# default 96 MiB, half freed: "-m 96 -f 50 -s 11"): a shell compacts the
# whole system twice, pinned to CPU 0 for the first run and to CPU 1 for
# the second (its events in both CPUs' buffers), then a second shell
# compacts node 0 (another task's events). Saved in OUTDIR:
#   header_page, <event>.format       the format files
#   cpuN.raw                          per_cpu/cpuN/trace_pipe_raw pages
#   trace.txt                         the kernel's text of the same buffer
#   zoneinfo, vmstat-before, vmstat-after
#   note                              the two shells' pids, kernel
#   scripts/capture-compact-trace.sh FRAGMENTER OUTDIR [FRAGMENTER_ARGS]
# Removes the instance and stops the fragmenter on every exit.
set -u
FRAG_BIN=$1 OUT=$2 FRAG_ARGS=${3:--m 96 -f 50 -s 11}
mkdir -p "$OUT"
M=$(mktemp -d)
INST=$M/instances/capture.$$
FRAG=
cleanup() {
	[ -n "$FRAG" ] && kill "$FRAG" 2> /dev/null
	[ -d "$INST" ] && rmdir "$INST"
	umount "$M" 2> /dev/null; rmdir "$M"
}
trap cleanup EXIT
mount -t tracefs nodev "$M" || exit 1
mkdir "$INST" || exit 1
echo 0 > "$INST/tracing_on"
echo 4096 > "$INST/buffer_size_kb"
ev="compaction/mm_compaction_begin compaction/mm_compaction_end
 compaction/mm_compaction_isolate_migratepages compaction/mm_compaction_isolate_freepages
 compaction/mm_compaction_fast_isolate_freepages compaction/mm_compaction_migratepages
 migrate/mm_migrate_pages"
for e in $ev; do cp "$INST/events/$e/format" "$OUT/$(basename "$e").format"; done
cp "$INST/events/header_page" "$OUT/header_page"
for e in $ev; do echo 1 > "$INST/events/$e/enable"; done

rm -f "$M.hold"; mkfifo "$M.hold"
"$FRAG_BIN" $FRAG_ARGS < "$M.hold" > "$OUT/frag.out" & FRAG=$!
exec 3> "$M.hold"; rm -f "$M.hold"
for _ in $(seq 100); do grep -q ready "$OUT/frag.out" && break; sleep 0.1; done
cat /proc/zoneinfo > "$OUT/zoneinfo"
cat /proc/vmstat > "$OUT/vmstat-before"
echo 1 > "$INST/tracing_on"
sh -c 'echo $$ > '"$OUT"'/compact.pid; taskset -pc 0 $$ > /dev/null
	echo 1 > /proc/sys/vm/compact_memory; taskset -pc 1 $$ > /dev/null
	echo 1 > /proc/sys/vm/compact_memory'
sh -c 'echo $$ > '"$OUT"'/other.pid; echo 1 > /sys/devices/system/node/node0/compact'
echo 0 > "$INST/tracing_on"
cat /proc/vmstat > "$OUT/vmstat-after"
cat "$INST/trace" > "$OUT/trace.txt"
for c in "$INST"/per_cpu/cpu*; do
	dd if="$c/trace_pipe_raw" of="$OUT/$(basename "$c").raw" bs=4096 iflag=nonblock 2> /dev/null
done
echo "kernel $(uname -r), $(date -u +%F), compacting shell pid $(cat "$OUT/compact.pid")," \
	"other shell pid $(cat "$OUT/other.pid")" > "$OUT/note"
rm -f "$OUT/compact.pid" "$OUT/other.pid" "$OUT/frag.out"
exec 3>&-
wait "$FRAG" 2> /dev/null; FRAG=
