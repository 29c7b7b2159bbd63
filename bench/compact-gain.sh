#!/bin/bash
# What compaction gains under a real fragmenting workload: free memory in
# blocks >= 2M (orders 9 and 10 of /proc/buddyinfo, read with awk, not by
# compactctl) before and after
#   a) echo 1 > /proc/sys/vm/compact_memory        (the floor)
#   b) compactctl compact                          (one pass, traced)
#   c) compactctl compact --passes 5
#   d) compactctl compact --no-drain                (per-CPU lists left alone)
# each on a fresh copy of the same seeded workload (tests/fragmenter: MIB
# MiB of anonymous memory with half of its 4K pages freed at random),
# interleaved, ROUNDS rounds, medians, on the machine's settings
# (PCP_FRACTION=N sets vm.percpu_pagelist_high_fraction for the whole run
# instead). Before each workload starts, the per-CPU free lists are emptied
# of what the previous round freed (the fraction set to the largest zone's
# managed pages, 300 writes to vm.stat_refresh, the fraction restored):
# otherwise a method that drains them collects the previous round's pages
# too, and its gain depends on the order of the methods. Root. Restores the
# machine: the fragmenter is killed after each run, the fraction put back.
# Writes bench/results/compact-gain.json.
#   bench/compact-gain.sh [BUILD_DIR] [ROUNDS] [MIB]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
rounds=${2:-5}
mib=${3:-1536}
bin=$build/compactctl
frag=$build/tests/fragmenter
[ "$(id -u)" = 0 ] || { echo "bench: needs root" >&2; exit 1; }
[ -x "$frag" ] || { echo "bench: build first (missing $frag)" >&2; exit 1; }

