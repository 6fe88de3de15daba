package io.tandem.shell.internal.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.shell.internal.admin.CommandSpec.Invocation;
import io.tandem.shell.internal.admin.CommandSpec.UsageException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CommandSpecTest {
    private static CommandSpec spec(String verb) {
        return AdminSpecs.spec(verb).orElseThrow();
    }

    @Test
    void optionsMayComeAnywhereInEitherForm() throws UsageException {
        Invocation a = spec("resource-move").parse(List.of("--lifetime", "PT10M", "web", "node2"));
        Invocation b = spec("resource-move").parse(List.of("web", "-u", "PT10M", "node2"));
        Invocation c = spec("resource-move").parse(List.of("web", "node2", "--lifetime=PT10M"));
        assertEquals(List.of("web", "node2"), a.positional());
        assertEquals(Map.of("--lifetime", "PT10M"), a.values());
        assertEquals(a, b);
        assertEquals(a, c);
    }

    @Test
    void flagsAreStoredUnderTheirLongName() throws UsageException {
        Invocation i = spec("status").parse(List.of("-r", "--failcounts"));
        assertEquals(Set.of("--inactive", "--failcounts"), i.flags());
    }

    @Test
    void doubleDashEndsTheOptions() throws UsageException {
        Invocation i = spec("node-attribute").parse(List.of("n1", "--", "weird", "-5"));
        assertEquals(List.of("n1", "weird", "-5"), i.positional());
    }

    @Test
    void mistakesAreNamed() {
        assertEquals("missing RESOURCE", assertThrows(UsageException.class, () -> spec("resource-move").parse(List.of())).getMessage());
        assertEquals("unexpected argument 'extra'",
                assertThrows(UsageException.class, () -> spec("resource-locate").parse(List.of("ip", "extra"))).getMessage());
        assertEquals("unknown option --force for resource-move",
                assertThrows(UsageException.class, () -> spec("resource-move").parse(List.of("ip", "--force"))).getMessage());
        assertEquals("--lifetime needs a value (DURATION)",
                assertThrows(UsageException.class, () -> spec("resource-move").parse(List.of("ip", "--lifetime"))).getMessage());
        assertEquals("--reboot takes no value",
                assertThrows(UsageException.class, () -> spec("node-standby").parse(List.of("--reboot=yes"))).getMessage());
        assertEquals("--node given twice", assertThrows(UsageException.class,
                () -> spec("resource-cleanup").parse(List.of("-N", "a", "--node", "b"))).getMessage());
    }

    @Test
    void usageShowsSynopsisAndOptions() {
        assertEquals("""
                usage: resource-move RESOURCE [NODE] [--lifetime DURATION]
                Moves a resource to a node (or away from its current node) with a location constraint.
                  --lifetime, -u DURATION  the constraint expires after this ISO 8601 duration (as crm_resource -u): PT10M, PT2H, P1D, P1W, P1M
                """, spec("resource-move").usage());
        assertTrue(AdminSpecs.verbList().lines().anyMatch(l -> l.matches("  resource-move +Moves a resource to a node .*")),
                AdminSpecs.verbList());
    }
}
