package dev.channels.cdi;

import dev.channels.api.Message;
import java.util.Objects;

/**
 * The reply an {@link Inbound} observer chose: a message and where it goes.
 *
 * @param message the reply
 * @param route   who receives it
 *
 * @since 0.1.0
 */
public record Reply(Message message, Route route) {

    /**
     * Where a reply goes: the two kinds of handler of the seed.
     *
     * @since 0.1.0
     */
    public enum Route {
        /** Only to the reply's {@code clientID} (the sender by default): the seed's direct handler. */
        DIRECT,
        /** To every member of the reply's {@code channelId}, sender included: the seed's channel handler. */
        CHANNEL
    }

    /** Validates. */
    public Reply {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(route, "route");
    }
}