T=$(mktemp -d)
FP=
# Per-CPU free lists auto-tune and can hold GiBs on a large machine: pages
# freed there neither show in buddyinfo nor merge. Kept small for the run
# (PCP_FRACTION=0 leaves the machine's setting), restored on exit.
PCPF=/proc/sys/vm/percpu_pagelist_high_fraction
PCPF_OLD=$(cat "$PCPF" 2>/dev/null || true)
cleanup() {
	[ -n "$FP" ] && kill "$FP" 2>/dev/null; wait 2>/dev/null; rm -rf "$T"
	[ -n "$PCPF_OLD" ] && echo "$PCPF_OLD" > "$PCPF"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
[ -n "$PCPF_OLD" ] && [ "${PCP_FRACTION:-0}" != 0 ] && echo "${PCP_FRACTION}" > "$PCPF"

# free bytes in blocks of order >= 9 (4K pages: 2M and 4M blocks), all zones
free2m() { awk '{ for (o = 9; o <= NF - 5; o++) s += $(o + 5) * 2^o * 4096 } END { printf "%.0f\n", s }' /proc/buddyinfo; }
now() { date +%s%N; }

# the per-CPU lists emptied of earlier rounds' pages (see above)
pcp_pages() { awk '/count:/ { s += $2 } END { print s + 0 }' /proc/zoneinfo; }
reset_pcp() {
	local cur big
	[ -n "$PCPF_OLD" ] || return 0
	cur=$(cat "$PCPF")
	big=$(awk '$1 == "managed" && $2 > m { m = $2 } END { print m + 8 }' /proc/zoneinfo)
	echo "$big" > "$PCPF"
	for _ in $(seq 300); do echo 1 > /proc/sys/vm/stat_refresh; done
	echo "$cur" > "$PCPF"
}
start_frag() {
	reset_pcp
	rm -f "$T/hold"; mkfifo "$T/hold"
	"$frag" -m "$mib" -f 50 -s 1234 < "$T/hold" > "$T/frag" &
	FP=$!
	exec 3> "$T/hold"
	until grep -q ready "$T/frag"; do sleep 0.1; done
}
stop_frag() { exec 3>&-; wait "$FP"; FP=; sleep 1; }

declare -A before after secs pcpb pcpa
one() { # one METHOD
	local s e b a
	start_frag
	pcpb[$1]+="$(pcp_pages) "
	b=$(free2m)
	s=$(now)
	case $1 in
	echo) sh -c 'echo 1 > /proc/sys/vm/compact_memory' ;;
	pass1) "$bin" compact > "$T/out.pass1" ;;
	pass5) "$bin" compact --passes 5 > "$T/out.pass5" ;;
	nodrain) "$bin" compact --no-drain > "$T/out.nodrain" ;;
	esac
	e=$(now)
	a=$(free2m)
	pcpa[$1]+="$(pcp_pages) "
	stop_frag
	before[$1]+="$b "; after[$1]+="$a "; secs[$1]+="$(( (e - s) / 1000 )) "
}
median() { tr ' ' '\n' | grep . | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
for i in $(seq "$rounds"); do
	for m in echo pass1 pass5 nodrain; do one $m; done
	echo "round $i done" >&2
done
mi() { awk -v b="$1" 'BEGIN { printf "%.0f", b / 1048576 }'; }
printf '%-30s %9s %9s %9s %8s %8s\n' "median of $rounds, ${mib} MiB" "before" "after" "gain" "time" "pcp MiB"
json="{\"date\": \"$(date -u +%F)\", \"kernel\": \"$(uname -r)\", \"workload_mib\": $mib, \"rounds\": $rounds, \"results\": {"
sep=
for m in echo pass1 pass5 nodrain; do
	b=$(median <<<"${before[$m]}"); a=$(median <<<"${after[$m]}"); s=$(median <<<"${secs[$m]}")
	g=$(for x in $(seq "$rounds"); do
		echo $(( $(cut -d' ' -f$x <<<"${after[$m]}") - $(cut -d' ' -f$x <<<"${before[$m]}") ))
	done | median)
	pb=$(median <<<"${pcpb[$m]}"); pa=$(median <<<"${pcpa[$m]}")
	case $m in echo) label="echo 1 > compact_memory" ;; pass1) label="compactctl compact" ;;
		pass5) label="compact --passes 5" ;; nodrain) label="compact --no-drain" ;; esac
	printf '%-30s %5s MiB %5s MiB %5s MiB %7.3fs %3s->%s\n' "$label" "$(mi "$b")" "$(mi "$a")" "$(mi "$g")" \
		"$(awk -v u="$s" 'BEGIN { print u / 1e6 }')" "$((pb / 256))" "$((pa / 256))"
	json+="$sep\"$m\": {\"before_bytes\": $b, \"after_bytes\": $a, \"gain_bytes\": $g, \"seconds\": $(awk -v u="$s" 'BEGIN { print u / 1e6 }'),"
	json+=" \"pcp_pages_before\": $pb, \"pcp_pages_after\": $pa,"
	json+=" \"before_all\": [${before[$m]// /, }], \"after_all\": [${after[$m]// /, }]}"
	sep=", "
done
# goal 4 (issue 14): compact's median gain >= 1.5x the trigger's
gain_of() { for x in $(seq "$rounds"); do
	echo $(( $(cut -d' ' -f$x <<<"${after[$1]}") - $(cut -d' ' -f$x <<<"${before[$1]}") ))
done | median; }
ge=$(gain_of echo)
for m in pass1 pass5 nodrain; do
	printf '%-34s %7s %s\n' "gain ratio, $m / echo" \
		"$(awk -v a="$(gain_of $m)" -v b="$ge" 'BEGIN { if (b > 0) printf "%.2f", a / b; else if (a > 0) print "inf"; else print "-" }')" \
		"(goal >= 1.50; echo gained $(mi "$ge") MiB; PCP_FRACTION=${PCP_FRACTION:-0})"
done
json=${json//, ]/]}
mkdir -p bench/results
echo "$json}}" | jq . > bench/results/compact-gain.json
grep -h '^Stopped\|^One pass' "$T"/out.* >&2 || true
