#!/bin/bash
# compactctl watch --batch against a fixture tree whose files change between
# frames. uptime, buddyinfo, pagetypeinfo and vmstat are FIFOs fed frame by
# frame (in the order compactctl reads them), so the frames are exact: the
# rates divide by the uptime difference, and a read of pagetypeinfo at a
# frame where it is not due would block the feeder and fail the test.
. "$TESTS_DIR/lib.sh"
T=$(mktemp -d)
at_exit 'kill_jobs; rm -rf "$T"'
SRC=$FIX/arm64-6.1-qemu-virt-numa2-dma-normal-split

mktree() { # mktree DIR: the fixture, with FIFOs for the changing files
	rm -rf "$1"
	cp -r "$SRC" "$1"
	for f in uptime buddyinfo pagetypeinfo vmstat; do
		rm -f "$1/proc/$f"
		mkfifo "$1/proc/$f"
	done
}

# frame 2: DMA order 0 2 -> 10 blocks (+8 x 4K = +32K), order 10 722 -> 720
# (-2 x 4M = -8M); 2.00 s later; pgmigrate_success +5000 (2500/s),
# compact_stall +3 (1.5/s), compact_migrate_scanned +20000 (10000/s).
# frame 3: 60.50 s later, nothing changed (all rates 0); pagetypeinfo is
# due again (62.5 s since frame 1 >= the default 60).
cp "$SRC/proc/buddyinfo" "$T/bud1"
sed '1s/DMA      2      2/DMA     10      2/; 1s/    722 /    720 /' "$SRC/proc/buddyinfo" > "$T/bud2"
cp "$SRC/proc/vmstat" "$T/vm1"
sed 's/^pgmigrate_success 16$/pgmigrate_success 5016/; s/^compact_stall 0$/compact_stall 3/;
     s/^compact_migrate_scanned 800091$/compact_migrate_scanned 820091/' "$SRC/proc/vmstat" > "$T/vm2"
printf '100.00 50.00\n' > "$T/up1"
printf '102.00 51.00\n' > "$T/up2"
printf '162.50 81.00\n' > "$T/up3"
printf '112.50 56.00\n' > "$T/up3s"	# 12.5 s: within the minute of the statics
check "frame 2 differs from frame 1 as described" \
	[ "$(diff "$T/bud1" "$T/bud2" | grep -c '^[<>]')" = 2 -a "$(diff "$T/vm1" "$T/vm2" | grep -c '^[<>]')" = 6 ]

feed() { # feed TREE SPEC...: SPEC = up:bud:pti(0/1):vm per frame
	local tree=$1 spec u b p v; shift
	for spec in "$@"; do
		IFS=: read -r u b p v <<< "$spec"
		cat "$T/$u" > "$tree/proc/uptime"
		cat "$T/$b" > "$tree/proc/buddyinfo"
		[ "$p" = 1 ] && cat "$SRC/proc/pagetypeinfo" > "$tree/proc/pagetypeinfo"
		cat "$T/$v" > "$tree/proc/vmstat"
	done
}

FRAMES=(up1:bud1:1:vm1 up2:bud2:0:vm2 up3:bud2:1:vm2)

mktree "$T/tree"
feed "$T/tree" "${FRAMES[@]}" &
timeout 20 "$COMPACTCTL" --sysroot "$T/tree" watch --batch -n 3 -i 0.1 > "$T/out" 2> "$T/err"
rc=$?
wait
check "three frames, exit 0 (status $rc, stderr: $(head -c 200 "$T/err"))" [ "$rc" = 0 -a ! -s "$T/err" ]
check "frame headers: numbers and times from the tree's uptime" \
	[ "$(grep -oE '#[0-9]+ \+[0-9.]+s' "$T/out" | tr '\n' ' ')" = "#1 +0.0s #2 +2.0s #3 +62.5s " ]
f2=$(awk '/#2 \+/{p=1} /#3 \+/{p=0} p' "$T/out")
f3=$(awk '/#3 \+/{p=1} p' "$T/out")
row() { grep -E "^[ >] +$1 " <<< "$2" | head -1; }
check "frame 1 has no rates yet" grep -q 'vmstat rates from the second frame on' "$T/out"
check "frame 2: 2500 pages migrated/s" grep -qE 'migrated 2500 ' <<< "$f2"
check "frame 2: 10000 pages scanned/s (10.0k)" grep -qE ' scanned 10\.0k ' <<< "$f2"
check "frame 2: 1.5 stalls/s" grep -qE 'stalls 1\.5 ' <<< "$f2"
check "frame 2: DMA order 0 is 40K (10 x 4K), change +32K" \
	grep -qE '^ +0 +4K +40K +\+32K' <<< "$(row 0 "$f2")"
check "frame 2: DMA order 10 is 2.8G (720 x 4M), change -8M" \
	grep -qE '^ +10 +4M +2\.8G +-8M' <<< "$(row 10 "$f2")"
check "frame 2: Node 1 unchanged (no change column entries)" \
	[ -z "$(awk '/^Node 1/{p=1} /^system/{p=0} p' <<< "$f2" | grep -E '[+-][0-9.]+[KMG]? ' | grep -v 'over low')" ]
