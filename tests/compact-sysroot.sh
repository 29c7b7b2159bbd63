#!/bin/bash
# compact against fixture trees: what is written where (the tree's files
# record every write: the sysroot layer opens them O_APPEND), and every
# error path, with the exact message and exit status.
. "$TESTS_DIR/lib.sh"
T=$(mktemp -d)
chmod 755 "$T"
MNT=
cleanup() {
	[ -n "$MNT" ] && umount "$MNT" 2>/dev/null && rmdir "$MNT" 2>/dev/null
	rm -rf "$T"
}
at_exit cleanup

# tree NAME SRC: a writable copy of a fixture with the kernel's trigger files
tree() {
	rm -rf "${T:?}/$1"
	cp -r "$FIX/$2" "$T/$1"
	mkdir -p "$T/$1/proc/sys/vm"
	: > "$T/$1/proc/sys/vm/compact_memory"
	for nd in "$T/$1"/sys/devices/system/node/node*; do : > "$nd/compact"; done
	chmod -R a+rX "$T/$1"
	find "$T/$1" -name compact -o -name compact_memory | xargs chmod 0200
}
content() { tr '\n' '|' < "$1"; }	# "1\n1\n" -> "1|1|"

tree a arm64-6.1-qemu-virt-numa2-dma-normal-split
A=$T/a
N0=$A/sys/devices/system/node/node0/compact
N1=$A/sys/devices/system/node/node1/compact
CM=$A/proc/sys/vm/compact_memory

cc --sysroot "$A" compact > "$T/out" 2> "$T/err"
check "system: exit 0" [ $? = 0 ]
check "system: '1\\n' written to compact_memory once" [ "$(content "$CM")" = "1|" ]
check "system: node files untouched" empty "$N0" "$N1"
check "system: report names the file" grep -q "^Compacted the whole system ($CM)" "$T/out"
check "system: no trace under a sysroot, said so" grep -q "^Per-zone outcome: not available (not traced under --sysroot)\.$" "$T/out"

tree a arm64-6.1-qemu-virt-numa2-dma-normal-split
cc --sysroot "$A" compact --node 1 > "$T/out" 2>&1
only_n1() { [ "$(content "$N1")" = "1|" ] && empty "$N0" "$CM"; }
check "--node 1: only node1/compact written" only_n1
check "--node 1: report names node1's file" grep -q "^Compacted $N1\$" "$T/out"

tree a arm64-6.1-qemu-virt-numa2-dma-normal-split
cc --sysroot "$A" compact --node 0-1 --passes 5 > "$T/out" 2>&1
one_each() { [ "$(content "$N0")" = "1|" ] && [ "$(content "$N1")" = "1|" ] && empty "$CM"; }
check "--node 0-1 --passes 5 on a still tree: one write each" one_each
check "... and it stops for lack of gain" grep -q "Stopped after pass 1: it gained less than one pageblock (2M)" "$T/out"

# passes that gain: buddyinfo is a FIFO fed per snapshot. Before: the
# capture; after pass 1: node 1 Normal order 9 0 -> 3 blocks (+3 x 2M =
# +6 MiB, gain 1536 pages >= one pageblock, so a second pass); after pass
# 2: unchanged (gain 0 < 512 pages: stop for lack of gain).
tree g arm64-6.1-qemu-virt-numa2-dma-normal-split
G=$T/g
cp "$G/proc/buddyinfo" "$T/bud0"
sed '2s/      1      0    746 $/      1      3    746 /' "$T/bud0" > "$T/bud1"
rm "$G/proc/buddyinfo"; mkfifo "$G/proc/buddyinfo"
cc --sysroot "$G" --json compact --node 1 --passes 3 > "$T/gain.json" 2> "$T/err" &
pid=$!
feed "$G/proc/buddyinfo" $pid "$(cat "$T/bud0")" "$(cat "$T/bud1")" "$(cat "$T/bud1")"
wait $pid
check "passes that gain: exit 0 ($(head -c 200 "$T/err"))" [ $? = 0 ]
check "... pass 1 gained 1536 pages (3 x 512), pass 2 nothing" \
	jqt '[.passes[].free_pages_at_gain_order.gain] == [1536, 0]' "$T/gain.json"
