#!/bin/bash
# The allocation verdict (status --for hugetlb) against the live kernel
# (issue 13 §1): for a sequence of memory states made by tests/fragmenter
# (<= 1 GiB), the verdict for "hugetlb" at order 9 on node 0 against what
# growing the node's 2M pool by one page really does. The verdict says
# "available" exactly when the page is granted with neither compact_stall
# nor pgscan_direct moving; otherwise the kernel had to compact or reclaim,
# or failed. When available, the zone it names is the one whose pgalloc_*
# counter took the 512 pages. Prints the agreement table as TAP comments.
# Root; takes the shared live lock (/run/lock/dev-live.lock) unless an
# ancestor already holds it; restores the pool, the sysctls it changes and
# the memory on every path.
#
# Only the "available" side can be reached here. "Not available" for order 9
# needs every zone a hugetlb request may use to hold no free order-9 block;
# an ordinary page fault (GFP_HIGHUSER_MOVABLE, order 0) may use exactly the
# same zones, and a workload can only fragment the memory it allocated, so
# with a <= 1 GiB workload the rest of the machine would be left with less
# than 1 GiB of free memory in those zones (the lead's floor is 2 GiB).
# Taking Normal memory blocks offline and raising DMA32's lowmem_reserve_ratio
# does not change that arithmetic (lowmem_reserve protects DMA32 from page
# faults and hugetlb alike; its protection is at most the managed pages of
# the zones above, which the offlining shrinks). The "not available" causes
# are shown on the hand-worked trees instead (tests/alloc-fixtures.sh).
. "$TESTS_DIR/lib.sh"
: "${FRAGMENTER:?}"
need jq
[ "$(id -u)" = 0 ] || skip_all "needs root"
pool=/sys/devices/system/node/node0/hugepages/hugepages-2048kB
[ -w "$pool/nr_hugepages" ] || skip_all "no writable 2M hugetlb pool on node 0"
RATIO=/proc/sys/vm/lowmem_reserve_ratio
[ -w "$RATIO" ] || skip_all "no writable $RATIO"

live_lock

[ "$(cat "$pool/nr_hugepages")" = "$(cat "$pool/free_hugepages")" ] || skip_all "the node-0 2M pool is in use"
T=$(mktemp -d)
FRAG=
POOL_OLD=$(cat "$pool/nr_hugepages")
RATIO_OLD=$(cat "$RATIO")
cleanup() {
	[ -n "$FRAG" ] && kill "$FRAG" 2> /dev/null && wait "$FRAG" 2> /dev/null
	echo "$POOL_OLD" > "$pool/nr_hugepages"
	echo "$RATIO_OLD" > "$RATIO"
	rm -rf "$T"
}
at_exit cleanup
trap 'exit 1' INT TERM HUP

start_frag() { # start_frag MIB PERCENT SEED
	rm -f "$T/hold" "$T/frag"; mkfifo "$T/hold"
	# 9>&-: the workload never holds the live lock (live_lock's fd 9)
	"$FRAGMENTER" -m "$1" -f "$2" -s "$3" < "$T/hold" > "$T/frag" 9>&- &
	FRAG=$!
	exec 3> "$T/hold"
	for _ in $(seq 300); do grep -q ready "$T/frag" && return 0; sleep 0.1; done
	return 1
}
stop_frag() { [ -n "$FRAG" ] || return 0; exec 3>&-; wait "$FRAG"; FRAG=; }

KEYS="compact_stall pgscan_direct pgalloc_normal pgalloc_dma32 pgalloc_dma"
vmstat_keys() { awk -v keys=" $KEYS " 'index(keys, " " $1 " ") { printf "%s=%s ", $1, $2 }' /proc/vmstat; }
# delta KEY BEFORE AFTER: after - before for one key of vmstat_keys lines
delta() { echo $(( $(tr ' ' '\n' <<< "$3" | awk -F= -v k="$1" '$1 == k { print $2 }') - \
		   $(tr ' ' '\n' <<< "$2" | awk -F= -v k="$1" '$1 == k { print $2 }') )); }
field() { tr ' ' '\n' <<< "$1" | awk -F= -v k="$2" '$1 == k { print $2 }'; }

