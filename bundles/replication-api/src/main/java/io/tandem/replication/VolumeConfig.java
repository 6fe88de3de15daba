package io.tandem.replication;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything one node needs to run one replicated volume (one drbd.conf resource seen from one host).
 *
 * @param name resource name ({@code resource r0})
 * @param minor device minor ({@code /dev/drbdN}), shown in /proc/drbd; 0 or more
 * @param devicePath the device path from drbd.conf, informational ("" if none)
 * @param localHost this node's name ({@code on HOST})
 * @param peerHost the peer's name; the node whose name sorts first dials, the other listens
 * @param backing backing file or block device
 * @param sizeBytes usable size; 0 means everything the backing store has (minus internal metadata)
 * @param metaDisk where the metadata lives
 * @param localAddress address to listen on
 * @param peerAddress address to dial
 * @param protocol A, B or C
 * @param resyncRateBytesPerSecond resync speed limit ({@code syncer { rate }})
 * @param alExtents number of 4 MiB activity-log extents ({@code al-extents}), 7 to 6433
 * @param afterSb0pri split-brain policy when neither node is Primary
 * @param afterSb1pri split-brain policy when one node is Primary
 * @param afterSb2pri split-brain policy when both nodes are Primary
 * @param allowTwoPrimaries whether both nodes may be Primary at once
 * @param onIoError what a failing backing store does
 * @param cramHmacAlg HMAC for peer authentication ({@code sha1}, {@code sha256}, {@code md5}), "" for none
 * @param sharedSecret secret for the HMAC; "" for none (then cramHmacAlg must be "" too)
 * @param wfcTimeoutSeconds startup wait for the peer (0 = forever), for the init layer
 * @param degrWfcTimeoutSeconds startup wait when the cluster was degraded, for the init layer
 * @param pingIntervalMillis idle keep-alive interval ({@code ping-int})
 * @param pingTimeoutMillis how long an unanswered ping may stay unanswered ({@code ping-timeout})
 * @param connectRetryMillis pause between connection attempts ({@code connect-int})
 */