check "... before and after of pass 1 (node 1: 746 x 1024 + 0 -> + 3 x 512)" \
	jqt '.passes[0].free_pages_at_gain_order == {before: 763904, after: 765440, gain: 1536}' "$T/gain.json"
check "... stopped for lack of gain after pass 2" jqt '.stop_reason == "no_gain" and (.passes | length) == 2' "$T/gain.json"
check "... two writes to node1/compact" [ "$(content "$G/sys/devices/system/node/node1/compact")" = "1|1|" ]

tree a arm64-6.1-qemu-virt-numa2-dma-normal-split
cc --sysroot "$A" compact --node 0,1 --dry-run > "$T/out" 2>&1
check "--dry-run: exit 0" [ $? = 0 ]
check "--dry-run: nothing written" empty "$N0" "$N1" "$CM"
check "--dry-run: says where it would write" [ "$(grep -c '^would write "1" to .*/compact (allowed)$' "$T/out")" = 2 ]

cc --sysroot "$A" --json compact --node 1 > "$T/json" 2> "$T/err"
check "--json: one valid document" json_one "$T/json"
check "--json: the envelope" jqt '.compactctl_version and .command == "compact" and .kernel == "6.1.0-50-arm64"' "$T/json"
check "--json: target file, scope, stop reason, one pass" \
	jqt --arg f "$N1" '.target.files == [$f] and .target.scope == "nodes" and .target.nodes == [1]
		and .stop_reason == "single_pass" and (.passes | length) == 1' "$T/json"
check "--json: trace unavailable with its reason" \
	jqt '.passes[0].trace == {available: false, reason: "not traced under --sysroot"}' "$T/json"
check "--json: vmstat deltas keyed by kernel names, zero on a still tree" \
	jqt '.vmstat_delta.compact_migrate_scanned == 0 and .vmstat_delta.pgmigrate_success == 0
		and ([.vmstat_delta[]] | all(. == 0))' "$T/json"
check "--json: before/after per zone of node 1 only" \
	jqt '[.nodes[].node] == [1] and .nodes[0].zones[0].name == "Normal"
		and (.nodes[0].zones[0].free_blocks.delta | all(. == 0))' "$T/json"

# ---- errors: one line on stderr, nothing on stdout, documented status ----

tree a arm64-6.1-qemu-virt-numa2-dma-normal-split
expect "--node 5: no such node" 64 "compactctl: --node 5: no such node (online nodes: 0,1)" \
	--sysroot "$A" compact --node 5
for bad in abc ../../etc 1/../0 -1 0x1 "" 2048; do
	expect "--node '$bad': usage error" 64 \
		"compactctl: --node '$bad': expected a node number, list (0,2) or range (0-3)" \
		--sysroot "$A" compact --node "$bad"
done
check "... and nothing was written" empty "$N0" "$N1" "$CM"
expect "--passes 0" 64 "compactctl compact: --passes '0': expected a number from 1 to 100" \
	--sysroot "$A" compact --passes 0
expect "--until-score 101" 64 "compactctl compact: --until-score '101': expected a number from 0 to 100" \
	--sysroot "$A" compact --until-score 101

rm "$N1"
expect "node file missing, compact_memory present: no NUMA" 1 \
	"compactctl: $N1: not present: this kernel has no per-node compaction (CONFIG_NUMA off); run 'compactctl compact' without --node" \
	--sysroot "$A" compact --node 1
rm "$CM"
expect "compact_memory missing: no CONFIG_COMPACTION" 1 \
	"compactctl: $CM: not present: the kernel was built without CONFIG_COMPACTION" \
	--sysroot "$A" compact
check "... node 0 untouched by the failed runs" [ ! -s "$N0" ]

# memoryless node: listed online, no zone
tree m arm64-6.1-qemu-virt-numa2-dma-normal-split
mkdir -p "$T/m/sys/devices/system/node/node2" && : > "$T/m/sys/devices/system/node/node2/compact"
echo 0-2 > "$T/m/sys/devices/system/node/online"
expect "memoryless node" 64 "compactctl: --node 2: the node has no memory to compact" \
	--sysroot "$T/m" compact --node 2

