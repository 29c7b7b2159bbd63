#!/bin/bash
# Live: every unusable and fragmentation index compactctl computes equals
# the kernel's debugfs extfrag files. buddyinfo is read before and after,
# and a round counts only when it did not change in between. debugfs is
# mounted in a private directory when it is not mounted yet, and unmounted
# again on every path.
. "$(dirname "$0")/lib.sh"
need_root debugfs
[ -r /proc/buddyinfo ] || skip_all "no /proc/buddyinfo"
dbg=$(awk '$3 == "debugfs" { print $2; exit }' /proc/mounts)
mnt=
cleanup() { [ -n "$mnt" ] && { umount "$mnt" 2>/dev/null; rmdir "$mnt"; }; }
at_exit cleanup
trap 'exit 1' INT TERM
if [ -z "$dbg" ]; then
	mnt=$(mktemp -d)
	mount -t debugfs none "$mnt" 2>/dev/null || skip_all "cannot mount debugfs"
	dbg=$mnt
fi
[ -r "$dbg/extfrag/unusable_index" ] || skip_all "no extfrag in debugfs (CONFIG_COMPACTION or DEBUG_FS off)"

# A round counts when buddyinfo did not change around the reads. The first
# rounds run compactctl on the live system; if the machine is never quiet
# for that long (a sanitizer build is slow), compactctl reads the captured
# buddyinfo through --sysroot instead: the same numbers, the same formulas.
tmp=$(mktemp -d)
at_exit 'rm -rf "$tmp"'
compared=
buddy_of() { jq -r '.nodes[] | .node as $n | .zones[] | "Node \($n), zone \(.name) " + (.free_blocks | map(tostring) | join(" "))'; }
squeeze() { tr -s ' ' | sed 's/ $//'; }
for round in $(seq 1 40); do
	b1=$(cat /proc/buddyinfo)
	u=$(extfrag_norm "$dbg/extfrag/unusable_index")
	f=$(extfrag_norm "$dbg/extfrag/extfrag_index")
	if [ "$round" -le 20 ]; then
		j=$(cc --json status 2>/dev/null)
		how=live
		b2=$(cat /proc/buddyinfo)
	else
		# the capture is the state debugfs printed when it did not move
		# while debugfs was read (valgrind may take a second per run)
		b2=$(cat /proc/buddyinfo)
		mkdir -p "$tmp/proc"; printf '%s\n' "$b1" > "$tmp/proc/buddyinfo"
		j=$(cc --sysroot "$tmp" --json status 2>/dev/null)
		how="captured buddyinfo"
	fi
	[ "$b1" = "$b2" ] || continue
	[ "$(buddy_of <<<"$j" | squeeze)" = "$(squeeze <<<"$b1")" ] || continue
	compared=$how
	check "unusable_index equals debugfs ($how, round $round)" [ "$(json_index unusable_index <<<"$j")" = "$u" ]
	check "fragmentation_index equals debugfs ($how, round $round)" [ "$(json_index fragmentation_index <<<"$j")" = "$f" ]
	break
done
check "a quiet moment was found to compare (${compared:-none})" [ -n "$compared" ]
done_testing
