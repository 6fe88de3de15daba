package io.tandem.messaging.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One heartbeat medium line: {@code ucast DEV PEER[:PORT]}, {@code mcast DEV GROUP PORT TTL LOOP},
 * {@code bcast DEV}, as in ha.cf (one device per {@code bcast} line) and the {@code media} setting of
 * {@code io.tandem.messaging}. {@code PEER:PORT} is a Tandem extension that lets several nodes share one host.
 */
public sealed interface Medium {
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

    /** A network device name as Linux spells it: at most 15 characters (IFNAMSIZ - 1). */
    Pattern DEVICE = Pattern.compile("[A-Za-z0-9_.:@-]{1,15}");

    /**
     * Parses the {@code media} setting. Each element may hold several lines separated by newlines or commas
     * (a Karaf .cfg file holds only one string per key).
     *
     * @throws MediumException naming the line ({@code media line N}) and the field
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

    /**
     * Parses one medium line.
     *
     * @param udpPort the port of {@code bcast} media and of {@code ucast} peers without {@code :PORT}
     * @param where names the line in the exception's message, such as {@code media line 2}
     * @throws MediumException naming the field that is wrong
     */
    static Medium parse(String line, int udpPort, String where) {
        String[] t = line.strip().split("\\s+");
        String normalised = String.join(" ", t);
        switch (t[0]) {
            case "ucast" -> {
                if (t.length != 3) {
                    throw new MediumException(where, normalised, "expected 'ucast DEV PEER[:PORT]'" + got(t));
                }
                String host = t[2];
                int port = udpPort;
                int colon = host.lastIndexOf(':');
                if (colon >= 0) {
                    port = number(where, normalised, "PORT", host.substring(colon + 1), 1, 65535);
                    host = host.substring(0, colon);
                }
                if (!Addresses.isAddressOrHostName(host)) {
                    throw new MediumException(where, normalised, "PEER '" + t[2] + "' is not an IPv4 address or host name");
                }
                return new Ucast(normalised, device(where, normalised, t[1]), host, port);
            }
            case "mcast" -> {
                if (t.length != 6) {
                    throw new MediumException(where, normalised, "expected 'mcast DEV GROUP PORT TTL LOOP'" + got(t));
                }
                if (!Addresses.isIpv4Multicast(t[2])) {
                    throw new MediumException(where, normalised, "GROUP '" + t[2]
                            + "' is not an IPv4 multicast address (224.0.0.0-239.255.255.255)");
                }
                int port = number(where, normalised, "PORT", t[3], 1, 65535);
                // heartbeat's range: a TTL of 0 would keep heartbeats on this host.
                int ttl = number(where, normalised, "TTL", t[4], 1, 255);
                int loop = number(where, normalised, "LOOP", t[5], 0, 1);
                return new Mcast(normalised, device(where, normalised, t[1]), t[2], port, ttl, loop == 1);
            }
            case "bcast" -> {
                if (t.length != 2) {
                    throw new MediumException(where, normalised, "expected 'bcast DEV' (one device per line)" + got(t));
                }
                return new Bcast(normalised, device(where, normalised, t[1]), udpPort);
            }
            default -> throw new MediumException(where, normalised, "unknown medium '" + t[0]
                    + "': expected ucast, mcast or bcast");
        }
    }

    private static String got(String[] tokens) {
        return ", got " + (tokens.length - 1) + " argument(s)";
    }

    private static String device(String where, String line, String dev) {
        if (!DEVICE.matcher(dev).matches()) {
            throw new MediumException(where, line, "DEV '" + dev + "' is not a network device name");
        }
        return dev;
    }

    private static int number(String where, String line, String field, String s, int min, int max) {
        try {
            int v = Integer.parseInt(s);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new MediumException(where, line, field + " '" + s + "' must be a number in " + min + ".." + max);
    }
}
