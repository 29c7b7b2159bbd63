#!/bin/bash
# Every long option that --help shows is documented in man/compactctl.8
# (the help, the man page and later the completions must not drift apart).
. "$(dirname "$0")/lib.sh"
man=$TESTS_DIR/../man/compactctl.8
while IFS="|" read -r cmd opt; do
	check "'compactctl $cmd $opt' is in the man page" grep -q -- "$(sed 's/-/\\\\-/g' <<<"$opt")" "$man"
done < <(help_options)
for sub in status compact snapshot diff watch probe export check trace; do
	check "command $sub has a man page entry" grep -q "^\\.B $sub\$" "$man"
done
done_testing
