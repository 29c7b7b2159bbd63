#!/bin/bash
# The trace decoder and engine on a real capture (tests/data/README,
# scripts/capture-trace.sh): binary pages decoded by field name must agree
# with the kernel's /proc/vmstat deltas over the capture window and with awk
# counts of the kernel's own text of the same buffer (trace.txt).
. "$TESTS_DIR/lib.sh"
: "${TRACE_REPLAY:?}"
T=$(mktemp -d)
at_exit 'rm -rf "$T"'
C=$T/cap
mkdir "$C" && tar xzf "$TESTS_DIR/data/trace-6.18-poolgrow.tar.gz" -C "$C"
"$TRACE_REPLAY" "$C" > "$T/r.json" 2> "$T/err"
check "replay accepts the capture" [ $? = 0 ]
check "one JSON document" json_one "$T/r.json"

delta() { echo $(( $(awk -v k="$1" '$1 == k { print $2 }' "$C/vmstat-after") -
		   $(awk -v k="$1" '$1 == k { print $2 }' "$C/vmstat-before") )); }
j() { jq -r "$1" "$T/r.json"; }
# the counters the kernel bumps exactly where the events are emitted
for p in compact_stall:.direct.stalls compact_success:.direct.success compact_fail:.direct.fail \
	 compact_free_scanned:.sums.compact_free_scanned compact_isolated:.sums.compact_isolated \
	 pgmigrate_success:.sums.pgmigrate_success; do
	k=${p%%:*}
	check "$k: trace $(j "${p#*:}") = vmstat delta $(delta "$k")" [ "$(j "${p#*:}")" = "$(delta "$k")" ]
done
# the document's own vmstat deltas (the counter table's trace view) and its
# agreement table, against the same awk deltas
for k in compact_stall compact_success compact_fail compact_free_scanned compact_isolated \
	 pgmigrate_success compact_migrate_scanned thp_fault_alloc; do
	check "vmstat_delta.$k = awk delta $(delta "$k")" [ "$(j ".vmstat_delta.$k")" = "$(delta "$k")" ]
done
agreement_equal() { # stalls, successes, failures and the free scanner agree
	jqt '[.vmstat_agreement[] | select(.trace == .vmstat) | .counter] | contains(["compact_stall",
		"compact_success", "compact_fail", "compact_free_scanned", "compact_isolated",
		"pgmigrate_success"])' "$T/r.json"
}
check "the agreement table: the exact counters agree" agreement_equal
# compact_migrate_scanned also counts the free-list entries that
# fast_find_migrateblock() walks (mm/compaction.c, v5.1+), with no event
ms=$(j .sums.compact_migrate_scanned)
check "compact_migrate_scanned: trace $ms <= vmstat delta $(delta compact_migrate_scanned)" \
	[ "$ms" -le "$(delta compact_migrate_scanned)" ]
check "compact_migrate_scanned = awk sum of isolate_migratepages nr_scanned" \
	[ "$ms" = "$(awk '/mm_compaction_isolate_migratepages:/ { for (i = 1; i <= NF; i++)
		if ($i ~ /^nr_scanned=/) s += substr($i, 12) } END { print s + 0 }' "$C/trace.txt")" ]

# every record of the buffer decoded: entries-in-buffer of the text header
in_buf=$(sed -n 's/.*entries-in-buffer\/entries-written: \([0-9]*\)\/.*/\1/p' "$C/trace.txt")
check "records decoded = entries in buffer ($in_buf)" [ "$(j .events)" = "$in_buf" ]
check "histogram counts add up to the stalls" jqt '([.direct.histogram_us[].count] | add) == .direct.stalls' "$T/r.json"

# attribution: the pool was grown by a shell (note); its stalls plus skipped
# attempts = its try_to_compact_pages lines in the text
gp=$(cat "$C/grow.pid")
tries=$(grep -c -- "-$gp *\[.*mm_compaction_try_to_compact_pages:" "$C/trace.txt")
got=$(jq --argjson p "$gp" '.direct.tasks[] | select(.pid == $p) | .stalls + .skipped_attempts' "$T/r.json")
check "pool grower sh-$gp: $got attempts = $tries lines" [ "$got" = "$tries" ]
check "pool grower named sh" jqt --argjson p "$gp" '.direct.tasks[] | select(.pid == $p) | .comm == "sh"' "$T/r.json"
check "every task's attempts = its lines" test "$(jq -r '.direct.tasks[] | "\(.pid) \(.stalls + .skipped_attempts)"' "$T/r.json" | sort)" = \
	"$(awk '/mm_compaction_try_to_compact_pages:/ { sub(/.*-/, "", $1); n[$1]++ } END { for (p in n) print p, n[p] }' "$C/trace.txt" | sort)"

