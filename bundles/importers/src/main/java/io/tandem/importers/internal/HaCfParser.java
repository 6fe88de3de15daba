package io.tandem.importers.internal;

import io.tandem.common.NodeId;
import io.tandem.importers.ImportFinding;
import io.tandem.messaging.config.Addresses;
import io.tandem.messaging.config.Medium;
import io.tandem.messaging.config.MediumException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads heartbeat's ha.cf line by line, as heartbeat does, into {@link HaCf}. Pure: no files, no OSGi. Every
 * directive is accounted for: carried over, reported as handled elsewhere or not needed (with the reason), or
 * reported as unknown; wrong arguments are errors naming the line.
 */
final class HaCfParser {
    /** Tandem's defaults (the configuration contract), used to check timings the file leaves out. */
    static final long DEFAULT_KEEPALIVE_MILLIS = 1000;
    static final long DEFAULT_DEADTIME_MILLIS = 30000;
    static final long DEFAULT_WARNTIME_MILLIS = 10000;
    static final long DEFAULT_INITDEAD_MILLIS = 60000;
    static final int DEFAULT_UDP_PORT = 694;

    private static final String LOGGING = "Tandem logs through Karaf's log, see etc/org.ops4j.pax.logging.cfg";
    private static final String RESOURCE_MANAGER =
            "a setting of heartbeat's Pacemaker integration; Tandem's resource manager keeps its settings in the CIB";

    /** Directives heartbeat knows that Tandem deliberately does not carry over: INFO, with the reason. */
    private static final Map<String, String> NOT_NEEDED = Map.ofEntries(
            Map.entry("logfile", LOGGING),
            Map.entry("debugfile", LOGGING),
            Map.entry("logfacility", LOGGING),
            Map.entry("use_logd", LOGGING),
            Map.entry("conn_logd_time", LOGGING),
            Map.entry("syslogmsgfmt", LOGGING),
            Map.entry("debug", "set Tandem's log level with log:set DEBUG io.tandem"),
            Map.entry("apiauth", "Tandem's interfaces are authorized by Karaf's console users and roles and by the"
                    + " local socket's peer credentials"),
            Map.entry("baud", "only used by serial media, which Tandem does not have"),
            Map.entry("hopfudge", "only used by serial rings, which Tandem does not have"),
            Map.entry("hbgenmethod", "Tandem keeps its incarnation number in stateDirectory and counts it up at every start"),
            Map.entry("realtime", "does not apply to a JVM; timing margins come from deadtime and warntime"),
            Map.entry("rtprio", "does not apply to a JVM; timing margins come from deadtime and warntime"),
            Map.entry("msgfmt", "Tandem has its own authenticated wire format; classic/netstring do not apply"),
            Map.entry("compression", "Tandem compresses with deflate above compression_threshold; the module choice does not apply"),
            Map.entry("traditional_compression", "Tandem compresses with deflate above compression_threshold"),
            Map.entry("coredumps", "the JVM writes its own crash reports"),
            Map.entry("uuidfrom", "Tandem identifies nodes by name (uname -n)"),
            Map.entry("max_rexmit_delay", "Tandem's reliable channel sets its own retransmission timers"),
            Map.entry("log_badpack", "Tandem counts every dropped packet by reason: see ha:links"),
            Map.entry("memreserve", "memory is managed by the JVM"),
            Map.entry("record_config_changes", RESOURCE_MANAGER),
            Map.entry("record_pengine_inputs", RESOURCE_MANAGER),
            Map.entry("enable_config_writes", RESOURCE_MANAGER));

