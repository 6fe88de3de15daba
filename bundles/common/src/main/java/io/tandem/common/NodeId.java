package io.tandem.common;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A cluster node's name, as {@code uname -n} prints it and as ha.cf's {@code node} directive names it.
 * Names compare case-sensitively (as Pacemaker does) and order the members of a view.
 */
public record NodeId(String name) implements Comparable<NodeId> {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,252}");

    public NodeId {
        Objects.requireNonNull(name, "name");
        if (!VALID.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid node name '" + name
                    + "': use letters, digits, '.', '_' and '-' (at most 253 characters, starting with a letter or digit)");
        }
    }

    public static NodeId of(String name) {
        return new NodeId(name);
    }

    @Override
    public int compareTo(NodeId other) {
        return name.compareTo(other.name);
    }

    @Override
    public String toString() {
        return name;
    }
}
