package io.tandem.vip.internal;

import io.tandem.vip.AddressState;
import io.tandem.vip.Announcement;
import io.tandem.vip.InterfaceMatch;
import io.tandem.vip.IpStack;
import io.tandem.vip.VipException;
import io.tandem.vip.VipException.Kind;
import io.tandem.vip.VirtualAddress;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * {@link IpStack} over iproute2's {@code ip}: the same program, arguments and kernel calls IPaddr2 uses, so the
 * result on the host is identical. {@code ip -j} output is parsed (stable JSON instead of column positions).
 * In a named namespace, {@code ip -n NS} does the work and the announcers run under {@code ip netns exec NS}.
 */
final class IpRouteStack implements IpStack {
    private static final Duration DAD_WAIT = Duration.ofSeconds(10);

    private final CommandRunner runner;
    private final Tools tools;
    private final Optional<String> namespace;
    private final Duration commandTimeout;
    private final Announcers announcers;

    IpRouteStack(CommandRunner runner, Tools tools, Optional<String> namespace, Duration commandTimeout, Announcers announcers) {
        this.runner = runner;
        this.tools = tools;
        this.namespace = namespace;
        this.commandTimeout = commandTimeout;
        this.announcers = announcers;
        namespace.ifPresent(IpRouteStack::checkNamespaceName);
    }

    static void checkNamespaceName(String name) {
        if (name.isEmpty() || name.length() > 255 || name.equals(".") || name.equals("..") || name.contains("/")
                || name.chars().anyMatch(c -> c <= ' ')) {
            throw new IllegalArgumentException("not a network namespace name: '" + name + "'");
        }
    }

    @Override
    public InterfaceMatch findInterface(InetAddress address, OptionalInt prefixLength, Optional<String> device)
            throws VipException, InterruptedException {
        boolean v6 = address instanceof Inet6Address;
        String match = address.getHostAddress() + (prefixLength.isPresent() ? "/" + prefixLength.getAsInt() : "");
        List<String> args = new ArrayList<>(List.of("-j", "-f", family(v6), "route", "list", "match", match));
        if (!v6) {
            args.addAll(List.of("scope", "link"));
        }
        String bestDevice = null;
        int bestPrefix = -1;
        Optional<InetAddress> routeSource = Optional.empty();
        for (Map<String, Object> route : Json.objects(json(ip(args)))) {
            String dst = String.valueOf(route.get("dst"));
            String dev = String.valueOf(route.get("dev"));
            int slash = dst.indexOf('/');
            if (slash < 0 || (device.isPresent() && !device.get().equals(dev))) {
                continue; // "default" and host routes say nothing about a network, as in findif
            }
            int len = Integer.parseInt(dst.substring(slash + 1));
            if (len >= bestPrefix) {
                bestPrefix = len;
                bestDevice = dev;
                routeSource = route.get("prefsrc") instanceof String src ? Optional.of(literal(src)) : Optional.empty();
            }
        }
        if (bestDevice == null) {
            // only now is it worth an extra `ip` run to tell a missing device from a missing route
            if (device.isPresent() && !deviceExists(device.get())) {
                throw new VipException(Kind.NO_INTERFACE, "Unknown interface [" + device.get() + "]: no such device"
                        + namespace.map(n -> " in network namespace " + n).orElse(""));
            }
            if (device.isPresent() && prefixLength.isPresent()) {
                return new InterfaceMatch(device.get(), prefixLength.getAsInt(), Optional.empty());
            }
            throw new VipException(Kind.NO_INTERFACE, "Unable to find nic or netmask: no directly connected route contains "
                    + address.getHostAddress() + device.map(d -> " on " + d).orElse("") + "; set nic and cidr_netmask");
        }
        int prefix = prefixLength.orElse(bestPrefix);
        Optional<InetAddress> broadcast = v6 ? Optional.empty() : existingBroadcast(bestDevice, routeSource, address, prefix);
        return new InterfaceMatch(bestDevice, prefix, broadcast);
    }

