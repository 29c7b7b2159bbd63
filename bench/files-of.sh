#!/bin/bash
# The files a command reads (opened for reading and read), one a line,
# in order: the floor of a benchmark is `cat` of exactly these. With
# --sysroot DIR, paths are read inside DIR (printed with DIR in front).
#   bench/files-of.sh [--sysroot DIR] CMD [ARG...]
set -euo pipefail
root=
if [ "${1:-}" = --sysroot ]; then root=$(realpath "$2"); shift 2; fi
log=$(mktemp); trap 'rm -f "$log"' EXIT
# files opened and then read (a file opened but not read, like
# /proc/kpageflags when the map is too large to take, is no part of the floor)
strace -f -qq -e trace=openat,openat2,read,pread64,close -o "$log" "$@" >/dev/null 2>&1 || true
awk -v r="$root" '
/ (openat2?)\(/ && !/O_PATH|O_DIRECTORY|O_WRONLY|O_RDWR|= -1/ {
	if (!match($0, /\((AT_FDCWD|3), "[^"]+"/)) next
	p = substr($0, RSTART, RLENGTH); sub(/^\((AT_FDCWD|3), "/, "", p); sub(/"$/, "", p)
	if (p ~ /^\/(etc|lib|usr)\//) next
	if (p !~ /^\//) p = r "/" p
	fd[$1 " " $NF] = p; next
}
/ (read|pread64)\(/ {
	f = $2; sub(/^(read|pread64)\(/, "", f); sub(/,.*/, "", f)
	k = $1 " " f
	if ((k in fd) && $NF + 0 > 0 && !seen[fd[k]]++) print fd[k]
	next
}
/ close\(/ { f = $2; sub(/^close\(/, "", f); sub(/\).*/, "", f); delete fd[$1 " " f] }
' "$log"
