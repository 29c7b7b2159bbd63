#!/usr/bin/env python3
# Writes the hand-made allocator fixture trees tests/fixtures/hand-alloc-*
# (README.hand says what each shows; tests/alloc-fixtures.sh has the
# arithmetic). Every zone's "pages free" is the sum of its buddyinfo line,
# and pagetypeinfo rows sum to buddyinfo, as on a kernel read at one instant.
import os, sys

DST = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..', 'tests', 'fixtures')
TYPES = ['Unmovable', 'Movable', 'Reclaimable', 'HighAtomic', 'CMA', 'Isolate']

def z(name, managed, present, spanned, wm, prot, lists, boost=0, cma=0, blocks=None):
    # lists: {type: [n_0 .. n_10]}
    return dict(name=name, managed=managed, present=present, spanned=spanned, wm=wm,
                prot=prot, lists=lists, boost=boost, cma=cma, blocks=blocks or {})

def orders(d):
    out = [0] * 11
    for o, n in d.items():
        out[o] = n
    return out

DMA_PROT = (0, 3019, 21067, 21067, 21067)
DMA32_PROT = (0, 0, 18048, 18048, 18048)
ZERO = (0, 0, 0, 0, 0)
# DMA with the 7 order-9 blocks (1 + 2*3; 256 + 512 + 3072 = 3840)
DMA7 = z('DMA', 3840, 3998, 4095, (12, 15, 18), DMA_PROT,
         {'Unmovable': orders({8: 1}), 'Movable': orders({9: 1, 10: 3})}, blocks={'Unmovable': 1, 'Movable': 7})
# DMA and DMA32 drained below min: order-0 pages only
DMA_LOW = z('DMA', 3840, 3998, 4095, (12, 15, 18), DMA_PROT,
            {'Movable': orders({0: 10})}, blocks={'Unmovable': 1, 'Movable': 7})
DMA32_LOW = z('DMA32', 772915, 782336, 1044480, (2419, 3191, 3963), DMA32_PROT,
              {'Movable': orders({0: 2000})}, blocks={'Movable': 1528})

def normal(lists, wm=(14464, 19084, 23704), boost=0, cma=0, blocks=None):
    return z('Normal', 4620288, 5505024, 5505024, wm, ZERO, lists, boost, cma,
             blocks or {'Unmovable': 181, 'Movable': 8581, 'Reclaimable': 262})

TREES = {
    # issue 13: no order-9 block in Normal or DMA32; DMA has 7 but its
    # lowmem_reserve keeps every Normal-class request out. buddyinfo only
    # (a non-root copy), so (B) is approximated.
    'hand-alloc-lowmem-reserve': dict(pti=False, zones=[
        DMA7,
        z('DMA32', 772915, 782336, 1044480, (2419, 3191, 3963), DMA32_PROT,
          {'Movable': orders({0: 1, 1: 1, 2: 4, 3: 2, 4: 5, 5: 4, 6: 3, 7: 3, 8: 1508})},
          blocks={'Movable': 1528}),
        normal({'Movable': orders({0: 5661, 1: 5004, 2: 3223, 3: 2094, 4: 1102, 5: 599,
                                   6: 481, 7: 250, 8: 109})}),
    ]),
    # Normal's only blocks >= order 9: one free HighAtomic order-9 block in a
    # zone with 2 reserved HighAtomic pageblocks (1024 pages, 600 free)
    'hand-alloc-highatomic': dict(pti=True, zones=[
        DMA_LOW, DMA32_LOW,
        normal({'Unmovable': orders({0: 3000, 1: 500}),
                'Movable': orders({0: 20000, 4: 2000, 8: 300}),
                'HighAtomic': orders({0: 8, 4: 5, 9: 1})},
               blocks={'Unmovable': 181, 'Movable': 8579, 'Reclaimable': 262, 'HighAtomic': 2}),
    ]),
    # CONFIG_CMA: Normal's blocks >= order 4 are all CMA
    'hand-alloc-cma': dict(pti=True, zones=[
        DMA_LOW, DMA32_LOW,
        normal({'Unmovable': orders({0: 30000, 1: 4000, 2: 1000, 3: 500}),
                'Movable': orders({0: 10000, 3: 2000}),
                'CMA': orders({0: 100, 9: 20, 10: 40})}, cma=100 + 20 * 512 + 40 * 1024,
               blocks={'Unmovable': 181, 'Movable': 8481, 'Reclaimable': 262, 'CMA': 100}),
    ]),
    # a fallback boosted Normal's watermarks by 30000 (min 14464 -> 44464)
    'hand-alloc-boost': dict(pti=True, zones=[
        DMA_LOW, DMA32_LOW,
        normal({'Unmovable': orders({0: 5000}), 'Movable': orders({0: 14520, 9: 40})},
               wm=(44464, 49084, 53704), boost=30000),
    ]),
    # Normal below min with order-9 blocks left
    'hand-alloc-watermark': dict(pti=True, zones=[
        DMA_LOW, DMA32_LOW,
        normal({'Unmovable': orders({0: 2000}), 'Movable': orders({0: 2880, 9: 10})}),
    ]),
    # Normal: plenty free, nothing >= order 9, small blocks: compaction
    'hand-alloc-fragmented': dict(pti=True, zones=[
        DMA_LOW, DMA32_LOW,
        normal({'Unmovable': orders({0: 40000, 1: 9000}),
                'Movable': orders({0: 100000, 2: 20000, 5: 3000, 7: 500}),
                'Reclaimable': orders({0: 6000, 3: 1000})}),
    ]),
    # Normal: nothing >= order 9, few large blocks: F_9 <= 500, reclaim
    'hand-alloc-low-memory': dict(pti=True, zones=[
        DMA_LOW, DMA32_LOW,
        normal({'Movable': orders({8: 1024})}),
    ]),
}