check "frame 3: every rate 0" \
	[ "$(grep -A1 '^system-wide' <<< "$f3" | tr ' ' '\n' | grep -E '^[0-9.]+k?$' | sort -u | tr -d '\n')" = 0 ]
check "frame 3: no changes since frame 2" [ -z "$(grep -E '^[ >] +[0-9]+ ' <<< "$f3" | grep -E ' [+-][0-9]')" ]
check "pageblocks shown in every frame (carried between pagetypeinfo reads)" \
	[ "$(grep -c '^pageblocks' "$T/out")" = 6 ]
check "frames match the reviewed golden file" diff -u "$TESTS_DIR/expected/watch-batch.txt" "$T/out"

# the default --pagetypeinfo-interval is 60 s: 12.5 s after frame 1,
# pagetypeinfo is not read again (its FIFO is not fed: a read would hang
# until the timeout), and frame 3 carries frame 1's pageblocks
mktree "$T/tree"
feed "$T/tree" up1:bud1:1:vm1 up2:bud2:0:vm2 up3s:bud2:0:vm2 &
timeout 10 "$COMPACTCTL" --sysroot "$T/tree" watch --batch -n 3 -i 0.1 > "$T/out" 2> "$T/err"
rc=$?
kill %% 2> /dev/null; wait
check "pagetypeinfo not read again within 60 s (exit $rc)" [ "$rc" = 0 ]
check "... its pageblocks carried to every frame" [ "$(grep -c '^pageblocks' "$T/out")" = 6 ]

# JSON lines: one document per frame
mktree "$T/tree"
feed "$T/tree" "${FRAMES[@]}" &
timeout 20 "$COMPACTCTL" --sysroot "$T/tree" --json watch --batch -n 3 -i 0.1 > "$T/out.json" 2> "$T/err"
rc=$?
wait
check "--json: exit 0" [ "$rc" = 0 ]
check "--json: three lines, each a JSON document" [ "$(jq -c . "$T/out.json" | wc -l)" = 3 -a "$(wc -l < "$T/out.json")" = 3 ]
check "--json: frame numbers" [ "$(jq -r .frame "$T/out.json" | tr '\n' ' ')" = "1 2 3 " ]
check "--json: no rates in frame 1" jqt -s '.[0].rates_per_s == null' "$T/out.json"
check "--json: frame 2 rates" jqt -s '.[1].rates_per_s | .pgmigrate_success == 2500 and .compact_stall == 1.5 and .compact_migrate_scanned == 10000' "$T/out.json"
check "--json: frame 2 DMA order 0 has 10 blocks" jqt -s '.[1].nodes[0].zones[0].free_blocks[0] == 10' "$T/out.json"

# a malformed file at frame 2: exit 1, the message, frame 1 whole on stdout
printf 'Node 0, zone      DMA      2      x\n' > "$T/badbud"
mktree "$T/tree"
( feed "$T/tree" up1:bud1:1:vm1
  cat "$T/up2" > "$T/tree/proc/uptime"; cat "$T/badbud" > "$T/tree/proc/buddyinfo" ) &
timeout 20 "$COMPACTCTL" --sysroot "$T/tree" watch --batch -n 3 -i 0.1 > "$T/out" 2> "$T/err"
rc=$?
wait
check "malformed buddyinfo at frame 2: exit 1" [ "$rc" = 1 ]
check "... one line on stderr naming the file and line: $(cat "$T/err")" \
	grep -qE "^compactctl: $T/tree/proc/buddyinfo:1: .+" "$T/err"
check "... stderr is one line" [ "$(wc -l < "$T/err")" = 1 ]
check "... stdout holds frame 1, whole" \
	diff <(awk '/#2 \+/{exit} {print}' "$TESTS_DIR/expected/watch-batch.txt" | sed '$d') "$T/out"

# zoneinfo disappears after frame 1
mktree "$T/tree"
( feed "$T/tree" up1:bud1:1:vm1; rm "$T/tree/proc/zoneinfo"; feed "$T/tree" up2:bud2:0:vm2 ) &
timeout 20 "$COMPACTCTL" --sysroot "$T/tree" watch --batch -n 3 -i 0.1 > "$T/out" 2> "$T/err"
rc=$?
wait
check "zoneinfo gone at frame 2: exit 1, message ($(cat "$T/err"))" \
	[ "$rc" = 1 -a "$(cat "$T/err")" = "compactctl: $T/tree/proc/zoneinfo: gone since the previous frame (no such file)" ]