    @Override
    public Optional<InterfaceMatch> locate(InetAddress address) throws VipException, InterruptedException {
        boolean v6 = address instanceof Inet6Address;
        for (Map<String, Object> link : Json.objects(json(ip(List.of("-j", "-f", family(v6), "addr", "show"))))) {
            if (!(link.get("ifname") instanceof String device) || !(link.get("addr_info") instanceof List<?> infos)) {
                continue;
            }
            for (Object o : infos) {
                if (o instanceof Map<?, ?> m && m.get("local") instanceof String local && address.equals(literalOrNull(local))
                        && m.get("prefixlen") instanceof Double len) {
                    Optional<InetAddress> brd = m.get("broadcast") instanceof String b ? Optional.of(literal(b)) : Optional.empty();
                    return Optional.of(new InterfaceMatch(device, len.intValue(), brd));
                }
            }
        }
        return Optional.empty();
    }

    /** The broadcast address of an address already configured in the same network, as findif copies it. */
    private Optional<InetAddress> existingBroadcast(String device, Optional<InetAddress> preferred, InetAddress address, int prefix)
            throws VipException, InterruptedException {
        Optional<InetAddress> any = Optional.empty();
        for (Map<String, Object> info : addresses(device, false)) {
            if (!(info.get("broadcast") instanceof String brd) || !(info.get("local") instanceof String local)) {
                continue;
            }
            InetAddress localAddress = literal(local);
            if (sameNetwork(localAddress, address, prefix)) {
                if (preferred.isPresent() && preferred.get().equals(localAddress)) {
                    return Optional.of(literal(brd));
                }
                any = any.isPresent() ? any : Optional.of(literal(brd));
            }
        }
        return any;
    }

    @Override
    public void add(VirtualAddress a) throws VipException, InterruptedException {
        // one look at the link answers both "is the address there" and "is the link up" (each `ip` run costs ~5 ms,
        // and this is on the failover path)
        Optional<Map<String, Object>> link = link(a.device(), true);
        if (link.isEmpty() || find(link.get(), a).isEmpty()) {
            List<String> args = new ArrayList<>(List.of("-f", family(a.isIpv6()), "addr", "add", a.cidr()));
            if (!a.broadcastArgument().isEmpty()) {
                args.addAll(List.of("brd", a.broadcastArgument()));
            }
            args.addAll(List.of("dev", a.device()));
            if (a.isIpv6() && a.noDad()) {
                args.add("nodad");
            }
            if (!a.label().isEmpty()) {
                args.addAll(List.of("label", a.label()));
            }
            if (a.isIpv6()) {
                args.addAll(List.of("preferred_lft", a.preferredLifetime()));
            }
            ip(args);
        }
        boolean up = link.isPresent() && link.get().get("flags") instanceof List<?> flags && flags.contains("UP");
        if (!up) {
            ip(List.of("link", "set", a.device(), "up"));
        }
    }

    @Override
    public boolean remove(VirtualAddress a) throws VipException, InterruptedException {
        announcers.stop(key(a));
        if (state(a) == AddressState.ABSENT) {
            return false;
        }
        ip(List.of("-f", family(a.isIpv6()), "addr", "del", a.cidr(), "dev", a.device()));
        return true;
    }

    @Override
    public AddressState state(VirtualAddress a) throws VipException, InterruptedException {
        Optional<Map<String, Object>> link = link(a.device(), true);
        if (link.isEmpty()) {
            return AddressState.ABSENT; // the device is gone, and its addresses with it
        }
        boolean present = find(link.get(), a).isPresent();
        if (!present) {
            return AddressState.ABSENT;
        }
        Object flags = link.get().get("flags");
        boolean up = flags instanceof List<?> list && list.contains("UP") && list.contains("LOWER_UP");
        return up ? AddressState.ACTIVE : AddressState.LINK_DOWN;
    }

