package io.tandem.cib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.tandem.common.CibVersion;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CibDigestTest {
    @Test
    void sameContentSameDigestWhateverTheLayout() throws Exception {
        Cib a = Samples.sample();
        Cib b = CibValidator.parse(CibXml.toCompactXml(a.root()), "compact");
        assertEquals(a, b);
        assertEquals(CibDigest.of(a), CibDigest.of(b));
        assertEquals(64, CibDigest.of(a).length());
    }

    @Test
    void attributeOrderDoesNotCount() {
        Map<String, String> ab = new LinkedHashMap<>();
        ab.put("a", "1");
        ab.put("b", "2");
        Map<String, String> ba = new LinkedHashMap<>();
        ba.put("b", "2");
        ba.put("a", "1");
        assertEquals(CibDigest.of(new CibElement("x", ab, List.of(), 3)), CibDigest.of(new CibElement("x", ba, List.of(), 9)));
    }

    @Test
    void everyDifferenceCounts() {
        Cib a = Samples.sample();
        String d = CibDigest.of(a);
        assertNotEquals(d, CibDigest.of(a.withVersion(new CibVersion(0, 12, 4))));
        assertNotEquals(d, CibDigest.of(new Cib(a.root().withAttribute("have-quorum", "0"))));
        CibElement config = a.configuration();
        List<CibElement> reversed = new java.util.ArrayList<>(config.children());
        java.util.Collections.reverse(reversed);
        assertNotEquals(d, CibDigest.of(new Cib(a.root().withReplacedChild(config.withChildren(reversed)))));
        // Boundaries between name, attributes and children are length-prefixed: no two layouts collide.
        assertNotEquals(CibDigest.of(CibElement.of("x", "ab", "c")), CibDigest.of(CibElement.of("x", "a", "bc")));
        assertNotEquals(CibDigest.of(CibElement.of("x").withChild(CibElement.of("y"))),
                CibDigest.of(CibElement.of("x", "y", "")));
    }

    @Test
    void matchesTheDocumentedDefinition() {
        // Values from an independent implementation of the definition in CibDigest's documentation (Python hashlib):
        // peers and the files on disk depend on it, so a change must not go unnoticed.
        assertEquals("071633130da5a388c91467b7b4bad089ba6c70db2bf638316a89772d69a43a43",
                CibDigest.of(CibElement.of("cib", "epoch", "1")));
        assertEquals("00ba9eee4357c5ac0b0dd1e3e8930afdd71689e691121e268caf498f8b85085e",
                CibDigest.of(CibElement.of("cib", "b", "2", "a", "1").withChild(CibElement.of("status"))));
    }
}