# --until-score already met: nothing written
tree a arm64-6.1-qemu-virt-numa2-dma-normal-split
cc --sysroot "$A" compact --until-score 50 > "$T/out" 2>&1
check "--until-score met before: nothing to do" \
	grep -q "Nothing to do: every selected node's fragmentation score is already at most 50" "$T/out"
check "--until-score met before: nothing written" empty "$CM"
# issue 12, defect 4: not "Compacted the whole system" and then "Nothing to do"
cc --sysroot "$A" compact --until-score 100 > "$T/out" 2>&1
not_compacted() { ! grep -q '^Compacted' "$T/out"; }
check "--until-score 100: does not say it compacted" not_compacted
check "... says there was nothing to do" grep -q '^Nothing to do: ' "$T/out"

# zram: initialised devices only, by name, pages_compacted reported
tree z arm64-6.1-qemu-virt-numa2-dma-normal-split
for d in zram0 zram1 zramx; do mkdir -p "$T/z/sys/block/$d"; : > "$T/z/sys/block/$d/compact"; done
echo 1073741824 > "$T/z/sys/block/zram0/disksize"
echo '  4096  2048  8192  0  8192  0  17  0  0' > "$T/z/sys/block/zram0/mm_stat"
echo 0 > "$T/z/sys/block/zram1/disksize"
echo 1073741824 > "$T/z/sys/block/zramx/disksize"
cc --sysroot "$T/z" compact --zram > "$T/out" 2>&1
check "--zram: initialised zram0 compacted" [ "$(content "$T/z/sys/block/zram0/compact")" = "1|" ]
check "--zram: uninitialised zram1 and odd name zramx left alone" \
	empty "$T/z/sys/block/zram1/compact" "$T/z/sys/block/zramx/compact"
check "--zram: pages_compacted (column 7) reported" grep -q "^zram: zram0 pages_compacted 17 -> 17 (+0)" "$T/out"
echo '1 2 3' > "$T/z/sys/block/zram0/mm_stat"
expect "--zram: short mm_stat" 1 "compactctl: $T/z/sys/block/zram0/mm_stat:1: 3 columns; expected at least 7" \
	--sysroot "$T/z" compact --zram

# privileges as an unprivileged user: the tree's files are 0200 like the kernel's
if command -v setpriv > /dev/null && [ "$(id -u)" = 0 ]; then
	tree a arm64-6.1-qemu-virt-numa2-dma-normal-split
	nobody() { setpriv --reuid 65534 --regid 65534 --clear-groups "$@"; }
	nobody "$COMPACTCTL" --sysroot "$A" compact > "$T/out" 2> "$T/err"
	rc=$?
	refused() { [ "$rc" = 1 ] && empty "$T/out" &&
		[ "$(cat "$T/err")" = "compactctl: $CM: writing needs root (euid 0); capabilities do not help for /proc/sys" ]; }
	check "uid 65534, /proc/sys: needs euid 0, capabilities do not help" refused
	nobody "$COMPACTCTL" --sysroot "$A" compact --node 0 > "$T/out" 2> "$T/err"
	check "uid 65534, sysfs: needs root or CAP_DAC_OVERRIDE" \
		[ "$(cat "$T/err")" = "compactctl: $N0: writing needs root or CAP_DAC_OVERRIDE" ]
	nobody --inh-caps +dac_override --ambient-caps +dac_override \
		"$COMPACTCTL" --sysroot "$A" compact --node 0 > "$T/out" 2> "$T/err"
	rc=$?
	written_n0() { [ "$rc" = 0 ] && [ "$(content "$N0")" = "1|" ]; }
	check "uid 65534 with CAP_DAC_OVERRIDE may write nodeN/compact (as in the kernel)" written_n0
else
	skip "privileges of uid 65534: setpriv or root missing"
fi

