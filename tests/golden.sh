#!/bin/bash
# golden.sh CASE VARIANT: compactctl against a fixture tree, compared with
# tests/expected/CASE.VARIANT. The expected files were reviewed by hand
# (see tests/expected/README); UPDATE_GOLDEN=1 rewrites them.
. "$(dirname "$0")/lib.sh"
case=$1 variant=$2
exp=$TESTS_DIR/expected/$case.$variant
tree=$FIX/${case%%@*}
args=()
case $case in
*@order*) o=${case##*@order}; args=(--order "$o") ;;
*@node*) o=${case##*@node}; args=(--node "$o") ;;
esac
out=$(mktemp) err=$(mktemp)
at_exit 'rm -f "$out" "$err"'
case $variant in
txt) cc --sysroot "$tree" status "${args[@]}" >"$out" 2>"$err" ;;
json) cc --sysroot "$tree" --json status "${args[@]}" >"$out" 2>"$err" ;;
esac
rc=$?
if [ -n "${UPDATE_GOLDEN:-}" ]; then
	cp "$out" "$exp"
fi
check "exit status 0 for $case ($variant)" [ $rc -eq 0 ]
check "nothing on stderr" [ ! -s "$err" ]
if [ "$variant" = json ]; then
	check "stdout is one valid JSON document" json_one "$out"
fi
if diff -u "$exp" "$out"; then pass "output matches $exp"; else fail "output matches $exp"; fi
done_testing
