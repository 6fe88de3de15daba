package io.tandem.messaging.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AddressesTest {
    @Test
    void addresses() {
        assertTrue(Addresses.isAddressOrHostName("10.1.1.2"));
        assertTrue(Addresses.isAddressOrHostName("gw.example.com"));
        assertFalse(Addresses.isAddressOrHostName("10.1.1.256"));
        assertFalse(Addresses.isAddressOrHostName("10.1.1"));
        assertFalse(Addresses.isAddressOrHostName("a_b"));
        assertTrue(Addresses.isIpv4Multicast("225.0.0.1"));
        assertFalse(Addresses.isIpv4Multicast("192.168.1.1"));
        assertFalse(Addresses.isIpv4Multicast("240.0.0.1"));
    }
}
