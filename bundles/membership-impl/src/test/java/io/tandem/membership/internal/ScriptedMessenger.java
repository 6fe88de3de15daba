package io.tandem.membership.internal;

import io.tandem.common.NodeId;
import io.tandem.messaging.ClusterMessenger;
import io.tandem.messaging.LinkStatus;
import io.tandem.messaging.Message;
import io.tandem.messaging.MessageHandler;
import io.tandem.messaging.MessagingCounters;
import io.tandem.messaging.PeerListener;
import io.tandem.messaging.PeerStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A messenger the test drives by hand: it injects what peers say and reads what the engine sent. */
final class ScriptedMessenger implements ClusterMessenger {
    record Sent(NodeId to, ViewMessage message) {
    }

    private final NodeId node;
    private final List<PeerListener> listeners = new CopyOnWriteArrayList<>();
    private final List<MessageHandler> handlers = new CopyOnWriteArrayList<>();
    final List<Sent> sent = new ArrayList<>();

    ScriptedMessenger(String node) {
        this.node = NodeId.of(node);
    }

    void heard(String peer, long incarnation, byte[] payload) {
        listeners.forEach(l -> l.heard(NodeId.of(peer), incarnation, payload));
    }

    void deliver(String peer, long incarnation, ViewMessage message) {
        Message m = new Message(NodeId.of(peer), incarnation, MembershipEngine.CHANNEL, ViewMessage.encode(message));
        handlers.forEach(h -> h.onMessage(m));
    }

    /** Messages sent since the last call. */
    List<Sent> drain() {
        List<Sent> copy = List.copyOf(sent);
        sent.clear();
        return copy;
    }

    @Override
    public NodeId localNode() {
        return node;
    }

    @Override
    public long incarnation() {
        return 1;
    }

    @Override
    public String clusterName() {
        return "scripted";
    }

    @Override
    public void send(NodeId peer, String channel, byte[] payload) {
        sent.add(new Sent(peer, ViewMessage.decode(payload)));
    }

    @Override
    public void broadcast(String channel, byte[] payload) {
        throw new UnsupportedOperationException("membership sends to each member");
    }

    @Override
    public Subscription subscribe(String channel, MessageHandler handler) {
        handlers.add(handler);
        return () -> handlers.remove(handler);
    }

    private io.tandem.messaging.HeartbeatPayloadProvider payloadProvider;

    @Override
    public Subscription addPeerListener(PeerListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public Subscription setHeartbeatPayloadProvider(io.tandem.messaging.HeartbeatPayloadProvider provider) {
        payloadProvider = provider;
        return () -> payloadProvider = null;
    }

    /** What the next heartbeat would carry (empty without a provider). */
    byte[] heartbeatPayload() {
        io.tandem.messaging.HeartbeatPayloadProvider p = payloadProvider;
        return p == null ? new byte[0] : p.heartbeatPayload();
    }

    @Override
    public List<PeerStatus> peers() {
        return List.of();
    }

    @Override
    public List<LinkStatus> links() {
        return List.of();
    }

    @Override
    public MessagingCounters counters() {
        return new MessagingCounters(0, 0, 0, 0, 0, 0, 0, Map.of());
    }
}
