package dev.channels.api;

/**
 * A frame of the channels wire protocol: either an ordinary {@link Message} or an
 * {@link ErrorMessage}. A reader of frames from a server switches on this sealed type.
 *
 * @since 0.1.0
 */
public sealed interface Envelope permits Message, ErrorMessage {

    /** The message type; {@link MessageTypes#ERROR} for an {@link ErrorMessage}. */
    String type();

    /** The channel the envelope belongs to; never {@code null}, possibly empty. */
    String channelId();

    /** Ties a reply to its request; empty when unused. */
    String correlationId();
}
