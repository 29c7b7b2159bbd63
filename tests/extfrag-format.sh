#!/bin/bash
# The debugfs normaliser the live and fixture comparisons rely on: both
# extfrag_index print formats (before and after the 5.16 "%2d" change) of
# one capture must read as the same numbers, and a 13-order unusable_index
# must keep all its columns.
. "$(dirname "$0")/lib.sh"
b=$FIX/x86_64-5.15-extfrag-format-change.before-5.16/sys/kernel/debug/extfrag/extfrag_index
a=$FIX/x86_64-5.15-extfrag-format-change.after-5.16/sys/kernel/debug/extfrag/extfrag_index
check "old and new extfrag_index formats give the same numbers" \
	[ "$(extfrag_norm "$b")" = "$(extfrag_norm "$a")" ]
check "0.931 reads as 931 and -1.000 as -1000" \
	[ "$(extfrag_norm "$a" | sed -n 3p)" = "0 Normal -1000 -1000 -1000 -1000 931 966 983 992 996 998 999" ]
check "the kernel's ' 0.-500' (F = -500) reads as -500" \
	[ "$(echo 'Node 0, zone   Normal -1.000  0.-500  0.931' | extfrag_norm)" = "0 Normal -1000 -500 931" ]
u=$FIX/pcp-qa-13order-unusable_index/sys/kernel/debug/extfrag/unusable_index
check "13-order unusable_index keeps 13 columns" \
	[ "$(extfrag_norm "$u" | awk '{print NF - 2}' | sort -u)" = 13 ]
done_testing
