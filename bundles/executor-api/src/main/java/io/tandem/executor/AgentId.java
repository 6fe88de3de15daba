package io.tandem.executor;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An agent's full name as Pacemaker writes it: {@code ocf:heartbeat:IPaddr2}, {@code lsb:rsync},
 * {@code systemd:nginx.service}. The provider is empty for classes without providers (lsb, systemd, service).
 */
public record AgentId(String standard, String provider, String type) {
    /** Standards whose agents are grouped by provider. */
    public static final String OCF = "ocf";
    public static final String LSB = "lsb";
    public static final String SYSTEMD = "systemd";

    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_.@+-][A-Za-z0-9_.@+:-]*");

    public AgentId {
        Objects.requireNonNull(standard, "standard");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(type, "type");
        if (!WORD.matcher(standard).matches() || standard.contains(":")) {
            throw new IllegalArgumentException("invalid agent class '" + standard + "'");
        }
        if (!provider.isEmpty() && (!WORD.matcher(provider).matches() || provider.contains(":"))) {
            throw new IllegalArgumentException("invalid agent provider '" + provider + "'");
        }
        if (!WORD.matcher(type).matches() || type.contains("/")) {
            throw new IllegalArgumentException("invalid agent type '" + type + "'");
        }
        if (OCF.equals(standard) && provider.isEmpty()) {
            throw new IllegalArgumentException("ocf agents need a provider: ocf:PROVIDER:" + type);
        }
    }

    /**
     * Parses {@code CLASS:PROVIDER:TYPE} or {@code CLASS:TYPE}. Only ocf takes a provider; for other classes
     * everything after the first colon is the type (systemd unit names such as {@code foo@bar:baz} are rare
     * but legal).
     */
    public static AgentId parse(String spec) {
        Objects.requireNonNull(spec, "spec");
        String s = spec.trim();
        int first = s.indexOf(':');
        if (first <= 0 || first == s.length() - 1) {
            throw new IllegalArgumentException("agent '" + spec + "' is not CLASS:PROVIDER:TYPE or CLASS:TYPE");
        }
        String standard = s.substring(0, first);
        String rest = s.substring(first + 1);
        if (OCF.equals(standard) || rest.indexOf(':') > 0 && !SYSTEMD.equals(standard)) {
            int second = rest.indexOf(':');
            if (second <= 0 || second == rest.length() - 1) {
                throw new IllegalArgumentException("agent '" + spec + "' needs CLASS:PROVIDER:TYPE");
            }
            return new AgentId(standard, rest.substring(0, second), rest.substring(second + 1));
        }
        return new AgentId(standard, "", rest);
    }

    public boolean hasProvider() {
        return !provider.isEmpty();
    }

    @Override
    public String toString() {
        return provider.isEmpty() ? standard + ":" + type : standard + ":" + provider + ":" + type;
    }
}
