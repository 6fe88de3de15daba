package io.tandem.controller.edit;

import io.tandem.cib.Cib;
import io.tandem.cib.CibElement;
import io.tandem.cib.CibParseException;
import io.tandem.cib.CibValidator;
import io.tandem.controller.AdminException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Replacing the whole configuration ({@code ha:cib-import}, {@code cibadmin --replace --scope configuration}): the
 * imported CIB's configuration section takes the place of the current one; the status section and the root's
 * attributes stay (the store stamps the version), except {@code validate-with}, which comes from the imported
 * document when it names one, since its configuration was written for that schema. The result must pass
 * {@link CibValidator}.
 */
public final class ConfigurationEdits {
    private ConfigurationEdits() {
    }

    /**
     * @param source names the imported document in errors (a file name, "upload", ...)
     * @throws AdminException INVALID when the import has no configuration section or the result is not a valid CIB
     *                        (the message names the source, line and element)
     */
    public static Cib replaceConfiguration(Cib current, Cib imported, String source) throws AdminException {
        Optional<CibElement> config = imported.root().child("configuration");
        if (config.isEmpty()) {
            throw new AdminException(AdminException.Reason.INVALID, source + ": no configuration section to import");
        }
        List<CibElement> children = new ArrayList<>();
        boolean placed = false;
        for (CibElement c : current.root().children()) {
            if (c.name().equals("configuration")) {
                if (!placed) {
                    children.add(config.get());
                    placed = true;
                }
            } else {
                children.add(c);
            }
        }
        if (!placed) {
            children.add(0, config.get());
        }
        CibElement root = current.root().withChildren(children);
        String schema = imported.root().attr("validate-with");
        if (schema != null && !schema.isBlank()) {
            root = root.withAttribute("validate-with", schema);
        }
        Cib out = new Cib(root);
        try {
            CibValidator.validate(out, source);
        } catch (CibParseException e) {
            throw new AdminException(AdminException.Reason.INVALID, e.getMessage(), e);
        }
        return out;
    }
}
