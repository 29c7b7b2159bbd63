#!/bin/bash
# The fleet integration files in dist/: the systemd units verify and stay
# hardened, the Prometheus rules pass their unit tests, and every PromQL
# expression of the rules and the Grafana dashboard parses and names only
# metrics that 'compactctl export' produces on the fixture trees (or that the
# rules record).
. "$TESTS_DIR/lib.sh"
: "${DIST_DIR:?DIST_DIR must name the source dist/ directory}"
: "${DIST_BUILD_DIR:?DIST_BUILD_DIR must name the dist/ directory of the build}"
T=$(mktemp -d)
at_exit 'rm -rf "$T"'
RULES=$DIST_DIR/compactctl.rules.yml
DASH=$DIST_DIR/compactctl-dashboard.json

# flat TEXT N: TEXT's first N characters on one line (a TAP description)
flat() { printf '%s' "${1:0:$2}" | tr '\n' ' '; }
# needs TOOL PACKAGE: fail (not skip) when a tool scripts/deps.sh installs is missing
needs() {
	command -v "$1" > /dev/null && return 0
	fail "$1 is needed (apt-get install $2; scripts/deps.sh installs it)"
	return 1
}

# --- systemd units -------------------------------------------------------
# The configured service names the installed binary; verify a copy that runs
# the built one (verify checks that ExecStart's program is executable).
service_copy() {
	sed -E "s|^ExecStart=[^ ]*/compactctl |ExecStart=$COMPACTCTL |" \
		"$DIST_BUILD_DIR/compactctl-export.service" > "$T/units/compactctl-export.service"
}
mkdir "$T/units"
service_copy
cp "$DIST_DIR/compactctl-export.timer" "$T/units/"
unit_value() { sed -n "s/^$1=//p" "$T/units/compactctl-export.service"; }
if needs systemd-analyze systemd; then
	out=$(systemd-analyze verify --man=no "$T/units/compactctl-export.service" \
		"$T/units/compactctl-export.timer" 2>&1); rc=$?
	check "systemd-analyze verify: service and timer $(flat "$out" 300)" [ "$rc" = 0 -a -z "$out" ]
	# exposure 0.5 when written (root, /proc files and a world-readable output
	# are what export needs); 1.0 leaves room for systemd's scoring to change
	out=$(systemd-analyze security --offline=yes --threshold=10 \
		"$T/units/compactctl-export.service" 2>&1); rc=$?
	expo=$(echo "$out" | grep -o 'Overall exposure.*')
	check "systemd-analyze security: exposure at most 1.0 ($expo)" [ "$rc" = 0 ]
	two_runs() { systemd-analyze calendar --iterations=2 "$(sed -n 's/^OnCalendar=//p' "$T/units/compactctl-export.timer")"; }
	# the next two elapses of the calendar expression are 60 s apart
	minute_apart() {
		local a b
		a=$(two_runs | sed -n 's/^ *Next elapse: //p' | xargs -I{} date -d {} +%s)
		b=$(two_runs | sed -n 's/^ *Iter. #2: //p' | xargs -I{} date -d {} +%s)
		[ -n "$a" ] && [ -n "$b" ] && [ $((b - a)) = 60 ]
	}
	check "timer: every 60 s" minute_apart
fi
textfile_dir=$(unit_value Environment | sed -n 's/^TEXTFILE_DIR=//p')
check "service: the textfile directory is set ($textfile_dir)" [ -n "$textfile_dir" ]
check "service: ExecStart writes compactctl.prom there" \
	[ "$(unit_value ExecStart)" = "$COMPACTCTL export -o \${TEXTFILE_DIR}/compactctl.prom" ]
check "service: the only writable path is that directory" [ "$(unit_value ReadWritePaths)" = "-$textfile_dir" ]
check "service: no capability at all" [ "$(unit_value CapabilityBoundingSet)" = "" ]
check "service: ProtectSystem=strict, NoNewPrivileges, PrivateNetwork" \
	[ "$(unit_value ProtectSystem)$(unit_value NoNewPrivileges)$(unit_value PrivateNetwork)" = strictyesyes ]
check "timer: randomised delay, fixed per machine" \
	grep -qxE 'RandomizedDelaySec=[1-9][0-9]*s' "$T/units/compactctl-export.timer"
check "timer: FixedRandomDelay=yes" grep -qx 'FixedRandomDelay=yes' "$T/units/compactctl-export.timer"

