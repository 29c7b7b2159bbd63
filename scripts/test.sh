#!/bin/bash
# The whole test suite, from a fresh Debian 12 machine: install the build
# dependencies, build, run every test; the same suite again in an ASan+UBSan
# build and under valgrind (all but the heavy live workloads, the slow
# tests and the presentation tests: layout, completions, man page);
# each libFuzzer harness for FUZZ_SECONDS (default 12; 0 skips); the
# mutation check (scripts/mutate.sh: every mutant of the fixed set must
# make the fast suite fail); a DESTDIR install check; and a release build
# (-Dbuildtype=release, compiled with -Werror). Live tests need
# root; without it they report SKIP.
# Ends with one line: "tests: N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" -eq 0 ]; then
	scripts/deps.sh
fi
[ -d build ] || meson setup build
[ -d build-asan ] || meson setup build-asan -Db_sanitize=address,undefined -Db_lundef=false \
	-Dbuildtype=debug
[ -d build-valgrind ] || meson setup build-valgrind -Dvalgrind=true
[ -d build-release ] || meson setup build-release -Dbuildtype=release
rc=0
# the release build (-O3: other warnings than -O2's) must compile under
# -Werror too; its tests are the plain build's, so it is only built
echo "== release build"
ninja -C build-release || rc=1
meson test -C build --print-errorlogs || rc=1
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	meson test -C build-asan --print-errorlogs || rc=1
echo "== valgrind"
meson test -C build-valgrind --print-errorlogs --no-suite live-heavy --no-suite slow \
	--no-suite presentation \
	--timeout-multiplier 4 || rc=1
fuzz=${FUZZ_SECONDS:-12}
if [ "$fuzz" != 0 ]; then
	echo "== fuzzing, ${fuzz}s per harness"
	scripts/fuzz.sh "$fuzz" || rc=1
fi
echo "== mutation check (the fixed set; scripts/mutate.sh --all for every mutant)"
scripts/mutate.sh || rc=1
echo "== install"
scripts/install-check.sh build || rc=1
# one closing line over the three runs, from meson's own logs
cat build/meson-logs/testlog.json build-asan/meson-logs/testlog.json \
	build-valgrind/meson-logs/testlog.json 2>/dev/null |
	jq -rs '[.[].result] | "tests: \(map(select(. == "OK")) | length) passed, \(map(select(. != "OK" and . != "SKIP")) | length) failed, \(map(select(. == "SKIP")) | length) skipped"'
exit $rc
