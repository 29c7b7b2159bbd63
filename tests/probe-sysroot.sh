#!/bin/bash
# compactctl probe against a fixture tree with hugetlb pools: what is written
# where, in which order, and that the pool is restored on every path (also
# when a SIGTERM interrupts a blocked write). In a tree, writes are appended
# to the attribute files and an attribute reads back as its last line.
. "$TESTS_DIR/lib.sh"
T=$(mktemp -d)
at_exit 'kill_jobs; rm -rf "$T"'
SRC=$FIX/local-x86_64-6.18-vm-settled
HP=sys/kernel/mm/hugepages
NODE=sys/devices/system/node/node0/hugepages/hugepages-2048kB

mktree() { # mktree [NR FREE RESV]: the fixture plus 2M and 1G pools
	rm -rf "$T/tree"
	cp -r "$SRC" "$T/tree"
	mkdir -p "$T/tree/$HP/hugepages-2048kB" "$T/tree/$HP/hugepages-1048576kB" "$T/tree/$NODE"
	for d in "$HP/hugepages-2048kB" "$HP/hugepages-1048576kB"; do
		echo "${1:-0}" > "$T/tree/$d/nr_hugepages"
		echo "${2:-0}" > "$T/tree/$d/free_hugepages"
		echo "${3:-0}" > "$T/tree/$d/resv_hugepages"
		echo 0 > "$T/tree/$d/surplus_hugepages"
	done
	echo "${1:-0}" > "$T/tree/$NODE/nr_hugepages"
}
written() { tr '\n' ' ' < "$T/tree/$1"; }

