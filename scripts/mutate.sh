#!/bin/bash
# Mutation check: deliberate bugs (hand-made mutants, each an exact text
# replacement in one source file, listed in scripts/mutants.txt) must each
# make the fast test suite fail.
#   scripts/mutate.sh          the fixed set CI runs (the mutants marked ci)
#   scripts/mutate.sh --all    every mutant
#   scripts/mutate.sh ID...    those mutants
# Each mutant is applied to a copy of the tree (the working tree is never
# touched), built, and the fast suite run (unit, golden, cli without the
# slow tests), stopping at the first failure. A mutant the suite does not
# notice "survived"; a mutant whose text is no longer in its file is an
# error (the list must follow the code). Ends with the score, e.g.
# "mutants: 7 of 7 killed", and exits 1 unless every mutant was killed.
set -uo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"	# the tests run the binary as another user too

# scripts/mutants.txt: one mutant per paragraph of "key: value" lines (id,
# ci, file, test, what, old, new); in old and new, \n is a newline, \t a
# tab. test (optional) is the test expected to kill it, run first: when it
# fails the mutant is killed without the whole fast suite (a minute each).
cat > "$work/mut.py" <<'EOF'
import sys

def mutants(path):
    for para in open(path).read().split('\n\n'):
        m = {}
        for line in para.strip().split('\n'):
            if ':' in line and not line.startswith('#'):
                k, v = line.split(':', 1)
                m[k.strip()] = v[1:] if v.startswith(' ') else v
        if 'id' in m:
            for k in ('old', 'new'):
                m[k] = m[k].replace('\\n', '\n').replace('\\t', '\t')
            yield m

cmd, table = sys.argv[1], sys.argv[2]
if cmd == 'list':
    want = sys.argv[3:]
    for m in mutants(table):
        if want == ['--all'] or m['id'] in want or (not want and m.get('ci') == 'yes'):
            print('%s\t%s\t%s\t%s' % (m['id'], m['file'], m['what'], m.get('test', '')))
else:
    m = [x for x in mutants(table) if x['id'] == sys.argv[3]][0]
    path = sys.argv[4] + '/' + m['file']
    text = open(path).read()
    if text.count(m['old']) != 1:
        sys.exit(1)
    open(path, 'w').write(text.replace(m['old'], m['new']))
EOF

# the tree as it is (committed or not), without build directories; the list
# goes to one tar (-T): through xargs, a list over its 128 KiB split into
# several archives, and the extracting tar stopped at the first one's end
git ls-files -z | tar cf - --null -T - | tar xf - -C "$work"
meson setup "$work/build" "$work" > "$work/setup.log" 2>&1 || { cat "$work/setup.log"; exit 1; }
ninja -C "$work/build" > /dev/null || exit 1
fast() { # the fast suite, stopping at the first failure
	meson test -C "$work/build" --suite unit --suite golden --suite cli --no-suite slow \
		--maxfail 1 > "$work/test.log" 2>&1
}
# without a mutant the suite must pass, or a "killed" would mean nothing
if ! fast; then
	grep -E ' (FAIL|ERROR|TIMEOUT) ' "$work/test.log"
	echo "mutants: the fast suite fails without any mutant"
	exit 1
fi

one() { # one TEST: that test alone
	meson test -C "$work/build" --no-rebuild "$1" > "$work/test.log" 2>&1
}
total=0 killed=0 errors=0
while IFS=$'\t' read -r id file what hint <&3; do
	total=$((total + 1))
	cp "$work/$file" "$work/$file.orig"
	if ! python3 "$work/mut.py" apply scripts/mutants.txt "$id" "$work"; then
		echo "mutant $id: ERROR: its text is not (once) in $file"
		errors=$((errors + 1))
		continue
	fi
	if ! ninja -C "$work/build" > "$work/build.log" 2>&1; then
		# a bug that does not compile tests nothing: the list is wrong
		verdict="ERROR: does not build ($(grep -m1 'error:' "$work/build.log" | cut -c1-100))"
		errors=$((errors + 1))
	elif [ -n "$hint" ] && ! one "$hint"; then
		verdict="killed by $hint: $(grep -m1 '^not ok' "$work/build/meson-logs/testlog.txt" |
				     cut -c1-120)"
		killed=$((killed + 1))
	elif fast; then
		verdict="SURVIVED"
	else
		verdict="killed by $(grep -m1 -oE '[a-z0-9@._-]+ +(FAIL|ERROR|TIMEOUT)' "$work/test.log" |
				     awk '{ print $1 }'): $(grep -m1 '^not ok' "$work/build/meson-logs/testlog.txt" |
				     cut -c1-120)"
		killed=$((killed + 1))
	fi
	echo "mutant $id ($what): $verdict"
	cp "$work/$file.orig" "$work/$file"
done 3< <(python3 "$work/mut.py" list scripts/mutants.txt "$@")
echo "mutants: $killed of $total killed$([ "$errors" = 0 ] || echo ", $errors not applied")"
[ "$total" -gt 0 ] && [ "$killed" = "$total" ] && [ "$errors" = 0 ]
