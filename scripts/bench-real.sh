#!/usr/bin/env bash
# Benchmarks with real appliance processes (network namespaces as root, loopback otherwise):
#  1. failure detection latency over KILLS kill -9s at keepalive 100 ms / deadtime 500 ms, as the
#     survivor's membership reports it (declaration time - last heartbeat received);
#  2. idle CPU of a two-node cluster at keepalive 100 ms, per node JVM, over IDLE_SECONDS.
# Prints a report; asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/cluster.sh
KEEPALIVE_MS=100 DEADTIME_MS=500 WARNTIME_MS=300
KILLS=${KILLS:-5}
IDLE_SECONDS=${IDLE_SECONDS:-30}
CLUSTER_ALL="node1 node2"
trap cluster_cleanup EXIT INT TERM

cluster_network
for n in $CLUSTER_ALL; do node_create "$n"; done
for n in $CLUSTER_ALL; do node_start "$n"; done
wait_until 150 "node1 to see node2" node_sees node1 node2 ACTIVE
wait_until 60 "node2 to see node1" node_sees node2 node1 ACTIVE

# --- idle CPU, measured after boot has settled
sleep 15
hz=$(getconf CLK_TCK)
declare -A t0
for n in $CLUSTER_ALL; do t0[$n]=$(cpu_ticks "$(node_pid "$n")"); done
start=$(now_ms); sleep "$IDLE_SECONDS"; elapsed=$(( $(now_ms) - start ))
cpu_report=""
for n in $CLUSTER_ALL; do
  used=$(( $(cpu_ticks "$(node_pid "$n")") - t0[$n] ))
  cpu_report+=$(awk -v u="$used" -v hz="$hz" -v ms="$elapsed" -v n="$n" \
    'BEGIN { printf "  %s: %.2f%% of one core (%d ticks in %.1f s)\n", n, 100 * u / hz / (ms / 1000), u, ms / 1000 }')$'\n'
done

# --- detection latency
lat=()
for i in $(seq 1 "$KILLS"); do
  node_kill9 node2
  wait_until 30 "node2 dead" node_sees node1 node2 DEAD
  ms=$(node_log node1 | grep -E "Node node2: status dead" | tail -n 1 | sed -nE 's/.*last heartbeat ([0-9]+) ms ago.*/\1/p')
  lat+=("$ms")
  log "kill $i: declared dead ${ms} ms after the last heartbeat"
  if [ "$i" -lt "$KILLS" ]; then
    node_start node2
    wait_until 150 "node2 back" node_sees node1 node2 ACTIVE
    sleep 2
  fi
done

echo
echo "== Tandem real-process benchmark ($(use_netns && echo 'network namespaces, 2 links' || echo loopback), keepalive ${KEEPALIVE_MS} ms, deadtime ${DEADTIME_MS} ms)"
echo "idle CPU of each node JVM (Karaf + Tandem) over ${IDLE_SECONDS} s:"
printf '%s' "$cpu_report"
printf 'detection latency after kill -9 (%d kills), ms after last heartbeat: %s\n' "$KILLS" "${lat[*]}"
printf '%s\n' "${lat[@]}" | sort -n | awk '{a[NR]=$1} END {printf "  min %d  median %d  max %d\n", a[1], a[int((NR+1)/2)], a[NR]}'
