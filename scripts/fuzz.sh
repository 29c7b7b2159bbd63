#!/bin/bash
# Build the libFuzzer harnesses with clang and run each for a fixed budget.
# Any crash, leak, timeout (10 s per input) or sanitizer report fails.
# The harnesses run side by side, one per CPU.
#   scripts/fuzz.sh [SECONDS]          run each harness SECONDS (default 60)
#   scripts/fuzz.sh --minimize [SECS]  then merge what was found into the
#                                      committed corpus, minimised
# Seeds: tests/fuzz/corpus/<target> (committed) plus the fixture files.
set -euo pipefail
cd "$(dirname "$0")/.."
minimize=0
if [ "${1:-}" = --minimize ]; then minimize=1; shift; fi
secs=${1:-60}
b=build-fuzz
[ -f $b/build.ninja ] || CC=clang meson setup $b -Dfuzz=true -Dbuildtype=debugoptimized > /dev/null
ninja -C $b > /dev/null
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
seed() { # seed TARGET FILES...
	mkdir -p "$work/$1"
	local f; for f in "${@:2}"; do [ -f "$f" ] && cp "$f" "$work/$1/$(echo "$f" | md5sum | cut -c1-16)"; done
	[ -d "tests/fuzz/corpus/$1" ] && cp tests/fuzz/corpus/"$1"/* "$work/$1/" 2>/dev/null || true
}
seed buddyinfo tests/fixtures/*/proc/buddyinfo tests/data/*buddyinfo*
seed pagetypeinfo tests/fixtures/*/proc/pagetypeinfo
seed zoneinfo tests/fixtures/*/proc/zoneinfo tests/data/zoneinfo*
seed vmstat tests/fixtures/*/proc/vmstat tests/data/vmstat*
mkdir -p "$work/snap"
for d in tests/fixtures/*/; do
	build/compactctl --sysroot "$d" snapshot > "$work/snap/$(basename "$d").json" 2>/dev/null ||
		rm -f "$work/snap/$(basename "$d").json"
done
seed snapshot-json "$work"/snap/*.json
seed diff-input "$work"/snap/*.json tests/data/*buddyinfo*
seed node-meminfo tests/fixtures/*/sys/devices/system/node/node*/meminfo tests/fixtures/*/proc/meminfo
mkdir -p "$work/cap" && tar xJf tests/data/trace-6.18-compact.tar.xz -C "$work/cap"
head -c 65536 "$work/cap/cpu0.raw" > "$work/compact-pages"
seed trace-compact "$work/compact-pages"
printf '  4096  2048  8192  0  8192  0  17  0  0\n' > "$work/mm_stat"
seed zram-mmstat "$work/mm_stat" tests/fixtures/*/sys/block/zram*/mm_stat
seed psi tests/fixtures/*/proc/pressure/memory
seed zsmalloc-classes tests/fixtures/*/sys/kernel/debug/zsmalloc/*/classes
seed meminfo tests/fixtures/*/proc/meminfo
seed sysfs-attr
seed trace-format tests/data/trace-formats/*/*.format tests/data/trace-formats/v6.18/header_page
seed trace-pages
# kpageflags: 8 parameter bytes (order 2, pageblock 2, max order 3, ...) and
# a generated tree's file
mkdir -p "$work/gen"
for c in $(python3 tests/mkkpf.py --list); do
	python3 tests/mkkpf.py "$c" "$work/gen/$c"
	{ printf '\002\002\002\000\000\037\040\040'; cat "$work/gen/$c/proc/kpageflags"; } > "$work/gen/$c.seed"
done
seed kpageflags "$work"/gen/*.seed
seed page-owner tests/data/page_owner*
seed sysctl tests/fixtures/*/sos_commands/kernel/sysctl_-a
seed allocreport tests/data/alloc-failures/*.log
run_one() { # run_one TARGET: its result line in $work/TARGET.result
	local t=$1
	mkdir -p "$work/new-$t" "$work/$t"	# a harness without seeds starts empty
	if ! $b/tests/fuzz/fuzz-$t "$work/new-$t" "$work/$t" -max_total_time="$secs" -max_len=65536 \
		-timeout=10 -rss_limit_mb=1024 -print_final_stats=1 -artifact_prefix="$work/crash-$t-" \
		> "$work/$t.log" 2>&1; then
		{ echo "fuzz-$t: FAILED"; tail -40 "$work/$t.log"; } > "$work/$t.result"
		return
	fi
	echo "fuzz-$t: ok, $(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$work/$t.log" | grep -oE '[0-9]+$') runs in ${secs}s, $(grep -oE 'cov: [0-9]+' "$work/$t.log" | tail -1)" > "$work/$t.result"
}
targets=(buddyinfo pagetypeinfo zoneinfo vmstat snapshot-json diff-input node-meminfo trace-compact zram-mmstat
	psi zsmalloc-classes meminfo sysfs-attr sysctl kpageflags page-owner trace-format trace-pages allocreport)
# one harness per CPU at a time (each is single-threaded)
ncpu=$(nproc)
for t in "${targets[@]}"; do
	while [ "$(jobs -rp | wc -l)" -ge "$ncpu" ]; do wait -n || true; done
	run_one "$t" &
done
wait
status=0
for t in "${targets[@]}"; do
	cat "$work/$t.result"
	if grep -q "^fuzz-$t: FAILED" "$work/$t.result"; then
		mkdir -p fuzz-artifacts; cp "$work"/crash-$t-* fuzz-artifacts/ 2>/dev/null || true
		status=1
		continue
	fi
	if [ $minimize = 1 ]; then
		rm -rf "tests/fuzz/corpus/$t"; mkdir -p "tests/fuzz/corpus/$t"
		$b/tests/fuzz/fuzz-$t -merge=1 "tests/fuzz/corpus/$t" "$work/$t" "$work/new-$t" > /dev/null 2>&1
		echo "  corpus: $(ls "tests/fuzz/corpus/$t" | wc -l) files"
	fi
done
exit $status