def pages(l):
    return sum(n << o for o, n in enumerate(l))

def write(tree, spec):
    root = os.path.join(DST, tree)
    os.makedirs(os.path.join(root, 'proc/sys/kernel'), exist_ok=True)
    with open(os.path.join(root, 'proc/sys/kernel/osrelease'), 'w') as f:
        f.write('6.18.0-hand\n')
    # x86_64: 4K pages, as the sizes in tests/alloc-fixtures.sh say (arch.c)
    with open(os.path.join(root, 'proc/sys/kernel/arch'), 'w') as f:
        f.write('x86_64\n')
    zi, bi = [], []
    for zn in spec['zones']:
        tot = [sum(l[o] for l in zn['lists'].values()) for o in range(11)]
        free = pages(tot)
        mn, lo, hi = zn['wm']
        zi.append(f"Node 0, zone {zn['name']:>8}\n  pages free     {free}\n"
                  f"        boost    {zn['boost']}\n        min      {mn}\n"
                  f"        low      {lo}\n        high     {hi}\n"
                  f"        spanned  {zn['spanned']}\n        present  {zn['present']}\n"
                  f"        managed  {zn['managed']}\n"
                  f"        protection: ({', '.join(str(p) for p in zn['prot'])})\n"
                  f"      nr_free_cma  {zn['cma']}\n")
        bi.append(f"Node 0, zone {zn['name']:>8} " + ''.join(f"{n:>7}" for n in tot) + ' \n')
    # as on 6.18, zoneinfo also lists the empty Movable zone (not buddyinfo)
    zi.append("Node 0, zone  Movable\n  pages free     0\n        boost    0\n"
              "        min      32\n        low      32\n        high     32\n"
              "        spanned  0\n        present  0\n        managed  0\n"
              "        protection: (0, 0, 0, 0, 0)\n")
    with open(os.path.join(root, 'proc/zoneinfo'), 'w') as f:
        f.write(''.join(zi))
    with open(os.path.join(root, 'proc/buddyinfo'), 'w') as f:
        f.write(''.join(bi))
    if not spec['pti']:
        return
    types = [t for t in TYPES if t != 'CMA' or any('CMA' in zn['lists'] for zn in spec['zones'])]
    out = ['Page block order: 9\nPages per block:  512\n\n',
           'Free pages count per migrate type at order ' + ''.join(f"{o:>7}" for o in range(11)) + ' \n']
    for zn in spec['zones']:
        for t in types:
            l = zn['lists'].get(t, [0] * 11)
            out.append(f"Node    0, zone {zn['name']:>8}, type {t:>12} " + ''.join(f"{n:>7}" for n in l) + ' \n')
    out.append('\nNumber of blocks type    ' + ''.join(f"{t:>13}" for t in types) + ' \n')
    for zn in spec['zones']:
        out.append(f"Node 0, zone {zn['name']:>8} " + ''.join(f"{zn['blocks'].get(t, 0):>13}" for t in types) + ' \n')
    with open(os.path.join(root, 'proc/pagetypeinfo'), 'w') as f:
        f.write(''.join(out))

for name, spec in TREES.items():
    write(name, spec)
