#!/bin/bash
# The whole test suite, from a fresh Debian 12 machine: install the build
# dependencies, build, run every test; then the same suite again in an
# ASan+UBSan build. Live tests need root; without it they report SKIP.
# Ends with one line: "tests: N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" -eq 0 ]; then
	scripts/deps.sh
fi
[ -d build ] || meson setup build
[ -d build-asan ] || meson setup build-asan -Db_sanitize=address,undefined -Db_lundef=false \
	-Dbuildtype=debug
rc=0
meson test -C build --print-errorlogs || rc=1
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	meson test -C build-asan --print-errorlogs || rc=1
# one closing line over both runs, from meson's own logs
cat build/meson-logs/testlog.json build-asan/meson-logs/testlog.json 2>/dev/null |
	jq -rs '[.[].result] | "tests: \(map(select(. == "OK")) | length) passed, \(map(select(. != "OK" and . != "SKIP")) | length) failed, \(map(select(. == "SKIP")) | length) skipped"'
exit $rc
