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
  # NODE_LOG_LEVELS="io.tandem.controller=DEBUG ...": finer logging for timing analyses
  local spec i=0
  for spec in ${NODE_LOG_LEVELS:-}; do
    i=$(( i + 1 ))
    printf 'log4j2.logger.tandem%d.name = %s\nlog4j2.logger.tandem%d.level = %s\n' "$i" "${spec%%=*}" "$i" "${spec#*=}" \
      >> "$home/etc/org.ops4j.pax.logging.cfg"
  done
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
  # NODE_CHRT="-r 10": start the node's JVM with that real-time policy (heartbeat's "realtime on" does the same)
  in_node "$node" env JAVA_HOME="$JAVA_HOME" ${NODE_CHRT:+chrt $NODE_CHRT} setsid "$home/bin/karaf" server \
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
  set +e   # callers may run with set -e: cleaning up must not stop at the first thing already gone
  local node
  probe_stop 2>/dev/null
  busy_cpus_stop 2>/dev/null
  for node in "${CLUSTER_NODES[@]}"; do node_stop "$node" 2>/dev/null; done
  # anything still alive from our work directory (e.g. a start that never wrote its pid file)
  pkill -9 -f "karaf.home=$CLUSTER_DIR" 2>/dev/null || true
  if use_netns; then
    for node in "${CLUSTER_NODES[@]}"; do ip netns del "$(ns "$node")" 2>/dev/null; done
    ip netns del "$(ns client)" 2>/dev/null
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

# ---- The client side: a third namespace on the first heartbeat segment and a probe of the service ----
# As root, "client" is a namespace with eth1 = $CLIENT_IP on bridge hb1, the segment the VIP lives on; on loopback
# the client is this shell and the service is a WebServer on 127.0.0.1:$LOOPBACK_SERVICE_PORT (no VIP: the port is
# free again as soon as the JVM that served it is gone, so the survivor can take it over).
CLIENT_IP=${CLIENT_IP:-10.77.1.200}
VIP=${VIP:-10.77.1.100}
LOOPBACK_SERVICE_PORT=${LOOPBACK_SERVICE_PORT:-18080}
PROBE_INTERVAL_MS=${PROBE_INTERVAL_MS:-20}
PROBE_PID=""

client_network() {
  use_netns || return 0
  local sw c; sw=$(ns sw); c=$(ns client)
  ip netns add "$c"
  ip -n "$c" link set lo up
  ip link add "${CLUSTER_ID}c1" type veth peer name eth1 netns "$c"
  ip link set "${CLUSTER_ID}c1" netns "$sw"
  ip -n "$sw" link set "${CLUSTER_ID}c1" master hb1 up
  ip -n "$c" addr add "$CLIENT_IP/24" dev eth1
  ip -n "$c" link set eth1 up
}

# in_client CMD...: run CMD in the client's namespace (or directly on loopback)
in_client() { if use_netns; then ip netns exec "$(ns client)" "$@"; else "$@"; fi; }
service_host() { if use_netns; then echo "$VIP"; else echo 127.0.0.1; fi; }
service_port() { if use_netns; then echo 80; else echo "$LOOPBACK_SERVICE_PORT"; fi; }

# cib_web_group FILE: a CIB with stonith off and group "web" = VirtualIP $VIP/24 on eth1 + WebServer on VIP:80
# (on loopback: the WebServer alone on 127.0.0.1:$LOOPBACK_SERVICE_PORT). WebServer answers GET / with its node's
# name. Monitors every WEB_MONITOR_INTERVAL (1s); WEB_STICKINESS sets resource-stickiness in rsc_defaults if given.
cib_web_group() {
  local file=$1 mon=${WEB_MONITOR_INTERVAL:-1s} vip="" defaults=""
  if use_netns; then
    vip="<primitive id=\"vip\" class=\"ocf\" provider=\"tandem\" type=\"VirtualIP\">
          <instance_attributes id=\"vip-ia\"><nvpair id=\"vip-ip\" name=\"ip\" value=\"$VIP\"/><nvpair id=\"vip-mask\" name=\"cidr_netmask\" value=\"24\"/><nvpair id=\"vip-nic\" name=\"nic\" value=\"eth1\"/></instance_attributes>
          <operations><op id=\"vip-mon\" name=\"monitor\" interval=\"$mon\" timeout=\"5s\"/></operations>
        </primitive>"
  fi
  [ -z "${WEB_STICKINESS:-}" ] || defaults="<rsc_defaults><meta_attributes id=\"rsc-options\"><nvpair id=\"rsc-options-stickiness\" name=\"resource-stickiness\" value=\"$WEB_STICKINESS\"/></meta_attributes></rsc_defaults>"
  cat > "$file" <<CIB
<cib validate-with="pacemaker-3.7" admin_epoch="0" epoch="1" num_updates="0">
  <configuration>
    <crm_config><cluster_property_set id="cib-bootstrap-options">
      <nvpair id="cib-bootstrap-options-stonith-enabled" name="stonith-enabled" value="false"/>
    </cluster_property_set></crm_config>
    <nodes/>
    <resources>
      <group id="web">
        $vip
        <primitive id="www" class="ocf" provider="tandem" type="WebServer">
          <instance_attributes id="www-ia"><nvpair id="www-ip" name="ip" value="$(service_host)"/><nvpair id="www-port" name="port" value="$(service_port)"/></instance_attributes>
          <operations><op id="www-mon" name="monitor" interval="$mon" timeout="5s"/></operations>
        </primitive>
      </group>
    </resources>
    <constraints/>
    $defaults
  </configuration>
  <status/>
</cib>
CIB
}

