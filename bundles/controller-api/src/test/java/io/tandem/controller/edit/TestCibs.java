package io.tandem.controller.edit;

import io.tandem.cib.Cib;
import io.tandem.cib.CibElement;
import io.tandem.cib.CibParseException;
import io.tandem.cib.CibValidator;
import io.tandem.cib.CibXml;
import io.tandem.controller.AdminException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

final class TestCibs {
    private TestCibs() {
    }

    static String text(String name) {
        try (InputStream in = TestCibs.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Cib load(String name) {
        try {
            return CibValidator.parse(text(name), name);
        } catch (CibParseException e) {
            throw new IllegalStateException(e);
        }
    }

    static Cib twoNodes() {
        return load("two-nodes.xml");
    }

    static Cib parse(String xml) {
        try {
            return new Cib(CibXml.parse(xml, "test"));
        } catch (CibParseException e) {
            throw new IllegalStateException(e);
        }
    }

    static CibElement constraint(Cib cib, String id) {
        return cib.configuration().child("constraints").flatMap(c -> c.findById(id))
                .orElseThrow(() -> new AssertionError("no constraint " + id + " in\n" + cib.configuration()));
    }

    static Optional<CibElement> byId(Cib cib, String id) {
        return cib.root().findById(id);
    }

    static AdminException.Reason refused(Executable e) {
        return assertThrows(AdminException.class, e).reason();
    }

    static void assertRefused(AdminException.Reason expected, Executable e) {
        assertEquals(expected, refused(e));
    }

    static void assertValid(Cib cib) {
        try {
            CibValidator.validate(cib, "edited");
        } catch (CibParseException e) {
            throw new AssertionError("edited CIB is invalid: " + e.getMessage() + "\n" + cib.configuration(), e);
        }
    }
}
