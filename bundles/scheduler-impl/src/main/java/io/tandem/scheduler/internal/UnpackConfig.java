package io.tandem.scheduler.internal;

import io.tandem.cib.CibElement;

/** Stage: cluster options from crm_config, rsc_defaults and op_defaults (unpack_config). */
final class UnpackConfig {
    private UnpackConfig() {
    }

    static void run(WorkingSet ws) {
        CibElement conf = ws.cib.configuration();
        Rules.Context ctx = new Rules.Context(null, null, ws.now, null, null);
        conf.child("crm_config").ifPresent(c -> Rules.unpackSets(c, "cluster_property_set", ctx, ws.config, false));
        conf.child("rsc_defaults").ifPresent(c -> Rules.unpackSets(c, "meta_attributes", ctx, ws.rscDefaults, false));
        conf.child("op_defaults").ifPresent(c -> Rules.unpackSets(c, "meta_attributes", ctx, ws.opDefaults, false));

        ws.haveQuorum = Rules.isTrue(ws.cib.root().attr("have-quorum"));
        ws.stonithEnabled = bool(ws, "stonith-enabled", true);
        if (bool(ws, "have-watchdog", false)) {
            // watchdog-based self-fencing (SBD) counts as a fencing device
            ws.haveStonithResource = true;
        }
        ws.symmetric = bool(ws, "symmetric-cluster", true);
        ws.startFailureIsFatal = bool(ws, "start-failure-is-fatal", true);
        ws.stopOrphanResources = bool(ws, "stop-orphan-resources", true);
        ws.stopOrphanActions = bool(ws, "stop-orphan-actions", true);
        ws.stopEverything = bool(ws, "stop-all-resources", false);
        ws.maintenanceMode = bool(ws, "maintenance-mode", false);
        ws.startupFencing = bool(ws, "startup-fencing", true);
        ws.startupProbes = bool(ws, "enable-startup-probes", true);
        ws.concurrentFencing = bool(ws, "concurrent-fencing", false);
        ws.shutdownLock = bool(ws, "shutdown-lock", false);
        if (ws.shutdownLock) {
            ws.shutdownLockSeconds = Rules.parseIntervalMs(ws.config.getOrDefault("shutdown-lock-limit", "0")) / 1000;
        }
        ws.stonithAction = ws.config.getOrDefault("stonith-action", "reboot");
        if ("poweroff".equals(ws.stonithAction)) {
            ws.stonithAction = "off";
        }
        ws.placementStrategy = ws.config.getOrDefault("placement-strategy", "default");
        String nq = ws.config.getOrDefault("no-quorum-policy", "stop");
        switch (nq) {
            case "ignore":
            case "freeze":
            case "demote":
            case "stop":
                ws.noQuorumPolicy = nq;
                break;
            case "suicide":
                // a partition that never had quorum (and is not told to panic) only stops
                boolean panic = ws.haveQuorum || Scores.parse(ws.cib.root().attr("no-quorum-panic", "0")) != 0;
                ws.noQuorumPolicy = ws.stonithEnabled && panic ? "suicide" : "stop";
                break;
            default:
                ws.noQuorumPolicy = "stop";
        }
        if (ws.config.containsKey("default-resource-stickiness") && !ws.rscDefaults.containsKey("resource-stickiness")) {
            ws.rscDefaults.put("resource-stickiness", ws.config.get("default-resource-stickiness"));
        }
        if (ws.config.containsKey("is-managed-default") && !ws.rscDefaults.containsKey("is-managed")) {
            ws.rscDefaults.put("is-managed", ws.config.get("is-managed-default"));
        }
    }

    private static boolean bool(WorkingSet ws, String name, boolean dflt) {
        String v = ws.config.get(name);
        return v == null ? dflt : Rules.isTrue(v);
    }
}
