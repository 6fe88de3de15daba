package io.tandem.agent.webserver.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.testkit.ocf.OcfCheckReport;
import io.tandem.testkit.ocf.OcfChecker;
import io.tandem.testkit.ocf.SpiDriver;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checks ocf-tester makes, through the SPI, with a real server on 127.0.0.1. */
class WebServerOcfCheckTest {
    @Test
    void passesOcfTesterChecks() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        WebServerAgent agent = new WebServerAgent(() -> "node1");
        try {
            OcfCheckReport report = OcfChecker.check(new SpiDriver("ocf:tandem:WebServer", agent, "web-t",
                    Map.of("ip", "127.0.0.1", "port", Integer.toString(port))));
            assertTrue(report.passed(), report.render());
        } finally {
            agent.deactivate();
        }
    }
}
