#!/bin/bash
# compactctl trace: usage errors (64) and refusals (1) with one message, no
# stdout, before anything is set up.
. "$TESTS_DIR/lib.sh"
T=$(mktemp -d)
at_exit 'rm -rf "$T"'
expect "--stack without --events" 64 "compactctl trace: --stack needs --events" trace --stack
expect "a bad --duration" 64 "compactctl trace: --duration '5x': expected seconds from 0.01 to 86400" \
	trace --duration 5x
expect "--duration past a day" 64 "compactctl trace: --duration '25h': expected seconds from 0.01 to 86400" \
	trace --duration 25h
expect "--top 0" 64 "compactctl trace: --top '0': expected a count from 1 to 1000" trace --top 0
expect "--format prometheus without --duration" 64 \
	"compactctl: trace: --format prometheus needs --duration, without --events" \
	--format prometheus trace
expect "under --sysroot" 1 "compactctl: trace: tracing records the live kernel; not under --sysroot" \
	--sysroot "$FIX/numa2-x86_64-3.10-fb" trace
expect "export --trace under --sysroot" 1 \
	"compactctl: export: tracing records the live kernel; not under --sysroot" \
	--sysroot "$FIX/numa2-x86_64-3.10-fb" export --trace 1s
expect "export --trace 0" 64 "compactctl export: --trace '0': expected seconds from 0.01 to 86400" \
	export --trace 0
echo old > "$T/out.prom"
cc --sysroot "$FIX/numa2-x86_64-3.10-fb" export --trace 1s -o "$T/out.prom" 2> /dev/null
check "export --trace that fails: the output file keeps its old content" grep -qx old "$T/out.prom"
if [ "$(id -u)" = 0 ] && command -v setpriv > /dev/null; then
	setpriv --reuid 65534 --regid 65534 --clear-groups "$COMPACTCTL" trace --duration 1s \
		> "$T/out" 2> "$T/err"
	rc=$?
	check "uid 65534: exit 1, one line, no stdout" [ "$rc" = 1 ]
	check "uid 65534: says tracing needs root" grep -qx 'compactctl: tracefs: tracing needs root' "$T/err"
fi
done_testing
