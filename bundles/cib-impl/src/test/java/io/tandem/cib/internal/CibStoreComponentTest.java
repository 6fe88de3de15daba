package io.tandem.cib.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.cib.CibEvent;
import io.tandem.cib.CibListener;
import io.tandem.common.CibVersion;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CibStoreComponentTest {
    @TempDir
    Path dir;

    private CibStoreConfig config(Path directory) {
        return new CibStoreConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return CibStoreConfig.class;
            }

            @Override
            public String directory() {
                return directory.toString();
            }

            @Override
            public int backupCount() {
                return 10;
            }

            @Override
            public long statusWriteDelayMillis() {
                return 500;
            }

            @Override
            public String validateWith() {
                return "pacemaker-3.7";
            }
        };
    }

    @Test
    void theDirectoryDefaultsToKarafData() {
        assertEquals(Path.of("/var/lib/tandem/data", "tandem", "cib"), CibStoreComponent.directory("", "/var/lib/tandem/data"));
        assertEquals(Path.of("/srv/cib"), CibStoreComponent.directory(" /srv/cib ", null));
        assertThrows(IllegalArgumentException.class, () -> CibStoreComponent.directory("", null));
    }

    @Test
    void startsChangesAndStopsWithWhiteboardListeners() throws Exception {
        CibStoreComponent store = new CibStoreComponent(config(dir));
        List<CibEvent> heard = new ArrayList<>();
        CibListener listener = heard::add;
        store.bindCibListener(listener);
        store.apply(TestCibs.addPrimitive("a"));
        store.apply(TestCibs.setNodeState("n1", "crmd", "online"));
        store.unbindCibListener(listener);
        store.apply(TestCibs.addPrimitive("b"));
        assertEquals(2, heard.size());
        store.deactivate();
        CibStoreComponent again = new CibStoreComponent(config(dir));
        assertEquals(new CibVersion(0, 2, 0), again.current().version());
        again.deactivate();
    }

    @Test
    void refusesToActivateOnACorruptCibWithoutBackups() throws Exception {
        Files.writeString(dir.resolve("cib.xml"), "<cib admin_epoch=\"0\" epoch=\"1\" num_updates=\"0\">\n  <configuration>\n"
                + "    <crm_config/><nodes/><resources><clone id=\"c\"/></resources><constraints/>\n  </configuration>\n"
                + "  <status/>\n</cib>\n");
        CibLoadException e = assertThrows(CibLoadException.class, () -> new CibStoreComponent(config(dir)));
        assertTrue(e.getMessage().startsWith(dir.resolve("cib.xml") + ":3: <clone>:"), e.getMessage());
        assertTrue(Files.exists(dir.resolve("cib.xml")));
    }
}
