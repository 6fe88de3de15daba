package io.tandem.testkit.ocf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.ActionResult;
import io.tandem.common.OcfExitCode;
import io.tandem.executor.spi.AgentRequest;
import io.tandem.executor.spi.ResourceAgent;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checker against small in-memory agents: a correct one passes, each classic mistake is caught. */
class OcfCheckerTest {
    static final String META = """
            <?xml version="1.0"?>
            <resource-agent name="Mem">
            <version>1.0</version>
            <longdesc lang="en">In memory</longdesc>
            <shortdesc lang="en">In memory</shortdesc>
            <parameters/>
            <actions>
            <action name="start" timeout="20s"/>
            <action name="stop" timeout="20s"/>
            <action name="monitor" timeout="20s" interval="10s"/>
            <action name="meta-data" timeout="5s"/>
            </actions>
            </resource-agent>
            """;

    /** A correct agent, with a switch for one deliberate mistake. */
    static final class MemAgent implements ResourceAgent {
        final String mistake;
        boolean running;

        MemAgent(String mistake) {
            this.mistake = mistake;
        }

        @Override
        public String metaData() {
            return mistake.equals("bad-metadata") ? META.replace("<parameters/>", "<parameters><bogus/></parameters>") : META;
        }

        @Override
        public ActionResult execute(AgentRequest r) {
            switch (r.action()) {
                case "start" -> {
                    if (running && mistake.equals("start-twice")) {
                        return ActionResult.done(OcfExitCode.ERR_GENERIC, "already running");
                    }
                    running = true;
                    return ActionResult.ok();
                }
                case "stop" -> {
                    if (!running && mistake.equals("stop-stopped")) {
                        return ActionResult.done(OcfExitCode.NOT_RUNNING, "");
                    }
                    running = false;
                    return ActionResult.ok();
                }
                case "monitor" -> {
                    return running ? ActionResult.ok() : ActionResult.done(mistake.equals("monitor-1")
                            ? OcfExitCode.ERR_GENERIC : OcfExitCode.NOT_RUNNING, "");
                }
                case "validate-all" -> {
                    return ActionResult.ok();
                }
                case "promote" -> {
                    return mistake.equals("half-promotable") ? ActionResult.ok() : ActionResult.done(OcfExitCode.ERR_UNIMPLEMENTED, "");
                }
                default -> {
                    return ActionResult.done(OcfExitCode.ERR_UNIMPLEMENTED, "");
                }
            }
        }
    }

    private static OcfCheckReport check(String mistake) {
        return OcfChecker.check(new SpiDriver("ocf:test:Mem", new MemAgent(mistake), "m1", Map.of()));
    }

    @Test
    void aCorrectAgentPasses() {
        OcfCheckReport r = check("");
        assertTrue(r.passed(), r.render());
        assertTrue(r.notes().contains("* Your agent does not support promotable clones (optional)"));
        assertTrue(r.render().endsWith("ocf:test:Mem passed all tests\n"));
    }

    @Test
    void classicMistakesAreCaught() {
        assertEquals(List.of("* rc=1: Starting a running resource is required to succeed"), check("start-twice").errors());
        assertEquals(List.of("* rc=7: Stopping a stopped resource is required to succeed"), check("stop-stopped").errors());
        OcfCheckReport monitor = check("monitor-1");
        assertFalse(monitor.aborted());
        assertTrue(monitor.errors().contains("* rc=1: Monitoring a stopped resource should return 7"), monitor.render());
        assertTrue(monitor.errors().contains("* rc=1: The initial probe for a stopped resource should return 7 or 5 even if"
                + " all binaries are missing"), monitor.render());
        assertEquals(List.of("* Your agent partially supports promotable clones"), check("half-promotable").errors());
    }

    @Test
    void metaDataIsValidatedAgainstTheDtd() {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isReadable(OcfChecker.DEFAULT_DTD),
                "skipped: " + OcfChecker.DEFAULT_DTD + " missing (apt-get install resource-agents)");
        OcfCheckReport r = check("bad-metadata");
        assertFalse(r.passed());
        assertTrue(r.errors().get(0).contains("does not conform to ra-api-1.dtd"), r.errors().toString());
        assertTrue(OcfChecker.validate(META, OcfChecker.DEFAULT_DTD).isEmpty());
        assertFalse(OcfChecker.validate("<resource-agent", Path.of("/nonexistent.dtd")).isEmpty());
    }
}
