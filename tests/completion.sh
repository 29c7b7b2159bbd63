#!/bin/bash
# The bash completion offers the commands, options, the nodes of the
# (sys)root and the orders of its buddyinfo; and it knows every option that
# --help shows.
. "$(dirname "$0")/lib.sh"
comp=$TESTS_DIR/../completions/compactctl.bash
. "$comp"
complete_line() { # words... ; the last word is the one being completed
	COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); COMPREPLY=()
	_compactctl
	printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' '
}
check "first word: the command" [ "$(complete_line compactctl st)" = "status " ]
check "all commands" [ "$(complete_line compactctl '' | tr ' ' '\n' | grep -v '^-' | tr '\n' ' ')" = "compact diff probe snapshot status watch " ]
check "compact options" [ "$(complete_line compactctl compact --d)" = "--dry-run " ]
check "status options" [ "$(complete_line compactctl status --no)" = "--no-color --node " ]
check "global options before the command" [ "$(complete_line compactctl --j)" = "--json " ]
tree=$(mktemp -d); trap 'rm -rf "$tree"' EXIT
mkdir -p "$tree/sys/devices/system/node/node0" "$tree/sys/devices/system/node/node3" "$tree/proc"
cp "$FIX/ppc64le-6.1-qemu-pseries-radix-numa2/proc/buddyinfo" "$tree/proc/"
check "--node offers the nodes of the sysroot" \
	[ "$(complete_line compactctl --sysroot "$tree" status --node '')" = "0 3 " ]
check "--order offers the orders of the sysroot's buddyinfo (9 columns)" \
	[ "$(complete_line compactctl --sysroot "$tree" status --order '')" = "0 1 1G 2 2M 3 4 5 6 7 8 " ]
check "diff completes file names" \
	[ "$(complete_line compactctl diff "$TESTS_DIR/data/cover-letter-b")" = "$TESTS_DIR/data/cover-letter-before-buddyinfo.txt " ]
check "compact --node offers the nodes of the sysroot" \
	[ "$(complete_line compactctl --sysroot "$tree" compact --node '')" = "0 3 " ]
check "watch options" [ "$(complete_line compactctl watch --p)" = "--pages --pagetypeinfo-interval " ]
check "watch -n is the frame count (as in top), not nodes" \
	[ "$(complete_line compactctl --sysroot "$tree" watch -n '')" = "1 10 5 60 " ]
check "watch --node offers the nodes" \
	[ "$(complete_line compactctl --sysroot "$tree" watch --node '')" = "0 3 " ]
while IFS="|" read -r cmd opt; do
	check "'compactctl $cmd $opt' is in the bash completion" grep -q -- "$opt" "$comp"
done < <(help_options)
done_testing
