package io.tandem.vip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void readsIpAddrOutput() {
        String text = "[{\"ifindex\":3,\"ifname\":\"ve0\",\"flags\":[\"BROADCAST\",\"UP\"],\"mtu\":1500,\"x\":null,\"y\":true,"
                + "\"addr_info\":[{\"family\":\"inet\",\"local\":\"10.0.0.1\",\"prefixlen\":24,\"label\":\"ve0:a\\\"b\\u0041\"}]}]";
        List<Map<String, Object>> links = Json.objects(Json.parse(text));
        assertEquals("ve0", links.get(0).get("ifname"));
        assertEquals(List.of("BROADCAST", "UP"), links.get(0).get("flags"));
        assertEquals(Boolean.TRUE, links.get(0).get("y"));
        @SuppressWarnings("unchecked")
        Map<String, Object> addr = ((List<Map<String, Object>>) links.get(0).get("addr_info")).get(0);
        assertEquals(24.0, addr.get("prefixlen"));
        assertEquals("ve0:a\"bA", addr.get("label"));
        assertEquals(List.of(), Json.parse(" [ ] "));
    }

    @Test
    void rejectsGarbageWithOffset() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse("[{\"a\":1,}]"));
        assertEquals(true, e.getMessage().contains("offset"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[1] x"));
        assertThrows(IllegalArgumentException.class, () -> Json.objects(Json.parse("[1]")));
    }
}
