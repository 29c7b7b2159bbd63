#!/bin/bash
# The machine lock (issue 11, defect 2) in a tree, where it is flock on the
# tree's directory: commands that change the machine run one at a time;
# --no-wait exits 75 at once, --wait=SECS gives up after SECS, the default
# waits (and says for whom); a restore never writes over a value another
# run set; --dry-run takes no lock.
. "$TESTS_DIR/lib.sh"
need flock
T=$(mktemp -d)
at_exit 'kill_jobs; rm -rf "$T"'
SRC=$FIX/local-x86_64-6.18-vm-settled
HP=sys/kernel/mm/hugepages/hugepages-2048kB
NODE=sys/devices/system/node/node0/hugepages/hugepages-2048kB
cp -r "$SRC" "$T/tree"
mkdir -p "$T/tree/$HP" "$T/tree/$NODE" "$T/tree/proc/sys/vm"
for f in nr_hugepages free_hugepages resv_hugepages surplus_hugepages; do echo 0 > "$T/tree/$HP/$f"; done
echo 0 > "$T/tree/$NODE/nr_hugepages"
: > "$T/tree/proc/sys/vm/compact_memory"

# another holder: flock(1) on the tree's directory, as a second compactctl
# (-o: the lock stays with flock itself, which dies when killed)
release() { kill $(pgrep -P "$1") "$1" 2> /dev/null; wait "$1" 2> /dev/null; }
hold() { # hold: the lock taken by another process, for as long as it lives
	flock -o "$T/tree" sleep 30 &
	holder=$!
	for _ in $(seq 100); do flock -n "$T/tree" true || return 0; sleep 0.05; done
}
hold
expect "compact --no-wait while the machine is locked: busy, exit 75" 75 \
	"compactctl: $T/tree: busy: another compactctl is changing the machine" \
	--sysroot "$T/tree" compact --no-wait
check "... nothing written" empty "$T/tree/proc/sys/vm/compact_memory"
expect "probe --no-wait: exit 75" 75 \
	"compactctl: $T/tree: busy: another compactctl is changing the machine" \
	--sysroot "$T/tree" probe --no-wait
check "... the pool untouched" [ "$(cat "$T/tree/$NODE/nr_hugepages")" = 0 ]
start=$(date +%s%N)
cc --sysroot "$T/tree" compact --wait=0.5 > "$T/out" 2> "$T/err"
rc=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
check "compact --wait=0.5: gives up with 75" [ "$rc" = 75 ]
check "... after about half a second (${ms} ms)" [ "$ms" -ge 450 -a "$ms" -lt 3000 ]
check "... having said whom it waited for" \
	grep -qx "compactctl: $T/tree: waiting for another compactctl to finish" "$T/err"
cc --sysroot "$T/tree" compact --dry-run > "$T/out" 2> "$T/err"
check "--dry-run takes no lock: exit 0 while it is held" [ $? = 0 ]

# the default waits, then runs
cc --sysroot "$T/tree" compact > "$T/out" 2> "$T/err" &
waiter=$!
sleep 0.5
check "the default waits while it is held" kill -0 $waiter
check "... nothing written yet" empty "$T/tree/proc/sys/vm/compact_memory"
release $holder
wait $waiter
check "... and runs once it is free: exit 0" [ $? = 0 ]
check "... one pass written" [ "$(cat "$T/tree/proc/sys/vm/compact_memory")" = 1 ]

# a restore writes back only what is still this run's: the pool is a FIFO
# fed by hand, and the restore's look finds 85, which someone else set
echo 0 > "$T/tree/$NODE/nr_hugepages"
rm "$T/tree/$NODE/nr_hugepages"; mkfifo "$T/tree/$NODE/nr_hugepages"
cc --sysroot "$T/tree" --json probe > "$T/out.json" 2> "$T/err" &
pid=$!
# the pool before, the probe's step, its read-back, and the restore's look,
# which finds 85: someone else's value
feed "$T/tree/$NODE/nr_hugepages" $pid 0 "<$T/w1" 10006 85
wait $pid
rc=$?
check "probe whose pool someone else changed: exit 1" [ "$rc" = 1 ]
check "... it wrote its step (10006)" [ "$(cat "$T/w1")" = 10006 ]
check "... then only looked: no restore written (the feeder is done, nothing blocked)" \
	[ "$(jq -r '.nodes[0].restore' "$T/out.json")" = left ]
check "... and says it left the pool ($(head -1 "$T/err"))" \
	grep -q "holds 85, not the 10006 this run set: someone changed it since; left as it is (it was 0 before)" "$T/err"
check "... the JSON says where the pool is" jqt '.nodes[0].pool_after == 85 and .nodes[0].restored == false' "$T/out.json"

# watch's c key is refused while another run holds the lock (in tmux)
if command -v tmux > /dev/null; then
	rm -f "$T/tree/$NODE/nr_hugepages"; echo 0 > "$T/tree/$NODE/nr_hugepages"
	: > "$T/tree/sys/devices/system/node/node0/compact"
	export TMUX_TMPDIR=$T S=cc-lock-$$
	tmux new-session -d -s "$S" -x 80 -y 24 "env LC_ALL=C.UTF-8 $COMPACTCTL --sysroot $T/tree watch -i 0.2"
	wait_screen() { local i; for i in $(seq 100); do tmux capture-pane -p -t "$S" | grep -qE -- "$1" && return 0; sleep 0.1; done; return 1; }
	wait_screen '^Node 0 ' > /dev/null
	hold
	tmux send-keys -t "$S" c
	wait_screen 'Compact node 0 now' > /dev/null
	tmux send-keys -t "$S" y
	check "watch's c while another compactctl holds the lock: refused on screen" \
		wait_screen 'c: .*busy: another compactctl is changing the machine'
	check "... nothing written" empty "$T/tree/sys/devices/system/node/node0/compact"
	release $holder
	tmux send-keys -t "$S" q
	tmux kill-server 2>/dev/null
else
	skip "watch's c under the lock: tmux not installed"
	skip "... nothing written"
fi
done_testing