    /** Directives heartbeat knows whose function Tandem lacks or has elsewhere: WARNING, with what to do. */
    private static final Map<String, String> NOT_IMPORTED = Map.ofEntries(
            Map.entry("stonith", "not imported: fencing devices are configured in the CIB (fencing), not in ha.cf"),
            Map.entry("stonith_host", "not imported: fencing devices are configured in the CIB (fencing), not in ha.cf"),
            Map.entry("watchdog", "not imported: a watchdog is a fence device in Tandem, configured in the CIB"),
            Map.entry("serial", "not imported: Tandem has no serial heartbeat media; add a second UDP link on a separate"
                    + " network instead"),
            Map.entry("hbaping", "not imported: Fibre Channel HBA ping nodes are not supported; use ping or ping_group"),
            Map.entry("mcast6", "not imported: IPv6 multicast is not supported; use ucast or mcast"),
            Map.entry("quorum_server", "not imported: quorum servers are not supported; use ping nodes or two-node mode"),
            Map.entry("env", "not imported: sets the environment of respawned processes, and Tandem respawns none"));

    private final Findings findings;
    private final Map<String, Integer> firstLine = new HashMap<>();
    private final Map<String, Integer> lastLine = new HashMap<>();
    private final Map<String, Integer> nodeLines = new LinkedHashMap<>();
    private final List<String> media = new ArrayList<>();
    private final List<Integer> mediaLines = new ArrayList<>();
    private final List<String> pingNodes = new ArrayList<>();
    private final Map<String, Long> times = new HashMap<>();
    private Optional<Integer> udpPort = Optional.empty();
    private Optional<Integer> compressionThresholdBytes = Optional.empty();
    private Optional<String> clusterName = Optional.empty();
    private Optional<String> autoFailback = Optional.empty();

    /** The result: what was carried over, and everything worth saying about the file. */
    record Result(HaCf haCf, List<ImportFinding> findings) {
        Result {
            findings = List.copyOf(findings);
        }
    }

    private HaCfParser(Path file) {
        this.findings = new Findings(file);
    }

    /** @param file only used to name the file in findings */
    static Result parse(Path file, String text) {
        HaCfParser parser = new HaCfParser(file);
        for (ConfigLines.Line line : ConfigLines.read(text, parser.findings)) {
            parser.directive(line);
        }
        HaCf haCf = parser.finish();
        return new Result(haCf, parser.findings.toList());
    }

    private void directive(ConfigLines.Line line) {
        String directive = line.directive().toLowerCase(Locale.ROOT);
        List<String> args = line.arguments();
        int n = line.number();
        switch (directive) {
            case "node" -> nodes(n, args);
            case "keepalive", "deadtime", "warntime", "initdead", "deadping" -> time(n, directive, args);
            case "udpport" -> udpPort(n, args);
            case "ucast" -> ucast(n, args);
            case "mcast" -> mcast(n, args);
            case "bcast" -> bcast(n, directive, args);
            case "udp" -> {
                findings.info(n, directive, "old name of bcast; read as bcast");
                bcast(n, directive, args);
            }
            case "compression_threshold" -> compressionThreshold(n, args);
            case "ping" -> ping(n, args);
            case "ping_group" -> pingGroup(n, args);
            case "cluster_name" -> clusterName(n, args);
            case "auto_failback" -> autoFailback(n, args);
            case "nice_failback" -> niceFailback(n, args);
            case "respawn" -> respawn(n, args);
            case "crm", "pacemaker" -> crm(n, directive, args);
            case "autojoin" -> autojoin(n, args);
            default -> {
                if (NOT_NEEDED.containsKey(directive)) {
                    findings.info(n, directive, NOT_NEEDED.get(directive));
                } else if (NOT_IMPORTED.containsKey(directive)) {
                    findings.warning(n, directive, NOT_IMPORTED.get(directive));
                } else {
                    findings.warning(n, line.directive(), "unknown directive; not imported");
                }
            }
        }
    }

    private void nodes(int n, List<String> args) {
        if (args.isEmpty()) {
            findings.error(n, "node", "expects one or more node names (as uname -n prints them)");
            return;
        }
        for (String name : args) {
            try {
                NodeId.of(name);
            } catch (IllegalArgumentException e) {
                findings.error(n, "node", e.getMessage());
                continue;
            }
            Integer earlier = nodeLines.putIfAbsent(name, n);
            if (earlier != null) {
                findings.warning(n, "node", "node " + name + " is already listed on line " + earlier);
            }
        }
    }

