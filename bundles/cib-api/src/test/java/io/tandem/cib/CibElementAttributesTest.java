package io.tandem.cib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The array-backed attribute map must behave like the unmodifiable LinkedHashMap it replaced. */
class CibElementAttributesTest {
    @Test
    void parsedAttributesKeepDocumentOrderAndMapSemantics() throws Exception {
        CibElement e = CibXml.parse("<op id=\"o1\" operation=\"monitor\" interval=\"10s\" rc-code=\"0\"/>", "t.xml");
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("id", "o1");
        expected.put("operation", "monitor");
        expected.put("interval", "10s");
        expected.put("rc-code", "0");
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(e.attributes().keySet()));
        assertEquals(expected, e.attributes());
        assertEquals(e.attributes(), expected);
        assertEquals(expected.hashCode(), e.attributes().hashCode());
        assertEquals(expected.toString(), e.attributes().toString());
        // a key built at run time is not the parser's interned instance
        assertEquals("10s", e.attr(new String("interval".toCharArray())));
        assertNull(e.attr("timeout"));
        assertEquals("20s", e.attr("timeout", "20s"));
        assertTrue(e.attributes().containsKey("rc-code"));
        assertFalse(e.attributes().containsKey(null));
        assertEquals(4, e.attributes().size());
    }

    @Test
    void attributesAreUnmodifiable() throws Exception {
        CibElement e = CibXml.parse("<node id=\"1\" uname=\"a\"/>", "t.xml");
        assertThrows(UnsupportedOperationException.class, () -> e.attributes().put("x", "y"));
        assertThrows(UnsupportedOperationException.class, () -> e.attributes().remove("id"));
        assertThrows(UnsupportedOperationException.class, () -> e.attributes().entrySet().iterator().next().setValue("2"));
        assertThrows(UnsupportedOperationException.class, () -> e.attributes().keySet().clear());
    }

    @Test
    void builtAndParsedElementsAreEqualAndChangesCopy() throws Exception {
        CibElement parsed = CibXml.parse("<primitive id=\"r\" class=\"ocf\"><meta_attributes id=\"m\"/></primitive>", "t.xml");
        CibElement built = CibElement.of("primitive", "id", "r", "class", "ocf")
                .withChild(CibElement.of("meta_attributes", "id", "m"));
        assertEquals(parsed, built);
        assertEquals(parsed.hashCode(), built.hashCode());
        CibElement changed = parsed.withAttribute("class", "stonith").withAttribute("id", null);
        assertEquals(Map.of("class", "stonith"), changed.attributes());
        assertEquals("ocf", parsed.attr("class"));
        assertTrue(CibElement.of("x").attributes().isEmpty());
        assertEquals(List.of(), CibXml.parse("<x a=\"1\"/>", "t.xml").children());
    }
}
