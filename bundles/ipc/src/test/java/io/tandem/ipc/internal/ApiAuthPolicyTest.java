package io.tandem.ipc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.ipc.spi.PeerCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiAuthPolicyTest {
    @TempDir
    Path dir;
    private UserDatabase db;

    @BeforeEach
    void files() throws IOException {
        Files.writeString(dir.resolve("passwd"), String.join("\n",
                "root:x:0:0:root:/root:/bin/sh", "hacluster:x:90:90::/var/lib/heartbeat:/bin/false",
                "alice:x:1000:1000::/home/alice:/bin/sh", "bob:x:1001:1001::/home/bob:/bin/sh", "mysql:x:105:110::/nonexistent:/bin/false", ""));
        Files.writeString(dir.resolve("group"), String.join("\n",
                "root:x:0:", "haclient:x:90:alice", "alice:x:1000:", "bob:x:1001:", "mysql:x:110:", "ops:x:2000:bob", ""));
        // process 4242 is bob, currently also in group 2000 (ops) and 90 (haclient) per the kernel
        Path proc = Files.createDirectories(dir.resolve("proc/4242"));
        Files.writeString(proc.resolve("status"), "Name:\tsh\nUid:\t1001\t1001\t1001\t1001\nGroups:\t90 2000 \n");
        db = new UserDatabase(dir.resolve("passwd"), dir.resolve("group"), dir.resolve("proc"));
    }

    private ApiAuthPolicy defaults() {
        return ApiAuthPolicy.fromConfig(true, new String[0], new String[] {"haclient"}, new String[0], db);
    }

    @Test
    void rootAndHaclientMembersAreAdmittedByDefault() {
        assertEquals(Optional.empty(), defaults().refusal(new PeerCredentials(1, 0, 0)));
        assertEquals(Optional.empty(), defaults().refusal(new PeerCredentials(77, 90, 90)), "primary group haclient");
        assertEquals(Optional.empty(), defaults().refusal(new PeerCredentials(0, 1000, 1000)), "alice is listed in /etc/group");
        assertEquals(Optional.empty(), defaults().refusal(new PeerCredentials(4242, 1001, 1001)), "bob's process has haclient now");
    }

    @Test
    void othersAreRefusedWithAReasonNamingThem() {
        String reason = defaults().refusal(new PeerCredentials(5, 105, 110)).orElseThrow();
        assertEquals("permission denied: uid 105 (mysql), groups 110(mysql) is not root, not an allowed user [] and not in an allowed group [haclient]", reason);
    }

    @Test
    void apiauthLinesAddUsersAndGroups() {
        ApiAuthPolicy policy = ApiAuthPolicy.fromConfig(true, new String[0], new String[0],
                new String[] {"apiauth mysqlagent uid=mysql", "ops gid=2000"}, db);
        assertEquals(Optional.empty(), policy.refusal(new PeerCredentials(5, 105, 110)));
        assertEquals(Optional.empty(), policy.refusal(new PeerCredentials(9, 1001, 1001)), "bob is in ops per /etc/group");
        assertTrue(policy.refusal(new PeerCredentials(9, 1000, 1000)).isPresent());
        ApiAuthPolicy noRoot = ApiAuthPolicy.fromConfig(false, new String[] {"1000"}, new String[0], new String[0], db);
        assertTrue(noRoot.refusal(new PeerCredentials(1, 0, 0)).isPresent());
        assertEquals(Optional.empty(), noRoot.refusal(new PeerCredentials(1, 1000, 1000)));
    }

    @Test
    void badConfigurationNamesTheEntry() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ApiAuthPolicy.fromConfig(true, new String[0], new String[0], new String[] {"crm uid=a", "x pid=3"}, db));
        assertEquals("apiAuth[1] 'x pid=3': unknown field 'pid=3' (only uid= and gid=)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ApiAuthPolicy.fromConfig(true, new String[] {"a b"}, new String[0], new String[0], db));
        assertThrows(IllegalArgumentException.class, () -> ApiAuthPolicy.fromConfig(true, new String[0], new String[0], new String[] {"uid=a"}, db));
    }

    @Test
    void socketModesParseAsOctal() {
        assertEquals(java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw----"), IpcService.permissions("0660"));
        assertThrows(IllegalArgumentException.class, () -> IpcService.permissions("rw"));
        assertThrows(IllegalArgumentException.class, () -> IpcService.permissions("1777"));
        assertEquals(Path.of("/k/data/tandem/tandem.sock"), IpcService.socketPath("", "/k/data"));
        assertEquals(Path.of("/run/x.sock"), IpcService.socketPath(" /run/x.sock ", null));
    }
}
