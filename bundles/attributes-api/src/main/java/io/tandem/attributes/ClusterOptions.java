package io.tandem.attributes;

import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Cluster-wide options that crm_attribute reaches with {@code --type crm_config} (and without --node), such as
 * the replication info the mysql agent publishes. Kept with the permanent node attributes; the controller
 * moves them into the CIB's crm_config section.
 *
 * @since 1.1
 */
@ProviderType
public interface ClusterOptions {
    Optional<String> option(String name);

    Map<String, String> options();

    void setOption(String name, String value);

    /** @return whether the option existed */
    boolean deleteOption(String name);
}
