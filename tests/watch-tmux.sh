#!/bin/bash
# The curses view driven in tmux: starts, shows every zone of a two-node
# fixture (n switches nodes), pauses, switches order, toggles units, survives
# a resize to 60x20 and back, shows a file turning malformed in its status
# line and keeps running, compacts the shown node under the sysroot (key c,
# confirmed), and leaves the terminal restored on q and on SIGTERM.
. "$TESTS_DIR/lib.sh"
need tmux
T=$(mktemp -d)
S=cc-test-$$
export TMUX_TMPDIR=$T	# a private tmux server
at_exit 'tmux kill-server 2>/dev/null; rm -rf "$T"'

cp -r "$FIX/arm64-6.1-qemu-virt-numa2-dma-normal-split" "$T/tree"
touch "$T/tree/sys/devices/system/node/node0/compact" "$T/tree/sys/devices/system/node/node1/compact"
cp "$T/tree/proc/buddyinfo" "$T/buddyinfo.good"

screen() { tmux capture-pane -p -t "$S" 2>/dev/null; }
# wait_for REGEX [SECONDS]: until the screen matches
wait_for() {
	local i
	for i in $(seq 1 $((${2:-5} * 10))); do
		screen | grep -qE -- "$1" && return 0
		sleep 0.1
	done
	return 1
}
keys() { tmux send-keys -t "$S" "$@"; }

tmux new-session -d -s "$S" -x 80 -y 24 "env -u NO_COLOR LC_ALL=C.UTF-8 PS1='$ ' bash --norc --noprofile"
keys "stty -a | grep -oE '(^| )-?(icanon|echo)( |$)' | tr -d ' \\n'; echo ' =before'" Enter
wait_for '=before$' || fail "shell in tmux"
before=$(screen | grep '=before$' | tail -1)

keys "cd $T && (exec -a compactctl $COMPACTCTL --sysroot $T/tree watch -i 0.2 2> $T/stderr); echo rc=\$?" Enter
check "starts: header and both nodes listed" wait_for '^>node 0 .*score' 
check "node 1 listed" wait_for '^ node 1 .*score'
check "node 0 in detail: DMA column, 11 orders" wait_for '^Node 0 +DMA'
check "status line with the keys" wait_for 'q quit  space pause'
check "fits 80x24 (the last order and the rates are on screen)" \
	bash -c "tmux capture-pane -p -t $S | grep -qE '^ +10 +4M' && tmux capture-pane -p -t $S | grep -q '^system-wide/s'"
keys n
check "n: node 1 in detail (Normal)" wait_for '^Node 1 +Normal'
check "n: the mark moves to node 1" wait_for '^>node 1 '
keys n
check "n again wraps to node 0" wait_for '^Node 0 +DMA'
keys o
check "o: order 10 selected" wait_for 'order 10 \(4M\)'
check "o: the indices follow (unusable 10)" wait_for '^unusable 10 '
keys O O
check "O O: order 8" wait_for 'order 8 \(1M\)'
keys b
check "b: pages" wait_for '  pages  '
check "b: DMA order 10 in pages (722 x 1024 = 739328)" wait_for '^ +10 +4M +739328'
keys b
keys Space
check "space: paused" wait_for 'PAUSED'
f1=$(screen | grep -oE '#[0-9]+ ')
sleep 0.6
check "paused: no new frames" [ "$(screen | grep -oE '#[0-9]+ ')" = "$f1" ]
keys Space
check "space again: running" bash -c "sleep 0.6; ! tmux capture-pane -p -t $S | grep -q PAUSED"
keys '?'
check "?: help" wait_for 'compactctl watch: keys'
keys x
check "any key leaves the help" wait_for '^Node 0 '

tmux resize-window -t "$S" -x 60 -y 20
check "resize to 60x20: still drawing" wait_for '^Node 0 +DMA'
check "60x20: lines fit in 60 columns" bash -c "[ \$(tmux capture-pane -p -t $S | LC_ALL=C.UTF-8 wc -L) -le 60 ]"
tmux resize-window -t "$S" -x 80 -y 24
check "and back to 80x24" wait_for '^ +10 +4M'

printf 'Node 0, zone      DMA      2      x\n' > "$T/tree/proc/buddyinfo"
check "malformed buddyinfo: error in the status line" wait_for "$T/tree/proc/buddyinfo:1: "
check "... the view keeps the last frame" wait_for '^Node 0 +DMA'
cp "$T/buddyinfo.good" "$T/tree/proc/buddyinfo"
check "fixed again: the error clears" wait_for 'q quit  space pause'

