#!/bin/bash
# The cost of `compactctl map` against its floor, `dd` of /proc/kpageflags
# over the same PFN range with 1 MiB blocks, interleaved, median of ROUNDS;
# peak RSS (GNU time); and, under the benchmarks' seeded workload, the
# class table, Meta's pair, and the ceiling against what
# `compact --node 0 --passes 5` then achieves (and what compact's own report
# against the ceiling says). Root; on a shared machine run it as the other
# benchmarks, under its lock (it no longer takes one itself: under
# bench/run.sh in flock it would wait for itself); writes
# bench/results/map.json, map-text.txt and map.svg (and map.png with
# rsvg-convert). Not part of the tests.
#   bench/map.sh [BUILD_DIR] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
bin=$build/compactctl
rounds=${2:-9}
[ "$(id -u)" = 0 ] || { echo "bench/map.sh: needs root" >&2; exit 1; }
command -v /usr/bin/time > /dev/null || { echo "bench: needs GNU time" >&2; exit 1; }
work=$(mktemp -d)
WL=
# Free pages on the per-CPU lists carry no flag in kpageflags: the map
# counts them as kernel pages, and compaction, which returns them to the
# buddy allocator, can then go past the ceiling. As for compact-gain.sh and
# the live test, the lists are kept small for the run (PCP_FRACTION=0 leaves
# the machine's setting), restored on exit.
PCPF=/proc/sys/vm/percpu_pagelist_high_fraction
PCPF_OLD=$(cat "$PCPF" 2> /dev/null || true)
cleanup() {
	[ -n "$WL" ] && kill "$WL" 2> /dev/null && wait "$WL" 2> /dev/null
	[ -n "$PCPF_OLD" ] && echo "$PCPF_OLD" > "$PCPF"
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
[ -n "$PCPF_OLD" ] && [ "${PCP_FRACTION:-10000}" != 0 ] && echo "${PCP_FRACTION:-10000}" > "$PCPF"

# the benchmarks' workload (bench/alloc.sh's recipe, smaller): 1.5 GiB
# anonymous with half its pages freed at random, 512 MiB of page cache in
# 256 KiB files, every second one deleted, 64 MiB in pipe buffers
mkfifo "$work/hold"
"$build/bench/workload" -a 1536 -f 512 -p 64 -d "$work" -h 50 -s 1 < "$work/hold" > "$work/wl" &
WL=$!
exec 3> "$work/hold"
for _ in $(seq 600); do grep -q ready "$work/wl" && break; sleep 0.1; done
grep -q ready "$work/wl" || { echo "bench/map.sh: workload not ready" >&2; exit 1; }

# the same PFN range: from the first zone's block to the last zone's end
read -r lo hi < <(awk '/^Node/ { z = 1 } $1 == "spanned" { sp = $2 }
	$1 == "start_pfn:" && sp > 0 { if (lo == "" || $2 < lo) lo = $2; if ($2 + sp > hi) hi = $2 + sp }
	END { print lo, hi }' /proc/zoneinfo)
mib_lo=$((lo * 8 / 1048576)); mib_hi=$(((hi * 8 + 1048575) / 1048576))
now() { date +%s%N; }
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
declare -A t
run() { local name=$1 s e; shift; s=$(now); "$@" > /dev/null 2>&1; e=$(now); t[$name]+="$(( (e - s) / 1000 )) "; }
for _ in $(seq "$rounds"); do
	run dd dd if=/proc/kpageflags of=/dev/null bs=1M skip="$mib_lo" count=$((mib_hi - mib_lo))
	run map "$bin" map
	run json "$bin" --json map
done
m_dd=$(tr ' ' '\n' <<< "${t[dd]}" | grep . | median)
m_map=$(tr ' ' '\n' <<< "${t[map]}" | grep . | median)
m_js=$(tr ' ' '\n' <<< "${t[json]}" | grep . | median)
rss() { /usr/bin/time -f %M "$@" 2>&1 > /dev/null | tail -1; }
r_dd=$(rss dd if=/proc/kpageflags of=/dev/null bs=1M skip="$mib_lo" count=$((mib_hi - mib_lo)))
r_map=$(rss "$bin" map)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }

# the class table, the ceiling, then what compaction achieves
"$bin" map --node 0 --svg bench/results/map.svg > bench/results/map-text.txt
"$bin" --json map --node 0 > "$work/map.json"
pb=$(jq .order "$work/map.json")
s_k() { awk -v k="$pb" '$2 == "0," { s = 0; for (o = k; o <= NF - 5; o++) s += $(o + 5) * 2 ^ (o - k); t += s } END { print t }' /proc/buddyinfo; }
before=$(s_k)
# compact takes its own map right before its first pass and reports each
# pass against that ceiling; the text goes to bench/results too
"$bin" --json compact --node 0 --passes 5 > "$work/compact.json"
after=$(s_k)
ceil=$(jq '[.zones[].ceiling.blocks] | add' "$work/map.json")
reach=$(jq -c '[.passes[].ceiling_reached | [.achieved_blocks, .ceiling_blocks]]' "$work/compact.json")
command -v rsvg-convert > /dev/null && rsvg-convert -o bench/results/map.png bench/results/map.svg

mem=$(awk '/present|managed/ { s[$1] += $2 } END { printf "present %d, managed %d pages", s["present"], s["managed"] }' /proc/zoneinfo)
printf '%-34s %12s %8s %12s\n' "PFNs $lo-$hi, median of $rounds" "median (us)" ratio "peak RSS"
printf '%-34s %12s %8s %9s KiB\n' "dd bs=1M (floor, $((mib_hi - mib_lo)) MiB)" "$m_dd" 1.000 "$r_dd"
printf '%-34s %12s %8s %9s KiB\n' "compactctl map" "$m_map" "$(ratio "$m_map" "$m_dd")" "$r_map"
printf '%-34s %12s %8s\n' "compactctl --json map" "$m_js" "$(ratio "$m_js" "$m_dd")"
echo "memory: $mem"
echo "ceiling $ceil blocks of order $pb; free blocks $before before, $after after compact --passes 5" \
	"(achieved/ceiling $(ratio "$after" "$ceil"))"
echo "compact's own report, per pass [achieved, its ceiling]: $reach"
jq -r '.zones[] | "\(.zone): F \(.blocks.free) C \(.blocks.candidate) T \(.blocks.huge) U \(.blocks.blocked) I \(.blocks.uninitialised) H \(.blocks.hole) P \(.blocks.partial); immovable \(.meta_pair.immovable_memory_share * 1000 | round / 10)% of memory in \(.meta_pair.blocks_with_immovable_share * 1000 | round / 10)% of blocks"' "$work/map.json"
mkdir -p bench/results
jq --arg date "$(date -u +%FT%TZ)" --arg kernel "$(uname -r)" --arg mem "$mem" \
	--argjson rounds "$rounds" --argjson lo "$lo" --argjson hi "$hi" \
	--argjson dd "$m_dd" --argjson map "$m_map" --argjson js "$m_js" \
	--argjson rdd "$r_dd" --argjson rmap "$r_map" \
	--argjson before "$before" --argjson after "$after" --argjson ceil "$ceil" \
	--argjson reach "$reach" \
	'{date: $date, kernel: $kernel, memory: $mem, rounds: $rounds, pfn_range: [$lo, $hi],
	  dd: {median_us: $dd, peak_rss_kib: $rdd},
	  map: {median_us: $map, ratio: ($map / $dd), peak_rss_kib: $rmap},
	  json_map: {median_us: $js, ratio: ($js / $dd)},
	  ceiling_blocks: $ceil, free_blocks_before: $before, free_blocks_after_compact: $after,
	  achieved_over_ceiling: ($after / $ceil),
	  compact_passes_achieved_and_ceiling: $reach,
	  zones: [.zones[] | {zone, blocks, ceiling, meta_pair, blockers: (.blockers | with_entries(select(.value.blocks > 0)))}]}' \
	"$work/map.json" > bench/results/map.json
