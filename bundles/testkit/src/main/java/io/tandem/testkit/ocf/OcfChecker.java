package io.tandem.testkit.ocf;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The checks of resource-agents' {@code ocf-tester} 4.12, in its order and with its verdicts: permissions,
 * meta-data valid against {@code ra-api-1.dtd}, meta-data and validate-all succeed, monitor of a stopped
 * resource says 7 (a probe with binaries hidden may say 5), start/monitor/probe, notify, promote/demote pairs
 * (both or neither), stop/start repeated and idempotent, migrate and reload noted when missing. Failures that
 * make ocf-tester abort abort here too.
 *
 * <p>Differences, by nature of the drivers: through the executor only monitors carry an interval (ocf-tester
 * exports {@code CRM_meta_interval=10000} to every action, Pacemaker only to recurring ones); the "binaries
 * missing" probe runs normally when the driver cannot hide binaries (noted in the report); meta-data without a
 * DOCTYPE (Java agents) is validated against the DTD as if it declared it.
 */
public final class OcfChecker {
    /** Where Debian's resource-agents installs the DTD ocf-tester validates against. */
    public static final Path DEFAULT_DTD = Path.of("/usr/share/resource-agents/ra-api-1.dtd");
    private static final int STOPPED = 7;
    private static final int NOT_INSTALLED = 5;

    private final OcfAgentDriver agent;
    private final Path dtd;
    private final List<String> errors = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> steps = new ArrayList<>();

    private OcfChecker(OcfAgentDriver agent, Path dtd) {
        this.agent = agent;
        this.dtd = dtd;
    }

    public static OcfCheckReport check(OcfAgentDriver agent) {
        return check(agent, DEFAULT_DTD);
    }

    public static OcfCheckReport check(OcfAgentDriver agent, Path dtd) {
        OcfChecker c = new OcfChecker(agent, dtd);
        boolean aborted = false;
        try {
            c.run();
        } catch (Abort a) {
            aborted = true;
        } catch (Exception e) {
            c.errors.add("* error: " + e);
            aborted = true;
        }
        return new OcfCheckReport(agent.name(), c.errors, c.notes, c.steps, aborted);
    }

    private static final class Abort extends Exception {
        private static final long serialVersionUID = 1L;
    }

    private void run() throws Exception {
        agent.executable().ifPresent(this::checkPermissions);
        checkMetadata();
        int rc = call("meta-data", false, true);
        if (rc == 3) {
            assertRc(rc, "Your agent does not support the meta-data action", false, 0);
        } else {
            assertRc(rc, "The meta-data action cannot fail and must return 0", false, 0);
        }
        rc = call("validate-all", false, false);
        if (rc == 3) {
            assertRc(rc, "Your agent does not support the validate-all action", false, 0);
        } else if (rc != 0) {
            assertRc(rc, "Validation failed.  Did you supply enough options?", true, 0);
        }
        rc = call("monitor", false, false);
        if (rc == 3) {
            assertRc(rc, "Your agent does not support the monitor action", true, STOPPED);
        } else if (rc == 8) {
            assertRc(call("demote", false, false), "Your agent was promoted and could not be demoted", true, 0);
            assertRc(call("stop", false, false), "Your agent was promoted and could not be stopped", true, 0);
        } else if (rc != STOPPED) {
            assertRc(call("stop", false, false), "Your agent was active and could not be stopped", true, 0);
        }
        assertRc(call("monitor", false, false), "Monitoring a stopped resource should return " + STOPPED, false, STOPPED);
        if (!agent.canHideBinaries()) {
            notes.add("* The probe with missing binaries ran with the binaries present (the driver cannot hide them)");
        }
        assertRc(call("monitor", true, true), "The initial probe for a stopped resource should return " + STOPPED + " or "
                + NOT_INSTALLED + " even if all binaries are missing", false, STOPPED, NOT_INSTALLED);
        assertRc(call("start", false, false), "Start failed.  Did you supply enough options?", true, 0);
        assertRc(call("monitor", false, false), "Monitoring an active resource should return 0", false, 0);
        assertRc(call("monitor", true, false), "Probing an active resource should return 0", false, 0);
        rc = call("notify", false, false);
        if (rc == 3) {
            notes.add("* Your agent does not support the notify action (optional)");
        } else {
            assertRc(rc, "The notify action cannot fail and must return 0", false, 0);
        }
        boolean hasDemote = call("demote", false, false) != 3;
        if (!hasDemote) {
            notes.add("* Your agent does not support the demote action (optional)");
        }
        boolean hasPromote = call("promote", false, false) != 3;
        if (!hasPromote) {
            notes.add("* Your agent does not support the promote action (optional)");
        }
        if (hasPromote && hasDemote) {
            assertRc(call("demote", false, false), "Demoting a start resource should not fail", false, 0);
            assertRc(call("promote", false, false), "Promote failed", false, 0);
            assertRc(call("demote", false, false), "Demote failed", true, 0);
            assertRc(call("demote", false, false), "Demoting a demoted resource should not fail", false, 0);
            assertRc(call("promote", false, false), "Promote failed", true, 0);
            assertRc(call("promote", false, false), "Promoting a promoted resource should not fail", false, 0);
            assertRc(call("demote", false, false), "Demote failed", true, 0);
        } else if (!hasPromote && !hasDemote) {
            notes.add("* Your agent does not support promotable clones (optional)");
        } else {
            errors.add("* Your agent partially supports promotable clones");
        }
        assertRc(call("stop", false, false), "Stop failed", true, 0);
        assertRc(call("monitor", false, false), "Monitoring a stopped resource should return " + STOPPED, false, STOPPED);
        assertRc(call("start", false, false), "Start failed", true, 0);
        assertRc(call("monitor", false, false), "Monitoring an active resource should return 0", false, 0);
        assertRc(call("start", false, false), "Starting a running resource is required to succeed", false, 0);
        assertRc(call("monitor", false, false), "Monitoring an active resource should return 0", false, 0);
        assertRc(call("stop", false, false), "Stop could not clean up after multiple starts", true, 0);
        assertRc(call("monitor", false, false), "Monitoring a stopped resource should return " + STOPPED, false, STOPPED);
        assertRc(call("stop", false, false), "Stopping a stopped resource is required to succeed", false, 0);
        assertRc(call("monitor", false, false), "Monitoring a stopped resource should return " + STOPPED, false, STOPPED);
        rc = call("migrate_to", false, false);
        if (rc != 3) {
            rc = call("migrate_from", false, false);
        }
        if (rc == 3) {
            notes.add("* Your agent does not support the migrate action (optional)");
        }
        if (call("reload", false, false) == 3) {
            notes.add("* Your agent does not support the reload action (optional)");
        }
    }

