package io.tandem.membership.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One ping node ({@code ping 10.0.0.254}) or ping group ({@code ping_group g1 10.0.0.254 10.0.0.253}): a
 * pseudo-member whose reachability stands for this node's connectivity to the outside world.
 */
public record PingTarget(String name, List<String> addresses, boolean group) {
    public PingTarget {
        Objects.requireNonNull(name, "name");
        addresses = List.copyOf(addresses);
        if (name.isBlank() || addresses.isEmpty()) {
            throw new IllegalArgumentException("ping target needs a name and at least one address");
        }
        if (!group && (addresses.size() != 1 || !addresses.get(0).equals(name))) {
            throw new IllegalArgumentException("a single ping node is named by its address: " + name + " " + addresses);
        }
    }

    /**
     * Parses one ha.cf line. {@code ping A B} declares two independent ping nodes, as heartbeat reads it;
     * {@code ping_group NAME A B} one group that is up while any member answers.
     */
    public static List<PingTarget> parse(String line) {
        String[] words = line.trim().split("\\s+");
        String directive = words[0];
        List<String> args = Arrays.asList(words).subList(1, words.length);
        switch (directive) {
            case "ping" -> {
                if (args.isEmpty()) {
                    throw new IllegalArgumentException("pingNodes: 'ping' needs at least one address: '" + line + "'");
                }
                List<PingTarget> nodes = new ArrayList<>();
                for (String address : args) {
                    nodes.add(new PingTarget(address, List.of(address), false));
                }
                return nodes;
            }
            case "ping_group" -> {
                if (args.size() < 2) {
                    throw new IllegalArgumentException("pingNodes: 'ping_group' needs a name and at least one address: '"
                            + line + "'");
                }
                return List.of(new PingTarget(args.get(0), args.subList(1, args.size()), true));
            }
            default -> throw new IllegalArgumentException("pingNodes: expected 'ping ADDR...' or 'ping_group NAME ADDR...', got '"
                    + line + "'");
        }
    }
}
