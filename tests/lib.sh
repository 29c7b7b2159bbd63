# Shared helpers for the shell tests. Exit 77 means skipped (meson counts it
# as a skip, never as a pass).
set -u
: "${COMPACTCTL:?COMPACTCTL must name the binary}"
: "${TESTS_DIR:?TESTS_DIR must name the tests directory}"
FIX=$TESTS_DIR/fixtures
export LC_ALL=C
unset NO_COLOR

fails=0
n=0
pass() { n=$((n + 1)); echo "ok $n - $*"; }
fail() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $*"; }
check() { # check DESC CMD...: passes when CMD succeeds
	local d=$1; shift
	if "$@"; then pass "$d"; else fail "$d"; fi
}
done_testing() {
	echo "1..$n"
	[ "$fails" -eq 0 ]
}
skip_all() { echo "1..0 # SKIP $*"; exit 77; }

# cc ARGS...: run the binary as "compactctl" so messages name it exactly
cc() { (exec -a compactctl "$COMPACTCTL" "$@"); }

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
# top level ("" CMD) and each command, so docs and completion tests share it
help_options() {
	local cmd opt
	for cmd in "" status compact snapshot diff watch probe export check trace; do
		for opt in $("$COMPACTCTL" $cmd --help | grep -oE -- '--[a-z][a-z-]+' | sort -u); do
			[ "$opt" = --usage ] || echo "$cmd|$opt"
		done
	done
}

# jqt FILTER FILE...: jq -e, quiet (so "check DESC jqt ..." keeps its TAP line)
jqt() { jq -e "$@" > /dev/null 2>&1; }

# expect DESC STATUS MESSAGE ARGS...: compactctl ARGS exits STATUS, prints
# nothing on stdout and MESSAGE as the first line of stderr ($T: scratch dir)
expect() { # expect DESC STATUS MESSAGE ARGS...
	local d=$1 st=$2 msg=$3; shift 3
	cc "$@" > "$T/out" 2> "$T/err"
	local rc=$?
	if [ "$rc" = "$st" ] && [ ! -s "$T/out" ] && [ "$(head -1 "$T/err")" = "$msg" ]; then
		pass "$d"
	else
		fail "$d (status $rc, stdout $(wc -c < "$T/out") bytes, stderr: $(head -1 "$T/err"))"
	fi
}