    private int call(String action, boolean probe, boolean binariesMissing) throws Exception {
        int rc = agent.run(action, probe, binariesMissing);
        steps.add(action + (probe ? " (probe)" : "") + (binariesMissing ? " (binaries missing)" : "") + " -> " + rc);
        return rc;
    }

    private void assertRc(int rc, String message, boolean abortOnFailure, int... expected) throws Abort {
        for (int e : expected) {
            if (rc == e) {
                return;
            }
        }
        errors.add("* rc=" + rc + ": " + message);
        if (abortOnFailure) {
            throw new Abort();
        }
    }

    /** ocf-tester runs meta-data as user nobody: the file must be readable and executable by others. */
    private void checkPermissions(Path file) {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            if (!p.contains(PosixFilePermission.OTHERS_READ) || !p.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                errors.add("* rc=1: Your agent has too restrictive permissions: should be 755");
            }
        } catch (IOException | UnsupportedOperationException e) {
            errors.add("* rc=1: cannot read the permissions of " + file + ": " + e.getMessage());
        }
    }

    private void checkMetadata() throws Exception {
        String xml = agent.metaData();
        if (!Files.isReadable(dtd)) {
            notes.add("* " + dtd + " is missing: meta-data checked for well-formedness only");
        }
        List<String> problems = validate(xml, dtd);
        if (!problems.isEmpty()) {
            errors.add("* rc=1: Your agent produces meta-data which does not conform to ra-api-1.dtd: "
                    + String.join("; ", problems));
        }
    }

    /** Problems of the meta-data against the DTD (or, without the DTD, as XML); empty if it conforms. */
    public static List<String> validate(String xml, Path dtd) {
        List<String> problems = new ArrayList<>();
        boolean withDtd = Files.isReadable(dtd);
        String text = xml;
        if (withDtd && !xml.contains("<!DOCTYPE")) {
            int decl = xml.startsWith("<?xml") ? xml.indexOf("?>") + 2 : 0;
            text = xml.substring(0, decl) + "\n<!DOCTYPE resource-agent SYSTEM \"ra-api-1.dtd\">\n" + xml.substring(decl);
        }
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setValidating(withDtd);
            f.setNamespaceAware(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setEntityResolver((publicId, systemId) -> {
                if (withDtd && systemId != null && systemId.endsWith("ra-api-1.dtd")) {
                    return new InputSource(Files.newInputStream(dtd));
                }
                throw new SAXException("refusing to load external entity " + systemId);
            });
            b.setErrorHandler(new ErrorHandler() {
                @Override
                public void warning(SAXParseException e) {
                }

                @Override
                public void error(SAXParseException e) {
                    problems.add("line " + e.getLineNumber() + ": " + e.getMessage());
                }

                @Override
                public void fatalError(SAXParseException e) {
                    problems.add("line " + e.getLineNumber() + ": " + e.getMessage());
                }
            });
            b.parse(new InputSource(new StringReader(text)));
        } catch (SAXException | IOException | javax.xml.parsers.ParserConfigurationException e) {
            if (problems.isEmpty()) {
                problems.add(e.getMessage());
            }
        }
        return problems;
    }
}