    private void time(int n, String directive, List<String> args) {
        if (!single(n, directive, args, "a time: seconds, or milliseconds with ms (2, 1.5, 250ms)")) {
            return;
        }
        OptionalLong millis = HeartbeatValues.parseMillis(args.get(0));
        if (millis.isEmpty() || millis.getAsLong() <= 0) {
            findings.error(n, directive, "'" + args.get(0) + "' is not a positive time: use seconds, or milliseconds"
                    + " with ms (2, 1.5, 250ms)");
            return;
        }
        repeated(n, directive);
        times.put(directive, millis.getAsLong());
    }

    private void udpPort(int n, List<String> args) {
        if (!single(n, "udpport", args, "a UDP port number")) {
            return;
        }
        Optional<Integer> port = HeartbeatValues.parsePort(args.get(0));
        if (port.isEmpty()) {
            findings.error(n, "udpport", "'" + args.get(0) + "' is not a port number (1-65535)");
            return;
        }
        if (!mediaLines.isEmpty()) {
            findings.warning(n, "udpport", "comes after the heartbeat media on line " + mediaLines.get(0)
                    + ": heartbeat used the earlier port for those; Tandem uses " + port.get() + " for all bcast and"
                    + " ucast media");
        }
        repeated(n, "udpport");
        udpPort = port;
    }

    private void ucast(int n, List<String> args) {
        medium(n, "ucast", "ucast " + String.join(" ", args));
    }

    private void mcast(int n, List<String> args) {
        medium(n, "mcast", "mcast " + String.join(" ", args));
    }

    /** Heartbeat takes several devices on one bcast line; messaging takes one, so each becomes a medium. */
    private void bcast(int n, String directive, List<String> args) {
        if (args.isEmpty()) {
            findings.error(n, directive, "expects one or more network devices, such as 'bcast eth1'");
            return;
        }
        for (String device : args) {
            medium(n, directive, "bcast " + device);
        }
    }

    /** Checked with messaging's own grammar, so that a medium is imported exactly when messaging would accept it. */
    private void medium(int n, String directive, String line) {
        Medium medium;
        try {
            medium = Medium.parse(line, DEFAULT_UDP_PORT, "ha.cf line " + n);
        } catch (MediumException e) {
            findings.error(n, directive, e.problem());
            return;
        }
        if (medium instanceof Medium.Mcast mcast && mcast.loop()) {
            findings.info(n, directive, "loop 1: this node will receive its own packets, which Tandem drops and counts"
                    + " as OWN_PACKET; heartbeat recommends 0");
        }
        addMedium(n, medium.line());
    }

    private void addMedium(int n, String medium) {
        if (media.contains(medium)) {
            findings.warning(n, medium.substring(0, medium.indexOf(' ')), "'" + medium + "' is already configured on line "
                    + mediaLines.get(media.indexOf(medium)) + "; ignored");
            return;
        }
        media.add(medium);
        mediaLines.add(n);
    }

    private void compressionThreshold(int n, List<String> args) {
        if (!single(n, "compression_threshold", args, "a size in KB")) {
            return;
        }
        Optional<Integer> kb = HeartbeatValues.parseInt(args.get(0));
        if (kb.isEmpty() || kb.get() < 1 || kb.get() > 64 * 1024) {
            findings.error(n, "compression_threshold", "'" + args.get(0) + "' is not a size in KB from 1 to 65536");
            return;
        }
        repeated(n, "compression_threshold");
        compressionThresholdBytes = Optional.of(kb.get() * 1024);
    }

    private void ping(int n, List<String> args) {
        if (args.isEmpty()) {
            findings.error(n, "ping", "expects one or more addresses");
            return;
        }
        for (String address : args) {
            if (!Addresses.isAddressOrHostName(address)) {
                findings.error(n, "ping", "'" + address + "' is not an IPv4 address or host name");
            } else if (nodeLines.containsKey(address)) {
                findings.warning(n, "ping", address + " is a cluster node: a ping node must be a third party such as"
                        + " the gateway");
                pingNodes.add("ping " + address);
            } else {
                pingNodes.add("ping " + address);
            }
        }
    }

