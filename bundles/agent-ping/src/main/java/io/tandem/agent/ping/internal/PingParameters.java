package io.tandem.agent.ping.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** ocf:pacemaker:ping's parameters, checked; problems are IllegalArgumentExceptions naming the parameter. */
record PingParameters(List<String> hosts, long multiplier, Duration dampen, String name, int attempts, int timeoutSeconds,
                      List<String> options, OptionalLong failureScore, boolean debug, Path stateFile) {
    private static final Pattern DURATION = Pattern.compile("([0-9]+)\\s*(ms|msec|s|sec|m|min|h|hr)?");

    static PingParameters parse(Map<String, String> p, Path defaultStateFile) {
        List<String> hosts = words(value(p, "host_list"));
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("host_list: empty. Please specify some nodes to ping");
        }
        for (String h : hosts) {
            if (h.startsWith("-")) {
                throw new IllegalArgumentException("host_list: '" + h + "' is not a host");
            }
        }
        long multiplier = integer(p, "multiplier", 1);
        Duration dampen = duration(value(p, "dampen").isEmpty() ? "5s" : value(p, "dampen"));
        String name = value(p, "name").isEmpty() ? "pingd" : value(p, "name");
        if (name.chars().anyMatch(c -> c <= ' ')) {
            throw new IllegalArgumentException("name: '" + name + "' must not contain blanks");
        }
        long attempts = integer(p, "attempts", 3);
        if (attempts < 1 || attempts > 1000) {
            throw new IllegalArgumentException("attempts: must be 1..1000, not " + attempts);
        }
        long timeout = integer(p, "timeout", 2);
        if (timeout < 1 || timeout > 3600) {
            throw new IllegalArgumentException("timeout: must be 1..3600 seconds, not " + timeout);
        }
        OptionalLong failureScore = value(p, "failure_score").isEmpty() ? OptionalLong.empty()
                : OptionalLong.of(integer(p, "failure_score", 0));
        String debugText = value(p, "debug").toLowerCase(java.util.Locale.ROOT);
        boolean debug = debugText.equals("true") || debugText.equals("yes") || debugText.equals("1") || debugText.equals("verbose");
        String pidfile = value(p, "pidfile");
        Path state = pidfile.isEmpty() ? defaultStateFile : Path.of(pidfile);
        if (!state.isAbsolute() || state.getParent() == null) {
            throw new IllegalArgumentException("pidfile: must be an absolute file path, not '" + pidfile + "'");
        }
        return new PingParameters(List.copyOf(hosts), multiplier, dampen, name, (int) attempts, (int) timeout,
                words(value(p, "options")), failureScore, debug, state);
    }

    /** Pacemaker's durations: a number with an optional unit; no unit means seconds. */
    static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(java.util.Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("dampen: '" + text + "' is not a duration (e.g. 5s, 500ms, 1m)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms", "msec" -> Duration.ofMillis(n);
            case "m", "min" -> Duration.ofMinutes(n);
            case "h", "hr" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }

    private static long integer(Map<String, String> p, String name, long fallback) {
        String text = value(p, name);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": '" + text + "' is not an integer");
        }
    }

    private static List<String> words(String text) {
        return text.isBlank() ? List.of() : Arrays.asList(text.trim().split("\\s+"));
    }

    private static String value(Map<String, String> p, String name) {
        String v = p.get(name);
        return v == null ? "" : v.trim();
    }
}
