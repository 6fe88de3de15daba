package io.tandem.attributes;

/** Where an attribute lives, as crm_attribute's --lifetime names it. */
public enum AttributeLifetime {
    /** Transient: kept in the status section and forgotten when the node leaves (crm_attribute -l reboot, attrd). */
    REBOOT,
    /** Permanent: kept in the configuration's nodes section (crm_attribute -l forever). */
    FOREVER
}
