#!/bin/bash
# End to end with the real parts (root; Debian's prometheus and
# prometheus-node-exporter): the export service's own command writes the
# textfile, node_exporter (textfile collector only) serves it, Prometheus
# scrapes it every second with the shipped rules. Then, through Prometheus's
# HTTP API: the per-node score equals 'compactctl --json status'; a forced
# copy of a shipped alert fires with the node's value; every shipped rule
# evaluates without error; every dashboard query runs. Both servers listen on
# 127.0.0.1 at free ports, in a temporary directory; both are stopped and the
# directory removed on every exit (at_exit).
. "$TESTS_DIR/lib.sh"
: "${DIST_DIR:?DIST_DIR must name the source dist/ directory}"
: "${DIST_BUILD_DIR:?DIST_BUILD_DIR must name the dist/ directory of the build}"
[ "$(id -u)" = 0 ] || skip_all "needs root (the export reads /proc/pagetypeinfo)"
NODE_EXPORTER=$(command -v prometheus-node-exporter || command -v node_exporter) ||
	skip_all "prometheus-node-exporter is not installed (scripts/deps.sh installs it)"
for tool in prometheus curl setpriv; do
	command -v "$tool" > /dev/null || skip_all "$tool is not installed (scripts/deps.sh installs it)"
done

T=$(mktemp -d)
pids=()
cleanup() {
	local p
	for p in "${pids[@]}"; do kill "$p" 2> /dev/null; done
	for p in "${pids[@]}"; do wait "$p" 2> /dev/null; done
	rm -rf "$T"
}
at_exit cleanup
trap 'exit 1' INT TERM
start=$(date +%s.%N)
elapsed() { awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

# a port nobody listens on (connecting is refused)
free_port() {
	local p
	for p in $(shuf -i 20000-60000 -n 50); do
		(exec 3<> "/dev/tcp/127.0.0.1/$p") 2> /dev/null || { echo "$p"; return; }
	done
	return 1
}
NP=$(free_port) && PP=$(free_port) && [ "$NP" != "$PP" ] || { fail "no free port"; done_testing; exit; }
api() { # api PATH [curl args]: the JSON answer of Prometheus's HTTP API
	local p=$1; shift
	curl -sfG --max-time 5 "http://127.0.0.1:$PP$p" "$@"
}
query() { api /api/v1/query --data-urlencode "query=$1"; }
# wait_for SECONDS CMD...: run CMD every 0.2 s until it succeeds
wait_for() {
	local end=$((SECONDS + $1)); shift
	until "$@"; do [ "$SECONDS" -lt "$end" ] || return 1; sleep 0.2; done
}

# --- the export service's command, as the unit runs it ---------------------
# ExecStart of the configured unit with the test's directory and binary,
# without any capability and with no_new_privs (CapabilityBoundingSet=,
# NoNewPrivileges=yes)
mkdir "$T/textfile" "$T/data"
cmdline=$(sed -n 's/^ExecStart=//p' "$DIST_BUILD_DIR/compactctl-export.service" |
	sed -E "s|^[^ ]*/compactctl |$COMPACTCTL |; s|\\\$\\{TEXTFILE_DIR\\}|$T/textfile|")
check "the unit's command: $cmdline" [ "$cmdline" = "$COMPACTCTL export -o $T/textfile/compactctl.prom" ]
score_file() { awk '/^compactctl_node_fragmentation_score\{/ { match($1, /node="[0-9]+"/); print substr($1, RSTART + 6, RLENGTH - 7), $2 }' "$T/textfile/compactctl.prom"; }
score_status() { cc --json status | jq -r '.nodes[] | select(.fragmentation_score != null) | "\(.node) \(.fragmentation_score)"'; }
# the live score moves while other work runs: retry until status before,
# the export and status after agree
for try in $(seq 10); do
	before=$(score_status)
	# shellcheck disable=SC2086 # the unit's command line, split as systemd does
	setpriv --bounding-set=-all --inh-caps=-all --no-new-privs $cmdline; rc=$?
	after=$(score_status)
	[ "$before" = "$after" ] && [ "$(score_file)" = "$before" ] && break
done
check "export without capabilities: exit 0 (try $try)" [ "$rc" = 0 ]
check "... and it read /proc/pagetypeinfo (root as its owner, no capability)" \
	grep -q '^compactctl_migratetype_free_blocks{' "$T/textfile/compactctl.prom"
check "the file's node scores = status --json ($(echo $before))" [ -n "$before" -a "$(score_file)" = "$before" ]

# --- node_exporter with only the textfile collector ---------------------------
"$NODE_EXPORTER" --web.listen-address="127.0.0.1:$NP" --collector.disable-defaults \
	--collector.textfile --collector.textfile.directory="$T/textfile" > "$T/node_exporter.log" 2>&1 &
pids+=($!)

# --- Prometheus: 1 s scrapes and evaluations, the shipped rules and a forced
# copy of CompactctlHugePageMemoryLow (thresholds that always hold, no "for")
awk '/^      - alert: CompactctlHugePageMemoryLow$/ { on = 1 } on && /^      - (alert|record):/ && !/HugePageMemoryLow/ { on = 0 } on' \
	"$DIST_DIR/compactctl.rules.yml" > "$T/block"
{
	printf 'groups:\n  - name: forced\n    rules:\n'
	sed -e 's/alert: CompactctlHugePageMemoryLow$/alert: CompactctlTestForced/' \
		-e 's/ < 0\.02 \* / < 2 * /; s/ >= 0\.1 \* / >= 0 * /; s/for: 15m$/for: 0s/' "$T/block"
} > "$T/forced.rules.yml"
forced_ok() { grep -q '< 2 \* .* >= 0 \* ' "$T/forced.rules.yml" && grep -q 'for: 0s' "$T/forced.rules.yml"; }
check "forced copy of CompactctlHugePageMemoryLow: thresholds 2 and 0, for 0s" forced_ok
cat > "$T/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files:
  - $DIST_DIR/compactctl.rules.yml
  - $T/forced.rules.yml
scrape_configs:
  - job_name: node
    static_configs:
      - targets: ['127.0.0.1:$NP']
EOF
prometheus --config.file="$T/prometheus.yml" --storage.tsdb.path="$T/data" \
	--web.listen-address="127.0.0.1:$PP" --log.level=warn > "$T/prometheus.log" 2>&1 &
pids+=($!)
ready() { curl -sf --max-time 1 "http://127.0.0.1:$PP/-/ready" > /dev/null; }
wait_for 90 ready; rc=$?
t_ready=$(elapsed)
check "Prometheus ready (${t_ready} s from the start)" [ "$rc" = 0 ]

# --- the scrape --------------------------------------------------------------
scraped() { [ "$(query compactctl_node_fragmentation_score | jq '.data.result | length')" -gt 0 ] 2> /dev/null; }
wait_for 60 scraped; rc=$?
t_scraped=$(elapsed)
check "first scrape with compactctl's metrics (${t_scraped} s)" [ "$rc" = 0 ]
score_prom() { query compactctl_node_fragmentation_score | jq -r '.data.result[] | "\(.metric.node) \(.value[1])"' | sort -n; }
check "per-node score in Prometheus = status --json ($(echo $(score_prom)))" [ "$(score_prom)" = "$before" ]
instance=$(query compactctl_node_fragmentation_score | jq -r '.data.result[0].metric.instance')
check "target labels: instance 127.0.0.1:$NP, job node" [ "$instance" = "127.0.0.1:$NP" ]

# --- the forced alert fires, with node 0's bytes in huge-page-sized blocks ----
firing() { api /api/v1/alerts | jq -e '.data.alerts | any(.labels.alertname == "CompactctlTestForced" and .state == "firing")' > /dev/null; }
wait_for 30 firing; rc=$?
t_alert=$(elapsed)
check "forced alert CompactctlTestForced firing (${t_alert} s)" [ "$rc" = 0 ]
# expected: sum over node 0's zones of compaction_order_free_pages * page size, from the file
expect_bytes=$(awk '$1 == "compactctl_page_size_bytes" { ps = $2 } /^compactctl_compaction_order_free_pages\{node="0",/ { p += $2 } END { printf "%.0f", p * ps }' "$T/textfile/compactctl.prom")
alert_bytes=$(api /api/v1/alerts | jq -r '.data.alerts[] | select(.labels.alertname == "CompactctlTestForced" and .labels.node == "0") | .value' | head -1)
same_number() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "" && b != "" && a + 0 == b + 0) }'; }
check "its value = node 0's free bytes in blocks >= the THP order ($alert_bytes = $expect_bytes)" same_number "$alert_bytes" "$expect_bytes"

