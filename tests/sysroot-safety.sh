#!/bin/bash
# --sysroot confined (issue 11, defects 4, 5 and 6): links never lead out
# of the tree, for reads and writes; only regular files are opened (a FIFO
# is waited for a bounded time); control characters from the tree never
# reach the terminal, in text, JSON or error messages.
. "$TESTS_DIR/lib.sh"
T=$(mktemp -d)
chmod 755 "$T"
at_exit 'kill_jobs; rm -rf "$T"'
SRC=$FIX/arm64-6.1-qemu-virt-numa2-dma-normal-split

tree() { # tree DIR: a writable copy with the compaction triggers
	rm -rf "$1"
	cp -r "$SRC" "$1"
	mkdir -p "$1/proc/sys/vm"
	: > "$1/proc/sys/vm/compact_memory"
	for nd in "$1"/sys/devices/system/node/node*; do : > "$nd/compact"; done
}

# ---- links out of the tree (defect 4) ----
echo "victim's own content" > "$T/victim"
tree "$T/a"
rm "$T/a/proc/sys/vm/compact_memory"
ln -s "$T/victim" "$T/a/proc/sys/vm/compact_memory"
cc --sysroot "$T/a" compact > "$T/out" 2> "$T/err"
rc=$?
check "compact through an absolute link out of the tree: the victim is untouched" \
	[ "$(cat "$T/victim")" = "victim's own content" ]
check "... the link resolves inside the tree, where nothing is: exit 1 ($(head -c 200 "$T/err"))" \
	[ "$rc" = 1 ]
ln -sf "../../../../victim" "$T/a/proc/sys/vm/compact_memory"
cc --sysroot "$T/a" compact > "$T/out" 2> "$T/err"
check "... and through a relative link climbing out: untouched too" \
	[ "$(cat "$T/victim")" = "victim's own content" ]
ln -sf "/../../../../../../$T/victim" "$T/a/proc/sys/vm/compact_memory"
cc --sysroot "$T/a" compact > "$T/out" 2> "$T/err"
check "... and through '/..' at the top: untouched" [ "$(cat "$T/victim")" = "victim's own content" ]

# a link that stays inside the tree is followed, as the kernel's would be
mkdir -p "$T/a/elsewhere"
: > "$T/a/elsewhere/compact_memory"
ln -sf /elsewhere/compact_memory "$T/a/proc/sys/vm/compact_memory"
cc --sysroot "$T/a" compact > "$T/out" 2> "$T/err"
rc=$?
check "a link inside the tree is followed (from the tree's top): exit 0" [ "$rc" = 0 ]
check "... the write lands in the tree's file" [ "$(cat "$T/a/elsewhere/compact_memory")" = 1 ]

# reads: osrelease -> a secret outside
echo "root:secret-hash:19000:0:99999:7:::" > "$T/shadow"
tree "$T/b"
mkdir -p "$T/b/proc/sys/kernel"
ln -sf "$T/shadow" "$T/b/proc/sys/kernel/osrelease"
cc --sysroot "$T/b" status > "$T/out" 2> "$T/err"
no_secret() { ! grep -q secret-hash "$T/out" "$T/err"; }
check "status with osrelease -> a file outside: its content is not printed" no_secret
check "... the kernel is unknown instead" grep -q '^Linux ?: ' "$T/out"

# probe's pool writes
tree "$T/c"
HP=sys/kernel/mm/hugepages/hugepages-2048kB
mkdir -p "$T/c/$HP"
for f in free_hugepages resv_hugepages surplus_hugepages; do echo 0 > "$T/c/$HP/$f"; done
echo 0 > "$T/pool"
ln -s "$T/pool" "$T/c/$HP/nr_hugepages"
for nd in 0 1; do
	mkdir -p "$T/c/sys/devices/system/node/node$nd/hugepages/hugepages-2048kB"
	ln -s "$T/pool" "$T/c/sys/devices/system/node/node$nd/hugepages/hugepages-2048kB/nr_hugepages"
done
cc --sysroot "$T/c" probe > "$T/out" 2> "$T/err"
check "probe through links out of the tree: the file outside is not written" [ "$(cat "$T/pool")" = 0 ]

