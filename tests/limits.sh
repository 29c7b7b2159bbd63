#!/bin/bash
# Input limits with bounded memory: each hostile input gets exit 1, one line
# on stderr, nothing on stdout, and a peak RSS (GNU time) under 100 MiB:
# files are read up to 64 MiB, never more, whatever they claim.
. "$TESTS_DIR/lib.sh"
[ -x /usr/bin/time ] || skip_all "GNU time not installed (apt-get install time)"
T=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$T"' EXIT
good=$FIX/local-x86_64-6.18-vm-settled
tree() { rm -rf "$T/tree"; cp -r "$good" "$T/tree"; }
limit() { # limit NAME MESSAGE-REGEX ARGS...
	local name=$1 re=$2; shift 2
	/usr/bin/time -f %M -o "$T/rss" "$COMPACTCTL" "$@" > "$T/out" 2> "$T/err"
	local rc=$? rss=$(tail -1 "$T/rss") max=102400
	# under valgrind the RSS is valgrind's, and ASan's quarantine keeps
	# freed blocks: there only the outcome is checked
	[ -n "${COMPACTCTL_REAL:-}" ] && max=$((1 << 30))
	[ -n "${ASAN_OPTIONS:-}" ] && max=$((1 << 30))
	if [ "$rc" = 1 ] && [ ! -s "$T/out" ] && [ "$(wc -l < "$T/err")" = 1 ] &&
	   grep -qE "^compactctl: $re$" "$T/err" && [ "$rss" -lt "$max" ]; then
		pass "$name (peak RSS $((rss / 1024)) MiB)"
	else
		fail "$name: status $rc, stdout $(wc -c < "$T/out") bytes, RSS ${rss} KiB, stderr: $(head -c 300 "$T/err")"
	fi
}
B=$T/tree/proc/buddyinfo

# a 100 MB stream that stats as empty (a FIFO): cut at 64 MiB
tree; rm "$B"; mkfifo "$B"
( head -c 100M /dev/zero | tr '\0' 1 > "$B" ) 2> /dev/null &
limit "100 MB stream" "$B: file too large \(over 64 MiB\)" --sysroot "$T/tree" status
wait
tree; truncate -s 100M "$B"
limit "100 MB file" "$B: file too large \(over 64 MiB\)" --sysroot "$T/tree" status
tree; head -c 1048576 /dev/zero | tr '\0' 1 > "$B"
limit "a line of 1 MB" "$B:1: line too long \(over 65536 bytes\)" --sysroot "$T/tree" status
tree; for i in $(seq 0 9999); do echo "Node $i, zone Normal 1 1 1 1 1 1 1 1 1 1 1"; done > "$B"
limit "10,000 nodes" "$B:1025: node 1024 out of range \(the kernel allows at most 1023\)" --sysroot "$T/tree" status
tree; printf 'Node 0, zone DMA 1\0 2 3 4 5 6 7 8 9 10 11\n' > "$B"
limit "a NUL byte" "$B:1: NUL byte in a text file" --sysroot "$T/tree" status
tree; sed -i '1s/ 3 *$/ -1/' "$B"
limit "a negative count" "$B:1: negative count '-1'" --sysroot "$T/tree" status
tree; sed -i '1s/ 3 *$/ 18446744073709551616/' "$B"
limit "a count of 2^64" "$B:1: '18446744073709551616' does not fit in 64 bits" --sysroot "$T/tree" status
tree; sed -i 's/^pgmigrate_success .*/pgmigrate_success 18446744073709551616/' "$T/tree/proc/vmstat"
limit "vmstat counter of 2^64" "$T/tree/proc/vmstat:[0-9]+: .*64 bits.*" --sysroot "$T/tree" status
# snapshot documents
"$COMPACTCTL" --sysroot "$good" snapshot > "$T/a.json"
jq '.nodes = "x"' "$T/a.json" > "$T/type.json"
limit "snapshot of the wrong type" "$T/type.json: snapshot: nodes: expected an array" diff "$T/type.json" "$T/a.json"
jq '.compactctl_snapshot = 99' "$T/a.json" > "$T/ver.json"
limit "snapshot of another version" "$T/ver.json: snapshot format version 99; this compactctl reads version 1" diff "$T/ver.json" "$T/a.json"
jq '.nodes[0].zones[0].free_blocks[0] = 18446744073709551616' "$T/a.json" > "$T/big.json"
limit "snapshot count of 2^64" "$T/big.json: snapshot: nodes\[0\]\.zones\[0\]\.free_blocks\[0\]: expected an integer from 0 to 2\^64-1" diff "$T/big.json" "$T/a.json"
{ printf '{"compactctl_snapshot": 1, "nodes": ['; for i in $(seq 0 9999); do printf '%s{"node": %d, "zones": []}' "$([ $i = 0 ] || echo ,)" $i; done; printf ']}'; } > "$T/nodes.json"
limit "snapshot with 10,000 nodes" "$T/nodes.json: snapshot: .*" diff "$T/nodes.json" "$T/a.json"
done_testing