# --- every shipped rule evaluates without error -----------------------------
rules_ok() {
	api /api/v1/rules > "$T/rules.json" &&
		jq -e '[.data.groups[].rules[]] | length >= 34 and all(.health == "ok")' "$T/rules.json" > /dev/null
}
wait_for 10 rules_ok
check "all $(jq '[.data.groups[].rules[]] | length' "$T/rules.json") rules healthy (no evaluation error$(jq -r '[.data.groups[].rules[] | select(.health != "ok") | " \(.name): \(.lastError)"] | join(";")' "$T/rules.json"))" rules_ok
free_expected=$(awk '$1 == "compactctl_page_size_bytes" { ps = $2 } /^compactctl_free_pages\{node="0",/ { p += $2 } END { printf "%.0f", p * ps }' "$T/textfile/compactctl.prom")
free_recorded() { query 'node:compactctl_free_bytes:sum{node="0"}' | jq -r '.data.result[0].value[1] // empty'; }
wait_for 10 test -n "$(free_recorded)"
check "recorded node:compactctl_free_bytes:sum = the file's free pages * page size ($free_expected)" \
	same_number "$(free_recorded)" "$free_expected"

# --- every dashboard query runs (matching errors only show at evaluation) ----
order=$(awk '$1 == "compactctl_compaction_order" { print $2 }' "$T/textfile/compactctl.prom")
jq -r '.. | .expr? // empty' "$DIST_DIR/compactctl-dashboard.json" |
	sed -e 's/\$__rate_interval/1m/g' -e "s/\\\$instance/$instance/g; s/\\\$node/.*/g; s/\\\$order/$order/g" > "$T/dash.promql"
bad=0
while IFS= read -r e; do
	[ "$(query "$e" | jq -r .status)" = success ] || { bad=$((bad + 1)); echo "# failed: $e"; }
done < "$T/dash.promql"
check "all $(wc -l < "$T/dash.promql") dashboard queries run ($bad failed)" [ "$bad" = 0 -a -s "$T/dash.promql" ]
score_query=$(grep -m1 '^compactctl_node_fragmentation_score' "$T/dash.promql")
check "the score panel's query returns every node" \
	[ "$(query "$score_query" | jq '.data.result | length')" = "$(echo "$before" | wc -l)" ]

echo "# timings: Prometheus ready ${t_ready} s, first scrape ${t_scraped} s, forced alert firing ${t_alert} s, all checks $(elapsed) s"
done_testing
