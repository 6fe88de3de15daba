package io.tandem.controller.edit;

import io.tandem.cib.Cib;
import io.tandem.controller.AdminException;
import io.tandem.controller.AdminException.Reason;
import org.junit.jupiter.api.Test;

import static io.tandem.controller.edit.TestCibs.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigurationEditsTest {
    private final Cib current = TestCibs.twoNodes();

    @Test
    void replacesTheConfigurationAndKeepsStatusAndVersion() throws AdminException {
        Cib imported = TestCibs.parse(current.root().toString().replace("id=\"d1\"", "id=\"d2\"")
                .replace("epoch=\"1\"", "epoch=\"77\""));
        Cib out = ConfigurationEdits.replaceConfiguration(current, imported, "import.xml");
        assertSame(imported.configuration(), out.configuration());
        assertSame(current.status(), out.status());
        assertEquals(current.version(), out.version());
        assertTrue(out.configuration().findById("d2").isPresent());
    }

    @Test
    void takesTheImportsSchema() throws AdminException {
        Cib imported = TestCibs.parse(current.root().toString().replace("pacemaker-3.7", "pacemaker-3.9"));
        assertEquals("pacemaker-3.9", ConfigurationEdits.replaceConfiguration(current, imported, "x").root()
                .attr("validate-with"));
    }

    @Test
    void refusesAnInvalidConfigurationNamingTheSource() {
        Cib broken = TestCibs.parse(current.root().toString().replace("<constraints/>",
                "<constraints><rsc_location id=\"l\" rsc=\"ghost\" node=\"n1\" score=\"INFINITY\"/></constraints>"));
        AdminException e = org.junit.jupiter.api.Assertions.assertThrows(AdminException.class,
                () -> ConfigurationEdits.replaceConfiguration(current, broken, "upload.xml"));
        assertEquals(Reason.INVALID, e.reason());
        assertTrue(e.getMessage().contains("upload.xml"), e.getMessage());
        assertRefused(Reason.INVALID, () -> ConfigurationEdits.replaceConfiguration(current,
                TestCibs.parse("<cib validate-with=\"pacemaker-3.7\"><status/></cib>"), "empty.xml"));
    }
}
