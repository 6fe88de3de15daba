package io.tandem.executor;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The agents available on this node: external ones found on disk (OCF providers under the OCF agent path,
 * LSB init scripts, systemd units when systemd runs) and Java agents registered as
 * {@link io.tandem.executor.spi.ResourceAgent} services. Lists are sorted.
 */
@ProviderType
public interface AgentRegistry {
    /** Agent classes (standards) with at least one agent: ocf, lsb, systemd, ... */
    List<String> classes();

    /** Providers of an agent class; empty for classes without providers. */
    List<String> providers(String agentClass);

    /** Agents of a class, optionally of one provider ({@code null} or empty: all providers). */
    List<AgentId> agents(String agentClass, String provider);

    boolean exists(AgentId agent);

    /** Whether the agent is a Java agent (a service) rather than an external program. */
    boolean isJavaAgent(AgentId agent);

    /** The program run for an external agent (for systemd: systemctl); empty for Java agents and missing ones. */
    Optional<java.nio.file.Path> executable(AgentId agent);

    /**
     * The agent's parsed meta-data, cached (external agents: until the agent file changes). Empty if the agent
     * does not exist.
     *
     * @throws AgentMetadataException if the agent exists but its meta-data cannot be obtained or parsed
     */
    Optional<AgentMetadata> metadata(AgentId agent);
}
