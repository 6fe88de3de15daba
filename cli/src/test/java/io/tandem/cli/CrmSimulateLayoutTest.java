package io.tandem.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tandem.scheduler.SimulationReport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The expected files are what crm_simulate 2.1.5 printed for four corpus inputs with each option set; the report
 * given to the layout is crm_simulate's own {@code -S} text and {@code -sQ} scores, so only the layout is tested.
 */
class CrmSimulateLayoutTest {
    private static String resource(String path) throws IOException {
        try (InputStream in = CrmSimulateLayoutTest.class.getResourceAsStream("/layout/" + path)) {
            if (in == null) {
                throw new IOException("missing test resource layout/" + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static SimulationReport report(String dir, String simulateFile) throws IOException {
        String text = resource(dir + "/" + simulateFile).replaceAll("(?m)^Setting effective cluster time: .*\n", "");
        List<String> scores = new ArrayList<>(resource(dir + "/scores.txt").lines().toList());
        return new SimulationReport(text, scores, "<transition_graph/>");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "date-1, plain", "date-1, R", "date-1, sR", "date-1, sS", "date-1, sSQ",
            "migrate-fencing, plain", "migrate-fencing, R", "migrate-fencing, sR", "migrate-fencing, sS", "migrate-fencing, sSQ",
            "bundle-connection-with-container, plain", "bundle-connection-with-container, R",
            "bundle-connection-with-container, sR", "bundle-connection-with-container, sS", "bundle-connection-with-container, sSQ",
            "10-a-then-bm-b-move-a-clone, plain", "10-a-then-bm-b-move-a-clone, R", "10-a-then-bm-b-move-a-clone, sR",
            "10-a-then-bm-b-move-a-clone, sS", "10-a-then-bm-b-move-a-clone, sSQ"})
    void matchesCrmSimulate(String dir, String options) throws Exception {
        List<String> args = new ArrayList<>(List.of("-x", "in.xml"));
        if (!options.equals("plain")) {
            args.add("-" + options);
        }
        assertEquals(resource(dir + "/" + options + ".txt"),
                CrmSimulateLayout.render(report(dir, "S.txt"), SimulateOptions.parse(args)));
    }

    @ParameterizedTest(name = "{0} {1} -t")
    @CsvSource({"date-1, S, S-t.txt", "date-1, sR, S-t.txt", "bundle-connection-with-container, R, S.txt"})
    void announcesAForcedTime(String dir, String options, String simulateFile) throws Exception {
        SimulateOptions o = SimulateOptions.parse(List.of("-x", "in.xml", "-" + options, "-t", "2005-020T12:30"));
        assertEquals(resource(dir + "/" + options + "-t.txt"), CrmSimulateLayout.render(report(dir, simulateFile), o));
    }
}
