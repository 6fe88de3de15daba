package io.tandem.messaging.udp.internal;

import io.tandem.common.NodeId;
import io.tandem.common.Scheduler;
import io.tandem.messaging.config.AuthKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The few package-private entry points of the messaging engine that a simulation outside this package needs:
 * building an engine over arbitrary links, feeding it datagrams, and the on-disk incarnation counter. Lives in
 * the engine's package on the test classpath only; the bundle keeps these internals private.
 */
public final class SimWire {
    private SimWire() {
    }

    /** Where a link's datagrams go: called on the engine's scheduler with a private copy of the datagram. */
    @FunctionalInterface
    public interface Sender {
        void send(byte[] datagram);
    }

    /**
     * One medium as the engine sees it.
     *
     * @param name   stable link name, e.g. {@code ucast:eth0:b}
     * @param medium the ha.cf line it stands for
     */
    public record LinkSpec(String name, String medium, Sender sender) {
        public LinkSpec {
            Objects.requireNonNull(name);
            Objects.requireNonNull(medium);
            Objects.requireNonNull(sender);
        }
    }

    /** A real {@link MessagingEngine} (not started) with the given settings, sending through {@code links}. */
    public static MessagingEngine engine(String clusterName, String nodeName, long keepAliveMillis,
                                         long linkDeadTimeMillis, AuthKeys keys, long incarnation,
                                         Scheduler scheduler, List<LinkSpec> links) {
        MessengerSettings settings = new MessengerSettings(clusterName, NodeId.of(nodeName), keepAliveMillis,
                linkDeadTimeMillis, 2048, 1400);
        List<Link> adapted = new ArrayList<>();
        for (LinkSpec spec : links) {
            adapted.add(new Link() {
                @Override
                public String name() {
                    return spec.name();
                }

                @Override
                public String medium() {
                    return spec.medium();
                }

                @Override
                public boolean isOpen() {
                    return true;
                }

                @Override
                public String error() {
                    return "";
                }

                @Override
                public void send(byte[] buf, int off, int len) {
                    spec.sender().send(java.util.Arrays.copyOfRange(buf, off, off + len));
                }
            });
        }
        return new MessagingEngine(settings, keys, incarnation, scheduler, adapted);
    }

    /** Hands a datagram that arrived on link {@code linkIndex} to the engine (call on its scheduler). */
    public static void receive(MessagingEngine engine, int linkIndex, String source, byte[] datagram) {
        engine.receive(linkIndex, source, datagram, 0, datagram.length);
    }

    /** The frame type of a datagram as the framing layer writes it: HEARTBEAT, DATA, ACK, LEAVE (or "?"). */
    public static String packetType(byte[] datagram) {
        if (datagram.length < FrameHeader.FIXED_BYTES) {
            return "?";
        }
        return switch (datagram[5]) {
            case FrameHeader.TYPE_HEARTBEAT -> "HEARTBEAT";
            case FrameHeader.TYPE_DATA -> "DATA";
            case FrameHeader.TYPE_ACK -> "ACK";
            case FrameHeader.TYPE_LEAVE -> "LEAVE";
            default -> "?";
        };
    }

    /** The next incarnation from {@code directory/incarnation}, persisted as on a real start. */
    public static long nextIncarnation(Path directory, long wallClockMillis) {
        try {
            return IncarnationStore.next(directory, wallClockMillis);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
