package io.tandem.scheduler.internal;

import io.tandem.cib.CibElement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ticket dependencies (pcmk_sched_tickets.c): a resource that depends on a ticket that is not granted, or is in
 * standby, is banned from every node; when it is active, its loss-policy decides between stop, demote, fencing
 * the nodes it runs on and freezing it.
 */
final class Tickets {
    enum LossPolicy { STOP, DEMOTE, FENCE, FREEZE }

    /** A ticket's state from the status section (ticket_new / unpack_tickets_state). */
    static final class Ticket {
        final String id;
        boolean granted;
        boolean standby;

        Ticket(String id) {
            this.id = id;
        }
    }

    /** One resource's dependency on a ticket (rsc_ticket_t). */
    record RscTicket(String id, Resource rsc, Ticket ticket, LossPolicy lossPolicy, Role role) {
    }

    private Tickets() {
    }

    /** The tickets of the status section, by id (unpack_tickets_state); rsc_ticket constraints add missing ones. */
    private static Map<String, Ticket> tickets(WorkingSet ws) {
        if (ws.tickets == null) {
            ws.tickets = new LinkedHashMap<>();
            for (CibElement t : ws.cib.status().child("tickets").map(x -> x.children("ticket_state")).orElse(List.of())) {
                Ticket ticket = new Ticket(t.id());
                ticket.granted = Rules.isTrue(t.attr("granted", "false"));
                ticket.standby = Rules.isTrue(t.attr("standby", "false"));
                ws.tickets.put(t.id(), ticket);
            }
        }
        return ws.tickets;
    }

    /** pcmk__unpack_rsc_ticket: a simple constraint (rsc, rsc-role) or resource sets (role per set). */
    static void unpack(WorkingSet ws, CibElement c) {
        String ticketId = c.attr("ticket");
        if (ticketId == null || ticketId.isEmpty()) {
            return;
        }
        Ticket ticket = tickets(ws).computeIfAbsent(ticketId, Ticket::new);
        String lossPolicy = c.attr("loss-policy");
        boolean anySets = false;
        for (CibElement set : c.children("resource_set")) {
            anySets = true;
            for (CibElement ref : set.children("resource_ref")) {
                Resource r = ws.byId.get(ref.id());
                if (r == null) {
                    return;
                }
                add(ws, set.id(), r, ticket, set.attr("role"), lossPolicy);
            }
        }
        if (!anySets) {
            Resource r = c.attr("rsc") == null ? null : ws.byId.get(c.attr("rsc"));
            if (r != null) {
                add(ws, c.id(), r, ticket, c.attr("rsc-role"), lossPolicy);
            }
        }
    }

    /** rsc_ticket_new. */
    private static void add(WorkingSet ws, String id, Resource rsc, Ticket ticket, String state, String lossPolicy) {
        Role role = state == null || "started".equalsIgnoreCase(state) ? Role.UNKNOWN : Role.parse(state);
        if ("fence".equalsIgnoreCase(lossPolicy) && !ws.stonithEnabled) {
            lossPolicy = "stop";
        }
        LossPolicy policy;
        if ("fence".equalsIgnoreCase(lossPolicy)) {
            policy = LossPolicy.FENCE;
        } else if ("freeze".equalsIgnoreCase(lossPolicy)) {
            policy = LossPolicy.FREEZE;
        } else if ("demote".equalsIgnoreCase(lossPolicy)) {
            policy = LossPolicy.DEMOTE;
        } else if ("stop".equalsIgnoreCase(lossPolicy)) {
            policy = LossPolicy.STOP;
        } else {
            policy = role == Role.PROMOTED ? LossPolicy.DEMOTE : LossPolicy.STOP;
        }
        RscTicket rt = new RscTicket(id, rsc, ticket, policy, role);
        rsc.tickets.add(rt);
        if (!ticket.granted || ticket.standby) {
            constraintsFor(ws, rsc, rt);
        }
    }

    /** constraints_for_ticket. */
    private static void constraintsFor(WorkingSet ws, Resource rsc, RscTicket rt) {
        if (rt.ticket.granted && !rt.ticket.standby) {
            return;
        }
        if (!rsc.children.isEmpty()) {
            for (Resource c : rsc.children) {
                constraintsFor(ws, c, rt);
            }
            return;
        }
        boolean active = !rsc.runningOn.isEmpty();
        if (!rt.ticket.granted && active) {
            switch (rt.lossPolicy) {
                case STOP:
                    Failures.locationAll(ws, rsc, -Scores.INFINITY);
                    break;
                case DEMOTE:
                    // the promotion score becomes -INFINITY in the promotion order instead
                    if (rt.role != Role.PROMOTED) {
                        Failures.locationAll(ws, rsc, -Scores.INFINITY);
                    }
                    break;
                case FENCE:
                    if (!roleMatches(rsc, rt)) {
                        return;
                    }
                    Failures.locationAll(ws, rsc, -Scores.INFINITY);
                    for (Node n : rsc.runningOn) {
                        UnpackNodes.fence(ws, n, "deadman ticket was lost");
                    }
                    break;
                case FREEZE:
                    if (!roleMatches(rsc, rt)) {
                        return;
                    }
                    rsc.managed = false;
                    rsc.block = true;
                    break;
                default:
                    break;
            }
        } else if (rt.role != Role.PROMOTED || rt.lossPolicy == LossPolicy.STOP) {
            // not granted (and inactive) or in standby
            Failures.locationAll(ws, rsc, -Scores.INFINITY);
        }
    }

    private static boolean roleMatches(Resource rsc, RscTicket rt) {
        return rt.role == Role.UNKNOWN || rt.role == rsc.role;
    }

    /** pcmk__require_promotion_tickets: no instance is promoted without its Promoted-role tickets. */
    static void requirePromotionTickets(WorkingSet ws, Resource clone) {
        for (RscTicket rt : clone.tickets) {
            if (rt.role == Role.PROMOTED && (!rt.ticket.granted || rt.ticket.standby)) {
                Failures.locationAll(ws, clone, -Scores.INFINITY);
            }
        }
    }
}
