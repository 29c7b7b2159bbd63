#!/bin/bash
# many-nodes.sh N: every command against a tree of N NUMA nodes (issue 12,
# defect 1: check overflowed a stack buffer from 64 nodes on). The tree is
# the local 6.18 capture's node 0 copied N times (buddyinfo, zoneinfo and
# pagetypeinfo rows renumbered; node files, hugetlb pools and triggers per
# node). Each command must exit as expected, write whole output (one JSON
# document where JSON), and keep text within 80 columns.
. "$TESTS_DIR/lib.sh"
N=${1:?number of nodes}
T=$(mktemp -d)
at_exit 'rm -rf "$T"'
SRC=$FIX/local-x86_64-6.18-vm-settled
R=$T/tree
HP=sys/kernel/mm/hugepages/hugepages-2048kB

mkdir -p "$R/proc/sys/kernel" "$R/proc/sys/vm" "$R/$HP"
cp "$SRC/proc/vmstat" "$R/proc/"
cp "$SRC/proc/sys/kernel/osrelease" "$R/proc/sys/kernel/"
: > "$R/proc/sys/vm/compact_memory"
for f in nr_hugepages free_hugepages resv_hugepages surplus_hugepages; do echo 0 > "$R/$HP/$f"; done
renumber() { # renumber FILE: every line of node 0 once per node, in order
	awk -v n="$N" '
		/^Node +0,/ { for (i = 0; i < n; i++) { l = $0; sub(/^Node +0,/, sprintf("Node %4d,", i), l); print l }; next }
		{ print }' "$1"
}
renumber "$SRC/proc/buddyinfo" > "$R/proc/buddyinfo"
renumber "$SRC/proc/pagetypeinfo" > "$R/proc/pagetypeinfo"
# zoneinfo: node 0's whole text (its zones and per-node stats), per node
for i in $(seq 0 $((N - 1))); do sed "s/^Node 0, zone/Node $i, zone/" "$SRC/proc/zoneinfo"; done > "$R/proc/zoneinfo"
mkdir -p "$R/sys/devices/system/node"
echo "0-$((N - 1))" > "$R/sys/devices/system/node/online"
for i in $(seq 0 $((N - 1))); do
	d=$R/sys/devices/system/node/node$i
	mkdir -p "$d/hugepages/hugepages-2048kB"
	sed "s/^Node 0 /Node $i /" "$SRC/sys/devices/system/node/node0/meminfo" > "$d/meminfo"
	echo 0 > "$d/hugepages/hugepages-2048kB/nr_hugepages"
	: > "$d/compact"
done
check "the tree has $N nodes (buddyinfo)" [ "$(grep -c '^Node' "$R/proc/buddyinfo")" = $((N * 3)) ]
check "... and lists them online" [ "$(cat "$R/sys/devices/system/node/online")" = "0-$((N - 1))" ]

width_ok() { # every line of FILE within 80 columns, but for lines naming the tree
	[ "$(grep -v "$R" "$1" | LC_ALL=C.UTF-8 wc -L)" -le 80 ]
}
run() { # run WANT-STATUS FORMAT DESC ARGS...: compactctl ARGS
	local want=$1 fmt=$2 d=$3 rc; shift 3
	cc --sysroot "$R" "$@" > "$T/out" 2> "$T/err"
	rc=$?
	check "$d: exit $want (status $rc, stderr: $(head -c 200 "$T/err"))" [ "$rc" = "$want" ]
	case $fmt in
	json) check "$d: one JSON document" json_one "$T/out" ;;
	text) check "$d: text within 80 columns" width_ok "$T/out" ;;
	lines) check "$d: one JSON document per line" bash -c "jq -c . '$T/out' | wc -l | grep -qx \"\$(wc -l < '$T/out')\"" ;;
	esac
}
run 0 text "status" status
run 0 json "--json status" --json status
run 0 text "status --node 1-2" status --node 1-2
run 0 none "export" export
check "export: a node score per node" [ "$(grep -c '^compactctl_node_fragmentation_score' "$T/out")" = "$N" ]
# check prints one line, whatever its length: the plugin convention
run 0 none "check" check --min-free 1M --max-score 90
check "check: every node in the line" grep -q "node$((N - 1))_free=" "$T/out"
run 0 json "--json check" --json check --min-free 1M --max-score 90
check "--json check: every node" [ "$(jq '.nodes | length' "$T/out")" = "$N" ]
run 1 none "check with every node short: WARNING" check --min-free 1T
run 0 json "snapshot" snapshot
cp "$T/out" "$T/snap.json"
cc diff "$T/snap.json" "$T/snap.json" > "$T/out" 2> "$T/err"
check "diff of the snapshot with itself: exit 0" [ $? = 0 ]
check "... within 80 columns" width_ok "$T/out"
run 0 text "watch --batch" watch --batch -n 1
run 0 lines "--json watch --batch" --json watch --batch -n 1
run 0 text "compact --dry-run" compact --dry-run --node 0-$((N - 1))
check "--dry-run: nothing written" empty "$R/sys/devices/system/node/node$((N - 1))/compact"
run 0 text "compact --node all" compact --node 0-$((N - 1))
check "compact: node $((N - 1)) written once" [ "$(cat "$R/sys/devices/system/node/node$((N - 1))/compact")" = 1 ]
run 0 json "--json compact" --json compact
run 0 text "probe --dry-run" probe --dry-run --percent 1
run 0 text "probe" probe --percent 1
check "probe: node $((N - 1))'s pool restored" \
	[ "$(tail -1 "$R/sys/devices/system/node/node$((N - 1))/hugepages/hugepages-2048kB/nr_hugepages")" = 0 ]
run 0 json "--json probe --dry-run" --json probe --dry-run --percent 1
done_testing