# --- the service's system call filter lets export through --------------------
# PID 1 here is not systemd, so the sandbox itself never runs in the tests.
# What can be checked: every system call export makes (strace, on the live
# system as the unit runs it) is allowed by the unit's SystemCallFilter=
# lines, groups expanded by systemd-analyze; but for the two whose refusal
# export ignores: capset (dropping capabilities the unit never gave) and
# set_mempolicy (libnuma's probe for MPOL_PREFERRED_MANY).
filter_calls() { # filter_calls NAME...: system calls, @groups expanded
	local x
	for x in "$@"; do
		case $x in
		@*) filter_calls $(awk -v g="$x" '/^@/ { on = $1 == g; next } on && /^    [@a-z0-9_-]+$/ { print $1 }' "$T/groups") ;;
		*) echo "$x" ;;
		esac
	done
}
unit_filter() { # unit_filter allow|deny: the calls of the lines without or with "~"
	local line
	unit_value SystemCallFilter | while IFS= read -r line; do
		case $1$line in
		deny~*) filter_calls ${line#\~} ;;
		allow~*) ;;
		allow*) filter_calls $line ;;
		esac
	done | sort -u
}
if command -v strace > /dev/null && command -v systemd-analyze > /dev/null; then
	systemd-analyze syscall-filter > "$T/groups" 2> /dev/null
	unit_filter allow > "$T/allow"
	unit_filter deny > "$T/deny"
	comm -23 "$T/allow" "$T/deny" > "$T/allowed"
	# the binary itself, not valgrind's wrapper; LeakSanitizer off (LSAN_OFF, lib.sh)
	ASAN_OPTIONS=$LSAN_OFF strace -f -qq -o "$T/strace" "${COMPACTCTL_REAL:-$COMPACTCTL}" \
		export -o "$T/filter.prom"; rc=$?
	sed -nE 's/^[0-9]+ +([a-z0-9_]+)\(.*/\1/p' "$T/strace" | sort -u > "$T/used"
	printf '%s\n' capset set_mempolicy > "$T/ignored"
	refused() { comm -23 "$T/used" "$T/allowed" | comm -23 - "$T/ignored"; }
	filter_ok() { [ "$rc" = 0 ] && [ "$(wc -l < "$T/used")" -ge 20 ] && [ -z "$(refused)" ]; }
	check "service: the $(wc -l < "$T/used") system calls of export are allowed by its filter ($(wc -l < "$T/allowed") calls; refused: $(refused | tr '\n' ' '))" filter_ok
else
	fail "strace and systemd-analyze are needed (apt-get install strace systemd)"
fi

# --- Prometheus rules --------------------------------------------------------
if needs promtool prometheus; then
	out=$(promtool check rules "$RULES" 2>&1); rc=$?
	check "promtool check rules $(flat "$out" 300)" [ "$rc" = 0 ]
	out=$(promtool test rules "$TESTS_DIR/prometheus/rules.test.yml" 2>&1); rc=$?
	check "promtool test rules: every alert and recording rule $(flat "$out" 2000)" [ "$rc" = 0 ]
fi

# --- Grafana dashboard: the JSON model ---------------------------------------
# schemaVersion 42: the classic model's current version (@grafana/schema
# 13.2.3, defaultDashboard); Grafana migrates older versions on load.
all_panels='[.panels[], (.panels[] | .panels[]?)]'
check "dashboard: valid JSON, schemaVersion 42, uid and title" \
	jqt '.schemaVersion == 42 and (.uid | type) == "string" and (.title | type) == "string"' "$DASH"
check "dashboard: every panel has a type and a unique numeric id" \
	jqt "$all_panels | (all(.type | type == \"string\") and all(.id | type == \"number\") and (map(.id) | length == (unique | length)))" "$DASH"
check "dashboard: every gridPos is whole and within 24 columns" \
	jqt "$all_panels | all(.gridPos | (.h > 0 and .w > 0 and .x >= 0 and .y >= 0 and .x + .w <= 24))" "$DASH"
check "dashboard: every query panel's targets have a refId, an expr and the \${datasource} variable" \
	jqt "$all_panels | map(select(.type != \"row\" and .type != \"text\")) | all(.targets | length > 0 and all(.refId and .expr and .datasource.uid == \"\${datasource}\"))" "$DASH"
check "dashboard: variables have a name and a known type" \
	jqt '.templating.list | all(.name and (.type | IN("query", "datasource", "custom", "constant", "interval", "textbox", "adhoc")))' "$DASH"
jq -r '.. | .expr? // empty' "$DASH" > "$T/dash.exprs"
vars_defined() {
	local v
	for v in $(grep -oE '\$[a-z][a-z_]*' "$T/dash.exprs" | sort -u); do
		jqt --arg n "${v#$}" '.templating.list | any(.name == $n)' "$DASH" || return 1
	done
}
check "dashboard: every \$variable in a query is defined" vars_defined
check "dashboard: a panel for each subject (score, free by order, indices, compaction, THP)" \
	jqt "[$all_panels[] | .title] | (index(\"Fragmentation score per node\") != null and index(\"Free memory by order\") != null and index(\"Indices at order \$order\") != null and index(\"Compaction events\") != null and index(\"THP page faults\") != null)" "$DASH"

