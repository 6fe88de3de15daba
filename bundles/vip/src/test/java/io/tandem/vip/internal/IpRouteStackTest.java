package io.tandem.vip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.vip.AddressState;
import io.tandem.vip.InterfaceMatch;
import io.tandem.vip.IpStack;
import io.tandem.vip.VipException;
import io.tandem.vip.VirtualAddress;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Command lines and output parsing, with canned ip(8) answers (the real thing runs in VipNamespaceTest). */
class IpRouteStackTest {
    @TempDir
    Path dir;
    Tools tools;
    final List<String> commands = new ArrayList<>();

    static final String LINK_UP = "[{\"ifname\":\"eth0\",\"flags\":[\"BROADCAST\",\"MULTICAST\",\"UP\",\"LOWER_UP\"],"
            + "\"addr_info\":[{\"family\":\"inet\",\"local\":\"10.1.0.1\",\"prefixlen\":24,\"broadcast\":\"10.1.0.255\"},"
            + "{\"family\":\"inet\",\"local\":\"10.1.0.10\",\"prefixlen\":24}]}]";
    static final String NO_CARRIER = LINK_UP.replace("\"UP\",\"LOWER_UP\"", "\"NO-CARRIER\",\"UP\"");

    @BeforeEach
    void tools() throws IOException {
        tools = new Tools(exe("ip"), exe("send_arp"), exe("send_ua"), exe("arping"));
    }

    private Path exe(String name) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    private IpStack stack(Function<String, CommandRunner.Result> answers) {
        CommandRunner runner = new CommandRunner() {
            @Override
            public Result run(List<String> argv, Duration timeout) {
                String line = String.join(" ", argv.subList(1, argv.size()));
                commands.add(line);
                return answers.apply(line);
            }

            @Override
            public Process spawn(List<String> argv) {
                throw new UnsupportedOperationException();
            }
        };
        return new IpRouteStack(runner, tools, Optional.empty(), Duration.ofSeconds(5), new Announcers());
    }

    private static CommandRunner.Result ok(String out) {
        return new CommandRunner.Result(0, out, "");
    }

    private static InetAddress ip(String s) {
        return VirtualAddress.parseLiteral(s);
    }

    @Test
    void findInterfaceTakesTheMostSpecificConnectedRouteAndItsBroadcast() throws Exception {
        IpStack s = stack(cmd -> {
            if (cmd.contains("route list match 10.1.0.10 scope link")) {
                return ok("[{\"dst\":\"10.0.0.0/8\",\"dev\":\"eth1\"},{\"dst\":\"10.1.0.0/24\",\"dev\":\"eth0\",\"prefsrc\":\"10.1.0.1\"},"
                        + "{\"dst\":\"default\",\"dev\":\"eth2\"}]");
            }
            if (cmd.equals("-j -f inet addr show dev eth0")) {
                return ok(LINK_UP);
            }
            return new CommandRunner.Result(1, "", "unexpected " + cmd);
        });
        InterfaceMatch m = s.findInterface(ip("10.1.0.10"), OptionalInt.empty(), Optional.empty());
        assertEquals(new InterfaceMatch("eth0", 24, Optional.of(ip("10.1.0.255"))), m);
    }

    @Test
    void findInterfaceWithoutRouteNeedsNicAndNetmask() throws Exception {
        IpStack s = stack(cmd -> cmd.startsWith("-j link show") ? ok("[{}]") : ok("[]"));
        VipException e = assertThrows(VipException.class, () -> s.findInterface(ip("10.9.0.1"), OptionalInt.empty(), Optional.empty()));
        assertEquals(VipException.Kind.NO_INTERFACE, e.kind());
        assertTrue(e.getMessage().contains("Unable to find nic or netmask"), e.getMessage());
        assertEquals(new InterfaceMatch("eth3", 16, Optional.empty()),
                s.findInterface(ip("10.9.0.1"), OptionalInt.of(16), Optional.of("eth3")));
    }

    @Test
    void findInterfaceRejectsAnUnknownDevice() {
        // no connected route names the device; only then does the stack ask whether the device exists at all
        IpStack s = stack(cmd -> cmd.startsWith("-j link show") ? new CommandRunner.Result(1, "", "Device \"nosuch\" does not exist.")
                : ok("[]"));
        VipException e = assertThrows(VipException.class, () -> s.findInterface(ip("10.9.0.1"), OptionalInt.of(24), Optional.of("nosuch")));
        assertEquals(VipException.Kind.NO_INTERFACE, e.kind());
        assertTrue(e.getMessage().contains("Unknown interface [nosuch]"), e.getMessage());
    }

    @Test
    void addPassesBroadcastAndLabelAndLeavesAnUpLinkAlone() throws Exception {
        IpStack s = stack(cmd -> cmd.startsWith("-j addr show") ? ok(LINK_UP) : ok(""));
        VirtualAddress a = new VirtualAddress(ip("10.1.0.20"), 24, "eth0", Optional.of(ip("10.1.0.255")), "", "eth0:web", "forever", false);
        s.add(a);
        assertEquals(List.of("-j addr show dev eth0", "-f inet addr add 10.1.0.20/24 brd 10.1.0.255 dev eth0 label eth0:web"), commands);
    }

