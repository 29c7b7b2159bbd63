#!/bin/bash
# What `compactctl trace` costs the workload it traces, and its own peak RSS
# (root; run under `flock /run/lock/dev-live.lock`):
#   bench/trace-overhead.sh [BUILD_DIR] [ROUNDS] [RSS_SECONDS]
# The traced workload: tests/fragmenter (1 GiB, 75% of its 4K pages freed)
# from start to ready, then a second process (sh) grows the 2M hugetlb pool
# to the free 2M blocks + 384 (direct compaction) and the pool is given
# back. Its wall time without and with `trace --duration` running, all of
# it and the pool grow alone, interleaved (the order alternates each
# round), medians of ROUNDS (7), and the median of each round's with /
# without ratio (drift between rounds cancels); the trace's own CPU time.
# Then peak RSS (GNU time %M) of `trace --duration RSS_SECONDS` (600) while
# the workload repeats every 20 s. ROUNDS 0 or RSS_SECONDS 0 skips a part
# (each part fits one hold of the machine's live lock). Memory is fully
# initialised first (one pool grow to the free memory, given back): with
# deferred struct-page init a zone grows instead of compacting. Writes
# bench/results/trace-overhead.json, bench/results/trace-rss.json and the
# long run's summary bench/results/trace-rss-summary.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
rounds=${2:-7}
rss_s=${3:-600}
cc=$build/compactctl
frag=$build/tests/fragmenter
pool=/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages
[ "$(id -u)" = 0 ] || { echo "trace-overhead: needs root" >&2; exit 1; }
command -v /usr/bin/time > /dev/null || { echo "trace-overhead: needs GNU time" >&2; exit 1; }
before=$(cat $pool)
T=$(mktemp -d)
TP= FP=
cleanup() {
	echo "$before" > $pool
	[ -n "$TP" ] && kill -INT "$TP" 2> /dev/null && wait "$TP" 2> /dev/null
	[ -n "$FP" ] && kill "$FP" 2> /dev/null && wait "$FP" 2> /dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
echo $(( $(awk '/MemFree/ { print $2 }' /proc/meminfo) / 2048 )) > $pool; echo "$before" > $pool

workload() { # SEED: prints the wall seconds of fragmenter + pool grow + release,
	# and of the pool grow + release alone (where compaction happens)
	local t0 t1 t2 free2m
	t0=$(date +%s.%N)
	rm -f "$T/hold"; mkfifo "$T/hold"
	"$frag" -m 1024 -f 75 -s "$1" < "$T/hold" > "$T/frag" & FP=$!
	exec 3> "$T/hold"
	while ! grep -q ready "$T/frag"; do sleep 0.01; done
	free2m=$(awk '{ for (i = 14; i <= NF; i++) t += $i * 2 ^ (i - 14) } END { print t + 0 }' /proc/buddyinfo)
	t1=$(date +%s.%N)
	sh -c 'echo "$1" > "$2"' grow "$((free2m + 384))" $pool
	echo "$before" > $pool
	t2=$(date +%s.%N)
	exec 3>&-; wait "$FP"; FP=
	echo "$(echo "$t2 - $t0" | bc -l) $(echo "$t2 - $t1" | bc -l)"
}
start_trace() { # ARGS...: it sets up in milliseconds; a second is ample
	"$cc" trace "$@" > /dev/null 2> "$T/trace.err" & TP=$!
	sleep 1
}
# the trace's own CPU time (utime + stime, clock ticks), then SIGINT
stop_trace() {
	awk '{ print $14 + $15 }' "/proc/$TP/stat" >> "$T/trace-ticks"
	kill -INT "$TP"; wait "$TP" || true; TP=
}
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

: > "$T/without"; : > "$T/with"; : > "$T/trace-ticks"
mkdir -p bench/results
if [ "$rounds" -gt 0 ]; then
	for r in $(seq "$rounds"); do
		for m in $( [ $((r % 2)) = 1 ] && echo "without with" || echo "with without"); do
			sync; echo 3 > /proc/sys/vm/drop_caches; sleep 1
			if [ "$m" = with ]; then start_trace --duration 120s; fi
			workload "$r" >> "$T/$m"
			if [ "$m" = with ]; then stop_trace; fi
		done
	done
	col() { awk -v c="$1" '{ print $c }' "$2"; }
	wo=$(col 1 "$T/without" | median); wi=$(col 1 "$T/with" | median)
	go=$(col 2 "$T/without" | median); gi=$(col 2 "$T/with" | median)
	# each round's pair (interleaved, so drift cancels): with / without
	paired=$(paste "$T/with" "$T/without" | awk '{ print $1 / $3 }' | median)
	hz=$(getconf CLK_TCK)
	cpu=$(awk -v hz="$hz" '{ s += $1 } END { printf "%.3f", s / hz / NR }' "$T/trace-ticks")
	printf '%-44s %10s %10s\n' "traced workload, median of $rounds" "all s" "grow s"
	printf '%-44s %10.3f %10.3f\n' "without trace" "$wo" "$go" \
		"with compactctl trace running" "$wi" "$gi"
	printf '%-44s %10.4f %10.4f\n' "ratio of the medians (with / without)" \
		"$(echo "$wi / $wo" | bc -l)" "$(echo "$gi / $go" | bc -l)"
	printf '%-44s %10.4f\n' "median of the paired ratios" "$paired"
	printf '%-44s %10s\n' "trace's own CPU per traced workload (s)" "$cpu"
	printf '{"rounds":%d,"without_s":%s,"with_s":%s,"grow_without_s":%s,"grow_with_s":%s,' \
		"$rounds" "$wo" "$wi" "$go" "$gi" > bench/results/trace-overhead.json
	printf '"paired_ratio":%s,"trace_cpu_s":%s,"without":[%s],"with":[%s]}\n' "$paired" "$cpu" \
		"$(col 1 "$T/without" | paste -sd,)" "$(col 1 "$T/with" | paste -sd,)" \
		>> bench/results/trace-overhead.json
fi

# peak RSS over RSS_SECONDS with the workload every 20 s
if [ "$rss_s" -gt 0 ]; then
	/usr/bin/time -f %M -o "$T/rss" "$cc" trace --duration "${rss_s}s" > "$T/rss.out" \
		2> "$T/rss.err" & TP=$!
	end=$(( $(date +%s) + rss_s - 25 )); r=100; n=0
	while [ "$(date +%s)" -lt "$end" ]; do
		workload $((r += 1)) > /dev/null; n=$((n + 1)); sleep 20
	done
	wait "$TP"; TP=
	rss=$(cat "$T/rss")
	printf '%-40s %7s KiB\n' "peak RSS of trace over ${rss_s} s" "$rss"
	echo "($n workloads; the trace's summary:)"
	sed -n '1,6p' "$T/rss.out"
	cp "$T/rss.out" bench/results/trace-rss-summary.txt
	printf '{"rss_seconds":%d,"workloads":%d,"peak_rss_kib":%s}\n' "$rss_s" "$n" "$rss" \
		> bench/results/trace-rss.json
fi
