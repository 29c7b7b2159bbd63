#!/bin/bash
# compactctl trace on the live kernel (root; run under
# `flock /run/lock/dev-live.lock`): tests/fragmenter holds fragmented memory,
# a second process (sh) grows the 2M hugetlb pool past the free 2M blocks so
# that it stalls in direct compaction; `trace --duration` must name that
# task (comm and pid) and count as many stalls, successes and failures as
# /proc/vmstat over its window. No instance or mount is left behind, also
# after SIGINT, and after SIGKILL the next run reaps the instance.
. "$TESTS_DIR/lib.sh"
: "${FRAGMENTER:?}"
[ "$(id -u)" = 0 ] || skip_all "needs root"
[ -e /proc/sys/vm/compact_memory ] || skip_all "kernel without CONFIG_COMPACTION"
pool=/sys/kernel/mm/hugepages/hugepages-2048kB
[ -w "$pool/nr_hugepages" ] || skip_all "no writable 2M hugetlb pool"
before=$(cat "$pool/nr_hugepages")
[ "$before" = "$(cat "$pool/free_hugepages")" ] && [ "$(cat "$pool/resv_hugepages")" = 0 ] ||
	skip_all "the 2M pool is in use"
# With deferred struct-page init (this VM boots deferred_init=lazy), a zone
# grows instead of compacting while it has uninitialised memory: no stall.
lazy=$(awk '$1 == "present" { p = $2 } $1 == "managed" { if (p - $2 > p / 10) n++ } END { print n + 0 }' /proc/zoneinfo)
[ "$lazy" = 0 ] || skip_all "memory not fully initialised (managed << present): a pool grow grows the zone instead of compacting; bench/trace-overhead.sh initialises it"

T=$(mktemp -d)
TR=
FRAG=
cleanup() {
	echo "$before" > "$pool/nr_hugepages"
	[ -n "$FRAG" ] && kill "$FRAG" 2> /dev/null && wait "$FRAG" 2> /dev/null
	[ -n "$TR" ] && umount "$TR" && rmdir "$TR"
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
TRACEFS=$(awk '$3 == "tracefs" { print $2; exit }' /proc/mounts)
if [ -z "$TRACEFS" ]; then
	TR=$(mktemp -d) && mount -t tracefs nodev "$TR" || skip_all "cannot mount tracefs"
	TRACEFS=$TR
fi
instances() { ls "$TRACEFS/instances" | grep -c '^compactctl\.'; }
wait_instance() { # PID: until its instance exists (recording has begun)
	local _
	for _ in $(seq 300); do [ -d "$TRACEFS/instances/compactctl.$1" ] && return 0; sleep 0.02; done
	return 1
}
mounts_before=$(grep -c tracefs /proc/mounts)

mkfifo "$T/hold"
"$FRAGMENTER" -m 1024 -f 75 -s 5 < "$T/hold" > "$T/frag" &
FRAG=$!
exec 3> "$T/hold"
for _ in $(seq 100); do grep -q ready "$T/frag" && break; sleep 0.1; done
free2m=$(awk '{ for (i = 14; i <= NF; i++) t += $i * 2 ^ (i - 14) } END { print t + 0 }' /proc/buddyinfo)

(exec -a compactctl "$COMPACTCTL" --json trace --duration 6s > "$T/j" 2> "$T/err") &
tp=$!
wait_instance "$tp"
sleep 0.5	# the instance exists before tracing_on: let it start
sh -c 'echo $$ > "$1"; echo "$2" > "$3"' grow "$T/grow.pid" "$((free2m + 384))" "$pool/nr_hugepages"
echo "$before" > "$pool/nr_hugepages"
wait "$tp"
rc=$?
gp=$(cat "$T/grow.pid")
exec 3>&-; wait "$FRAG"; FRAG=
check "trace --duration 6s: exit 0 ($(head -c 200 "$T/err"))" [ "$rc" = 0 ]
check "one JSON document" json_one "$T/j"
stalls=$(jq .vmstat_delta.compact_stall "$T/j")
if [ "${stalls:-0}" = 0 ]; then
	echo "# no direct compaction happened (free 2M blocks $free2m); nothing to attribute"
	check "no stall in vmstat, none in the trace" jqt '.direct.stalls == 0' "$T/j"
	done_testing; exit
fi
for k in compact_stall:stalls compact_success:success compact_fail:fail; do
	check "${k%%:*}: trace $(jq ".direct.${k#*:}" "$T/j") = vmstat delta $(jq ".vmstat_delta.${k%%:*}" "$T/j")" \
		jqt ".direct.${k#*:} == .vmstat_delta.${k%%:*}" "$T/j"
done
check "no events lost" jqt '.events_lost == 0' "$T/j"
check "the pool grower (sh, pid $gp) is a stalling task" \
	jqt --argjson p "$gp" 'any(.direct.tasks[]; .pid == $p and .comm == "sh" and .stalls > 0)' "$T/j"
only_grower() { # then its stalls are all of vmstat's
	jq -e --argjson p "$gp" '[.direct.tasks[] | select(.stalls > 0)] | length == 1' "$T/j" > /dev/null || return 0
	jqt --argjson p "$gp" '(.direct.tasks[] | select(.pid == $p) | .stalls) == .vmstat_delta.compact_stall' "$T/j"
}
check "the grower's stalls = vmstat compact_stall when it stalled alone" only_grower
check "its stalls were at order 9" jqt --argjson p "$gp" '(.direct.tasks[] | select(.pid == $p) | .orders) == [9]' "$T/j"
for k in compact_free_scanned compact_isolated; do
	check "$k: trace = vmstat delta" jqt ".sums.$k == .vmstat_delta.$k" "$T/j"
done
check "compact_migrate_scanned: trace <= vmstat delta (fast_find_migrateblock)" \
	jqt '.sums.compact_migrate_scanned <= .vmstat_delta.compact_migrate_scanned' "$T/j"
check "no tracing instance left" [ "$(instances)" = 0 ]
check "no tracefs mount left" [ "$(grep -c tracefs /proc/mounts)" = "$mounts_before" ]

# SIGINT during the live view: restored, dies of SIGINT
(exec -a compactctl "$COMPACTCTL" trace < /dev/null > "$T/live" 2> "$T/err") &
pid=$!
wait_instance "$pid"
sleep 1.3	# one frame
kill -INT "$pid"
wait "$pid"
check "SIGINT: exit 130" [ $? = 130 ]
check "the live view drew a frame" grep -q '^Tracing for .* system-wide' "$T/live"
check "after SIGINT: no tracing instance left" [ "$(instances)" = 0 ]

# SIGKILL leaves the instance; the next run reaps it
(exec -a compactctl "$COMPACTCTL" trace --duration 30s > /dev/null 2>&1) &
pid=$!
wait_instance "$pid"
kill -KILL "$pid"
wait "$pid" 2> /dev/null
check "SIGKILL: its instance is still there" [ -d "$TRACEFS/instances/compactctl.$pid" ]
cc trace --duration 200ms > /dev/null 2> "$T/err"
check "the next run: exit 0" [ $? = 0 ]
check "the next run reaped it" [ ! -d "$TRACEFS/instances/compactctl.$pid" ]
check "no tracing instance left at all" [ "$(instances)" = 0 ]
done_testing
