package io.tandem.attributes.internal;

import static io.tandem.attributes.AttributeLifetime.FOREVER;
import static io.tandem.attributes.AttributeLifetime.REBOOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.attributes.AttributeLifetime;
import io.tandem.attributes.AttributeListener;
import io.tandem.common.Score;
import io.tandem.testkit.SimScheduler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttributeStoreTest {
    @TempDir
    Path dir;

    private final SimScheduler clock = new SimScheduler();
    private final List<String> heard = new ArrayList<>();
    private AttributeStore store;

    private final AttributeListener recorder = (node, name, value, lifetime) ->
            heard.add(node + " " + name + "=" + value + " " + lifetime + " @" + clock.nanoTime() / 1_000_000);

    @BeforeEach
    void start() {
        store = newStore();
        store.addListener(recorder);
    }

    private AttributeStore newStore() {
        return new AttributeStore(clock, "node1", new FileStorage(dir.resolve(FileStorage.FILE_NAME)));
    }

    @Test
    void dampenedWritesWaitAndTheLatestValueWins() {
        store.set("node1", "pingd", "100", REBOOT, Duration.ofSeconds(5));
        assertEquals(Optional.empty(), store.get("node1", "pingd", REBOOT));
        assertEquals(Optional.of("100"), store.latest("node1", "pingd", REBOOT));
        clock.advanceMillis(2000);
        store.set("node1", "pingd", "0", REBOOT, Duration.ofSeconds(5));
        clock.advanceMillis(2000);
        store.set("node1", "pingd", "200", REBOOT, Duration.ofSeconds(5));
        clock.advanceMillis(999);
        assertEquals(Optional.empty(), store.get("node1", "pingd", REBOOT));
        assertTrue(heard.isEmpty());
        // 5 s after the first change, not after the last one: flapping cannot postpone the write forever
        clock.advanceMillis(1);
        assertEquals(Optional.of("200"), store.get("node1", "pingd", REBOOT));
        assertEquals(List.of("node1 pingd=200 REBOOT @5000"), heard);
    }

    @Test
    void anImmediateWriteOrDeleteCancelsTheDampenedOne() {
        store.set(null, "a", "1", REBOOT, Duration.ofSeconds(5));
        store.set(null, "a", "2", REBOOT, Duration.ZERO);
        clock.advanceMillis(10_000);
        assertEquals(Optional.of("2"), store.get("node1", "a", REBOOT));
        store.set(null, "a", "3", REBOOT, Duration.ofSeconds(5));
        store.delete(null, "a", REBOOT);
        clock.advanceMillis(10_000);
        assertEquals(Optional.empty(), store.latest("node1", "a", REBOOT));
        assertEquals(List.of("node1 a=2 REBOOT @0", "node1 a=null REBOOT @10000"), heard);
    }

    @Test
    void lifetimesAreSeparateAndOnlyPermanentValuesSurviveARestart() throws IOException {
        store.set("node1", "location", "office", FOREVER, Duration.ZERO);
        store.set("node1", "location", "rack 3", REBOOT, Duration.ZERO);
        store.set("node2", "weird", "tab\there\nnewline \\ backslash", FOREVER, Duration.ZERO);
        store.setOption("node1_REPL_INFO", "node1|mysql-bin.000001|245");
        assertEquals(Optional.of("office"), store.get("node1", "location", FOREVER));
        assertEquals(Optional.of("rack 3"), store.get("node1", "location", REBOOT));
        assertEquals(Map.of("location", "office"), store.all("node1", FOREVER));

        AttributeStore restarted = newStore();
        assertEquals(Optional.of("office"), restarted.get("node1", "location", FOREVER));
        assertEquals(Optional.of("tab\there\nnewline \\ backslash"), restarted.get("node2", "weird", FOREVER));
        assertEquals(Optional.empty(), restarted.get("node1", "location", REBOOT));
        assertEquals(Optional.of("node1|mysql-bin.000001|245"), restarted.option("node1_REPL_INFO"));
        assertTrue(restarted.deleteOption("node1_REPL_INFO"));
        assertFalse(restarted.deleteOption("node1_REPL_INFO"));
        assertTrue(restarted.remove("node1", "location", FOREVER));
        assertFalse(restarted.remove("node1", "location", FOREVER));
        assertEquals(Optional.empty(), newStore().get("node1", "location", FOREVER));
        assertEquals(Optional.empty(), newStore().option("node1_REPL_INFO"));
        assertTrue(Files.readString(dir.resolve(FileStorage.FILE_NAME)).contains("node\tnode2\tweird\ttab\\there\\nnewline \\\\ backslash\n"));
    }

    @Test
    void aPermanentValueThatCannotBeSavedIsNotApplied() throws IOException {
        Path state = dir.resolve("state");
        AttributeStore broken = new AttributeStore(clock, "node1", new FileStorage(state.resolve(FileStorage.FILE_NAME)));
        Files.writeString(state, "a file where the state directory should be");
        assertThrows(UncheckedIOException.class, () -> broken.set("node1", "x", "1", FOREVER, Duration.ZERO));
        assertEquals(Optional.empty(), broken.get("node1", "x", FOREVER));
        assertThrows(UncheckedIOException.class, () -> broken.setOption("x", "1"));
        assertEquals(Optional.empty(), broken.option("x"));
    }

    @Test
    void aCorruptFileIsReportedWithFileAndLine() throws IOException {
        Files.writeString(dir.resolve(FileStorage.FILE_NAME), "# header\nnode\tn1\tname\tvalue\nnode\tonly-two\n");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, this::newStore);
        assertTrue(e.getMessage().contains(FileStorage.FILE_NAME + ":3: field 1"), e.getMessage());
    }

    @Test
    void listenersHearEveryCommittedChangeInOrderOnTheScheduler() {
        List<String> second = new ArrayList<>();
        AttributeListener other = (node, name, value, lifetime) -> second.add(name + "=" + value);
        store.addListener(other);
        store.set("node1", "a", "1", REBOOT, Duration.ZERO);
        store.set("node1", "a", "1", REBOOT, Duration.ZERO); // no change, no event
        store.set("node2", "b", "2", FOREVER, Duration.ZERO);
        store.delete("node1", "a", REBOOT);
        store.delete("node1", "never-set", REBOOT);
        assertTrue(heard.isEmpty(), "delivered on the scheduler, not in the caller");
        clock.advance(0);
        assertEquals(List.of("node1 a=1 REBOOT @0", "node2 b=2 FOREVER @0", "node1 a=null REBOOT @0"), heard);
        assertEquals(List.of("a=1", "b=2", "a=null"), second);
        store.removeListener(other);
        store.set("node1", "c", "3", REBOOT, Duration.ZERO);
        clock.advance(0);
        assertEquals(3, second.size());
        assertEquals(4, heard.size());
    }

    @Test
    void failCountsUsePacemakersPerOperationNames() {
        assertEquals(Score.of(1), store.recordFailure("node1", "db", "monitor", 10_000));
        clock.advanceMillis(3000);
        assertEquals(Score.of(2), store.recordFailure("node1", "db", "monitor", 10_000));
        store.recordFailure("node1", "db", "start", 0);
        store.recordFailure("node1", "db1", "start", 0);
        Map<String, String> attrs = store.all("node1", REBOOT);
        assertEquals("2", attrs.get("fail-count-db#monitor_10000"));
        assertEquals("1", attrs.get("fail-count-db#start_0"));
        assertEquals(Long.toString(clock.currentTimeMillis() / 1000), attrs.get("last-failure-db#monitor_10000"));
        assertEquals(Score.of(3), store.failCount("node1", "db"), "db1's failures are not db's");
        assertEquals(Score.of(1), store.failCount("node1", "db1"));
        assertEquals(Score.ZERO, store.failCount("node2", "db"));

        store.set("node1", "fail-count-db#start_0", "INFINITY", REBOOT, Duration.ZERO); // start-failure-is-fatal
        assertEquals(Score.INFINITY, store.failCount("node1", "db"));
        assertEquals(Score.INFINITY, store.recordFailure("node1", "db", "start", 0));

        store.clearFailures("node1", "db");
        assertEquals(Score.ZERO, store.failCount("node1", "db"));
        assertEquals(Map.of("fail-count-db1#start_0", "1"), Map.of("fail-count-db1#start_0",
                store.all("node1", REBOOT).get("fail-count-db1#start_0")));
        assertTrue(store.all("node1", REBOOT).keySet().stream().noneMatch(n -> n.contains("-db#")));
    }

    @Test
    void valuesExpandLikeAttrd() {
        assertEquals("1", AttributeStore.expand("x", "x++", null));
        assertEquals("6", AttributeStore.expand("x", "x++", "5"));
        assertEquals("15", AttributeStore.expand("x", "x+=10", "5"));
        assertEquals("INFINITY", AttributeStore.expand("x", "x+=INFINITY", "5"));
        assertEquals("1", AttributeStore.expand("x", "x++", "not a number"));
        assertEquals("y++", AttributeStore.expand("x", "y++", "5"));
        store.set(null, "hits", "hits+=3", REBOOT, Duration.ZERO);
        store.set(null, "hits", "hits++", REBOOT, Duration.ZERO);
        assertEquals(Optional.of("4"), store.get(null, "hits", REBOOT));
    }

    @Test
    void promotionScoresFallBackToTheAnonymousClone() {
        store.set("node1", "master-db", "10", REBOOT, Duration.ZERO);
        assertEquals(Optional.of(Score.of(10)), store.promotionScore("node1", "db"));
        assertEquals(Optional.of(Score.of(10)), store.promotionScore("node1", "db:1"));
        store.set("node1", "master-db:1", "-INFINITY", REBOOT, Duration.ZERO);
        assertEquals(Optional.of(Score.MINUS_INFINITY), store.promotionScore("node1", "db:1"));
        assertEquals(Optional.empty(), store.promotionScore("node2", "db"));
        store.set("node1", "master-web", "high", REBOOT, Duration.ZERO);
        assertEquals(Optional.empty(), store.promotionScore("node1", "web"));
    }

    @Test
    void namesAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> store.set("bad node", "a", "1", REBOOT, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> store.set("node1", "a b", "1", REBOOT, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> store.set("node1", "", "1", REBOOT, Duration.ZERO));
        assertEquals("node1", store.node(null));
        assertEquals("node1", store.localNode());
    }
}
