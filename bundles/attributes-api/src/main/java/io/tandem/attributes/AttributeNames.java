package io.tandem.attributes;

import java.util.Objects;

/** Pacemaker's names for the attributes the cluster itself sets (feature set 3.x, Pacemaker 2.0 and later). */
public final class AttributeNames {
    /** The prefix of promotion scores (Pacemaker still writes "master-" for compatibility with old agents). */
    public static final String PROMOTION_PREFIX = "master-";
    public static final String FAIL_COUNT_PREFIX = "fail-count-";
    public static final String LAST_FAILURE_PREFIX = "last-failure-";

    private AttributeNames() {
    }

    /** {@code master-<resource>}, the name crm_attribute --promotion and crm_master write. */
    public static String promotionScore(String resource) {
        return PROMOTION_PREFIX + requireResource(resource);
    }

    /** {@code fail-count-<rsc>#<op>_<intervalMillis>}, for example {@code fail-count-db#monitor_10000}. */
    public static String failCount(String resource, String operation, long intervalMillis) {
        return FAIL_COUNT_PREFIX + operationKey(resource, operation, intervalMillis);
    }

    /** {@code last-failure-<rsc>#<op>_<intervalMillis>}: epoch seconds of the operation's last failure. */
    public static String lastFailure(String resource, String operation, long intervalMillis) {
        return LAST_FAILURE_PREFIX + operationKey(resource, operation, intervalMillis);
    }

    /**
     * Whether {@code name} is one of the resource's fail counts ({@code prefix} = {@link #FAIL_COUNT_PREFIX}) or
     * last-failure stamps ({@link #LAST_FAILURE_PREFIX}): the per-operation form or the pre-2.0 per-resource form.
     * {@code fail-count-db10#...} is not one of {@code db1}'s.
     */
    public static boolean belongsTo(String name, String prefix, String resource) {
        String base = prefix + resource;
        return name.equals(base) || name.startsWith(base + "#");
    }

    /** {@code rsc:2} becomes {@code rsc}: the anonymous clone's name for an instance. */
    public static String stripCloneInstance(String resourceInstance) {
        int colon = resourceInstance.lastIndexOf(':');
        if (colon > 0 && colon < resourceInstance.length() - 1
                && resourceInstance.substring(colon + 1).chars().allMatch(Character::isDigit)) {
            return resourceInstance.substring(0, colon);
        }
        return resourceInstance;
    }

    private static String operationKey(String resource, String operation, long intervalMillis) {
        Objects.requireNonNull(operation, "operation");
        if (operation.isEmpty() || operation.contains("#") || operation.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("invalid operation name '" + operation + "'");
        }
        if (intervalMillis < 0) {
            throw new IllegalArgumentException("interval must not be negative: " + intervalMillis);
        }
        return requireResource(resource) + "#" + operation + "_" + intervalMillis;
    }

    private static String requireResource(String resource) {
        Objects.requireNonNull(resource, "resource");
        if (resource.isEmpty() || resource.contains("#") || resource.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("invalid resource name '" + resource + "'");
        }
        return resource;
    }
}