    @Test
    void addBringsADownLinkUp() throws Exception {
        String down = LINK_UP.replace("\"UP\",\"LOWER_UP\"", "\"NO-CARRIER\"");
        IpStack s = stack(cmd -> cmd.startsWith("-j addr show") ? ok(down) : ok(""));
        s.add(VirtualAddress.of(ip("10.1.0.20"), 24, "eth0"));
        assertEquals(List.of("-j addr show dev eth0", "-f inet addr add 10.1.0.20/24 dev eth0", "link set eth0 up"), commands);
    }

    @Test
    void addOfAPresentAddressOnAnUpLinkRunsNothingElse() throws Exception {
        IpStack s = stack(cmd -> cmd.startsWith("-j addr show") ? ok(LINK_UP) : ok(""));
        s.add(VirtualAddress.of(ip("10.1.0.10"), 24, "eth0"));
        assertEquals(List.of("-j addr show dev eth0"), commands);
    }

    @Test
    void ipv6AddHasNodadAndPreferredLifetime() throws Exception {
        IpStack s = stack(cmd -> cmd.startsWith("-j addr show") ? ok(LINK_UP) : ok(""));
        s.add(new VirtualAddress(ip("fd00::5"), 64, "eth0", Optional.empty(), "", "", "0", true));
        assertEquals("-f inet6 addr add fd00:0:0:0:0:0:0:5/64 dev eth0 nodad preferred_lft 0", commands.get(1));
    }

    @Test
    void stateSeesAddressAndLink() throws Exception {
        VirtualAddress present = VirtualAddress.of(ip("10.1.0.10"), 24, "eth0");
        assertEquals(AddressState.ACTIVE, stack(cmd -> ok(LINK_UP)).state(present));
        assertEquals(AddressState.LINK_DOWN, stack(cmd -> ok(NO_CARRIER)).state(present));
        assertEquals(AddressState.ABSENT, stack(cmd -> ok(LINK_UP)).state(VirtualAddress.of(ip("10.1.0.11"), 24, "eth0")));
        assertEquals(AddressState.ABSENT, stack(cmd -> ok(LINK_UP)).state(VirtualAddress.of(ip("10.1.0.10"), 25, "eth0")),
                "same address, other prefix: not ours (IPaddr2 compares ip/netmask)");
        assertEquals(AddressState.ABSENT, stack(cmd -> new CommandRunner.Result(1, "", "Device \"eth0\" does not exist.")).state(present));
    }

    @Test
    void removeOfAnAbsentAddressIsFalseAndRunsNoDelete() throws Exception {
        IpStack s = stack(cmd -> ok(LINK_UP));
        assertFalse(s.remove(VirtualAddress.of(ip("10.1.0.99"), 24, "eth0")));
        assertTrue(s.remove(VirtualAddress.of(ip("10.1.0.10"), 24, "eth0")));
        assertEquals("-f inet addr del 10.1.0.10/24 dev eth0", commands.get(commands.size() - 1));
    }

    @Test
    void commandFailureCarriesTheCommandAndMessage() {
        IpStack s = stack(cmd -> cmd.startsWith("-j addr show") ? ok("[]")
                : new CommandRunner.Result(2, "", "RTNETLINK answers: Permission denied\n"));
        VipException e = assertThrows(VipException.class, () -> s.add(VirtualAddress.of(ip("10.1.0.30"), 24, "eth0")));
        assertEquals(VipException.Kind.COMMAND_FAILED, e.kind());
        assertTrue(e.getMessage().contains("ip -f inet addr add 10.1.0.30/24 dev eth0 failed (exit 2): RTNETLINK answers: Permission denied"),
                e.getMessage());
    }

    @Test
    void missingProgramIsNotInstalled() throws Exception {
        tools = new Tools(dir.resolve("no-ip"), tools.sendArp(), tools.sendUa(), tools.arping());
        VipException e = assertThrows(VipException.class, () -> stack(cmd -> ok("")).state(VirtualAddress.of(ip("10.1.0.1"), 24, "eth0")));
        assertEquals(VipException.Kind.NOT_INSTALLED, e.kind());
    }

    @Test
    void valuesCheckTheirInvariants() {
        assertThrows(IllegalArgumentException.class, () -> VirtualAddress.of(ip("10.0.0.1"), 33, "eth0"));
        assertThrows(IllegalArgumentException.class, () -> VirtualAddress.of(ip("10.0.0.1"), 24, "bad/dev"));
        assertThrows(IllegalArgumentException.class, () -> VirtualAddress.of(ip("10.0.0.1"), 24, "averyveryverylongname"));
        assertThrows(IllegalArgumentException.class,
                () -> new VirtualAddress(ip("10.0.0.1"), 24, "eth0", Optional.empty(), "", "eth1:x", "forever", false));
        assertThrows(IllegalArgumentException.class,
                () -> new VirtualAddress(ip("fd00::1"), 64, "eth0", Optional.empty(), "+", "", "forever", false));
        assertThrows(IllegalArgumentException.class, () -> VirtualAddress.parseLiteral("example.com"));
        assertThrows(IllegalArgumentException.class, () -> VirtualAddress.parseLiteral("10.0.0.256"));
        assertThrows(IllegalArgumentException.class, () -> new IpRouteStack(null, tools, Optional.of("../x"), Duration.ofSeconds(1), new Announcers()));
    }
}
