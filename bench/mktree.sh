#!/bin/bash
# A synthetic --sysroot tree of N NUMA nodes (1..1024), 3 zones each (DMA,
# DMA32, Normal), for the scaling benchmark (bench/scale.sh) and the
# many-nodes test: the local 6.18 capture's node 0 copied N times
# (buddyinfo, pagetypeinfo and zoneinfo rows renumbered; per node its
# meminfo, hugetlb pool and compact trigger).
#   bench/mktree.sh N DIR        (DIR must not exist yet)
set -euo pipefail
N=${1:?number of nodes}
R=${2:?directory}
SRC=$(dirname "$0")/../tests/fixtures/local-x86_64-6.18-vm-settled
HP=sys/kernel/mm/hugepages/hugepages-2048kB
[ "$N" -ge 1 ] && [ "$N" -le 1024 ] || { echo "mktree: 1 to 1024 nodes" >&2; exit 64; }
[ ! -e "$R" ] || { echo "mktree: $R exists" >&2; exit 64; }

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
awk -v n="$N" '{ l[NR] = $0 } END {
	for (i = 0; i < n; i++)
		for (j = 1; j <= NR; j++) { s = l[j]; sub(/^Node 0, zone/, "Node " i ", zone", s); print s }
}' "$SRC/proc/zoneinfo" > "$R/proc/zoneinfo"
ND=$R/sys/devices/system/node
for i in $(seq 0 $((N - 1))); do echo "$ND/node$i/hugepages/hugepages-2048kB"; done | xargs mkdir -p
echo "0-$((N - 1))" > "$ND/online"
# per node: meminfo (node 0's, renumbered), an empty pool, the trigger
awk -v n="$N" -v nd="$ND" '{ l[NR] = $0 } END {
	for (i = 0; i < n; i++) {
		d = nd "/node" i
		for (j = 1; j <= NR; j++) { s = l[j]; sub(/^Node 0 /, "Node " i " ", s); print s > (d "/meminfo") }
		# the files of a pool on a node [per_node_hstate_attrs, mm/hugetlb.c]
		split("nr_hugepages free_hugepages surplus_hugepages", hp, " ")
		for (k = 1; k <= 3; k++) { f = d "/hugepages/hugepages-2048kB/" hp[k]; print 0 > f; close(f) }
		printf "" > (d "/compact")
		close(d "/meminfo"); close(d "/compact")
	}
}' "$SRC/sys/devices/system/node/node0/meminfo"
