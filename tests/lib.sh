# Shared helpers for the shell tests (TAP). A test that cannot run says
# "1..0 # SKIP why" and exits 77 (the automake convention), or
# $TAP_SKIP_STATUS where the runner reads the skip from the TAP plan and
# takes any other status for an error: meson (1.0.1) reports a TAP test
# that exits 77 as ERROR, so tests/meson.build sets it to 0 and meson
# counts a SKIP, never a pass.
#
# Assertions, one pattern:
#   check DESC CMD...            passes when the single command CMD succeeds.
#                                Compound conditions go in a function
#                                (check "d" both_written): in
#                                'check "d" [ a ] && [ b ]' only [ a ] would
#                                decide, and tests/lint.sh rejects that.
#   expect DESC STATUS MSG ARGS  compactctl ARGS exits STATUS, prints nothing
#                                on stdout, and MSG is its one line on stderr
#                                (argp's "Try ... --help" hint may follow).
#                                MSG is exact, or an anchored ERE after '~'.
# Skips, one way: skip DESC (one test), skip_all WHY (the whole file),
# need TOOL... (skip_all when a tool is missing), need_root.
set -u
: "${COMPACTCTL:?COMPACTCTL must name the binary}"
: "${TESTS_DIR:?TESTS_DIR must name the tests directory}"
FIX=$TESTS_DIR/fixtures
export LC_ALL=C
unset NO_COLOR

fails=0
_tap_n=0
pass() { _tap_n=$((_tap_n + 1)); echo "ok $_tap_n - $*"; }
fail() { _tap_n=$((_tap_n + 1)); fails=$((fails + 1)); echo "not ok $_tap_n - $*"; }
skip() { _tap_n=$((_tap_n + 1)); echo "ok $_tap_n - $* # SKIP"; }
check() { # check DESC CMD...: passes when CMD succeeds
	local d=$1; shift
	if "$@"; then pass "$d"; else fail "$d"; fi
}
done_testing() {
	echo "1..$_tap_n"
	[ "$fails" -eq 0 ]
}
skip_all() { echo "1..0 # SKIP $*"; exit "${TAP_SKIP_STATUS:-77}"; }
need() { # need TOOL...: skip the whole file when a tool is missing
	local t
	for t in "$@"; do
		command -v "$t" > /dev/null || skip_all "$t not installed"
	done
}
need_root() { [ "$(id -u)" = 0 ] || skip_all "needs root${1:+ ($1)}"; }

# live_lock [SECONDS]: the shared lock of the tests that change the live kernel
# (/run/lock/dev-live.lock, held on fd 9 to the end), unless this process's
# ancestry holds it already (flock on the same file from a child would wait
# for its own parent); skip_all when it stays busy for SECONDS (default 60,
# below the test's meson timeout, so a busy lock is a SKIP, not a TIMEOUT).
LIVE_LOCK=/run/lock/dev-live.lock
held_by_ancestor() {
	local ino p pids l
	ino=$(stat -c %i "$LIVE_LOCK" 2> /dev/null) || return 1
	pids=$(awk -v i=":$ino" '$2 == "FLOCK" && $4 == "WRITE" && substr($6, length($6) - length(i) + 1) == i { print $5 }' /proc/locks)
	p=$$
	while [ -n "$p" ] && [ "$p" -gt 1 ]; do
		for l in $pids; do [ "$l" = "$p" ] && return 0; done
		p=$(awk '$1 == "PPid:" { print $2 }' "/proc/$p/status" 2> /dev/null)
	done
	return 1
}

live_lock() { # live_lock [SECONDS]
	held_by_ancestor && return 0
	exec 9> "$LIVE_LOCK" || skip_all "cannot open $LIVE_LOCK"
	flock -w "${1:-60}" 9 || skip_all "the live lock stayed busy for ${1:-60} s"
}

# kill_tree PID...: end each PID and every process it started, children
# first (a feeder's cat blocked in the open of a FIFO outlives its subshell)
_descendants() {
	local c
	for c in $(ps -o pid= --ppid "$1" 2> /dev/null); do
		_descendants "$c"; echo "$c"
	done
}
kill_tree() {
	local p
	for p in "$@"; do kill $(_descendants "$p") "$p" 2> /dev/null; done
	return 0
}
# kill_jobs: kill_tree on every background job of this test
kill_jobs() { kill_tree $(jobs -p); }

# LSAN_OFF: ASAN_OPTIONS with LeakSanitizer off, for a program run under
# strace(1) (ASAN_OPTIONS=$LSAN_OFF strace ...): LSan cannot run under
# ptrace and aborts the ASan build's runs
LSAN_OFF="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"

# cc ARGS...: run the binary as "compactctl" so messages name it exactly
cc() { (exec -a compactctl "$COMPACTCTL" "$@"); }

