#!/bin/bash
# Command-line behaviour: global options on either side of the command,
# usage errors (exit 64), --help/--version, colour rules, node and order
# selection, and the hand-worked example of kernel-interfaces.md §2.7.
. "$(dirname "$0")/lib.sh"
T=$FIX/local-x86_64-6.18-vm-settled
N8=$FIX/numa8-x86_64-hygon-plantegg
W=$FIX/hand-worked-2.7


a=$(cc --json --sysroot "$T" status)
b=$(cc status --sysroot "$T" --json)
c=$(cc --sysroot "$T" status -j)
same3() { [ -n "$1" ] && [ "$1" = "$2" ] && [ "$1" = "$3" ]; }
check "global options work before and after the command" same3 "$a" "$b" "$c"
check "status is the default command" [ "$(cc --sysroot "$T" --json)" = "$a" ]
check "--version names the program" bash -c "cc() { (exec -a compactctl \"$COMPACTCTL\" \"\$@\"); }; cc --version | grep -q '^compactctl [0-9]'"
check "--help lists the commands" bash -c "'$COMPACTCTL' --help | grep -q 'status'"
check "status --help lists --order and the global --sysroot" \
	bash -c "'$COMPACTCTL' status --help | grep -q -- '--order' && '$COMPACTCTL' status --help | grep -q -- '--sysroot'"

expect "unknown command" 64 "compactctl: unknown command 'frobnicate'" frobnicate
expect "unknown option" 64 "compactctl status: unrecognized option '--bogus'" --sysroot "$T" status --bogus
expect "extra argument" 64 "compactctl status: unexpected argument 'extra'" --sysroot "$T" status extra
expect "--node of a missing node" 64 "compactctl: --node 5: no such node (online nodes: 0)" --sysroot "$T" status --node 5
expect "--node that is not a list" 64 "compactctl: --node 'zero': expected a node number, list (0,2) or range (0-3)" \
	--sysroot "$T" status --node zero
expect "--node with a path in it" 64 "compactctl: --node '../0': expected a node number, list (0,2) or range (0-3)" \
	--sysroot "$T" status --node ../0
expect "--order past the last order" 64 "compactctl: --order 11: this kernel's orders are 0 to 10" \
	--sysroot "$T" status --order 11
expect "--order that is not a power of two" 64 \
	"compactctl: --order '3M': expected an order (0 to 10) or a power-of-two size such as 2M" \
	--sysroot "$T" status --order 3M

# a power-of-two size past the largest order says so (issue 12, defect 5)
expect "--order 1G: past the largest order, said so" 64 \
	"compactctl: --order 1G: that is order 18, past this kernel's largest order 10 (4M)" \
	--sysroot "$T" status --order 1G
expect "--order 64M on 64K pages (order 10 of 9): the same" 64 \
	"compactctl: --order 64M: that is order 10, past this kernel's largest order 8 (16M)" \
	--sysroot "$FIX/ppc64le-6.1-qemu-pseries-radix-numa2" status --order 64M
check "--order 2M means order 9 on 4K pages" [ "$(cc --sysroot "$T" --json status --order 2M | jq .order)" = 9 ]
check "--order 4M means order 6 on 64K pages" \
	[ "$(cc --sysroot "$FIX/ppc64le-6.1-qemu-pseries-radix-numa2" --json status --order 4M | jq .order)" = 6 ]
check "--node 1,3 selects two of eight nodes" \
	[ "$(cc --sysroot "$N8" --json status --node 1,3 | jq -c '[.nodes[].node]')" = "[1,3]" ]
check "--node 2-4 selects a range" \
	[ "$(cc --sysroot "$N8" --json status --node 2-4 | jq -c '[.nodes[].node]')" = "[2,3,4]" ]

# colour: never into a pipe; forced off by NO_COLOR and --no-color even on a tty
check "no escape codes when stdout is not a tty" bash -c "! '$COMPACTCTL' --sysroot '$T' status | grep -q \$'\\033'"
if command -v script >/dev/null; then
	tty_out=$(script -qec "'$COMPACTCTL' --sysroot '$T' status" /dev/null)
	check "colour on a tty" grep -q $'\033\[' <<<"$tty_out"
	tty_out=$(NO_COLOR=1 script -qec "'$COMPACTCTL' --sysroot '$T' status" /dev/null)
	check "NO_COLOR turns colour off on a tty" bash -c "! grep -q \$'\\033\\[' <<<\"\$1\"" _ "$tty_out"
	tty_out=$(script -qec "'$COMPACTCTL' --no-color --sysroot '$T' status" /dev/null)
	check "--no-color turns colour off on a tty" bash -c "! grep -q \$'\\033\\[' <<<\"\$1\"" _ "$tty_out"
	# issue 12, defect 7
	tty_out=$(TERM=dumb script -qec "'$COMPACTCTL' --sysroot '$T' status" /dev/null)
	check "TERM=dumb turns colour off on a tty" bash -c "! grep -q \$'\\033\\[' <<<\"\$1\"" _ "$tty_out"
	tty_out=$(TERM=xterm script -qec "'$COMPACTCTL' --sysroot '$T' status" /dev/null)
	check "... and another TERM keeps it (the test can fail)" grep -q $'\033\[' <<<"$tty_out"else
	skip "colour on a tty: script(1) not installed"
fi
check "text fits in 80 columns" [ "$(cc --sysroot "$N8" status | awk '{ if (length > m) m = length } END { print m }')" -le 80 ]

