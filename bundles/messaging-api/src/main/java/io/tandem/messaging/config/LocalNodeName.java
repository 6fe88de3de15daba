package io.tandem.messaging.config;

import io.tandem.common.NodeId;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The one answer to "what is this node called" for every subsystem: a component's own setting, else
 * messaging's {@code nodeName} (the name peers know the node by), else the host name as {@code uname -n}
 * prints it. Agents see it as OCF_RESKEY_CRM_meta_on_node and crm_node -n; attributes are stored under it.
 */
public final class LocalNodeName {
    /** The messaging component's configuration PID, which holds {@code nodeName}. */
    public static final String MESSAGING_PID = "io.tandem.messaging";

    private LocalNodeName() {
    }

    /** Reads the host name; injectable for tests. */
    @FunctionalInterface
    public interface HostName {
        String get() throws IOException;
    }

    /** Resolves with messaging's configuration read through ConfigAdmin (null when there is none). */
    public static String resolve(String configured, ConfigurationAdmin configAdmin) {
        return choose(configured, messagingNodeName(configAdmin), LocalNodeName::hostName);
    }

    /** Configured name, else messaging's, else the host name; always a valid {@link NodeId} name. */
    public static String choose(String configured, String messaging, HostName host) {
        String name = configured != null && !configured.isBlank() ? configured.trim()
                : messaging != null && !messaging.isBlank() ? messaging.trim() : null;
        if (name == null) {
            try {
                name = host.get().strip();
            } catch (IOException e) {
                throw new IllegalArgumentException("nodeName is empty and the host name cannot be read: " + e.getMessage(), e);
            }
        }
        try {
            return NodeId.of(name).name();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("nodeName: " + e.getMessage(), e);
        }
    }

    /** What {@code uname -n} prints. */
    public static String hostName() throws IOException {
        Path proc = Path.of("/proc/sys/kernel/hostname");
        if (Files.isReadable(proc)) {
            return Files.readString(proc, StandardCharsets.US_ASCII).strip();
        }
        return InetAddress.getLocalHost().getHostName();
    }

    private static String messagingNodeName(ConfigurationAdmin configAdmin) {
        if (configAdmin == null) {
            return null;
        }
        try {
            Configuration[] found = configAdmin.listConfigurations("(service.pid=" + MESSAGING_PID + ")");
            if (found != null && found.length > 0) {
                Dictionary<String, Object> props = found[0].getProperties();
                if (props != null && props.get("nodeName") instanceof String s) {
                    return s;
                }
            }
            return null;
        } catch (IOException | org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException("cannot read " + MESSAGING_PID + "'s nodeName: " + e.getMessage(), e);
        }
    }
}
