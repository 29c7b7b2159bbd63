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

find "$dst" -mindepth 1 -maxdepth 1 ! -name "hand-*" ! -name "sources-*" ! -name README.hand -exec rm -rf {} +
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
# Architectures stated in SOURCE.txt, as kernel.arch prints them (uname -m)
arch() { mkdir -p "$dst/$1/proc/sys/kernel"; echo "$2" > "$dst/$1/proc/sys/kernel/arch"; }
arch arm64-64k-1node-hisilicon-d03 aarch64
ls "$dst"