states=0 agreed=0 zones_checked=0 zones_agreed=0
TABLE=
# trial NAME: the verdict now, then the one-page grow and its vmstat deltas
trial() {
	local name=$1 line cause serve n0 n1 s0 s1 stall scan dn dd granted kernel agree zone_ok
	line=$(cc --json status --for hugetlb --order 9 --node 0 |
		jq -r '.nodes[0].verdict | "\(.cause) \(.serving_zone // "")"')
	read -r cause serve <<< "$line"
	n0=$(cat "$pool/nr_hugepages")
	s0=$(vmstat_keys)
	echo $((n0 + 1)) > "$pool/nr_hugepages" 2> /dev/null
	s1=$(vmstat_keys)
	n1=$(cat "$pool/nr_hugepages")
	echo "$n0" > "$pool/nr_hugepages"
	stall=$(delta compact_stall "$s0" "$s1")
	scan=$(delta pgscan_direct "$s0" "$s1")
	dn=$(delta pgalloc_normal "$s0" "$s1")
	dd=$(delta pgalloc_dma32 "$s0" "$s1")
	granted=$([ "$n1" = $((n0 + 1)) ] && echo 1 || echo 0)
	if [ "$granted" = 1 ] && [ "$stall" = 0 ] && [ "$scan" = 0 ]; then
		kernel=available
	elif [ "$granted" = 1 ]; then
		kernel="granted after compaction/reclaim (stall +$stall, scan +$scan)"
	else
		kernel="failed (stall +$stall, scan +$scan)"
	fi
	if [ "$cause" = available ] && [ "$kernel" = available ]; then agree=1
	elif [ "$cause" != available ] && [ "$kernel" != available ]; then agree=1
	else agree=0; fi
	states=$((states + 1)); agreed=$((agreed + agree))
	zone_ok=-
	if [ "$agree" = 1 ] && [ "$kernel" = available ]; then
		# 512 pages (1024 when the per-CPU list is refilled with 2 blocks)
		# from the named zone; other allocations only add to the counters
		case $serve in
		Normal) [ "$dn" -ge 512 ] && [ "$dd" -lt 512 ] && zone_ok=1 || zone_ok=0 ;;
		DMA32) [ "$dd" -ge 512 ] && zone_ok=1 || zone_ok=0 ;;
		*) zone_ok=0 ;;
		esac
		zones_checked=$((zones_checked + 1))
		[ "$zone_ok" = 1 ] && zones_agreed=$((zones_agreed + 1))
	fi
	TABLE+="# $(printf '%-34s %-17s %-7s %s' "$name" "$cause${serve:+/$serve}" "$([ "$agree" = 1 ] && echo agree || echo DIFFER)" "$kernel; pgalloc normal +$dn dma32 +$dd")"$'\n'
	check "$name: verdict $cause${serve:+ in $serve}, kernel $kernel" [ "$agree" = 1 ]
	[ "$zone_ok" = - ] || check "$name: the page came from $serve (pgalloc_normal +$dn, pgalloc_dma32 +$dd)" [ "$zone_ok" = 1 ]
}

trial "idle"
trial "idle, again (pcp may hold the page)"
for spec in "256 50 1" "768 75 2" "1024 90 3"; do
	set -- $spec
	if start_frag "$1" "$2" "$3"; then
		trial "fragmenter ${1}M, ${2}% freed"
		# DMA32 and DMA kept for lower-zone requests: lowmem_reserve_ratio
		# 1 for DMA32 makes its protection for Normal/Movable requests
		# managed(Normal) (KI §2.6)
		read -r r0 r1 rest <<< "$RATIO_OLD"
		echo "$r0 1 $rest" > "$RATIO"
		trial "fragmenter ${1}M, ${2}%, DMA32 ratio 1"
		echo "$RATIO_OLD" > "$RATIO"
	else
		fail "fragmenter ${1}M did not get ready"
	fi
	stop_frag
done
check "pool back at $POOL_OLD" [ "$(cat "$pool/nr_hugepages")" = "$POOL_OLD" ]
check "lowmem_reserve_ratio back at $RATIO_OLD" [ "$(cat "$RATIO")" = "$RATIO_OLD" ]
printf '# state                              verdict           result  kernel\n%s' "$TABLE"
echo "# agreement: $agreed of $states states; serving zone $zones_agreed of $zones_checked"
done_testing
