# fish completion for compactctl(8)
set -l cmds status compact snapshot diff watch probe export check explain trace map

function __compactctl_root
    set -l toks (commandline -opc)
    set -l i (contains -i -- --sysroot $toks)
    and echo $toks[(math $i + 1)]
end
function __compactctl_nodes
    for n in (__compactctl_root)/sys/devices/system/node/node*
        string match -qr 'node[0-9]+$' -- $n; and string replace -r '.*node' '' -- $n
    end
end
function __compactctl_orders
    set -l cols (awk 'NR == 1 { print NF - 4 }' (__compactctl_root)/proc/buddyinfo 2>/dev/null)
    test -n "$cols"; or set cols 11
    seq 0 (math $cols - 1)
end
function __compactctl_sizes
    for d in (__compactctl_root)/sys/kernel/mm/hugepages/hugepages-*kB
        set -l kb (string replace -r '.*hugepages-([0-9]+)kB' '$1' -- $d)
        if test (math $kb % 1048576) -eq 0
            echo (math $kb / 1048576)G
        else
            echo (math $kb / 1024)M
        end
    end
end

complete -c compactctl -f
# global options
complete -c compactctl -s j -l json -d 'Print JSON on stdout'
complete -c compactctl -l format -x -a 'text json prometheus' -d 'Output format'
complete -c compactctl -l sysroot -r -a '(__fish_complete_directories)' -d 'Read DIR/proc and DIR/sys'
complete -c compactctl -l no-color -d 'Never use colour'
complete -c compactctl -l help -d 'Show help'
complete -c compactctl -l version -d 'Show version'
# commands
complete -c compactctl -n "not __fish_seen_subcommand_from $cmds" -a status -d 'Fragmentation of every node and zone'
complete -c compactctl -n "not __fish_seen_subcommand_from $cmds" -a compact -d 'Trigger compaction and show what it did'
complete -c compactctl -n "not __fish_seen_subcommand_from $cmds" -a snapshot -d 'One JSON document of every raw count'
complete -c compactctl -n "not __fish_seen_subcommand_from $cmds" -a diff -d 'Compare two snapshots or buddyinfo captures'
complete -c compactctl -n "not __fish_seen_subcommand_from $cmds" -a watch -d 'Live view'
complete -c compactctl -n "not __fish_seen_subcommand_from $cmds" -a probe -d 'How many huge pages can be allocated now'
complete -c compactctl -n "not __fish_seen_subcommand_from $cmds" -a export -d 'Prometheus text format'
complete -c compactctl -n "not __fish_seen_subcommand_from $cmds" -a check -d 'Monitoring-plugin check'
complete -c compactctl -n "not __fish_seen_subcommand_from $cmds" -a explain -d 'What an allocation-failure report means'
complete -c compactctl -n "not __fish_seen_subcommand_from $cmds" -a map -d 'Block classes, blockers and the compaction ceiling'
# status
complete -c compactctl -n '__fish_seen_subcommand_from status' -s n -l node -x -a '(__compactctl_nodes)' -d 'Only these nodes'
complete -c compactctl -n '__fish_seen_subcommand_from status' -s o -l order -x -a '(__compactctl_orders)' -d 'Order of the verdict'
complete -c compactctl -n '__fish_seen_subcommand_from status' -l output -r -F -d 'Write to FILE (replaced atomically)'
complete -c compactctl -n '__fish_seen_subcommand_from status' -l for -x -a 'thp hugetlb kernel atomic dma32 dma' -d 'Request class of the verdict'
# compact
complete -c compactctl -n '__fish_seen_subcommand_from compact' -s n -l node -x -a '(__compactctl_nodes)' -d 'Compact only these nodes'
complete -c compactctl -n '__fish_seen_subcommand_from compact' -s p -l passes -x -a '1 2 3 5 10' -d 'Repeat while a pass gains'
complete -c compactctl -n '__fish_seen_subcommand_from compact' -l until-score -x -d 'Repeat until the score is at most S'
complete -c compactctl -n '__fish_seen_subcommand_from compact' -l zram -d 'Compact zram devices first'
complete -c compactctl -n '__fish_seen_subcommand_from compact' -l dry-run -d 'Say what would be written'
complete -c compactctl -n '__fish_seen_subcommand_from compact' -l no-trace -d 'Do not use the tracepoints'
complete -c compactctl -n '__fish_seen_subcommand_from compact' -l no-map -d 'Do not measure against the ceiling of map'
complete -c compactctl -n '__fish_seen_subcommand_from compact' -l map -d 'Measure against the ceiling of map at any size'
complete -c compactctl -n '__fish_seen_subcommand_from compact' -l no-drain -d 'Leave the per-CPU free lists alone'
complete -c compactctl -n '__fish_seen_subcommand_from compact' -l wait -x -a '5 10 30 60' -d 'Wait for another compactctl'
complete -c compactctl -n '__fish_seen_subcommand_from compact' -l no-wait -d 'Exit 75 if another compactctl changes the machine'
# diff
complete -c compactctl -n '__fish_seen_subcommand_from diff' -s n -l node -x -a '(__compactctl_nodes)' -d 'Only these nodes'
complete -c compactctl -n '__fish_seen_subcommand_from diff' -F
# watch
complete -c compactctl -n '__fish_seen_subcommand_from watch' -s i -l interval -x -a '0.5 1 2 5 10' -d 'Seconds between frames'
complete -c compactctl -n '__fish_seen_subcommand_from watch' -s b -l batch -d 'Text frames, no curses'
complete -c compactctl -n '__fish_seen_subcommand_from watch' -s n -l iterations -x -a '1 5 10 60' -d 'Number of frames'
complete -c compactctl -n '__fish_seen_subcommand_from watch' -l node -x -a '(__compactctl_nodes)' -d 'Only these nodes'
complete -c compactctl -n '__fish_seen_subcommand_from watch' -s o -l order -x -a '(__compactctl_orders)' -d 'Order of the indices'
complete -c compactctl -n '__fish_seen_subcommand_from watch' -l pages -d 'Pages instead of bytes'
complete -c compactctl -n '__fish_seen_subcommand_from watch' -l pagetypeinfo-interval -x -a '0 10 30 60' -d 'Read pagetypeinfo at most every SEC'
# probe
complete -c compactctl -n '__fish_seen_subcommand_from probe' -s n -l node -x -a '(__compactctl_nodes)' -d 'Probe only these nodes'
complete -c compactctl -n '__fish_seen_subcommand_from probe' -s s -l size -x -a '(__compactctl_sizes)' -d 'Huge page size'
complete -c compactctl -n '__fish_seen_subcommand_from probe' -s p -l percent -x -a '5 10 25 50 90' -d 'Attempt P% of memory'
complete -c compactctl -n '__fish_seen_subcommand_from probe' -s S -l step -x -a '1 5 10 20' -d 'Grow in steps of P%'
complete -c compactctl -n '__fish_seen_subcommand_from probe' -l dry-run -d 'Say what would be written'
complete -c compactctl -n '__fish_seen_subcommand_from probe' -l force -d 'Probe even when the pool is in use'
complete -c compactctl -n '__fish_seen_subcommand_from probe' -l wait -x -a '5 10 30 60' -d 'Wait for another compactctl'
complete -c compactctl -n '__fish_seen_subcommand_from probe' -l no-wait -d 'Exit 75 if another compactctl changes the machine'
# export
complete -c compactctl -n '__fish_seen_subcommand_from export' -s n -l node -x -a '(__compactctl_nodes)' -d 'Only these nodes'
complete -c compactctl -n '__fish_seen_subcommand_from export' -s o -l output -r -F -d 'Write to FILE atomically'
complete -c compactctl -n '__fish_seen_subcommand_from export' -l trace -x -a '10s 30s 1m' -d 'Also record the compaction tracepoints'
complete -c compactctl -n '__fish_seen_subcommand_from export' -l wait -x -a '5 10 30 60' -d 'Wait for another compactctl'
complete -c compactctl -n '__fish_seen_subcommand_from export' -l no-wait -d 'Exit 75 if another compactctl changes the machine'
complete -c compactctl -n '__fish_seen_subcommand_from export' -l for -x -a 'thp hugetlb kernel atomic dma32 dma' -d 'Request class of the verdict'
complete -c compactctl -n '__fish_seen_subcommand_from export' -l no-map -d 'Leave out the map gauges'
# check
complete -c compactctl -n '__fish_seen_subcommand_from check' -s n -l node -x -a '(__compactctl_nodes)' -d 'Check only these nodes'
complete -c compactctl -n '__fish_seen_subcommand_from check' -s o -l order -x -a '(__compactctl_orders)' -d 'Order of the free blocks'
complete -c compactctl -n '__fish_seen_subcommand_from check' -l min-free -x -a '256M 512M 1G 4G' -d 'WARNING below this free memory'
complete -c compactctl -n '__fish_seen_subcommand_from check' -l max-score -x -a '20 50 80 90' -d 'WARNING above this score'
complete -c compactctl -n '__fish_seen_subcommand_from check' -l critical-min-free -x -a '256M 512M 1G 4G' -d 'CRITICAL below this free memory'
complete -c compactctl -n '__fish_seen_subcommand_from check' -l critical-max-score -x -a '20 50 80 90' -d 'CRITICAL above this score'
complete -c compactctl -n '__fish_seen_subcommand_from check' -l timeout -x -a '5 10 30 60' -d 'UNKNOWN after SECS seconds'
# explain
complete -c compactctl -n '__fish_seen_subcommand_from explain' -s f -l follow -d 'Wait for new reports in the kernel log'
complete -c compactctl -n '__fish_seen_subcommand_from explain' -F -d 'Saved log, - for stdin'

