package io.tandem.scheduler.internal;

import static io.tandem.scheduler.internal.Constraints.IMPLIES_FIRST_PRINTED;
import static io.tandem.scheduler.internal.Constraints.IMPLIES_THEN;
import static io.tandem.scheduler.internal.Constraints.IMPLIES_THEN_PRINTED;
import static io.tandem.scheduler.internal.Constraints.OPTIONAL;
import static io.tandem.scheduler.internal.Constraints.PROMOTED_IMPLIES_FIRST;
import static io.tandem.scheduler.internal.Constraints.RESTART;
import static io.tandem.scheduler.internal.Constraints.RUNNABLE_LEFT;

/** Stage: the implicit orderings and colocations of every resource (pcmk__create_internal_constraints). */
final class InternalConstraints {
    private final WorkingSet ws;

    private InternalConstraints(WorkingSet ws) {
        this.ws = ws;
    }

    static void run(WorkingSet ws) {
        InternalConstraints ic = new InternalConstraints(ws);
        for (Resource r : ws.resources) {
            ic.internal(r);
        }
    }

    private void order(Resource first, String firstTask, Resource then, String thenTask, int flags) {
        ws.orderings.add(new WorkingSet.OrderingSpec(first, Actions.key(first, firstTask, 0), null, then, Actions.key(then, thenTask, 0), null, flags));
    }

    private void internal(Resource rsc) {
        switch (rsc.variant) {
            case PRIMITIVE:
                primitive(rsc);
                break;
            case GROUP:
                group(rsc);
                break;
            case CLONE:
                clone(rsc);
                break;
            default:
                break;
        }
    }

    private void primitive(Resource rsc) {
        if (!rsc.managed) {
            // pcmk__primitive_internal_constraints skips unmanaged resources
            return;
        }
        order(rsc, "stop", rsc, "start", OPTIONAL | IMPLIES_THEN | RESTART);
        Resource top = rsc.top();
        if ((top.isClone() && top.promotable) || rsc.role.above(Role.UNPROMOTED)) {
            order(rsc, "demote", rsc, "stop", PROMOTED_IMPLIES_FIRST);
            order(rsc, "start", rsc, "promote", RUNNABLE_LEFT);
        }
        Utilization.createConstraints(ws, rsc);
        new Fencing(ws, new Actions(ws, ws.statusRef)).orderRestartVsUnfence(rsc);
    }

    private void group(Resource rsc) {
        order(rsc, "stopped", rsc, "start", OPTIONAL);
        order(rsc, "stop", rsc, "stopped", RUNNABLE_LEFT);
        order(rsc, "start", rsc, "running", RUNNABLE_LEFT);
        boolean ordered = rsc.ordered;
        boolean colocated = !"false".equals(rsc.meta.get("collocated"));
        boolean promotable = Rules.isTrue(rsc.meta.get("promotable")) || rsc.isPromotableInstanceOrChild();
        Resource previous = null;
        Resource lastActive = null;
        for (Resource member : rsc.children) {
            int downFlags = IMPLIES_FIRST_PRINTED;
            int postDownFlags = IMPLIES_THEN_PRINTED;
            internal(member);
            if (previous == null) {
                if (ordered) {
                    downFlags |= OPTIONAL;
                    postDownFlags = IMPLIES_THEN;
                }
            } else if (colocated) {
                Constraints.addColocation(ws, "group:internal_colocation", member, previous, Scores.INFINITY, Role.UNKNOWN,
                        Role.UNKNOWN, null, member.critical ? "true" : "false");
            }
            if (promotable) {
                order(rsc, "demote", member, "demote", downFlags);
                order(member, "demote", rsc, "demoted", postDownFlags);
                order(member, "promote", rsc, "promoted", RUNNABLE_LEFT | IMPLIES_THEN | IMPLIES_THEN_PRINTED);
                order(rsc, "promote", member, "promote", IMPLIES_FIRST_PRINTED);
            }
            order(rsc, "stop", member, "stop", downFlags);
            order(member, "stop", rsc, "stopped", postDownFlags);
            order(rsc, "start", member, "start", IMPLIES_FIRST_PRINTED);
            order(member, "start", rsc, "running", RUNNABLE_LEFT | IMPLIES_THEN | IMPLIES_THEN_PRINTED);
            if (!ordered) {
                order(rsc, "start", member, "start", IMPLIES_THEN | RUNNABLE_LEFT | IMPLIES_FIRST_PRINTED);
                if (promotable) {
                    order(rsc, "promote", member, "promote", IMPLIES_THEN | RUNNABLE_LEFT | IMPLIES_FIRST_PRINTED);
                }
            } else if (previous != null) {
                order(previous, "start", member, "start", IMPLIES_THEN | RUNNABLE_LEFT);
                order(member, "stop", previous, "stop", OPTIONAL | RESTART);
                if (promotable) {
                    order(previous, "promote", member, "promote", IMPLIES_THEN | RUNNABLE_LEFT);
                    order(member, "demote", previous, "demote", OPTIONAL);
                }
            }
            if (!member.runningOn.isEmpty()) {
                if (ordered && previous != null && previous.runningOn.isEmpty() && lastActive != null && !lastActive.runningOn.isEmpty()) {
                    order(member, "stop", lastActive, "stop", OPTIONAL);
                }
                lastActive = member;
            }
            previous = member;
        }
    }

