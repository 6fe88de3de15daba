#!/usr/bin/env bash
# End-to-end: the multicast and broadcast heartbeat media, and strangers on the heartbeat network. Two real
# appliance processes in network namespaces with HB_MEDIA=mixed (eth1: mcast 239.77.1.1, eth2: bcast) must find
# each other over both media, keep the per-link state apart (cutting one link marks exactly that link's row down),
# and a third appliance of another cluster plus a fourth with the right cluster name but the wrong key, on the same
# wires, must only show up as FOREIGN_CLUSTER and BAD_AUTH drops, never as nodes. Needs root (namespaces).
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/cluster.sh
trap cluster_cleanup EXIT INT TERM
if [ "$(id -u)" != 0 ] || ! use_netns; then
  echo "e2e-media: skipped: needs root and 'ip' for network namespaces (mcast/bcast cannot be tested on loopback)"
  exit 0
fi
export HB_MEDIA=mixed
CLUSTER_ALL="node1 node2"
passed=0; failed=0
started=$(date +%s)
check() { # check NAME CMD...
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); log "PASS $name"; else failed=$((failed + 1)); log "FAIL $name"; fi
}
MCAST='Link mcast:eth1:239.77.1.1 '
BCAST='Link bcast:eth2 '
# link_row OUTPUT HEADER PEER STATE: in ha:links OUTPUT, the section starting with HEADER has PEER in STATE
link_row() {
  awk -v h="$2" 'index($0, h) == 1 {p = 1; next} p && /^(Link |Packets:)/ {exit} p' <<<"$1" | grep -qE "^$3 +\| $4 "
}
# peer_link NODE HEADER PEER STATE: the same, asking NODE now
peer_link() { link_row "$(node_cmd "$1" ha:links)" "$2" "$3" "$4"; }
# dropped NODE REASON: NODE's dropped-packet counter for REASON
dropped() { node_cmd "$1" ha:links | awk -F'|' -v r="$2" '{gsub(/ /, "")} $1 == r {print $2}'; }
dropped_above() { local v; v=$(dropped "$1" "$2"); [ -n "$v" ] && [ "$v" -gt "$3" ]; }
lists_intruder() { node_cmd "$1" ha:nodes | grep -qE '^ *(node3|node4) '; }
never_lists_intruders() { ! lists_intruder node1 && ! lists_intruder node2; }
cut_settle() { sleep $(( (DEADTIME_MS * 3) / 1000 + 1 )); }

cluster_network
for n in $CLUSTER_ALL; do node_create "$n"; done
for n in $CLUSTER_ALL; do node_start "$n"; done

check "node1 sees node2 ACTIVE (mcast + bcast)" wait_until 150 "node1 to see node2" node_sees node1 node2 ACTIVE
check "node2 sees node1 ACTIVE (mcast + bcast)" wait_until 60 "node2 to see node1" node_sees node2 node1 ACTIVE
# up_on_both NODE PEER: NODE's ha:links (kept in $links) shows PEER up on both media
up_on_both() { links=$(node_cmd "$1" ha:links); link_row "$links" "$MCAST" "$2" up && link_row "$links" "$BCAST" "$2" up; }
for pair in "node1 node2" "node2 node1"; do
  set -- $pair
  wait_until 10 "$1 to show $2 up on both links" up_on_both "$1" "$2"
  check "$1: $2 up on the mcast link" link_row "$links" "$MCAST" "$2" up
  check "$1: $2 up on the bcast link" link_row "$links" "$BCAST" "$2" up
done
echo "$links"

# The strangers boot while the link cuts are tested (each Karaf boot takes a while): node3 of another cluster,
# node4 of this cluster with another key. Both send on the same group and broadcast address.
NODE_CLUSTER_NAME="${CLUSTER_ID}-other" node_create node3
authkeys_new "$CLUSTER_DIR/wrong-authkeys"
NODE_AUTHKEYS="$CLUSTER_DIR/wrong-authkeys" node_create node4
node_start node3; node_start node4

for cut in 1 2; do
  if [ "$cut" = 1 ]; then down=$MCAST; up=$BCAST; else down=$BCAST; up=$MCAST; fi
  dname=${down#Link }; dname=${dname% }; uname=${up#Link }; uname=${uname% }
  link_down node2 "$cut"
  cut_settle
  out=$(node_cmd node1 ha:links)
  echo "$out"
  check "eth$cut cut: node1 still sees node2 ACTIVE" node_sees node1 node2 ACTIVE
  check "eth$cut cut: node1's $dname row for node2 is down" link_row "$out" "$down" node2 down
  check "eth$cut cut: node1's $uname row for node2 is up" link_row "$out" "$up" node2 up
  link_up node2 "$cut"
  check "eth$cut restored: node2 up again on $dname" wait_until 15 "link back" peer_link node1 "$down" node2 up
done

check "node1 counts FOREIGN_CLUSTER drops (node3)" wait_until 150 "foreign packets" dropped_above node1 FOREIGN_CLUSTER 0
if ! dropped_above node1 FOREIGN_CLUSTER 0; then # say why, for the post-mortem
  log "node3 (foreign cluster) pid: $(node_pid node3 || echo none); its console and log tail:"
  tail -n 20 "$(node_home node3)/console.out" 2>/dev/null; node_log node3 | grep -E 'ERROR|WARN|Messaging' | tail -n 20
fi
check "node1 counts BAD_AUTH drops (node4)" wait_until 60 "bad-auth packets" dropped_above node1 BAD_AUTH 0
check "intruders not listed by ha:nodes (after first drops)" never_lists_intruders
foreign=$(dropped node1 FOREIGN_CLUSTER); badauth=$(dropped node1 BAD_AUTH)
log "node1 drops so far: FOREIGN_CLUSTER ${foreign:-?}, BAD_AUTH ${badauth:-?}"
check "FOREIGN_CLUSTER drops keep growing" wait_until 10 "more foreign packets" dropped_above node1 FOREIGN_CLUSTER "${foreign:-0}"
check "BAD_AUTH drops keep growing" wait_until 10 "more bad-auth packets" dropped_above node1 BAD_AUTH "${badauth:-0}"
node_cmd node1 ha:links | sed -n '/^Dropped because/,$p'
node_cmd node1 ha:nodes
check "intruders never listed by ha:nodes (end)" never_lists_intruders
check "node2 still ACTIVE with intruders around" node_sees node1 node2 ACTIVE

log "e2e-media took $(( $(date +%s) - started )) s"
echo "e2e-media: $passed passed, $failed failed"
[ "$failed" = 0 ]
