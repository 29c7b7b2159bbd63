#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Build small sysroot trees for `compactctl map`: /proc/kpageflags (one
little-endian u64 per PFN), zoneinfo, buddyinfo, the knobs, and, for
interleaved nodes, /sys/devices/system/memory.

    tests/mkkpf.py CASE DIR     build one case into DIR
    tests/mkkpf.py --list       the case names

Every case keeps pageblocks tiny (pageblock order 2: 4 pages) so the
expected classes, buddyinfo and ceiling can be worked out by hand; the
arithmetic is in tests/map.sh next to each expectation.
"""
import os
import struct
import sys

# kpageflags bits [include/uapi/linux/kernel-page-flags.h]
LOCKED, UPTODATE, LRU, SLAB, BUDDY, MMAP, ANON = 1 << 0, 1 << 3, 1 << 5, 1 << 7, 1 << 10, 1 << 11, 1 << 12
HEAD, TAIL, HUGE, UNEV, HWPOISON, NOPAGE = 1 << 15, 1 << 16, 1 << 17, 1 << 18, 1 << 19, 1 << 20
THP, OFFLINE, ZERO, PGTABLE, RESERVED, MLOCKED = 1 << 22, 1 << 23, 1 << 24, 1 << 26, 1 << 32, 1 << 33

# A THP of order 2 (a pageblock here) as the 6.x kernel reports it: every
# page carries the folio's LRU and THP bits, the head HEAD, the tails TAIL.
THP4 = [LRU | THP | HEAD] + [LRU | THP | TAIL] * 3

CASES = {
    # One zone, PFNs 2..31 (blocks of 4 pages, the first one partial).
    'classes': dict(
        zones=[(0, 'Normal', 2, 30, 26, 26, 1)],
        pages=[0, 0, BUDDY, BUDDY] +                 # blk0 P (PFNs 0-1 outside)
              [BUDDY] * 4 +                          # blk1 F
              [BUDDY, BUDDY, LRU, LRU] +             # blk2 C, m=2
              THP4 +                                 # blk3 T
              [LRU, SLAB, BUDDY, BUDDY] +            # blk4 U: slab 1
              [NOPAGE] * 4 +                         # blk5 H
              [PGTABLE, RESERVED, LRU, ZERO] +       # blk6 U: 3 blockers
              [LRU | UNEV | MLOCKED, LRU, BUDDY, LRU],  # blk7 C (U if unevictable blocks)
        buddyinfo={(0, 'Normal'): [1, 3, 1, 0]},
    ),
    # Same pages, compact_unevictable_allowed = 0.
    'classes-noevict': dict(base='classes', unevictable=0),
    # Deferred init: present 16, managed 10, no RESERVED page, so 6 pages
    # may be uninitialised: the top flag-less block only.
    'uninit': dict(
        zones=[(0, 'Normal', 0, 16, 16, 10, 0)],
        pages=[BUDDY] * 4 + [0] * 4 + [0] * 4 + [0, LRU, BUDDY, BUDDY],
        buddyinfo={(0, 'Normal'): [0, 1, 1, 0]},
    ),
    # A 3.10 kernel: BUDDY on the head of a free block only, SLAB too.
    'pre46': dict(
        release='3.10.0-957.el7.x86_64',
        zones=[(0, 'Normal', 0, 16, 16, 16, 0)],
        pages=[BUDDY] + [0] * 7 +                    # one free order-3 block
              [LRU, 0, BUDDY, 0] +                   # order-1 free at PFN 10
              [SLAB | HEAD] + [TAIL] * 3,            # slab folio, head-only SLAB
        buddyinfo={(0, 'Normal'): [0, 1, 0, 1]},
    ),
    # hugetlb at and below pageblock order, hwpoison, balloon, a page with
    # only LOCKED, a user page not on the LRU yet, an mTHP.
    'kinds': dict(
        zones=[(0, 'Normal', 0, 16, 16, 16, 0)],
        pages=[HUGE | HEAD] + [HUGE | TAIL] * 3 +
              [HUGE | HEAD, HUGE | TAIL, BUDDY, BUDDY] +
              [HWPOISON, OFFLINE, LOCKED, MMAP | ANON | UPTODATE] +
              [LRU | THP | HEAD, LRU | THP | TAIL, BUDDY, BUDDY],
        buddyinfo={(0, 'Normal'): [0, 2, 0, 0]},
    ),
    # 64K pages, two nodes whose Normal spans interleave: node 0 owns memory
    # blocks 0 and 3, node 1 blocks 1 and 2 (8 pages each).
    'numa64k': dict(
        page_size=65536,
        zones=[(0, 'Normal', 0, 32, 16, 16, 0), (1, 'Normal', 8, 16, 16, 16, 0)],
        pages=[BUDDY] * 8 + [LRU] * 8 + [BUDDY] * 4 + [SLAB] * 4 +
              [LRU, BUDDY, BUDDY, BUDDY] + [BUDDY] * 4,
        memory_blocks=[(0, 0), (1, 1), (2, 1), (3, 0)],
        buddyinfo={(0, 'Normal'): [1, 1, 1, 1], (1, 'Normal'): [0, 0, 1, 0]},
    ),
}


def resolve(name):
    c = dict(CASES[name])
    if 'base' in c:
        b = resolve(c.pop('base'))
        b.update(c)
        c = b
    return c


def write(path, text, mode='w'):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, mode) as f:
        f.write(text)


def zoneinfo(c):
    out = []
    for node, name, start, spanned, present, managed, wmin in c['zones']:
        free = sum(n << o for o, n in enumerate(c['buddyinfo'][(node, name)]))
        out.append(f"Node {node}, zone {name:>8}\n"
                   f"  pages free     {free}\n"
                   f"        boost    0\n        min      {wmin}\n"
                   f"        low      {wmin + 1}\n        high     {wmin + 2}\n"
                   f"        spanned  {spanned}\n        present  {present}\n"
                   f"        managed  {managed}\n"
                   f"        protection: (0, 0, 0, 0, 0)\n"
                   f"  pagesets\n  start_pfn:           {start}\n")
    return ''.join(out)


def build(name, d):
    c = resolve(name)
    ps = c.get('page_size', 4096)
    norders = 4
    write(f"{d}/proc/kpageflags", struct.pack(f"<{len(c['pages'])}Q", *c['pages']), 'wb')
    write(f"{d}/proc/zoneinfo", zoneinfo(c))
    write(f"{d}/proc/buddyinfo", ''.join(
        f"Node {n}, zone {z:>8} " + ' '.join(f"{v:6d}" for v in row) + ' \n'
        for (n, z), row in sorted(c['buddyinfo'].items())))
    write(f"{d}/proc/sys/kernel/osrelease", c.get('release', '6.18.0') + '\n')
    write(f"{d}/proc/sys/vm/compact_unevictable_allowed", f"{c.get('unevictable', 1)}\n")
    # pageblock order 2: the THP size is 4 pages
    write(f"{d}/sys/kernel/mm/transparent_hugepage/hpage_pmd_size", f"{4 * ps}\n")
    nodes = sorted({z[0] for z in c['zones']})
    write(f"{d}/sys/devices/system/node/online", f"{nodes[0]}-{nodes[-1]}\n")
    for n in nodes:
        managed = sum(z[5] for z in c['zones'] if z[0] == n)
        write(f"{d}/sys/devices/system/node/node{n}/meminfo",
              f"Node {n} MemTotal:       {managed * ps // 1024} kB\n")
    for idx, node in c.get('memory_blocks', []):
        base = f"{d}/sys/devices/system/memory"
        write(f"{base}/block_size_bytes", f"{8 * ps:x}\n")
        write(f"{base}/memory{idx}/valid_zones", "Normal\n")
        os.makedirs(f"{base}/memory{idx}", exist_ok=True)
        os.symlink(f"../../node/node{node}", f"{base}/memory{idx}/node{node}")
    assert norders == len(next(iter(c['buddyinfo'].values())))


if __name__ == '__main__':
    if sys.argv[1:] == ['--list']:
        print('\n'.join(CASES))
    elif len(sys.argv) == 3 and sys.argv[1] in CASES:
        build(sys.argv[1], sys.argv[2])
    else:
        sys.exit(f"usage: mkkpf.py CASE DIR | --list (cases: {' '.join(CASES)})")
