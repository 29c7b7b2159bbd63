#!/bin/bash
# export (Prometheus text format) and check (monitoring plugin).
. "$TESTS_DIR/lib.sh"
T=$(mktemp -d)
at_exit 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"'
ARM=$FIX/arm64-6.1-qemu-virt-numa2-dma-normal-split

# --- export ---
t0=$(date +%s)
cc --sysroot "$ARM" export > "$T/arm.prom"; rc=$?
t1=$(date +%s)
check "export: exit 0" [ "$rc" = 0 ]
# the file's own timestamp (the stale-export alert's input) lies within the run
# (whole seconds of the Unix time; the metric has milliseconds)
stamp_within_run() {
	local v; v=$(awk '$1 == "compactctl_export_timestamp_seconds" { print $2 }' "$T/arm.prom")
	[[ $v =~ ^[0-9]+\.[0-9]{3}$ ]] && [ "${v%.*}" -ge "$t0" ] && [ "${v%.*}" -le "$t1" ]
}
check "export_timestamp_seconds: Unix time of the run, in ms" stamp_within_run
# files compared whole differ in that line only (notime, lib.sh)
metric() { awk -v m="$1" '$1 == m { print $2 }' "$T/arm.prom"; }
check "free_blocks: DMA order 10 = 722 (buddyinfo)" [ "$(metric 'compactctl_free_blocks{node="0",zone="DMA",order="10"}')" = 722 ]
check "free_pages: DMA 743270 (sum n_o * 2^o)" [ "$(metric 'compactctl_free_pages{node="0",zone="DMA"}')" = 743270 ]
# the unusable index of every zone and order equals the kernel's own debugfs file
awk '/^compactctl_unusable_free_space_ratio/ { match($1, /node="[0-9]+"/); n = substr($1, RSTART + 6, RLENGTH - 7)
	match($1, /zone="[^"]+"/); z = substr($1, RSTART + 6, RLENGTH - 7); v[n " " z] = v[n " " z] " " $2 }
	END { for (k in v) print k v[k] }' "$T/arm.prom" | sort > "$T/ours"
awk '{ sub(/,$/, "", $2); printf "%s %s", $2, $4; for (i = 5; i <= NF; i++) printf " %s", $i; print "" }' \
	"$ARM/sys/kernel/debug/extfrag/unusable_index" | sort > "$T/kernel"
check "unusable_free_space_ratio = debugfs extfrag/unusable_index, every zone and order" diff "$T/kernel" "$T/ours"
check "node score = status --json" \
	[ "$(metric 'compactctl_node_fragmentation_score{node="1"}')" = "$(cc --sysroot "$ARM" --json status | jq '.nodes[1].fragmentation_score')" ]
