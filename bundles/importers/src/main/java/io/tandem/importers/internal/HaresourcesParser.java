package io.tandem.importers.internal;

import io.tandem.cib.Cib;
import io.tandem.importers.HaresourcesImport;
import io.tandem.importers.crm.CrmApplier;
import io.tandem.importers.crm.CrmApplyException;
import io.tandem.importers.crm.CrmCommand;
import io.tandem.importers.crm.CrmCommand.NvPair;
import io.tandem.importers.crm.CrmCommand.PropertyKind;
import io.tandem.importers.crm.CrmCommand.ResourceRef;
import io.tandem.importers.crm.CrmCommand.Section;
import io.tandem.importers.crm.CrmCommand.SetKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns heartbeat v1's haresources into crm commands (see {@link io.tandem.importers.HaresourcesImporter}) and
 * applies them with {@link CrmApplier}, so ids, nvpair ids and checks are those of {@code crm configure}.
 * Ids follow haresources2cib.py: the k-th line (k from 0) is {@code group_(1+10k)}; its resources are numbered
 * from that number on, in order, as {@code TYPE_N}, except addresses ({@code IPaddr_10_0_0_10}). Numbers whose
 * group id the target configuration already has are skipped (group_21 follows group_1 and group_11).
 */
public final class HaresourcesParser {
    private static final Pattern ANNOTATION = Pattern.compile("(^|\\s)//");
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final String LOCATION_SCORE = "100";

    /** Heartbeat resource scripts that have an ocf:heartbeat agent, with the agent's parameters by position. */
    private static final Map<String, List<String>> OCF_PARAMETERS = Map.ofEntries(
            Map.entry("Filesystem", List.of("device", "directory", "fstype", "options")),
            Map.entry("MailTo", List.of("email", "subject")),
            Map.entry("apache", List.of("configfile", "httpd", "port", "statusurl", "options", "testregex")),
            Map.entry("IPsrcaddr", List.of("ipaddress")),
            Map.entry("IPv6addr", List.of("ipv6addr")),
            Map.entry("LVM", List.of("volgrpname")),
            Map.entry("portblock", List.of("protocol", "portno", "action")),
            Map.entry("Delay", List.of("startdelay", "stopdelay", "mondelay")),
            Map.entry("Xinetd", List.of("service")),
            Map.entry("Raid1", List.of("raidconf", "raiddev", "homehost")),
            Map.entry("AudibleAlarm", List.of("nodelist")),
            Map.entry("LinuxSCSI", List.of("scsi")),
            Map.entry("ldirectord", List.of("configfile")),
            Map.entry("WinPopup", List.of("hostfile")),
            Map.entry("ServeRAID", List.of("serveraid", "mergegroup")),
            Map.entry("db2", List.of("instance", "admin")));

    private final Findings findings;
    private final Set<String> heartbeatScripts;
    private final List<CrmCommand> commands = new ArrayList<>();
    private final Map<String, Integer> idLines = new HashMap<>();
    private int line;
    private String token;

    private HaresourcesParser(Path file, Set<String> heartbeatScripts) {
        this.findings = new Findings(file);
        this.heartbeatScripts = Set.copyOf(heartbeatScripts);
    }

    /** A logical line: its first physical line and its words. */
    record Line(int number, List<String> words) {
    }

    public static HaresourcesImport importText(Path file, String text, Cib into, String autoFailback,
                                               Set<String> heartbeatScripts) {
        HaresourcesParser p = new HaresourcesParser(file, heartbeatScripts);
        List<Line> lines = p.read(text);
        Set<String> taken = new java.util.HashSet<>();
        into.configuration().walk(e -> {
            if (e.id() != null) {
                taken.add(e.id());
            }
        });
        int groupIndex = 1;
        for (Line l : lines) {
            // merging into a configuration that already has imported groups: skip their numbers
            while (taken.contains("group_" + groupIndex)) {
                groupIndex += 10;
            }
            p.line(l, groupIndex);
            groupIndex += 10;
        }
        if (lines.isEmpty()) {
            p.findings.warning(0, "", "no resource lines: nothing to import");
        }
        p.autoFailback(autoFailback);
        Cib result = into;
        boolean errors = p.findings.toList().stream().anyMatch(f -> f.severity() == io.tandem.importers.Severity.ERROR);
        if (!errors) {
            try {
                result = CrmApplier.applyAll(into, p.commands);
            } catch (CrmApplyException e) {
                // the line of a generated command is the haresources line it came from
                p.findings.error(e.line(), e.command(), e.problem());
                result = into;
            }
        }
        List<io.tandem.importers.ImportFinding> list = p.findings.toList();
        if (list.stream().anyMatch(f -> f.severity() == io.tandem.importers.Severity.ERROR)) {
            result = into;
        }
        return new HaresourcesImport(file, list, result);
    }

