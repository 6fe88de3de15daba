#!/usr/bin/env bash
# End-to-end: two real appliance processes over real UDP (network namespaces with two heartbeat links
# when root, loopback otherwise). Checks what an operator would: the nodes find each other, survive the
# loss of one heartbeat link, a kill -9 is detected within deadtime + one keepalive, and a restarted
# node comes back with a new incarnation.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/cluster.sh
CLUSTER_ALL="node1 node2"
trap cluster_cleanup EXIT INT TERM
passed=0; failed=0
check() { # check NAME CMD...
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); log "PASS $name"; else failed=$((failed + 1)); log "FAIL $name"; fi
}
# the Incarnation column of NODE's ha:nodes row for PEER
incarnation_of() { node_cmd "$1" ha:nodes | awk -F'|' -v n="$2" '{gsub(/ /, "", $1); gsub(/ /, "", $6)} $1 == n {print $6}'; }
dead_after_ms() { node_log "$1" | grep -E "Node $2: status dead" | tail -n 1 | sed -nE 's/.*last heartbeat ([0-9]+) ms ago.*/\1/p'; }

cluster_network
for n in $CLUSTER_ALL; do node_create "$n"; done
for n in $CLUSTER_ALL; do node_start "$n"; done

check "node1 sees node2 ACTIVE" wait_until 150 "node1 to see node2" node_sees node1 node2 ACTIVE
check "node2 sees node1 ACTIVE" wait_until 60 "node2 to see node1" node_sees node2 node1 ACTIVE
in_one_view() { node_cmd "$1" ha:nodes | grep -iE "view.*node1.*node2" >/dev/null; }
check "both nodes in one view (node1)" wait_until 30 "one view" in_one_view node1
check "both nodes in one view (node2)" wait_until 30 "one view" in_one_view node2
node_cmd node1 ha:nodes

# The tools unmodified agents call, against the running node over its local socket, and the node's view of
# its members through crm_node; then an agent run by hand through the console.
home1=$(node_home node1)
attr() { in_node node1 env JAVA_HOME="$JAVA_HOME" "$home1/bin/crm_attribute" "$@"; }
check "crm_attribute sets a transient attribute" attr -N node1 -n e2e-attr -l reboot -v 42
check "crm_attribute reads it back" test "$(attr -N node1 -n e2e-attr -l reboot -G -q)" = 42
check "crm_node -l lists both nodes" grep -q node2 <<<"$(in_node node1 env JAVA_HOME="$JAVA_HOME" "$home1/bin/crm_node" -l)"
check "ha:ra-exec runs ocf:tandem:Dummy" grep -q "rc=0" <<<"$(node_cmd node1 ha:ra-exec ocf:tandem:Dummy start state=$home1/data/e2e-dummy.state)"
if [ -x /usr/lib/ocf/resource.d/pacemaker/Stateful ]; then
  # Pacemaker's own promotable test agent, unmodified: its start calls crm_master through the node's bin/
  check "ocf:pacemaker:Stateful starts through the executor" grep -q "rc=0" \
    <<<"$(node_cmd node1 ha:ra-exec ocf:pacemaker:Stateful start state=$home1/data/e2e-stateful.state)"
  check "Stateful's promotion score arrived through crm_master" \
    test "$(attr -N node1 -n master-ra-exec-Stateful -l reboot -G -q)" = 5
fi

if use_netns; then
  link_down node2 1
  sleep $(( (DEADTIME_MS * 3) / 1000 + 1 ))
  out=$(node_cmd node1 ha:links)
  echo "$out"
  check "one link cut: peer still ACTIVE" node_sees node1 node2 ACTIVE
  check "one link cut: ha:links shows node2 down on link 1" grep -qE '^node2 +\| down' <<<"$(grep -A3 '^Link ucast:eth1' <<<"$out")"
  check "one link cut: ha:links shows node2 up on link 2" grep -qE '^node2 +\| up' <<<"$(grep -A3 '^Link ucast:eth2' <<<"$out")"
  link_up node2 1
fi

if use_netns; then
  # ping nodes (ha.cf "ping"): the gateway answers, then stops answering, then answers again
  ping_node_is() { node_cmd "$1" ha:quorum | grep -F "$PING_GATEWAY |" | grep -q "| $2 "; }
  connectivity_is() { node_cmd "$1" ha:quorum | grep -qE "^Ping connectivity: +$2 "; }
  check "ping node up on node1" wait_until 20 "ping node up" ping_node_is node1 up
  check "ping-connectivity 1 on node1" connectivity_is node1 1
  gateway_down
  check "ping node DOWN after deadping" wait_until 20 "ping node down" ping_node_is node1 DOWN
  check "ping-connectivity 0 on node1" connectivity_is node1 0
  gateway_up
  check "ping node up again" wait_until 20 "ping node up" ping_node_is node1 up
fi

before=$(incarnation_of node1 node2)
deadtime_plus_keepalive=$(( DEADTIME_MS + KEEPALIVE_MS ))
killed_at=$(now_ms)
node_kill9 node2
check "kill -9: node1 declares node2 DEAD" wait_until 30 "node2 dead" node_sees node1 node2 DEAD
after=$(dead_after_ms node1 node2)
declared_at=$(date -d "$(node_log node1 | grep -E "Node node2: status dead" | tail -n 1 | cut -d'|' -f1 | sed 's/,/./; s/ *$//')" +%s%3N)
log "node1 declared node2 dead $(( declared_at - killed_at )) ms after the kill"
check "kill to declaration within deadtime + one keepalive" test "$(( declared_at - killed_at ))" -le "$deadtime_plus_keepalive"
log "node1 declared node2 dead ${after:-?} ms after its last heartbeat (limit ${deadtime_plus_keepalive} ms)"
check "detected within deadtime + one keepalive" test -n "$after" -a "${after:-99999}" -le "$deadtime_plus_keepalive"
check "not detected before deadtime" test "${after:-0}" -ge "$DEADTIME_MS"

node_start node2
check "restarted node2 is ACTIVE again" wait_until 150 "node2 back" node_sees node1 node2 ACTIVE
now=$(incarnation_of node1 node2)
log "node2 incarnation before ${before:-?}, after restart ${now:-?}"
check "restart brings a higher incarnation" test -n "$before" -a -n "$now" -a "${now:-0}" -gt "${before:-0}"

echo "e2e: $passed passed, $failed failed"
[ "$failed" = 0 ]
