#!/bin/bash
# The whole benchmark suite, one command (root; not part of the tests):
#   bench/run.sh [BUILD_DIR]
# 1. alloc.sh: the cover letter's high-order allocation test under the
#    seeded fragmentation workload, without and with compaction first;
# 2. status.sh: status, --json status and diff against cat of the same files;
# 3. watch.sh: watch's CPU per frame and peak RSS at a 1 s interval;
# 4. compact-gain.sh: what one compact pass and --passes gain;
# 5. map.sh: map against dd of /proc/kpageflags, its class table, and the
#    ceiling against what compact --passes 5 achieves.
# Each prints a table and writes bench/results/*.json. Environment:
# ROUNDS (alloc, default 3), PERCENT/STEP (alloc, 80/20), WATCH_SECONDS (60),
# MAP_ROUNDS (15).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
[ "$(id -u)" = 0 ] || { echo "bench/run.sh: needs root (hugetlb pools, compaction)" >&2; exit 1; }
echo "== machine: $(uname -r), $(nproc) CPUs, $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo), $(date -u +%F)"
echo "== high-order allocation (bench/alloc.sh)"
bench/alloc.sh "$build" "${ROUNDS:-3}" "${PERCENT:-80}" "${STEP:-20}"
echo "== tool cost (bench/status.sh)"
bench/status.sh "$build" 100
echo "== watch cost (bench/watch.sh)"
bench/watch.sh "$build" "${WATCH_SECONDS:-60}"
echo "== compaction gain (bench/compact-gain.sh)"
bench/compact-gain.sh "$build"
echo "== map cost and the ceiling (bench/map.sh)"
bench/map.sh "$build" "${MAP_ROUNDS:-15}"