# Default target: free pages above each zone's high watermark, in 2M pages.
# By hand from the fixture: DMA 3840 - 18 = 3822; DMA32 772915 - 3963 =
# 768952; Normal 4374273 - 23704 = 4350569; sum 5123343 / 512 = 10006.
mktree
indep=$(awk 'NR == FNR { if ($1 == "Node") { f = 0; for (i = 5; i <= NF; i++) f += $i * 2 ^ (i - 5); free[$4] = f }; next }
	/^Node/ { z = $4 } $1 == "high" { h[z] = $2 }
	END { for (z in free) if (free[z] > h[z]) s += free[z] - h[z]; printf "%d\n", s / 512 }' \
	"$SRC/proc/buddyinfo" "$SRC/proc/zoneinfo")
check "independent awk count agrees with the hand count (10006)" [ "$indep" = 10006 ]
cc --sysroot "$T/tree" probe > "$T/out" 2> "$T/err"; rc=$?
check "default probe: exit 0" [ "$rc" = 0 -a ! -s "$T/err" ]
check "writes 10006 to node0's 2M nr_hugepages, then restores 0" [ "$(written $NODE/nr_hugepages)" = "0 10006 0 " ]
check "the global pool file is not written" [ "$(written $HP/hugepages-2048kB/nr_hugepages)" = "0 " ]
check "cover-letter line" grep -q '^  Final page count 10006 (attempted 10006): 20 GiB, 100.0%, in ' "$T/out"
check "says the pool was restored" grep -q '^  Pool restored to 0$' "$T/out"

# --percent 50 --step 25: managed 3840 + 772915 + 4620288 = 5397043 pages;
# 25%: 1349260 / 512 = 2635; 50%: 2698521 / 512 = 5270 (floor each time)
mktree
cc --sysroot "$T/tree" probe --percent 50 --step 25 > "$T/out" 2>&1; rc=$?
check "--percent 50 --step 25: writes 2635, 5270, then 0" [ "$rc" = 0 -a "$(written $NODE/nr_hugepages)" = "0 2635 5270 0 " ]
check "... one row per step" [ "$(grep -cE '^ +(25|50)% +(2635|5270) +(2635|5270) ' "$T/out")" = 2 ]
# the base of the percentages: 5397043 pages of 4 KiB = 20.6 GiB
check "... says what the percentages are of" grep -qx \
	"  %: of the node's managed memory, 21 GiB (5397043 pages)" "$T/out"
mktree
cc --sysroot "$T/tree" --json probe --percent 50 --step 25 > "$T/out.json" 2>&1
check "--json: the base, managed pages" jqt '.nodes[0] | .base == "managed" and .base_pages == 5397043' "$T/out.json"
check "--json: one document" json_one "$T/out.json"
check "--json: steps, final count, restored" jqt '.nodes[0] | (.steps | map(.requested)) == [2635, 5270] and .final_page_count == 5270 and .attempted == 5270 and .restored and .pool_before == 0 and .pool_after == 0' "$T/out.json"
check "--json: vmstat deltas per step (0 in a still tree)" jqt '.nodes[0].steps[0].vmstat_delta | .compact_stall == 0 and .pgmigrate_success == 0' "$T/out.json"
check "--json: not interrupted" jqt '.interrupted == false' "$T/out.json"

# a pool in use: refused, nothing written; --force probes above it and
# restores the original 10
mktree 10 4 2
expect "pool in use: refused" 1 "compactctl: $T/tree/$HP/hugepages-2048kB: 6 of 10 pages in use, 2 reserved, 0 surplus: applications use this pool; probing changes it under them (--force to probe anyway)" --sysroot "$T/tree" probe
check "... nothing written" [ "$(written $NODE/nr_hugepages)" = "10 " ]
cc --sysroot "$T/tree" probe --force > "$T/out" 2>&1; rc=$?
check "--force: 10 + 10006, then back to 10" [ "$rc" = 0 -a "$(written $NODE/nr_hugepages)" = "10 10016 10 " ]

# sizes
mktree
cc --sysroot "$T/tree" probe --size 1G --percent 10 > "$T/out" 2>&1; rc=$?
# 10% of 5397043 = 539704 pages / 262144 = 2; node0 has no 1G directory in
# this tree, and the kernel has one node: the global pool is used
check "--size 1G: the global 1G pool, 2 pages, restored" [ "$rc" = 0 -a "$(written $HP/hugepages-1048576kB/nr_hugepages)" = "0 2 0 " ]
expect "--size 3M: no such pool" 64 "compactctl: --size 3072K: this kernel has no hugetlb pool of that size (sizes: 1048576kB, 2048kB)" --sysroot "$T/tree" probe --size 3M
# issue 12, defect 6: a request of no page is a usage error, not a success
# (1% of 5397043 pages = 53970 pages < 262144, one 1G page)
mktree
expect "--size 1G --percent 1: less than one page, usage error" 64 \
	"compactctl: --percent 1: 1% of node 0's memory (211 MiB) is less than one 1G huge page" \
	--sysroot "$T/tree" probe --size 1G --percent 1
check "... nothing written" [ "$(written $HP/hugepages-1048576kB/nr_hugepages)" = "0 " ]
expect "--size 1G --percent 50 --step 1: a first step of no page, usage error" 64 \
	"compactctl: --step 1: 1% of node 0's memory (211 MiB) is less than one 1G huge page; use a larger --step" \
	--sysroot "$T/tree" probe --size 1G --percent 50 --step 1
expect "--size junk" 64 "compactctl: --size 'junk': expected a size such as 2M or 1G" --sysroot "$T/tree" probe --size junk
expect "--percent 0" 64 "compactctl probe: --percent '0': expected a percentage from 1 to 100" --sysroot "$T/tree" probe --percent 0
expect "--step without --percent" 64 "compactctl probe: --step needs --percent" --sysroot "$T/tree" probe --step 5
expect "--node 2" 64 "compactctl: --node 2: no such node (online nodes: 0)" --sysroot "$T/tree" probe --node 2

# --dry-run writes nothing
mktree
cc --sysroot "$T/tree" probe --dry-run --percent 50 --step 25 > "$T/out" 2>&1; rc=$?
check "--dry-run: exit 0" [ "$rc" = 0 ]
check "--dry-run: says the values" grep -q '^  2635 5270, then 0 (its size now)$' "$T/out"
check "--dry-run: nothing written" [ "$(written $NODE/nr_hugepages)" = "0 " ]
# issue 12, defect 2: --json --dry-run is one JSON document, nothing else
cc --sysroot "$T/tree" --json probe --dry-run --percent 50 --step 25 > "$T/out.json" 2> "$T/err"; rc=$?
check "--json --dry-run: exit 0" [ "$rc" = 0 ]
check "--json --dry-run: one JSON document on stdout" json_one "$T/out.json"
check "--json --dry-run: the envelope, the writes, allowed" \
	jqt '.command == "probe" and .compactctl_version and .dry_run and
		.nodes[0].would_write == [2635, 5270, 0] and .nodes[0].allowed' "$T/out.json"
check "--json --dry-run: still nothing written" [ "$(written $NODE/nr_hugepages)" = "0 " ]

# no hugetlb at all
mktree
rm -rf "$T/tree/$HP"
expect "no hugetlb sizes" 1 "compactctl: $T/tree/$HP: no hugetlb page sizes (kernel built without CONFIG_HUGETLBFS?)" --sysroot "$T/tree" probe

# without permission (root drops to nobody)
if [ "$(id -u)" = 0 ] && command -v setpriv > /dev/null; then
	mktree
	chmod -R a+rX "$T"
	setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
		"$COMPACTCTL" --sysroot "$T/tree" probe > "$T/out" 2> "$T/err"; rc=$?
	check "uid 65534: exit 1, precise message ($(cat "$T/err"))" \
		[ "$rc" = 1 -a "$(cat "$T/err")" = "compactctl: $T/tree/$NODE/nr_hugepages: writing needs root or CAP_DAC_OVERRIDE" ]
	check "... nothing written" [ "$(written $NODE/nr_hugepages)" = "0 " ]
else
	skip "uid 65534: needs root and setpriv"
fi

# Interrupted: nr_hugepages is a FIFO, so the probe's write blocks until
# someone reads; SIGTERM then interrupts it (EINTR). The feeder answers the
# reads in order: the pool size before (0), the read-back after the
# interrupted write (0), the restore's look at what the pool holds (0: what
# the probe left, so it restores), then takes the restore write and answers
# its read-back.
mktree
rm "$T/tree/$NODE/nr_hugepages"; mkfifo "$T/tree/$NODE/nr_hugepages"
( echo 0 > "$T/tree/$NODE/nr_hugepages" ) &
first=$!
(exec -a compactctl "$COMPACTCTL" --sysroot "$T/tree" --json probe > "$T/out.json" 2> "$T/err") &
pid=$!
# $pid is compactctl itself (the subshell execs it); wait until its write
# blocks in the open of the FIFO
# (after it has read the size before from the first feeder)
timeout 10 tail --pid=$first -f /dev/null
for i in $(seq 200); do
	[ "$(cat /proc/$pid/wchan 2>/dev/null)" = wait_for_partner ] && break
	sleep 0.05
done
kill -TERM $pid
feed "$T/tree/$NODE/nr_hugepages" $pid 0 0 "<$T/restored" 0 &
feeder=$!
timeout 10 tail --pid=$pid -f /dev/null
wait $pid; rc=$?
kill_tree $feeder
check "interrupted: dies of SIGTERM (143), status $rc" [ "$rc" = 143 ]
check "interrupted: the restore wrote the size before (0)" [ "$(cat "$T/restored" 2>/dev/null)" = 0 ]
check "interrupted: says so ($(cat "$T/err"))" grep -q 'interrupted by Terminated; every probed pool was restored' "$T/err"
check "interrupted: one whole JSON document" json_one "$T/out.json"
check "interrupted: JSON says interrupted, step interrupted, restored" jqt '.interrupted and .nodes[0].steps[0].interrupted and .nodes[0].restored' "$T/out.json"
done_testing
