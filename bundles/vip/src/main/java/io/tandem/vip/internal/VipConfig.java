package io.tandem.vip.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of PID {@code io.tandem.vip}: where the helper programs are. */
@ObjectClassDefinition(id = "io.tandem.vip", name = "Tandem virtual IP addresses",
        description = "Programs used to add, check and announce virtual IP addresses")
public @interface VipConfig {
    @AttributeDefinition(description = "iproute2's ip (absolute path, or a name looked up in /usr/sbin:/usr/bin:/sbin:/bin)")
    String ipCommand() default "ip";

    @AttributeDefinition(description = "resource-agents' send_arp (gratuitous ARP, arp_sender=send_arp)")
    String sendArpCommand() default "/usr/libexec/heartbeat/send_arp";

    @AttributeDefinition(description = "resource-agents' send_ua (IPv6 unsolicited neighbour advertisements)")
    String sendUaCommand() default "/usr/libexec/heartbeat/send_ua";

    @AttributeDefinition(description = "iputils arping (arp_sender=iputils_arping)")
    String arpingCommand() default "arping";

    @AttributeDefinition(description = "How long one ip command may take")
    long commandTimeoutMillis() default 10000;
}
