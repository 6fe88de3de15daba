package io.tandem.ipc.client;

import java.util.ArrayList;
import java.util.List;

/**
 * GNU/GLib-style option parsing: {@code -abc} bundles, {@code -vVALUE} and {@code -v VALUE},
 * {@code --name=VALUE} and {@code --name VALUE}, {@code --} ends the options. An option's argument is taken
 * from the next word even if it starts with '-' ({@code -v -INFINITY}), except for optional arguments,
 * which take the next word only if it does not.
 */
final class Options {
    enum Arg { NONE, REQUIRED, OPTIONAL }

    /** One spelling of an option; aliases share a key. {@code shortName} 0 = long only, {@code longName} null = short only. */
    record Spec(char shortName, String longName, Arg arg, String key) {
    }

    /** An option as given: its key, its argument (null for none) and how it was spelled ("-v", "--update"). */
    record Occurrence(String key, String value, String spelled) {
    }

    record Parsed(List<Occurrence> options, List<String> operands) {
        String last(String key) {
            String value = null;
            for (Occurrence o : options) {
                if (o.key.equals(key)) {
                    value = o.value;
                }
            }
            return value;
        }

        boolean has(String key) {
            return options.stream().anyMatch(o -> o.key.equals(key));
        }
    }

    static final class UsageException extends Exception {
        enum Kind { UNKNOWN, MISSING_ARGUMENT }

        final Kind kind;
        final String option;

        UsageException(Kind kind, String option) {
            super((kind == Kind.UNKNOWN ? "Unknown option " : "Missing argument for ") + option);
            this.kind = kind;
            this.option = option;
        }
    }

    private Options() {
    }

    static Spec flag(char shortName, String longName, String key) {
        return new Spec(shortName, longName, Arg.NONE, key);
    }

    static Spec value(char shortName, String longName, String key) {
        return new Spec(shortName, longName, Arg.REQUIRED, key);
    }

    static Spec optional(char shortName, String longName, String key) {
        return new Spec(shortName, longName, Arg.OPTIONAL, key);
    }

    static Parsed parse(List<Spec> specs, List<String> args) throws UsageException {
        List<Occurrence> options = new ArrayList<>();
        List<String> operands = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                operands.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (a.startsWith("--")) {
                int eq = a.indexOf('=');
                String name = a.substring(2, eq < 0 ? a.length() : eq);
                Spec spec = specs.stream().filter(s -> name.equals(s.longName)).findFirst()
                        .orElseThrow(() -> new UsageException(UsageException.Kind.UNKNOWN, "--" + name));
                String value = null;
                if (eq >= 0) {
                    if (spec.arg == Arg.NONE) {
                        throw new UsageException(UsageException.Kind.UNKNOWN, a);
                    }
                    value = a.substring(eq + 1);
                } else if (spec.arg == Arg.REQUIRED) {
                    if (i + 1 >= args.size()) {
                        throw new UsageException(UsageException.Kind.MISSING_ARGUMENT, "--" + name);
                    }
                    value = args.get(++i);
                } else if (spec.arg == Arg.OPTIONAL && i + 1 < args.size() && !args.get(i + 1).startsWith("-")) {
                    value = args.get(++i);
                }
                options.add(new Occurrence(spec.key, value, "--" + name));
            } else if (a.startsWith("-") && a.length() > 1) {
                for (int j = 1; j < a.length(); j++) {
                    char c = a.charAt(j);
                    Spec spec = specs.stream().filter(s -> s.shortName == c).findFirst()
                            .orElseThrow(() -> new UsageException(UsageException.Kind.UNKNOWN, "-" + c));
                    if (spec.arg == Arg.NONE) {
                        options.add(new Occurrence(spec.key, null, "-" + c));
                        continue;
                    }
                    String value = null;
                    if (j + 1 < a.length()) {
                        value = a.substring(j + 1);
                    } else if (spec.arg == Arg.REQUIRED) {
                        if (i + 1 >= args.size()) {
                            throw new UsageException(UsageException.Kind.MISSING_ARGUMENT, "-" + c);
                        }
                        value = args.get(++i);
                    } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("-")) {
                        value = args.get(++i);
                    }
                    options.add(new Occurrence(spec.key, value, "-" + c));
                    break;
                }
            } else {
                operands.add(a);
            }
        }
        return new Parsed(options, operands);
    }
}
