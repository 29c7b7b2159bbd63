#!/bin/bash
# Lint of the test suite itself. First, a check whose verdict ignores part
# of its condition. In 'check "d" [ a ] && [ b ]' (or with ||) only the first
# command decides the TAP line; compound conditions belong in a function.
# Continuation lines are joined and quoted strings blanked first, so a
# '&&' inside 'bash -c "..."' or a jq filter is not counted.
. "$(dirname "$0")/lib.sh"
vacuous() { # vacuous FILE...: "file:line: text" of each offending check
	awk '
	FNR == 1 { buf = ""; start = 0 }
	{
		if (buf == "") start = FNR
		line = $0
		if (line ~ /\\$/) { buf = buf substr(line, 1, length(line) - 1) " "; next }
		buf = buf line
		s = buf
		gsub(/\047[^\047]*\047/, "\047\047", s)
		gsub(/"(\\.|[^"\\])*"/, "\"\"", s)
		if (s ~ /^[ \t]*check[ \t]/ && s ~ /&&|\|\|/)
			printf "%s:%d: %s\n", FILENAME, start, substr(buf, 1, 100)
		buf = ""
	}' "$@"
}
# the lint itself: it must see these two, and not the safe forms
sample=$(mktemp)
printf '%s\n' 'check "a" [ 1 = 1 ] && [ 1 = 2 ]' 'check "b" grep -q x f \' '	|| true' \
	'check "c" bash -c "[ 1 = 1 ] && [ 2 = 2 ]"' "check \"d\" jqt '.a and .b // 1' f" > "$sample"
check "the lint finds && and || after check (2 of 4 sample lines)" \
	[ "$(vacuous "$sample" | cut -d: -f2 | tr '\n' ' ')" = "1 2 " ]
rm -f "$sample"
found=$(vacuous "$TESTS_DIR"/*.sh)
check "no check line ends its condition after its first command${found:+: $found}" [ -z "$found" ]
# an EXIT trap of a test replaces lib.sh's (its cleanup would not run):
# tests register theirs with at_exit
traps=$(grep -n 'trap .*E[X]IT' "$TESTS_DIR"/*.sh | grep -v '^[^:]*/lib\.sh:' | grep -v ':[0-9]*:[ \t]*#')
check "no test sets an EXIT trap of its own (at_exit instead)${traps:+: $traps}" [ -z "$traps" ]
done_testing
