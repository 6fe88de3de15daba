#!/usr/bin/env bash
# Tandem demo: two nodes on this machine find each other over authenticated heartbeats on two links,
# then one is killed (kill -9) and the survivor declares it dead, saying how long that took.
# Builds the appliance first if needed. As root the nodes live in network namespaces, otherwise on
# loopback. Needs nothing but Java 17 and Maven (and iproute2 as root).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/lib/cluster.sh

if ! ls karaf-assembly/target/tandem-assembly-*.tar.gz >/dev/null 2>&1; then
  log "building the appliance (first run only)..."
  mvn -B -q -DskipTests install >/tmp/tandem-demo-build.log 2>&1 || { tail -50 /tmp/tandem-demo-build.log; die "build failed"; }
fi

CLUSTER_ALL="node1 node2"
trap cluster_cleanup EXIT INT TERM

if use_netns; then
  log "network: namespaces $(ns node1), $(ns node2); heartbeat links 10.77.1.0/24 and 10.77.2.0/24"
else
  log "network: loopback (run as root for network namespaces with two heartbeat links)"
fi
log "timing: keepalive ${KEEPALIVE_MS} ms, warntime ${WARNTIME_MS} ms, deadtime ${DEADTIME_MS} ms"
cluster_network
for n in $CLUSTER_ALL; do node_create "$n"; done
for n in $CLUSTER_ALL; do node_start "$n"; done
log "starting node1 and node2 (Karaf boots in about 10 s)..."

wait_until 120 "node1 to see node2" node_sees node1 node2 ACTIVE || { node_log node1 | tail -40; die "nodes did not find each other"; }
wait_until 60 "node2 to see node1" node_sees node2 node1 ACTIVE || die "nodes did not find each other"
echo
log "node1> ha:nodes"
node_cmd node1 ha:nodes
log "node1> ha:links"
node_cmd node1 ha:links
log "node1> ha:quorum"
node_cmd node1 ha:quorum

echo
victim=node2
log "killing $victim (kill -9, pid $(node_pid $victim))"
killed_at=$(now_ms)
node_kill9 "$victim"
wait_until 30 "node1 to declare $victim dead" node_sees node1 "$victim" DEAD || die "$victim was not declared dead"
line=$(node_log node1 | grep -E "Node $victim: status dead" | tail -n 1 || true)
declared_at=$(date -d "$(cut -d'|' -f1 <<<"$line" | sed 's/,/./; s/ *$//')" +%s%3N 2>/dev/null || echo "")
echo
log "node1> ha:nodes"
node_cmd node1 ha:nodes
log "node1's log: $(cut -d'|' -f1 <<<"$line")$(awk -F'|' '{print $NF}' <<<"$line")"
if [ -n "$declared_at" ]; then
  log "measured: $victim killed at $(date -d @"${killed_at:0:10}.${killed_at:10}" +%H:%M:%S.%3N), declared dead by node1 $(( declared_at - killed_at )) ms later (deadtime ${DEADTIME_MS} ms, keepalive ${KEEPALIVE_MS} ms)"
fi
log "demo finished; cleaning up"
