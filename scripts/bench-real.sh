#!/usr/bin/env bash
# Benchmarks with real appliance processes (network namespaces as root, loopback otherwise):
#  1. failure detection latency over KILLS kill -9s at keepalive 100 ms / deadtime 500 ms, as the
#     survivor's membership reports it (declaration time - last heartbeat received);
#  2. idle CPU of a two-node cluster at keepalive 100 ms, per node JVM, over IDLE_SECONDS, next to a
#     third appliance with no cluster configuration (Karaf alone) measured over the same interval.
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
node_create_bare baseline
node_start baseline
wait_until 150 "node1 to see node2" node_sees node1 node2 ACTIVE
wait_until 60 "node2 to see node1" node_sees node2 node1 ACTIVE

# --- idle CPU, measured after boot has settled
sleep 15
hz=$(getconf CLK_TCK)
declare -A t0
for n in $CLUSTER_ALL baseline; do t0[$n]=$(cpu_ticks "$(node_pid "$n")"); done
start=$(now_ms); sleep "$IDLE_SECONDS"; elapsed=$(( $(now_ms) - start ))
cpu_report=""
for n in $CLUSTER_ALL baseline; do
  used=$(( $(cpu_ticks "$(node_pid "$n")") - t0[$n] ))
  cpu_report+=$(awk -v u="$used" -v hz="$hz" -v ms="$elapsed" -v n="$n" \
    'BEGIN { printf "  %s: %.2f%% of one core (%d ticks in %.1f s)\n", n, 100 * u / hz / (ms / 1000), u, ms / 1000 }')$'\n'
done

# --- detection latency
node_stop baseline
lat=(); after_hb=()
for i in $(seq 1 "$KILLS"); do
  killed_at=$(now_ms)
  node_kill9 node2
  wait_until 30 "node2 dead" node_sees node1 node2 DEAD
  line=$(node_log node1 | grep -E "Node node2: status dead" | tail -n 1)
  ms=$(sed -nE 's/.*last heartbeat ([0-9]+) ms ago.*/\1/p' <<<"$line")
  declared_at=$(date -d "$(cut -d'|' -f1 <<<"$line" | sed 's/,/./; s/ *$//')" +%s%3N)
  lat+=("$(( declared_at - killed_at ))"); after_hb+=("$ms")
  log "kill $i: declared dead $(( declared_at - killed_at )) ms after the kill, ${ms} ms after the last heartbeat"
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
summary() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {printf "min %d  median %d  max %d", a[1], a[int((NR+1)/2)], a[NR]}'; }
printf 'detection latency, kill -9 to declared dead (%d kills), ms: %s\n  %s\n' "$KILLS" "${lat[*]}" "$(summary "${lat[@]}")"
printf 'declared dead after the last heartbeat received, ms: %s\n  %s\n' "${after_hb[*]}" "$(summary "${after_hb[@]}")"
