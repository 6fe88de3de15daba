#!/usr/bin/env bash
# End-to-end failover: two real appliances in network namespaces run group "web" (VirtualIP on the shared segment
# + the built-in WebServer, which answers with its node's name) and a client in a third namespace asks
# http://VIP/ every 20 ms. Checks what an operator would: ha:status shows the group where it runs; kill -9 of the
# active node (frozen first) -> the survivor answers on the VIP; the killed node restarts and rejoins and the group
# stays where it is (no failback: no location preference, default stickiness); both heartbeat links of the active
# node cut -> the other node takes over, and after the links return the group runs on exactly one node; a planned
# ha:node-standby moves it with a short outage and ha:node-online brings the node back; bin/tandem status works
# from a shell. Needs root (namespaces); bounded by E2E_TIMEOUT_SECONDS (600), cleans up on any exit.
set -uo pipefail
cd "$(dirname "$0")/.."
export KEEPALIVE_MS=${KEEPALIVE_MS:-50} DEADTIME_MS=${DEADTIME_MS:-250} WARNTIME_MS=${WARNTIME_MS:-150}
source scripts/lib/cluster.sh
if [ "$(id -u)" != 0 ] || ! use_netns; then
  echo "e2e-failover: skipped: needs root and 'ip' for network namespaces (a VIP on a shared segment and a client)"
  exit 0
fi
CLUSTER_ALL="node1 node2"
OUTAGE_LIMIT_MS=${OUTAGE_LIMIT_MS:-3000}   # generous for slow CI machines; scripts/bench-failover.sh measures
passed=0; failed=0
check() { # check NAME CMD...
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); log "PASS $name"; else failed=$((failed + 1)); log "FAIL $name"; fi
}
(trap 'kill $s 2>/dev/null; exit 0' TERM; sleep "${E2E_TIMEOUT_SECONDS:-600}" & s=$!; wait $s
 log "e2e-failover: timed out after ${E2E_TIMEOUT_SECONDS:-600} s" >&2; kill -TERM $$) & watchdog=$!
finish() {
  kill "$watchdog" 2>/dev/null
  cluster_cleanup
}
trap finish EXIT
trap 'exit 1' INT TERM

other() { if [ "$1" = node1 ]; then echo node2; else echo node1; fi; }
status_of() { node_cmd "$1" ha:status; }
both_online() { status_of "$1" | grep -q 'Online: \[ node1 node2 \]'; }
# the group's two members Started on NODE in AT's ha:status (the crm_mon layout)
status_shows_web_on() {
  local out; out=$(status_of "$1")
  grep -qE '^ *\* vip[[:space:]]+\(ocf:tandem:VirtualIP\):[[:space:]]+Started '"$2"'$' <<<"$out" &&
    grep -qE '^ *\* www[[:space:]]+\(ocf:tandem:WebServer\):[[:space:]]+Started '"$2"'$' <<<"$out"
}
# probe_only FROM_MS NODE: every request that started after FROM_MS was answered, by NODE
probe_only() { awk -v f="$1" -v n="$2" '$1 > f {c++; if ($3 != n) bad++} END {exit !(c > 0 && !bad)}' "$P"; }
probe_steady() { awk -v n="$1" -v now="$(now_ms)" '$2 > now - 500 {c++; if ($3 != n) bad++} END {exit !(c >= 10 && !bad)}' "$P"; }
outage_ok() { [ -n "$1" ] && [ "$1" -lt "$OUTAGE_LIMIT_MS" ]; }
P=$CLUSTER_DIR/probe.txt

cluster_network
client_network
for n in $CLUSTER_ALL; do node_create "$n"; done
for n in $CLUSTER_ALL; do node_start "$n"; done
check "node1 sees node2 ACTIVE" wait_until 150 "node1 to see node2" node_sees node1 node2 ACTIVE
check "ha:status lists both nodes online" wait_until 60 "both online" both_online node1

# --- the group starts and ha:status shows it ---
cib_web_group "$CLUSTER_DIR/web.xml"
check "ha:cib-import loads the group" grep -q "replaced the configuration" <<<"$(node_cmd node1 "ha:cib-import $CLUSTER_DIR/web.xml")"
check "the group starts on one node" wait_until 30 "the group to start" eval '[[ "$(web_location node1)" =~ ^node[12]$ ]]'
A=$(web_location node1); B=$(other "$A")
out=$(status_of "$B")
echo "$out"
check "ha:status (on $B) shows vip and www Started on $A" status_shows_web_on "$B" "$A"
check "ha:status shows the DC and quorum" grep -qE "Current DC: node[12] .*partition with quorum" <<<"$out"
probe_start "$P" 900
check "the client hears $A on $VIP:80" wait_until 30 "client to hear $A" probe_steady "$A"