keys c
check "c asks first" wait_for 'Compact node 0 now\? y/N'
# issue 12, defect 8: the question and the result are wrapped, never cut
check "... the whole question is on screen (its end too)" wait_for 'the view waits\)'
keys n
check "anything but y cancels" wait_for 'compaction cancelled'
check "... and writes nothing" [ ! -s "$T/tree/sys/devices/system/node/node0/compact" ]
keys c
wait_for 'Compact node 0 now' > /dev/null
keys y
check "y: compacts node 0 and reports" wait_for 'node 0 compacted in [0-9.]+s: .* free in blocks >= 2M \(now '
check "... the whole result is on screen (the score, the pages migrated)" \
	wait_for 'score [0-9]+ -> [0-9]+, [0-9]+ pages migrated$'
check "... wrote 1 to node0/compact only" \
	[ "$(cat "$T/tree/sys/devices/system/node/node0/compact")" = 1 -a ! -s "$T/tree/sys/devices/system/node/node1/compact" ]

keys q
check "q: exit status 0" wait_for '^rc=0$'
check "nothing on stderr (no sanitizer or leak report): $(head -c 300 "$T/stderr")" [ ! -s "$T/stderr" ]
keys "stty -a | grep -oE '(^| )-?(icanon|echo)( |$)' | tr -d ' \\n'; echo ' =after'" Enter
wait_for '=after$' > /dev/null
check "q: terminal restored (icanon, echo as before)" \
	[ "$(screen | grep '=after$' | tail -1 | sed 's/=after/=before/')" = "$before" ]

# SIGTERM: dies of the signal (143) with the terminal restored
keys clear Enter "(exec -a compactctl $COMPACTCTL --sysroot $T/tree watch -i 0.2); echo rc=\$?" Enter
wait_for '^Node 0 +DMA' > /dev/null
pkill -TERM -f "compactctl --sysroot $T/tree watch" || pkill -TERM -x compactctl
check "SIGTERM: exit status 143" wait_for '^rc=143$'
keys "stty -a | grep -oE '(^| )-?(icanon|echo)( |$)' | tr -d ' \\n'; echo ' =after2'" Enter
wait_for '=after2$' > /dev/null
check "SIGTERM: terminal restored" \
	[ "$(screen | grep '=after2$' | tail -1 | sed 's/=after2/=before/')" = "$before" ]

# colour, and none with NO_COLOR
keys clear Enter "$COMPACTCTL --sysroot $T/tree watch -i 0.2" Enter
wait_for '^Node 0 +DMA' > /dev/null
check "colours by default (bars in cyan)" bash -c "tmux capture-pane -e -p -t $S | grep -q $'\\e\\\\[36m'"
keys q
wait_for '^\$ $' > /dev/null
keys clear Enter "NO_COLOR=1 $COMPACTCTL --sysroot $T/tree watch -i 0.2" Enter
wait_for '^Node 0 +DMA' > /dev/null
check "NO_COLOR: no colour sequences (only bold, dim, reverse, defaults)" \
	bash -c "! tmux capture-pane -e -p -t $S | grep -qE $'\\e\\\\[([0-9]+;)*3[0-7](;[0-9]+)*m'"
keys q
# UTF-8 blocks in the bars under the UTF-8 locale; a UTF-8 LANG whose
# locale is not installed leaves curses in "C": ASCII bars, not each byte
# of a block drawn as a control sequence (M-b~V~H)
wait_for '^\$ $' > /dev/null
keys clear Enter "$COMPACTCTL --sysroot $T/tree watch -i 0.2" Enter
wait_for '^Node 0 +DMA' > /dev/null
check "UTF-8 locale: bars in block characters" bash -c "tmux capture-pane -p -t $S | grep -q $'\\xe2\\x96\\x88'"
keys q
wait_for '^\$ $' > /dev/null
keys clear Enter "env -u LC_ALL LANG=xx_XX.UTF-8 $COMPACTCTL --sysroot $T/tree watch -i 0.2" Enter
wait_for '^Node 0 +DMA' > /dev/null
check "a UTF-8 locale not installed: ASCII bars" bash -c "tmux capture-pane -p -t $S | grep -q '##'"
check "... and no bytes of a block shown as text" bash -c "! tmux capture-pane -p -t $S | grep -q '~V'"
keys q
done_testing
