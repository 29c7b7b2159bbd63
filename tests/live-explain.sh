#!/bin/bash
# compactctl explain on a real report of this kernel (root). The trigger:
# an uninitialised zram device asked for a 1 PiB disk vzalloc()s a table of
# one entry per 4 KiB page, far above totalram_pages(), so
# __vmalloc_node_range() calls warn_alloc("vmalloc error: size %lu, exceeds
# total pages") [mm/vmalloc.c v6.18], which prints the header, the stack
# and Mem-Info; the write fails with ENOMEM and nothing is allocated. The
# device is reset (or removed, if this test added it) whatever happens.
# Like every live test it must run under the machine lock
# (flock /run/lock/dev-live.lock).
. "$TESTS_DIR/lib.sh"
[ "$(id -u)" = 0 ] || skip_all "needs root"
T=$(mktemp -d)
added=""
cleanup() {
	kill $(jobs -p) 2>/dev/null
	[ -n "${dev:-}" ] && echo 1 > /sys/block/$dev/reset 2>/dev/null
	[ -n "$added" ] && echo "$added" > /sys/class/zram-control/hot_remove 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
dev=""
for d in /sys/block/zram*; do
	[ -e "$d/initstate" ] && [ "$(cat "$d/initstate")" = 0 ] && { dev=${d##*/}; break; }
done
if [ -z "$dev" ] && [ -r /sys/class/zram-control/hot_add ]; then
	added=$(cat /sys/class/zram-control/hot_add) && dev=zram$added
fi
[ -n "$dev" ] || skip_all "no uninitialised zram device (CONFIG_ZRAM)"

# --follow sees the report as it is printed; the writer's pid names it
cc --json explain --follow > $T/follow.json 2> $T/follow.err &
fpid=$!
for i in $(seq 200); do	# until it has /dev/kmsg open (slow under valgrind)
	ls -l /proc/$fpid/fd 2>/dev/null | grep -q /dev/kmsg && break
	sleep 0.1
done
sleep 0.5
( echo $BASHPID > $T/pid; exec /bin/echo 1P > /sys/block/$dev/disksize ) 2> $T/write.err
wrote=$?
pid=$(cat $T/pid)
check "the 1 PiB disksize is refused (ENOMEM: $(cat $T/write.err))" [ "$wrote" != 0 ]
for i in $(seq 100); do
	grep -q "\"pid\":$pid," $T/follow.json 2>/dev/null && break
	sleep 0.2
done
kill $fpid 2>/dev/null; wait $fpid 2>/dev/null
ours='.reports[] | select(.pid == $p)'
found() { jq -e --argjson p "$pid" -s "[.[] | $ours] | length == 1" $T/follow.json > /dev/null; }
if ! found && grep -q "callbacks suppressed" <(dmesg 2>/dev/null | tail -5); then
	skip_all "the kernel rate-limited the report (another allocation warning within 10 s)"
fi
check "--follow explained the new report (pid $pid)" found

# the same report read back from the kernel log
cc --json explain > $T/all.json 2> $T/err
check "explain reads /dev/kmsg: exit 0" [ $? = 0 ]
one() { jq -e --argjson p "$pid" "[$ours] | length == 1" $T/all.json > /dev/null; }
check "explain finds the report in the kernel log" one
got() { jq -r --argjson p "$pid" "$ours | $1" $T/all.json; }
check "kind vmalloc, task echo" [ "$(got '[.kind, .task] | @tsv')" = $'vmalloc\techo' ]
check "the kernel is this one ($(uname -r))" [ "$(got .kernel)" = "$(uname -r)" ]
check "GFP_KERNEL|__GFP_ZERO (vzalloc), layout of $(got .gfp_layout), not assumed" \
	[ "$(got '[(.gfp_flags | join("|")), .gfp_layout_assumed] | @tsv')" = $'GFP_KERNEL|__GFP_ZERO\tfalse' ]
# the table has one entry per page of the disk: a multiple of 2^50 / 4096
table() { local s; s=$(got .size_bytes); [ $((s % (1 << 38))) = 0 ] && [ "$s" -gt 0 ]; }
check "size: whole table entries for 2^38 pages ($(got .size_bytes) bytes)" table
check "caller disksize_store" [ "$(got .caller)" = disksize_store ]
check "not a memory shortage: request_too_large, cause unknown" \
	[ "$(got '[.memory_state, .cause] | @tsv')" = $'request_too_large\tunknown' ]
zones_like_buddyinfo() { # the zones the report printed are the kernel's
	[ "$(got '[.zones[].zone] | sort | join(" ")')" = \
	  "$(awk '{ print $4 }' /proc/buddyinfo | sort | tr '\n' ' ' | sed 's/ $//')" ]
}
check "the report's zones are /proc/buddyinfo's" zones_like_buddyinfo
nothing_missing() { [ "$(got '.missing | length')" = 0 ]; }
check "a complete report: nothing missing" nothing_missing
check "text: the report is explained" grep -q "vmalloc failure" <(cc explain)
check "$dev is back uninitialised" [ "$(cat /sys/block/$dev/initstate)" = 0 ]

# without CAP_SYSLOG while kernel.dmesg_restrict=1: said, exit 1
if [ "$(cat /proc/sys/kernel/dmesg_restrict)" = 1 ] && command -v setpriv > /dev/null; then
	setpriv --reuid=65534 --regid=65534 --clear-groups "$COMPACTCTL" explain > $T/out 2> $T/err
	rc=$?
	says() { [ $rc = 1 ] && [ ! -s $T/out ] && grep -q "needs CAP_SYSLOG" $T/err; }
	check "an unprivileged user is told what is missing" says
else
	echo "# kernel.dmesg_restrict is 0 or setpriv missing: unprivileged read not checked"
fi
done_testing
