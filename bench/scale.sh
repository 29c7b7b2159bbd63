#!/bin/bash
# Scaling (issue 14 goal 2): synthetic trees of 1..1024 nodes (3 zones
# each, bench/mktree.sh); per size status, --json status, export and
# snapshot against `cat` of exactly the files each reads, diff of two
# snapshots against `jq -c . A B`; interleaved per size (bench/timeit,
# medians), peak RSS; then the 1024/256 cost ratio (linear: <= 4.2).
# With BEFORE=DIR, DIR/compactctl runs in the same rounds.
# Writes bench/results/scale.json. Not part of the test suite.
#   bench/scale.sh [BUILD_DIR] [ROUNDS] [SIZES...]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}; bin=$(realpath "$build/compactctl")
rounds=${2:-11}; shift $(( $# > 2 ? 2 : $# ))
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(1 16 64 256 1024)
timeit=$build/bench/timeit
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
declare -A med rss
cmds=(status "--json status" export snapshot)
for n in "${sizes[@]}"; do
	t=$tmp/t$n/tree; mkdir -p "$tmp/t$n"; bench/mktree.sh "$n" "$t"
	"$bin" --sysroot "$t" snapshot > "$tmp/t$n/a.json"; cp "$tmp/t$n/a.json" "$tmp/t$n/b.json"
	spec=()
	for c in "${cmds[@]}"; do
		k=${c// /-}; k=${k#--}
		# shellcheck disable=SC2086
		mapfile -t f < <(bench/files-of.sh --sysroot "$t" "$bin" --sysroot "$t" $c)
		spec+=("cat-$k" cat "${f[@]}" ';')
		# shellcheck disable=SC2086
		spec+=("$k" "$bin" --sysroot "$t" $c ';')
		# shellcheck disable=SC2086
		[ -z "${BEFORE:-}" ] || spec+=("before-$k" "$BEFORE/compactctl" --sysroot "$t" $c ';')
	done
	spec+=(jq jq -c . "$tmp/t$n/a.json" "$tmp/t$n/b.json" ';' diff "$bin" diff "$tmp/t$n/a.json" "$tmp/t$n/b.json" ';')
	[ -z "${BEFORE:-}" ] || spec+=(before-diff "$BEFORE/compactctl" diff "$tmp/t$n/a.json" "$tmp/t$n/b.json" ';')
	while read -r k m _ _ r _; do med[$n.$k]=$m; rss[$n.$k]=$r; done < <("$timeit" -n "$rounds" -w 1 "${spec[@]}")
done
printf '%-6s %-19s %10s %10s %7s %8s %9s\n' nodes command "median us" "floor us" ratio goal "peak RSS"
json="{\"date\": \"$(date -u +%FT%TZ)\", \"rounds\": $rounds, \"sizes\": {"
sep=
for n in "${sizes[@]}"; do
	json+="$sep\"$n\": {"; sep2=
	for k in status json-status export snapshot diff; do
		floor=cat-$k goal=2.00; [ "$k" = diff ] && floor=jq
		for v in "$k" ${BEFORE:+before-$k}; do
			ratio=$(awk -v a="${med[$n.$v]}" -v b="${med[$n.$floor]}" 'BEGIN { printf "%.2f", a / b }')
			g=; [ "$n" = 1024 ] && g="<= $goal"
			printf '%-6s %-19s %10s %10s %7s %8s %6s KiB\n' "$n" "$v" "${med[$n.$v]}" "${med[$n.$floor]}" "$ratio" "$g" "${rss[$n.$v]}"
			json+="$sep2\"$v\": {\"median_us\": ${med[$n.$v]}, \"floor_us\": ${med[$n.$floor]}, \"ratio\": $ratio, \"peak_rss_kib\": ${rss[$n.$v]}}"; sep2=", "
		done
	done
	json+="}"; sep=", "
done
json+="}"
if [ -n "${med[1024.status]:-}" ] && [ -n "${med[256.status]:-}" ]; then
	echo "linearity, cost at 1024 nodes / 256 nodes (goal <= 4.2):"
	json+=", \"linearity_1024_256\": {"; sep=
	for k in status json-status export snapshot diff ${BEFORE:+before-status before-json-status before-export before-snapshot before-diff}; do
		r=$(awk -v a="${med[1024.$k]}" -v b="${med[256.$k]}" 'BEGIN { printf "%.2f", a / b }')
		printf '  %-19s %6s\n' "$k" "$r"; json+="$sep\"$k\": $r"; sep=", "
	done
	json+="}"
fi
mkdir -p bench/results
echo "$json}" > bench/results/scale.json
