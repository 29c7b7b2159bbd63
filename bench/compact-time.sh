#!/bin/bash
# Cost of `compactctl compact` on an already compacted system (issue 14
# goal 3: <= 2x the kernel's own trigger, with tracing on), against
#   echo 1 > /proc/sys/vm/compact_memory   (sh -c: the floor, shell included)
# and `compactctl compact --no-trace`; interleaved (bench/timeit), medians.
# Root; run it under the machine lock: flock /run/lock/dev-live.lock ...
# With BEFORE=DIR, DIR/compactctl runs in the same rounds.
# Writes bench/results/compact-time.json. Not part of the test suite.
#   bench/compact-time.sh [BUILD_DIR] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}; bin=$build/compactctl; rounds=${2:-11}
[ "$(id -u)" = 0 ] || { echo "bench: needs root" >&2; exit 1; }
echo 1 > /proc/sys/vm/compact_memory	# compacted before the first round
spec=(echo sh -c 'echo 1 > /proc/sys/vm/compact_memory' ';'
      compact "$bin" compact ';' notrace "$bin" compact --no-trace ';')
[ -z "${BEFORE:-}" ] || spec+=(before-compact "$BEFORE/compactctl" compact ';')
declare -A med
while read -r k m _ _ _; do med[$k]=$m; done < <("$build/bench/timeit" -n "$rounds" -w 1 "${spec[@]}")
printf '%-18s %10s %7s %8s\n' command "median us" ratio goal
json="{\"date\": \"$(date -u +%FT%TZ)\", \"rounds\": $rounds"
for k in echo compact notrace ${BEFORE:+before-compact}; do
	r=$(awk -v a="${med[$k]}" -v b="${med[echo]}" 'BEGIN { printf "%.2f", a / b }')
	g=; case $k in compact|before-compact) g="<= 2.00" ;; esac
	printf '%-18s %10s %7s %8s\n' "$k" "${med[$k]}" "$r" "$g"
	json+=", \"$k\": {\"median_us\": ${med[$k]}, \"ratio\": $r}"
done
mkdir -p bench/results
echo "$json}" > bench/results/compact-time.json