# the files only an administrator changes (osrelease, vm knobs, THP) are
# read at frame 1 and then once a minute, or when the zones' watermarks
# move (issue 14). osrelease as a FIFO written once: a frame that opened it
# again would wait for a writer and give up after 10 s (exit 1).
# written_once FILE LINE: three frames over 12.5 s in a fresh tree whose
# FILE is a FIFO written LINE once; rc the status
written_once() {
	local once=$T/tree/$1	# (mktree's loop sets f)
	mktree "$T/tree"
	rm -f "$once"; mkfifo "$once"
	( timeout 20 sh -c "echo $2 > '$once'" ) &
	feed "$T/tree" up1:bud1:1:vm1 up2:bud2:0:vm2 up3s:bud2:1:vm2 &
	timeout 20 "$COMPACTCTL" --sysroot "$T/tree" watch --batch -n 3 -i 0.1 \
		--pagetypeinfo-interval 10 > "$T/out" 2> "$T/err"
	rc=$?
	wait
}
written_once proc/sys/kernel/osrelease 9.9-once
check "osrelease read once in 3 frames over 12.5 s (exit $rc: $(head -c 200 "$T/err"))" [ "$rc" = 0 ]
check "... every frame names it" [ "$(grep -c '^compactctl  9.9-once  ' "$T/out")" = 3 ]
# the nodes online, likewise: read by frame 1 only
written_once sys/devices/system/node/online 0-1
check "the nodes online read once in 3 frames (exit $rc: $(head -c 200 "$T/err"))" [ "$rc" = 0 ]
# min 5551 -> 6000 in node 0's first zone after frame 1: frame 2 reads it again
mktree "$T/tree"
rm "$T/tree/proc/sys/kernel/osrelease"; mkfifo "$T/tree/proc/sys/kernel/osrelease"
rel=$T/tree/proc/sys/kernel/osrelease
# frame 1 reads uptime, osrelease, buddyinfo, pagetypeinfo, ..., vmstat;
# frame 2 uptime, buddyinfo, ..., vmstat, then osrelease, as the zones moved
( cat "$T/up1" > "$T/tree/proc/uptime"; echo 9.9-1 > "$rel"
  cat "$T/bud1" > "$T/tree/proc/buddyinfo"; cat "$SRC/proc/pagetypeinfo" > "$T/tree/proc/pagetypeinfo"
  cat "$T/vm1" > "$T/tree/proc/vmstat"
  sed -i 's/^        min      5551$/        min      6000/' "$T/tree/proc/zoneinfo"
  cat "$T/up2" > "$T/tree/proc/uptime"; cat "$T/bud2" > "$T/tree/proc/buddyinfo"
  cat "$T/vm2" > "$T/tree/proc/vmstat"; timeout 15 sh -c "echo 9.9-2 > '$rel'" ) &
timeout 20 "$COMPACTCTL" --sysroot "$T/tree" watch --batch -n 2 -i 0.1 > "$T/out" 2> "$T/err"
rc=$?
wait
check "a watermark moved at frame 2: osrelease read again (exit $rc)" [ "$rc" = 0 ]
check "... frame 1 shows 9.9-1, frame 2 9.9-2" \
	[ "$(grep -oE '^compactctl  9.9-[12]' "$T/out" | tr '\n' ' ')" = "compactctl  9.9-1 compactctl  9.9-2 " ]

# usage errors
T2=$FIX/local-x86_64-6.18-vm-settled
expect "--json without --batch" 64 "compactctl: watch: --json needs --batch (one JSON document per frame and line)" --sysroot "$T2" --json watch
expect "no terminal without --batch" 64 "compactctl: watch: the live view needs a terminal; use --batch for pipes and logs" --sysroot "$T2" watch
expect "--interval 0" 64 "compactctl watch: --interval '0': expected seconds from 0.1 to 86400" --sysroot "$T2" watch -b --interval 0
expect "--interval abc" 64 "compactctl watch: --interval 'abc': expected seconds from 0.1 to 86400" --sysroot "$T2" watch -b -i abc
expect "-n 0" 64 "compactctl watch: --iterations '0': expected a count from 1 to 100000000" --sysroot "$T2" watch -b -n 0
expect "--node 3 on a one-node tree" 64 "compactctl: --node 3: no such node (online nodes: 0)" --sysroot "$T2" watch -b -n 1 --node 3
expect "--order 11" 64 "compactctl: --order 11: this kernel's orders are 0 to 10" --sysroot "$T2" watch -b -n 1 --order 11

# every fixture tree renders a frame (or says clearly why not), never crashes
for d in "$FIX"/*/; do
	name=$(basename "$d")
	timeout 20 "$COMPACTCTL" --sysroot "$d" watch -b -n 1 > "$T/out" 2> "$T/err"
	rc=$?
	if [ "$rc" = 0 ]; then
		check "$name: one frame" grep -q '^compactctl  ' "$T/out"
	else
		check "$name: exit 1 with one clear message ($(head -1 "$T/err"))" \
			[ "$rc" = 1 -a ! -s "$T/out" -a "$(grep -c '^compactctl: ' "$T/err")" -ge 1 ]
	fi
done
# --node and --pages on a two-node tree
timeout 20 "$COMPACTCTL" --sysroot "$FIX/ppc64le-6.1-qemu-pseries-radix-numa2" watch -b -n 1 --node 1 --pages > "$T/out" 2>&1
check "--node 1: only node 1" [ "$(grep -cE '^(Node|.node) ' "$T/out")" = 2 -a "$(grep -c '^Node 1' "$T/out")" = 1 ]
check "--pages: header says pages" grep -q '  pages  ' "$T/out"
done_testing
