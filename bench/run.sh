#!/bin/bash
# The whole benchmark suite, one command (root; not part of the tests):
#   bench/run.sh [BUILD_DIR]         BEFORE=DIR: an earlier build alongside
# Every ratio of issue 14 next to its goal, in one run:
# 1. status.sh: status, --json status, export, snapshot vs cat of their
#    files (<= 1.10, peak RSS <= 2.5 MiB), diff vs jq -c;
# 2. scale.sh: the same on 1..1024-node trees (<= 2x at 1024 nodes, the
#    1024/256 ratio <= 4.2);
# 3. compact-time.sh: compact on a compacted system vs echo 1 >
#    compact_memory (<= 2x, traced); trace-floor.sh: what a tracefs
#    instance (and perf_event_open) cost with nothing traced;
# 4. compact-gain.sh (PCP_FRACTION=0: the default settings): what compact
#    gains vs what the kernel's trigger
#    gains on fresh fragmenter workloads (>= 1.5x; 1.5 and 3 GiB);
# 5. watch.sh: watch --batch CPU vs vmstat 1 over 120 s (<= 3x);
# 6. alloc.sh: the high-order allocation test (no goal of issue 14);
# 7. map.sh: map against dd of /proc/kpageflags, its class table, and the
#    ceiling against what compact --passes 5 achieves.
# Live parts run under the machine lock. Environment: ROUNDS (status, 100),
# SCALE_ROUNDS (11), GAIN_ROUNDS (5), WATCH_SECONDS (120), NO_ALLOC=1,
# MAP_ROUNDS (15).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
[ "$(id -u)" = 0 ] || { echo "bench/run.sh: needs root (hugetlb pools, compaction)" >&2; exit 1; }
lock() { flock /run/lock/dev-live.lock "$@"; }
echo "== machine: $(uname -r), $(nproc) CPUs, $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo), $(date -u +%F)"
echo "== goal 1: tool cost on this machine (bench/status.sh)"
bench/status.sh "$build" "${ROUNDS:-100}"
echo "== goal 2: 1..1024 nodes (bench/scale.sh)"
bench/scale.sh "$build" "${SCALE_ROUNDS:-11}"
echo "== goal 3: compact on a compacted system (bench/compact-time.sh)"
lock bench/compact-time.sh "$build" 11
lock bench/trace-floor.sh "$build" 15
echo "== goal 4: compaction gain, 1536 and 3072 MiB (bench/compact-gain.sh)"
PCP_FRACTION=0 lock bench/compact-gain.sh "$build" "${GAIN_ROUNDS:-5}" 1536
PCP_FRACTION=0 lock bench/compact-gain.sh "$build" "${GAIN_ROUNDS:-5}" 3072
echo "== goal 5: watch --batch vs vmstat 1 (bench/watch.sh)"
bench/watch.sh "$build" "${WATCH_SECONDS:-120}"
if [ -z "${NO_ALLOC:-}" ]; then
	echo "== high-order allocation (bench/alloc.sh)"
	lock bench/alloc.sh "$build" 3 80 20
fi
echo "== map cost and the ceiling (bench/map.sh)"
lock bench/map.sh "$build" "${MAP_ROUNDS:-15}"
