package io.tandem.shell.internal;

import io.tandem.executor.AgentAction;
import io.tandem.executor.AgentId;
import io.tandem.executor.AgentMetadata;
import io.tandem.executor.AgentParameter;
import io.tandem.executor.Durations;
import io.tandem.executor.OperationResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Text of the ha:ra-* commands, in the layouts of crmsh's {@code crm ra} commands. */
final class RaText {
    static final String NO_EXECUTOR = "the executor is not running (bundle io.tandem.executor.impl)\n";
    private static final Set<String> NOT_OPERATIONS = Set.of("meta-data", "validate-all", "usage", "status");
    private static final int WIDTH = 80;

    private RaText() {
    }

    /** {@code crm ra classes}: one class per line, OCF with its providers. */
    static String classes(List<String> classes, List<String> ocfProviders) {
        StringBuilder sb = new StringBuilder();
        for (String c : classes) {
            sb.append(c);
            if (c.equals(AgentId.OCF) && !ocfProviders.isEmpty()) {
                sb.append(" / ").append(String.join(" ", ocfProviders));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Agent names in columns, as {@code crm ra list} prints them. */
    static String columns(List<String> names) {
        if (names.isEmpty()) {
            return "";
        }
        int width = names.stream().mapToInt(String::length).max().orElse(1) + 2;
        int perLine = Math.max(1, WIDTH / width);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            boolean last = (i + 1) % perLine == 0 || i == names.size() - 1;
            sb.append(last ? n : n + " ".repeat(width - n.length()));
            if (last) {
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    /** {@code crm ra info}: title, description, parameters with type and default, operations with defaults. */
    static String info(AgentId agent, AgentMetadata md) {
        StringBuilder sb = new StringBuilder();
        String title = md.shortDescription().isEmpty() ? md.name() : md.shortDescription();
        sb.append(title).append(" (").append(agent).append(")\n\n");
        if (!md.longDescription().isEmpty()) {
            sb.append(wrap(md.longDescription(), "")).append('\n');
        }
        if (!md.parameters().isEmpty()) {
            sb.append("Parameters (*: required, []: default):\n\n");
            for (AgentParameter p : md.parameters()) {
                sb.append(p.name()).append(p.required() ? "*" : "").append(" (").append(p.type());
                if (p.hasDefault()) {
                    sb.append(", [").append(p.defaultValue()).append(']');
                }
                sb.append("): ").append(p.shortDescription()).append('\n');
                if (!p.longDescription().isEmpty()) {
                    sb.append(wrap(p.longDescription(), "    "));
                }
                if (!p.options().isEmpty()) {
                    sb.append("    Allowed values: ").append(String.join(", ", p.options())).append('\n');
                }
                sb.append('\n');
            }
        }
        List<AgentAction> ops = md.actions().stream().filter(a -> !NOT_OPERATIONS.contains(a.name())).toList();
        if (!ops.isEmpty()) {
            sb.append("Operations' defaults (advisory minimum):\n\n");
            int w = ops.stream().mapToInt(a -> a.name().length() + (a.role().isEmpty() ? 0 : a.role().length() + 1)).max().orElse(8);
            for (AgentAction a : ops) {
                String name = a.role().isEmpty() ? a.name() : a.name() + "_" + a.role();
                StringBuilder line = new StringBuilder("    ").append(name).append(" ".repeat(w - name.length() + 1));
                List<String> attrs = new ArrayList<>();
                if (!a.timeout().isZero()) {
                    attrs.add("timeout=" + Durations.format(a.timeout()));
                }
                if (!a.interval().isZero()) {
                    attrs.add("interval=" + Durations.format(a.interval()));
                }
                if (!a.startDelay().isZero()) {
                    attrs.add("start-delay=" + Durations.format(a.startDelay()));
                }
                if (a.depth() != 0 || !a.interval().isZero() && a.name().equals("monitor")) {
                    attrs.add("depth=" + a.depth());
                }
                line.append(String.join(" ", attrs));
                sb.append(line.toString().stripTrailing()).append('\n');
            }
        }
        return sb.toString();
    }

    /** What ha:ra-exec prints: the verdict line, then the output the agent wrote. */
    static String execResult(OperationResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append(r.agent()).append('(').append(r.resourceId()).append(") ").append(r.action())
                .append(": rc=").append(r.exitCode().code()).append(" (").append(r.exitCode().description()).append(')')
                .append(" status=").append(r.status().name().toLowerCase(java.util.Locale.ROOT))
                .append(" duration=").append(r.execMillis()).append("ms");
        if (r.rawExitCode() >= 0 && r.rawExitCode() != r.exitCode().code()) {
            sb.append(" (agent exited ").append(r.rawExitCode()).append(')');
        }
        sb.append('\n');
        if (!r.exitReason().isEmpty()) {
            sb.append("exit reason: ").append(r.exitReason()).append('\n');
        }
        if (!r.stdout().isEmpty()) {
            sb.append("--- stdout ---\n").append(r.stdout());
            if (!r.stdout().endsWith("\n")) {
                sb.append('\n');
            }
        }
        if (!r.stderr().isEmpty()) {
            sb.append("--- stderr ---\n").append(r.stderr());
            if (!r.stderr().endsWith("\n")) {
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    static String wrap(String text, String indent) {
        StringBuilder sb = new StringBuilder();
        for (String paragraph : text.strip().split("\n\\s*\n")) {
            StringBuilder line = new StringBuilder(indent);
            for (String word : paragraph.strip().split("\\s+")) {
                if (line.length() > indent.length() && line.length() + 1 + word.length() > WIDTH) {
                    sb.append(line).append('\n');
                    line = new StringBuilder(indent);
                }
                if (line.length() > indent.length()) {
                    line.append(' ');
                }
                line.append(word);
            }
            sb.append(line).append("\n");
        }
        return sb.toString();
    }

    static Duration duration(String text) {
        return Durations.parse(text);
    }
}
