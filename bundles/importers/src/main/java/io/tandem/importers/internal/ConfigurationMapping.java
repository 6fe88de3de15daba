package io.tandem.importers.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** Maps an ha.cf onto the configuration contract's PIDs and keys (Tandem's units, ConfigAdmin types). */
final class ConfigurationMapping {
    static final String MESSAGING_PID = "io.tandem.messaging";
    static final String MEMBERSHIP_PID = "io.tandem.membership";
    static final String CRM_PID = "io.tandem.crm";
    /** Where the imported authkeys go, relative to karaf.base; the messaging default. */
    static final String AUTH_KEYS_FILE = "etc/authkeys";

    private ConfigurationMapping() {
    }

    /**
     * The properties an import sets. Lists (nodes, media, ping nodes) are always set, because the ha.cf names all
     * of them: a ping node missing from the file is no longer a ping node. Scalars are set only when the file
     * sets (or, for warntime and initdead, implies) them, so settings ha.cf has no word for are left alone.
     */
    static Map<String, Map<String, Object>> toConfigurations(HaCf haCf) {
        Map<String, Object> messaging = new LinkedHashMap<>();
        Map<String, Object> membership = new LinkedHashMap<>();
        Map<String, Object> crm = new LinkedHashMap<>();

        haCf.clusterName().ifPresent(name -> messaging.put("clusterName", name));
        haCf.udpPort().ifPresent(port -> messaging.put("udpPort", port));
        messaging.put("media", haCf.media().toArray(String[]::new));
        messaging.put("authKeysFile", AUTH_KEYS_FILE);
        haCf.keepAliveMillis().ifPresent(ms -> messaging.put("keepAliveMillis", ms));
        haCf.deadTimeMillis().ifPresent(ms -> messaging.put("linkDeadTimeMillis", ms));
        haCf.compressionThresholdBytes().ifPresent(bytes -> messaging.put("compressionThresholdBytes", bytes));

        membership.put("nodes", haCf.nodes().toArray(String[]::new));
        haCf.deadTimeMillis().ifPresent(ms -> membership.put("deadTimeMillis", ms));
        haCf.warnTimeMillis().ifPresent(ms -> membership.put("warnTimeMillis", ms));
        haCf.initDeadMillis().ifPresent(ms -> membership.put("initDeadMillis", ms));
        membership.put("pingNodes", haCf.pingNodes().toArray(String[]::new));
        haCf.deadPingMillis().ifPresent(ms -> membership.put("deadPingMillis", ms));

        haCf.autoFailback().ifPresent(value -> crm.put("autoFailback", value));

        Map<String, Map<String, Object>> result = new LinkedHashMap<>();
        result.put(MESSAGING_PID, messaging);
        result.put(MEMBERSHIP_PID, membership);
        if (!crm.isEmpty()) {
            result.put(CRM_PID, crm);
        }
        return result;
    }
}
