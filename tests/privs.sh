#!/bin/bash
# Every command drops every capability before it reads its input: the
# read-only ones once their options are parsed (and the output file is
# open), compact and probe once they hold the files they write (--dry-run
# too), watch once it holds its c key's files. The effective set is read
# from /proc/PID/status while the command is blocked opening a FIFO that
# stands for /proc/buddyinfo in a fixture tree.
. "$TESTS_DIR/lib.sh"
need_root "to have capabilities to drop"
need setpriv
T=$(mktemp -d)
at_exit 'kill_jobs; rm -rf "$T"'
cp -r "$FIX/local-x86_64-6.18-vm-settled" "$T/tree"
chmod -R a+rX "$T"
cp "$T/tree/proc/buddyinfo" "$T/buddyinfo"
rm "$T/tree/proc/buddyinfo"; mkfifo -m 644 "$T/tree/proc/buddyinfo"

caps_while_blocked() { # caps_while_blocked CMD...: "CapEff CapPrm CapBnd CapAmb NoNewPrivs"
	local src=${FEED_SRC:-$T/buddyinfo} dst=${FEED_DST:-$T/tree/proc/buddyinfo}
	"$@" > /dev/null 2>&1 &
	local pid=$! i
	for i in $(seq 400); do	# (valgrind starts slowly)
		[ "$(cat /proc/$pid/wchan 2>/dev/null)" = wait_for_partner ] && break
		sleep 0.05
	done
	awk -v f="${FIELDS:-CapEff|CapPrm|CapBnd|CapAmb|NoNewPrivs}" '$1 ~ "^(" f "):$" { printf "%s ", $2 }' /proc/$pid/status
	# let it finish: buddyinfo as often as it reads it (compact: a snapshot
	# before and after its pass)
	while kill -0 $pid 2> /dev/null; do
		timeout 1 sh -c 'cat "$1" > "$2"' _ "$src" "$dst"
	done
	wait $pid
	echo
}
none="0000000000000000 0000000000000000 0000000000000000 0000000000000000 1 "
check "root starts with capabilities (the test means something)" \
	grep -q '^CapEff:[[:space:]]*0*[1-9a-f]' /proc/self/status
mkdir -p "$T/tree/sys/kernel/mm/hugepages/hugepages-2048kB" "$T/tree/proc/sys/vm"
for f in nr_hugepages free_hugepages resv_hugepages surplus_hugepages; do
	echo 0 > "$T/tree/sys/kernel/mm/hugepages/hugepages-2048kB/$f"
done
: > "$T/tree/proc/sys/vm/compact_memory"
for args in "status" "export" "check --max-score 50" "snapshot" "watch --batch -n 1" \
	"compact --dry-run" "compact" "probe --dry-run" "probe" "export -o $T/out.prom" \
	"map --svg $T/map.svg"; do
	got=$(caps_while_blocked "$COMPACTCTL" --sysroot "$T/tree" $args)
	check "root, $args: no capabilities left, no_new_privs ($got)" [ "$got" = "$none" ]
done
# explain reads its input after the drop: a FILE (a FIFO here), and a
# tree's saved kernel log; only the live /dev/kmsg is opened before it
REPORT=$(ls "$TESTS_DIR"/data/alloc-failures/*.log 2> /dev/null | head -n 1)
if [ -n "$REPORT" ]; then
	mkfifo -m 644 "$T/report"
	got=$(FEED_SRC=$REPORT FEED_DST=$T/report caps_while_blocked "$COMPACTCTL" explain "$T/report")
	check "root, explain FILE: no capabilities left, no_new_privs ($got)" [ "$got" = "$none" ]
	mkdir -p "$T/tree/sos_commands/kernel"
	mkfifo -m 644 "$T/tree/sos_commands/kernel/dmesg"
	got=$(FEED_SRC=$REPORT FEED_DST=$T/tree/sos_commands/kernel/dmesg \
		caps_while_blocked "$COMPACTCTL" --sysroot "$T/tree" explain)
	check "root, explain of a tree's saved log: no capabilities left ($got)" [ "$got" = "$none" ]
	rm "$T/tree/sos_commands/kernel/dmesg"
else
	skip "explain: no report in tests/data/alloc-failures"
	skip "explain of a tree's saved log"
fi
# another user with CAP_DAC_OVERRIDE: watch drops it too (its c key's files
# are opened before). Without CAP_SETPCAP it cannot shrink its bounding
# set; no_new_privs makes that moot (no execve can gain anything), so it
# is not compared.
export FIELDS="CapEff|CapPrm|CapAmb|NoNewPrivs"
none="0000000000000000 0000000000000000 0000000000000000 1 "
got=$(caps_while_blocked setpriv --reuid=65534 --regid=65534 --clear-groups \
	--inh-caps=+dac_override --ambient-caps=+dac_override \
	"$COMPACTCTL" --sysroot "$T/tree" watch --batch -n 1)
check "uid 65534 + CAP_DAC_OVERRIDE, watch: drops it ($got)" [ "$got" = "$none" ]
got=$(caps_while_blocked setpriv --reuid=65534 --regid=65534 --clear-groups \
	--inh-caps=+dac_override --ambient-caps=+dac_override \
	"$COMPACTCTL" --sysroot "$T/tree" status)
check "uid 65534 + CAP_DAC_OVERRIDE, status: drops it ($got)" [ "$got" = "$none" ]
# root without capabilities still reads root-only pagetypeinfo as its owner
if [ -r /proc/pagetypeinfo ]; then
	cc status > /dev/null 2> "$T/err"
	check "live status as root: pagetypeinfo still read after the drop" [ ! -s "$T/err" ]
	check "live --json status: pageblock counts present" \
		jqt '[.nodes[0].zones[].migratetypes // {} | .[] | .pageblocks] | add > 0' <(cc --json status)
fi
done_testing
