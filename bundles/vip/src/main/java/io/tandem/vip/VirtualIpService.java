package io.tandem.vip;

import org.osgi.annotation.versioning.ProviderType;

/** Entry point: the IP stack of the host's network namespace, or of a named one (as {@code ip netns} names them). */
@ProviderType
public interface VirtualIpService {
    /** The namespace the node runs in. */
    IpStack host();

    /**
     * A named network namespace ({@code /run/netns/NAME}), as IPaddr2's {@code network_namespace} parameter
     * uses it: every command runs inside it, the JVM's own namespace is untouched.
     *
     * @throws IllegalArgumentException if the name cannot be a namespace name (empty, '/', "." or "..")
     */
    IpStack namespace(String name);
}