# §2.7 snapshot A, worked by hand: U_9 = 0.754, U_1 = 0.713, score 65 < 90
j=$(cc --sysroot "$W" --json status)
check "§2.7 Normal U_9 = 0.754" [ "$(jq '.nodes[0].zones[2].unusable_index[9]' <<<"$j")" = 0.754 ]
check "§2.7 Normal U_1 = 0.713" [ "$(jq '.nodes[0].zones[2].unusable_index[1]' <<<"$j")" = 0.713 ]
check "§2.7 S_9 = 874 in Normal" [ "$(jq '.nodes[0].zones[2].suitable_blocks[9]' <<<"$j")" = 874 ]
check "§2.7 zone scores 6/0/75" [ "$(jq -c '[.nodes[0].zones[].fragmentation_score]' <<<"$j")" = "[6,0,75]" ]
# the hand tree has neither a release nor the tunables: with p=20 given
# (high = min(max(100 - 20, 5) + 10, 100) = 90), 65 is no proactive run
w20=$(mktemp -d)
cp -r "$W/." "$w20"; mkdir -p "$w20/proc/sys/vm"; echo 20 > "$w20/proc/sys/vm/compaction_proactiveness"
check "§2.7 node score 65, no proactive run at p=20" \
	[ "$(cc --sysroot "$w20" --json status | jq -c '.nodes[0] | [.fragmentation_score, .kcompactd_high, .proactive_compaction_due]')" = "[65,90,false]" ]
rm -rf "$w20"
check "... without them, proactive compaction unknown: no thresholds" \
	[ "$(jq -c '[.proactive_compaction, .nodes[0].kcompactd_high, .nodes[0].proactive_compaction_due]' <<<"$j")" = "[null,null,null]" ]
check "§2.7 every F_k = -1 (an order-10 block exists)" \
	[ "$(jq -c '[.nodes[0].zones[].fragmentation_index[]] | unique' <<<"$j")" = "[-1]" ]
check "§2.6 headroom over low = free - low in Normal" \
	[ "$(jq '.nodes[0].zones[2] | .headroom.low == .zoneinfo_free_pages - .watermarks.low' <<<"$j")" = true ]

# hand-low-memory (tests/fixtures/README.hand): F_9 = 0 in DMA32 -> low memory
check "no order-9 block and F_9 = 0 <= 500: the verdict is low memory" \
	[ "$(cc --sysroot "$FIX/hand-low-memory" --json status | jq -c '.nodes[0].verdict | .cause_zone as $c | [.cause, $c, (.zones[] | select(.zone == $c) | .fragmentation_index), .free_blocks]')" = '["low_memory","DMA32",0,0]' ]

# one JSON envelope for every command (issue 12, defect 2): its version,
# the command, the kernel release
envelope() { # envelope CMD FILE: the envelope's three keys, CMD named
	jq -e --arg c "$1" '.compactctl_version == "'"$("$COMPACTCTL" --version | cut -d' ' -f2)"'"
		and .command == $c and (.kernel | type) == "string"' "$2" > /dev/null
}
E=$(mktemp -d)
cc --sysroot "$T" snapshot > "$E/snap"
for args in "status" "snapshot" "check --max-score 99" "watch --batch -n 1" "diff $E/snap $E/snap"; do
	cc --sysroot "$T" --json $args 2> /dev/null | head -c 1000000 > "$E/out"
	check "--json ${args%% *}: the envelope (version, command, kernel)" envelope "${args%% *}" "$E/out"
done
rm -rf "$E"

# numbers in JSON are numbers, never strings; unknowns are null
check "JSON numbers are numbers" \
	[ "$(jq '[.nodes | .. | strings] | map(select(test("^-?[0-9.]+$"))) | length' <<<"$a")" = 0 ]
has_keys() { jq -e "$1" >/dev/null <<<"$2"; }
check "JSON contract keys" has_keys '.kernel and .page_size and .pageblock_order and .max_order and
	(.nodes[0] | .node == 0 and (.fragmentation_score|type) == "number" and .kcompactd_low and .kcompactd_high and
	 (.zones[0] | .name and .free_blocks and .free_pages and .unusable_index and .fragmentation_index and
	  .present and .managed and .watermarks.min and .watermarks.low and .watermarks.high))' "$a"
# node_exporter-x86_64-buddyinfo states its arch: x86_64 pages are 4K
check "a buddyinfo-only dump: score null, page size derived" \
	[ "$(cc --sysroot "$FIX/node_exporter-x86_64-buddyinfo" --json status | jq -c '[.nodes[0].fragmentation_score, .page_size, .page_size_source]')" = '[null,4096,"derived"]' ]
expect "--order SIZE with the page size unknown: usage" 64 \
	"compactctl: --order 2M: the page size of this tree is not known; give the order (0 to 10)" \
	--sysroot "$FIX/hand-low-memory" status --order 2M
check "a tree without arch or meminfo: page size null (assumed), sizes in pages" \
	[ "$(cc --sysroot "$FIX/hand-low-memory" --json status | jq -c '[.page_size, .page_size_source, .nodes[0].zones[0].free_bytes]')" = '[null,"assumed",null]' ]
check "a pagetypeinfo-only dump: free lists summed, capped counts flagged" \
	[ "$(cc --sysroot "$FIX/numa2-x86_64-3.10-7digit-pagetypeinfo-plantegg" --json status | jq -c '.nodes[0].zones[0].free_source')" = '"pagetypeinfo"' ]
done_testing
