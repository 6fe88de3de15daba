package io.tandem.shell.internal.admin;

import io.tandem.cib.Cib;
import io.tandem.cib.CibElement;
import io.tandem.cib.CibParseException;
import io.tandem.cib.CibUpdate;
import io.tandem.cib.CibValidator;
import io.tandem.common.CibVersion;
import io.tandem.controller.AdminException;
import io.tandem.controller.ClusterAdmin;
import io.tandem.importers.HaresourcesImport;
import io.tandem.importers.HaresourcesImporter;
import io.tandem.importers.ImportFinding;
import io.tandem.importers.Severity;
import io.tandem.importers.crm.CrmApplyException;
import io.tandem.importers.crm.CrmCommand;
import io.tandem.importers.crm.CrmParser;
import io.tandem.importers.crm.CrmSession;
import io.tandem.importers.crm.CrmSyntaxException;
import io.tandem.shell.internal.admin.AdminCommands.Failure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code configure} and {@code import-haresources}: text that becomes one change of the configuration.
 *
 * <p>Both work in two steps. First the text is applied to this node's copy of the CIB, so that every error (crm
 * syntax with line and column, unknown or duplicate ids, bad values, a result the validator refuses, haresources
 * findings) is reported before anything is sent, and nothing changes. Then the same text is applied again inside
 * one {@link ClusterAdmin#change}, to the CIB the change is made on (the DC's): all of it is committed or none.
 * Applying the text rather than sending the locally computed CIB means that a concurrent change on the DC is kept;
 * if that change makes the text fail there (an id now taken, a resource now gone), the answer is
 * {@link AdminException.Reason#STALE} (exit 103) and nothing is changed.
 */
final class ConfigurationVerbs {
    private ConfigurationVerbs() {
    }

    /**
     * Runs crm shell configure commands. {@code show} and {@code verify} print (with the edits before them in the
     * same text applied); the edits are committed together.
     *
     * @param file the file the text came from, to name it in errors
     */
    static void configure(ClusterAdmin admin, String text, Optional<String> file, StringBuilder out)
            throws AdminException, Failure {
        String where = file.map(f -> f + ": ").orElse("");
        int edits;
        CrmSession local = new CrmSession(admin.cib());
        Cib staged;
        try {
            edits = countEdits(CrmParser.parse(text));
            out.append(local.execute(text));
            if (edits == 0) {
                return;
            }
            if (!local.hasChanges()) {
                out.append("the configuration is unchanged\n");
                return;
            }
            staged = local.commit();
        } catch (CrmSyntaxException | CrmApplyException e) {
            throw new Failure(ExitCodes.DATAERR, where + e.getMessage() + "; nothing was changed");
        } catch (CibParseException e) {
            throw new Failure(ExitCodes.DATAERR, where + "the configuration would not be valid: " + e.getMessage()
                    + "; nothing was changed");
        }
        String what = "configure" + file.map(f -> " --file " + f).orElse("") + " (" + edits
                + (edits == 1 ? " command)" : " commands)");
        CibVersion version = admin.change(new CibUpdate(what, false, current -> {
            if (current.equals(local.base())) {
                return staged; // the common case: nothing changed meanwhile, the staged result is the answer
            }
            CrmSession onCurrent = new CrmSession(current);
            try {
                onCurrent.execute(text);
                return onCurrent.commit();
            } catch (CrmSyntaxException | CrmApplyException | CibParseException e) {
                throw stale(where + e.getMessage());
            }
        }));
        out.append("committed ").append(edits).append(edits == 1 ? " command" : " commands")
                .append(": the CIB is now at version ").append(version).append('\n');
    }

    private static int countEdits(List<CrmCommand> commands) {
        int n = 0;
        for (CrmCommand c : commands) {
            if (!(c instanceof CrmCommand.Show || c instanceof CrmCommand.Verify || c instanceof CrmCommand.Commit)) {
                n++;
            }
        }
        return n;
    }

    /**
     * Imports heartbeat v1 haresources text: prints every finding ({@code FILE:LINE: SEVERITY: word: message}), refuses
     * on an ERROR, else merges the groups into the configuration in one change.
     *
     * @param autoFailback heartbeat's auto_failback ({@code on}, {@code off}, {@code legacy}), or null for its default
     */
    static void importHaresources(ClusterAdmin admin, String file, String text, String autoFailback, StringBuilder out)
            throws AdminException, Failure {
        Path path = Path.of(file);
        Cib base = admin.cib();
        // resource.d is on the caller's machine and only its file travels: names there are not known (see README)
        HaresourcesImport result = HaresourcesImporter.importText(path, text, base, autoFailback, Set.of());
        for (ImportFinding f : result.findings()) {
            out.append(f).append('\n');
        }
        if (result.hasErrors()) {
            long errors = result.count(Severity.ERROR);
            throw new Failure(ExitCodes.DATAERR, file + ": " + errors + (errors == 1 ? " error" : " errors")
                    + "; nothing was changed");
        }
        try {
            CibValidator.validate(result.cib(), file);
        } catch (CibParseException e) {
            throw new Failure(ExitCodes.DATAERR, file + ": the configuration would not be valid: " + e.getMessage()
                    + "; nothing was changed");
        }
        if (result.cib().equals(base)) {
            out.append(file).append(": nothing to import\n");
            return;
        }
        AtomicReference<Cib> before = new AtomicReference<>();
        AtomicReference<Cib> after = new AtomicReference<>();
        CibVersion version = admin.change(new CibUpdate("import-haresources " + file, false, current -> {
            HaresourcesImport again = current.equals(base) ? result
                    : HaresourcesImporter.importText(path, text, current, autoFailback, Set.of());
            if (again.hasErrors()) {
                throw stale(again.findings().stream().filter(f -> f.severity() == Severity.ERROR).findFirst()
                        .map(ImportFinding::toString).orElse(file));
            }
            before.set(current);
            after.set(again.cib());
            return again.cib();
        }));
        List<String> added = new ArrayList<>(topLevelResources(after.get()));
        added.removeAll(topLevelResources(before.get()));
        out.append("imported ").append(file).append(": ")
                .append(added.isEmpty() ? "no new resources" : "added " + String.join(", ", added))
                .append("; the CIB is now at version ").append(version).append('\n');
    }

    private static Set<String> topLevelResources(Cib cib) {
        Set<String> ids = new LinkedHashSet<>();
        if (cib != null) {
            for (CibElement r : cib.configuration().child("resources").map(CibElement::children).orElse(List.of())) {
                if (r.id() != null) {
                    ids.add(r.id());
                }
            }
        }
        return ids;
    }

    private static AdminException stale(String problem) {
        return new AdminException(AdminException.Reason.STALE, "the configuration changed while the command ran and"
                + " it no longer applies: " + problem + "; nothing was changed, run it again");
    }
}