# read-only /proc/sys (containers): EROFS
tree a arm64-6.1-qemu-virt-numa2-dma-normal-split
MNT=$(mktemp -d)
if mount --bind "$A" "$MNT" 2>/dev/null && mount -o remount,bind,ro "$MNT" 2>/dev/null; then
	expect "read-only /proc/sys: EROFS" 1 \
		"compactctl: $MNT/proc/sys/vm/compact_memory: read-only file system: /proc/sys is mounted read-only (as in most containers); run compactctl on the host" \
		--sysroot "$MNT" compact
	expect "read-only /sys: EROFS" 1 \
		"compactctl: $MNT/sys/devices/system/node/node1/compact: read-only file system: /sys is mounted read-only (as in most containers); run compactctl on the host" \
		--sysroot "$MNT" compact --node 1
else
	skip "read-only /proc/sys: cannot bind-mount read-only here"
	skip "read-only /sys: cannot bind-mount read-only here"
fi
umount "$MNT" 2>/dev/null; rmdir "$MNT"; MNT=

# EINVAL: the kernel's own refusal, from an uninitialised zram device's
# compact file bind-mounted into the tree (a symlink to it would resolve
# inside the tree: --sysroot never leads out)
Z=$(ls -d /sys/block/zram*/ 2>/dev/null | head -1)
if [ "$(id -u)" = 0 ] && [ -n "$Z" ] && [ "$(cat "$Z/disksize" 2>/dev/null)" = 0 ]; then
	tree e arm64-6.1-qemu-virt-numa2-dma-normal-split
	MNT=$T/e/sys/devices/system/node/node0/compact
	mount --bind "${Z}compact" "$MNT"
	expect "EINVAL from the kernel" 1 \
		"compactctl: $T/e/sys/devices/system/node/node0/compact: the kernel rejected the write (EINVAL)" \
		--sysroot "$T/e" compact --node 0
	umount "$MNT"; MNT=
else
	skip "EINVAL: no uninitialised zram device to provoke it"
fi

# term_while_blocked TREE: compact --json in TREE, SIGTERM once it is
# blocked opening a FIFO (one of the files it writes); rc its status.
# SIGTERM: a background job of a script ignores SIGINT from birth, and
# compactctl leaves signals ignored on entry ignored (nohup semantics)
term_while_blocked() {
	local pid
	(exec -a compactctl "$COMPACTCTL" --sysroot "$1" --json compact > "$T/out" 2> "$T/err") &
	pid=$!
	for _ in $(seq 200); do	# until it is blocked opening the FIFO
		[ "$(cat "/proc/$pid/wchan" 2>/dev/null)" = wait_for_partner ] && break
		sleep 0.05
	done
	kill -TERM "$pid"
	wait "$pid"
	rc=$?
}

# a signal during the write: the trigger is a FIFO, so the pass blocks in open()
tree f arm64-6.1-qemu-virt-numa2-dma-normal-split
rm "$T/f/proc/sys/vm/compact_memory" && mkfifo -m 0600 "$T/f/proc/sys/vm/compact_memory"
term_while_blocked "$T/f"
check "SIGTERM during the write: dies of SIGTERM (status 143)" [ "$rc" = 143 ]
check "... says so on stderr" \
	grep -q "^compactctl: interrupted by Terminated after 0 passes; the last pass may be partial" "$T/err"
check "... stdout holds one whole JSON document" json_one "$T/out"
check "... with stop_reason interrupted" jqt '.stop_reason == "interrupted" and .passes == []' "$T/out"
# The per-CPU lists (src/drain.h). A tree without the two sysctls is not
# drained and says why; with them, vm.percpu_pagelist_high_fraction is set
# to the largest zone's managed pages (770793, node 1 Normal in this
# capture's zoneinfo; node 0 Normal has 750894) for the passes and put
# back, and vm.stat_refresh is written in groups of 32 until a group frees
# nothing: 64 writes where zoneinfo does not change. 3801 pages: the sum of
# the capture's 'count:' lines (14.8 MiB at 4K).
tree d arm64-6.1-qemu-virt-numa2-dma-normal-split
D=$T/d/proc/sys/vm
cc --sysroot "$T/d" --json compact > "$T/out" 2> "$T/err"
check "drain, no sysctls: exit 0" [ $? = 0 ]
check "... not drained, and which file is missing" jqt --arg w "no vm.percpu_pagelist_high_fraction (came in 5.14)" \
	'.pcp_drain.drained == false and .pcp_drain.skipped == $w and .pcp_drain.stat_refresh_writes == 0' "$T/out"
