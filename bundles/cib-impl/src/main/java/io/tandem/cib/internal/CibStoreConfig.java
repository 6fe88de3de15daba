package io.tandem.cib.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of PID {@code io.tandem.cib} (etc/io.tandem.cib.cfg); every setting has a default. */
@ObjectClassDefinition(id = "io.tandem.cib", name = "Tandem CIB store",
        description = "Where the node keeps its CIB (cib.xml with digest and backups) and how often status is written")
public @interface CibStoreConfig {
    @AttributeDefinition(description = "Directory of cib.xml, cib.xml.sig and the backups; empty = ${karaf.data}/tandem/cib")
    String directory() default "";

    @AttributeDefinition(description = "How many configuration versions to keep as cib-N.raw backups (at least 1)")
    int backupCount() default 10;

    @AttributeDefinition(description = "Status-only changes are written at most this long after they are made; "
            + "a crash loses at most this much status (configuration changes are written before they take effect)")
    long statusWriteDelayMillis() default 500;

    @AttributeDefinition(description = "The validate-with of the empty CIB a new node starts with")
    String validateWith() default "pacemaker-3.7";
}
