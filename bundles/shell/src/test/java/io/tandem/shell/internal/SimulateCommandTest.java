package io.tandem.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.scheduler.SimulationReport;
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

/** The command's plumbing with a recording scheduler double: which "now" it passes, what it prints and writes. */
class SimulateCommandTest {
    private static final Instant WALL = Instant.parse("2026-03-01T10:00:00Z");
    private final List<Instant> nows = new ArrayList<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private SimulateCommand command(Path file) {
        SimulateCommand c = new SimulateCommand();
        c.simulator = (cib, now) -> {
            nows.add(now);
            return new SimulationReport("Current cluster status:\nTransition Summary:\n  * Start rsc1 ( n1 )\n",
                    List.of("pcmk__primitive_assign: rsc1 allocation score on n1: 0"), "<transition_graph/>");
        };
        c.file = file.toString();
        return c;
    }

    private void run(SimulateCommand c) throws Exception {
        c.run(new PrintStream(out, true, StandardCharsets.UTF_8), WALL);
    }

    @Test
    void printsTheTextScoresAndGraph(@TempDir Path dir) throws Exception {
        Path cib = Files.writeString(dir.resolve("cib.xml"), "<cib><configuration/><status/></cib>");
        SimulateCommand c = command(cib);
        c.showScores = true;
        c.saveGraph = dir.resolve("graph.xml").toString();
        run(c);
        assertEquals("Current cluster status:\nTransition Summary:\n  * Start rsc1 ( n1 )\n\nAllocation scores:\n"
                + "pcmk__primitive_assign: rsc1 allocation score on n1: 0\n", out.toString());
        assertEquals("<transition_graph/>", Files.readString(dir.resolve("graph.xml")));
        assertEquals(List.of(WALL), nows);
    }

    @Test
    void nowComesFromTheOptionThenTheCib(@TempDir Path dir) throws Exception {
        Path cib = Files.writeString(dir.resolve("cib.xml"), "<cib execution-date=\"1500000000\"/>");
        run(command(cib));
        SimulateCommand forced = command(cib);
        forced.now = "2014-05-07 00:28:00 Z";
        run(forced);
        assertEquals(List.of(Instant.ofEpochSecond(1_500_000_000L), Instant.parse("2014-05-07T00:28:00Z")), nows);
    }

    @Test
    void errorsNameTheFileAndTheProblem(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.xml"), "<cib>\n<status>\n</cib>\n");
        String msg = assertThrows(SimulateCommand.SimulateException.class, () -> run(command(bad))).getMessage();
        assertTrue(msg.startsWith(bad + ":3: <status>: not well-formed XML"), msg);
        SimulateCommand absent = command(dir.resolve("absent.xml"));
        assertEquals(dir.resolve("absent.xml") + ": no such file",
                assertThrows(SimulateCommand.SimulateException.class, () -> run(absent)).getMessage());
        SimulateCommand badDate = command(Files.writeString(dir.resolve("ok.xml"), "<cib/>"));
        badDate.now = "tomorrow";
        assertTrue(assertThrows(SimulateCommand.SimulateException.class, () -> run(badDate)).getMessage().contains("date \"tomorrow\""));
        SimulateCommand noService = command(dir.resolve("ok.xml"));
        noService.simulator = null;
        assertTrue(assertThrows(SimulateCommand.SimulateException.class, () -> run(noService)).getMessage()
                .startsWith("the scheduler is not running"));
        assertEquals(List.of(), nows);
    }
}
