package io.tandem.replication.device.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeviceManagerSettingsTest {
    private static DeviceConfig config(String stateDirectory, String deviceDirectory, long detachTimeoutMillis) {
        return config(stateDirectory, deviceDirectory, detachTimeoutMillis, "/run/tandem/nbd");
    }

    private static DeviceConfig config(String stateDirectory, String deviceDirectory, long detachTimeoutMillis,
            String nbdDirectory) {
        return new DeviceConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return DeviceConfig.class;
            }

            @Override
            public String stateDirectory() {
                return stateDirectory;
            }

            @Override
            public String deviceDirectory() {
                return deviceDirectory;
            }

            @Override
            public boolean loopDirectIo() {
                return true;
            }

            @Override
            public boolean fuseDirectIo() {
                return false;
            }

            @Override
            public long commandTimeoutMillis() {
                return 10_000;
            }

            @Override
            public long detachTimeoutMillis() {
                return detachTimeoutMillis;
            }

            @Override
            public String nbdDirectory() {
                return nbdDirectory;
            }
        };
    }

    @Test
    void settingsComeFromTheConfiguration() {
        DeviceAttacher.Settings s = DeviceManagerImpl.settings(config("/var/lib/x", "", 5000), null);
        assertEquals(Path.of("/var/lib/x"), s.stateDirectory());
        assertEquals(Path.of("/dev/tandem"), s.deviceDirectory(), "empty means the default");
        assertEquals(5000, s.detachTimeoutMillis());
        assertEquals(Optional.of(Path.of("/run/tandem/nbd")), s.nbdDirectory());
        assertEquals(Optional.empty(), DeviceManagerImpl.settings(config("/var/lib/x", "", 5000, " "), null)
                .nbdDirectory(), "blank means no NBD export");
    }

    @Test
    void badSettingsAreRefusedNamingThePidAndTheSetting() {
        IllegalArgumentException relative = assertThrows(IllegalArgumentException.class,
                () -> DeviceManagerImpl.settings(config("devices", "/dev/tandem", 5000), null));
        assertTrue(relative.getMessage().startsWith("io.tandem.replication.device: stateDirectory must be an absolute"),
                relative.getMessage());
        IllegalArgumentException timeout = assertThrows(IllegalArgumentException.class,
                () -> DeviceManagerImpl.settings(config("/var/lib/x", "/dev/tandem", 0), null));
        assertTrue(timeout.getMessage().contains("detachTimeoutMillis must be positive"), timeout.getMessage());
        IllegalArgumentException nbd = assertThrows(IllegalArgumentException.class,
                () -> DeviceManagerImpl.settings(config("/var/lib/x", "/dev/tandem", 5000, "nbd"), null));
        assertTrue(nbd.getMessage().startsWith("io.tandem.replication.device: nbdDirectory must be an absolute"),
                nbd.getMessage());
    }
}