# trace
complete -c compactctl -n "not __fish_seen_subcommand_from $cmds" -a trace -d 'Who stalls in compaction, what fragments memory'
complete -c compactctl -n '__fish_seen_subcommand_from trace' -l duration -x -a '10s 30s 1m 5m' -d 'Record for TIME, then print'
complete -c compactctl -n '__fish_seen_subcommand_from trace' -l events -d 'One line per event'
complete -c compactctl -n '__fish_seen_subcommand_from trace' -l stack -d 'Kernel stacks of fallbacks (with --events)'
complete -c compactctl -n '__fish_seen_subcommand_from trace' -l interval -x -a '1s 2s 5s' -d 'Live refresh period'
complete -c compactctl -n '__fish_seen_subcommand_from trace' -l top -x -a '5 10 20' -d 'Task rows'
complete -c compactctl -n '__fish_seen_subcommand_from trace' -l wait -x -a '5 10 30 60' -d 'Wait for another compactctl'
complete -c compactctl -n '__fish_seen_subcommand_from trace' -l no-wait -d 'Exit 75 if another compactctl changes the machine'
complete -c compactctl -n '__fish_seen_subcommand_from check' -l for -x -a 'thp hugetlb kernel atomic dma32 dma' -d 'Count the blocks this class may use'
set -l metrics 'psi_some_avg10= psi_full_avg10= thp_fallback_no_free_block= hugetlb_free_bytes= zsmalloc_freeable_bytes= cma_alloc_fail_pages= unmanaged_pages='
complete -c compactctl -n '__fish_seen_subcommand_from check' -l max -x -a "$metrics" -d 'WARNING when a source is above'
complete -c compactctl -n '__fish_seen_subcommand_from check' -l min -x -a "$metrics" -d 'WARNING when a source is below'
complete -c compactctl -n '__fish_seen_subcommand_from check' -l critical-max -x -a "$metrics" -d 'CRITICAL when a source is above'
complete -c compactctl -n '__fish_seen_subcommand_from check' -l critical-min -x -a "$metrics" -d 'CRITICAL when a source is below'
# map
complete -c compactctl -n '__fish_seen_subcommand_from map' -s n -l node -x -a '(__compactctl_nodes)' -d 'Only these nodes'
complete -c compactctl -n '__fish_seen_subcommand_from map' -l zone -x -a 'DMA DMA32 Normal HighMem Movable' -d 'Only zones of this name'
complete -c compactctl -n '__fish_seen_subcommand_from map' -s o -l order -x -a '9 10 18 2M 4M 1G' -d 'Order of the blocks'
complete -c compactctl -n '__fish_seen_subcommand_from map' -l svg -r -F -d 'Write the map as SVG'
complete -c compactctl -n '__fish_seen_subcommand_from map' -l blocks -d 'JSON: the class of every block'
