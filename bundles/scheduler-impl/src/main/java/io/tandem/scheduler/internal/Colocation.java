package io.tandem.scheduler.internal;

/** A colocation between two resources (pcmk__colocation_t). */
final class Colocation {
    final String id;
    final Resource dependent;
    final Resource primary;
    final int score;
    final Role dependentRole;
    final Role primaryRole;
    final String nodeAttribute;
    final boolean influence;

    Colocation(String id, Resource dependent, Resource primary, int score, Role dependentRole, Role primaryRole,
               String nodeAttribute, boolean influence) {
        this.id = id;
        this.dependent = dependent;
        this.primary = primary;
        this.score = score;
        this.dependentRole = dependentRole;
        this.primaryRole = primaryRole;
        this.nodeAttribute = nodeAttribute;
        this.influence = influence;
    }

    boolean hasInfluence(Resource rsc) {
        if (rsc == null) {
            rsc = primary;
        }
        return influence || rsc.runningOn.isEmpty();
    }
}
