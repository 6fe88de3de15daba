package io.tandem.membership.internal;

import java.io.IOException;
import java.net.InetAddress;

/**
 * Probes with {@link InetAddress#isReachable(int)}: an ICMP echo when the JVM may open raw sockets (root, or
 * CAP_NET_RAW), otherwise a TCP connection to port 7, where a refused connection also counts as an answer.
 */
public final class InetAddressProber implements Prober {
    @Override
    public boolean isReachable(String address, int timeoutMillis) throws IOException {
        return InetAddress.getByName(address).isReachable(timeoutMillis);
    }
}
