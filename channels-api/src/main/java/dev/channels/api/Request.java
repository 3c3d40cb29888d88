package dev.channels.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a client publishes: the Java form of the seed's {@code sockets.Request}. The client turns
 * it into a new {@link Message} with a fresh id and timestamp.
 *
 * @param channelId the channel to publish on; the client must have joined it
 * @param type      the message type
 * @param body      any object JSON-B can serialise, a {@link jakarta.json.JsonValue}, or {@code null}
 * @param headers   headers to send; never {@code null} after construction
 */
public record Request(String channelId, String type, Object body, Map<String, List<String>> headers) {

    /** Validates and copies. */
    public Request {
        Objects.requireNonNull(channelId, "channelId");
        Objects.requireNonNull(type, "type");
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** A request without headers. */
    public static Request of(String channelId, String type, Object body) {
        return new Request(channelId, type, body, Map.of());
    }

    /** This request as a new message (fresh id and timestamp). */
    public Message toMessage() {
        return Message.create(type).withChannelId(channelId).withHeaders(headers).withBody(body);
    }
}