    private void pingGroup(int n, List<String> args) {
        if (args.size() < 2) {
            findings.error(n, "ping_group", "expects 'ping_group NAME ADDRESS...', with at least one address");
            return;
        }
        for (String address : args.subList(1, args.size())) {
            if (!Addresses.isAddressOrHostName(address)) {
                findings.error(n, "ping_group", "'" + address + "' is not an IPv4 address or host name");
                return;
            }
        }
        pingNodes.add("ping_group " + String.join(" ", args));
    }

    private void clusterName(int n, List<String> args) {
        if (!single(n, "cluster_name", args, "a cluster name")) {
            return;
        }
        if (!args.get(0).matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            findings.error(n, "cluster_name", "'" + args.get(0) + "' is not a cluster name: use up to 64 letters,"
                    + " digits, '.', '_' and '-'");
            return;
        }
        repeated(n, "cluster_name");
        clusterName = Optional.of(args.get(0));
        findings.info(n, "cluster_name", "Tandem extension: the cluster name keeps two clusters on one network apart");
    }

    private void autoFailback(int n, List<String> args) {
        if (!single(n, "auto_failback", args, "on, off or legacy")) {
            return;
        }
        String value = args.get(0).toLowerCase(Locale.ROOT);
        Optional<Boolean> flag = HeartbeatValues.parseBoolean(value);
        if (flag.isEmpty() && !value.equals("legacy")) {
            findings.error(n, "auto_failback", "'" + args.get(0) + "' is not on, off or legacy");
            return;
        }
        repeated(n, "auto_failback");
        autoFailback = Optional.of(flag.map(on -> on ? "on" : "off").orElse("legacy"));
        findings.info(n, "auto_failback", "applies to resources; kept for the resource manager (io.tandem.crm autoFailback)");
    }

    private void niceFailback(int n, List<String> args) {
        if (!single(n, "nice_failback", args, "a boolean")) {
            return;
        }
        Optional<Boolean> flag = HeartbeatValues.parseBoolean(args.get(0));
        if (flag.isEmpty()) {
            findings.error(n, "nice_failback", "'" + args.get(0) + "' is not a boolean (on/off, yes/no, true/false, 1/0)");
            return;
        }
        repeated(n, "auto_failback");
        autoFailback = Optional.of(flag.get() ? "off" : "on");
        findings.info(n, "nice_failback", "old form of auto_failback (nice_failback on = auto_failback off); kept for"
                + " the resource manager (io.tandem.crm autoFailback)");
    }

    private void respawn(int n, List<String> args) {
        String program = args.size() >= 2 ? args.get(1) : "";
        if (program.endsWith("/ipfail") || program.equals("ipfail")) {
            findings.info(n, "respawn", "ipfail is not needed: Tandem's ping nodes replace ipfail (connectivity is"
                    + " published as the node attribute ping-connectivity)");
        } else {
            findings.warning(n, "respawn", "not imported: Tandem starts no helper processes; run "
                    + (program.isEmpty() ? "the program" : program) + " as a cluster resource or a systemd unit");
        }
    }

    private void crm(int n, String directive, List<String> args) {
        Optional<Boolean> flag = args.size() == 1 ? HeartbeatValues.parseBoolean(args.get(0)) : Optional.empty();
        if (flag.isPresent() && !flag.get()) {
            findings.warning(n, directive, "Tandem always runs its resource manager: resources from haresources must be"
                    + " imported into the CIB, which this importer does not do");
        } else {
            findings.info(n, directive, "Tandem always runs its (Pacemaker-compatible) resource manager");
        }
    }

    private void autojoin(int n, List<String> args) {
        if (args.size() == 1 && args.get(0).equalsIgnoreCase("none")) {
            findings.info(n, "autojoin", "Tandem admits only the nodes listed with node, as autojoin none does");
        } else {
            findings.warning(n, "autojoin", "not imported: Tandem admits only the nodes listed with node");
        }
    }

    private boolean single(int n, String directive, List<String> args, String what) {
        if (args.size() != 1) {
            findings.error(n, directive, "expects one value (" + what + "), got " + args.size());
            return false;
        }
        return true;
    }

