package io.tandem.scheduler.internal;

import io.tandem.cib.Cib;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** The scheduler pipeline: named stages from a CIB and a time to scores, a transition and its simulation. */
final class PolicyEngine {
    record Result(String text, List<String> scoreLines, List<String> summary, List<String> executed, String graphXml) {
    }

    private PolicyEngine() {
    }

    /** The stages that only read the CIB (cluster_status): enough to render a status. */
    static WorkingSet unpack(Cib cib, long now) {
        WorkingSet ws = new WorkingSet(cib, now);
        UnpackConfig.run(ws);
        UnpackNodes.run(ws);
        UnpackResources.run(ws);
        UnpackStatus status = UnpackStatus.run(ws);
        ws.statusRef = status;
        applyTargetRoles(ws);
        return ws;
    }

    private static void applyTargetRoles(WorkingSet ws) {
        for (Resource r : ws.byId.values()) {
            if (!r.isPrimitive()) {
                continue;
            }
            String tr = r.meta.get("target-role");
            if (tr == null) {
                continue;
            }
            Role req = Role.parse(tr);
            if (req == Role.UNKNOWN) {
                continue;
            }
            if (req == Role.STARTED && r.inClone() && r.cloneParent().promotable) {
                continue;
            }
            if (Promotable.ignoresTargetRole(r, req)) {
                continue;
            }
            if (r.nextRole == Role.UNKNOWN || req.below(r.nextRole)) {
                r.nextRole = req;
            }
        }
    }

    /** A scheduled transition: the working set after every stage, the summary and the planned (not executed) graph. */
    record Planned(WorkingSet ws, List<String> summary, GraphSimulation sim) {
    }

    /** The scheduling stages after unpacking, up to the graph's actions and inputs; nothing is simulated. */
    static Planned plan(WorkingSet ws) {
        new Fencing(ws, new Actions(ws, ws.statusRef)).createUnpackedFenceOps();

        Constraints.run(ws);
        Fencing.applyShutdownLocks(ws, new Actions(ws, ws.statusRef));
        NodeHealth.apply(ws);
        NodeCriteria.run(ws);
        InternalConstraints.run(ws);
        ConfigChanges.run(ws, new Actions(ws, ws.statusRef));
        Assign.run(ws);

        Actions acts = new Actions(ws, ws.statusRef);
        new Probes(ws, acts).run();
        ConfigChanges.clearOrphanFailcounts(ws, acts);
        for (Resource r : ws.byId.values()) {
            if (r.isClone()) {
                r.children.sort((a, b) -> Integer.compare(a.instance, b.instance));
            }
        }
        CollectiveActions ca = new CollectiveActions(acts);
        for (Resource r : ws.resources) {
            ca.create(r);
        }
        new Fencing(ws, acts).run();
        new Orderings(ws, acts).apply();
        ConfigChanges.cancelSupersededReloads(ws);
        new Notifications(ws, acts).createNotifyActions();

        List<String> summary = new TransitionSummary(ws).run();
        GraphSimulation sim = new GraphSimulation(ws);
        sim.plan();
        return new Planned(ws, summary, sim);
    }

    /** The controller's path: the pipeline without rendering or simulating the transition. */
    static Planned schedule(Cib cib, Instant now) {
        return plan(unpack(cib, now.getEpochSecond()));
    }

    static Result run(Cib cib, Instant now) {
        long t = now.getEpochSecond();
        WorkingSet ws = unpack(cib, t);
        String current = new StatusRenderer(ws).render();
        String preamble = new StatusRenderer(ws).preamble();
        Planned planned = plan(ws);
        List<String> summary = planned.summary();
        GraphSimulation sim = planned.sim();
        sim.execute();
        WorkingSet revised = unpack(sim.revisedCib(), t);
        String after = new StatusRenderer(revised).render();

        StringBuilder text = new StringBuilder();
        String dateLine = "";
        String exec = cib.root().attr("execution-date");
        if (exec != null && !exec.isBlank()) {
            try {
                Instant e = Instant.ofEpochSecond(Long.parseLong(exec.trim()));
                dateLine = "Using the original execution date of: "
                        + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC).format(e) + "\n";
            } catch (NumberFormatException ex) {
                // EffectiveTime reports a bad execution-date to the caller
            }
        }
        text.append(dateLine);
        text.append(preamble);
        text.append("Current cluster status:\n").append(current).append("\n");
        text.append("Transition Summary:\n");
        for (String s : summary) {
            text.append(s).append("\n");
        }
        text.append("\nExecuting Cluster Transition:\n");
        for (String s : sim.lines) {
            text.append(s).append("\n");
        }
        // crm_simulate repeats the date line when it reloads the CIB to run the transition
        text.append(dateLine);
        text.append("\nRevised Cluster Status:\n").append(after);
        List<String> scores = new ArrayList<>(ws.scoreLines);
        return new Result(text.toString(), scores, summary, sim.lines, GraphXml.write(ws, sim.graph, sim.inputs));
    }
}