# --- every PromQL expression parses ------------------------------------------
# Grafana's variables and variable functions, replaced by what Grafana sends:
# label_values(SELECTOR, label) queries SELECTOR, query_result(EXPR) runs EXPR.
grafana_to_promql() {
	sed -E -e 's/^label_values\((.*), *[a-z_]+\)$/\1/' -e 's/^query_result\((.*)\)$/\1/' \
		-e 's/\$__rate_interval/5m/g; s/\$__interval/1m/g' \
		-e 's/\$instance/h/g; s/\$node/0/g; s/\$order/9/g'
}
{ cat "$T/dash.exprs"; jq -r '.templating.list[] | select(.type == "query") | .query' "$DASH"; } |
	grafana_to_promql > "$T/dash.promql"
# the rules' expressions: "expr: X" lines, X quoted in the one-line form
rule_exprs() {
	sed -nE -e 's/.*[{ ]expr: "([^"]*)".*/\1/p; t' -e 's/^ *expr: (.*)$/\1/p' "$RULES"
}
rule_exprs > "$T/rules.promql"
as_rules_file() { # PromQL lines -> a rules file with one recording rule each
	echo "groups:"; echo "  - name: parse"; echo "    rules:"
	awk '{ gsub(/'\''/, "'\'''\''"); printf "      - record: expr_%d\n        expr: '\''%s'\''\n", NR, $0 }'
}
if command -v promtool > /dev/null; then
	as_rules_file < "$T/dash.promql" > "$T/dash.rules.yml"
	out=$(promtool check rules "$T/dash.rules.yml" 2>&1); rc=$?
	check "dashboard: all $(wc -l < "$T/dash.promql") PromQL expressions parse $(flat "$out" 500)" [ "$rc" = 0 ]
fi
check "rules: $(wc -l < "$T/rules.promql") expressions found" [ "$(wc -l < "$T/rules.promql")" -ge 33 ]

# --- and names only exported or recorded metrics -----------------------------
# metric names in PromQL: drop strings, label matchers, label lists, ranges and
# numbers; what is left and not followed by "(" or a keyword is a metric
metric_names() {
	sed -E -e 's/"([^"\\]|\\.)*"//g; s/\{[^}]*\}//g; s/\[[^]]*\]//g' \
		-e 's/\b(by|without|on|ignoring|group_left|group_right) *\([^)]*\)//g' \
		-e 's/\b[0-9][0-9.]*\b//g' |
		grep -oE '[a-zA-Z_:][a-zA-Z0-9_:]* *\(?' | grep -v '($' | tr -d ' ' |
		grep -vxE 'by|without|on|ignoring|group_left|group_right|bool|and|or|unless|offset|inf|nan' | sort -u
}
# the fixtures hold no /proc/sys/vm: one copy with the two tunables that
# every kernel since 5.9 has, for the metrics export takes only from there
cp -r "$FIX/local-x86_64-6.18-vm-settled" "$T/knobs"
mkdir -p "$T/knobs/proc/sys/vm"
echo 20 > "$T/knobs/proc/sys/vm/compaction_proactiveness"
echo 500 > "$T/knobs/proc/sys/vm/extfrag_threshold"
# names only: the plain binary also in the valgrind run (export-check runs
# every fixture's export under the build's checker)
for d in "$FIX"/*/ "$T/knobs"; do
	"${COMPACTCTL_REAL:-$COMPACTCTL}" --sysroot "$d" export 2> /dev/null | awk '$1 == "#" && $2 == "TYPE" { print $3 }'
done | sort -u > "$T/exported"
sed -nE 's/.*record: "?([a-zA-Z_:][a-zA-Z0-9_:]*)"?.*/\1/p' "$RULES" | sort -u > "$T/recorded"
sort -u "$T/exported" "$T/recorded" > "$T/known"
check "fixture exports: $(wc -l < "$T/exported") metric names, $(wc -l < "$T/recorded") recording rules" \
	[ "$(wc -l < "$T/exported")" -ge 20 ]
unknown_in() { metric_names < "$1" | comm -23 - "$T/known"; }
check "dashboard: every metric is exported or recorded (unknown: $(unknown_in "$T/dash.promql" | tr '\n' ' '))" \
	[ -z "$(unknown_in "$T/dash.promql")" ]
check "rules: every metric is exported or recorded (unknown: $(unknown_in "$T/rules.promql" | tr '\n' ' '))" \
	[ -z "$(unknown_in "$T/rules.promql")" ]
# the name extraction itself finds names (else the two checks above prove nothing)
check "metric names found: dashboard $(metric_names < "$T/dash.promql" | wc -l), rules $(metric_names < "$T/rules.promql" | wc -l)" \
	[ "$(metric_names < "$T/dash.promql" | wc -l)" -ge 15 -a "$(metric_names < "$T/rules.promql" | wc -l)" -ge 15 ]
done_testing
