#!/bin/bash
# Tool cost of `compactctl status` against the floor: `cat` of the same
# /proc and /sys files, run side by side (interleaved), N rounds each,
# median wall time; peak RSS from getrusage via GNU time. Prints a table
# and writes bench/results/status.json. Not part of the test suite.
#   bench/status.sh [BUILD_DIR] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build}/compactctl
rounds=${2:-200}
command -v /usr/bin/time >/dev/null || { echo "bench: needs GNU time (apt-get install time)" >&2; exit 1; }
files=(/proc/buddyinfo /proc/zoneinfo /proc/vmstat /proc/sys/kernel/osrelease
       /sys/kernel/mm/transparent_hugepage/enabled /sys/kernel/mm/transparent_hugepage/defrag
       /sys/kernel/mm/transparent_hugepage/hpage_pmd_size
       /sys/kernel/mm/transparent_hugepage/khugepaged/defrag /sys/devices/system/node/online)
[ -r /proc/pagetypeinfo ] && files+=(/proc/pagetypeinfo)
for k in compaction_proactiveness extfrag_threshold compact_unevictable_allowed min_free_kbytes \
	 watermark_scale_factor watermark_boost_factor defrag_mode; do
	[ -r /proc/sys/vm/$k ] && files+=(/proc/sys/vm/$k)
done

now() { date +%s%N; }
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
declare -A t
run() { # run NAME CMD...: one timed run, appended to t[NAME]
	local name=$1 s e; shift
	s=$(now); "$@" >/dev/null 2>&1; e=$(now)
	t[$name]+="$(( (e - s) / 1000 )) "
}
# diff: two snapshots taken now; its floor is cat of the same two files
snapdir=$(mktemp -d); trap 'rm -rf "$snapdir"' EXIT
"$bin" snapshot > "$snapdir/a.json"; "$bin" snapshot > "$snapdir/b.json"
for i in $(seq 1 "$rounds"); do
	run cat cat "${files[@]}"
	run status "$bin" status
	run json "$bin" --json status
	run catd cat "$snapdir/a.json" "$snapdir/b.json"
	run diff "$bin" diff "$snapdir/a.json" "$snapdir/b.json"
done
rss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }
m_cat=$(tr ' ' '\n' <<<"${t[cat]}" | grep . | median)
m_st=$(tr ' ' '\n' <<<"${t[status]}" | grep . | median)
m_js=$(tr ' ' '\n' <<<"${t[json]}" | grep . | median)
m_cd=$(tr ' ' '\n' <<<"${t[catd]}" | grep . | median)
m_df=$(tr ' ' '\n' <<<"${t[diff]}" | grep . | median)
r_cat=$(rss cat "${files[@]}"); r_st=$(rss "$bin" status); r_js=$(rss "$bin" --json status)
r_cd=$(rss cat "$snapdir/a.json" "$snapdir/b.json"); r_df=$(rss "$bin" diff "$snapdir/a.json" "$snapdir/b.json")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
printf '%-22s %12s %8s %12s\n' command "median (us)" ratio "peak RSS"
printf '%-22s %12s %8s %9s KiB\n' "cat (floor, ${#files[@]} files)" "$m_cat" 1.00 "$r_cat"
printf '%-22s %12s %8s %9s KiB\n' "compactctl status" "$m_st" "$(ratio "$m_st" "$m_cat")" "$r_st"
printf '%-22s %12s %8s %9s KiB\n' "compactctl --json" "$m_js" "$(ratio "$m_js" "$m_cat")" "$r_js"
printf '%-22s %12s %8s %9s KiB\n' "cat (2 snapshots)" "$m_cd" 1.00 "$r_cd"
printf '%-22s %12s %8s %9s KiB\n' "compactctl diff" "$m_df" "$(ratio "$m_df" "$m_cd")" "$r_df"
mkdir -p bench/results
cat > bench/results/status.json <<JSON
{"date": "$(date -u +%FT%TZ)", "kernel": "$(uname -r)", "cpus": $(nproc), "rounds": $rounds,
 "files": ${#files[@]},
 "cat": {"median_us": $m_cat, "peak_rss_kib": $r_cat},
 "status": {"median_us": $m_st, "ratio": $(ratio "$m_st" "$m_cat"), "peak_rss_kib": $r_st},
 "json_status": {"median_us": $m_js, "ratio": $(ratio "$m_js" "$m_cat"), "peak_rss_kib": $r_js},
 "cat_snapshots": {"median_us": $m_cd, "peak_rss_kib": $r_cd},
 "diff": {"median_us": $m_df, "ratio": $(ratio "$m_df" "$m_cd"), "peak_rss_kib": $r_df}}
JSON
