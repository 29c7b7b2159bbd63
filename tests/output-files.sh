#!/bin/bash
# Output files (-o, --output; issue 11, defects 1 and 7): a regular file is
# replaced atomically and kept whole on failure; a FIFO or character device
# is written in place, never replaced; a directory, block device, socket,
# or a symbolic link to a regular file is refused; root writes into a
# directory only its privileges open.
. "$TESTS_DIR/lib.sh"
T=$(mktemp -d)
chmod 755 "$T"
at_exit 'kill_jobs; rm -rf "$T"'
ARM=$FIX/arm64-6.1-qemu-virt-numa2-dma-normal-split
cc --sysroot "$ARM" export > "$T/want.prom"

# a character device: written in place, the node stays what it was
if [ "$(id -u)" = 0 ]; then
	mknod "$T/null" c 1 3
	cc --sysroot "$ARM" export -o "$T/null" > "$T/out" 2> "$T/err"
	rc=$?
	still_dev() { [ -c "$T/null" ] && [ "$(stat -c %t:%T "$T/null")" = 1:3 ]; }
	check "export -o a character device: exit 0 ($(cat "$T/err"))" [ "$rc" = 0 ]
	check "... the device node is still the device (not replaced by a file)" still_dev
	check "... no temporary left beside it" [ "$(ls "$T" | grep -c '^null')" = 1 ]
	mknod "$T/blk" b 7 0
	expect "-o a block device: refused" 1 "compactctl: $T/blk: a block device: refused" \
		--sysroot "$ARM" export -o "$T/blk"
	check "... still a block device" [ -b "$T/blk" ]
else
	skip "-o a character device: mknod needs root"
	skip "... still the device"
	skip "... no temporary"
	skip "-o a block device: mknod needs root"
	skip "... still a block device"
fi

# a FIFO (and /dev/stdout as a link to a pipe): written in place
mkfifo "$T/fifo"
cat "$T/fifo" > "$T/from-fifo" &
reader=$!
cc --sysroot "$ARM" export -o "$T/fifo" > "$T/out" 2> "$T/err"
rc=$?
wait $reader
check "export -o a FIFO: exit 0" [ "$rc" = 0 ]
check "... the reader got the whole exposition" cmp -s <(notime "$T/from-fifo") <(notime "$T/want.prom")
check "... the FIFO is still a FIFO" [ -p "$T/fifo" ]
ln -s "$T/fifo" "$T/link-to-fifo"
cat "$T/fifo" > "$T/from-fifo" &
reader=$!
cc --sysroot "$ARM" status --format prometheus --output "$T/link-to-fifo" > "$T/out" 2> "$T/err"
rc=$?
wait $reader
check "--output through a link to a FIFO: written through it" cmp -s <(notime "$T/from-fifo") <(notime "$T/want.prom")
check "... the link is still the link" [ -L "$T/link-to-fifo" ]
out=$(cc --sysroot "$ARM" status --format prometheus --output /dev/stdout | cat)
check "--output /dev/stdout into a pipe: the exposition arrives" [ "$(notime <<<"$out")" = "$(notime "$T/want.prom")" ]
check "... /dev/stdout is still a link" [ -L /dev/stdout ]

# refused: a directory, a socket, a link to a regular file, a dangling link
mkdir "$T/dir"
expect "-o a directory: refused" 1 "compactctl: $T/dir: a directory: refused" \
	--sysroot "$ARM" export -o "$T/dir"
check "... nothing created in it" [ -z "$(ls "$T/dir")" ]
if python3 -c "import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])" "$T/sock" 2> /dev/null; then
	expect "-o a socket: refused" 1 "compactctl: $T/sock: a socket: refused" \
		--sysroot "$ARM" export -o "$T/sock"
else
	skip "-o a socket: python3 missing"
fi
echo "precious" > "$T/precious"
ln -s "$T/precious" "$T/link-to-file"
expect "-o a link to a regular file: refused" 1 \
	"compactctl: $T/link-to-file: a symbolic link to a regular file: refused (name the file itself)" \
	--sysroot "$ARM" export -o "$T/link-to-file"
check "... the file behind it untouched" [ "$(cat "$T/precious")" = precious ]
check "... the link still a link" [ -L "$T/link-to-file" ]
ln -s "$T/nothing" "$T/dangling"
expect "-o a dangling link: refused" 1 "compactctl: $T/dangling: a symbolic link to nothing: refused" \
	--sysroot "$ARM" export -o "$T/dangling"
check "... nothing created behind it" [ ! -e "$T/nothing" ]

# a regular file: replaced atomically; on failure the old one stays
echo old > "$T/file.prom"
ino=$(stat -c %i "$T/file.prom")
cc --sysroot "$ARM" export -o "$T/file.prom" > "$T/out" 2> "$T/err"
check "-o a regular file: replaced by a new file (another inode)" \
	[ "$(stat -c %i "$T/file.prom")" != "$ino" ]
check "... with the exposition" cmp -s <(notime "$T/file.prom") <(notime "$T/want.prom")
echo old > "$T/file.prom"
expect "a failure after -o is set up (usage error): exit 64" 64 \
	"compactctl: --node 7: no such node (online nodes: 0,1)" --sysroot "$ARM" export --node 7 -o "$T/file.prom"
check "... the old file is kept" [ "$(cat "$T/file.prom")" = old ]
check "... and no temporary left" [ "$(ls "$T" | grep -c '^file.prom')" = 1 ]

# root into a directory owned by another user (mode 755): only privileges
# open it; the temporary is created and renamed by them (defect 7)
if [ "$(id -u)" = 0 ]; then
	mkdir "$T/foreign"
	chown 65534:65534 "$T/foreign"
	chmod 755 "$T/foreign"
	cc --sysroot "$ARM" export -o "$T/foreign/x.prom" > "$T/out" 2> "$T/err"
	rc=$?
	check "root, -o into a foreign user's directory: exit 0 ($(cat "$T/err"))" [ "$rc" = 0 ]
	check "... the file is there, whole" cmp -s <(notime "$T/foreign/x.prom") <(notime "$T/want.prom")
	check "... no temporary left" [ "$(ls "$T/foreign")" = x.prom ]
	drops() { # the command still dropped every capability before reading
		[ "$(grep CapEff "/proc/$1/status" | awk '{ print $2 }')" = 0000000000000000 ]
	}
	rm "$T/foreign/x.prom"
	cp -r "$ARM" "$T/tree"
	rm "$T/tree/proc/buddyinfo"; mkfifo "$T/tree/proc/buddyinfo"
	cc --sysroot "$T/tree" export -o "$T/foreign/x.prom" > "$T/out" 2> "$T/err" &
	# $! may be the subshell of cc; compactctl is then its one child (and
	# the helper that renames, which keeps the privileges, a grandchild)
	pid=$!
	for _ in $(seq 400); do	# (valgrind starts slowly)
		reader=$(pgrep -P $pid | head -1)
		reader=${reader:-$pid}
		[ "$(cat /proc/$reader/wchan 2>/dev/null)" = wait_for_partner ] && break
		sleep 0.05
	done
	check "... while it reads, no capability left in the reader" drops "$reader"
	cat "$ARM/proc/buddyinfo" > "$T/tree/proc/buddyinfo"
	wait
	check "... and the file written" cmp -s <(notime "$T/foreign/x.prom") <(notime "$T/want.prom")
else
	skip "root into a foreign directory: needs root"
	skip "... the file"
	skip "... no temporary"
	skip "... capabilities dropped"
	skip "... written"
fi
done_testing
