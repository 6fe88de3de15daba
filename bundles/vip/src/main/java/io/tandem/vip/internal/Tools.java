package io.tandem.vip.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where the helper programs are; a missing one is only an error when an operation needs it. */
record Tools(Path ip, Path sendArp, Path sendUa, Path arping) {
    static final List<String> SEARCH_PATH = List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin");

    /** Debian's locations: iproute2, resource-agents' HA_BIN (/usr/libexec/heartbeat), iputils-arping. */
    static Tools debian() {
        return new Tools(resolve("ip"), Path.of("/usr/libexec/heartbeat/send_arp"), Path.of("/usr/libexec/heartbeat/send_ua"),
                resolve("arping"));
    }

    /** An absolute path as given; a bare name looked up in the sbin/bin directories. */
    static Path resolve(String name) {
        Path p = Path.of(name);
        if (p.isAbsolute()) {
            return p;
        }
        for (String dir : SEARCH_PATH) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return Path.of(SEARCH_PATH.get(0), name);
    }
}
