#!/bin/bash
# compact on the live kernel, under real fragmentation from tests/fragmenter:
# a positive gain at >= pageblock order, trace sums consistent with the
# vmstat deltas (kernel-interfaces.md 5.3), and nothing left behind (tracing
# instance, tracefs mount, memory), also when interrupted.
. "$TESTS_DIR/lib.sh"
: "${FRAGMENTER:?}"
need_root
[ -e /proc/sys/vm/compact_memory ] || skip_all "kernel without CONFIG_COMPACTION"
[ -e /sys/devices/system/node/node0/compact ] || skip_all "no per-node compaction (CONFIG_NUMA off)"

T=$(mktemp -d)
TR=
FRAG=
# Per-CPU free lists auto-tune their size and can hold more than a GiB on a
# large machine; pages freed there are invisible in buddyinfo and do not
# merge, so the gain would not show unless compact drains them, which it
# does by default through vm.percpu_pagelist_high_fraction (src/drain.h).
# The test checks that it is put back; cleanup puts it back too.
PCPF=/proc/sys/vm/percpu_pagelist_high_fraction
PCPF_OLD=$(cat "$PCPF" 2> /dev/null || true)
cleanup() {
	[ -n "$FRAG" ] && kill "$FRAG" 2> /dev/null && wait "$FRAG" 2> /dev/null
	[ -n "$TR" ] && umount "$TR" && rmdir "$TR"
	[ -n "$PCPF_OLD" ] && echo "$PCPF_OLD" > "$PCPF"
	rm -rf "$T"
}
at_exit cleanup
trap 'exit 1' INT TERM

# our own view of tracefs, to look for instances compactctl leaves behind
TRACEFS=$(awk '$3 == "tracefs" { print $2; exit }' /proc/mounts)
if [ -z "$TRACEFS" ]; then
	TR=$(mktemp -d) && mount -t tracefs nodev "$TR" || skip_all "cannot mount tracefs"
	TRACEFS=$TR
fi
instances() { ls "$TRACEFS/instances" | grep -c '^compactctl\.' ; }
mounts_before=$(grep -c tracefs /proc/mounts)

# 768 MiB, three quarters of its pages freed at random: order-0 holes
# everywhere. The gain is measured right after the write, while pages that
# compaction freed can still sit on the per-CPU lists (up to ~150 MiB on this
# 2-CPU VM, see pcp_pages): so the gain of up to 3 passes counts, over up to
# 5 fresh workloads, and the test says how many it took.
start_frag() {
	rm -f "$T/hold"; mkfifo "$T/hold"
	"$FRAGMENTER" -m 768 -f 75 -s "$1" < "$T/hold" > "$T/frag" &
	FRAG=$!
	exec 3> "$T/hold"	# holds the fragmenter until closed
	for _ in $(seq 100); do grep -q ready "$T/frag" && break; sleep 0.1; done
}
stop_frag() { [ -n "$FRAG" ] || return 0; exec 3>&-; wait "$FRAG"; local rc=$?; FRAG=; return $rc; }
for attempt in 1 2 3 4 5; do
	start_frag "$attempt"
	cc --json compact --node 0 --passes 3 > "$T/j" 2> "$T/err"
	rc=$?
	gain=$(jq '[.passes[].free_pages_at_gain_order.gain] | add' "$T/j" 2> /dev/null)
	[ "$rc" = 0 ] && [ "${gain:-0}" -gt 0 ] && break
	echo "# workload $attempt: status $rc, gain ${gain:-?} pages; pcp pages before/after:" \
		"$(jq -c '[.nodes[0].zones[] | .pcp_pages | select(.) | [.before, .after]]' "$T/j" 2> /dev/null)"
	stop_frag
done
check "fragmenter ready" grep -q "^ready 196608 " "$T/frag"
check "compact --node 0: exit 0" [ "$rc" = 0 ]
check "compact --node 0: one JSON document" json_one "$T/j"
check "positive gain at >= pageblock order under fragmentation ($gain pages over $(jq '.passes | length' "$T/j") passes, workload $attempt)" \
	[ "${gain:-0}" -gt 0 ]
check "the node's own file written, 1 to 3 passes" \
	jqt '.target.files == ["/sys/devices/system/node/node0/compact"] and (.passes | length) >= 1
	     and (.passes | length) <= 3' "$T/j"
check "tracepoints used: per-zone records for node 0 with an end status" \
	jqt '.passes[0].trace.available and (.passes[0].trace.zones | length) > 0
	     and all(.passes[0].trace.zones[]; .node == 0 and (.status | type) == "string")' "$T/j"
