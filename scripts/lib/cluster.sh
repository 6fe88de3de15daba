# shellcheck shell=bash
# Tandem's local cluster harness: unpacks the appliance once per node, writes each node's
# configuration, and runs the nodes as real processes. As root, every node gets its own network
# namespace with two heartbeat links (two bridges in a "switch" namespace); otherwise the nodes share
# loopback on distinct ports. Used by the demo (./demo.sh), the end-to-end tests and the benchmarks.
#
# Everything it creates (namespaces, processes, the work directory) is removed by cluster_cleanup,
# which callers register with `trap cluster_cleanup EXIT`.

TANDEM_ROOT=${TANDEM_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -q '"17\.'; then
  # Karaf 4.4 refuses to start on Java 24+ (security manager), so pin 17.
  for j in /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/java-17-openjdk /usr/lib/jvm/java-17; do
    [ -x "$j/bin/java" ] && JAVA_HOME=$j && break
  done
fi
export JAVA_HOME

CLUSTER_ID=${CLUSTER_ID:-td$(( $$ % 10000 ))}
CLUSTER_DIR=${CLUSTER_DIR:-$(mktemp -d /tmp/tandem-cluster.XXXXXX)}
CLUSTER_NODES=()
KEEPALIVE_MS=${KEEPALIVE_MS:-200}
DEADTIME_MS=${DEADTIME_MS:-1000}
WARNTIME_MS=${WARNTIME_MS:-500}
INITDEAD_MS=${INITDEAD_MS:-20000}
PING_GATEWAY=10.77.1.254
DEADPING_MS=${DEADPING_MS:-2000}
# Heartbeat media of every node: "ucast" (one ucast line per peer and link) or, in network namespaces only,
# "mixed" (eth1: multicast group 239.77.1.1, eth2: broadcast), which exercises the other two ha.cf media.
HB_MEDIA=${HB_MEDIA:-ucast}

log() { printf '%s %s\n' "$(date +%H:%M:%S.%3N)" "$*"; }
die() { log "ERROR: $*" >&2; exit 1; }
now_ms() { date +%s%3N; }

use_netns() {
  [ "$(id -u)" = 0 ] && command -v ip >/dev/null && [ "${TANDEM_NO_NETNS:-}" != 1 ]
}

assembly_tarball() {
  local t
  t=$(ls "$TANDEM_ROOT"/karaf-assembly/target/tandem-assembly-*.tar.gz 2>/dev/null | head -n 1)
  [ -n "$t" ] || die "no appliance built: run 'mvn -B -DskipTests install' first"
  echo "$t"
}

ns() { echo "$CLUSTER_ID-$1"; }

# in_node NODE CMD...: run CMD in NODE's network namespace (or directly on loopback)
in_node() {
  local node=$1; shift
  if use_netns; then ip netns exec "$(ns "$node")" "$@"; else "$@"; fi
}

cluster_network() {
  use_netns || return 0
  local sw; sw=$(ns sw)
  ip netns add "$sw"
  ip -n "$sw" link set lo up
  for link in 1 2; do
    ip -n "$sw" link add "hb$link" type bridge
    ip -n "$sw" link set "hb$link" up
  done
  # a "gateway" on the first segment for ping nodes (ha.cf: ping 10.77.1.254)
  ip -n "$sw" addr add "$PING_GATEWAY/24" dev hb1
}

# gateway_down / gateway_up: make the ping node stop (or start) answering
gateway_down() { ip -n "$(ns sw)" addr del "$PING_GATEWAY/24" dev hb1; }
gateway_up() { ip -n "$(ns sw)" addr add "$PING_GATEWAY/24" dev hb1; }

# node_network NODE INDEX: namespace with eth1 (10.77.1.INDEX) and eth2 (10.77.2.INDEX), one per heartbeat link
node_network() {
  use_netns || return 0
  local node=$1 idx=$2 nsn sw; nsn=$(ns "$node"); sw=$(ns sw)
  ip netns add "$nsn"
  ip -n "$nsn" link set lo up
  for link in 1 2; do
    ip link add "$CLUSTER_ID$idx$link" type veth peer name "eth$link" netns "$nsn"
    ip link set "$CLUSTER_ID$idx$link" netns "$sw"
    ip -n "$sw" link set "$CLUSTER_ID$idx$link" master "hb$link" up
    ip -n "$nsn" addr add "10.77.$link.$idx/24" dev "eth$link"
    ip -n "$nsn" link set "eth$link" up
  done
}

# link_down NODE LINK / link_up NODE LINK: cut or restore one heartbeat link of NODE
link_down() { ip -n "$(ns sw)" link set "$CLUSTER_ID$(node_index "$1")$2" down; }
link_up() { ip -n "$(ns sw)" link set "$CLUSTER_ID$(node_index "$1")$2" up; }

node_index() { echo "${1#node}"; }
node_home() { echo "$CLUSTER_DIR/$1"; }
node_ssh_port() { if use_netns; then echo 8101; else echo $(( 18100 + $(node_index "$1") )); fi; }

# authkeys_new FILE: a fresh owner-only authkeys file (key 1, sha256, random secret)
authkeys_new() {
  (umask 077; printf 'auth 1\n1 sha256 %s\n' "$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" > "$1")
}

# node_create NODE: unpack the appliance and configure it as a member of the cluster.
# For negative tests, NODE_CLUSTER_NAME=NAME gives the node another cluster name and NODE_AUTHKEYS=FILE another
# authkeys file (e.g. from authkeys_new), as in `NODE_CLUSTER_NAME=other node_create node3`. A node that is not in
# CLUSTER_ALL lists the cluster's nodes and itself, and sends to the cluster's nodes (ucast).
node_create() {
  local node=$1 idx home tarball peers=() media=() n cluster_name=${NODE_CLUSTER_NAME:-$CLUSTER_ID}
  local all=" $CLUSTER_ALL "; [[ $all == *" $node "* ]] || all="$all$node "
  idx=$(node_index "$node"); home=$(node_home "$node")
  tarball=$(assembly_tarball)
  mkdir -p "$home"
  tar xzf "$tarball" -C "$home" --strip-components=1
  CLUSTER_NODES+=("$node")
  node_network "$node" "$idx"

  for n in $CLUSTER_ALL; do [ "$n" != "$node" ] && peers+=("$n"); done
  case $HB_MEDIA in
    ucast) ;;
    mixed) use_netns || die "HB_MEDIA=mixed needs network namespaces (run as root)" ;;
    *) die "HB_MEDIA must be ucast or mixed, not '$HB_MEDIA'" ;;
  esac
  if use_netns && [ "$HB_MEDIA" = mixed ]; then
    media=('"mcast eth1 239.77.1.1 694 1 0"' '"bcast eth2"')
    udpport=694; bind=""
  elif use_netns; then
    for link in 1 2; do
      for n in "${peers[@]}"; do media+=("\"ucast eth$link 10.77.$link.$(node_index "$n")\""); done
    done
    udpport=694; bind=""
  else
    for n in "${peers[@]}"; do media+=("\"ucast lo 127.0.0.1:$(( 17000 + $(node_index "$n") ))\""); done
    udpport=$(( 17000 + idx )); bind=127.0.0.1
  fi
  local media_list; media_list=$(IFS=,; echo "${media[*]}")
  local node_list; node_list=$(for n in $all; do printf '"%s",' "$n"; done); node_list=${node_list%,}

  cat > "$home/etc/io.tandem.messaging.config" <<CFG
