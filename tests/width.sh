#!/bin/bash
# Text fits 80 columns (issue 12, defect 8), in every command's text view:
# status on every fixture (and with proactive compaction due), compact's
# passes, legend and vmstat deltas, probe's table, diff, watch frames. Run
# from inside a scratch directory with a short --sysroot, so a line that
# names a file is not long for the path's sake alone.
. "$TESTS_DIR/lib.sh"
T=$(mktemp -d)
at_exit 'rm -rf "$T"'
cd "$T" || exit 1
fits() { [ "$(LC_ALL=C.UTF-8 wc -L < "$1")" -le 80 ]; }
widest() { LC_ALL=C.UTF-8 wc -L < "$1"; }
each() { # each DESC ARGS...: compactctl ARGS (UTF-8, as a terminal would be) within 80 columns
	local d=$1; shift
	LC_ALL=C.UTF-8 "$COMPACTCTL" "$@" > out 2> /dev/null
	check "$d within 80 columns (widest $(widest out))" fits out
}
for d in "$FIX"/*/; do
	rm -rf t; cp -r "$d" t
	each "status: $(basename "$d")" --sysroot t status
	each "watch --batch: $(basename "$d")" --sysroot t watch --batch -n 1
done
# proactive compaction due: proactiveness 100 puts kcompactd's high mark at
# 15 (100 - 100, at least 5, + 10), below this node's score of 65
rm -rf t; cp -r "$FIX/hand-worked-2.7" t
mkdir -p t/proc/sys/vm; echo 100 > t/proc/sys/vm/compaction_proactiveness
LC_ALL=C.UTF-8 "$COMPACTCTL" --sysroot t status > out
check "status with proactive compaction due says so" grep -q 'proactive compaction is due' out
check "... within 80 columns (widest $(widest out))" fits out
# compact: a tree with the triggers, several passes, its vmstat deltas
rm -rf t; cp -r "$FIX/arm64-6.1-qemu-virt-numa2-dma-normal-split" t
mkdir -p t/proc/sys/vm; : > t/proc/sys/vm/compact_memory
for nd in t/sys/devices/system/node/node*; do : > "$nd/compact"; done
each "compact" --sysroot t compact --passes 3
check "... with its legend" grep -q 'migrated and failed pages are system-wide' out
check "... and the vmstat deltas" grep -q '^vmstat deltas' out
each "compact --node 0,1" --sysroot t compact --node 0,1
each "compact --dry-run" --sysroot t compact --dry-run
each "compact --no-drain" --sysroot t compact --no-drain
# probe: a tree with pools, steps
rm -rf t; cp -r "$FIX/local-x86_64-6.18-vm-settled" t
HP=t/sys/kernel/mm/hugepages/hugepages-2048kB
mkdir -p "$HP" t/sys/devices/system/node/node0/hugepages/hugepages-2048kB
for f in nr_hugepages free_hugepages resv_hugepages surplus_hugepages; do echo 0 > "$HP/$f"; done
echo 0 > t/sys/devices/system/node/node0/hugepages/hugepages-2048kB/nr_hugepages
each "probe --percent 80 --step 20" --sysroot t probe --percent 80 --step 20
check "... with its table" grep -q 'requested  obtained' out
each "probe --dry-run" --sysroot t probe --dry-run --percent 80 --step 20
# diff: the cover letter's captures, and two snapshots
cp "$TESTS_DIR/data/cover-letter-before-buddyinfo.txt" b; cp "$TESTS_DIR/data/cover-letter-after-buddyinfo.txt" a
each "diff of the cover letter" diff b a
"$COMPACTCTL" --sysroot "$FIX/numa8-x86_64-hygon-plantegg" snapshot > s1
each "diff of two snapshots" diff s1 s1
# UTF-8 blocks in the bars when the environment names a UTF-8 codeset:
# LC_ALL, else LC_CTYPE, else LANG, the first that is set and not empty
# (read as setlocale would, without loading the locale); '#' otherwise
bars() { # bars WANT VAR=VALUE...: status draws its bars in UTF-8 (1) or ASCII (0)
	local want=$1 got; shift
	got=$(env -u LC_ALL -u LC_CTYPE -u LANG "$@" "$COMPACTCTL" --sysroot "$FIX/hand-worked-2.7" status |
		grep -c $'\xe2\x96\x88')
	[ $((got > 0)) = "$want" ]
}
check "LANG=C.UTF-8: UTF-8 bars" bars 1 LANG=C.UTF-8
check "LANG=en_US.utf8@euro: UTF-8 bars" bars 1 LANG=en_US.utf8@euro
check "LANG=C: ASCII bars" bars 0 LANG=C
check "no locale variable: ASCII bars" bars 0
check "LC_ALL=C wins over LANG=C.UTF-8" bars 0 LC_ALL=C LANG=C.UTF-8
check "LC_CTYPE=C.UTF-8 wins over LANG=C" bars 1 LC_CTYPE=C.UTF-8 LANG=C
check "an empty LC_ALL is not set: LANG=C.UTF-8 decides" bars 1 LC_ALL= LANG=C.UTF-8
check "LANG=en_US.UTF-16: ASCII bars" bars 0 LANG=en_US.UTF-16
done_testing
