#!/usr/bin/env bash
# Tandem demo: two nodes find each other over authenticated heartbeats and run a group "web" (a virtual IP and
# the built-in web server, which answers with its node's name). A client asks http://VIP/ every 20 ms; the active
# node is killed (frozen, then kill -9) and the survivor takes the group over; the demo prints how long the
# client got no answer. Builds the appliance first if needed. As root the nodes and the client live in network
# namespaces (VIP 10.77.1.100 on the shared segment); otherwise everything shares loopback and there is no VIP:
# the web server alone moves, on 127.0.0.1:18080. Needs nothing but Java 17 and Maven (and iproute2 as root).
set -euo pipefail
cd "$(dirname "$0")"
export KEEPALIVE_MS=${KEEPALIVE_MS:-50} DEADTIME_MS=${DEADTIME_MS:-250} WARNTIME_MS=${WARNTIME_MS:-150}
source scripts/lib/cluster.sh

if ! ls karaf-assembly/target/tandem-assembly-*.tar.gz >/dev/null 2>&1; then
  log "building the appliance (first run only)..."
  mvn -B -q -DskipTests install >/tmp/tandem-demo-build.log 2>&1 || { tail -50 /tmp/tandem-demo-build.log; die "build failed"; }
fi

CLUSTER_ALL="node1 node2"
trap cluster_cleanup EXIT INT TERM
other() { if [ "$1" = node1 ]; then echo node2; else echo node1; fi; }

if use_netns; then
  log "network: namespaces for node1, node2 and a client; heartbeat links 10.77.1.0/24 and 10.77.2.0/24;"
  log "         the client ($CLIENT_IP) and the VIP ($VIP) are on the first link"
else
  log "network: loopback. Not root, so no namespaces and NO VIRTUAL IP: the group is the web server alone on"
  log "         127.0.0.1:$LOOPBACK_SERVICE_PORT (run as root for the VIP on its own segment)"
fi
log "timing: keepalive ${KEEPALIVE_MS} ms, warntime ${WARNTIME_MS} ms, deadtime ${DEADTIME_MS} ms"
cluster_network
client_network
for n in $CLUSTER_ALL; do node_create "$n"; done
for n in $CLUSTER_ALL; do node_start "$n"; done
log "starting node1 and node2 (Karaf boots in about 10 s)..."
wait_both_online || { node_log node1 | tail -40; die "the nodes did not form a cluster"; }

cib_web_group "$CLUSTER_DIR/web.xml"
log "configuring group web: $(use_netns && echo "ocf:tandem:VirtualIP $VIP/24 on eth1 + ")ocf:tandem:WebServer on $(service_host):$(service_port)"
node_tandem node1 cib-import "$CLUSTER_DIR/web.xml"
wait_until 30 "the group to start" eval '[[ "$(web_location node1)" =~ ^node[12]$ ]]' || die "the group did not start"
active=$(web_location node1); survivor=$(other "$active")
echo
log "node1> ha:status"
node_cmd node1 ha:status

echo
probe=$CLUSTER_DIR/probe.txt
probe_start "$probe" 120
wait_until 30 "the client to get answers" probe_hears "$probe" "$active" || die "no answer from http://$(service_host):$(service_port)/"
sleep 1
log "client: GET http://$(service_host):$(service_port)/ every ${PROBE_INTERVAL_MS} ms answers \"$active\""
log "killing $active (SIGSTOP, then kill -9 of its JVM, pid $(node_pid "$active"))"
killed_at=$(now_ms)
node_kill9 "$active"
wait_until 30 "$survivor to answer" probe_answers_since "$probe" "$killed_at" "$survivor" || die "$survivor never answered"
sleep 1
read -r outage _ <<<"$(probe_outage "$probe" "$killed_at" "$active")"
probe_stop
echo
log "what the client got (requests sent, ms after the kill):"
probe_timeline "$probe" $(( killed_at - 100 )) $(( killed_at + outage + 200 )) "$killed_at"
log "what $survivor did (ms after the kill):"
node_events "$survivor" "$killed_at" "$killed_at" | grep -vE "Link .* is down" || true
echo
log "$survivor> ha:status"
node_cmd "$survivor" ha:status
echo
log "measured: the service answered from $survivor on $(service_host):$(service_port) ${outage} ms after $active was killed"
log "          (deadtime ${DEADTIME_MS} ms; scripts/bench-failover.sh measures kill, link cut and planned switchover)"
log "demo finished; cleaning up"
