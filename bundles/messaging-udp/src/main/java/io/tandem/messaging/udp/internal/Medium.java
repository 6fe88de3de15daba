package io.tandem.messaging.udp.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** One heartbeat medium line from ha.cf: {@code ucast DEV PEER[:PORT]}, {@code mcast DEV GROUP PORT TTL LOOP}, {@code bcast DEV}. */
sealed interface Medium {
    /** The configuration line, normalised to single spaces. */
    String line();

    String device();

    /** Stable link name, e.g. {@code ucast:eth1:10.1.1.2}. */
    String name();

    record Ucast(String line, String device, String host, int port) implements Medium {
        @Override
        public String name() {
            return "ucast:" + device + ":" + host + (line.contains(host + ":") ? ":" + port : "");
        }
    }

    record Mcast(String line, String device, String group, int port, int ttl, boolean loop) implements Medium {
        @Override
        public String name() {
            return "mcast:" + device + ":" + group;
        }
    }

    record Bcast(String line, String device, int port) implements Medium {
        @Override
        public String name() {
            return "bcast:" + device;
        }
    }

    Pattern DEVICE = Pattern.compile("[A-Za-z0-9_.:@-]{1,15}");
    Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    /**
     * Parses the {@code media} setting. Each element may hold several lines separated by newlines or commas
     * (a Karaf .cfg file holds only one string per key).
     *
     * @throws IllegalArgumentException naming the property, the line and the field
     */
    static List<Medium> parseAll(String[] media, int udpPort) {
        List<Medium> result = new ArrayList<>();
        int lineNo = 0;
        for (String element : media == null ? new String[0] : media) {
            for (String raw : element.split("[,\n]")) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                lineNo++;
                result.add(parse(line, udpPort, "media line " + lineNo));
            }
        }
        return result;
    }

    static Medium parse(String line, int udpPort, String where) {
        String[] t = line.strip().split("\\s+");
        String normalised = String.join(" ", t);
        String prefix = where + " '" + normalised + "': ";
        switch (t[0]) {
            case "ucast" -> {
                if (t.length != 3) {
                    throw new IllegalArgumentException(prefix + "expected 'ucast DEV PEER[:PORT]'");
                }
                String host = t[2];
                int port = udpPort;
                int colon = host.lastIndexOf(':');
                if (colon >= 0) {
                    port = port(prefix, "PORT", host.substring(colon + 1));
                    host = host.substring(0, colon);
                }
                if (host.isEmpty() || !host.matches("[A-Za-z0-9._-]+")) {
                    throw new IllegalArgumentException(prefix + "PEER '" + t[2] + "' is not an IPv4 address or host name");
                }
                return new Ucast(normalised, device(prefix, t[1]), host, port);
            }
            case "mcast" -> {
                if (t.length != 6) {
                    throw new IllegalArgumentException(prefix + "expected 'mcast DEV GROUP PORT TTL LOOP'");
                }
                var m = IPV4.matcher(t[2]);
                int first = m.matches() ? Integer.parseInt(m.group(1)) : -1;
                if (first < 224 || first > 239 || !validIpv4(m)) {
                    throw new IllegalArgumentException(prefix + "GROUP '" + t[2] + "' is not an IPv4 multicast address (224.0.0.0-239.255.255.255)");
                }
                int port = port(prefix, "PORT", t[3]);
                int ttl = number(prefix, "TTL", t[4], 0, 255);
                int loop = number(prefix, "LOOP", t[5], 0, 1);
                return new Mcast(normalised, device(prefix, t[1]), t[2], port, ttl, loop == 1);
            }
            case "bcast" -> {
                if (t.length != 2) {
                    throw new IllegalArgumentException(prefix + "expected 'bcast DEV' (one device per line)");
                }
                return new Bcast(normalised, device(prefix, t[1]), udpPort);
            }
            default -> throw new IllegalArgumentException(prefix + "unknown medium '" + t[0] + "': expected ucast, mcast or bcast");
        }
    }

    private static boolean validIpv4(java.util.regex.Matcher m) {
        for (int i = 1; i <= 4; i++) {
            if (Integer.parseInt(m.group(i)) > 255) {
                return false;
            }
        }
        return true;
    }

    private static String device(String prefix, String dev) {
        if (!DEVICE.matcher(dev).matches()) {
            throw new IllegalArgumentException(prefix + "DEV '" + dev + "' is not a network device name");
        }
        return dev;
    }

    private static int port(String prefix, String field, String s) {
        return number(prefix, field, s, 1, 65535);
    }

    private static int number(String prefix, String field, String s, int min, int max) {
        try {
            int v = Integer.parseInt(s);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(prefix + field + " '" + s + "' must be a number in " + min + ".." + max);
    }
}