check "no trace events lost" jqt 'all(.passes[]; .trace.events_lost == 0)' "$T/j"
# each pass's sums against that pass's counters: a later pass reads only
# its own events (reading the ring-buffer pages consumed the earlier ones);
# other compaction (kcompactd, direct) only adds to the system-wide counters
np=$(jq '.passes | length' "$T/j")
for ((p = 0; p < np; p++)); do
	others=$(jq ".passes[$p].vmstat_delta | .compact_stall + .compact_daemon_wake
		+ .compact_daemon_migrate_scanned + .compact_daemon_free_scanned" "$T/j")
	for k in compact_migrate_scanned compact_free_scanned compact_isolated pgmigrate_success; do
		s=$(jq ".passes[$p].trace.sums.$k" "$T/j")
		d=$(jq ".passes[$p].vmstat_delta.$k" "$T/j")
		if [ "$others" = 0 ]; then
			check "pass $((p + 1)): trace sum $k ($s) = vmstat delta ($d)" [ "$s" = "$d" ]
		else
			check "pass $((p + 1)): trace sum $k ($s) <= vmstat delta ($d) (other compaction ran)" \
				[ "$s" -le "$d" ]
		fi
	done
done
check "isolated but not migrated >= pgmigrate_fail" \
	jqt '.passes[0].trace.sums.not_migrated >= .passes[0].vmstat_delta.pgmigrate_fail or
	     .passes[0].vmstat_delta.compact_stall > 0' "$T/j"
check "before/after tables: node 0, every zone, deltas = after - before" \
	jqt '[.nodes[].node] == [0] and all(.nodes[0].zones[];
	     . as $z | [range(0; $z.free_blocks.delta | length)] |
	     all($z.free_blocks.after[.] - $z.free_blocks.before[.] == $z.free_blocks.delta[.]))' "$T/j"
if [ -n "$PCPF_OLD" ]; then
	check "the per-CPU lists drained, the fraction was set and put back" \
		jqt --argjson old "$PCPF_OLD" '.pcp_drain.drained and .pcp_drain.stat_refresh_writes >= 64 and
		.pcp_drain.percpu_pagelist_high_fraction.before == $old and
		.pcp_drain.percpu_pagelist_high_fraction.restored' "$T/j"
	check "... it holds $PCPF_OLD again" [ "$(cat "$PCPF")" = "$PCPF_OLD" ]
	pb=$(jq '.pcp_drain.pcp_pages.before' "$T/j"); pd=$(jq '.pcp_drain.pcp_pages.after_drain' "$T/j")
	if [ "$pb" -ge 25600 ]; then
		check "... the drain took most of what the lists held ($pb -> $pd pages)" [ $((pd * 4)) -lt "$pb" ]
	else
		skip "the drain: the lists held only $pb pages before"
	fi
else
	skip "the drain: no $PCPF (before 5.14)"
fi
check "no tracing instance left" [ "$(instances)" = 0 ]
check "no tracefs mount left" [ "$(grep -c tracefs /proc/mounts)" = "$mounts_before" ]

cc compact --node 0 --passes 3 > "$T/t" 2> "$T/err"
check "--passes 3: exit 0" [ $? = 0 ]
check "--passes 3: a row per pass and the reason it stopped" \
	grep -Eq '^(Stopped after pass [1-3]: it gained less than one pageblock \(2M\) and covered every zone\.|Stopped after 3 passes)' "$T/t"
check "--passes 3: per-zone outcome table" grep -q '^   1 0/Normal ' "$T/t"

# interrupted: SIGTERM while passes run; instance removed, dies of SIGTERM
(exec -a compactctl "$COMPACTCTL" compact --passes 100 > "$T/t" 2> "$T/err") &
pid=$!
for _ in $(seq 200); do	# until its tracing instance (a random name) exists
	[ "$(instances)" -gt 0 ] && break
	sleep 0.01
done
kill -TERM "$pid" 2> /dev/null
wait "$pid"
rc=$?
if [ "$rc" = 143 ]; then
	check "SIGTERM: says it was interrupted" grep -q '^compactctl: interrupted by Terminated after' "$T/err"
else	# it finished (or stopped for lack of gain) before the signal
	check "finished before the signal: exit 0" [ "$rc" = 0 ]
fi
check "after SIGTERM: no tracing instance left" [ "$(instances)" = 0 ]
check "after SIGTERM: vm.percpu_pagelist_high_fraction as before" [ "$(cat "$PCPF" 2> /dev/null)" = "$PCPF_OLD" ]

if command -v setpriv > /dev/null; then
	setpriv --reuid 65534 --regid 65534 --clear-groups "$COMPACTCTL" compact > "$T/out" 2> "$T/err"
	rc=$?
	euid_refused() { [ "$rc" = 1 ] && empty "$T/out" &&
		grep -qx 'compactctl: /proc/sys/vm/compact_memory: writing needs root (euid 0); capabilities do not help for /proc/sys' "$T/err"; }
	check "uid 65534: exit 1 with the euid message" euid_refused
else
	skip "uid 65534: setpriv not installed"
fi
check "fragmenter exits when released" stop_frag
done_testing
