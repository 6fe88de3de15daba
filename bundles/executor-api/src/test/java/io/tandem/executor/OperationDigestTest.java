package io.tandem.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperationDigestTest {
    // Values that occur thousands of times in Pacemaker's scheduler regression corpus (shared/conformance).
    @Test
    void matchesPacemakersDigestsForNoParameters() {
        assertEquals("f2317cad3d54cec5d7d7aa7d0bf35cf8", OperationDigest.of(Map.of()));
        assertEquals("f2317cad3d54cec5d7d7aa7d0bf35cf8",
                OperationDigest.forOperation(Map.of("crm_feature_set", "3.16.1", "CRM_meta_on_node", "n1"),
                        OperationSpec.of("start")));
        assertEquals("4811cef7f7f94e3a35a70be7916cb2fd",
                OperationDigest.forOperation(Map.of(), OperationSpec.monitor(Duration.ofSeconds(10), Duration.ofSeconds(20))));
    }

    @Test
    void sortsAttributesAndSeesEveryValue() {
        String a = OperationDigest.of(Map.of("ip", "10.0.0.1", "cidr_netmask", "24"));
        assertEquals(md5(" <parameters cidr_netmask=\"24\" ip=\"10.0.0.1\"/>\n"), a);
        assertNotEquals(a, OperationDigest.of(Map.of("ip", "10.0.0.2", "cidr_netmask", "24")));
        assertEquals(md5(" <parameters v=\"a&lt;&amp;&quot;b\\n\"/>\n"), OperationDigest.of(Map.of("v", "a<&\"b\n")));
    }

    @Test
    void checkLevelCountsAsAParameter() {
        OperationSpec deep = OperationSpec.monitor(Duration.ofSeconds(10), Duration.ofSeconds(20)).withCheckLevel(10);
        assertEquals(md5(" <parameters CRM_meta_timeout=\"20000\" OCF_CHECK_LEVEL=\"10\"/>\n"),
                OperationDigest.forOperation(Map.of(), deep));
    }

    private static String md5(String s) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("MD5").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