# node 0 DMA: 5 free blocks of order 9 and 722 of order 10: 5*512 + 722*1024 = 741888
check "compaction_order_free_pages: DMA 5*512 + 722*1024 = 741888" [ "$(metric 'compactctl_compaction_order_free_pages{node="0",zone="DMA"}')" = 741888 ]
# zoneinfo of the 6.18 VM, zone DMA32: spanned 1044480, present 782336, managed 772915
cc --sysroot "$FIX/local-x86_64-6.18-vm-settled" export > "$T/vm.prom"
vm_metric() { awk -v m="$1" '$1 == m { print $2 }' "$T/vm.prom"; }
check "zone_managed_pages: DMA32 772915 (zoneinfo)" [ "$(vm_metric 'compactctl_zone_managed_pages{node="0",zone="DMA32"}')" = 772915 ]
check "zone_present_pages: DMA32 782336 (zoneinfo)" [ "$(vm_metric 'compactctl_zone_present_pages{node="0",zone="DMA32"}')" = 782336 ]
check "zone_spanned_pages: DMA32 1044480 (zoneinfo)" [ "$(vm_metric 'compactctl_zone_spanned_pages{node="0",zone="DMA32"}')" = 1044480 ]
# pagetypeinfo, node 0 DMA Movable row: 0 0 0 0 0 1 2 2 1 2 708 (708 at order 10)
check "migratetype_free_blocks: DMA Movable order 10 = 708 (pagetypeinfo)" [ "$(metric 'compactctl_migratetype_free_blocks{node="0",zone="DMA",migratetype="Movable",order="10"}')" = 708 ]
# tunables only as read: the capture has no /proc/sys/vm, so no thresholds
no_knobs() { ! grep -qE '^compactctl_(kcompactd_score_threshold|compaction_proactiveness|extfrag_threshold)' "$T/arm.prom"; }
check "no /proc/sys/vm in the tree: no proactiveness, thresholds or extfrag_threshold" no_knobs
# the same tree with the knobs: low = max(100 - P, 5), high = min(low + 10, 100)
cp -r "$ARM" "$T/knobs"
mkdir -p "$T/knobs/proc/sys/vm"
knob_export() { # knob_export PROACTIVENESS -> "low high extfrag_threshold"
	echo "$1" > "$T/knobs/proc/sys/vm/compaction_proactiveness"
	echo 400 > "$T/knobs/proc/sys/vm/extfrag_threshold"
	cc --sysroot "$T/knobs" export | awk '$1 ~ /bound="low"/ { l = $2 } $1 ~ /bound="high"/ { h = $2 }
		$1 == "compactctl_extfrag_threshold" { x = $2 } END { print l, h, x }'
}
check "proactiveness 20: thresholds 80 and 90 (max(100 - 20, 5), min(80 + 10, 100)); extfrag 400" [ "$(knob_export 20)" = "80 90 400" ]
check "proactiveness 100: thresholds 5 and 15 (max(0, 5), 5 + 10)" [ "$(knob_export 100)" = "5 15 400" ]
check "proactiveness 0: thresholds 100 and 100 (min(110, 100))" [ "$(knob_export 0)" = "100 100 400" ]
check "pagetypeinfo exported: pageblocks per migratetype" grep -q '^compactctl_pageblocks{node="0",zone="DMA",migratetype="Movable"} 1436$' "$T/arm.prom"
check "vmstat counters are counters ending in _total" \
	bash -c "grep -q '^# TYPE compactctl_vmstat_compact_stall_total counter$' '$T/arm.prom' && grep -q '^compactctl_vmstat_pgmigrate_success_total 16$' '$T/arm.prom'"
check "every sample has a HELP and a TYPE" \
	[ -z "$(awk '/^# TYPE/ { t[$3] = 1 } /^# HELP/ { h[$3] = 1 } /^[a-z]/ { m = $1; sub(/\{.*/, "", m); if (!t[m] || !h[m]) print m }' "$T/arm.prom")" ]
check "status --format prometheus is the same" diff <(notime "$T/arm.prom") <(cc --sysroot "$ARM" status --format prometheus | notime)
check "--node 1 keeps only node 1" [ -z "$(cc --sysroot "$ARM" export --node 1 | grep -E '^compactctl_.*node="0"')" ]
expect "--json export: usage" 64 "compactctl: export: prints the Prometheus format; for JSON use 'compactctl --json status'" --sysroot "$ARM" --json export
expect "--format bad" 64 "compactctl status: --format 'yaml': expected text, json or prometheus" --sysroot "$ARM" status --format yaml

