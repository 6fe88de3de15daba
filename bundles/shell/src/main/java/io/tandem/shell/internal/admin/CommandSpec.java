package io.tandem.shell.internal.admin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The command line of one admin verb: its positional arguments and options. One parser for both front ends: the
 * Karaf actions turn their annotated fields back into a command line, and {@code bin/tandem} sends the user's, so
 * both are checked by {@link #parse} the same way.
 *
 * @param verb        the name after {@code ha:} and {@code tandem}
 * @param summary     one line for the verb lists
 * @param arguments   the positional arguments, required ones first
 * @param options     the options
 * @param restJoined  whether extra positional arguments are allowed (they all belong to the last argument)
 */
public record CommandSpec(String verb, String summary, List<Arg> arguments, List<Opt> options, boolean restJoined) {
    /** A positional argument. */
    public record Arg(String name, boolean required) {
    }

    /**
     * An option; {@code value} names its value ({@code null} for a flag).
     *
     * @param names its spellings, the canonical long one first ({@code --node}, {@code -N})
     */
    public record Opt(List<String> names, String value, String description) {
        public Opt {
            names = List.copyOf(names);
            if (names.isEmpty() || !names.get(0).startsWith("--")) {
                throw new IllegalArgumentException("an option's first name is its --long name: " + names);
            }
        }

        public String name() {
            return names.get(0);
        }

        boolean isFlag() {
            return value == null;
        }
    }

    public CommandSpec {
        Objects.requireNonNull(verb, "verb");
        arguments = List.copyOf(arguments);
        options = List.copyOf(options);
        boolean optionalSeen = false;
        for (Arg a : arguments) {
            if (a.required() && optionalSeen) {
                throw new IllegalArgumentException(verb + ": required argument " + a.name() + " after an optional one");
            }
            optionalSeen |= !a.required();
        }
    }

    static Opt flag(String description, String... names) {
        return new Opt(List.of(names), null, description);
    }

    static Opt option(String value, String description, String... names) {
        return new Opt(List.of(names), value, description);
    }

    static Arg required(String name) {
        return new Arg(name, true);
    }

    static Arg optional(String name) {
        return new Arg(name, false);
    }

    /** {@code resource-move RESOURCE [NODE] [--lifetime DURATION]}. */
    public String synopsis() {
        StringBuilder sb = new StringBuilder(verb);
        for (Arg a : arguments) {
            sb.append(' ').append(a.required() ? a.name() : "[" + a.name() + "]");
        }
        if (restJoined) {
            sb.append("...");
        }
        for (Opt o : options) {
            sb.append(" [").append(o.name()).append(o.isFlag() ? "" : " " + o.value()).append(']');
        }
        return sb.toString();
    }

    /** The usage text: synopsis, summary and options. */
    public String usage() {
        StringBuilder sb = new StringBuilder("usage: ").append(synopsis()).append('\n').append(summary).append('\n');
        for (Opt o : options) {
            sb.append("  ").append(String.join(", ", o.names())).append(o.isFlag() ? "" : " " + o.value())
                    .append("  ").append(o.description()).append('\n');
        }
        return sb.toString();
    }

    /**
     * Parses a command line (without the verb). Options may come anywhere; {@code --name=value} and {@code --name value}
     * both work; {@code --} ends the options.
     *
     * @throws UsageException naming the unknown option, the missing value or argument, or the extra argument
     */
    public Invocation parse(List<String> args) throws UsageException {
        Map<String, Opt> byName = new HashMap<>();
        for (Opt o : options) {
            o.names().forEach(n -> byName.put(n, o));
        }
        Map<String, String> values = new HashMap<>();
        Set<String> flags = new HashSet<>();
        List<String> positional = new ArrayList<>();
        boolean optionsEnded = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (optionsEnded || !a.startsWith("-") || a.equals("-")) {
                positional.add(a);
                continue;
            }
            if (a.equals("--")) {
                optionsEnded = true;
                continue;
            }
            int eq = a.startsWith("--") ? a.indexOf('=') : -1;
            String name = eq > 0 ? a.substring(0, eq) : a;
            Opt o = byName.get(name);
            if (o == null && restJoined && !positional.isEmpty()) {
                positional.add(a); // inside free text such as "location l1 ip -inf: node2"
                continue;
            }
            if (o == null) {
                throw new UsageException("unknown option " + name + " for " + verb);
            }
            if (o.isFlag()) {
                if (eq > 0) {
                    throw new UsageException(o.name() + " takes no value");
                }
                flags.add(o.name());
            } else {
                String value;
                if (eq > 0) {
                    value = a.substring(eq + 1);
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    throw new UsageException(o.name() + " needs a value (" + o.value() + ")");
                }
                if (values.put(o.name(), value) != null) {
                    throw new UsageException(o.name() + " given twice");
                }
            }
        }
        long requiredCount = arguments.stream().filter(Arg::required).count();
        if (positional.size() < requiredCount) {
            throw new UsageException("missing " + arguments.get(positional.size()).name());
        }
        if (positional.size() > arguments.size()) {
            if (restJoined && !arguments.isEmpty()) {
                List<String> joined = new ArrayList<>(positional.subList(0, arguments.size() - 1));
                joined.add(String.join(" ", positional.subList(arguments.size() - 1, positional.size())));
                positional = joined;
            } else {
                throw new UsageException("unexpected argument '" + positional.get(arguments.size()) + "'");
            }
        }
        return new Invocation(this, positional, values, flags);
    }

    /** A parsed command line. */
    public record Invocation(CommandSpec spec, List<String> positional, Map<String, String> values, Set<String> flags) {
        public Invocation {
            positional = List.copyOf(positional);
            values = Map.copyOf(values);
            flags = Set.copyOf(flags);
        }

        /** A positional argument by its index, if given. */
        Optional<String> arg(int index) {
            return index < positional.size() ? Optional.of(positional.get(index)) : Optional.empty();
        }

        Optional<String> value(String option) {
            return Optional.ofNullable(values.get(option));
        }

        boolean flag(String option) {
            return flags.contains(option);
        }
    }

    /** A command line that cannot be obeyed: exit 64 and the verb's usage. */
    public static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        public UsageException(String message) {
            super(message);
        }
    }
}
