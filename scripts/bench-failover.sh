#!/usr/bin/env bash
# Failover benchmark: two appliances in network namespaces, group "web" = VirtualIP on the shared segment +
# WebServer, a client in a third namespace asking http://VIP/ every 20 ms. Measures the outage (fault -> first
# answer from the other node) of RUNS kill -9 (frozen first), RUNS link cuts (both heartbeat links of the active
# node down) and RUNS planned switchovers (ha:node-standby; outage = last answer of the old node -> first of the
# new), prints each run's timeline from the survivor's log and a table with the medians; then keeps both cores
# busy for BENCH_LOAD_SECONDS and checks that nothing fails over. As root. Prints a report, asserts nothing.
#
#   scripts/bench-failover.sh                       # KEEPALIVE_MS=50 DEADTIME_MS=250 RUNS=3 BENCH_LOAD_SECONDS=300
#   BENCH_LOAD_SECONDS=60 SCENARIOS="kill standby" scripts/bench-failover.sh
set -uo pipefail
cd "$(dirname "$0")/.."
export KEEPALIVE_MS=${KEEPALIVE_MS:-50} DEADTIME_MS=${DEADTIME_MS:-250} WARNTIME_MS=${WARNTIME_MS:-$(( ${DEADTIME_MS:-250} * 3 / 5 ))}
source scripts/lib/cluster.sh
use_netns || die "the failover benchmark needs root (network namespaces for the VIP's segment and the client)"
RUNS=${RUNS:-3}
BENCH_LOAD_SECONDS=${BENCH_LOAD_SECONDS:-300}
SCENARIOS=${SCENARIOS:-"kill linkcut standby load"}
CLUSTER_ALL="node1 node2"
trap cluster_cleanup EXIT INT TERM
declare -A results=()

