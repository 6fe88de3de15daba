package io.tandem.attributes.internal;

import io.tandem.messaging.config.LocalNodeName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AttributesServiceTest {
    @Test
    void theLocalNodeIsConfiguredElseMessagingsElseTheHostName() {
        assertEquals("alpha", LocalNodeName.choose(" alpha ", "beta", () -> "gamma"));
        assertEquals("beta", LocalNodeName.choose("", "beta", () -> "gamma"));
        assertEquals("gamma", LocalNodeName.choose("", null, () -> "gamma\n"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> LocalNodeName.choose("bad name", null, () -> "x"));
        assertTrue(bad.getMessage().startsWith("nodeName: invalid node name 'bad name'"), bad.getMessage());
        IllegalArgumentException noHost = assertThrows(IllegalArgumentException.class, () -> LocalNodeName.choose("", "", () -> {
            throw new IOException("no /proc");
        }));
        assertTrue(noHost.getMessage().contains("host name cannot be read"));
    }

    @Test
    void stateLivesUnderKarafDataUnlessConfigured() {
        assertEquals(Path.of("/k/data/tandem"), AttributesService.stateDirectory("", "/k/data"));
        assertEquals(Path.of("/srv/state"), AttributesService.stateDirectory("/srv/state", null));
        assertThrows(IllegalArgumentException.class, () -> AttributesService.stateDirectory("", null));
    }
}
