#!/bin/bash
# Tool cost on this machine (issue 14 goal 1): status, --json status,
# export and snapshot, each against `cat` of exactly the files it reads
# (bench/files-of.sh), and diff against `jq -c . A B`; all interleaved in
# one bench/timeit run (medians), peak RSS from wait4. With BEFORE=DIR,
# DIR/compactctl (an earlier build) runs in the same rounds.
# Prints a table with each ratio next to its goal; writes
# bench/results/status.json. Not part of the test suite.
#   bench/status.sh [BUILD_DIR] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
bin=$build/compactctl
rounds=${2:-200}
timeit=$build/bench/timeit
snap=$(mktemp -d); trap 'rm -rf "$snap"' EXIT
"$bin" snapshot > "$snap/a.json"; "$bin" snapshot > "$snap/b.json"
cmds=(status "--json status" export snapshot)
spec=(); names=()
for c in "${cmds[@]}"; do
	n=${c// /-}; n=${n#--}
	# shellcheck disable=SC2086
	mapfile -t f < <(bench/files-of.sh "$bin" $c)
	spec+=("cat-$n" cat "${f[@]}" ';')
	# shellcheck disable=SC2086
	spec+=("$n" "$bin" $c ';'); names+=("$n")
	# shellcheck disable=SC2086
	[ -z "${BEFORE:-}" ] || spec+=("before-$n" "$BEFORE/compactctl" $c ';')
done
spec+=(jq jq -c . "$snap/a.json" "$snap/b.json" ';' diff "$bin" diff "$snap/a.json" "$snap/b.json" ';')
[ -z "${BEFORE:-}" ] || spec+=(before-diff "$BEFORE/compactctl" diff "$snap/a.json" "$snap/b.json" ';')
names+=(diff)
out=$(nice -n 0 "$timeit" -n "$rounds" -w 5 "${spec[@]}")
declare -A med rss mrss
while read -r n m _ _ r mr; do med[$n]=$m; rss[$n]=$r; mrss[$n]=$mr; done <<< "$out"
# peak RSS: the largest round's and the median round's (ASLR moves it)
printf '%-19s %10s %10s %7s %8s %17s %s\n' command "median us" "floor us" ratio goal "peak RSS max/med" "(goal 2560 KiB)"
json="{\"date\": \"$(date -u +%FT%TZ)\", \"kernel\": \"$(uname -r)\", \"cpus\": $(nproc), \"rounds\": $rounds"
for n in "${names[@]}"; do
	floor=cat-$n goal=1.10; [ "$n" = diff ] && floor=jq goal=2.00
	for v in "$n" ${BEFORE:+before-$n}; do
		ratio=$(awk -v a="${med[$v]}" -v b="${med[$floor]}" 'BEGIN { printf "%.2f", a / b }')
		printf '%-19s %10s %10s %7s %8s %8s/%4s KiB\n' "$v" "${med[$v]}" "${med[$floor]}" "$ratio" "<= $goal" "${rss[$v]}" "${mrss[$v]}"
		json+=", \"$v\": {\"median_us\": ${med[$v]}, \"floor_us\": ${med[$floor]}, \"ratio\": $ratio, \"goal\": $goal, \"peak_rss_kib\": ${rss[$v]}, \"median_rss_kib\": ${mrss[$v]}}"
	done
done
mkdir -p bench/results
echo "$json}" > bench/results/status.json
