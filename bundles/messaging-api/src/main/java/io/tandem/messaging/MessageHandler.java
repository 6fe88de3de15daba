package io.tandem.messaging;

import org.osgi.annotation.versioning.ConsumerType;

/** Receives the messages of one channel. Called on the messenger's thread: hand long work to your own. */
@ConsumerType
@FunctionalInterface
public interface MessageHandler {
    /** Service property naming the channel a whiteboard handler subscribes to. */
    String CHANNEL_PROPERTY = "ha.message.channel";

    void onMessage(Message message);
}
