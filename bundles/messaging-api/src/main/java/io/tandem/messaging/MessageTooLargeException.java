package io.tandem.messaging;

/** A payload larger than {@link ClusterMessenger#MAX_MESSAGE_BYTES}. */
public final class MessageTooLargeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public MessageTooLargeException(int size) {
        super("message of " + size + " bytes exceeds the limit of " + ClusterMessenger.MAX_MESSAGE_BYTES + " bytes");
    }
}
