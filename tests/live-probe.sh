#!/bin/bash
# compactctl probe on the live kernel (root): a small probe (1% of memory)
# is granted pages, counted by the kernel's own htlb_buddy_alloc_success,
# and the pool is back at its size afterwards; also after SIGTERM.
. "$TESTS_DIR/lib.sh"
need_root
pool=/sys/kernel/mm/hugepages/hugepages-2048kB
[ -w "$pool/nr_hugepages" ] || skip_all "no writable 2M hugetlb pool"
before=$(cat "$pool/nr_hugepages")
[ "$before" = "$(cat "$pool/free_hugepages")" ] && [ "$(cat "$pool/resv_hugepages")" = 0 ] ||
	skip_all "the 2M pool is in use"
T=$(mktemp -d)
# whatever happens, the pool goes back to its size
at_exit 'echo "$before" > "$pool/nr_hugepages"; rm -rf "$T"'

vm() { awk -v k="$1" '$1 == k { print $2 }' /proc/vmstat; }
h0=$(vm htlb_buddy_alloc_success)
cc --json probe --percent 1 > "$T/out.json" 2> "$T/err"; rc=$?
h1=$(vm htlb_buddy_alloc_success)
check "probe --percent 1: exit 0 ($(head -c 200 "$T/err"))" [ "$rc" = 0 ]
check "one JSON document" json_one "$T/out.json"
got=$(jq '[.nodes[].final_page_count] | add' "$T/out.json")
att=$(jq '[.nodes[].attempted] | add' "$T/out.json")
check "granted pages > 0 and <= attempted ($got of $att)" [ "$got" -gt 0 -a "$got" -le "$att" ]
check "attempted = 1% of managed memory in 2M pages" \
	[ "$att" = "$(awk '$1 == "managed" { s += $2 } END { printf "%d\n", int(s / 100) / 512 }' /proc/zoneinfo)" -o "$(jq '.nodes | length' "$T/out.json")" -gt 1 ]
check "the kernel counted at least as many buddy allocations for hugetlb ($((h1 - h0)) >= $got)" \
	[ "$((h1 - h0))" -ge "$got" ]
check "the step's vmstat delta saw them too" jqt '[.nodes[].steps[].vmstat_delta.htlb_buddy_alloc_success] | add > 0' "$T/out.json"
check "pool restored to $before" [ "$(cat "$pool/nr_hugepages")" = "$before" ]
check "JSON says restored" jqt 'all(.nodes[]; .restored and .pool_after == .pool_before)' "$T/out.json"

# SIGTERM while probing 10% in 1% steps: the pool is still restored
(exec -a compactctl "$COMPACTCTL" probe --percent 10 --step 1 > "$T/out" 2> "$T/err") &
pid=$!
sleep 0.05
kill -TERM "$pid" 2>/dev/null
wait "$pid"; rc=$?
check "SIGTERM: exit 143, or it had finished (0): $rc" [ "$rc" = 143 -o "$rc" = 0 ]
check "SIGTERM: pool restored to $before" [ "$(cat "$pool/nr_hugepages")" = "$before" ]
if [ "$rc" = 143 ] && [ -s "$T/err" ]; then
	check "SIGTERM: says every pool was restored" grep -q 'every probed pool was restored' "$T/err"
elif [ "$rc" = 143 ]; then
	echo "# SIGTERM came before compactctl caught signals (slow start, e.g. valgrind): nothing was changed"
fi
done_testing
