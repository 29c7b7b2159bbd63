#!/bin/bash
# Build the sysroot trees under tests/fixtures/ from ../shared/fixtures/.
# Each capture becomes DIR/proc/..., DIR/sys/devices/system/node/nodeN/...,
# DIR/sys/kernel/debug/extfrag/...; files with a snapshot suffix (.1, .before-x)
# become trees of their own (CASE.1, CASE.before-x). Re-run after the shared
# fixtures change; the trees are committed so the suite needs no shared/.
set -euo pipefail
src=${1:-"$(dirname "$0")/../../shared/fixtures"}
dst=${2:-"$(dirname "$0")/../tests/fixtures"}

place() { # place CASEDIR FILE-BASENAME SOURCE-PATH
	local tree=$1 base=$2 from=$3 to
	case $base in
	buddyinfo|pagetypeinfo|zoneinfo|vmstat) to=proc/$base ;;
	vmstat-excerpt) to=proc/vmstat ;;
	node[0-9]*-meminfo) to=sys/devices/system/node/${base%-meminfo}/meminfo ;;
	node[0-9]*-vmstat) to=sys/devices/system/node/${base%-vmstat}/vmstat ;;
	unusable_index|extfrag_index) to=sys/kernel/debug/extfrag/$base ;;
	*) echo "mk-fixtures: don't know where $base goes" >&2; exit 1 ;;
	esac
	mkdir -p "$tree/$(dirname "$to")"
	cp "$from" "$tree/$to"
}

# hand-made trees, the sources' trees, and sosreport trees (already in their
# final layout) stay
find "$dst" -mindepth 1 -maxdepth 1 ! -name "hand-*" ! -name "sources-*" ! -name "sos-*" ! -name README.hand -exec rm -rf {} +
mkdir -p "$dst"
for case in "$src"/*/; do
	name=$(basename "$case")
	for f in "$case"*; do
		b=$(basename "$f")
		[ "$b" = SOURCE.txt ] && continue
		base=${b%%.*}
		suffix=${b#"$base"}
		tree=$dst/$name$suffix
		place "$tree" "$base" "$f"
		cp "$case/SOURCE.txt" "$tree/SOURCE.txt"
	done
done
# Kernel releases stated exactly in SOURCE.txt (uname -r of the captured kernel)
rel() { mkdir -p "$dst/$1/proc/sys/kernel"; echo "$2" > "$dst/$1/proc/sys/kernel/osrelease"; }
rel local-x86_64-6.18-vm-settled 6.18.44-fc-v669
rel arm64-6.1-qemu-virt-numa2-dma-normal-split 6.1.0-50-arm64
rel ppc64le-6.1-qemu-pseries-radix-numa2 6.1.0-50-powerpc64le
# Architectures stated in SOURCE.txt, as kernel.arch prints them (uname -m);
# with the order count they give the page size (src/arch.c). Not for the
# trees whose SOURCE.txt only guesses (movable-zone-..., numa2-x86_64-
# lowmem-on-node1, pcp-numa4-vm-..., pcp-qa-13order-...): their sizes are
# shown in pages.
arch() { local t; for t in "$dst/$1" "$dst/$1".*; do [ -d "$t" ] || continue
	mkdir -p "$t/proc/sys/kernel"; echo "$2" > "$t/proc/sys/kernel/arch"; done; }
arch arm64-64k-1node-hisilicon-d03 aarch64
arch android-arm64-3.10-dumpstate-trimmed aarch64
arch arm64-qemu-numa2-dma-only-6.x aarch64
arch arm32-4.14-highmem-cma-order12 arm
arch x86_32-highmem-2.6.25-rc8-mm1 i686
for t in beats-x86_64-cma-highatomic kernel-doc-x86_64-2.6-reserve node_exporter-numa2-node-meminfo \
	node_exporter-x86_64-4.x-vmstat node_exporter-x86_64-5.8-zoneinfo node_exporter-x86_64-buddyinfo \
	numa2-x86_64-3.10-7digit-pagetypeinfo-plantegg numa2-x86_64-3.10-fb \
	numa2-x86_64-3.x-reserve-cma-notes numa4-x86_64-3TB-7digit-leo numa8-x86_64-hygon-plantegg \
	pcp-numa2-x86_64-3.10-xeon pcp-numa2-x86_64-5.9-5.14-empty-zones \
	pcp-numa2-x86_64-5.x-node-meminfo pcp-x86_64-3.13-4.7-1node pcp-x86_64-4.8-zoneinfo-nopopulated \
	procfs-x86_64-5.0-zoneinfo x86_64-5.15-extfrag-format-change; do
	arch "$t" x86_64
done
ls "$dst"