# ---- what is not a regular file (defect 5) ----
tree "$T/d"
rm "$T/d/proc/buddyinfo"
mkfifo "$T/d/proc/buddyinfo"
start=$(date +%s)
# (timeout: a wait without a bound must fail the test, not hang it)
timeout 20 "$COMPACTCTL" --sysroot "$T/d" check --max-score 50 --timeout 1 > "$T/out" 2> "$T/err"
rc=$?
took=$(( $(date +%s) - start ))
check "check with a FIFO nobody feeds: UNKNOWN (3), not a hang" [ "$rc" = 3 ]
check "... within its --timeout (1 s; took ${took}s)" [ "$took" -le 3 ]
check "... and says why" grep -q '^COMPACTCTL UNKNOWN - .*/proc/buddyinfo: a FIFO nobody opened within 1 s: gave up' "$T/out"
start=$(date +%s)
timeout 30 "$COMPACTCTL" --sysroot "$T/d" status > "$T/out" 2> "$T/err"
rc=$?
took=$(( $(date +%s) - start ))
check "status with the FIFO: exit 1 after the bounded wait (10 s; took ${took}s)" \
	[ "$rc" = 1 -a "$took" -le 13 -a "$took" -ge 9 ]
if [ "$(id -u)" = 0 ]; then
	rm "$T/d/proc/buddyinfo"
	mknod "$T/d/proc/buddyinfo" c 1 3	# /dev/null's numbers
	expect "a character device where a kernel file should be: refused" 1 \
		"compactctl: $T/d/proc/buddyinfo: a character device, not a regular file: refused" \
		--sysroot "$T/d" status
	rm "$T/d/proc/buddyinfo"
	mknod "$T/d/proc/buddyinfo" b 7 0
	expect "a block device: refused" 1 \
		"compactctl: $T/d/proc/buddyinfo: a block device, not a regular file: refused" \
		--sysroot "$T/d" status
else
	skip "devices in a tree: mknod needs root"
	skip "block device: mknod needs root"
fi
rm -f "$T/d/proc/buddyinfo"
if python3 -c "import socket, sys; s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])" \
	"$T/d/proc/buddyinfo" 2> /dev/null; then
	expect "a socket: refused" 1 \
		"compactctl: $T/d/proc/buddyinfo: a socket, not a regular file: refused" \
		--sysroot "$T/d" status
else
	skip "a socket in a tree: python3 missing"
fi
tree "$T/e"
rm "$T/e/proc/sys/vm/compact_memory"
mkdir "$T/e/proc/sys/vm/compact_memory"
expect "a directory where compact_memory should be: refused, nothing written" 1 \
	"compactctl: $T/e/proc/sys/vm/compact_memory: a directory, not a regular file: refused" \
	--sysroot "$T/e" compact

# ---- control characters from the tree (defect 6) ----
tree "$T/f"
mkdir -p "$T/f/proc/sys/kernel"
printf '6.1\033]0;owned\007\033[2J-evil\n' > "$T/f/proc/sys/kernel/osrelease"
sed -i 's/Unmovable/Unm\x1b[8mov/g' "$T/f/proc/pagetypeinfo"
no_control() { # no byte below 0x20 but tab and newline, and no DEL, in the files
	! LC_ALL=C grep -q $'[\001-\010\013-\037\177]' "$@"
}
cc --sysroot "$T/f" status > "$T/out" 2> "$T/err"
check "status: no control character from osrelease or migratetype names reaches stdout" no_control "$T/out"
check "... the release is shown escaped" grep -q '^Linux 6.1\\x1b\]0;owned\\x07\\x1b\[2J-evil' "$T/out"
cc --sysroot "$T/f" watch --batch -n 1 > "$T/out" 2> "$T/err"
check "watch --batch: none either" no_control "$T/out"
check "... the release escaped in the header" grep -q 'compactctl  6.1\\x1b' "$T/out"
cc --sysroot "$T/f" --json status > "$T/out.json" 2> "$T/err"
check "JSON: a valid document" json_one "$T/out.json"
check "... with no raw control character" no_control "$T/out.json"
cc --sysroot "$T/f" export > "$T/out.prom" 2> "$T/err"
check "export: no raw control character" no_control "$T/out.prom"
if command -v promtool > /dev/null; then
	check "... and still valid for promtool" bash -c "promtool check metrics < '$T/out.prom' > /dev/null 2>&1"
else
	skip "promtool: not installed"
fi
mkdir -p "$T/f/proc/sys/vm"
printf 'a\033[31mb\n' > "$T/f/proc/sys/vm/extfrag_threshold"
cc --sysroot "$T/f" status > "$T/out" 2> "$T/err"
check "an error message quoting the file's content: escaped ($(cat "$T/err"))" \
	grep -qF "'a\\x1b[31mb' is not a number" "$T/err"
check "... no raw control character on stderr" no_control "$T/err"
done_testing