# expect DESC STATUS MSG ARGS...: see above. With EXPECT_MAX_RSS_KIB set,
# the peak RSS (GNU time) must stay below it too.
_expect_out=$(mktemp -d)
# at_exit CMD: run CMD (a string, as trap takes it) when the test exits, in
# the order registered, then lib.sh's own cleanup. Tests use this, never
# "trap ... EXIT", which would replace lib.sh's.
_at_exit=
at_exit() { _at_exit+="$1"$'\n'; }
trap 'eval "$_at_exit"; rm -rf "$_expect_out"' EXIT
expect() {
	local d=$1 st=$2 msg=$3 rc first rest rss=0 ok=1; shift 3
	local o=$_expect_out/out e=$_expect_out/err
	if [ -n "${EXPECT_MAX_RSS_KIB:-}" ]; then
		(exec -a compactctl /usr/bin/time -f %M -o "$_expect_out/rss" "$COMPACTCTL" "$@") \
			> "$o" 2> "$e"
		rc=$?
		rss=$(tail -1 "$_expect_out/rss")
		[ "$rss" -lt "$EXPECT_MAX_RSS_KIB" ] || ok=0
	else
		cc "$@" > "$o" 2> "$e"
		rc=$?
	fi
	first=$(head -1 "$e")
	rest=$(tail -n +2 "$e" | sed "/^Try [\`']compactctl/,\$d")
	[ "$rc" = "$st" ] && [ ! -s "$o" ] && [ -z "$rest" ] || ok=0
	if [ "${msg:0:1}" = "~" ]; then
		[[ $first =~ ^${msg:1}$ ]] || ok=0
	else
		[ "$first" = "$msg" ] || ok=0
	fi
	if [ $ok = 1 ]; then
		pass "$d"
	else
		fail "$d (status $rc, stdout $(wc -c < "$o") bytes, RSS $rss KiB, stderr: $(head -c 300 "$e"))"
	fi
}

# debugfs extfrag text -> "node zone v0 v1 ..." in thousandths, undoing the
# kernel's "%d.%03d" / "%2d.%03d" printing (-1.000 -> -1000, 0.-500 -> -500)
extfrag_norm() {
	awk '{
		sub(/,$/, "", $2); out = $2 " " $4
		for (i = 5; i <= NF; i++) {
			split($i, p, "."); a = p[1] + 0; b = p[2]
			if (a == 0 && b ~ /^-/) v = b + 0
			else if ($i ~ /^-/) v = a * 1000 - b
			else v = a * 1000 + b
			out = out " " v
		}
		print out
	}' "$@"
}

# compactctl JSON -> the same shape, for one index ("unusable_index" or
# "fragmentation_index")
json_index() {
	jq -r --arg k "$1" '.nodes[] | .node as $n | .zones[] |
		"\($n) \(.name) " + ([.[$k][] | . * 1000 | round | tostring] | join(" "))'
}

# json_one FILE: FILE holds exactly one valid JSON document
json_one() { [ "$(jq -s length "$1" 2>/dev/null)" = 1 ]; }

# help_options: "CMD|OPTION" for every long option that --help shows, for the
# top level ("" CMD) and each command, so docs and completion tests share it.
# The global options (after argp's "Global options" heading) count for ""
# only: each command's section documents its own options.
help_options() {
	local cmd opt
	for cmd in "" $(commands); do
		for opt in $("$COMPACTCTL" $cmd --help | awk -v cmd="$cmd" '
				/^ *Global options/ { global = 1 }
				/^ *-/ && (!global || cmd == "") { print }' |
				grep -oE -- '--[a-z][a-z-]+' | sort -u); do
			[ "$opt" = --usage ] || [ "$opt" = --help ] || [ "$opt" = --version ] ||
				echo "$cmd|$opt"
		done
	done
}
# commands: the command names, from the top-level --help
commands() {
	"$COMPACTCTL" --help | awk '/^Commands:/ { c = 1; next } c && /^  [a-z]/ { print $1 } c && /^$/ { exit }'
}

# jqt FILTER FILE...: jq -e, quiet (so "check DESC jqt ..." keeps its TAP line);
# an empty file fails too (jq -e exits 0 when it has no input at all)
jqt() { local out; out=$(jq -e "$@" 2> /dev/null) && [ -n "$out" ]; }
# empty FILE...: every FILE exists and is empty
empty() {
	local f
	for f in "$@"; do [ -e "$f" ] && [ ! -s "$f" ] || return 1; done
}

# feed FIFO PID LINE...: each LINE as its own open of the FIFO, standing in
# for a kernel file process PID reads; "<FILE" instead of a line takes what
# PID writes into FILE. Before each LINE but the first, waits (20 s at most)
# until PID (or a process it started: "cc ... &" is subshells) is blocked in
# its next open of a FIFO (wchan wait_for_partner) with none open: two opens
# in a row could otherwise reach one reader as one file. Its fd vanishing is
# not enough: the writer's open returns before the reader's fd is
# installed. Stops when PID has exited (or is a zombie).
_alive() { [ "$(sed 's/.*) //' "/proc/$1/stat" 2> /dev/null | cut -c1)" != Z ] &&
	[ -d "/proc/$1" ]; }
_waits() { # _waits FIFO PID...: one PID blocked in an open, none with FIFO open
	local fifo=$1 p blocked=1; shift
	for p in "$@"; do
		[ -z "$(find "/proc/$p/fd" -lname "$fifo" 2> /dev/null)" ] || return 1
		[ "$(cat "/proc/$p/wchan" 2> /dev/null)" != wait_for_partner ] || blocked=0
	done
	return $blocked
}
feed() {
	local fifo=$1 pid=$2 line n=0 i; shift 2
	for line in "$@"; do
		if [ $((n++)) -gt 0 ]; then
			for i in $(seq 1000); do
				_alive "$pid" || return 0
				_waits "$fifo" "$pid" $(_descendants "$pid") && break
				sleep 0.02
			done
		fi
		if [ "${line:0:1}" = "<" ]; then
			cat "$fifo" > "${line:1}"
		else
			echo "$line" > "$fifo"
		fi
	done
}
