package io.tandem.executor.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Meta-data for agents that print none: LSB scripts (from their {@code ### BEGIN INIT INFO} block, with the
 * actions and 15 s timeouts Pacemaker's services_lsb.c lists) and systemd units (100 s timeouts as
 * Pacemaker's systemd.c).
 */
final class SyntheticMetadata {
    private static final Pattern INIT_INFO = Pattern.compile("### BEGIN INIT INFO(.*?)### END INIT INFO", Pattern.DOTALL);

    private SyntheticMetadata() {
    }

    static String lsb(String name, String script) {
        String shortDesc = name;
        StringBuilder longDesc = new StringBuilder();
        Matcher m = INIT_INFO.matcher(script);
        if (m.find()) {
            boolean inDescription = false;
            for (String line : m.group(1).split("\n")) {
                String l = line.startsWith("#") ? line.substring(1) : line;
                if (l.startsWith(" Short-Description:")) {
                    shortDesc = l.substring(" Short-Description:".length()).strip();
                    inDescription = false;
                } else if (l.startsWith(" Description:")) {
                    longDesc.append(l.substring(" Description:".length()).strip());
                    inDescription = true;
                } else if (inDescription && (l.startsWith("\t") || l.startsWith("  "))) {
                    longDesc.append(' ').append(l.strip());
                } else {
                    inDescription = false;
                }
            }
        }
        return document(name, shortDesc, longDesc.toString(), """
                <action name="meta-data" timeout="5s"/>
                <action name="start" timeout="15s"/>
                <action name="stop" timeout="15s"/>
                <action name="status" timeout="15s"/>
                <action name="restart" timeout="15s"/>
                <action name="force-reload" timeout="15s"/>
                <action name="monitor" timeout="15s" interval="15s"/>
                """);
    }

    static String systemd(String unit) {
        return document(unit, "systemd unit file for " + unit, "Cluster controlled systemd unit " + unit, """
                <action name="start" timeout="100s"/>
                <action name="stop" timeout="100s"/>
                <action name="status" timeout="100s"/>
                <action name="monitor" timeout="100s" interval="60s"/>
                <action name="meta-data" timeout="5s"/>
                """);
    }

    private static String document(String name, String shortDesc, String longDesc, String actions) {
        return "<?xml version=\"1.0\"?>\n<resource-agent name=\"" + xml(name) + "\" version=\"0.1\">\n"
                + "<version>1.1</version>\n<longdesc lang=\"en\">" + xml(longDesc) + "</longdesc>\n"
                + "<shortdesc lang=\"en\">" + xml(shortDesc) + "</shortdesc>\n<parameters/>\n<actions>\n" + actions
                + "</actions>\n<special tag=\"tandem\"/>\n</resource-agent>\n";
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
