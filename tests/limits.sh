#!/bin/bash
# Input limits with bounded memory: each hostile input gets exit 1, one line
# on stderr, nothing on stdout, and a peak RSS (GNU time) under 100 MiB:
# files are read up to 64 MiB, never more, whatever they claim.
. "$TESTS_DIR/lib.sh"
[ -x /usr/bin/time ] || skip_all "GNU time not installed (apt-get install time)"
T=$(mktemp -d)
at_exit 'kill_jobs; rm -rf "$T"'
good=$FIX/local-x86_64-6.18-vm-settled
tree() { rm -rf "$T/tree"; cp -r "$good" "$T/tree"; }
# under valgrind the RSS is valgrind's, and ASan's quarantine keeps freed
# blocks: there only the outcome is checked
export EXPECT_MAX_RSS_KIB=102400
[ -n "${COMPACTCTL_REAL:-}${ASAN_OPTIONS:-}" ] && EXPECT_MAX_RSS_KIB=$((1 << 30))
B=$T/tree/proc/buddyinfo

# a 100 MB stream that stats as empty (a FIFO): cut at 64 MiB
tree; rm "$B"; mkfifo "$B"
( head -c 100M /dev/zero | tr '\0' 1 > "$B" ) 2> /dev/null &
expect "100 MB stream" 1 "~compactctl: $B: file too large \(over 64 MiB\)" --sysroot "$T/tree" status
wait
tree; truncate -s 100M "$B"
expect "100 MB file" 1 "~compactctl: $B: file too large \(over 64 MiB\)" --sysroot "$T/tree" status
tree; head -c 1048576 /dev/zero | tr '\0' 1 > "$B"
expect "a line of 1 MB" 1 "~compactctl: $B:1: line too long \(over 65536 bytes\)" --sysroot "$T/tree" status
tree; for i in $(seq 0 9999); do echo "Node $i, zone Normal 1 1 1 1 1 1 1 1 1 1 1"; done > "$B"
expect "10,000 nodes" 1 "~compactctl: $B:1025: node 1024 out of range \(the kernel allows at most 1023\)" --sysroot "$T/tree" status
tree; printf 'Node 0, zone DMA 1\0 2 3 4 5 6 7 8 9 10 11\n' > "$B"
expect "a NUL byte" 1 "~compactctl: $B:1: NUL byte in a text file" --sysroot "$T/tree" status
tree; sed -i '1s/ 3 *$/ -1/' "$B"
expect "a negative count" 1 "~compactctl: $B:1: negative count '-1'" --sysroot "$T/tree" status
tree; sed -i '1s/ 3 *$/ 18446744073709551616/' "$B"
expect "a count of 2^64" 1 "~compactctl: $B:1: '18446744073709551616' does not fit in 64 bits" --sysroot "$T/tree" status
tree; sed -i 's/^pgmigrate_success .*/pgmigrate_success 18446744073709551616/' "$T/tree/proc/vmstat"
expect "vmstat counter of 2^64" 1 "~compactctl: $T/tree/proc/vmstat:[0-9]+: .*64 bits.*" --sysroot "$T/tree" status
# snapshot documents
"$COMPACTCTL" --sysroot "$good" snapshot > "$T/a.json"
jq '.nodes = "x"' "$T/a.json" > "$T/type.json"
expect "snapshot of the wrong type" 1 "~compactctl: $T/type.json: snapshot: nodes: expected an array" diff "$T/type.json" "$T/a.json"
jq '.compactctl_snapshot = 99' "$T/a.json" > "$T/ver.json"
expect "snapshot of another version" 1 "~compactctl: $T/ver.json: snapshot format version 99; this compactctl reads version 1" diff "$T/ver.json" "$T/a.json"
jq '.nodes[0].zones[0].free_blocks[0] = 18446744073709551616' "$T/a.json" > "$T/big.json"
expect "snapshot count of 2^64" 1 "~compactctl: $T/big.json: snapshot: nodes\[0\]\.zones\[0\]\.free_blocks\[0\]: expected an integer from 0 to 2\^64-1" diff "$T/big.json" "$T/a.json"
{ printf '{"compactctl_snapshot": 1, "nodes": ['; for i in $(seq 0 9999); do printf '%s{"node": %d, "zones": []}' "$([ $i = 0 ] || echo ,)" $i; done; printf ']}'; } > "$T/nodes.json"
expect "snapshot with 10,000 nodes" 1 "~compactctl: $T/nodes.json: snapshot: .*" diff "$T/nodes.json" "$T/a.json"
done_testing