    @Override
    public void announce(VirtualAddress a, Announcement how) throws VipException, InterruptedException {
        List<String> argv;
        long intervalMillis = Math.max(1, how.interval().toMillis());
        if (a.isIpv6()) {
            waitForDuplicateAddressDetection(a);
            argv = List.of(tool(tools.sendUa()), "-i", Long.toString(intervalMillis), "-c", Integer.toString(how.count()),
                    a.address().getHostAddress(), Integer.toString(a.prefixLength()), a.device());
        } else if (how.sender() == Announcement.ArpSender.SEND_ARP) {
            argv = List.of(tool(tools.sendArp()), "-i", Long.toString(intervalMillis), "-r", Integer.toString(how.count()),
                    a.device(), a.address().getHostAddress(), "auto", "not_used", "not_used");
        } else {
            long seconds = Math.max(1, (intervalMillis + 999) / 1000); // iputils arping takes whole seconds
            argv = List.of(tool(tools.arping()), "-U", "-c", Integer.toString(how.count()), "-i", Long.toString(seconds),
                    "-I", a.device(), a.address().getHostAddress());
        }
        List<String> command = inNamespace(argv);
        String key = key(a);
        announcers.stop(key);
        try {
            if (how.background()) {
                announcers.start(key, runner.spawn(command));
                return;
            }
            Duration timeout = commandTimeout.plus(how.interval().multipliedBy(how.count()));
            CommandRunner.Result r = runner.run(command, timeout);
            if (r.exitCode() != 0) {
                throw new VipException(Kind.COMMAND_FAILED, String.join(" ", command) + " failed (exit " + r.exitCode() + "): " + r.message());
            }
        } catch (IOException e) {
            throw new VipException(Kind.NOT_INSTALLED, "cannot run " + command.get(0) + ": " + e.getMessage(), e);
        }
    }

    /** As IPaddr2 does: wait while the kernel still checks the address; a duplicate elsewhere is a failure. */
    private void waitForDuplicateAddressDetection(VirtualAddress a) throws VipException, InterruptedException {
        long deadline = System.nanoTime() + DAD_WAIT.toNanos();
        while (true) {
            Optional<Map<String, Object>> link = link(a.device(), true);
            Optional<Map<String, Object>> info = link.flatMap(l -> find(l, a));
            if (info.isEmpty()) {
                throw new VipException(Kind.COMMAND_FAILED, a.cidr() + " is not on " + a.device() + ": nothing to announce");
            }
            if (Boolean.TRUE.equals(info.get().get("dadfailed"))) {
                ip(List.of("-f", "inet6", "addr", "del", a.cidr(), "dev", a.device()));
                throw new VipException(Kind.COMMAND_FAILED, "IPv6 address collision " + a.address().getHostAddress() + " [DAD]");
            }
            if (!Boolean.TRUE.equals(info.get().get("tentative")) || System.nanoTime() > deadline) {
                return; // IPaddr2 also announces after its 10 tries, with a warning
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    /** Background announcers are per namespace, device and address. */
    String key(VirtualAddress a) {
        return namespace.orElse("") + "|" + a.device() + "|" + a.address().getHostAddress();
    }

    private Optional<Map<String, Object>> find(Map<String, Object> link, VirtualAddress a) {
        if (!(link.get("addr_info") instanceof List<?> infos)) {
            return Optional.empty();
        }
        for (Object o : infos) {
            if (o instanceof Map<?, ?> m && m.get("local") instanceof String local && m.get("prefixlen") instanceof Double len
                    && len.intValue() == a.prefixLength() && literalOrNull(local) != null && literalOrNull(local).equals(a.address())) {
                @SuppressWarnings("unchecked")
                Map<String, Object> info = (Map<String, Object>) m;
                return Optional.of(info);
            }
        }
        return Optional.empty();
    }

    private List<Map<String, Object>> addresses(String device, boolean v6) throws VipException, InterruptedException {
        Optional<Map<String, Object>> link = link(device, v6);
        List<Map<String, Object>> out = new ArrayList<>();
        if (link.isPresent() && link.get().get("addr_info") instanceof List<?> infos) {
            for (Object o : infos) {
                if (o instanceof Map<?, ?> m) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> info = (Map<String, Object>) m;
                    out.add(info);
                }
            }
        }
        return out;
    }

    /** {@code ip -j addr show dev D}: the link's flags and its addresses; empty if the device does not exist. */
    private Optional<Map<String, Object>> link(String device, boolean anyFamily) throws VipException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("-j"));
        if (!anyFamily) {
            args.addAll(List.of("-f", "inet"));
        }
        args.addAll(List.of("addr", "show", "dev", device));
        CommandRunner.Result r = runIp(args);
        if (r.exitCode() != 0) {
            if (r.stderr().contains("does not exist") || r.stderr().contains("Cannot find device")) {
                return Optional.empty();
            }
            throw failed(args, r);
        }
        List<Map<String, Object>> links = Json.objects(json(r.stdout()));
        return links.isEmpty() ? Optional.empty() : Optional.of(links.get(0));
    }

