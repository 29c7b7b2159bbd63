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
check "all commands" [ "$(complete_line compactctl '' | tr ' ' '\n' | grep -v '^-' | tr '\n' ' ')" = "check compact diff export map probe snapshot status watch " ]
check "compact options" [ "$(complete_line compactctl compact --d)" = "--dry-run " ]
check "status options" [ "$(complete_line compactctl status --no)" = "--no-color --node " ]
check "global options before the command" [ "$(complete_line compactctl --j)" = "--json " ]
tree=$(mktemp -d); at_exit 'rm -rf "$tree"'
mkdir -p "$tree/sys/devices/system/node/node0" "$tree/sys/devices/system/node/node3" "$tree/proc"
cp "$FIX/ppc64le-6.1-qemu-pseries-radix-numa2/proc/buddyinfo" "$tree/proc/"
check "--node offers the nodes of the sysroot" \
	[ "$(complete_line compactctl --sysroot "$tree" status --node '')" = "0 3 " ]
# orders only: a size such as 1G may be past the last order (64K pages)
check "--order offers the orders of the sysroot's buddyinfo (9 columns)" \
	[ "$(complete_line compactctl --sysroot "$tree" status --order '')" = "0 1 2 3 4 5 6 7 8 " ]
check "diff completes file names" \
	[ "$(complete_line compactctl diff "$TESTS_DIR/data/cover-letter-b")" = "$TESTS_DIR/data/cover-letter-before-buddyinfo.txt " ]
check "compact --node offers the nodes of the sysroot" \
	[ "$(complete_line compactctl --sysroot "$tree" compact --node '')" = "0 3 " ]
check "watch options" [ "$(complete_line compactctl watch --p)" = "--pages --pagetypeinfo-interval " ]
check "watch -n is the frame count (as in top), not nodes" \
	[ "$(complete_line compactctl --sysroot "$tree" watch -n '')" = "1 10 5 60 " ]
check "watch --node offers the nodes" \
	[ "$(complete_line compactctl --sysroot "$tree" watch --node '')" = "0 3 " ]
check "export -o completes files" \
	[ "$(complete_line compactctl export -o "$TESTS_DIR/data/cover-letter-b")" = "$TESTS_DIR/data/cover-letter-before-buddyinfo.txt " ]
check "--format" [ "$(complete_line compactctl status --format '')" = "json prometheus text " ]
# zsh and fish: every option of --help is in them too, in its own command's
# part (the globals array / the lines without a command condition for the
# global options); syntax checked when installed
zsh_comp=$TESTS_DIR/../completions/_compactctl
fish_comp=$TESTS_DIR/../completions/compactctl.fish
zsh_part() { # zsh_part CMD: the _arguments block of CMD ("" the globals)
	if [ -z "$1" ]; then
		awk '/local -a globals=\(/ { p = 1 } p { print } p && /^\t\)/ { exit }' "$zsh_comp"
	else
		awk -v c="$1)" '$1 == c { p = 1; next } p && /;;/ { print; exit } p' "$zsh_comp"
	fi
}
in_zsh() { zsh_part "$1" | grep -qE -- "$2([=\[}']|\$)"; }
fish_part() { # fish_part CMD: the complete lines of CMD ("" the global ones)
	if [ -z "$1" ]; then
		grep -v -- '-n ' "$fish_comp" | grep '^complete'
	else
		grep -- "__fish_seen_subcommand_from $1'" "$fish_comp"
	fi
}
in_fish() { fish_part "$1" | grep -qE -- "-l ${2#--}( |\$)"; }
in_bash() { # the bash completion offers OPTION after "compactctl CMD --"
	local words=(compactctl)
	[ -n "$1" ] && words+=("$1")
	complete_line "${words[@]}" -- | tr ' ' '\n' | grep -qx -- "$2"
}
not_in() { ! "$@"; }
check "the part lookups can fail: --dry-run is not a status option (zsh)" not_in in_zsh status --dry-run
check "... (fish)" not_in in_fish status --dry-run
check "... (bash)" not_in in_bash status --dry-run
while IFS="|" read -r cmd opt; do
	check "'compactctl $cmd $opt' is in the zsh completion's ${cmd:-global} part" in_zsh "$cmd" "$opt"
	check "'compactctl $cmd $opt' is in the fish completion's ${cmd:-global} part" in_fish "$cmd" "$opt"
	check "the bash completion offers '$opt' after 'compactctl $cmd'" in_bash "$cmd" "$opt"
done < <(help_options)
if command -v zsh > /dev/null; then
	check "zsh -n parses _compactctl" zsh -n "$zsh_comp"
else
	skip "zsh -n: zsh not installed"
fi
if command -v fish > /dev/null; then
	check "fish --no-execute parses compactctl.fish" fish --no-execute "$fish_comp"
	out=$(fish -c "source $fish_comp; complete -C 'compactctl wat'" 2>&1)
	check "fish completes the command (watch)" grep -q '^watch' <<< "$out"
	out=$(fish -c "source $fish_comp; complete -C 'compactctl probe --s'" 2>&1)
	check "fish completes probe --s (--size --step, and the global --sysroot)" [ "$(cut -f1 <<< "$out" | sort | tr '\n' ' ')" = "--size --step --sysroot " ]
else
	skip "fish --no-execute: fish not installed"
fi
done_testing