# promtool (Debian's prometheus package) parses and lints every fixture's export
if command -v promtool > /dev/null; then
	for d in "$FIX"/*/; do
		name=$(basename "$d")
		cc --sysroot "$d" export > "$T/x.prom" 2> /dev/null || continue
		out=$(promtool check metrics < "$T/x.prom" 2>&1); rc=$?
		check "promtool check metrics: $name ${out:0:200}" [ "$rc" = 0 ]
	done
else
	skip "promtool check metrics: promtool not installed (apt-get install prometheus)"
fi

# -o FILE: atomic replace, mode 0644, no temporary left
mkdir "$T/tf"
echo old > "$T/tf/compactctl.prom"
cc --sysroot "$ARM" export -o "$T/tf/compactctl.prom"; rc=$?
check "-o: exit 0" [ "$rc" = 0 ]
check "-o: file replaced" cmp -s <(notime "$T/tf/compactctl.prom") <(notime "$T/arm.prom")
check "-o: mode 0644" [ "$(stat -c %a "$T/tf/compactctl.prom")" = 644 ]
check "-o: no temporary file left" [ "$(ls "$T/tf")" = compactctl.prom ]
cc --sysroot "$ARM" status -o 9 --output "$T/tf/status.txt"
check "status --output writes the text view" grep -q '^Node 0' "$T/tf/status.txt"
if [ "$(id -u)" = 0 ] && command -v setpriv > /dev/null; then
	chmod 755 "$T" "$T/tf"; chmod 644 "$T/tf/compactctl.prom"
	setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
		"$COMPACTCTL" --sysroot "$ARM" export -o "$T/tf/compactctl.prom" > "$T/out" 2> "$T/err"; rc=$?
	check "-o into a directory we cannot write: exit 1, one line ($(cat "$T/err"))" \
		[ "$rc" = 1 -a "$(cat "$T/err")" = "compactctl: $T/tf/compactctl.prom: cannot create a temporary file beside it: Permission denied" ]
	check "... the old file is intact" cmp -s <(notime "$T/tf/compactctl.prom") <(notime "$T/arm.prom")
else
	skip "-o as uid 65534: needs root and setpriv"
fi

# --- check ---
# node 0 (DMA) free in blocks >= 2M: 5 x 2M + 722 x 4M = 2898 MiB
run_check() { cc --sysroot "$ARM" check "$@" > "$T/out" 2> "$T/err"; echo $?; }
check "check --min-free 2898M: OK (exactly enough), exit 0" [ "$(run_check --node 0 --min-free 2898M)" = 0 ]
check "... line" grep -q '^COMPACTCTL OK - node0 order>=9 free 2.8 GiB >= 2.8 GiB, score 0 | node0_free=3038773248B;3038773248: node0_score=0;;;0;100$' "$T/out"
check "check --min-free 2899M: WARNING, exit 1" [ "$(run_check --node 0 --min-free 2899M)" = 1 ]
check "... line starts COMPACTCTL WARNING" grep -q '^COMPACTCTL WARNING - node0 order>=9 free 2.8 GiB < 2.8 GiB' "$T/out"
check "check --max-score 0 on both nodes: OK" [ "$(run_check --max-score 0)" = 0 ]
check "check --order 10 counts only order 10 (722 x 4M = 2888 MiB)" \
	[ "$(run_check --node 0 --order 10 --min-free 2888M)" = 0 -a "$(run_check --node 0 --order 10 --min-free 2889M)" = 1 ]
check "no zoneinfo and --max-score: UNKNOWN, exit 3" \
	[ "$(cc --sysroot "$FIX/numa2-x86_64-3.10-fb" check --max-score 50 > "$T/out"; echo $?)" = 3 ]
check "... line starts COMPACTCTL UNKNOWN" grep -q '^COMPACTCTL UNKNOWN - ' "$T/out"
mkdir -p "$T/empty/proc"
check "unreadable tree: UNKNOWN, exit 3" \
	[ "$(cc --sysroot "$T/empty" check --max-score 5 > "$T/out" 2> "$T/err"; echo $?)" = 3 ]
check "... the reason on stdout" grep -q '^COMPACTCTL UNKNOWN - .*buddyinfo' "$T/out"
check "... and on stderr" grep -q '^compactctl: .*buddyinfo' "$T/err"
cc --sysroot "$ARM" --json check --node 0 --min-free 2899M > "$T/out.json"; rc=$?
check "--json: exit 1" [ "$rc" = 1 ]
check "--json: one document" json_one "$T/out.json"
check "--json: status WARNING" jqt '.status == "WARNING" and .exit_code == 1 and .nodes[0].free_bytes == 3038773248 and .nodes[0].ok == false' "$T/out.json"
# CRITICAL (issue 12, defect 9): exit 2, the threshold that decided, and
# both thresholds in the perfdata (warn;crit, "N:" = alert below N).
# Node 0 has 2898 MiB in blocks >= 2M (above), score 0.
check "--critical-min-free 2899M: CRITICAL, exit 2" \
	[ "$(run_check --node 0 --min-free 4000M --critical-min-free 2899M)" = 2 ]
check "... the line" grep -q '^COMPACTCTL CRITICAL - node0 order>=9 free 2.8 GiB < 2.8 GiB (critical), score 0 | node0_free=3038773248B;4194304000:;3039821824: node0_score=0;;;0;100$' "$T/out"
check "below the warning only: WARNING, exit 1" \
	[ "$(run_check --node 0 --min-free 4000M --critical-min-free 1G)" = 1 ]
check "--critical-max-score 0 with a score of 0: OK" [ "$(run_check --node 0 --critical-max-score 0)" = 0 ]
check "... perfdata carries it as crit" grep -q 'node0_score=0;;0;0;100$' "$T/out"
cc --sysroot "$ARM" --json check --node 0 --critical-min-free 2899M > "$T/out.json"; rc=$?
check "--json CRITICAL: exit 2" [ "$rc" = 2 ]
check "--json CRITICAL: status, thresholds, the node's state" \
	jqt '.status == "CRITICAL" and .exit_code == 2 and .critical_min_free_bytes == 3039821824
		and .min_free_bytes == null and .nodes[0].status == "CRITICAL" and .command == "check"' "$T/out.json"
# pagetypeinfo is never read (it holds each zone's lock): a FIFO there
# nobody feeds would hold check up until --timeout
cp -r "$ARM" "$T/pti"
rm "$T/pti/proc/pagetypeinfo"; mkfifo "$T/pti/proc/pagetypeinfo"
check "check does not open pagetypeinfo (a FIFO there: still OK, at once)" \
	[ "$(timeout 5 "$COMPACTCTL" --sysroot "$T/pti" check --max-score 50 --timeout 3 > "$T/out"; echo $?)" = 0 ]
check "... the status command does open it (the test can fail)" \
	[ "$(timeout 2 "$COMPACTCTL" --sysroot "$T/pti" status --order 9 > "$T/out" 2>&1; echo $?)" != 0 ]

# usage errors are UNKNOWN (3), as monitoring plugins exit
expect "no threshold: usage, UNKNOWN" 3 "compactctl check: give a threshold: --min-free SIZE, --max-score S, --max NAME=VALUE (or their --critical- forms)" --sysroot "$ARM" check
expect "--max-score 101: UNKNOWN" 3 "compactctl check: --max-score '101': expected a number from 0 to 100" --sysroot "$ARM" check --max-score 101
expect "a --sysroot that is not there: UNKNOWN, not 1" 3 "compactctl: $T/nowhere: No such file or directory" \
	--sysroot "$T/nowhere" check --max-score 5
expect "--json check --format prometheus: UNKNOWN, not 64" 3 "compactctl: check: no prometheus output" \
	--sysroot "$ARM" --format prometheus check --max-score 5
expect "--min-free junk: UNKNOWN" 3 "compactctl check: --min-free 'junk': expected a size such as 512M" --sysroot "$ARM" check --min-free junk
# a tree that does not tell its page size: bytes cannot be compared
unknown_free() {
	local out rc
	out=$(cc --sysroot "$FIX/hand-low-memory" check --min-free 1M); rc=$?
	[ "$rc|$out" = "3|COMPACTCTL UNKNOWN - node0 order>=9 free unknown (page size unknown)" ]
}
check "--min-free on a tree of unknown page size: UNKNOWN, no perfdata" unknown_free
done_testing
