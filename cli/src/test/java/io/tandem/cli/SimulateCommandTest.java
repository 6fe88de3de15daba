package io.tandem.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.scheduler.SimulationReport;
import io.tandem.scheduler.Simulator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command's plumbing, with a recording scheduler double: options, "now", files and exit codes. */
class SimulateCommandTest {
    private static final Instant WALL = Instant.parse("2026-03-01T10:00:00Z");
    private static final String GRAPH = """
            <transition_graph transition_id="0">
              <synapse id="0"><action_set><rsc_op id="3" operation="start" operation_key="rsc1_start_0" on_node="node2"/></action_set>
                <inputs><trigger><rsc_op id="1" operation="monitor" operation_key="rsc1_monitor_0" on_node="node1"/></trigger></inputs></synapse>
              <synapse id="1"><action_set><rsc_op id="1" operation="monitor" operation_key="rsc1_monitor_0" on_node="node1"/></action_set><inputs/></synapse>
            </transition_graph>
            """;
    private final List<Instant> nows = new ArrayList<>();
    private final Simulator recorder = (cib, now) -> {
        nows.add(now);
        return new SimulationReport("Current cluster status:\n  * Node List:\n    * Online: [ node1 ]\n\nTransition Summary:\n"
                + "  * Start      rsc1    ( node2 )\n\nExecuting Cluster Transition:\n  * Resource action: rsc1 start on node2\n\n"
                + "Revised Cluster Status:\n  * Node List:\n    * Online: [ node1 ]\n", List.of("x: rsc1 allocation score on node2: 5"), GRAPH);
    };
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String stdin, String... args) {
        return new SimulateCommand(() -> recorder, () -> WALL).run(List.of(args),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void readsAFileWritesGraphDotAndInputAndPrintsTheLayout(@TempDir Path dir) throws Exception {
        Path cib = dir.resolve("cib.xml");
        Files.writeString(cib, "<cib execution-date=\"1500000000\"><configuration/><status/></cib>");
        assertEquals(0, run("", "-x", cib.toString(), "-R", "-G", dir.resolve("g.xml").toString(),
                "-D", dir.resolve("g.dot").toString(), "-I", dir.resolve("in.xml").toString()), err.toString());
        assertEquals(List.of(Instant.ofEpochSecond(1_500_000_000L)), nows);
        assertEquals(GRAPH, Files.readString(dir.resolve("g.xml")));
        assertEquals(Files.readString(cib), Files.readString(dir.resolve("in.xml")));
        assertEquals(" digraph \"g\" {\n"
                + "\"rsc1_monitor_0 node1\" -> \"rsc1_start_0 node2\" [ style = bold]\n"
                + "\"rsc1_monitor_0 node1\" [ style=bold color=\"green\" fontcolor=\"black\"]\n"
                + "\"rsc1_start_0 node2\" [ style=bold color=\"green\" fontcolor=\"black\"]\n}\n", Files.readString(dir.resolve("g.dot")));
        assertTrue(out.toString().endsWith("Transition Summary:\n  * Start      rsc1    ( node2 )\n"), out.toString());
    }

    @Test
    void readsStdinAndForcedTimeWinsOverTheClock() {
        assertEquals(0, run("<cib><configuration/><status/></cib>", "-p", "-sSQ", "-t", "2005-020T12:30 +01:00"));
        assertEquals(List.of(Instant.parse("2005-01-20T11:30:00Z")), nows);
        assertEquals("x: rsc1 allocation score on node2: 5\n\n", out.toString());
        nows.clear();
        assertEquals(0, run("<cib><configuration/><status/></cib>", "-p", "-S"));
        assertEquals(List.of(WALL), nows);
    }

    @Test
    void badInputGivesAClearMessageAndExitCode(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.xml");
        Files.writeString(bad, "<cib>\n  <configuration>\n</cib>\n");
        assertEquals(65, run("", "-x", bad.toString(), "-S"));
        assertTrue(err.toString().startsWith("tandem simulate: " + bad + ":3: <configuration>: not well-formed XML"), err.toString());
        err.reset();
        assertEquals(66, run("", "-x", dir.resolve("absent.xml").toString(), "-S"));
        assertTrue(err.toString().contains("absent.xml: no such file"), err.toString());
        err.reset();
        assertEquals(65, run("<cib/>", "-p", "-t", "yesterday"));
        assertTrue(err.toString().contains("date \"yesterday\""), err.toString());
        err.reset();
        assertEquals(65, run("<status/>", "-p"));
        assertTrue(err.toString().contains("the root element of a CIB is <cib>"), err.toString());
        err.reset();
        assertEquals(64, run("", "-S"));
        assertTrue(err.toString().contains("no CIB given"), err.toString());
        assertEquals(List.of(), nows);
    }

    @Test
    void mainDispatchesVerbs() {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        PrintStream po = new PrintStream(o, true, StandardCharsets.UTF_8);
        PrintStream pe = new PrintStream(e, true, StandardCharsets.UTF_8);
        io.tandem.ipc.client.Connector noNode = request -> {
            throw new AssertionError("simulate and usage errors must not reach the node: " + request);
        };
        java.nio.file.Path cwd = java.nio.file.Path.of(".");
        assertEquals(64, Main.run(List.of("--frobnicate"), System.in, po, pe, noNode, cwd));
        assertTrue(e.toString().startsWith("tandem: unknown option \"--frobnicate\""));
        assertEquals(0, Main.run(List.of("simulate", "-h"), System.in, po, pe, noNode, cwd));
        assertTrue(o.toString().contains("--xml-file=FILE"));
        assertEquals(64, Main.run(List.of(), System.in, po, pe, noNode, cwd));
    }
}
