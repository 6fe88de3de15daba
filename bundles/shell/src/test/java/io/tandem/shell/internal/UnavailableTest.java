package io.tandem.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class UnavailableTest {
    @Test
    void showsTheComponentsOwnWordsFromScrsStackTrace() {
        String failure = """
                org.osgi.service.component.ComponentException: Error during instantiation of the implementation object
                \tat org.apache.felix.scr.impl.inject.internal.ComponentConstructorImpl.newInstance(ComponentConstructorImpl.java:329)
                Caused by: java.lang.reflect.InvocationTargetException
                \tat java.base/jdk.internal.reflect.NativeConstructorAccessorImpl.newInstance0(Native Method)
                Caused by: java.lang.IllegalStateException: io.tandem.messaging: authKeysFile: /opt/tandem/etc/authkeys: mode 644 (rw-r--r--) lets other users read the cluster keys
                \tat io.tandem.messaging.udp.internal.UdpMessenger.<init>(UdpMessenger.java:111)
                """;
        assertEquals("io.tandem.messaging: authKeysFile: /opt/tandem/etc/authkeys: mode 644 (rw-r--r--) lets other users"
                + " read the cluster keys", Unavailable.rootMessage(failure));
    }

    @Test
    void keepsAMessageWithoutExceptionPrefix() {
        assertEquals("something odd", Unavailable.rootMessage("something odd"));
    }

    @Test
    void withoutScrAMissingServiceMeansNotConfigured() {
        String text = Unavailable.explain(null, null, null).orElseThrow();
        assertTrue(text.startsWith(TextRenderer.MESSAGING_NOT_CONFIGURED), text);
    }
}