other() { if [ "$1" = node1 ]; then echo node2; else echo node1; fi; }
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{v[NR] = $1} END {if (NR) print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
# probe_steady FILE NODE: the last 500 ms of answers all came from NODE (and there were some)
probe_steady() {
  awk -v n="$2" -v now="$(now_ms)" '$2 > now - 500 {c++; if ($3 != n) bad++} END {exit !(c >= 10 && !bad)}' "$1"
}
# settled: both nodes up and in one view, the group on one node, the client hearing it; prints that node
settled() {
  local where
  wait_both_online || return 1
  wait_until 30 "one location" eval '[[ "$(web_location node1)" =~ ^node[12]$ ]]' >&2 || return 1
  where=$(web_location node1)
  wait_until 30 "node2 to agree" web_is node2 "$where" >&2 || return 1
  echo "$where"
}

measure_probe() { # measure_probe NAME RUN: a fresh client for this run
  PROBE_FILE=$CLUSTER_DIR/probe-$1-$2.txt
  probe_start "$PROBE_FILE" 900
}

report_run() { # report_run SCENARIO RUN OLD NEW ZERO_MS OUTAGE_MS [NOTE]
  local s=$1 i=$2 old=$3 new=$4 zero=$5 outage=$6 note=${7:-}
  results[$s]="${results[$s]:-} $outage"
  echo
  log "$s run $i: $old -> $new, outage $outage ms $note"
  log "  client (ms after the fault):"
  probe_timeline "$PROBE_FILE" $(( zero - 200 )) $(( zero + outage + 200 )) "$zero"
  log "  the nodes' logs (ms after the fault):"
  for n in node1 node2; do node_events "$n" $(( zero - 1000 )) "$zero" | sed "s/ ms  / ms  $n /"; done |
    sort -s -g -k1,1 | awk -v lim=$(( outage + 600 )) '{v = $1 + 0} v >= -1000 && v <= lim'
  log "  operations (exec-time as the CIB records it):"
  op_times "$new" | grep -E "^($old|$new) (vip|www) " | sed 's/^/    /'
}

run_kill() {
  local i=$1 a b fault out
  a=$(settled) || die "cluster not settled"; b=$(other "$a")
  measure_probe kill "$i"
  wait_until 20 "client to hear $a" probe_steady "$PROBE_FILE" "$a" || die "client does not hear $a"
  fault=$(now_ms)
  node_kill9 "$a"
  wait_until 20 "$b to answer" probe_answers_since "$PROBE_FILE" "$fault" "$b" || die "$b never answered"
  sleep 1
  read -r out _ <<<"$(probe_outage "$PROBE_FILE" "$fault" "$a")"
  report_run kill "$i" "$a" "$b" "$fault" "$out" "(kill -9 of $a's JVM after SIGSTOP)"
  probe_stop
  node_reboot_network "$a"   # a restarted machine has no leftover VIP
  node_start "$a"
  log "restarting $a"
  settled >/dev/null || die "$a did not rejoin"
}

run_linkcut() {
  local i=$1 a b fault out heal where
  a=$(settled) || die "cluster not settled"; b=$(other "$a")
  measure_probe linkcut "$i"
  wait_until 20 "client to hear $a" probe_steady "$PROBE_FILE" "$a" || die "client does not hear $a"
  fault=$(now_ms)
  link_down "$a" 1; link_down "$a" 2
  wait_until 20 "$b to answer" probe_answers_since "$PROBE_FILE" "$fault" "$b" || die "$b never answered"
  sleep 1
  read -r out _ <<<"$(probe_outage "$PROBE_FILE" "$fault" "$a")"
  report_run linkcut "$i" "$a" "$b" "$fault" "$out" "(both heartbeat links of $a down; the client is on link 1)"
  heal=$(now_ms)
  link_up "$a" 1; link_up "$a" 2
  where=$(settled) || die "the partition did not heal"
  wait_until 30 "client to settle" probe_steady "$PROBE_FILE" "$where"
  log "  links up again: the group ended on $where; client answers in the 5 s after the heal:"
  probe_timeline "$PROBE_FILE" "$heal" $(( heal + 5000 ))
  probe_stop
}

run_standby() {
  local i=$1 a b t gap failed
  a=$(settled) || die "cluster not settled"; b=$(other "$a")
  measure_probe standby "$i"
  wait_until 20 "client to hear $a" probe_steady "$PROBE_FILE" "$a" || die "client does not hear $a"
  t=$(now_ms)
  node_tandem "$a" node-standby "$a" >/dev/null
  wait_until 20 "$b to answer" probe_answers_since "$PROBE_FILE" "$t" "$b" || die "$b never answered"
  sleep 1
  read -r gap failed <<<"$(probe_gap "$PROBE_FILE" "$t" "$a")"
  local last=$(( $(probe_outage "$PROBE_FILE" "$t" "$a" | cut -d' ' -f1) + t - gap ))
  report_run standby "$i" "$a" "$b" "$last" "$gap" "(ha:node-standby $a; outage = last answer of $a -> first of $b, $failed requests failed)"
  probe_stop
  node_tandem "$a" node-online "$a" >/dev/null
}

run_load() {
  local a t views0 views1 dead0 dead1 late others errors total
  a=$(settled) || die "cluster not settled"
  measure_probe load 1
  wait_until 20 "client to hear $a" probe_steady "$PROBE_FILE" "$a" || die "client does not hear $a"
  views0=$( (node_log node1; node_log node2) | grep -cE "View [0-9]+ installed")
  dead0=$( (node_log node1; node_log node2) | grep -c "status dead")
  echo
  log "load: $(nproc) busy loops for ${BENCH_LOAD_SECONDS} s while the client asks every ${PROBE_INTERVAL_MS} ms"
  t=$(now_ms)
  busy_cpus "$BENCH_LOAD_SECONDS"
  sleep "$BENCH_LOAD_SECONDS"
  busy_cpus_stop
  sleep 1
  probe_stop
  views1=$( (node_log node1; node_log node2) | grep -cE "View [0-9]+ installed")
  dead1=$( (node_log node1; node_log node2) | grep -c "status dead")
  late=$( (node_log node1; node_log node2) | awk -F'|' -v s="$(date -d "@${t:0:10}.${t:10}" +%Y-%m-%dT%H:%M:%S,%3N)" \
    '$1 >= s && /Late heartbeat/ {n++; v = $NF; sub(/.*: /, "", v); sub(/ ms.*/, "", v); if (v + 0 > m) m = v + 0}
     END {printf "%d (longest %d ms)", n, m}')
  total=$(awk -v t="$t" '$1 >= t' "$PROBE_FILE" | wc -l)
  others=$(awk -v t="$t" -v a="$a" '$1 >= t && $3 !~ /^!/ && $3 != a' "$PROBE_FILE" | wc -l)
  errors=$(awk -v t="$t" '$1 >= t && $3 ~ /^!/' "$PROBE_FILE" | wc -l)
  load_report="${BENCH_LOAD_SECONDS} s, both cores busy: $total requests, $others answered by another node than $a, $errors failed; views installed $(( views1 - views0 )), nodes declared dead $(( dead1 - dead0 )), late-heartbeat warnings $late"
  log "$load_report"
  [ "$errors" = 0 ] || awk -v t="$t" '$1 >= t && $3 ~ /^!/' "$PROBE_FILE" | head -5
  [ "$(web_location node1)" = "$a" ] || log "the group is no longer on $a: $(web_location node1)"
}

cluster_network
client_network
for n in $CLUSTER_ALL; do node_create "$n"; done
for n in $CLUSTER_ALL; do node_start "$n"; done
log "settings: keepalive ${KEEPALIVE_MS} ms, warntime ${WARNTIME_MS} ms, deadtime ${DEADTIME_MS} ms; VirtualIP $VIP + WebServer, monitors every ${WEB_MONITOR_INTERVAL:-1s}; client every ${PROBE_INTERVAL_MS} ms from $CLIENT_IP"
wait_until 150 "node1 to see node2" node_sees node1 node2 ACTIVE || { node_log node1 | tail -40; die "nodes did not find each other"; }
wait_both_online || die "ha:status does not show both nodes online"
cib_web_group "$CLUSTER_DIR/web.xml"
node_tandem node1 cib-import "$CLUSTER_DIR/web.xml"
settled >/dev/null || die "the group did not start"

for s in $SCENARIOS; do
  case $s in
    kill | linkcut | standby) for (( i = 1; i <= RUNS; i++ )); do "run_$s" "$i"; done ;;
    load) run_load ;;
    *) die "unknown scenario $s (kill linkcut standby load)" ;;
  esac
done

echo
log "Failover: keepalive ${KEEPALIVE_MS} ms, warntime ${WARNTIME_MS} ms, deadtime ${DEADTIME_MS} ms, client every ${PROBE_INTERVAL_MS} ms"
echo "| fault | outage per run (ms) | median (ms) | goal |"
echo "|---|---|---|---|"
for s in kill linkcut standby; do
  [ -n "${results[$s]:-}" ] || continue
  case $s in kill) name="kill -9 (frozen first)"; goal="< 300" ;; linkcut) name="both links of the active node down"; goal="< 300" ;;
    standby) name="planned ha:node-standby"; goal="< 80" ;; esac
  echo "| $name | $(echo ${results[$s]} | sed 's/ /, /g') | $(echo "${results[$s]}" | median) | $goal |"
done
[ -z "${load_report:-}" ] || echo "busy CPU: $load_report"
