package io.tandem.replication.device.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountsTest {
    @TempDir
    Path dir;

    @Test
    void findsWhereALoopDeviceIsMountedAndUnescapesPaths() throws Exception {
        Path info = dir.resolve("mountinfo");
        Files.writeString(info, """
                22 1 259:2 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p2 rw
                512 22 0:61 / /var/lib/tandem/devices/r0 rw,nosuid,nodev,relatime shared:300 - fuse.tandem tandem:r0 rw,user_id=0,group_id=0
                530 22 7:3 / /srv/my\\040data rw,relatime shared:310 - ext4 /dev/loop3 rw
                531 22 7:3 /sub /mnt/bind rw,relatime - ext4 /dev/loop3 rw
                """);
        Mounts mounts = new Mounts(info);
        assertEquals(List.of(Path.of("/srv/my data"), Path.of("/mnt/bind")), mounts.mountPointsOf("7:3"));
        assertEquals(List.of(), mounts.mountPointsOf("7:4"));
        assertTrue(mounts.isMountPoint(Path.of("/var/lib/tandem/devices/r0")));
        assertFalse(mounts.isMountPoint(Path.of("/var/lib/tandem/devices")));
        assertEquals("fuse.tandem", mounts.list().get(1).fsType());
        assertEquals("tandem:r0", mounts.list().get(1).source());
    }

    @Test
    void aLineWithoutSeparatorIsRejectedWithTheLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Mounts.parse("22 1 259:2 / / rw,relatime shared:1 ext4 /dev/x rw"));
        assertTrue(e.getMessage().contains("unexpected line: 22 1 259:2"), e.getMessage());
    }
}
