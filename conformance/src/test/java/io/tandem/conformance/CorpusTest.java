package io.tandem.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The vendored archive holds upstream's listed cases with their files and flags. */
class CorpusTest {
    @Test
    void vendoredArchiveHasTheListedCases() throws Exception {
        Corpus corpus = Corpus.load(Path.of(System.getProperty("basedir", ".")).resolve("corpus/pacemaker-2.1.5-scheduler.tar.gz"));
        assertEquals(798, corpus.cases().size());
        assertEquals(441, corpus.cases().stream().filter(CorpusCase::simple).count());
        assertTrue(corpus.cases().stream().noneMatch(c -> c.name().equals("bundle-order-partial")));
        CorpusCase date2 = corpus.cases().stream().filter(c -> c.name().equals("date-2")).findFirst().orElseThrow();
        assertEquals(Optional.of("2005-020T12:30"), date2.dateOption());
        assertTrue(date2.expectedSummary().contains("Transition Summary:"));
        assertTrue(new String(date2.xml(), java.nio.charset.StandardCharsets.UTF_8).contains("<cib"));
    }
}