    private List<Line> read(String text) {
        List<Line> out = new ArrayList<>();
        List<String> physical = ConfigLines.physicalLines(text);
        StringBuilder pending = null;
        int start = 0;
        for (int i = 0; i < physical.size(); i++) {
            int number = i + 1;
            String l = physical.get(i);
            int hash = l.indexOf('#');
            if (hash >= 0) {
                l = l.substring(0, hash);
            }
            l = ConfigLines.cleanBlanks(l, number, findings);
            Matcher annotation = ANNOTATION.matcher(l);
            if (annotation.find()) {
                findings.warning(number, "", "'//' is not a comment in haresources; ignored the rest of the line");
                l = l.substring(0, annotation.start());
            }
            String stripped = l.strip();
            boolean continues = stripped.endsWith("\\");
            if (continues) {
                stripped = stripped.substring(0, stripped.length() - 1);
            }
            if (pending == null) {
                pending = new StringBuilder();
                start = number;
            }
            pending.append(' ').append(stripped);
            if (!continues) {
                String logical = pending.toString().strip();
                if (!logical.isEmpty()) {
                    out.add(new Line(start, List.of(logical.split("\\s+"))));
                }
                pending = null;
            }
        }
        if (pending != null) {
            findings.warning(start, "", "the last line ends with '\\' (continued into the end of the file)");
            String logical = pending.toString().strip();
            if (!logical.isEmpty()) {
                out.add(new Line(start, List.of(logical.split("\\s+"))));
            }
        }
        return out;
    }

    private void line(Line l, int groupIndex) {
        line = l.number();
        String node = l.words().get(0);
        token = node;
        if (l.words().size() < 2) {
            findings.error(line, node, "a node name without resources");
            return;
        }
        String group = "group_" + groupIndex;
        List<String> members = new ArrayList<>();
        List<String> drbd = new ArrayList<>();
        int index = groupIndex;
        for (String word : l.words().subList(1, l.words().size())) {
            token = word;
            String id = resource(word, index, drbd);
            if (id != null) {
                members.add(id);
            }
            index++;
        }
        if (!members.isEmpty()) {
            commands.add(new CrmCommand.Group(line, group, members, List.of()));
            commands.add(new CrmCommand.Location(line, "rsc_location_" + group, group, null, LOCATION_SCORE, node,
                    List.of()));
        }
        for (String ms : drbd) {
            if (members.isEmpty()) {
                commands.add(new CrmCommand.Location(line, "rsc_location_" + ms, ms, "Promoted", LOCATION_SCORE,
                        node, List.of()));
            } else {
                commands.add(new CrmCommand.Colocation(line, "col_" + group + "_" + ms, "INFINITY",
                        List.of(new ResourceRef(group, null), new ResourceRef(ms, "Promoted"))));
                commands.add(new CrmCommand.Order(line, "ord_" + ms + "_" + group, "Mandatory",
                        List.of(new ResourceRef(ms, "promote"), new ResourceRef(group, "start")), null));
            }
        }
    }

    private static String safeId(String text) {
        String s = text.replaceAll("[^A-Za-z0-9_.-]", "_");
        return s.isEmpty() || !Character.isLetter(s.charAt(0)) && s.charAt(0) != '_' ? "_" + s : s;
    }

    private boolean claim(String id) {
        Integer earlier = idLines.putIfAbsent(id, line);
        if (earlier != null) {
            findings.error(line, token, "makes the resource id '" + id + "', which line " + earlier
                    + " already made (the same resource twice?)");
            return false;
        }
        return true;
    }

