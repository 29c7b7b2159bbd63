#!/bin/bash
# Cost of `compactctl watch` at a 1 s interval: CPU time (user+system, from
# /proc/PID/stat) over the run divided by the wall time, and peak RSS
# (VmHWM), for the curses view (in a detached tmux, 80x24) and for --batch
# (to /dev/null), side by side with the floor: `cat` of the files a frame
# reads, once per second for as long. Prints a table and writes
# bench/results/watch.json. Not part of the test suite.
#   bench/watch.sh [BUILD_DIR] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-build}/compactctl")
secs=${2:-120}
command -v tmux >/dev/null || { echo "bench: needs tmux" >&2; exit 1; }
hz=$(getconf CLK_TCK)
export TMUX_TMPDIR=$(mktemp -d)
trap 'tmux kill-server 2>/dev/null || true; rm -rf "$TMUX_TMPDIR"' EXIT

files=(/proc/buddyinfo /proc/zoneinfo /proc/vmstat /proc/sys/kernel/osrelease
       /sys/kernel/mm/transparent_hugepage/enabled /sys/kernel/mm/transparent_hugepage/defrag
       /sys/kernel/mm/transparent_hugepage/hpage_pmd_size
       /sys/kernel/mm/transparent_hugepage/khugepaged/defrag /sys/devices/system/node/online)

ticks() { awk '{ print $14 + $15 + $16 + $17 }' "/proc/$1/stat"; }  # incl. waited-for children (the floor's cat)
hwm() { awk '/^VmHWM/ { print $2 }' "/proc/$1/status"; }
# measure PID: CPU percent of one core over $secs, and peak RSS in KiB
measure() {
	local pid=$1 t0 t1 w0 w1
	sleep 2	# past start-up
	t0=$(ticks "$pid"); w0=$(date +%s%N)
	sleep "$secs"
	t1=$(ticks "$pid"); w1=$(date +%s%N)
	awk -v t=$((t1 - t0)) -v hz="$hz" -v w=$((w1 - w0)) -v f="$secs" -v r="$(hwm "$pid")" \
		'BEGIN { printf "%.3f %.2f %d\n", 100 * t / hz / (w / 1e9), 1000 * t / hz / f, r }'
}

tmux new-session -d -s bench -x 80 -y 24 "$bin watch -i 1"
sleep 0.5
pid=$(tmux list-panes -t bench -F '#{pane_pid}')
read -r c_cpu c_ms c_rss <<< "$(measure "$pid")"
tmux send-keys -t bench q

"$bin" watch --batch -i 1 > /dev/null &
pid=$!
read -r b_cpu b_ms b_rss <<< "$(measure "$pid")"
kill "$pid"; wait "$pid" 2>/dev/null || true

bash -c 'while :; do cat "$@" > /dev/null; sleep 1; done' floor "${files[@]}" &
pid=$!
read -r f_cpu f_ms f_rss <<< "$(measure "$pid")"
kill "$pid"; wait "$pid" 2>/dev/null || true

printf '%-24s %10s %14s %12s\n' "1 s interval, ${secs} s" "CPU %" "CPU ms/frame" "peak RSS" \
	"watch (curses, 80x24)" "$c_cpu" "$c_ms" "$((c_rss / 1024)).$(( (c_rss % 1024) * 10 / 1024 )) MiB" \
	"watch --batch" "$b_cpu" "$b_ms" "$((b_rss / 1024)).$(( (b_rss % 1024) * 10 / 1024 )) MiB" \
	"floor: cat + sleep 1" "$f_cpu" "$f_ms" "(shell loop)"
mkdir -p bench/results
cat > bench/results/watch.json <<JSON
{
  "date": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "kernel": "$(uname -r)",
  "cpus": $(nproc),
  "seconds": $secs,
  "interval_s": 1,
  "curses": { "cpu_percent": $c_cpu, "cpu_ms_per_frame": $c_ms, "peak_rss_kib": $c_rss },
  "batch": { "cpu_percent": $b_cpu, "cpu_ms_per_frame": $b_ms, "peak_rss_kib": $b_rss },
  "floor_cat": { "cpu_percent": $f_cpu, "cpu_ms_per_frame": $f_ms }
}
JSON
echo "wrote bench/results/watch.json"
