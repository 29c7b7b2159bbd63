#!/bin/bash
# Capture the contiguous-memory source files of this machine into a sysroot
# tree (tests/fixtures/sources-local-x86_64-6.18 was made with it). Root; run
# under the live lock: flock /run/lock/dev-live.lock scripts/capture-sources.sh DEST
# It sets zram0 up (64 MiB) with mixed data, grows the 2M hugetlb pool to 8
# pages and enables 64K mTHP for a 64 MiB anonymous mapping, copies the files,
# and restores all of it on every exit path.
set -euo pipefail
dest=${1:?usage: capture-sources.sh DEST}
[ "$(id -u)" = 0 ] || { echo "capture-sources: needs root" >&2; exit 1; }
[ "$(cat /sys/block/zram0/initstate)" = 0 ] || { echo "capture-sources: zram0 in use" >&2; exit 1; }
thp64=/sys/kernel/mm/transparent_hugepage/hugepages-64kB/enabled
pool=/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages
old64=$(grep -o '\[[a-z]*\]' "$thp64" | tr -d '[]')
oldpool=$(cat "$pool")
restore() {
	echo "$old64" > "$thp64"
	echo "$oldpool" > "$pool"
	echo 1 > /sys/block/zram0/reset
}
trap restore EXIT
echo 64M > /sys/block/zram0/disksize
python3 - <<'PY'
import os, random
random.seed(13)
with open('/dev/zram0', 'r+b', buffering=0) as f:
    for i in range(8192):
        kind = i % 4
        if kind == 0: page = os.urandom(4096)
        elif kind == 1: page = bytes(random.getrandbits(8) & 0x0f for _ in range(4096))
        elif kind == 2: page = (b'compactctl zram capture line %d\n' % i) * 128
        else: page = os.urandom(random.randint(200, 3000)).ljust(4096, b'\0')
        f.write(page[:4096])
    for i in range(0, 8192, 3):
        f.seek(i * 4096); f.write(b'\0' * 4096)
    os.fsync(f.fileno())
PY
echo 8 > "$pool"
echo always > "$thp64"
python3 -c "
import mmap
m = mmap.mmap(-1, 64 << 20)
for i in range(0, 64 << 20, 4096): m[i] = 1
"
copy() { mkdir -p "$dest$(dirname "$1")"; cat "$1" > "$dest$1"; }
for f in /proc/buddyinfo /proc/pagetypeinfo /proc/zoneinfo /proc/vmstat /proc/meminfo \
	/proc/pressure/memory /proc/sys/kernel/osrelease /proc/sys/kernel/arch \
	/proc/sys/kernel/task_delayacct /proc/sys/vm/defrag_mode /sys/block/zram0/mm_stat \
	/sys/block/zram0/disksize /sys/block/zram0/initstate /sys/block/zram0/comp_algorithm \
	/sys/devices/system/node/node0/meminfo /sys/devices/system/node/online \
	/sys/kernel/mm/transparent_hugepage/enabled /sys/kernel/mm/transparent_hugepage/defrag \
	/sys/kernel/mm/transparent_hugepage/hpage_pmd_size; do
	copy "$f"
done
for f in /sys/kernel/mm/hugepages/*/* /sys/devices/system/node/node*/hugepages/*/* \
	/sys/kernel/mm/transparent_hugepage/hugepages-*/enabled \
	/sys/kernel/mm/transparent_hugepage/hugepages-*/stats/* \
	/sys/kernel/mm/cma/*/* /sys/kernel/debug/zsmalloc/zram0/classes; do
	case $f in */demote|*'*'*) continue ;; esac
	[ -r "$f" ] && copy "$f"
done