    /** Adds the commands for one resource word; returns the primitive id for the group, or null. */
    private String resource(String word, int index, List<String> drbd) {
        String[] parts = word.split("::", -1);
        String name = parts[0];
        List<String> args = new ArrayList<>(List.of(parts).subList(1, parts.length));
        if (parts.length == 1 && IPV4.matcher(word.split("/")[0]).matches()) {
            name = "IPaddr";
            args = List.of(word);
        }
        if (name.isEmpty()) {
            findings.error(line, word, "no resource name before '::'");
            return null;
        }
        if (name.equals("IPaddr") || name.equals("IPaddr2")) {
            return address(name, args, index);
        }
        if (name.equals("drbddisk")) {
            String ms = drbddisk(args);
            if (ms != null) {
                drbd.add(ms);
            }
            return null;
        }
        String id = safeId(name + "_" + index);
        List<String> ocf = OCF_PARAMETERS.get(name);
        if (ocf != null) {
            if (args.size() > ocf.size()) {
                findings.error(line, word, name + " takes at most " + ocf.size() + " arguments ("
                        + String.join("::", ocf) + "), not " + args.size());
                return null;
            }
            if (name.equals("Filesystem") && args.size() < 2) {
                findings.error(line, word, "Filesystem needs at least a device and a directory"
                        + " (Filesystem::DEVICE::DIRECTORY[::FSTYPE[::OPTIONS]])");
                return null;
            }
            List<NvPair> params = new ArrayList<>();
            for (int i = 0; i < args.size(); i++) {
                params.add(new NvPair(ocf.get(i), args.get(i)));
            }
            return primitive(id, "ocf", "heartbeat", name, params, "120s", "60s");
        }
        if (!args.isEmpty() || heartbeatScripts.contains(name)) {
            List<NvPair> params = new ArrayList<>();
            for (int i = 0; i < args.size(); i++) {
                params.add(new NvPair(Integer.toString(i + 1), args.get(i)));
            }
            findings.warning(line, word, "imported as heartbeat:" + name + " (a resource.d script"
                    + (args.isEmpty() ? "" : " with arguments") + "); Tandem's executor runs ocf, lsb and systemd"
                    + " agents only: replace it with an OCF agent or an LSB init script before starting it");
            return primitive(id, "heartbeat", null, name, params, "120s", "60s");
        }
        return primitive(id, "lsb", null, name, List.of(), "120s", "60s");
    }

    private String primitive(String id, String agentClass, String provider, String type, List<NvPair> params,
                             String interval, String timeout) {
        if (!claim(id)) {
            return null;
        }
        List<Section> sections = new ArrayList<>();
        if (!params.isEmpty()) {
            sections.add(new CrmCommand.AttributeSet(SetKind.PARAMS, null, params));
        }
        sections.add(new CrmCommand.Operation("monitor", List.of(new NvPair("interval", interval),
                new NvPair("timeout", timeout))));
        commands.add(new CrmCommand.Primitive(line, id, agentClass, provider, type, sections));
        return id;
    }

    private static boolean isIpv4(String s) {
        Matcher m = IPV4.matcher(s);
        if (!m.matches()) {
            return false;
        }
        for (int i = 1; i <= 4; i++) {
            if (Integer.parseInt(m.group(i)) > 255) {
                return false;
            }
        }
        return true;
    }