    private void clone(Resource rsc) {
        order(rsc, "stopped", rsc, "start", OPTIONAL);
        order(rsc, "start", rsc, "running", RUNNABLE_LEFT);
        order(rsc, "stop", rsc, "stopped", RUNNABLE_LEFT);
        if (rsc.promotable) {
            order(rsc, "demoted", rsc, "stop", OPTIONAL);
            order(rsc, "running", rsc, "promote", RUNNABLE_LEFT);
        }
        Resource last = null;
        for (Resource child : rsc.children) {
            internal(child);
            order(rsc, "start", child, "start", RUNNABLE_LEFT | IMPLIES_FIRST_PRINTED);
            order(child, "start", rsc, "running", IMPLIES_THEN_PRINTED);
            if (rsc.ordered && last != null) {
                order(last, "start", child, "start", OPTIONAL);
            }
            order(rsc, "stop", child, "stop", IMPLIES_FIRST_PRINTED);
            order(child, "stop", rsc, "stopped", IMPLIES_THEN_PRINTED);
            if (rsc.ordered && last != null) {
                order(child, "stop", last, "stop", OPTIONAL);
            }
            last = child;
        }
        if (rsc.promotable) {
            order(rsc, "stopped", rsc, "start", OPTIONAL);
            order(rsc, "stopped", rsc, "promote", OPTIONAL);
            order(rsc, "demoted", rsc, "stop", OPTIONAL);
            order(rsc, "demoted", rsc, "start", OPTIONAL);
            order(rsc, "demoted", rsc, "promote", OPTIONAL);
            order(rsc, "running", rsc, "promote", OPTIONAL);
            order(rsc, "demote", rsc, "demoted", OPTIONAL);
            Resource previous = null;
            for (Resource child : rsc.children) {
                order(child, "demote", child, "promote", OPTIONAL);
                order(rsc, "promote", child, "promote", OPTIONAL);
                order(child, "promote", rsc, "promoted", OPTIONAL);
                if (previous != null && rsc.ordered) {
                    order(previous, "promote", child, "promote", OPTIONAL);
                }
                order(rsc, "demote", child, "demote", IMPLIES_FIRST_PRINTED);
                order(child, "demote", rsc, "demoted", IMPLIES_THEN_PRINTED);
                if (previous != null && rsc.ordered) {
                    order(child, "demote", previous, "demote", OPTIONAL);
                }
                previous = child;
            }
        }
    }
}
