#!/bin/bash
# What `compactctl trace` costs the workload it traces, and its own peak RSS
# (root; run under `flock /run/lock/dev-live.lock`):
#   bench/trace-overhead.sh [BUILD_DIR] [ROUNDS] [RSS_SECONDS]
# The traced workload: tests/fragmenter (1 GiB, 75% of its 4K pages freed)
# from start to ready, then a second process (sh) grows the 2M hugetlb pool
# to the free 2M blocks + 384 (direct compaction) and the pool is given
# back. Its wall time without and with `trace --duration` running,
# interleaved (the order alternates each round), median of ROUNDS (7).
# Then peak RSS (GNU time %M) of `trace --duration RSS_SECONDS` (600) while
# the workload repeats every 20 s. Memory is fully initialised first (one
# pool grow to the free memory, given back): with deferred struct-page
# init a zone grows instead of compacting. Writes bench/results/trace.json.
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
echo $(( $(awk '/MemFree/ { print $2 }' /proc/meminfo) / 2048 )) > $pool; echo "$before" > $pool

workload() { # SEED: prints the wall seconds of fragmenter + pool grow + release
	local t0 t1 free2m
	t0=$(date +%s.%N)
	rm -f "$T/hold"; mkfifo "$T/hold"
	"$frag" -m 1024 -f 75 -s "$1" < "$T/hold" > "$T/frag" & FP=$!
	exec 3> "$T/hold"
	while ! grep -q ready "$T/frag"; do sleep 0.01; done
	free2m=$(awk '{ for (i = 14; i <= NF; i++) t += $i * 2 ^ (i - 14) } END { print t + 0 }' /proc/buddyinfo)
	sh -c 'echo "$1" > "$2"' grow "$((free2m + 384))" $pool
	echo "$before" > $pool
	t1=$(date +%s.%N)
	exec 3>&-; wait "$FP"; FP=
	echo "$t1 - $t0" | bc -l
}
start_trace() { # ARGS...: it sets up in milliseconds; a second is ample
	"$cc" trace "$@" > /dev/null 2> "$T/trace.err" & TP=$!
	sleep 1
}
stop_trace() { kill -INT "$TP"; wait "$TP" || true; TP=; }
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

: > "$T/without"; : > "$T/with"
for r in $(seq "$rounds"); do
	for m in $( [ $((r % 2)) = 1 ] && echo "without with" || echo "with without"); do
		sync; echo 3 > /proc/sys/vm/drop_caches; sleep 1
		if [ "$m" = with ]; then start_trace --duration 120s; fi
		workload "$r" >> "$T/$m"
		if [ "$m" = with ]; then stop_trace; fi
	done
done
wo=$(median < "$T/without"); wi=$(median < "$T/with")
pct=$(echo "($wi / $wo - 1) * 100" | bc -l)
printf '%-40s %10s\n' "traced workload, median of $rounds" "wall s"
printf '%-40s %10.3f\n' "without trace" "$wo" "with compactctl trace running" "$wi"
printf '%-40s %+9.2f%%\n' "overhead" "$pct"

# peak RSS over RSS_SECONDS with the workload every 20 s
/usr/bin/time -f %M -o "$T/rss" "$cc" trace --duration "${rss_s}s" > "$T/rss.out" 2> "$T/rss.err" & TP=$!
end=$(( $(date +%s) + rss_s - 25 )); r=100
while [ "$(date +%s)" -lt "$end" ]; do workload $((r += 1)) > /dev/null; sleep 20; done
wait "$TP"; TP=
rss=$(cat "$T/rss")
printf '%-40s %7s KiB\n' "peak RSS of trace over ${rss_s} s" "$rss"
sed -n '1,3p' "$T/rss.out"
mkdir -p bench/results
printf '{"rounds":%d,"without_s":%s,"with_s":%s,"overhead_pct":%.3f,"without":[%s],"with":[%s],"rss_seconds":%d,"peak_rss_kib":%s}\n' \
	"$rounds" "$wo" "$wi" "$pct" "$(paste -sd, "$T/without")" "$(paste -sd, "$T/with")" "$rss_s" "$rss" \
	> bench/results/trace.json
