package io.tandem.ipc.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class OptionsTest {
    private static final List<Options.Spec> SPECS = List.of(
            Options.flag('G', "query", "G"), Options.flag('q', "quiet", "q"), Options.value('v', "update", "v"),
            Options.value('n', "name", "n"), Options.optional('p', "promotion", "p"));

    @Test
    void gnuAndGlibSpellingsAllParse() throws Exception {
        Options.Parsed p = Options.parse(SPECS, List.of("-Gq", "-nfoo", "--update=-INFINITY", "--name", "bar", "-v", "-5", "rest"));
        assertEquals("bar", p.last("n"));
        assertEquals("-5", p.last("v"));
        assertEquals(List.of("G", "q", "n", "v", "n", "v"), p.options().stream().map(Options.Occurrence::key).toList());
        assertEquals(List.of("rest"), p.operands());
        assertEquals(List.of("-x"), Options.parse(SPECS, List.of("--", "-x")).operands());
    }

    @Test
    void optionalArgumentsTakeTheNextWordOnlyIfItIsNotAnOption() throws Exception {
        assertNull(Options.parse(SPECS, List.of("--promotion", "-v", "10")).last("p"));
        assertEquals("rsc", Options.parse(SPECS, List.of("-p", "rsc", "-G")).last("p"));
        assertEquals("rsc", Options.parse(SPECS, List.of("--promotion=rsc")).last("p"));
        assertEquals("rsc", Options.parse(SPECS, List.of("-prsc")).last("p"));
    }

    @Test
    void unknownOptionsAndMissingArgumentsAreUsageErrors() {
        Options.UsageException unknown = assertThrows(Options.UsageException.class, () -> Options.parse(SPECS, List.of("-Gx")));
        assertEquals("Unknown option -x", unknown.getMessage());
        Options.UsageException missing = assertThrows(Options.UsageException.class, () -> Options.parse(SPECS, List.of("-n", "x", "-v")));
        assertEquals("Missing argument for -v", missing.getMessage());
        assertThrows(Options.UsageException.class, () -> Options.parse(SPECS, List.of("--query=1")));
        assertThrows(Options.UsageException.class, () -> Options.parse(SPECS, List.of("--nosuch")));
    }

    @Test
    void delaysUsePacemakersIntervalSyntax() {
        assertEquals(5000L, AttrdUpdater.parseDelay("5"));
        assertEquals(5000L, AttrdUpdater.parseDelay("5s"));
        assertEquals(250L, AttrdUpdater.parseDelay("250ms"));
        assertEquals(120000L, AttrdUpdater.parseDelay("2min"));
        assertNull(AttrdUpdater.parseDelay("soon"));
        assertNull(AttrdUpdater.parseDelay("5 fortnights"));
    }
}