    private String address(String name, List<String> args, int index) {
        if (args.size() != 1) {
            findings.error(line, token, name + " takes one argument, ADDRESS[/BITS][/DEVICE][/BROADCAST]");
            return null;
        }
        String[] fields = args.get(0).split("/", -1);
        String ip = fields[0];
        if (!isIpv4(ip)) {
            findings.error(line, token, "ip: '" + ip + "' is not an IPv4 address");
            return null;
        }
        List<NvPair> params = new ArrayList<>();
        params.add(new NvPair("ip", ip));
        String mask = null;
        String nic = null;
        String broadcast = null;
        for (String f : List.of(fields).subList(1, fields.length)) {
            if (f.isEmpty()) {
                continue;
            }
            if (IPV4.matcher(f).matches()) {
                if (!isIpv4(f) || broadcast != null) {
                    findings.error(line, token, "broadcast: '" + f + "' is not a (single) IPv4 address");
                    return null;
                }
                broadcast = f;
            } else if (f.matches("\\d+")) {
                if (f.length() > 2 || Integer.parseInt(f) > 32 || mask != null) {
                    findings.error(line, token, "cidr_netmask: '" + f + "' is not a prefix length (0-32)");
                    return null;
                }
                mask = f;
            } else {
                if (nic != null) {
                    findings.error(line, token, "nic: two devices ('" + nic + "', '" + f + "')");
                    return null;
                }
                nic = f;
            }
        }
        if (mask != null) {
            params.add(new NvPair("cidr_netmask", mask));
        }
        if (nic != null) {
            int colon = nic.indexOf(':');
            if (colon > 0) {
                findings.info(line, token, "device '" + nic + "' is an alias: nic=" + nic.substring(0, colon)
                        + " iflabel=" + nic.substring(colon + 1) + " (IPaddr2 adds addresses without alias devices)");
                params.add(new NvPair("nic", nic.substring(0, colon)));
                params.add(new NvPair("iflabel", nic.substring(colon + 1)));
            } else {
                params.add(new NvPair("nic", nic));
            }
        }
        if (broadcast != null) {
            params.add(new NvPair("broadcast", broadcast));
        }
        if (name.equals("IPaddr")) {
            findings.info(line, token, "IPaddr is imported as ocf:heartbeat:IPaddr2 (the same address, managed"
                    + " with ip(8); Tandem's ocf:tandem:VirtualIP takes the same parameters)");
        }
        String id = name + "_" + ip.replace('.', '_');
        return primitive(id, "ocf", "heartbeat", "IPaddr2", params, "5s", "20s");
    }

    /** Adds the promotable clone for a drbddisk; returns its id, or null after an error. */
    private String drbddisk(List<String> args) {
        if (args.size() != 1 || args.get(0).isEmpty()) {
            findings.error(line, token, "drbddisk needs the DRBD resource name (drbddisk::r0); without it heartbeat"
                    + " promoted every resource, which has no single equivalent");
            return null;
        }
        String resource = args.get(0);
        String primitive = "drbd_" + safeId(resource);
        String ms = "ms_" + primitive;
        if (!claim(primitive) || !claim(ms)) {
            return null;
        }
        findings.info(line, token, "drbddisk::" + resource + " becomes the promotable clone " + ms + " of "
                + "ocf:tandem:ReplicatedVolume (drbd_resource=" + resource + "); the group runs where it is promoted,"
                + " and starts after the promotion (also the resources listed before drbddisk)");
        commands.add(new CrmCommand.Primitive(line, primitive, "ocf", "tandem", "ReplicatedVolume", List.of(
                new CrmCommand.AttributeSet(SetKind.PARAMS, null, List.of(new NvPair("drbd_resource", resource))),
                new CrmCommand.Operation("monitor", List.of(new NvPair("interval", "29s"),
                        new NvPair("role", "Promoted"), new NvPair("timeout", "20s"))),
                new CrmCommand.Operation("monitor", List.of(new NvPair("interval", "31s"),
                        new NvPair("role", "Unpromoted"), new NvPair("timeout", "20s"))))));
        commands.add(new CrmCommand.Clone(line, ms, primitive, false, List.of(
                new CrmCommand.AttributeSet(SetKind.META, null, List.of(new NvPair("promotable", "true"),
                        new NvPair("promoted-max", "1"), new NvPair("promoted-node-max", "1"),
                        new NvPair("clone-max", "2"), new NvPair("clone-node-max", "1"),
                        new NvPair("notify", "true"))))));
        return ms;
    }

    private void autoFailback(String value) {
        String stickiness;
        if (value == null) {
            findings.info(0, "auto_failback", "not set in ha.cf: heartbeat's default 'legacy' is imported as 'on'"
                    + " (resource-stickiness=0: resources move back to their preferred node)");
            stickiness = "0";
        } else {
            switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "on", "true", "yes", "y", "1" -> stickiness = "0";
                case "off", "false", "no", "n", "0" -> stickiness = "INFINITY";
                case "legacy" -> {
                    findings.info(0, "auto_failback", "'legacy' is imported as 'on' (resource-stickiness=0)");
                    stickiness = "0";
                }
                default -> {
                    findings.error(0, "auto_failback", "'" + value + "' is not on, off or legacy");
                    return;
                }
            }
        }
        commands.add(new CrmCommand.Properties(0, PropertyKind.RSC_DEFAULTS, null,
                List.of(new NvPair("resource-stickiness", stickiness))));
    }
}