clusterName="$cluster_name"
nodeName="$node"
udpPort=I"$udpport"
bindAddress="$bind"
media=[$media_list]
authKeysFile="etc/authkeys"
keepAliveMillis=L"$KEEPALIVE_MS"
linkDeadTimeMillis=L"$DEADTIME_MS"
CFG
  cat > "$home/etc/io.tandem.membership.config" <<CFG
nodes=[$node_list]
deadTimeMillis=L"$DEADTIME_MS"
warnTimeMillis=L"$WARNTIME_MS"
initDeadMillis=L"$INITDEAD_MS"
CFG
  if use_netns; then
    cat >> "$home/etc/io.tandem.membership.config" <<CFG
pingNodes=["ping $PING_GATEWAY"]
pingIntervalMillis=L"500"
deadPingMillis=L"$DEADPING_MS"
CFG
  fi
  # one shared key for the cluster, owner-only as heartbeat demands
  [ -f "$CLUSTER_DIR/authkeys" ] || authkeys_new "$CLUSTER_DIR/authkeys"
  install -m 600 "${NODE_AUTHKEYS:-$CLUSTER_DIR/authkeys}" "$home/etc/authkeys"
  if ! use_netns; then
    local ssh=$(( 18100 + idx ))
    sed -i "s/^sshPort *=.*/sshPort = $ssh/" "$home/etc/org.apache.karaf.shell.cfg"
    # JMX (and its RMI ports) exists only if the management feature is installed
    [ ! -f "$home/etc/org.apache.karaf.management.cfg" ] || sed -i \
      "s/^rmiRegistryPort *=.*/rmiRegistryPort = $(( 18200 + idx ))/; s/^rmiServerPort *=.*/rmiServerPort = $(( 18300 + idx ))/" \
      "$home/etc/org.apache.karaf.management.cfg"
  fi
}

