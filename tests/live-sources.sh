#!/bin/bash
# The sources in status on the live kernel (root): zram0 is set up with a
# small disksize and some data, read back through --json status, compared
# with the kernel's own files read right after, and reset (also on failure);
# export and check see the same. The hugetlb pools, mTHP counters and zone
# sizes are compared the same way. Under the shared live lock.
. "$TESTS_DIR/lib.sh"
need jq
[ "$(id -u)" = 0 ] || skip_all "needs root"
z=/sys/block/zram0
[ -e "$z/initstate" ] || skip_all "no zram0 device"
live_lock
[ "$(cat "$z/initstate")" = 0 ] || skip_all "zram0 is in use"
T=$(mktemp -d)
at_exit 'echo 1 > "$z/reset"; rm -rf "$T"'

echo 16M > "$z/disksize"
head -c 2M /dev/urandom > "$T/rand"
yes "compactctl live-sources" | head -c 2M > "$T/text"
cat "$T/rand" "$T/text" | dd of=/dev/zram0 bs=4K oflag=direct status=none
cc --json status > "$T/doc" 2> "$T/err"; rc=$?
read -r -a mm < "$z/mm_stat"
jq .sources "$T/doc" > "$T/j"
check "--json status on the live system: exit 0 ($(head -c 160 "$T/err"))" [ "$rc" = 0 ]
check "one JSON document" json_one "$T/doc"
jv() { [ "$(jq -r "$1" "$T/j")" = "$2" ]; }
zj='.zram.devices[] | select(.device == "zram0")'
check "zram0 initialised" jv "$zj | .initialised" true
# 4 MiB written = 1024 pages: orig_data_size counts every stored page
check "orig_data_size = the kernel's (${mm[0]}) = 4 MiB" jv "$zj | .mm_stat.orig_data_size" \
	"${mm[0]}"
check "4 MiB stored" [ "${mm[0]}" = 4194304 ]
check "compr_data_size = the kernel's (${mm[1]})" jv "$zj | .mm_stat.compr_data_size" "${mm[1]}"
check "pages_compacted = the kernel's (${mm[6]})" jv "$zj | .mm_stat.pages_compacted" "${mm[6]}"
check "columns = the kernel's (${#mm[@]})" jv "$zj | .mm_stat | length" "${#mm[@]}"
if [ -r /sys/kernel/debug/zsmalloc/zram0/classes ]; then
	used=$(awk 'NR > 1 && $1 != "Total" { s += $(NF - 3) } END { print s }' \
		/sys/kernel/debug/zsmalloc/zram0/classes)
	check "zsmalloc pages_used = the classes file's sum ($used)" \
		jv "$zj | .zsmalloc.pages_used" "$used"
else
	check "no zsmalloc classes: said so, with a reason" jv "$zj | .zsmalloc.why | length > 0" true
fi

# hugetlb pools: every pool directory, as the kernel prints it now
pools_match() {
	local d size node
	for d in /sys/kernel/mm/hugepages/hugepages-*kB /sys/devices/system/node/node*/hugepages/hugepages-*kB; do
		[ -d "$d" ] || continue
		size=${d##*hugepages-}; size=$(( ${size%kB} * 1024 ))
		case $d in */node/node*) node=${d#*/node/node}; node=${node%%/*} ;; *) node=null ;; esac
		[ "$(jq -r ".hugetlb.pools[] | select(.node == $node and .page_size_bytes == $size) |
			.nr_hugepages" "$T/j")" = "$(cat "$d/nr_hugepages")" ] || return 1
	done
}
check "hugetlb pools: nr_hugepages of every pool = the kernel's" pools_match
# zones: present - managed from /proc/zoneinfo (static at this point)
un=$(awk '$1 == "present" { p += $2 } $1 == "managed" { m += $2 } END { print p - m }' /proc/zoneinfo)
unmanaged() { [ "$(jq '[.nodes[].zones[] | .unmanaged // 0] | add' "$T/doc")" = "$un" ]; }
check "unmanaged pages = present - managed of /proc/zoneinfo ($un)" unmanaged
# export and check read the same device
cc export > "$T/prom"
check "export: zram0's stored bytes (${mm[0]})" grep -qx \
	"compactctl_zram_orig_data_bytes{device=\"zram0\"} ${mm[0]}" "$T/prom"
check_ok() { cc check --max "unmanaged_pages=$((un + 1))" > /dev/null; }
check "check --max unmanaged_pages above it: OK" check_ok
if [ -r /proc/pressure/memory ]; then
	check "PSI read" jv '.pressure.state' read
fi
done_testing
