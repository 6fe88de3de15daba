package io.tandem.testkit.net;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Two network namespaces joined by a veth pair, 10.x/fd00 addresses only, unique names per run; close() deletes
 * them (which also deletes the veth pair). The peer accepts unsolicited ARP and NA into its neighbour table, so
 * an announcement is visible there without tcpdump.
 */
public final class NetworkNamespaces implements AutoCloseable {
    public final String main;
    public final String peer;
    public final String device = "tq0";
    public final String peerDevice = "tq1";
    public final String network;   // e.g. 10.201.7
    private final List<String> created = new ArrayList<>();

    private final String v6Prefix;

    /** {@code prefix} keeps test classes apart (names prefix-tag-pid), {@code octet} picks 10.octet.x.0/24. */
    private NetworkNamespaces(String prefix, int octet, String tag) {
        if (octet < 1 || octet > 254) {
            throw new IllegalArgumentException("second octet " + octet + " is not in 1..254");
        }
        long pid = ProcessHandle.current().pid();
        this.main = prefix + "-" + tag + "-" + pid;
        this.peer = main + "-p";
        this.network = "10." + octet + "." + (pid % 250);
        this.v6Prefix = "fd00:" + octet + "::";
    }

    /** Skips the calling test (JUnit assumption) unless we are root and iproute2's ip is installed. */
    public static void assumeRootWithIp() {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to create network namespaces: skipped");
        assumeTrue(Stream.of("/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip").anyMatch(p -> Files.isExecutable(Path.of(p))),
                "needs iproute2's ip: skipped");
    }

    public static NetworkNamespaces create(String prefix, int octet, String tag) throws Exception {
        assumeRootWithIp();
        NetworkNamespaces n = new NetworkNamespaces(prefix, octet, tag);
        try {
            n.sh("ip", "netns", "add", n.main);
            n.created.add(n.main);
            n.sh("ip", "netns", "add", n.peer);
            n.created.add(n.peer);
            n.sh("ip", "-n", n.main, "link", "add", n.device, "type", "veth", "peer", "name", n.peerDevice);
            n.sh("ip", "-n", n.main, "link", "set", n.peerDevice, "netns", n.peer);
            n.sh("ip", "-n", n.main, "addr", "add", n.network + ".1/24", "brd", "+", "dev", n.device);
            n.sh("ip", "-n", n.main, "addr", "add", n.v6Prefix + "1/64", "dev", n.device, "nodad");
            n.sh("ip", "-n", n.main, "link", "set", n.device, "up");
            n.sh("ip", "-n", n.main, "link", "set", "lo", "up");
            n.sh("ip", "-n", n.peer, "addr", "add", n.network + ".2/24", "brd", "+", "dev", n.peerDevice);
            n.sh("ip", "-n", n.peer, "addr", "add", n.v6Prefix + "2/64", "dev", n.peerDevice, "nodad");
            n.sh("ip", "-n", n.peer, "link", "set", n.peerDevice, "up");
            n.sh("ip", "netns", "exec", n.peer, "sysctl", "-q", "-w", "net.ipv4.conf.all.arp_accept=1",
                    "net.ipv4.conf." + n.peerDevice + ".arp_accept=1", "net.ipv6.conf.all.forwarding=1",
                    "net.ipv6.conf." + n.peerDevice + ".accept_untracked_na=1");
            return n;
        } catch (Exception | Error e) {
            n.close();
            throw e;
        }
    }

    /** The peer's neighbour entry for an address ("" if none), e.g. "10.201.3.10 dev tq1 lladdr aa:.. STALE". */
    public String peerNeighbour(String address) throws Exception {
        return sh("ip", "-n", peer, "neigh", "show", address).strip();
    }

    public String mac() throws Exception {
        String out = sh("ip", "-n", main, "-o", "link", "show", device);
        int i = out.indexOf("link/ether ");
        return out.substring(i + 11, i + 28);
    }

    public String sh(String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", argv) + " failed: " + out);
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        for (String ns : created) {
            new ProcessBuilder("ip", "netns", "del", ns).redirectErrorStream(true).start().waitFor(30, TimeUnit.SECONDS);
        }
        created.clear();
        for (String ns : List.of(main, peer)) {
            if (Files.exists(Path.of("/run/netns", ns))) {
                throw new IllegalStateException("network namespace " + ns + " was not deleted");
            }
        }
    }
}
