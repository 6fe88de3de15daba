package io.tandem.messaging.udp.internal;

import java.lang.annotation.Annotation;
import java.nio.file.Path;

/** A hand-made {@link UdpMessenger.Config}, as ConfigAdmin + DS would provide it. */
final class TestConfig implements UdpMessenger.Config {
    String clusterName = "tandem";
    String nodeName;
    int udpPort;
    String[] media = {};
    String bindAddress = "127.0.0.1";
    String authKeysFile;
    long keepAliveMillis = 100;
    long linkDeadTimeMillis = 1000;
    int compressionThresholdBytes = 2048;
    int maxDatagramBytes = 1400;
    String stateDirectory;

    TestConfig(String nodeName, int udpPort, Path authKeys, Path stateDirectory, String... media) {
        this.nodeName = nodeName;
        this.udpPort = udpPort;
        this.authKeysFile = authKeys.toString();
        this.stateDirectory = stateDirectory.toString();
        this.media = media;
    }

    @Override
    public Class<? extends Annotation> annotationType() {
        return UdpMessenger.Config.class;
    }

    @Override
    public String clusterName() {
        return clusterName;
    }

    @Override
    public String nodeName() {
        return nodeName;
    }

    @Override
    public int udpPort() {
        return udpPort;
    }

    @Override
    public String[] media() {
        return media;
    }

    @Override
    public String bindAddress() {
        return bindAddress;
    }

    @Override
    public String authKeysFile() {
        return authKeysFile;
    }

    @Override
    public long keepAliveMillis() {
        return keepAliveMillis;
    }

    @Override
    public long linkDeadTimeMillis() {
        return linkDeadTimeMillis;
    }

    @Override
    public int compressionThresholdBytes() {
        return compressionThresholdBytes;
    }

    @Override
    public int maxDatagramBytes() {
        return maxDatagramBytes;
    }

    @Override
    public String stateDirectory() {
        return stateDirectory;
    }
}
