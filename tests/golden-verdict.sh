#!/bin/bash
# The allocation verdict's numbers in every golden JSON (tests/expected),
# recomputed from the tree's own files, independently of compactctl: for
# each zone the verdict walked, at the low (P1) and min (P2) watermark,
#   mark = zoneinfo's low or min (boost included, as printed),
#   lowmem_reserve = zoneinfo protection[lowmem_reserve_index],
#   usable = zoneinfo "pages free" - (2^k - 1) - highatomic - cma,
#   needed = the (reduced) mark + lowmem_reserve,
# and the blocks of order >= k, S_k = sum over o >= k of n_o * 2^(o-k) from
# buddyinfo. (The HighAtomic and CMA terms are 0 in these trees for thp,
# which may take CMA; checked too.)
. "$(dirname "$0")/lib.sh"
need jq awk
EXP=$TESTS_DIR/expected
T=$(mktemp -d)
at_exit 'rm -rf "$T"'

# node zone free min low prot0 prot1 ... from a zoneinfo
zoneinfo() {
	awk '/^Node [0-9]+, zone/ { if (z) print z, f, mn, lw, p; n = $2; sub(",", "", n)
	                            z = n " " $4; f = mn = lw = "-"; p = ""; next }
	     $1 == "pages" && $2 == "free" { f = $3 }
	     $1 == "min" && NF == 2 { mn = $2 } $1 == "low" && NF == 2 { lw = $2 }
	     $1 == "protection:" { p = $0; gsub(/[^0-9 ]/, "", p); sub(/^ +/, "", p) }
	     END { if (z) print z, f, mn, lw, p }' "$1"
}
# node zone S_k from a buddyinfo
blocks() {
	awk -v k="$2" '{ n = $2; sub(",", "", n); s = 0
		for (o = k; o <= NF - 5; o++) s += $(o + 5) * 2 ^ (o - k)
		print n, $4, s }' "$1"
}

compare() { # compare CASE: every walked zone's numbers; prints what differs
	local case=$1 tree=$FIX/${1%%@*} j=$EXP/$1.json
	[ -f "$tree/proc/zoneinfo" ] && zoneinfo "$tree/proc/zoneinfo" > "$T/zi" || : > "$T/zi"
	jq -r '.nodes[].verdict | .order as $k | .lowmem_reserve_index as $hz | .zones[] |
		[$k, $hz, .node, .zone, .blocks,
		 (if .min then (.low | .mark, .reduced_mark, .lowmem_reserve, .highatomic, .cma,
		  .usable, .needed), (.min | .mark, .reduced_mark, .lowmem_reserve, .highatomic,
		  .cma, .usable, .needed) else empty end)] | @tsv' "$j" > "$T/v"
	k=$(jq '.order' "$j")
	[ -f "$tree/proc/buddyinfo" ] && blocks "$tree/proc/buddyinfo" "$k" > "$T/b" || : > "$T/b"
	awk 'FILENAME == ARGV[1] { zi[$1 " " $2] = $0; next }
	     FILENAME == ARGV[2] { b[$1 " " $2] = $3; next }
	     { k = $1; hz = $2; key = $3 " " $4
	       if (key in b && b[key] != $5) { print key, "blocks", $5, "!=", b[key]; bad = 1 }
	       if (NF < 19 || !(key in zi)) next
	       split(zi[key], z, " "); free = z[3]; mn = z[4]; lw = z[5]; prot = z[6 + hz]
	       for (p = 0; p < 2; p++) {
	         o = 6 + 7 * p; mark = p ? mn : lw
	         if ($o != mark) { print key, p ? "min" : "low", "mark", $o, "!=", mark; bad = 1 }
	         if ($(o + 2) != prot) { print key, "lowmem_reserve", $(o + 2), "!=", prot; bad = 1 }
	         if ($(o + 3) != 0 || $(o + 4) != 0) { print key, "highatomic/cma not 0"; bad = 1 }
	         u = free - (k > 0 ? 2 ^ k - 1 : 0) - $(o + 3) - $(o + 4)
	         if ($(o + 5) != u) { print key, "usable", $(o + 5), "!=", u; bad = 1 }
	         if ($(o + 6) != $(o + 1) + prot) { print key, "needed", $(o + 6); bad = 1 }
	       } }
	     END { exit bad }' "$T/zi" "$T/b" "$T/v"
}
n=0
for j in "$EXP"/*.json; do
	case=$(basename "$j" .json)
	check "$case: the verdict's numbers recomputed from the tree" compare "$case"
	n=$((n + 1))
done
check "every golden JSON looked at ($n)" [ "$n" -ge 27 ]
done_testing
