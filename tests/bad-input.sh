#!/bin/bash
# Malformed, truncated, oversized and missing input: exactly one line on
# stderr, "compactctl: FILE[:LINE]: what is wrong", exit status 1, and
# nothing at all on stdout (text and JSON alike).
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
at_exit 'rm -rf "$tmp"'
good=$FIX/local-x86_64-6.18-vm-settled

# case NAME FILE EXPECTED-STDERR-REGEX: content of FILE comes from stdin
case_() {
	local name=$1 file=$2 want=$3 t=$tmp/$1
	mkdir -p "$t/proc"
	cp "$good/proc/buddyinfo" "$t/proc/buddyinfo"
	mkdir -p "$(dirname "$t/$file")"
	cat > "$t/$file"
	expect "$name" 1 "~compactctl: $want" --sysroot "$t" status
	expect "$name (--json)" 1 "~compactctl: $want" --sysroot "$t" --json status
}


B='.*/proc/buddyinfo'
case_ empty-buddyinfo proc/buddyinfo "$B: empty file: no zones listed" < <(printf '')
case_ blank-buddyinfo proc/buddyinfo "$B: empty file: no zones listed" < <(printf '\n\n')
case_ truncated-line proc/buddyinfo "$B:3: 10 order columns, but earlier lines have 11" < <(sed '3s/ *[0-9]* *$//' "$good/proc/buddyinfo")
case_ truncated-file proc/buddyinfo "$B:2: [0-9]+ order columns, but earlier lines have 11" < <(head -c 150 "$good/proc/buddyinfo")
case_ too-many-orders proc/buddyinfo "$B:1: 21 order columns; no kernel has more than 20" < <(echo "Node 0, zone Normal $(seq -s ' ' 1 21)")
case_ not-a-number proc/buddyinfo "$B:2: 'x1' is not a number" < <(sed '2s/ 1 / x1 /' "$good/proc/buddyinfo")
case_ negative proc/buddyinfo "$B:2: negative count '-5'" < <(sed '2s/ 1 / -5 /' "$good/proc/buddyinfo")
case_ beyond-64-bits proc/buddyinfo "$B:1: '18446744073709551616' does not fit in 64 bits" < <(sed '1s/ 3 *$/ 18446744073709551616/' "$good/proc/buddyinfo")
case_ free-overflow proc/buddyinfo "$B: node 0 zone DMA: free page count overflows 64-bit arithmetic" < <(sed '1s/ 3 *$/ 18446744073709551615/' "$good/proc/buddyinfo")
case_ nul-byte proc/buddyinfo "$B:2: NUL byte in a text file" < <({ sed -n 1p "$good/proc/buddyinfo"; printf 'Node 0, zone DMA32 1\0 2\n'; })
case_ unknown-zone proc/buddyinfo "$B:2: unknown zone 'Bogus'" < <(sed '2s/DMA32/Bogus/' "$good/proc/buddyinfo")
case_ garbage-line proc/buddyinfo "$B:4: expected 'Node <n>, zone <name> <counts...>'" < <({ cat "$good/proc/buddyinfo"; echo "hello world"; })
case_ duplicate-zone proc/buddyinfo "$B:4: node 0 zone DMA listed twice" < <({ cat "$good/proc/buddyinfo"; sed -n 1p "$good/proc/buddyinfo"; })
case_ ten-thousand-nodes proc/buddyinfo "$B:1025: node 1024 out of range \(the kernel allows at most 1023\)" \
	< <(for i in $(seq 0 10000); do echo "Node $i, zone Normal 1 1 1 1 1 1 1 1 1 1 1"; done)
case_ megabyte-line proc/buddyinfo "$B:1: line too long \(over 65536 bytes\)" < <(head -c 1048576 /dev/zero | tr '\0' 1)

# a 100 MB file (sparse) is refused with bounded memory
mkdir -p "$tmp/huge/proc"; truncate -s 100M "$tmp/huge/proc/buddyinfo"
expect huge-file 1 "~compactctl: $B: file too large \(over 64 MiB\)" --sysroot "$tmp/huge" status
# missing and unreadable
mkdir -p "$tmp/none/proc"
expect missing-buddyinfo 1 "~compactctl: $B: No such file or directory" --sysroot "$tmp/none" status
mkdir -p "$tmp/isdir/proc/buddyinfo"
expect unreadable-buddyinfo 1 "~compactctl: $B: a directory, not a regular file: refused" --sysroot "$tmp/isdir" status
expect sysroot-not-dir 1 "~compactctl: .*/buddyinfo: not a directory" --sysroot "$good/proc/buddyinfo" status
expect sysroot-missing 1 "~compactctl: .*/nonexistent: No such file or directory" --sysroot "$tmp/nonexistent" status

Z='.*/proc/zoneinfo'
case_ zoneinfo-truncated proc/zoneinfo "$Z: node 0 zone DMA has no 'present' line \(truncated\?\)" < <(grep -v 'present' "$good/proc/zoneinfo")
case_ zoneinfo-cut proc/zoneinfo "$Z: node 0 zone DMA has no '.*' line \(truncated\?\)" < <(head -n 60 "$good/proc/zoneinfo")
case_ zoneinfo-nan proc/zoneinfo "$Z:56: '1x2' is not a number" < <(sed 's/^        min      12$/        min      1x2/' "$good/proc/zoneinfo")
case_ zoneinfo-protection proc/zoneinfo "$Z:[0-9]+: malformed protection list" < <(sed 's/protection: (0, 3019,/protection: (0 3019,/' "$good/proc/zoneinfo")
case_ zoneinfo-headless proc/zoneinfo "$Z:1: expected 'Node <n>, zone <name>' first" < <(echo "  pages free 3")
# a line the parser would skip inside a zone is still no header before one
case_ zoneinfo-counter-first proc/zoneinfo "$Z:1: expected 'Node <n>, zone <name>' first" < <(echo "vm stats threshold: 4"; cat "$good/proc/zoneinfo")

P='.*/proc/pagetypeinfo'
case_ pti-truncated proc/pagetypeinfo "$P: no 'Number of blocks type' table \(truncated\?\)" < <(sed '/Number of blocks/,$d' "$good/proc/pagetypeinfo")
case_ pti-missing-row proc/pagetypeinfo "$P: node 0 zone Normal lacks rows for some migrate types \(truncated\?\)" < <(sed '/Normal, type      Movable/d' "$good/proc/pagetypeinfo")
case_ pti-bad-cap proc/pagetypeinfo "$P:5: '>9999': the kernel caps at >100000" < <(sed '5s/      0 /  >9999 /' "$good/proc/pagetypeinfo")
case_ pti-block-size proc/pagetypeinfo "$P:2: pages per block 500 does not match the page block order" < <(sed 's/Pages per block:  512/Pages per block:  500/' "$good/proc/pagetypeinfo")

V='.*/proc/vmstat'
case_ vmstat-short proc/vmstat "$V:4: expected '<counter> <value>'" < <({ head -3 "$good/proc/vmstat"; echo "nr_free_pages"; })
case_ vmstat-dup proc/vmstat "$V:2: counter a listed twice" < <(printf 'a 1\na 2\n')
case_ knob-nan proc/sys/vm/extfrag_threshold ".*/proc/sys/vm/extfrag_threshold:1: 'abc' is not a number" < <(echo abc)
done_testing