    private boolean deviceExists(String device) throws VipException, InterruptedException {
        List<String> args = List.of("-j", "link", "show", "dev", device);
        CommandRunner.Result r = runIp(args);
        return r.exitCode() == 0;
    }

    private String ip(List<String> args) throws VipException, InterruptedException {
        CommandRunner.Result r = runIp(args);
        if (r.exitCode() != 0) {
            throw failed(args, r);
        }
        return r.stdout();
    }

    private CommandRunner.Result runIp(List<String> args) throws VipException, InterruptedException {
        checkNamespaceExists();
        List<String> argv = new ArrayList<>();
        argv.add(tool(tools.ip()));
        namespace.ifPresent(ns -> argv.addAll(List.of("-n", ns)));
        argv.addAll(args);
        try {
            return runner.run(argv, commandTimeout);
        } catch (IOException e) {
            throw new VipException(Kind.NOT_INSTALLED, "cannot run " + argv.get(0) + ": " + e.getMessage(), e);
        }
    }

    private VipException failed(List<String> args, CommandRunner.Result r) {
        String command = "ip " + namespace.map(n -> "-n " + n + " ").orElse("") + String.join(" ", args);
        Kind kind = r.stderr().contains("Cannot find device") || r.stderr().contains("does not exist")
                ? Kind.NO_INTERFACE : Kind.COMMAND_FAILED;
        return new VipException(kind, command + " failed (exit " + r.exitCode() + "): " + r.message());
    }

    private List<String> inNamespace(List<String> argv) throws VipException {
        if (namespace.isEmpty()) {
            return argv;
        }
        checkNamespaceExists();
        List<String> wrapped = new ArrayList<>(List.of(tool(tools.ip()), "netns", "exec", namespace.get()));
        wrapped.addAll(argv);
        return wrapped;
    }

    private void checkNamespaceExists() throws VipException {
        if (namespace.isPresent() && !Files.exists(Path.of("/run/netns", namespace.get()))) {
            throw new VipException(Kind.NO_INTERFACE, "network namespace " + namespace.get() + " does not exist (/run/netns)");
        }
    }

    private static String tool(Path path) throws VipException {
        if (!Files.isExecutable(path)) {
            throw new VipException(Kind.NOT_INSTALLED, "couldn't find command: " + path);
        }
        return path.toString();
    }

    private static Object json(String text) throws VipException {
        try {
            return Json.parse(text.isBlank() ? "[]" : text);
        } catch (IllegalArgumentException e) {
            throw new VipException(Kind.COMMAND_FAILED, e.getMessage(), e);
        }
    }

    private static String family(boolean v6) {
        return v6 ? "inet6" : "inet";
    }

    private static InetAddress literal(String text) throws VipException {
        InetAddress a = literalOrNull(text);
        if (a == null) {
            throw new VipException(Kind.COMMAND_FAILED, "ip printed '" + text + "' where an address belongs");
        }
        return a;
    }

    private static InetAddress literalOrNull(String text) {
        try {
            return VirtualAddress.parseLiteral(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static boolean sameNetwork(InetAddress a, InetAddress b, int prefix) {
        byte[] x = a.getAddress();
        byte[] y = b.getAddress();
        if (x.length != y.length || (a instanceof Inet4Address) != (b instanceof Inet4Address)) {
            return false;
        }
        for (int bit = 0; bit < prefix; bit++) {
            int mask = 0x80 >>> (bit % 8);
            if ((x[bit / 8] & mask) != (y[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }
}
