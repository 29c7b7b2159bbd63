# Sourced by tests/map.sh and tests/map-more.sh: lib.sh, the generated
# kpageflags trees (tests/mkkpf.py) in $T, and the helpers on them.
. "$TESTS_DIR/lib.sh"
T=$(mktemp -d); at_exit 'rm -rf "$T"'
GEN=$TESTS_DIR/mkkpf.py
for c in $(python3 "$GEN" --list); do python3 "$GEN" "$c" "$T/$c"; done

# withtriggers CASE NEW: a copy of CASE with compaction's trigger files
withtriggers() {
	cp -r "$T/$1" "$T/$2"
	: > "$T/$2/proc/sys/vm/compact_memory"
	for nd in "$T/$2"/sys/devices/system/node/node*; do : > "$nd/compact"; done
}

# is DESC CASE FILTER WANT [MAP ARGS...]: the JSON of map on CASE, through
# jq FILTER (compact), equals WANT. The JSON is taken once per CASE and
# ARGS (a run under valgrind costs a second or two)
is() {
	local d=$1 c=$2 f=$3 want=$4 got key; shift 4
	key=$T/json.$(printf '%s\n' "$c" "$@" | md5sum | cut -c1-16)
	[ -e "$key" ] || cc --sysroot "$T/$c" --json map --blocks "$@" > "$key" 2> "$T/err"
	got=$(jq -c "$f" "$key" 2>&1)
	if [ "$got" = "$want" ]; then pass "$d"; else fail "$d: got $got, want $want"; fi
}
blockers='[.blockers | to_entries[] | select(.value.blocks > 0) | "\(.key)=\(.value.pages)"]'
