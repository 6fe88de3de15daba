package io.tandem.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The subset of {@code crm_simulate} 2.1.5's options that {@code tandem simulate} understands, spelled as
 * crm_simulate spells them: short options may be bundled ({@code -sSQ}) and take their value attached or as the
 * next argument ({@code -xFILE}, {@code -x FILE}); long options take {@code --opt=VALUE} or {@code --opt VALUE}.
 *
 * @param xmlFile   {@code -x/--xml-file}; empty with {@code -p}
 * @param xmlPipe   {@code -p/--xml-pipe}: read the CIB from standard input
 * @param simulate  {@code -S/--simulate}
 * @param run       {@code -R/--run}
 * @param showScores {@code -s/--show-scores}
 * @param quiet     {@code -Q/--quiet}
 * @param saveGraph {@code -G/--save-graph}
 * @param saveDot   {@code -D/--save-dotfile}
 * @param saveInput {@code -I/--save-input}
 * @param dateTime  {@code -t/--set-datetime}, as given
 * @param help      {@code -h/--help}
 */
public record SimulateOptions(Optional<String> xmlFile, boolean xmlPipe, boolean simulate, boolean run,
                              boolean showScores, boolean quiet, Optional<String> saveGraph, Optional<String> saveDot,
                              Optional<String> saveInput, Optional<String> dateTime, boolean help) {
    public SimulateOptions {
        Objects.requireNonNull(xmlFile);
        Objects.requireNonNull(saveGraph);
        Objects.requireNonNull(saveDot);
        Objects.requireNonNull(saveInput);
        Objects.requireNonNull(dateTime);
    }

    /** Options that need a live cluster or inject events: named so that the error is specific. */
    private static final List<String> UNSUPPORTED = List.of(
            "L:live-check", "u:node-up", "d:node-down", "f:node-fail", "i:op-inject", "F:op-fail", "g:ticket-grant",
            "r:ticket-revoke", "b:ticket-standby", "e:ticket-activate", "q:quorum", "w:watchdog", "O:save-output",
            "P:profile", "N:repeat", "U:show-utilization", "A:show-attrs", "c:show-failcounts", "X:in-place",
            "a:all-actions", "$:version", "-:output-as", "-:output-to", "-:text-fancy");

    public static SimulateOptions parse(List<String> args) throws UsageException {
        Builder b = new Builder();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("--") && a.length() > 2) {
                String name = a.substring(2);
                String value = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                char opt = longToShort(name);
                if (takesValue(opt)) {
                    if (value == null) {
                        if (i + 1 >= args.size()) {
                            throw new UsageException("option --" + name + " needs a value");
                        }
                        value = args.get(++i);
                    }
                    b.set(opt, value, "--" + name);
                } else {
                    if (value != null) {
                        throw new UsageException("option --" + name + " takes no value");
                    }
                    b.set(opt, null, "--" + name);
                }
            } else if (a.startsWith("-") && a.length() > 1) {
                for (int j = 1; j < a.length(); j++) {
                    char opt = a.charAt(j);
                    checkShort(opt);
                    if (takesValue(opt)) {
                        String value;
                        if (j + 1 < a.length()) {
                            value = a.substring(j + 1);
                        } else if (i + 1 < args.size()) {
                            value = args.get(++i);
                        } else {
                            throw new UsageException("option -" + opt + " needs a value");
                        }
                        b.set(opt, value, "-" + opt);
                        break;
                    }
                    b.set(opt, null, "-" + opt);
                }
            } else {
                throw new UsageException("unexpected argument \"" + a + "\" (the CIB is given with -x FILE or -p)");
            }
        }
        SimulateOptions o = b.build();
        if (!o.help && o.xmlFile.isEmpty() && !o.xmlPipe) {
            throw new UsageException("no CIB given: use -x FILE or -p (tandem simulate does not query a live cluster)");
        }
        if (o.xmlFile.isPresent() && o.xmlPipe) {
            throw new UsageException("-x and -p both name the CIB: give one");
        }
        return o;
    }

    private static boolean takesValue(char opt) {
        return "xGDIt".indexOf(opt) >= 0;
    }

    private static void checkShort(char opt) throws UsageException {
        if ("xpSRsQGDIthV".indexOf(opt) >= 0) {
            return;
        }
        for (String u : UNSUPPORTED) {
            if (u.charAt(0) == opt) {
                throw new UsageException("crm_simulate option -" + opt + (u.length() > 2 ? " (--" + u.substring(2) + ")" : "")
                        + " is not supported by tandem simulate");
            }
        }
        throw new UsageException("unknown option -" + opt + " (see tandem simulate -h)");
    }

    private static char longToShort(String name) throws UsageException {
        switch (name) {
            case "xml-file": return 'x';
            case "xml-pipe": return 'p';
            case "simulate": return 'S';
            case "run": return 'R';
            case "show-scores": return 's';
            case "quiet": return 'Q';
            case "save-graph": return 'G';
            case "save-dotfile": return 'D';
            case "save-input": return 'I';
            case "set-datetime": return 't';
            case "help": case "help-all": return 'h';
            case "verbose": return 'V';
            default:
                for (String u : UNSUPPORTED) {
                    if (u.substring(2).equals(name)) {
                        throw new UsageException("crm_simulate option --" + name + " is not supported by tandem simulate");
                    }
                }
                throw new UsageException("unknown option --" + name + " (see tandem simulate -h)");
        }
    }

    private static final class Builder {
        private String xmlFile;
        private boolean xmlPipe;
        private boolean simulate;
        private boolean run;
        private boolean showScores;
        private boolean quiet;
        private String saveGraph;
        private String saveDot;
        private String saveInput;
        private String dateTime;
        private boolean help;
        private final List<String> seen = new ArrayList<>();

        void set(char opt, String value, String spelled) throws UsageException {
            if (value != null && value.isEmpty()) {
                throw new UsageException("option " + spelled + " needs a non-empty value");
            }
            if (value != null && seen.contains(String.valueOf(opt))) {
                throw new UsageException("option " + spelled + " given twice");
            }
            seen.add(String.valueOf(opt));
            switch (opt) {
                case 'x' -> xmlFile = value;
                case 'p' -> xmlPipe = true;
                case 'S' -> simulate = true;
                case 'R' -> run = true;
                case 's' -> showScores = true;
                case 'Q' -> quiet = true;
                case 'G' -> saveGraph = value;
                case 'D' -> saveDot = value;
                case 'I' -> saveInput = value;
                case 't' -> dateTime = value;
                case 'h' -> help = true;
                case 'V' -> { } // crm_simulate's verbosity only affects its logging
                default -> throw new IllegalStateException("unhandled option -" + opt);
            }
        }

        SimulateOptions build() {
            return new SimulateOptions(Optional.ofNullable(xmlFile), xmlPipe, simulate, run, showScores, quiet,
                    Optional.ofNullable(saveGraph), Optional.ofNullable(saveDot), Optional.ofNullable(saveInput),
                    Optional.ofNullable(dateTime), help);
        }
    }
}
