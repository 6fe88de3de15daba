package io.tandem.messaging;

import io.tandem.common.NodeId;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Sends and receives cluster messages. Reliable sends are asynchronous: they return at once, and the message
 * is delivered to the peer's subscribers of {@code channel} in send order, exactly once, unless the peer dies
 * or restarts first (then the peer's new incarnation never sees it; membership reports the restart).
 *
 * <p>Also a whiteboard: every {@link MessageHandler} service with the property
 * {@value MessageHandler#CHANNEL_PROPERTY} is subscribed to that channel.
 */
@ProviderType
public interface ClusterMessenger {
    NodeId localNode();

    /** This node's incarnation: grows on every start, survives restarts, and tells peers we restarted. */
    long incarnation();

    String clusterName();

    /**
     * Reliable, ordered delivery of {@code payload} to one peer. Messages up to {@link #MAX_MESSAGE_BYTES}
     * are fragmented, and compressed above the configured threshold. A peer not heard from yet gets the
     * message once it is (queued, bounded).
     *
     * @throws MessageTooLargeException if the payload exceeds {@link #MAX_MESSAGE_BYTES}
     */
    void send(NodeId peer, String channel, byte[] payload);

    /** {@link #send} to every peer currently heard from. */
    void broadcast(String channel, byte[] payload);

    Subscription subscribe(String channel, MessageHandler handler);

    Subscription addPeerListener(PeerListener listener);

    /**
     * Makes every heartbeat from now on carry {@code provider}'s payload (the membership layer's view id and
     * node attributes). One provider at a time: a new one replaces the previous; closing the returned handle
     * removes it if it is still the current one.
     */
    Subscription setHeartbeatPayloadProvider(HeartbeatPayloadProvider provider);

    /** Every peer heard from since start, with per-link state. */
    List<PeerStatus> peers();

    /** The configured media and their per-peer state. */
    List<LinkStatus> links();

    /** What was sent, received, retransmitted and dropped (and why). */
    MessagingCounters counters();

    /** Largest payload {@link #send} accepts: 64 MiB (a whole CIB is far less). */
    int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

    /** A subscription or listener registration; closing it stops further callbacks. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