# node_tandem NODE VERB...: bin/tandem VERB on NODE (the same verbs as ha:VERB, over the node's local socket). The
# socket admits root and the haclient group only, so other users get the console's ha:VERB instead.
node_tandem() {
  local node=$1; shift
  if [ "$(id -u)" != 0 ] && ! id -nG | grep -qw haclient; then node_cmd "$node" "ha:$*"; return; fi
  in_node "$node" env JAVA_HOME="$JAVA_HOME" timeout 60 "$(node_home "$node")/bin/tandem" "$@" 2>&1
}

# web_location NODE: where NODE's ha:status says www runs ("node1", "node2", several names if it is active on
# more than one, nothing if stopped)
web_location() {
  node_tandem "$1" status | sed -nE 's/^ *\* www[[:space:]].*Started[[:space:]]+(.*)$/\1/p; s/^ *\* www[[:space:]].*Started:? *\[ *(.*) *\]$/\1/p' | head -n 1 | xargs
}
# web_is NODE WHERE: NODE's ha:status shows www Started on WHERE (and only there)
web_is() { [ "$(web_location "$1")" = "$2" ]; }

# probe_start FILE [SECONDS]: start the client probing http://SERVICE/ every PROBE_INTERVAL_MS in the background,
# one line per request into FILE ("START_MS END_MS ANSWER", see Probe.java); stops by itself after SECONDS (600)
probe_start() {
  local file=$1 secs=${2:-600}
  : > "$file"
  local cmd=(timeout $(( secs + 5 )) "$JAVA_HOME/bin/java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx64m
    "$TANDEM_ROOT/scripts/lib/Probe.java" "$(service_host)" "$(service_port)" "$PROBE_INTERVAL_MS" "$secs")
  # started directly (not through in_client, a function: its subshell would be the pid) so that PROBE_PID is
  # timeout's, which passes probe_stop's SIGTERM on to the probe
  if use_netns; then ip netns exec "$(ns client)" "${cmd[@]}" > "$file" 2>&1 & else "${cmd[@]}" > "$file" 2>&1 & fi
  PROBE_PID=$!
}
probe_stop() {
  [ -n "$PROBE_PID" ] || return 0
  kill "$PROBE_PID" 2>/dev/null || true
  wait "$PROBE_PID" 2>/dev/null || true
  PROBE_PID=""
}
# probe_hears FILE NODE: the latest answered request in FILE came from NODE
probe_hears() { [ "$(awk '$3 !~ /^!/ && $2 >= m {m = $2; a = $3} END {print a}' "$1")" = "$2" ]; }
# probe_answers_since FILE FROM_MS NODE: NODE has answered a request that ended after FROM_MS
probe_answers_since() { awk -v f="$2" -v n="$3" '$2 > f && $3 == n {x = 1} END {exit !x}' "$1"; }

# probe_outage FILE FAULT_MS OLD: ms from the fault to the first answer from a node other than OLD, then that node
probe_outage() {
  awk -v f="$2" -v old="$3" '$2 > f && $3 !~ /^!/ && $3 != old && (best == "" || $2 < best) {best = $2; who = $3}
    END {if (best == "") exit 1; print best - f, who}' "$1"
}
# probe_gap FILE FROM_MS OLD: the service gap of a switchover that started at FROM_MS: ms between the last answer
# from OLD and the first answer from the other node, then the number of requests that failed in between
probe_gap() {
  awk -v f="$2" -v old="$3" '
    {start[NR] = $1; end[NR] = $2; ans[NR] = $3}
    $2 > f && $3 !~ /^!/ && $3 != old && (first == "" || $2 < first) {first = $2}
    END {
      if (first == "") exit 1
      for (i = 1; i <= NR; i++) if (ans[i] == old && end[i] < first && end[i] > last) last = end[i]
      for (i = 1; i <= NR; i++) if (ans[i] ~ /^!/ && start[i] >= last - 1000 && end[i] > last && end[i] < first) failed++
      print first - last, failed + 0
    }' "$1"
}
# probe_timeline FILE FROM_MS TO_MS [ZERO_MS]: the requests sent between two instants and what they got, one line
# per run of equal answers ("sent +A .. +B ms: ANSWER xN", the longest time one of them took), in ms after ZERO_MS
# (default FROM_MS)
probe_timeline() {
  sort -n -k1 "$1" | awk -v f="$2" -v t="$3" -v z="${4:-$2}" '
    function flush() { if (n) printf "  sent %+6d .. %+6d ms: %-26s x%-3d (slowest %d ms)\n", a0 - z, a1 - z, cur, n, slow }
    $1 >= f && $1 <= t { if ($3 != cur) { flush(); cur = $3; n = 0; a0 = $1; slow = 0 } n++; a1 = $1; if ($2 - $1 > slow) slow = $2 - $1 }
    END { flush() }'
}

