#!/bin/bash
# compactctl trace on the live kernel (root; run under
# `flock /run/lock/dev-live.lock`): tests/fragmenter holds fragmented memory,
# a second process (sh) grows the 2M hugetlb pool past the free 2M blocks so
# that it stalls in direct compaction; `trace --duration` must name that
# task (comm and pid) and count as many stalls, successes and failures as
# /proc/vmstat over its window. No instance or mount is left behind, also
# after SIGINT; after SIGKILL the instance stays (its owner's flock died
# with it) and the next run reaps it. Restores the pool and stops the
# fragmenter on every path.
. "$TESTS_DIR/lib.sh"
: "${FRAGMENTER:?}"
need_root
[ -e /proc/sys/vm/compact_memory ] || skip_all "kernel without CONFIG_COMPACTION"
pool=/sys/kernel/mm/hugepages/hugepages-2048kB
[ -w "$pool/nr_hugepages" ] || skip_all "no writable 2M hugetlb pool"
before=$(cat "$pool/nr_hugepages")
pool_idle() { [ "$before" = "$(cat "$pool/free_hugepages")" ] && [ "$(cat "$pool/resv_hugepages")" = 0 ]; }
pool_idle || skip_all "the 2M pool is in use"
# With deferred struct-page init (this VM boots with lazy memory), a zone
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
at_exit cleanup
trap 'exit 1' INT TERM
# our own view of tracefs, to see the instances compactctl makes and leaves
TRACEFS=$(awk '$3 == "tracefs" { print $2; exit }' /proc/mounts)
if [ -z "$TRACEFS" ]; then
	TR=$(mktemp -d) && mount -t tracefs nodev "$TR" || skip_all "cannot mount tracefs"
	TRACEFS=$TR
fi
mounts_before=$(grep -c tracefs /proc/mounts)
instances() { ls "$TRACEFS/instances" | grep '^compactctl\.' | sort; }
ninstances() { instances | grep -c .; }
# new_instance OLD-LIST: the instance that is not in OLD-LIST, once it
# records (a new instance starts with recording off; trace turns it on last)
new_instance() {
	local _ i
	for _ in $(seq 500); do
		i=$(comm -13 <(echo "$1") <(instances) | head -1)
		[ -n "$i" ] && [ "$(cat "$TRACEFS/instances/$i/tracing_on" 2> /dev/null)" = 1 ] &&
			{ echo "$i"; return 0; }
		sleep 0.02
	done
	return 1
}
[ "$(ninstances)" = 0 ] || echo "# $(ninstances) compactctl instance(s) before the test"

mkfifo "$T/hold"
"$FRAGMENTER" -m 1024 -f 75 -s 5 < "$T/hold" > "$T/frag" &
FRAG=$!
exec 3> "$T/hold"
for _ in $(seq 100); do grep -q ready "$T/frag" && break; sleep 0.1; done
free2m=$(awk '{ for (i = 14; i <= NF; i++) t += $i * 2 ^ (i - 14) } END { print t + 0 }' /proc/buddyinfo)

# The grower is sh under a name of its own choosing, as any task may choose
# its comm: a quote, a backslash and an ESC, which must reach no output raw.
esc=$(printf '\033')
weird="gr\"o\\w${esc}er"
cp "$(command -v sh)" "$T/$weird"
# three traces at once, each in its own instance: the summary (JSON), the
# --events lines with the fallbacks' stacks, and the Prometheus metrics
old=$(instances)
(exec -a compactctl "$COMPACTCTL" --json trace --duration 6s > "$T/j" 2> "$T/err") &
tp=$!
inst=$(new_instance "$old")
check "trace made its instance ($inst) and records" [ -n "$inst" ]
old=$(instances)
(exec -a compactctl "$COMPACTCTL" trace --events --stack --duration 5s > "$T/ev" 2> "$T/everr") &
ep=$!
inst2=$(new_instance "$old")
check "a second trace runs beside it ($inst2)" [ -n "$inst2" ]
old=$(instances)
(exec -a compactctl "$COMPACTCTL" --format prometheus trace --duration 5s > "$T/prom" 2> "$T/promerr") &
pp=$!
inst3=$(new_instance "$old")
check "and a third ($inst3)" [ -n "$inst3" ]
# once set up, a trace records with no capability left (it holds its
# instance's files open); polled, as set-up ends a moment after the
# instance appears (valgrind is slow)
caps_of() { awk '$1 ~ /^(CapEff|CapPrm):$/ { printf "%s ", $2 }' "/proc/$1/status" 2> /dev/null; }
for _ in $(seq 100); do
	tcaps=$(caps_of "$tp")
	[ "$tcaps" = "0000000000000000 0000000000000000 " ] && break
	sleep 0.05
