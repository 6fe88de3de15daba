package io.tandem.shell.internal.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.junit.jupiter.api.Test;

/** The Karaf actions declare exactly what the shared specs say, and their fields make command lines the spec reads. */
class AdminActionsTest {
    private static List<Class<?>> actions() {
        List<Class<?>> actions = new ArrayList<>();
        for (Class<?> c : AdminActions.class.getDeclaredClasses()) {
            if (c.isAnnotationPresent(Command.class)) {
                actions.add(c);
            }
        }
        return actions;
    }

    @Test
    void everySpecHasAnActionThatDeclaresTheSameCommandLine() {
        Map<String, Class<?>> byVerb = actions().stream()
                .collect(Collectors.toMap(c -> c.getAnnotation(Command.class).name(), c -> c, (a, b) -> a, TreeMap::new));
        assertEquals(AdminSpecs.all().stream().map(CommandSpec::verb).sorted().toList(), List.copyOf(byVerb.keySet()));
        for (CommandSpec spec : AdminSpecs.all()) {
            Class<?> action = byVerb.get(spec.verb());
            Command command = action.getAnnotation(Command.class);
            assertEquals("ha", command.scope());
            assertEquals(spec.summary(), command.description(), spec.verb());
            List<Field> args = new ArrayList<>();
            List<Field> options = new ArrayList<>();
            for (Field f : action.getDeclaredFields()) {
                if (f.isAnnotationPresent(Argument.class)) {
                    args.add(f);
                }
                if (f.isAnnotationPresent(Option.class)) {
                    options.add(f);
                }
            }
            args.sort(Comparator.comparingInt(f -> f.getAnnotation(Argument.class).index()));
            assertEquals(spec.arguments().stream().map(a -> a.name() + (a.required() ? "" : "?")).toList(),
                    args.stream().map(f -> f.getAnnotation(Argument.class))
                            .map(a -> a.name() + (a.required() ? "" : "?")).toList(), spec.verb());
            assertEquals(spec.options().stream().map(o -> o.names() + (o.value() == null ? " flag" : " value")).collect(Collectors.toSet()),
                    options.stream().map(f -> {
                        Option o = f.getAnnotation(Option.class);
                        List<String> names = new ArrayList<>(List.of(o.name()));
                        names.addAll(List.of(o.aliases()));
                        return names + (f.getType() == boolean.class ? " flag" : " value");
                    }).collect(Collectors.toSet()), spec.verb());
        }
    }

    @Test
    void fieldsBecomeTheCommandLineTheSpecReads() throws Exception {
        AdminActions.ResourceMove move = new AdminActions.ResourceMove();
        move.resource = "web";
        move.node = "node2";
        move.lifetime = "PT10M";
        assertEquals(List.of("resource-move", "--lifetime", "PT10M", "--", "web", "node2"), move.argv());
        CommandSpec.Invocation inv = AdminSpecs.spec("resource-move").orElseThrow().parse(move.argv().subList(1, move.argv().size()));
        assertEquals(List.of("web", "node2"), inv.positional());

        AdminActions.NodeAttribute attr = new AdminActions.NodeAttribute();
        attr.node = "n1";
        attr.name = "-weird";
        attr.delete = true;
        CommandSpec.Invocation a = AdminSpecs.spec("node-attribute").orElseThrow().parse(attr.argv().subList(1, attr.argv().size()));
        assertEquals(List.of("n1", "-weird"), a.positional());
        assertEquals(Set.of("--delete"), a.flags());
    }
}