public record VolumeConfig(String name, int minor, String devicePath, String localHost, String peerHost, Path backing,
        long sizeBytes, MetaDisk metaDisk, InetSocketAddress localAddress, InetSocketAddress peerAddress,
        Protocol protocol, long resyncRateBytesPerSecond, int alExtents, AfterSplitBrain afterSb0pri,
        AfterSplitBrain afterSb1pri, AfterSplitBrain afterSb2pri, boolean allowTwoPrimaries, OnIoError onIoError,
        String cramHmacAlg, String sharedSecret, int wfcTimeoutSeconds, int degrWfcTimeoutSeconds,
        long pingIntervalMillis, long pingTimeoutMillis, long connectRetryMillis) {

    public static final int MIN_AL_EXTENTS = 7;
    public static final int MAX_AL_EXTENTS = 6433;

    public VolumeConfig {
        require(name != null && name.matches("[A-Za-z0-9_.+-]+"), "name", "must be letters, digits, _.+- : " + name);
        require(minor >= 0, "minor", "must not be negative: " + minor);
        devicePath = devicePath == null ? "" : devicePath;
        require(localHost != null && !localHost.isBlank(), "localHost", "is required");
        require(peerHost != null && !peerHost.isBlank(), "peerHost", "is required");
        require(!localHost.equals(peerHost), "peerHost", "must differ from localHost: " + peerHost);
        Objects.requireNonNull(backing, "backing");
        require(sizeBytes >= 0 && sizeBytes % 4096 == 0, "sizeBytes", "must be a multiple of 4096: " + sizeBytes);
        Objects.requireNonNull(metaDisk, "metaDisk");
        Objects.requireNonNull(localAddress, "localAddress");
        Objects.requireNonNull(peerAddress, "peerAddress");
        Objects.requireNonNull(protocol, "protocol");
        require(resyncRateBytesPerSecond > 0, "resyncRateBytesPerSecond", "must be positive");
        require(alExtents >= MIN_AL_EXTENTS && alExtents <= MAX_AL_EXTENTS, "alExtents",
                "must be " + MIN_AL_EXTENTS + ".." + MAX_AL_EXTENTS + ": " + alExtents);
        policy(afterSb0pri, 0);
        policy(afterSb1pri, 1);
        policy(afterSb2pri, 2);
        Objects.requireNonNull(onIoError, "onIoError");
        cramHmacAlg = cramHmacAlg == null ? "" : cramHmacAlg;
        sharedSecret = sharedSecret == null ? "" : sharedSecret;
        require(cramHmacAlg.isEmpty() || hmacName(cramHmacAlg) != null, "cramHmacAlg",
                "must be sha1, sha256, sha512 or md5: " + cramHmacAlg);
        require(cramHmacAlg.isEmpty() == sharedSecret.isEmpty(), "sharedSecret",
                "cram-hmac-alg and shared-secret go together");
        require(wfcTimeoutSeconds >= 0 && degrWfcTimeoutSeconds >= 0, "wfcTimeoutSeconds", "must not be negative");
        require(pingIntervalMillis > 0 && pingTimeoutMillis > 0 && connectRetryMillis > 0, "pingIntervalMillis",
                "ping and connect intervals must be positive");
    }

    private static void policy(AfterSplitBrain p, int primaries) {
        Objects.requireNonNull(p, "afterSb" + primaries + "pri");
        require(AfterSplitBrain.allowedFor(primaries).contains(p), "afterSb" + primaries + "pri",
                "'" + p + "' is not allowed for after-sb-" + primaries + "pri");
    }

    private static void require(boolean ok, String field, String message) {
        if (!ok) {
            throw new IllegalArgumentException(field + " " + message);
        }
    }

    /** The JCA Mac name for a drbd.conf cram-hmac-alg, or null if unsupported. */
    public static String hmacName(String cramHmacAlg) {
        return switch (cramHmacAlg.toLowerCase(java.util.Locale.ROOT)) {
            case "sha1" -> "HmacSHA1";
            case "sha256" -> "HmacSHA256";
            case "sha512" -> "HmacSHA512";
            case "md5" -> "HmacMD5";
            default -> null;
        };
    }

    /** True if this node dials the peer; the other node only listens, so one TCP connection forms. */
    public boolean dialsPeer() {
        return localHost.compareTo(peerHost) < 0;
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public Builder toBuilder() {
        Builder b = new Builder(name);
        b.minor = minor;
        b.devicePath = devicePath;
        b.localHost = localHost;
        b.peerHost = peerHost;
        b.backing = backing;
        b.sizeBytes = sizeBytes;
        b.metaDisk = metaDisk;
        b.localAddress = localAddress;
        b.peerAddress = peerAddress;
        b.protocol = protocol;
        b.resyncRateBytesPerSecond = resyncRateBytesPerSecond;
        b.alExtents = alExtents;
        b.afterSb0pri = afterSb0pri;
        b.afterSb1pri = afterSb1pri;
        b.afterSb2pri = afterSb2pri;
        b.allowTwoPrimaries = allowTwoPrimaries;
        b.onIoError = onIoError;
        b.cramHmacAlg = cramHmacAlg;
        b.sharedSecret = sharedSecret;
        b.wfcTimeoutSeconds = wfcTimeoutSeconds;
        b.degrWfcTimeoutSeconds = degrWfcTimeoutSeconds;
        b.pingIntervalMillis = pingIntervalMillis;
        b.pingTimeoutMillis = pingTimeoutMillis;
        b.connectRetryMillis = connectRetryMillis;
        return b;
    }

    /** Builder with DRBD 8's defaults (protocol C, 250 KiB/s resync, 1237 AL extents, disconnect, pass_on). */
    public static final class Builder {
        private final String name;
        private int minor;
        private String devicePath = "";
        private String localHost;
        private String peerHost;
        private Path backing;
        private long sizeBytes;
        private MetaDisk metaDisk = MetaDisk.internal();
        private InetSocketAddress localAddress;
        private InetSocketAddress peerAddress;
        private Protocol protocol = Protocol.C;
        private long resyncRateBytesPerSecond = 250L * 1024;
        private int alExtents = 1237;
        private AfterSplitBrain afterSb0pri = AfterSplitBrain.DISCONNECT;
        private AfterSplitBrain afterSb1pri = AfterSplitBrain.DISCONNECT;
        private AfterSplitBrain afterSb2pri = AfterSplitBrain.DISCONNECT;
        private boolean allowTwoPrimaries;
        private OnIoError onIoError = OnIoError.PASS_ON;
        private String cramHmacAlg = "";
        private String sharedSecret = "";
        private int wfcTimeoutSeconds;
        private int degrWfcTimeoutSeconds = 60;
        private long pingIntervalMillis = 10_000;
        private long pingTimeoutMillis = 500;
        private long connectRetryMillis = 10_000;

        private Builder(String name) {
            this.name = name;
        }

        public Builder minor(int v) { minor = v; return this; }
        public Builder devicePath(String v) { devicePath = v; return this; }
        public Builder localHost(String v) { localHost = v; return this; }
        public Builder peerHost(String v) { peerHost = v; return this; }
        public Builder backing(Path v) { backing = v; return this; }
        public Builder sizeBytes(long v) { sizeBytes = v; return this; }
        public Builder metaDisk(MetaDisk v) { metaDisk = v; return this; }
        public Builder localAddress(InetSocketAddress v) { localAddress = v; return this; }
        public Builder peerAddress(InetSocketAddress v) { peerAddress = v; return this; }
        public Builder protocol(Protocol v) { protocol = v; return this; }
        public Builder resyncRateBytesPerSecond(long v) { resyncRateBytesPerSecond = v; return this; }
        public Builder alExtents(int v) { alExtents = v; return this; }
        public Builder afterSb0pri(AfterSplitBrain v) { afterSb0pri = v; return this; }
        public Builder afterSb1pri(AfterSplitBrain v) { afterSb1pri = v; return this; }
        public Builder afterSb2pri(AfterSplitBrain v) { afterSb2pri = v; return this; }
        public Builder allowTwoPrimaries(boolean v) { allowTwoPrimaries = v; return this; }
        public Builder onIoError(OnIoError v) { onIoError = v; return this; }
        public Builder cramHmacAlg(String v) { cramHmacAlg = v; return this; }
        public Builder sharedSecret(String v) { sharedSecret = v; return this; }
        public Builder wfcTimeoutSeconds(int v) { wfcTimeoutSeconds = v; return this; }
        public Builder degrWfcTimeoutSeconds(int v) { degrWfcTimeoutSeconds = v; return this; }
        public Builder pingIntervalMillis(long v) { pingIntervalMillis = v; return this; }
        public Builder pingTimeoutMillis(long v) { pingTimeoutMillis = v; return this; }
        public Builder connectRetryMillis(long v) { connectRetryMillis = v; return this; }

        public VolumeConfig build() {
            return new VolumeConfig(name, minor, devicePath, localHost, peerHost, backing, sizeBytes, metaDisk,
                    localAddress, peerAddress, protocol, resyncRateBytesPerSecond, alExtents, afterSb0pri,
                    afterSb1pri, afterSb2pri, allowTwoPrimaries, onIoError, cramHmacAlg, sharedSecret,
                    wfcTimeoutSeconds, degrWfcTimeoutSeconds, pingIntervalMillis, pingTimeoutMillis,
                    connectRetryMillis);
        }
    }
}
