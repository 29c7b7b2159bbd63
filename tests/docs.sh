#!/bin/bash
# Every long option that --help shows is documented in man/compactctl.8
# (the help, the man page and later the completions must not drift apart).
. "$(dirname "$0")/lib.sh"
man=$TESTS_DIR/../man/compactctl.8
for cmd in "" status; do
	for opt in $("$COMPACTCTL" $cmd --help | grep -oE -- '--[a-z][a-z-]+' | sort -u); do
		[ "$opt" = --usage ] && continue
		check "'compactctl $cmd $opt' is in the man page" grep -q -- "$(sed 's/-/\\\\-/g' <<<"$opt")" "$man"
	done
done
for sub in status; do
	check "command $sub has a man page entry" grep -q "^\\.B $sub\$" "$man"
done
done_testing
