package io.tandem.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PassingListTest {
    private static CaseResult result(String name, Level... passed) {
        return new CaseResult(name, Set.of(passed), Map.of(), Optional.empty(), 1);
    }

    @Test
    void roundTripsThroughTheFile(@TempDir Path dir) throws Exception {
        PassingList list = PassingList.of(List.of(result("b", Level.SCORES, Level.TRANSITION_SUMMARY), result("a", Level.WHOLE_SUMMARY),
                result("c")));
        Path f = dir.resolve("passing.tsv");
        list.write(f);
        String text = Files.readString(f);
        assertTrue(text.endsWith("a\t4\nb\t1,3\n"), text);
        assertEquals(list, PassingList.read(f));
        assertEquals(PassingList.empty(), PassingList.read(dir.resolve("absent.tsv")));
    }

    @Test
    void regressionsAndGainsOnlyCountCasesThatRan() {
        PassingList known = PassingList.parse("x\t1,2\ny\t1\nz\t3\n", "passing.tsv");
        PassingList now = PassingList.of(List.of(result("x", Level.TRANSITION_SUMMARY), result("y", Level.TRANSITION_SUMMARY, Level.EXECUTED_ACTIONS)));
        Set<String> ran = Set.of("x", "y");
        assertEquals(List.of("x level 2"), known.lostIn(now, ran));
        assertEquals(List.of("y level 2"), known.gainedIn(now, ran));
        PassingList updated = known.updatedWith(now, ran);
        assertEquals(Set.of(Level.SCORES), updated.entries().get("z"));
        assertEquals(Set.of(Level.TRANSITION_SUMMARY), updated.entries().get("x"));
    }

    @Test
    void badLinesNameFileAndLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PassingList.parse("# c\nx\t1,9\n", "p.tsv"));
        assertTrue(e.getMessage().startsWith("p.tsv:2: bad level"), e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PassingList.parse("x 1\n", "p.tsv")).getMessage().startsWith("p.tsv:1:"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PassingList.parse("x\t1\nx\t2\n", "p.tsv")).getMessage().contains("twice"));
    }
}