check "... the lists before and after: 3801 pages" \
	jqt '.pcp_drain.pcp_pages == {before: 3801, after_drain: null, after: 3801}' "$T/out"
absent() { local f; for f in "$@"; do [ ! -e "$f" ] || return 1; done; }
check "... neither file created" absent "$D/percpu_pagelist_high_fraction" "$D/stat_refresh"
untouched() { [ "$(content "$D/percpu_pagelist_high_fraction")" = "0|" ] && empty "$D/stat_refresh"; }
nodrain_files() { echo "${1:-0}" > "$D/percpu_pagelist_high_fraction"; : > "$D/stat_refresh"; chmod 0600 "$D/stat_refresh"; }
ones() { printf '1|%.0s' $(seq "$1"); }

nodrain_files
cc --sysroot "$T/d" compact > "$T/out" 2> "$T/err"
check "drain: exit 0 ($(head -c 200 "$T/err"))" [ $? = 0 ]
check "... the fraction: 0, 770793 for the passes, 0 again" \
	[ "$(content "$D/percpu_pagelist_high_fraction")" = "0|770793|0|" ]
check "... 64 writes of 1 to stat_refresh" [ "$(content "$D/stat_refresh")" = "$(ones 64)" ]
check "... reported: the lists before, after the drain and after the pass" \
	grep -q '^Per-CPU free lists: 15 MiB before, 15 MiB after the drain, 15 MiB after the$' "$T/out"
check "... the fraction and its restore" \
	grep -Eq '^  last pass \(vm.percpu_pagelist_high_fraction 0 (->|→) 770793 for the passes,$' "$T/out"
check "... and the writes" grep -Eq '^  restored; 64 writes to vm.stat_refresh, [0-9]+ ms\)\.$' "$T/out"

nodrain_files
cc --sysroot "$T/d" --json compact > "$T/out" 2> "$T/err"
check "drain --json: the fraction before, during, restored" \
	jqt '.pcp_drain.drained and .pcp_drain.percpu_pagelist_high_fraction == {before: 0, during: 770793, restored: true, restore_error: null}' "$T/out"
check "... 64 writes, and the pages" \
	jqt '.pcp_drain.stat_refresh_writes == 64 and .pcp_drain.pcp_pages == {before: 3801, after_drain: 3801, after: 3801}' "$T/out"

nodrain_files 770793
cc --sysroot "$T/d" compact > "$T/out" 2> "$T/err"
check "fraction already there: not written, so nothing to restore" \
	[ "$(content "$D/percpu_pagelist_high_fraction")" = "770793|" ]
check "... stat_refresh still written" [ "$(content "$D/stat_refresh")" = "$(ones 64)" ]
check "... said so" grep -q '^  as it was; 64 writes' "$T/out"

nodrain_files
cc --sysroot "$T/d" compact --no-drain > "$T/out" 2> "$T/err"
check "--no-drain: neither file written" untouched
check "... said so" grep -q '^  --no-drain\.$' "$T/out"

cc --sysroot "$T/d" compact --dry-run > "$T/out" 2> "$T/err"
check "--dry-run: neither file written" untouched
check "... says what it would write" grep -q "^would write 770793 to $D/percpu_pagelist_high_fraction\$" "$T/out"

# a signal while the lists drain: stat_refresh is a FIFO, so the first
# write blocks in open(); the fraction, already set, goes back
nodrain_files
: > "$D/compact_memory"
rm "$D/stat_refresh" && mkfifo -m 0600 "$D/stat_refresh"
term_while_blocked "$T/d"
check "SIGTERM while draining: status 143" [ "$rc" = 143 ]
check "... the fraction was put back" [ "$(content "$D/percpu_pagelist_high_fraction")" = "0|770793|0|" ]
check "... compact_memory never written" empty "$D/compact_memory"
check "... one whole JSON document, interrupted" jqt '.stop_reason == "interrupted" and .passes == []' "$T/out"
done_testing
