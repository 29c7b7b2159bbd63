#!/bin/bash
# The floor of compact's tracing (issue 14 goal 3): a tracefs instance
# created and removed with nothing traced, the same with the compaction
# events enabled, perf_event_open of those tracepoints on every CPU and
# close, against the kernel's own trigger (bench/trace-floor.c, medians of
# interleaved rounds). Root; run it under the machine lock. Mounts tracefs
# if it is not mounted, and unmounts it again, also when it fails.
# Writes bench/results/trace-floor.json. Not part of the test suite.
#   bench/trace-floor.sh [BUILD_DIR] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}; rounds=${2:-15}
[ "$(id -u)" = 0 ] || { echo "bench: needs root" >&2; exit 1; }
tfs=/sys/kernel/tracing mounted=
if [ ! -e "$tfs/instances" ]; then
	mount -t tracefs nodev "$tfs"; mounted=1
fi
cleanup() {
	rmdir "$tfs/instances/cc-trace-floor" 2> /dev/null || true
	[ -z "$mounted" ] || umount "$tfs"
}
trap cleanup EXIT
declare -A med
while read -r k m; do med[$k]=$m; done < <("$build/bench/trace-floor" "$tfs" "$rounds")
printf '%-10s %10s %7s\n' step "median us" "x trigger"
json="{\"date\": \"$(date -u +%FT%TZ)\", \"kernel\": \"$(uname -r)\", \"cpus\": $(nproc), \"rounds\": $rounds"
for k in trigger instance events perf; do
	r=$(awk -v a="${med[$k]}" -v b="${med[trigger]}" 'BEGIN { printf "%.2f", a / b }')
	printf '%-10s %10s %7s\n' "$k" "${med[$k]}" "$r"
	json+=", \"$k\": {\"median_us\": ${med[$k]}, \"ratio\": $r}"
done
mkdir -p bench/results
echo "$json}" > bench/results/trace-floor.json