    private void repeated(int n, String directive) {
        Integer earlier = firstLine.putIfAbsent(directive, n);
        lastLine.put(directive, n);
        if (earlier != null) {
            findings.warning(n, directive, "already set on line " + earlier + "; this line wins");
        }
    }

    /** Heartbeat's sanity checks, and warntime/initdead derived where Tandem's defaults would contradict deadtime. */
    private HaCf finish() {
        if (nodeLines.isEmpty()) {
            findings.error(0, "node", "no node listed: list every cluster node with 'node NAME' (as uname -n prints it)");
        }
        if (media.isEmpty()) {
            findings.error(0, "", "no heartbeat medium: add ucast, mcast or bcast lines (better two, on separate networks)");
        } else if (media.size() == 1) {
            findings.warning(mediaLines.get(0), media.get(0).substring(0, media.get(0).indexOf(' ')),
                    "only one heartbeat medium: a single heartbeat link is what causes split brain; add a second link"
                            + " on a separate network");
        }
        long keepAlive = times.getOrDefault("keepalive", DEFAULT_KEEPALIVE_MILLIS);
        long deadTime = times.getOrDefault("deadtime", DEFAULT_DEADTIME_MILLIS);
        OptionalLong warnTime = optional("warntime");
        OptionalLong initDead = optional("initdead");
        if (warnTime.isEmpty() && DEFAULT_WARNTIME_MILLIS >= deadTime) {
            warnTime = OptionalLong.of(deadTime / 2);
            findings.info(lineOf("deadtime"), "warntime", "not set; using half of deadtime ("
                    + warnTime.getAsLong() + " ms)");
        }
        if (initDead.isEmpty() && DEFAULT_INITDEAD_MILLIS < 2 * deadTime) {
            initDead = OptionalLong.of(2 * deadTime);
            findings.info(lineOf("deadtime"), "initdead", "not set; using twice deadtime ("
                    + initDead.getAsLong() + " ms)");
        }
        long warn = warnTime.orElse(DEFAULT_WARNTIME_MILLIS);
        long init = initDead.orElse(DEFAULT_INITDEAD_MILLIS);
        if (deadTime <= 2 * keepAlive) {
            findings.error(lineOf("deadtime", "keepalive"), "deadtime", "deadtime (" + deadTime + " ms) must be more than"
                    + " twice keepalive (" + keepAlive + " ms): heartbeat refuses this, and one lost heartbeat would"
                    + " declare a peer dead");
        }
        if (warn >= deadTime) {
            findings.error(lineOf("warntime", "deadtime"), "warntime", "warntime (" + warn + " ms) must be shorter than"
                    + " deadtime (" + deadTime + " ms)");
        } else if (warn <= keepAlive) {
            findings.warning(lineOf("warntime", "keepalive"), "warntime", "warntime (" + warn + " ms) is not longer"
                    + " than keepalive (" + keepAlive + " ms): every heartbeat would be reported late");
        }
        if (init < deadTime) {
            findings.error(lineOf("initdead", "deadtime"), "initdead", "initdead (" + init + " ms) must not be shorter"
                    + " than deadtime (" + deadTime + " ms)");
        } else if (init < 2 * deadTime) {
            findings.warning(lineOf("initdead", "deadtime"), "initdead", "initdead (" + init + " ms) should be at least"
                    + " twice deadtime (" + deadTime + " ms): after a reboot the network may take a while to work");
        }
        return new HaCf(List.copyOf(nodeLines.keySet()), optional("keepalive"), optional("deadtime"), warnTime, initDead,
                udpPort, media, compressionThresholdBytes, pingNodes, optional("deadping"), clusterName, autoFailback);
    }

    private OptionalLong optional(String directive) {
        Long value = times.get(directive);
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }

    /** The line of the first of these directives that is in the file, 0 (the whole file) if none. */
    private int lineOf(String... directives) {
        for (String directive : directives) {
            Integer line = lastLine.get(directive);
            if (line != null) {
                return line;
            }
        }
        return 0;
    }
}
