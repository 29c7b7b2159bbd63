# bash completion for compactctl(8)
_compactctl()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
	local globals="--json -j --format --sysroot --no-color --help --version"
	local cmds="status compact snapshot diff watch probe export check explain trace map" cmd="" root="" i
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		--sysroot) root=${COMP_WORDS[i+1]}; ((i++)) ;;
		--sysroot=*) root=${COMP_WORDS[i]#--sysroot=} ;;
		-*) ;;
		*) [ -z "$cmd" ] && cmd=${COMP_WORDS[i]} ;;
		esac
	done
	case $prev in
	--sysroot)
		COMPREPLY=($(compgen -d -- "$cur"))
		return ;;
	--node|-n)
		if [ "$cmd" = watch ] && [ "$prev" = -n ]; then	# -n: frames, as in top
			COMPREPLY=($(compgen -W "1 5 10 60" -- "$cur"))
			return
		fi
		local n nodes=""
		for n in "$root"/sys/devices/system/node/node[0-9]*; do
			[ -e "$n" ] && nodes+=" ${n##*node}"
		done
		COMPREPLY=($(compgen -W "$nodes" -- "$cur"))
		return ;;
	--interval|-i|--pagetypeinfo-interval)
		COMPREPLY=($(compgen -W "0.5 1 2 5 10" -- "$cur"))
		return ;;
	--size|-s)
		local d sizes=""
		for d in "$root"/sys/kernel/mm/hugepages/hugepages-*kB; do
			[ -e "$d" ] || continue
			d=${d##*hugepages-}; d=${d%kB}
			if ((d % 1048576 == 0)); then sizes+=" $((d / 1048576))G"
			elif ((d % 1024 == 0)); then sizes+=" $((d / 1024))M"
			else sizes+=" ${d}K"; fi
		done
		COMPREPLY=($(compgen -W "$sizes" -- "$cur"))
		return ;;
	--percent|-p|--step|-S)
		if [ "$cmd" = probe ]; then
			COMPREPLY=($(compgen -W "5 10 25 50 90" -- "$cur"))
			return
		fi ;;&
	--iterations)
		COMPREPLY=($(compgen -W "1 5 10 60" -- "$cur"))
		return ;;
	--passes|-p|--until-score)
		COMPREPLY=($(compgen -W "1 2 3 5 10" -- "$cur"))
		return ;;
	--format)
		COMPREPLY=($(compgen -W "text json prometheus" -- "$cur"))
		return ;;
	--output)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	--min-free|--critical-min-free)
		COMPREPLY=($(compgen -W "256M 512M 1G 4G" -- "$cur"))
		return ;;
	--max-score|--critical-max-score)
		COMPREPLY=($(compgen -W "20 50 80 90" -- "$cur"))
		return ;;
	--timeout|--wait)
		COMPREPLY=($(compgen -W "5 10 30 60" -- "$cur"))
		return ;;
	--for)
		COMPREPLY=($(compgen -W "thp hugetlb kernel atomic dma32 dma" -- "$cur"))
		return ;;
	--max|--min|--critical-max|--critical-min)
		compopt -o nospace 2>/dev/null
		COMPREPLY=($(compgen -W "psi_some_avg10= psi_full_avg10= thp_fallback_no_free_block=
			hugetlb_free_bytes= zsmalloc_freeable_bytes= cma_alloc_fail_pages=
			unmanaged_pages=" -- "$cur"))
		return ;;
	--order|-o)
		if [ "$cmd" = export ]; then	# export -o: the output file
			COMPREPLY=($(compgen -f -- "$cur"))
			return
		fi
		local cols
		cols=$(awk 'NR == 1 { print NF - 4 }' "$root/proc/buddyinfo" 2>/dev/null)
		COMPREPLY=($(compgen -W "$(seq 0 $(( ${cols:-11} - 1 )))" -- "$cur"))
		return ;;
	esac
	if [ -z "$cmd" ]; then
		COMPREPLY=($(compgen -W "$cmds $globals" -- "$cur"))
		return
	fi
	case $cmd in
	status)
		COMPREPLY=($(compgen -W "--node -n --order -o --output --for $globals" -- "$cur")) ;;
	export)
		COMPREPLY=($(compgen -W "--node -n --output -o --trace --wait --no-wait --for --no-map
			$globals" -- "$cur")) ;;
	check)
		COMPREPLY=($(compgen -W "--node -n --order -o --for --min-free --max-score
			--critical-min-free --critical-max-score --max --min --critical-max
			--critical-min --timeout $globals" -- "$cur")) ;;
	map)
		COMPREPLY=($(compgen -W "--node -n --zone --order -o --svg --blocks $globals" -- "$cur")) ;;
	compact)
		COMPREPLY=($(compgen -W "--node -n --passes -p --until-score --zram --dry-run
			--no-trace --map --no-map --no-drain --wait --no-wait $globals" -- "$cur")) ;;
	snapshot) COMPREPLY=($(compgen -W "$globals" -- "$cur")) ;;
	trace)
		COMPREPLY=($(compgen -W "--duration --events --stack --interval --top --wait --no-wait
			$globals" -- "$cur")) ;;
	probe)
		COMPREPLY=($(compgen -W "--node -n --size -s --percent -p --step -S --dry-run --force
			--wait --no-wait $globals" -- "$cur")) ;;
	watch)
		COMPREPLY=($(compgen -W "--interval -i --batch -b --iterations -n --node --order -o
			--pages --pagetypeinfo-interval $globals" -- "$cur")) ;;
	explain)	# a saved log or '-'
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--follow -f $globals" -- "$cur"))
		else
			COMPREPLY=($(compgen -f -- "$cur"))
		fi ;;
	diff)
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--node -n $globals" -- "$cur"))
		else
			COMPREPLY=($(compgen -f -- "$cur"))
		fi ;;
	esac
}
complete -F _compactctl compactctl
