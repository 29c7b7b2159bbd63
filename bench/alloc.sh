#!/bin/bash
# The cover letter's high-order allocation test: under a seeded fragmenting
# workload (anonymous memory with random holes, page cache with every second
# file deleted, an unmovable share in pipe buffers), try to allocate P% of
# memory as 2M hugetlb pages in steps with `compactctl probe`, without and
# with a prior `compactctl compact` (and --passes 5). Methods interleaved,
# a fresh workload each time, median of R rounds. Root. Restores the
# machine: the workload is stopped and its files deleted, the pools are
# restored by probe itself. Writes bench/results/alloc.json.
#   bench/alloc.sh [BUILD_DIR] [ROUNDS] [PERCENT] [STEP]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
bin=$(realpath "$build/compactctl")
wl=$(realpath "$build/bench/workload")
rounds=${2:-3}
pct=${3:-80}
step=${4:-20}
[ "$(id -u)" = 0 ] || { echo "bench/alloc.sh: needs root" >&2; exit 1; }
[ "$(cat /proc/sys/vm/nr_hugepages)" = 0 ] || { echo "bench/alloc.sh: the 2M pool is in use" >&2; exit 1; }
dir=$(mktemp -d /var/tmp/compactctl-bench.XXXXXX)
wlpid=
start_workload() { # SEED: a fresh workload, its stdin held open on fd 7
	rm -f "$dir/in" "$dir/out"; mkfifo "$dir/in"
	"$wl" -a "$anon" -f "$files" -p "$pipes" -d "$dir/w" -s "$1" < "$dir/in" > "$dir/out" &
	wlpid=$!
	exec 7> "$dir/in"
	until grep -q '^ready' "$dir/out" 2>/dev/null; do
		kill -0 "$wlpid" 2>/dev/null || { echo "bench: the workload failed" >&2; exit 1; }
		sleep 0.2
	done
}
stop_workload() {
	[ -n "$wlpid" ] || return 0
	exec 7>&-	# stdin EOF: the workload deletes its files and exits
	wait "$wlpid" 2>/dev/null || true
	wlpid=
}
trap 'stop_workload; rm -rf "$dir"' EXIT
trap 'exit 130' INT TERM

avail=$(awk '/^MemAvailable/ { print int($2 / 1024) }' /proc/meminfo)
anon=$((avail * 40 / 100)); files=$((avail * 15 / 100)); pipes=$((avail / 100))
if [ "$pipes" -gt 256 ]; then pipes=256; fi	# a pipe holds 64K; stay under the fd limit
ulimit -n $((pipes * 32 + 64)) 2>/dev/null || true
echo "workload: ${anon} MiB anonymous (half freed at random), ${files} MiB page cache (every second file deleted), ${pipes} MiB in pipes; probe up to ${pct}% in ${step}% steps; ${rounds} rounds" >&2

results=$dir/results.txt
: > "$results"
for r in $(seq 1 "$rounds"); do
	for m in none compact passes5; do
		sync; echo 3 > /proc/sys/vm/drop_caches
		start_workload "$r"
		t0=$(date +%s%N)
		case $m in
		none) ;;
		compact) "$bin" compact --no-trace > /dev/null ;;
		passes5) "$bin" compact --no-trace --passes 5 > /dev/null ;;
		esac
		t1=$(date +%s%N)
		"$bin" --json probe --percent "$pct" --step "$step" --force > "$dir/probe.json"
		jq -r --arg m "$m" --arg ct "$(( (t1 - t0) / 1000000 ))" '
			[$m, (.nodes | map(.attempted) | add), (.nodes | map(.final_page_count) | add),
			 (.nodes | map(.steps | map(.seconds) | add) | add),
			 $ct,
			 (.nodes | map(.steps | map(.vmstat_delta.pgsteal_direct // 0) | add) | add),
			 (.nodes | map(.steps | map(.vmstat_delta.compact_stall // 0) | add) | add),
			 (.nodes | map(.steps | map(.vmstat_delta.pgmigrate_success // 0) | add) | add)]
			| @tsv' "$dir/probe.json" >> "$results"
		stop_workload
		echo "round $r $m: $(tail -1 "$results")" >&2
	done
done

# median per method of each column
med() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
printf '%-30s %9s %9s %6s %10s %12s %12s %8s %9s\n' "2M pages, median of $rounds" attempted obtained "%" "probe s" "compact ms" "reclaimed" stalls migrated
json="["
for m in none compact passes5; do
	col() { awk -F'\t' -v m="$m" -v c="$1" '$1 == m { print $c }' "$results" | med; }
	att=$(col 2); got=$(col 3); ps=$(col 4); ct=$(col 5); rec=$(col 6); st=$(col 7); mig=$(col 8)
	case $m in none) label="probe only";; compact) label="compact, then probe";; passes5) label="compact --passes 5, then probe";; esac
	printf '%-30s %9s %9s %6s %10s %12s %12s %8s %9s\n' "$label" "$att" "$got" \
		"$(awk -v a="$att" -v g="$got" 'BEGIN { printf "%.1f", a ? 100 * g / a : 0 }')" \
		"$(printf '%.3f' "$ps")" "$ct" "$rec" "$st" "$mig"
	json+="{\"method\":\"$m\",\"attempted\":$att,\"obtained\":$got,\"probe_s\":$ps,\"compact_ms\":$ct,\"pgsteal_direct\":$rec,\"compact_stall\":$st,\"pgmigrate_success\":$mig},"
done
mkdir -p bench/results
cat > bench/results/alloc.json <<JSON
{ "date": "$(date -u +%Y-%m-%dT%H:%M:%SZ)", "kernel": "$(uname -r)", "cpus": $(nproc),
  "mem_available_mib": $avail, "workload_mib": { "anon": $anon, "files": $files, "pipes": $pipes },
  "percent": $pct, "step": $step, "rounds": $rounds,
  "methods": ${json%,}] }
JSON
jq . bench/results/alloc.json > /dev/null
echo "wrote bench/results/alloc.json" >&2
