#!/bin/bash
# Live: status on this machine, as root and as an unprivileged user.
. "$(dirname "$0")/lib.sh"
[ -r /proc/buddyinfo ] || skip_all "no /proc/buddyinfo"
j=$(cc --json status) ; rc=$?
check "live --json status exits 0" [ $rc -eq 0 ]
check "live JSON is valid and names this kernel" [ "$(jq -r .kernel <<<"$j")" = "$(uname -r)" ]
check "live page size is the system's" [ "$(jq .page_size <<<"$j")" = "$(getconf PAGESIZE)" ]
check "live nodes are the online nodes" \
	[ "$(jq -c '[.nodes[].node]' <<<"$j")" = "$(ls -d /sys/devices/system/node/node* 2>/dev/null | sed 's/.*node//' | sort -n | jq -sc .)" ]
out=$(cc status); rc=$?
text_ok() { [ "$1" -eq 0 ] && [ -n "$2" ]; }
check "live text status exits 0" text_ok "$rc" "$out"
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	err=$(mktemp); trap 'rm -f "$err"' EXIT
	out=$(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
		"$COMPACTCTL" --json status 2>"$err"); rc=$?
	nodes_ok() { [ "$1" -eq 0 ] && jq -e '.nodes | length > 0' >/dev/null <<<"$2"; }
	check "unprivileged status still works" nodes_ok "$rc" "$out"
	check "unprivileged: one note on stderr saying pagetypeinfo could not be read" \
		[ "$(grep -c 'pagetypeinfo not read: Permission denied (root only since Linux 5.4)' "$err")" = 1 ]
	check "unprivileged: the JSON says what was not read" \
		[ "$(jq -r '.unreadable[0].file' <<<"$out")" = /proc/pagetypeinfo ]
fi
done_testing
