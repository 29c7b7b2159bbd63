#!/bin/bash
# Every long option that --help shows is documented in man/compactctl.8, in
# its own command's section (".SS CMD options"; the global options in
# ".SS Global options"), not merely somewhere in the page: the help, the man
# page and the completions must not drift apart.
. "$(dirname "$0")/lib.sh"
man=$TESTS_DIR/../man/compactctl.8
section() { # section CMD: the man page's option section of CMD ("" global)
	local title="${1:+$1 options}"
	awk -v t=".SS ${title:-Global options}" '$0 == t { p = 1; next } /^\.S[SH] / { p = 0 } p' "$man"
}
in_section() { # in_section CMD OPTION
	section "$1" | grep -q -- "$(sed 's/-/\\\\-/g' <<<"$2")"
}
check "the section lookup finds --dry-run under compact" in_section compact --dry-run
not_in_section() { ! in_section "$@"; }
check "... and not under status (the test can fail)" not_in_section status --dry-run
while IFS="|" read -r cmd opt; do
	check "'compactctl $cmd $opt' is in the man page's ${cmd:-global} options" in_section "$cmd" "$opt"
done < <(help_options)
for sub in $(commands); do
	check "command $sub has a man page entry" grep -q "^\\.B $sub\$" "$man"
done
check "the commands are listed (8 or more)" [ "$(commands | wc -l)" -ge 8 ]
done_testing
