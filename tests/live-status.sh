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
	err=$(mktemp); at_exit 'rm -f "$err"'
	out=$(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
		"$COMPACTCTL" --json status 2>"$err"); rc=$?
	nodes_ok() { [ "$1" -eq 0 ] && jq -e '.nodes | length > 0' >/dev/null <<<"$2"; }
	check "unprivileged status still works" nodes_ok "$rc" "$out"
	check "unprivileged: one note on stderr saying pagetypeinfo could not be read" \
		[ "$(grep -c 'pagetypeinfo not read: Permission denied (root only since Linux 5.4)' "$err")" = 1 ]
	check "unprivileged: the JSON says what was not read" \
		[ "$(jq -r '.unreadable[0].file' <<<"$out")" = /proc/pagetypeinfo ]
else
	skip "unprivileged run: needs root and setpriv"
fi

# watch, live: two batch frames; the rates over the interval are there and
# non-negative; JSON frames agree with the live node set
out=$(cc watch --batch -n 2 -i 0.3); rc=$?
check "live watch --batch: exit 0, two frames" [ "$rc" = 0 -a "$(grep -c '^compactctl  ' <<< "$out")" = 2 ]
check "live watch --batch: rates in frame 2" grep -qE '^system-wide/s migrated [0-9.]+[kM]? failed' <<< "$out"
out=$(cc --json watch --batch -n 2 -i 0.3); rc=$?
check "live watch --json: two documents, node ids as in sysfs" \
	[ "$rc" = 0 -a "$(jq -sc '[.[1].nodes[].node]' <<< "$out")" = "$(ls -d /sys/devices/system/node/node[0-9]* | sed 's/.*node//' | sort -n | jq -sc .)" ]
check "live watch --json: rates are numbers >= 0" \
	jqt -s '.[1].rates_per_s | to_entries | length > 5 and all(.value >= 0)' <<< "$out"
done_testing