# fallbacks per (alloc, fallback, stole) against awk over the text, the
# migratetype numbers named by pagetypeinfo's column order
awk 'FNR == NR { if ($0 ~ /^Number of blocks type/) { for (i = 5; i <= NF; i++) mt[i - 5] = $i }; next }
     /mm_page_alloc_extfrag:/ { for (i = 1; i <= NF; i++) { split($i, kv, "=");
	if (kv[1] == "alloc_migratetype") a = kv[2]; if (kv[1] == "fallback_migratetype") f = kv[2];
	if (kv[1] == "change_ownership") c = kv[2] }
	k = mt[a] " " mt[f]; n[k]++; if (c) s[k]++; else p[k]++ }
     END { for (k in n) print k, n[k], p[k] + 0, s[k] + 0 }' "$C/pagetypeinfo" "$C/trace.txt" | sort > "$T/awk"
jq -r '.extfrag.pairs[] | "\(.alloc) \(.fallback) \(.events) \(.pollute) \(.steal)"' "$T/r.json" | sort > "$T/ours"
check "fallback events per migratetype pair = awk count ($(awk '{ s += $3 } END { print s + 0 }' "$T/awk") events)" cmp -s "$T/awk" "$T/ours"
has_extfrag() { [ -s "$T/awk" ]; }
check "the capture has fallback events" has_extfrag
check "kcompactd runs = kcompactd_wake lines" [ "$(jq '[.kcompactd[].runs.count] | add // 0' "$T/r.json")" = \
	"$(grep -c 'mm_compaction_kcompactd_wake:' "$C/trace.txt")" ]

# --events: one line per compact_zone() run of direct compaction = begin lines
# of tasks in an attempt; all runs = end lines
"$TRACE_REPLAY" "$C" --events > "$T/ev" 2> "$T/err"
check "--events: runs with a latency = end lines" [ "$(jq -s '[.[] | select(.status != "deferred" and .status != "skipped")] | length' "$T/ev")" = \
	"$(grep -c 'mm_compaction_end:' "$C/trace.txt")" ]

"$TRACE_REPLAY" "$C" --text > "$T/text"
fits80() { [ -s "$T/text" ] && [ "$(awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }' "$T/text")" -le 80 ]; }
check "text summary fits 80 columns" fits80
check "text names the pool grower" grep -Eq "^  sh +$gp +63 " "$T/text"

# a comm is the task's to choose: quote, backslash and ESC in the grower's
# name reach no output raw; Prometheus escapes the label as its format says
cp -r "$C" "$T/weird"
esc=$(printf '\033')
sed -i "s/^$gp .*/$gp a\"b\\\\c${esc}d/" "$T/weird/saved_cmdlines"
has_weird_comm() { grep -q "^$gp a\"b\\\\c${esc}d\$" "$T/weird/saved_cmdlines"; }
check "the weird comm is in the capture's saved_cmdlines" has_weird_comm
"$TRACE_REPLAY" "$T/weird" --prom > "$T/prom"
check "Prometheus: the label escaped (\\\" \\\\ and the ESC made visible)" \
	grep -qF "compactctl_trace_task_direct_stalls{comm=\"a\\\"b\\\\c\\\\x1bd\",pid=\"$gp\"} 63" "$T/prom"
no_esc() { ! grep -q "$esc" "$1"; }
check "Prometheus: no ESC byte" no_esc "$T/prom"
if command -v promtool > /dev/null; then
	check "promtool check metrics accepts it" promtool check metrics < "$T/prom"
else
	skip "promtool not installed"
fi
"$TRACE_REPLAY" "$T/weird" --text > "$T/wtext"
check "text: no ESC byte" no_esc "$T/wtext"
check "text: the ESC shown as \\x1b" grep -qF 'a"b\c\x1bd' "$T/wtext"
"$TRACE_REPLAY" "$T/weird" > "$T/wjson"
check "JSON: the comm with the ESC made visible" \
	jqt --argjson p "$gp" '.direct.tasks[] | select(.pid == $p) | .comm == "a\"b\\c\\x1bd"' "$T/wjson"
done_testing