done
check "trace records with no capabilities left ($tcaps)" [ "$tcaps" = "0000000000000000 0000000000000000 " ]
# the grower: past the free 2M blocks, so that it compacts; then given back
"$T/$weird" -c 'echo $$ > "$1"; echo "$2" > "$3"' grow "$T/grow.pid" "$((free2m + 384))" "$pool/nr_hugepages"
echo "$before" > "$pool/nr_hugepages"
wait "$pp"
prc=$?
wait "$ep"
erc=$?
wait "$tp"
rc=$?
gp=$(cat "$T/grow.pid")
exec 3>&-; wait "$FRAG"; FRAG=
check "trace --duration 6s: exit 0 ($(head -c 200 "$T/err"))" [ "$rc" = 0 ]
check "one JSON document" json_one "$T/j"
stalls=$(jq .vmstat_delta.compact_stall "$T/j")
echo "# free 2M blocks $free2m; vmstat compact_stall delta ${stalls:-?}; grower pid $gp"
if [ "${stalls:-0}" = 0 ]; then
	skip "no direct compaction happened: nothing to attribute (free 2M blocks $free2m)"
else
	for k in compact_stall:stalls compact_success:success compact_fail:fail; do
		check "${k%%:*}: trace $(jq ".direct.${k#*:}" "$T/j") = vmstat delta $(jq ".vmstat_delta.${k%%:*}" "$T/j")" \
			jqt ".direct.${k#*:} == .vmstat_delta.${k%%:*}" "$T/j"
	done
	check "no events lost" jqt '.events_lost == 0 and (.events_lost_unknown | not)' "$T/j"
	check "the pool grower (pid $gp, its comm with the ESC made visible) is a stalling task" \
		jqt --argjson p "$gp" 'any(.direct.tasks[]; .pid == $p and .comm == "gr\"o\\w\\x1ber" and .stalls > 0)' "$T/j"
	only_grower() { # when it alone stalled, its stalls are all of vmstat's
		jq -e '[.direct.tasks[] | select(.stalls > 0)] | length == 1' "$T/j" > /dev/null || return 0
		jqt --argjson p "$gp" '(.direct.tasks[] | select(.pid == $p) | .stalls) == .vmstat_delta.compact_stall' "$T/j"
	}
	check "the grower's stalls = vmstat compact_stall when it stalled alone" only_grower
	check "its stalls were at order 9" jqt --argjson p "$gp" '(.direct.tasks[] | select(.pid == $p) | .orders) == [9]' "$T/j"
	for k in compact_free_scanned compact_isolated pgmigrate_success; do
		check "$k: trace $(jq ".sums.$k" "$T/j") = vmstat delta $(jq ".vmstat_delta.$k" "$T/j")" \
			jqt ".sums.$k == .vmstat_delta.$k" "$T/j"
	done
	check "compact_migrate_scanned: trace <= vmstat delta (fast_find_migrateblock)" \
		jqt '.sums.compact_migrate_scanned <= .vmstat_delta.compact_migrate_scanned' "$T/j"
	agreement() { # the document's agreement table says the same
		jqt 'all(.vmstat_agreement[] | select(.counter == "compact_stall" or .counter == "compact_success" or .counter == "compact_fail"); .trace == .vmstat)' "$T/j"
	}
	check "the agreement table: stalls, successes, failures equal" agreement
fi
check "pool restored to $before" pool_idle
check "no tracing instance left" [ "$(ninstances)" = 0 ]
check "no tracefs mount left" [ "$(grep -c tracefs /proc/mounts)" = "$mounts_before" ]

# --events --stack: compactsnoop's lines, fallbacks with their kernel stack
check "--events --stack: exit 0 ($(head -c 200 "$T/everr"))" [ "$erc" = 0 ]
check "--events: the column header first" grep -q '^TIME(s) *COMM *PID *NODE *ZONE *ORDER *MODE *LAT(ms) *STATUS$' "$T/ev"
stack_under_fallbacks() { # every fallback line is followed by a stack
	awk '/ extfrag / { if (pending) exit 1; pending = 1; n++; next }
	     / => / { pending = 0 } END { exit pending }' "$T/ev"
}
if grep -q ' extfrag ' "$T/ev"; then
	check "--stack: each fallback has its kernel stack ($(grep -c ' extfrag ' "$T/ev") fallbacks)" stack_under_fallbacks
	check "--stack: frames named from kallsyms" grep -Eq '=> [a-z_][a-z0-9_.]*\+0x[0-9a-f]+' "$T/ev"
else
	skip "no fallback happened during --events --stack"
fi
grower_lines() { # the grower's compaction runs are among the lines
	awk -v p="$gp" '$3 == p && $2 == "gr\"o\\w\\x1ber" { n++ } END { exit !n }' "$T/ev"
}
no_esc() { ! grep -q "$esc" "$1"; }
check "--events: no ESC byte reached the output" no_esc "$T/ev"
check "Prometheus: exit 0 ($(head -c 200 "$T/promerr"))" [ "$prc" = 0 ]
check "Prometheus: no ESC byte" no_esc "$T/prom"
if command -v promtool > /dev/null; then
	check "Prometheus: promtool check metrics accepts it" promtool check metrics < "$T/prom"
else
	skip "promtool not installed"
fi
if [ "${stalls:-0}" != 0 ]; then
	check "--events: the grower's compaction runs are listed" grower_lines
	check "Prometheus: the grower's label escaped (\\\", \\\\, the ESC made visible)" \
		grep -qF "compactctl_trace_task_direct_stalls{comm=\"gr\\\"o\\\\w\\\\x1ber\",pid=\"$gp\"}" "$T/prom"
fi

# SIGINT during the live view: restored, dies of SIGINT
(exec -a compactctl "$COMPACTCTL" trace < /dev/null > "$T/live" 2> "$T/err") &
pid=$!
inst=$(new_instance "")
sleep 1.3	# one frame
kill -INT "$pid"
wait "$pid"
check "SIGINT: exit 130" [ $? = 130 ]
check "the live view drew a frame" grep -q '^Tracing for .* system-wide' "$T/live"
check "after SIGINT: no tracing instance left" [ "$(ninstances)" = 0 ]

# export --trace: the state's metrics, then the trace's over its window
cc export --trace 1s -o "$T/export.prom" 2> "$T/err"
check "export --trace 1s: exit 0 ($(head -c 200 "$T/err"))" [ $? = 0 ]
both_parts() { grep -q '^compactctl_free_blocks{' "$T/export.prom" &&
	window_at_least_1s; }
# the window also covers the state's read and the map's scan (man page)
window_at_least_1s() {
	awk '$1 == "compactctl_trace_window_seconds" { ok = $2 >= 1 } END { exit !ok }' "$T/export.prom"
}
check "export --trace: the state's and the trace's metrics" both_parts
if command -v promtool > /dev/null; then
	check "export --trace: promtool check metrics accepts it" promtool check metrics < "$T/export.prom"
fi
check "after export --trace: no tracing instance left" [ "$(ninstances)" = 0 ]

# watch's trace panel (key t): on with an instance of its own, off without
if command -v tmux > /dev/null; then
	export TMUX_TMPDIR=$T
	S=cc-trace-$$
	screen() { tmux capture-pane -p -t "$S" 2> /dev/null; }
	wait_for() { # REGEX: until the screen matches (5 s)
		local _
		for _ in $(seq 50); do screen | grep -qE -- "$1" && return 0; sleep 0.1; done
		return 1
	}
	tmux new-session -d -s "$S" -x 80 -y 24 "env LC_ALL=C.UTF-8 $COMPACTCTL watch -i 0.3"
	check "watch: starts" wait_for '^>node 0 '
	tmux send-keys -t "$S" t
	inst=$(new_instance "")
	check "t: the panel records in an instance of its own ($inst)" [ -n "$inst" ]
	check "t: the panel is on screen" wait_for '^trace [0-9]+s system-wide, [0-9]+ events, 0 lost'
	check "t: its direct stall line" wait_for '^  direct stalls [0-9]+: '
	tmux send-keys -t "$S" t
	gone() { [ ! -d "$TRACEFS/instances/$inst" ]; }
	check "t again: the panel off" wait_for 'trace panel off'
	check "t again: its instance removed" gone
	tmux send-keys -t "$S" t
	inst=$(new_instance "")
	tmux send-keys -t "$S" q
	for _ in $(seq 50); do tmux has-session -t "$S" 2> /dev/null || break; sleep 0.1; done
	check "q with the panel on: its instance removed" gone
	tmux kill-server 2> /dev/null
else
	skip "tmux not installed: watch's trace panel"
fi

# SIGKILL leaves the instance (nobody holds its flock now); the next run
# reaps it, and only it
(exec -a compactctl "$COMPACTCTL" trace --duration 30s > /dev/null 2>&1) &
pid=$!
inst=$(new_instance "")
kill -KILL "$pid"
wait "$pid" 2> /dev/null
check "SIGKILL: its instance $inst is still there" [ -d "$TRACEFS/instances/$inst" ]
cc trace --duration 200ms > /dev/null 2> "$T/err"
check "the next run: exit 0" [ $? = 0 ]
check "the next run reaped it" [ ! -d "$TRACEFS/instances/$inst" ]
check "no tracing instance left at all" [ "$(ninstances)" = 0 ]
check "no tracefs mount left at the end" [ "$(grep -c tracefs /proc/mounts)" = "$mounts_before" ]
done_testing
