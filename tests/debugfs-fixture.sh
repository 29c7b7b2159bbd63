#!/bin/bash
# debugfs-fixture.sh CASE: the captured debugfs extfrag files of a fixture
# (taken with the same buddyinfo) against compactctl's recomputation.
. "$(dirname "$0")/lib.sh"
tree=$FIX/$1
json=$(cc --sysroot "$tree" --json status) || { fail "status runs"; done_testing; exit; }
for f in unusable_index extfrag_index; do
	k=$([ $f = unusable_index ] && echo unusable_index || echo fragmentation_index)
	want=$(extfrag_norm "$tree/sys/kernel/debug/extfrag/$f")
	got=$(printf '%s' "$json" | json_index "$k")
	if [ "$want" = "$got" ]; then
		pass "$1: every $k value equals debugfs $f ($(echo "$want" | wc -l) zones)"
	else
		fail "$1: $k differs from debugfs $f"
		diff <(echo "$want") <(echo "$got") | sed 's/^/# /'
	fi
done
done_testing