node_start() {
  local node=$1 home; home=$(node_home "$node")
  rm -f "$home/data/karaf.pid"
  in_node "$node" env JAVA_HOME="$JAVA_HOME" setsid "$home/bin/karaf" server \
    > "$home/console.out" 2>&1 < /dev/null &
}

node_pid() { cat "$(node_home "$1")/data/karaf.pid" 2>/dev/null; }

# node_cmd NODE COMMAND: run a console command on NODE (batch mode: the reliable way, see toolchain notes)
node_cmd() {
  local node=$1; shift
  echo "$*" | in_node "$node" timeout 60 "$(node_home "$node")/bin/client" -u karaf -p karaf \
    -a "$(node_ssh_port "$node")" -r 30 -d 1 -b 2>/dev/null | tr -d '\r'
}

# wait_until SECONDS DESCRIPTION CMD...: poll CMD until it succeeds
wait_until() {
  local secs=$1 what=$2; shift 2
  local deadline=$(( $(date +%s) + secs ))
  until "$@"; do
    [ "$(date +%s)" -lt "$deadline" ] || { log "timed out after ${secs}s waiting for $what"; return 1; }
    sleep 0.3
  done
}

node_log() { cat "$(node_home "$1")"/data/log/karaf.log* 2>/dev/null; }

# node_sees NODE PEER STATE: NODE's ha:nodes lists PEER in STATE
node_sees() { node_cmd "$1" ha:nodes | grep -E "^ *$2 " | grep -q "$3"; }

node_kill9() {
  local pid; pid=$(node_pid "$1")
  [ -n "$pid" ] || return 0
  kill -STOP "$pid" 2>/dev/null   # freeze first so that nothing gets to clean up
  kill -9 "$pid" 2>/dev/null
  local deadline=$(( $(date +%s) + 10 ))
  while kill -0 "$pid" 2>/dev/null && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.05; done
}

node_stop() {
  local pid; pid=$(node_pid "$1")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill "$pid" 2>/dev/null
  local deadline=$(( $(date +%s) + 20 ))
  while kill -0 "$pid" 2>/dev/null && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.2; done
  kill -9 "$pid" 2>/dev/null || true
}

# cpu_ticks PID: user+system clock ticks used so far
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

cluster_cleanup() {
  local node
  for node in "${CLUSTER_NODES[@]}"; do node_stop "$node" 2>/dev/null; done
  # anything still alive from our work directory (e.g. a start that never wrote its pid file)
  pkill -9 -f "karaf.home=$CLUSTER_DIR" 2>/dev/null || true
  if use_netns; then
    for node in "${CLUSTER_NODES[@]}"; do ip netns del "$(ns "$node")" 2>/dev/null; done
    ip netns del "$(ns sw)" 2>/dev/null
  fi
  [ "${TANDEM_KEEP:-}" = 1 ] && { log "kept $CLUSTER_DIR"; return 0; }
  rm -rf "$CLUSTER_DIR"
}

# node_create_bare NODE: an appliance with no cluster configuration (Karaf and the Tandem bundles only),
# in its own namespace when root; a baseline for resource measurements
node_create_bare() {
  local node=$1 home; home=$(node_home "$node")
  mkdir -p "$home"
  tar xzf "$(assembly_tarball)" -C "$home" --strip-components=1
  CLUSTER_NODES+=("$node")
  if use_netns; then
    ip netns add "$(ns "$node")"
    ip -n "$(ns "$node")" link set lo up
  else
    sed -i "s/^sshPort *=.*/sshPort = 18199/" "$home/etc/org.apache.karaf.shell.cfg"
    [ ! -f "$home/etc/org.apache.karaf.management.cfg" ] || sed -i \
      "s/^rmiRegistryPort *=.*/rmiRegistryPort = 18299/; s/^rmiServerPort *=.*/rmiServerPort = 18399/" \
      "$home/etc/org.apache.karaf.management.cfg"
  fi
}
