package io.tandem.replication;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * drbd.conf as DRBD 8.0 to 8.4 write it: {@code global}, {@code common} and {@code resource} blocks, the
 * {@code protocol}, {@code startup}, {@code disk}, {@code net}, {@code syncer} and {@code handlers} sections in
 * either their 8.3 or 8.4 place, {@code on HOST { device disk address meta-disk }}, {@code include}, comments
 * and quoted strings. Options Tandem does not act on but DRBD knows are accepted; obsolete 0.7 options are
 * warnings; anything else is an error naming file and line.
 *
 * @param resources the resources, with {@code common} already folded in
 * @param warnings problems that do not stop the configuration from being used
 */
public record DrbdConf(List<Resource> resources, List<Problem> warnings) {

    /** A message about one line of one file. */
    public record Problem(Path file, int line, String message) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + message;
        }
    }

    /** One {@code on HOST} block. */
    public record Host(String name, String device, int minor, String disk, InetSocketAddress address,
            MetaDisk metaDisk, Path file, int line) {
    }

    /** One resource with its options (section/key, e.g. {@code net/shared-secret}) and hosts. */
    public record Resource(String name, Map<String, String> options, List<Host> hosts, Path file, int line) {
        public Resource {
            options = Map.copyOf(options);
            hosts = List.copyOf(hosts);
        }

        public Optional<Host> host(String hostName) {
            return hosts.stream().filter(h -> h.name().equals(hostName)).findFirst();
        }
    }

    public DrbdConf {
        resources = List.copyOf(resources);
        warnings = List.copyOf(warnings);
    }

    public Optional<Resource> resource(String name) {
        return resources.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** Reads and checks a drbd.conf and the files it includes. */
    public static DrbdConf parse(Path file) throws IOException, DrbdConfException {
        Parser p = new Parser();
        p.parseFile(file.toAbsolutePath().normalize(), 0);
        p.finish();
        if (!p.errors.isEmpty()) {
            throw new DrbdConfException(p.errors);
        }
        return new DrbdConf(p.resources, p.warnings);
    }

    /** Reads drbd.conf text (includes are resolved relative to {@code file}'s directory). */
    public static DrbdConf parse(Path file, String text) throws IOException, DrbdConfException {
        Parser p = new Parser();
        p.parseText(file.toAbsolutePath().normalize(), text, 0);
        p.finish();
        if (!p.errors.isEmpty()) {
            throw new DrbdConfException(p.errors);
        }
        return new DrbdConf(p.resources, p.warnings);
    }

    /** The volumes this host runs: every resource with an {@code on localHost} block and one peer. */
    public List<VolumeConfig> volumesFor(String localHost) throws DrbdConfException {
        List<VolumeConfig> out = new ArrayList<>();
        List<Problem> errors = new ArrayList<>();
        for (Resource r : resources) {
            if (r.host(localHost).isPresent()) {
                try {
                    out.add(volumeConfig(r, localHost));
                } catch (IllegalArgumentException e) {
                    errors.add(new Problem(r.file(), r.line(), "resource " + r.name() + ": " + e.getMessage()));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new DrbdConfException(errors);
        }
        return out;
    }

    /** One resource as seen from {@code localHost}. */
    public static VolumeConfig volumeConfig(Resource r, String localHost) {
        Host me = r.host(localHost).orElseThrow(() -> new IllegalArgumentException("no 'on " + localHost + "' block"));
        List<Host> others = r.hosts().stream().filter(h -> !h.name().equals(localHost)).toList();
        if (others.size() != 1) {
            throw new IllegalArgumentException("needs exactly one peer host, has " + others.size());
        }
        Host peer = others.get(0);
        Map<String, String> o = r.options();
        VolumeConfig.Builder b = VolumeConfig.builder(r.name()).minor(me.minor()).devicePath(me.device())
                .localHost(me.name()).peerHost(peer.name()).backing(Path.of(me.disk())).metaDisk(me.metaDisk())
                .localAddress(me.address()).peerAddress(peer.address());
        String protocol = o.getOrDefault("net/protocol", o.get("protocol"));
        if (protocol != null) {
            b.protocol(Protocol.parse(protocol));
        }
        String rate = o.getOrDefault("disk/resync-rate", o.get("syncer/rate"));
        if (rate != null) {
            b.resyncRateBytesPerSecond(bytes(rate, 1024));
        }
        String al = o.getOrDefault("disk/al-extents", o.get("syncer/al-extents"));
        if (al != null) {
            b.alExtents(Integer.parseInt(al));
        }
        ifPresent(o, "disk/on-io-error", v -> b.onIoError(OnIoError.parse(v)));
        ifPresent(o, "net/after-sb-0pri", v -> b.afterSb0pri(AfterSplitBrain.parse(v)));
        ifPresent(o, "net/after-sb-1pri", v -> b.afterSb1pri(AfterSplitBrain.parse(v)));
        ifPresent(o, "net/after-sb-2pri", v -> b.afterSb2pri(AfterSplitBrain.parse(v)));
        ifPresent(o, "net/allow-two-primaries", v -> b.allowTwoPrimaries(yes(v)));
        ifPresent(o, "net/cram-hmac-alg", b::cramHmacAlg);
        ifPresent(o, "net/shared-secret", b::sharedSecret);
        ifPresent(o, "net/ping-int", v -> b.pingIntervalMillis(Long.parseLong(v) * 1000));
        ifPresent(o, "net/ping-timeout", v -> b.pingTimeoutMillis(Long.parseLong(v) * 100));
        ifPresent(o, "net/connect-int", v -> b.connectRetryMillis(Long.parseLong(v) * 1000));
        ifPresent(o, "startup/wfc-timeout", v -> b.wfcTimeoutSeconds(Integer.parseInt(v)));
        ifPresent(o, "startup/degr-wfc-timeout", v -> b.degrWfcTimeoutSeconds(Integer.parseInt(v)));
        ifPresent(o, "disk/size", v -> b.sizeBytes(bytes(v, 512)));
        return b.build();
    }

    private static void ifPresent(Map<String, String> o, String key, java.util.function.Consumer<String> c) {
        String v = o.get(key);
        if (v != null) {
            c.accept(v);
        }
    }

    static boolean yes(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "", "yes", "on", "true" -> true;
            case "no", "off", "false" -> false;
            default -> throw new IllegalArgumentException("expected yes or no: " + v);
        };
    }

    /** A drbd.conf size or rate: a number with optional unit s (512 B), K, M, G (powers of 1024). */
    static long bytes(String text, long defaultUnit) {
        String t = text.trim();
        long unit = defaultUnit;
        char last = Character.toUpperCase(t.isEmpty() ? ' ' : t.charAt(t.length() - 1));
        switch (last) {
            case 'S' -> unit = 512;
            case 'K' -> unit = 1024;
            case 'M' -> unit = 1024L * 1024;
            case 'G' -> unit = 1024L * 1024 * 1024;
            default -> { }
        }
        if (!Character.isDigit(last)) {
            t = t.substring(0, t.length() - 1);
        }
        try {
            return Math.multiplyExact(Long.parseLong(t), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("not a size: " + text);
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    private record Token(String text, boolean quoted, Path file, int line) {
        boolean is(String s) {
            return !quoted && text.equals(s);
        }
    }

    private static final Set<String> STARTUP = Set.of("wfc-timeout", "degr-wfc-timeout", "outdated-wfc-timeout",
            "wait-after-sb", "become-primary-on", "stacked-timeouts");
    private static final Set<String> DISK = Set.of("on-io-error", "size", "fencing", "max-bio-bvecs",
            "use-bmbv", "no-disk-barrier", "no-disk-flushes", "no-disk-drain", "no-md-flushes", "disk-barrier",
            "disk-flushes", "disk-drain", "md-flushes", "resync-rate", "al-extents", "resync-after",
            "c-plan-ahead", "c-delay-target", "c-fill-target", "c-max-rate", "c-min-rate", "al-updates",
            "disk-timeout", "read-balancing", "discard-zeroes-if-aligned", "rs-discard-granularity");
    private static final Set<String> NET = Set.of("protocol", "cram-hmac-alg", "shared-secret", "after-sb-0pri",
            "after-sb-1pri", "after-sb-2pri", "allow-two-primaries", "ping-int", "ping-timeout", "connect-int",
            "timeout", "max-buffers", "max-epoch-size", "sndbuf-size", "rcvbuf-size", "ko-count", "rr-conflict",
            "data-integrity-alg", "unplug-watermark", "always-asbp", "no-tcp-cork", "tcp-cork", "on-congestion",
            "congestion-fill", "congestion-extents", "verify-alg", "csums-alg", "use-rle", "discard-my-data");
    private static final Set<String> SYNCER = Set.of("rate", "al-extents", "after", "verify-alg", "csums-alg",
            "cpu-mask", "use-rle", "delay-probe-volume", "delay-probe-interval", "c-plan-ahead", "c-delay-target",
            "c-fill-target", "c-max-rate", "c-min-rate", "on-no-data-accessible");
    private static final Set<String> OBSOLETE = Set.of("group", "incon-degr-cmd", "skip-wait", "load-balance");
    private static final Set<String> GLOBAL = Set.of("usage-count", "minor-count", "dialog-refresh",
            "disable-ip-verification", "cmd-timeout-short", "cmd-timeout-medium", "cmd-timeout-long", "udev-always-use-vnr");
    private static final Set<String> HOST = Set.of("device", "disk", "address", "meta-disk", "flexible-meta-disk",
            "volume", "node-id");
    private static final Map<String, Set<String>> SECTIONS = Map.of("startup", STARTUP, "disk", DISK, "net", NET,
            "syncer", SYNCER, "options", Set.of("cpu-mask", "on-no-data-accessible", "auto-promote", "quorum"));

    private static final class Parser {
        final List<Problem> errors = new ArrayList<>();
        final List<Problem> warnings = new ArrayList<>();
        final List<Resource> resources = new ArrayList<>();
        final Map<String, String> common = new LinkedHashMap<>();
        private final List<Resource> pending = new ArrayList<>();
        private final List<Token> tokens = new ArrayList<>();
        private int pos;

        void parseFile(Path file, int depth) throws IOException {
            parseText(file, Files.readString(file, StandardCharsets.UTF_8), depth);
        }

        void parseText(Path file, String text, int depth) throws IOException {
            List<Token> toks = tokenize(file, text);
            Parser sub = this;
            List<Token> saved = new ArrayList<>(tokens);
            int savedPos = pos;
            tokens.clear();
            tokens.addAll(toks);
            pos = 0;
            while (pos < tokens.size()) {
                Token t = next();
                if (t.is("global")) {
                    block(t, (k, v, tok) -> known(GLOBAL, k, tok, "global"));
                } else if (t.is("common")) {
                    resourceBody(t, common, null);
                } else if (t.is("resource")) {
                    Token name = next();
                    Map<String, String> options = new LinkedHashMap<>();
                    List<Host> hosts = new ArrayList<>();
                    resourceBody(name, options, hosts);
                    pending.add(new Resource(name.text(), options, hosts, name.file(), name.line()));
                } else if (t.is("include")) {
                    Token pattern = next();
                    expect(";");
                    include(file, pattern, depth);
                } else if (t.is("skip")) {
                    skipBlock(next());
                } else {
                    error(t, "expected global, common, resource or include, not '" + t.text() + "'");
                    skipStatement();
                }
            }
            tokens.clear();
            tokens.addAll(saved);
            pos = savedPos;
            assert sub == this;
        }

        private void include(Path from, Token pattern, int depth) throws IOException {
            if (depth > 10) {
                error(pattern, "includes nested too deeply");
                return;
            }
            Path p = from.getParent().resolve(pattern.text()).normalize();
            Path dir = p.getParent();
            String glob = p.getFileName().toString();
            if (!Files.isDirectory(dir)) {
                error(pattern, "include: no such directory " + dir);
                return;
            }
            TreeSet<Path> matches = new TreeSet<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, glob)) {
                ds.forEach(matches::add);
            }
            if (matches.isEmpty() && !glob.contains("*") && !glob.contains("?")) {
                error(pattern, "include: no such file " + p);
            }
            for (Path m : matches) {
                parseText(m, Files.readString(m, StandardCharsets.UTF_8), depth + 1);
            }
        }

        void finish() {
            for (Resource r : pending) {
                Map<String, String> merged = new LinkedHashMap<>(common);
                merged.putAll(r.options());
                List<Host> hosts = new ArrayList<>();
                for (Host h : r.hosts()) {
                    // Resource-level device/disk/meta-disk (8.4) are defaults for the on-blocks.
                    String device = h.device() != null ? h.device() : merged.get("device");
                    int minor = h.device() != null ? h.minor() : Integer.parseInt(merged.getOrDefault("minor", "-1"));
                    String disk = h.disk() != null ? h.disk() : merged.get("disk");
                    MetaDisk meta = h.metaDisk() != null ? h.metaDisk() : metaFromOptions(merged);
                    if (device == null || minor < 0) {
                        errors.add(new Problem(h.file(), h.line(), "on " + h.name() + ": device missing"));
                    }
                    if (disk == null) {
                        errors.add(new Problem(h.file(), h.line(), "on " + h.name() + ": disk missing"));
                    }
                    if (h.address() == null) {
                        errors.add(new Problem(h.file(), h.line(), "on " + h.name() + ": address missing"));
                    }
                    if (meta == null) {
                        errors.add(new Problem(h.file(), h.line(), "on " + h.name() + ": meta-disk missing"));
                    }
                    hosts.add(new Host(h.name(), device, minor, disk, h.address(), meta, h.file(), h.line()));
                }
                merged.remove("device");
                merged.remove("minor");
                merged.remove("disk");
                merged.remove("meta-disk");
                merged.remove("meta-index");
                if (resources.stream().anyMatch(x -> x.name().equals(r.name()))) {
                    errors.add(new Problem(r.file(), r.line(), "resource " + r.name() + " defined twice"));
                }
                if (hosts.size() < 2) {
                    errors.add(new Problem(r.file(), r.line(), "resource " + r.name() + " needs two 'on HOST' blocks"));
                }
                Resource full = new Resource(r.name(), merged, hosts, r.file(), r.line());
                resources.add(full);
                boolean complete = hosts.size() == 2 && hosts.stream().allMatch(h -> h.device() != null
                        && h.disk() != null && h.address() != null && h.metaDisk() != null && h.minor() >= 0);
                for (Host h : hosts) {
                    if (complete) {
                        try {
                            volumeConfig(full, h.name());
                        } catch (IllegalArgumentException e) {
                            errors.add(new Problem(r.file(), r.line(), "resource " + r.name() + ": " + e.getMessage()));
                            break;
                        }
                    }
                }
            }
        }

        private static MetaDisk metaFromOptions(Map<String, String> o) {
            String m = o.get("meta-disk");
            if (m == null) {
                return null;
            }
            return m.equals("internal") ? MetaDisk.internal()
                    : MetaDisk.external(Path.of(m), Integer.parseInt(o.getOrDefault("meta-index", "0")));
        }

        private interface Option {
            void accept(String key, String value, Token at);
        }

        /** Parses {@code { key values ; ... }} where nested blocks are not allowed. */
        private void block(Token at, Option option) {
            if (!expect("{")) {
                return;
            }
            while (pos < tokens.size()) {
                Token key = next();
                if (key.is("}")) {
                    return;
                }
                List<String> values = statementValues(key);
                option.accept(key.text(), String.join(" ", values), key);
            }
            error(at, "'{' without '}'");
        }

        private void resourceBody(Token at, Map<String, String> options, List<Host> hosts) {
            if (!expect("{")) {
                return;
            }
            while (pos < tokens.size()) {
                Token key = next();
                if (key.is("}")) {
                    return;
                }
                String k = key.text();
                if (SECTIONS.containsKey(k) && pos < tokens.size() && tokens.get(pos).is("{")) {
                    Set<String> allowed = SECTIONS.get(k);
                    block(key, (name, value, tok) -> {
                        if (OBSOLETE.contains(name)) {
                            warn(tok, "obsolete option '" + name + "' in " + k + " ignored");
                        } else if (known(allowed, name, tok, k)) {
                            options.put(k + "/" + name, value);
                        }
                    });
                } else if (k.equals("handlers")) {
                    block(key, (name, value, tok) -> options.put("handlers/" + name, value));
                } else if (k.equals("on") && hosts != null) {
                    Token host = next();
                    hosts.add(hostBlock(host));
                } else if (k.equals("on") || k.equals("stacked-on-top-of") || k.equals("floating")) {
                    error(key, "'" + k + "' is not supported here");
                    skipBlock(next());
                } else if (k.equals("protocol")) {
                    List<String> v = statementValues(key);
                    options.put("net/protocol", String.join(" ", v));
                } else if (k.equals("device") || k.equals("disk") || k.equals("meta-disk")
                        || k.equals("flexible-meta-disk")) {
                    List<String> v = statementValues(key);
                    if (k.equals("device")) {
                        parseDevice(key, v, options);
                    } else if (k.equals("disk")) {
                        options.put("disk", String.join(" ", v));
                    } else {
                        MetaDisk m = parseMeta(key, v);
                        if (m != null) {
                            options.put("meta-disk", m.isInternal() ? "internal" : m.external().toString());
                            options.put("meta-index", Integer.toString(m.index()));
                        }
                    }
                } else if (OBSOLETE.contains(k)) {
                    statementValues(key);
                    warn(key, "obsolete option '" + k + "' ignored");
                } else {
                    error(key, "unknown keyword '" + k + "'");
                    skipStatement();
                }
            }
            error(at, "'{' without '}'");
        }

        private Host hostBlock(Token host) {
            String device = null;
            int[] minor = {-1};
            String disk = null;
            InetSocketAddress address = null;
            MetaDisk meta = null;
            if (!expect("{")) {
                return new Host(host.text(), null, -1, null, null, null, host.file(), host.line());
            }
            while (pos < tokens.size()) {
                Token key = next();
                if (key.is("}")) {
                    return new Host(host.text(), device, minor[0], disk, address, meta, host.file(), host.line());
                }
                List<String> v = statementValues(key);
                switch (key.text()) {
                    case "device" -> {
                        Map<String, String> m = new LinkedHashMap<>();
                        parseDevice(key, v, m);
                        device = m.get("device");
                        minor[0] = Integer.parseInt(m.getOrDefault("minor", "-1"));
                    }
                    case "disk" -> disk = v.isEmpty() ? null : v.get(0);
                    case "address" -> address = parseAddress(key, v);
                    case "meta-disk", "flexible-meta-disk" -> meta = parseMeta(key, v);
                    default -> {
                        if (!HOST.contains(key.text())) {
                            error(key, "unknown keyword '" + key.text() + "' in on " + host.text());
                        }
                    }
                }
            }
            error(host, "'{' without '}'");
            return new Host(host.text(), device, minor[0], disk, address, meta, host.file(), host.line());
        }

        private void parseDevice(Token at, List<String> v, Map<String, String> out) {
            String device = null;
            int minor = -1;
            for (int i = 0; i < v.size(); i++) {
                if (v.get(i).equals("minor") && i + 1 < v.size()) {
                    minor = parseInt(at, v.get(++i), "minor");
                } else if (device == null) {
                    device = v.get(i);
                }
            }
            if (device != null && minor < 0) {
                String digits = device.replaceAll("^/dev/drbd", "");
                if (digits.matches("\\d+")) {
                    minor = Integer.parseInt(digits);
                } else {
                    error(at, "device '" + device + "' needs 'minor N'");
                }
            }
            if (device == null && minor >= 0) {
                device = "/dev/drbd" + minor;
            }
            if (device == null) {
                error(at, "device needs a path");
                return;
            }
            out.put("device", device);
            out.put("minor", Integer.toString(minor));
        }

        private InetSocketAddress parseAddress(Token at, List<String> v) {
            List<String> parts = new ArrayList<>(v);
            if (!parts.isEmpty() && (parts.get(0).equals("ipv4") || parts.get(0).equals("ipv6"))) {
                parts.remove(0);
            }
            if (parts.size() != 1) {
                error(at, "address must be [ipv4|ipv6] HOST:PORT");
                return null;
            }
            String a = parts.get(0);
            int colon = a.lastIndexOf(':');
            if (colon <= 0) {
                error(at, "address '" + a + "' has no port");
                return null;
            }
            String host = a.substring(0, colon).replace("[", "").replace("]", "");
            int port = parseInt(at, a.substring(colon + 1), "port");
            if (port < 1 || port > 65535) {
                error(at, "port out of range: " + a);
                return null;
            }
            if (host.matches("[0-9.]+") || host.contains(":")) {
                try {
                    return new InetSocketAddress(InetAddress.getByName(host), port);
                } catch (UnknownHostException e) {
                    error(at, "bad IP address '" + host + "'");
                    return null;
                }
            }
            return InetSocketAddress.createUnresolved(host, port);
        }

        private MetaDisk parseMeta(Token at, List<String> v) {
            if (v.size() == 1 && v.get(0).equals("internal")) {
                return MetaDisk.internal();
            }
            if (v.size() == 1) {
                return MetaDisk.external(Path.of(v.get(0)), 0);
            }
            if (v.size() == 2 && v.get(1).matches("\\[\\d+\\]")) {
                return MetaDisk.external(Path.of(v.get(0)), Integer.parseInt(v.get(1).replaceAll("[\\[\\]]", "")));
            }
            if (v.size() == 4 && v.get(1).equals("[") && v.get(3).equals("]")) {
                return MetaDisk.external(Path.of(v.get(0)), parseInt(at, v.get(2), "meta-disk index"));
            }
            error(at, "meta-disk must be 'internal' or 'PATH [INDEX]'");
            return null;
        }

        private int parseInt(Token at, String text, String what) {
            try {
                return Integer.parseInt(text);
            } catch (NumberFormatException e) {
                error(at, what + " is not a number: '" + text + "'");
                return -1;
            }
        }

        private boolean known(Set<String> allowed, String key, Token at, String section) {
            if (allowed.contains(key)) {
                return true;
            }
            error(at, "unknown option '" + key + "' in " + section);
            return false;
        }

        /** The values up to ';' after a key; reports a missing ';'. */
        private List<String> statementValues(Token key) {
            List<String> values = new ArrayList<>();
            while (pos < tokens.size()) {
                Token t = next();
                if (t.is(";")) {
                    return values;
                }
                if (t.is("{") || t.is("}")) {
                    error(t, "missing ';' after '" + key.text() + "'");
                    pos--;
                    return values;
                }
                values.add(t.text());
            }
            error(key, "missing ';' after '" + key.text() + "'");
            return values;
        }

        private void skipStatement() {
            int depth = 0;
            while (pos < tokens.size()) {
                Token t = next();
                if (t.is("{")) {
                    depth++;
                } else if (t.is("}")) {
                    depth--;
                    if (depth <= 0) {
                        return;
                    }
                } else if (t.is(";") && depth == 0) {
                    return;
                }
            }
        }

        private void skipBlock(Token name) {
            skipStatement();
        }

        private boolean expect(String s) {
            if (pos >= tokens.size()) {
                Token last = tokens.isEmpty() ? null : tokens.get(tokens.size() - 1);
                if (last != null) {
                    error(last, "expected '" + s + "' at end of file");
                }
                return false;
            }
            Token t = next();
            if (!t.is(s)) {
                error(t, "expected '" + s + "', not '" + t.text() + "'");
                pos--;
                return false;
            }
            return true;
        }

        private Token next() {
            return tokens.get(pos++);
        }

        private void error(Token t, String message) {
            errors.add(new Problem(t.file(), t.line(), message));
        }

        private void warn(Token t, String message) {
            warnings.add(new Problem(t.file(), t.line(), message));
        }

        private List<Token> tokenize(Path file, String text) {
            List<Token> out = new ArrayList<>();
            int line = 1;
            int i = 0;
            int n = text.length();
            while (i < n) {
                char c = text.charAt(i);
                if (c == '\n') {
                    line++;
                    i++;
                } else if (Character.isWhitespace(c)) {
                    i++;
                } else if (c == '#') {
                    while (i < n && text.charAt(i) != '\n') {
                        i++;
                    }
                } else if (c == '{' || c == '}' || c == ';') {
                    out.add(new Token(String.valueOf(c), false, file, line));
                    i++;
                } else if (c == '"') {
                    StringBuilder sb = new StringBuilder();
                    int start = line;
                    i++;
                    while (i < n && text.charAt(i) != '"') {
                        char ch = text.charAt(i);
                        if (ch == '\\' && i + 1 < n) {
                            ch = text.charAt(++i);
                        }
                        if (ch == '\n') {
                            line++;
                        }
                        sb.append(ch);
                        i++;
                    }
                    if (i >= n) {
                        errors.add(new Problem(file, start, "unterminated string"));
                    }
                    i++;
                    out.add(new Token(sb.toString(), true, file, start));
                } else {
                    int s = i;
                    while (i < n && !Character.isWhitespace(text.charAt(i)) && "{};#\"".indexOf(text.charAt(i)) < 0) {
                        i++;
                    }
                    out.add(new Token(text.substring(s, i), false, file, line));
                }
            }
            return out;
        }
    }
}