# --- kill -9 of the active node ---
fault=$(now_ms)
node_kill9 "$A"
check "kill -9 $A: $B answers on the VIP" wait_until 20 "$B to answer" probe_answers_since "$P" "$fault" "$B"
sleep 0.5
read -r outage _ <<<"$(probe_outage "$P" "$fault" "$A")"
log "kill -9 $A: outage ${outage:-?} ms (fault to first answer from $B)"
probe_timeline "$P" $(( fault - 100 )) $(( fault + ${outage:-0} + 100 ))
check "kill -9: outage under ${OUTAGE_LIMIT_MS} ms" outage_ok "${outage:-}"
check "ha:status on $B shows the group on $B" wait_until 10 "status" status_shows_web_on "$B" "$B"
check "ha:status on $B shows $A offline" grep -qE "OFFLINE: \[ $A \]" <<<"$(status_of "$B")"

# --- the killed node restarts (a reboot: no leftover VIP) and rejoins; the group stays ---
node_reboot_network "$A"
restarted=$(now_ms)
node_start "$A"
check "restarted $A rejoins" wait_until 150 "$A to rejoin" node_sees "$B" "$A" ACTIVE
check "ha:status lists both nodes online again" wait_until 60 "both online" both_online "$B"
sleep 3   # the join's probes and any transition they cause
check "no failback: the group stays on $B" status_shows_web_on "$A" "$B"
check "the client heard only $B while $A rejoined" probe_only "$restarted" "$B"

# --- both heartbeat links of the active node cut ---
fault=$(now_ms)
link_down "$B" 1; link_down "$B" 2
check "links of $B cut: $A answers on the VIP" wait_until 20 "$A to answer" probe_answers_since "$P" "$fault" "$A"
sleep 0.5
read -r outage _ <<<"$(probe_outage "$P" "$fault" "$B")"
log "link cut of $B: outage ${outage:-?} ms (fault to first answer from $A)"
probe_timeline "$P" $(( fault - 100 )) $(( fault + ${outage:-0} + 100 ))
check "link cut: outage under ${OUTAGE_LIMIT_MS} ms" outage_ok "${outage:-}"
check "ha:status on $A shows the group on $A" wait_until 10 "status" status_shows_web_on "$A" "$A"
healed=$(now_ms)
link_up "$B" 1; link_up "$B" 2
check "links back: one view again" wait_until 60 "both online" both_online "$A"
check "links back: the group runs on exactly one node" wait_until 30 "one location" \
  eval '[[ "$(web_location node1)" =~ ^node[12]$ ]] && [ "$(web_location node1)" = "$(web_location node2)" ]'
C=$(web_location node1); D=$(other "$C")
check "links back: the client hears $C" wait_until 30 "client to hear $C" probe_steady "$C"
log "after the partition healed the group runs on $C; the client's answers after the links came back:"
probe_timeline "$P" "$healed" "$(now_ms)"

# --- planned switchover ---
t=$(now_ms)
check "ha:node-standby $C" grep -q "standby" <<<"$(node_cmd "$C" "ha:node-standby $C")"
check "standby: $D answers on the VIP" wait_until 20 "$D to answer" probe_answers_since "$P" "$t" "$D"
sleep 0.5
read -r gap failed_requests <<<"$(probe_gap "$P" "$t" "$C")"
log "planned switchover $C -> $D: ${gap:-?} ms between the last answer of $C and the first of $D, ${failed_requests:-?} requests failed"
check "standby: outage under ${OUTAGE_LIMIT_MS} ms" outage_ok "${gap:-}"
check "ha:status shows $C in standby and the group on $D" eval 'grep -qE "Node $C: standby" <<<"$(status_of "$D")" && status_shows_web_on "$D" "$D"'
check "ha:node-online $C" grep -q "online" <<<"$(node_cmd "$C" "ha:node-online $C")"
check "ha:status lists both nodes online" wait_until 30 "both online" both_online "$D"
sleep 2
check "back online: the group stays on $D" status_shows_web_on "$C" "$D"
check "bin/tandem status from a shell on $C" eval 'node_tandem "$C" status | grep -qE "^ *\* www[[:space:]].*Started $D$"'

probe_stop
errors=$(for n in node1 node2; do node_log "$n" | grep -E '\| ERROR .*\| Controller ' | sed "s/^/$n: /"; done)
[ -z "$errors" ] || log "controller errors in the logs:"
[ -z "$errors" ] || echo "$errors" | cut -c1-300 | head -20
check "no controller errors" test -z "$errors"

echo "e2e-failover: $passed passed, $failed failed"
[ "$failed" = 0 ]
