package io.tandem.scheduler.internal;

/** Pseudo-actions of groups, clones and promotable clones (pcmk__group_create_actions, pcmk__create_instance_actions). */
final class CollectiveActions {
    private final Actions acts;
    private final PrimitiveActions primitives;

    CollectiveActions(Actions acts) {
        this.acts = acts;
        this.primitives = new PrimitiveActions(acts);
    }

    void create(Resource rsc) {
        switch (rsc.variant) {
            case PRIMITIVE:
                primitives.create(rsc);
                break;
            case GROUP:
                for (Resource m : rsc.children) {
                    create(m);
                }
                acts.pseudo(rsc, "start", true, true);
                acts.pseudo(rsc, "running", true, true);
                acts.pseudo(rsc, "stop", true, true);
                acts.pseudo(rsc, "stopped", true, true);
                if (Rules.isTrue(rsc.meta.get("promotable")) || rsc.isPromotableInstanceOrChild()) {
                    acts.pseudo(rsc, "demote", true, true);
                    acts.pseudo(rsc, "demoted", true, true);
                    acts.pseudo(rsc, "promote", true, true);
                    acts.pseudo(rsc, "promoted", true, true);
                }
                break;
            case CLONE:
                clone(rsc);
                break;
            default:
                break;
        }
    }

    private static final int ACTIVE = 1;
    private static final int STARTING = 2;
    private static final int STOPPING = 4;
    private static final int RESTARTING = 8;

    private void clone(Resource rsc) {
        int state = 0;
        for (Resource inst : rsc.children) {
            create(inst);
            state |= instanceState(inst);
        }
        acts.pseudo(rsc, "start", (state & STARTING) == 0, true);
        Action started = acts.pseudo(rsc, "running", (state & STARTING) == 0, false);
        if ((state & (ACTIVE | STARTING)) != 0) {
            started.runnable = true;
        }
        Action stop = acts.pseudo(rsc, "stop", (state & STOPPING) == 0, true);
        acts.pseudo(rsc, "stopped", (state & STOPPING) == 0, true);
        if ((state & RESTARTING) == 0) {
            // dependents may still migrate while no instance restarts
            stop.migrateRunnable = true;
        }
        if (rsc.promotable) {
            boolean promoting = false;
            boolean demoting = false;
            for (Resource inst : rsc.children) {
                for (Resource p : inst.primitives()) {
                    for (Action a : p.actions) {
                        if (a.optional) {
                            continue;
                        }
                        if ("demote".equals(a.task)) {
                            demoting = true;
                        } else if ("promote".equals(a.task)) {
                            promoting = true;
                        }
                    }
                }
            }
            acts.pseudo(rsc, "promote", !promoting, true);
            acts.pseudo(rsc, "promoted", !promoting, true);
            acts.pseudo(rsc, "demote", !demoting, true);
            acts.pseudo(rsc, "demoted", !demoting, true);
        }
        new Notifications(acts.ws, acts).createPseudoOps(rsc);
    }

    private static int instanceState(Resource inst) {
        if (!inst.isPrimitive()) {
            int s = 0;
            for (Resource c : inst.children) {
                s |= instanceState(c);
            }
            return s;
        }
        int s = 0;
        if (!inst.runningOn.isEmpty()) {
            s |= ACTIVE;
        }
        for (Action a : inst.actions) {
            if ("start".equals(a.task) && !a.optional && a.runnable) {
                s |= STARTING;
            } else if ("stop".equals(a.task) && !a.optional && (a.pseudo || a.runnable)) {
                s |= STOPPING;
            }
        }
        if ((s & (STARTING | STOPPING)) == (STARTING | STOPPING)) {
            s |= RESTARTING;
        }
        return s;
    }
}
