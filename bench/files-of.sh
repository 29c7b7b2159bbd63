#!/bin/bash
# The files a command reads (opened for reading, not O_PATH), one a line,
# in order: the floor of a benchmark is `cat` of exactly these. With
# --sysroot DIR, paths are read inside DIR (printed with DIR in front).
#   bench/files-of.sh [--sysroot DIR] CMD [ARG...]
set -euo pipefail
root=
if [ "${1:-}" = --sysroot ]; then root=$(realpath "$2"); shift 2; fi
log=$(mktemp); trap 'rm -f "$log"' EXIT
strace -f -qq -e trace=openat,openat2 -o "$log" "$@" >/dev/null 2>&1 || true
grep -v 'O_PATH\|O_DIRECTORY\|O_WRONLY\|O_RDWR\|= -1' "$log" | grep -v '"/etc/\|"/lib\|"/usr/' |
	grep -oE '\((AT_FDCWD|3), "[^"]+"' | sed -E 's/^\((AT_FDCWD|3), "//; s/"$//' |
	awk -v r="$root" '$0 !~ /^\// { $0 = r "/" $0 } !seen[$0]++'
