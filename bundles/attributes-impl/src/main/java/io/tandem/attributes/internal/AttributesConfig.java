package io.tandem.attributes.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of PID {@code io.tandem.attributes} (etc/io.tandem.attributes.cfg, optional). */
@ObjectClassDefinition(id = "io.tandem.attributes", name = "Tandem node attributes",
        description = "Transient and permanent node attributes, promotion scores, fail counts")
public @interface AttributesConfig {
    @AttributeDefinition(description = "This node's name; empty = the messaging nodeName (io.tandem.messaging), else the host name")
    String nodeName() default "";

    @AttributeDefinition(description = "Directory of the permanent attribute file; empty = ${karaf.data}/tandem")
    String stateDirectory() default "";
}
