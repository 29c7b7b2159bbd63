#!/bin/bash
# A compactctl in another PID namespace must not take a live run's tracing
# instance for abandoned (issue 11, defect 3: kill(pid, 0) said "dead" for a
# host PID seen from a container, and the host run failed with
# "instances/compactctl.PID/tracing_on: No such file or directory").
# The host compact is slowed in its pass (strace delays its write to
# node0/compact); meanwhile a compact runs in `unshare -p -f --mount-proc`
# with its own /run/lock (so it does not wait for the machine lock, as a
# container would not): it reaps only instances nobody holds, and the host
# run's report stays whole.
. "$TESTS_DIR/lib.sh"
need_root
need strace unshare
N0=/sys/devices/system/node/node0/compact
[ -e "$N0" ] || skip_all "no per-node compaction"
T=$(mktemp -d)
TR=
at_exit 'kill_jobs; wait; [ -n "$TR" ] && umount "$TR" && rmdir "$TR"; rm -rf "$T"'
# tracefs mounted where both runs see it (the namespace's mounts are a copy)
TRACEFS=$(awk '$3 == "tracefs" { print $2; exit }' /proc/mounts)
if [ -z "$TRACEFS" ]; then
	TR=$(mktemp -d) && mount -t tracefs nodev "$TR" || skip_all "cannot mount tracefs"
	TRACEFS=$TR
fi
instances() { ls "$TRACEFS/instances" | grep '^compactctl\.'; }

# an abandoned instance, as a killed run leaves it: no lock on it
mkdir "$TRACEFS/instances/compactctl.abandoned0000000"

ASAN_OPTIONS=$LSAN_OFF strace -f -o /dev/null -P "$N0" -e trace=pwrite64,write -e inject=pwrite64:delay_exit=3000000 \
	"$COMPACTCTL" --json compact --node 0 > "$T/host.json" 2> "$T/host.err" &
host=$!
for _ in $(seq 100); do
	[ -n "$(instances | grep -v abandoned)" ] && break
	sleep 0.05
done
mine=$(instances | grep -v abandoned)
check "the host run has its instance ($mine)" [ -n "$mine" ]
sleep 0.3	# into the slowed write
unshare -p -f --mount-proc sh -c "mount -t tmpfs tmpfs /run/lock && exec '$COMPACTCTL' --json compact --node 0" \
	> "$T/ns.json" 2> "$T/ns.err"
rcns=$?
check "the run in its own PID namespace: exit 0 ($(head -c 200 "$T/ns.err"))" [ "$rcns" = 0 ]
check "... it traced (its own instance)" jqt '.passes[0].trace.available' "$T/ns.json"
check "... the host's instance is still there after it" bash -c "ls '$TRACEFS/instances' | grep -qx '$mine'"
gone() { ! instances | grep -q abandoned; }
check "... the abandoned one was reaped" gone
wait $host
rchost=$?
check "the host run: exit 0 ($(head -c 200 "$T/host.err"))" [ "$rchost" = 0 ]
check "... its report whole: traced, with compaction events" \
	jqt '.passes[0].trace.available and .passes[0].trace.events > 0' "$T/host.json"
check "no compactctl instance left" [ -z "$(instances)" ]
done_testing
