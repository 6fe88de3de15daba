package io.tandem.ipc.client;

import io.tandem.ipc.CrmExit;
import io.tandem.ipc.IpcMessage;
import io.tandem.ipc.Verbs;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** attrd_updater as Pacemaker 2.1: transient attributes with dampening (-U, -B, -Y, -D, -Q, -R). */
final class AttrdUpdater {
    static final String TOOL = "attrd_updater";
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*([a-zA-Z]*)");

    private static final List<Options.Spec> SPECS = List.of(
            Options.flag('h', "help", "help"),
            Options.flag('$', "version", "version"),
            Options.flag('V', "verbose", "verbose"),
            Options.value('n', "name", "name"),
            Options.value('U', "update", "U"),
            Options.value('v', null, "U"),
            Options.value('B', "update-both", "B"),
            Options.flag('Y', "update-delay", "Y"),
            Options.flag('Q', "query", "Q"),
            Options.flag('D', "delete", "D"),
            Options.flag('R', "refresh", "R"),
            Options.value('d', "delay", "delay"),
            Options.value('s', "set", "set"),
            Options.value('N', "node", "node"),
            Options.flag('A', "all", "all"),
            Options.value('l', "lifetime", "lifetime"),
            Options.value('S', "section", "lifetime"),
            Options.flag('p', "private", "private"),
            Options.value((char) 0, "output-as", "output-as"),
            Options.value((char) 0, "output-to", "output-to"),
            Options.flag((char) 0, "text-fancy", "text-fancy"));

    private AttrdUpdater() {
    }

    static int run(List<String> args, ToolContext ctx) {
        Options.Parsed parsed;
        try {
            parsed = Options.parse(SPECS, args);
        } catch (Options.UsageException e) {
            ctx.err().println(TOOL + ": " + e.getMessage());
            return CrmExit.USAGE;
        }
        if (parsed.has("help")) {
            ctx.out().println("Usage:\n  attrd_updater [OPTION?]\n\nquery and update Pacemaker node attributes");
            return CrmExit.OK;
        }
        if (parsed.has("version")) {
            ctx.out().println(Tools.versionLine(TOOL));
            return CrmExit.OK;
        }
        String format = parsed.last("output-as");
        if (format != null && !format.equals("text")) {
            ctx.err().println(TOOL + ": Output format '" + format + "' is not supported by Tandem (only text)");
            return CrmExit.USAGE;
        }
        char command = 'Q';
        String value = null;
        for (Options.Occurrence o : parsed.options()) {
            if (o.key().length() == 1) {
                command = o.key().charAt(0);
                value = o.value();
            }
        }
        String name = parsed.last("name");
        if (command != 'R' && name == null) {
            ctx.err().println(TOOL + ": Command requires --name argument");
            return CrmExit.USAGE;
        }
        Long delayMillis = null;
        if (parsed.last("delay") != null) {
            delayMillis = parseDelay(parsed.last("delay"));
            if (delayMillis == null) {
                ctx.err().println(TOOL + ": Invalid delay '" + parsed.last("delay") + "' (seconds, or a number with ms/s/m/h)");
                return CrmExit.USAGE;
            }
        }
        if ((command == 'B' || command == 'Y') && delayMillis == null) {
            ctx.err().println(TOOL + ": -" + command + " requires -d/--delay");
            return CrmExit.USAGE;
        }
        String node = ctx.nodeTarget(parsed.last("node"));
        if (command == 'Q') {
            return query(ctx, name, parsed.has("all") ? null : node, parsed.has("all"));
        }
        IpcMessage.Builder request = command == 'R' ? IpcMessage.request(Verbs.ATTRD_REFRESH)
                : IpcMessage.request(Verbs.ATTRD_UPDATE).put("command", Character.toString(command)).put("name", name)
                        .putIfPresent("value", value).putIfPresent("node", node)
                        .putIfPresent("delayMillis", delayMillis == null ? null : delayMillis.toString())
                        .put("private", Boolean.toString(parsed.has("private")));
        IpcMessage response;
        try {
            response = ctx.connector().call(request.build());
        } catch (IOException e) {
            ctx.err().println(TOOL + ": Could not update " + name + "=" + value + ": Connection refused (111)");
            return CrmExit.DISCONNECT;
        }
        if (!response.isOk()) {
            ctx.err().println(TOOL + ": Could not update " + name + "=" + value + ": " + response.errorMessage());
            return response.exitCode();
        }
        return CrmExit.OK;
    }

    private static int query(ToolContext ctx, String name, String node, boolean all) {
        IpcMessage response;
        try {
            response = ctx.connector().call(IpcMessage.request(Verbs.ATTRD_QUERY).put("name", name).putIfPresent("node", node)
                    .put("all", Boolean.toString(all)).build());
        } catch (IOException e) {
            ctx.err().println(TOOL + ": Could not connect to attrd: Connection refused");
            return CrmExit.DISCONNECT;
        }
        if (response.exitCode() == CrmExit.NOSUCH) {
            ctx.err().println("Could not query value of " + name + ": attribute does not exist");
            return CrmExit.NOSUCH;
        }
        if (!response.isOk()) {
            ctx.err().println("Could not query value of " + name + ": " + response.errorMessage());
            return response.exitCode();
        }
        List<String> hosts = response.getAll("host");
        List<String> values = response.getAll("value");
        if (hosts.isEmpty() || hosts.size() != values.size()) {
            ctx.err().println("Could not query value of " + name + ": reply had attribute name but no host values");
            return CrmExit.DATAERR;
        }
        for (int i = 0; i < hosts.size(); i++) {
            ctx.out().println("name=\"" + name + "\" host=\"" + hosts.get(i) + "\" value=\"" + values.get(i) + "\"");
        }
        return CrmExit.OK;
    }

    /** Pacemaker's interval syntax for -d: a bare number is seconds; ms, s, m(in), h(r) suffixes. Null if invalid. */
    static Long parseDelay(String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            return null;
        }
        return switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "", "s", "sec", "secs", "second", "seconds" -> n * 1000;
            case "ms", "msec", "msecs" -> n;
            case "us", "usec", "usecs" -> n / 1000;
            case "m", "min", "mins", "minute", "minutes" -> n * 60_000;
            case "h", "hr", "hrs", "hour", "hours" -> n * 3_600_000;
            default -> null;
        };
    }
}
