#!/bin/bash
# Two probes at once on the live kernel (issue 11, defect 2: probe B saw A's
# pool, recorded it as "before" and restored it after A had restored 0,
# leaving pages allocated). Probe A's writes to nr_hugepages are slowed by
# strace (-P: only that file), so B starts while A holds the pool raised:
# B waits for the machine lock, says for whom, and runs after A; C with
# --no-wait is refused (75). The pool ends at its size before, and B's
# "before" is that size, not A's.
. "$TESTS_DIR/lib.sh"
need_root
need strace
NODE=/sys/devices/system/node/node0/hugepages/hugepages-2048kB/nr_hugepages
GLOBAL=/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages
[ -w "$GLOBAL" ] || skip_all "no writable 2M hugetlb pool"
before=$(cat "$GLOBAL")
[ "$before" = "$(cat "${GLOBAL%/*}/free_hugepages")" ] && [ "$(cat "${GLOBAL%/*}/resv_hugepages")" = 0 ] ||
	skip_all "the 2M pool is in use"
T=$(mktemp -d)
at_exit 'kill_jobs; wait; echo "$before" > "$GLOBAL"; rm -rf "$T"'

# A: 1% of memory, each write to the pool held 1.5 s
ASAN_OPTIONS=$LSAN_OFF strace -f -o /dev/null -P "$NODE" -P "$GLOBAL" -e trace=pwrite64,write \
	-e inject=pwrite64:delay_exit=1500000 -e inject=write:delay_exit=1500000 \
	"$COMPACTCTL" --json probe --percent 1 > "$T/a.json" 2> "$T/a.err" &
a=$!
# until A's pool is raised (its step is in the kernel, or just back)
for _ in $(seq 100); do [ "$(cat "$GLOBAL")" != "$before" ] && break; sleep 0.05; done
raised=$(cat "$GLOBAL")
check "A raised the pool ($before -> $raised)" [ "$raised" != "$before" ]
cc --json probe --percent 1 --no-wait > "$T/c.json" 2> "$T/c.err"
rcc=$?
check "C --no-wait meanwhile: refused with 75 ($(cat "$T/c.err"))" [ "$rcc" = 75 ]
check "... naming A as the holder" grep -q "busy: pid $(pgrep -P $a -x compactctl || echo $a), compactctl probe is changing the machine" "$T/c.err"
cc --json probe --percent 1 > "$T/b.json" 2> "$T/b.err"
rcb=$?
wait $a
rca=$?
check "A: exit 0 ($(head -c 200 "$T/a.err"))" [ "$rca" = 0 ]
check "B: exit 0 ($(head -c 200 "$T/b.err"))" [ "$rcb" = 0 ]
check "B waited, and said for whom" grep -q "^compactctl: /run/lock/compactctl.lock: waiting for pid [0-9]*, compactctl probe to finish$" "$T/b.err"
check "B's pool before is the pool's size before A ($before), not A's" \
	jqt --argjson b "$before" '.nodes[0].pool_before == $b' "$T/b.json"
check "both say they restored it" bash -c "jq -e '.nodes[0].restored' '$T/a.json' > /dev/null && jq -e '.nodes[0].restored' '$T/b.json' > /dev/null"
check "the pool is back at $before" [ "$(cat "$GLOBAL")" = "$before" ]
check "no huge page left allocated" [ "$(cat "${GLOBAL%/*}/free_hugepages")" = "$before" ]
done_testing