# node_reboot_network NODE: what a reboot does to a crashed node's interfaces: only its own addresses remain
# (a kill -9 of the JVM leaves the VIP configured in the namespace; a restarted machine would not have it)
node_reboot_network() {
  use_netns || return 0
  local node=$1 idx link a; idx=$(node_index "$node")
  for link in 1 2; do
    for a in $(ip -n "$(ns "$node")" -4 -o addr show dev "eth$link" | awk '{print $4}'); do
      [ "$a" = "10.77.$link.$idx/24" ] || ip -n "$(ns "$node")" addr del "$a" dev "eth$link"
    done
  done
}

# log_ms LINE: the epoch milliseconds of a karaf.log line's timestamp
log_ms() { date -d "$(cut -d'|' -f1 <<<"$1" | sed 's/,/./; s/ *$//')" +%s%3N 2>/dev/null; }

# busy_cpus SECONDS [N]: keep N (all) cores busy for SECONDS in the background; busy_cpus_stop ends it early
BUSY_PIDS=()
busy_cpus() {
  local secs=$1 n=${2:-$(nproc)} i
  for (( i = 0; i < n; i++ )); do
    timeout "$secs" sh -c 'while :; do :; done' &
    BUSY_PIDS+=($!)
  done
}
busy_cpus_stop() {
  local p
  for p in "${BUSY_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${BUSY_PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  BUSY_PIDS=()
}

# node_events NODE FROM_MS [ZERO_MS]: NODE's log lines that make up a failover (death, view, join, transition,
# address added, service started ...) logged at or after FROM_MS, as "+MS  thread  message", ms after ZERO_MS
NODE_EVENTS='status dead|Proposing view|View [0-9]+ installed|\| view [0-9]+ |join [0-9]+ done|transition [0-9]+|Adding inet|removed from|serving on|stopped serving|asks to stop|Heartbeat from|Link .* is (down|up)'
node_events() {
  local node=$1 from=$2 zero=${3:-$2} since line
  since=$(date -d "@${from:0:10}.${from:10}" +%Y-%m-%dT%H:%M:%S,%3N)
  node_log "$node" | grep -E "$NODE_EVENTS" | awk -F'|' -v s="$since" '$1 >= s' | sort -s -t'|' -k1,1 |
    while IFS= read -r line; do
      printf '  %+6d ms  %-18s %s\n' $(( $(log_ms "$line") - zero )) "$(cut -d'|' -f3 <<<"$line" | xargs)" \
        "$(cut -d'|' -f6- <<<"$line" | sed 's/^ *//; s/\\n.*//')"
    done
}

# op_times NODE: the last start/stop of each resource on each node as NODE's CIB records it (lrm history):
# "NODE RESOURCE OPERATION rc=RC exec=MS queue=MS"
op_times() {
  node_tandem "$1" cib-export | grep -oE '<(node_state|lrm_resource|lrm_rsc_op) [^>]*>' | awk '
    function attr(n,   r) { r = ""; if (match($0, " " n "=\"[^\"]*\"")) { r = substr($0, RSTART + length(n) + 3, RLENGTH - length(n) - 4) } return r }
    /^<node_state/ { node = attr("uname") }
    /^<lrm_resource / { rsc = attr("id") }
    /^<lrm_rsc_op / { op = attr("operation"); if (op == "start" || op == "stop")
      printf "%s %s %s rc=%s exec=%sms queue=%sms\n", node, rsc, op, attr("rc-code"), attr("exec-time"), attr("queue-time") }'
}

# both_online NODE: NODE's ha:status lists node1 and node2 online
both_online() { node_tandem "$1" status | grep -q 'Online: \[ node1 node2 \]'; }
# wait_both_online: both nodes online in both nodes' ha:status. WORKAROUND for a controller bug (reported, to be
# fixed): a node that misses the DC's join request when it (re)starts stays OFFLINE ("join pending") until the next
# view change; restarting that node makes one. The end-to-end tests do not use this: they must see the bug.
wait_both_online() {
  local attempt n
  for attempt in 1 2 3; do
    wait_until 150 "node1 to see node2" node_sees node1 node2 ACTIVE >&2 || return 1
    wait_until 25 "both nodes online" both_online node1 >&2 && wait_until 10 "both nodes online" both_online node2 >&2 &&
      return 0
    n=$(node_tandem node1 status | sed -nE 's/.*OFFLINE: \[ (node[12]) \].*/\1/p' | head -n 1)
    log "WORKAROUND: ${n:-node2} stays OFFLINE in ha:status (controller join pending); restarting it" >&2
    node_stop "${n:-node2}"; node_start "${n:-node2}"
  done
  return 1
}
