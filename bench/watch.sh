#!/bin/bash
# Cost of `compactctl watch --batch` at a 1 s interval against the floor
# `vmstat 1` (issue 14 goal 5: <= 3x its CPU over 120 s). The commands run
# at the same time, over the same seconds (side by side: a change of the
# machine's state hits them alike); CPU is the scheduler's on-CPU time in
# ns (/proc/PID/schedstat, not 10 ms ticks: a frame is ~0.1 ms), peak RSS
# VmHWM. With BEFORE=DIR, DIR/compactctl (an earlier build) runs alongside.
# Prints a table and writes bench/results/watch.json. Not part of the tests.
#   bench/watch.sh [BUILD_DIR] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-build}/compactctl")
secs=${2:-120}
command -v vmstat >/dev/null || { echo "bench: needs vmstat (procps)" >&2; exit 1; }
names=(vmstat after); cmds=("vmstat 1" "$bin watch --batch -i 1")
if [ -n "${BEFORE:-}" ]; then names+=(before); cmds+=("$(realpath "$BEFORE")/compactctl watch --batch -i 1"); fi
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
for c in "${cmds[@]}"; do
	# shellcheck disable=SC2086  # word splitting wanted: no argument has spaces
	$c > /dev/null & pids+=($!)
done
sleep 2	# past start-up
ns() { awk '{ print $1 }' "/proc/$1/schedstat"; }
declare -A c0 c1
for i in "${!pids[@]}"; do c0[$i]=$(ns "${pids[$i]}"); done
sleep "$secs"
for i in "${!pids[@]}"; do c1[$i]=$(ns "${pids[$i]}"); done
floor=$(( c1[0] - c0[0] ))
printf '%-26s %12s %10s %8s %10s\n' "1 s interval, ${secs} s" "CPU ms" "ms/frame" "ratio" "peak RSS"
json="{\"date\": \"$(date -u +%FT%TZ)\", \"kernel\": \"$(uname -r)\", \"cpus\": $(nproc), \"seconds\": $secs"
for i in "${!pids[@]}"; do
	d=$(( c1[$i] - c0[$i] )); r=$(awk '/^VmHWM/ { print $2 }' "/proc/${pids[$i]}/status")
	ratio=$(awk -v a="$d" -v b="$floor" 'BEGIN { printf "%.2f", b ? a / b : 0 }')
	goal=; [ "${names[$i]}" = vmstat ] || goal="(goal <= 3.00)"
	printf '%-26s %12.2f %10.3f %8s %7s KiB %s\n' "${names[$i]}" "$(awk -v d="$d" 'BEGIN { print d / 1e6 }')" \
		"$(awk -v d="$d" -v s="$secs" 'BEGIN { print d / 1e6 / s }')" "$ratio" "$r" "$goal"
	json+=", \"${names[$i]}\": {\"cpu_ns\": $d, \"ratio_to_vmstat\": $ratio, \"peak_rss_kib\": $r}"
done
mkdir -p bench/results
echo "$json}" > bench/results/watch.json
