package dev.channels.api;

import dev.channels.api.internal.RawJson;
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
 *
 * @since 0.1.0
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

    /**
     * A request without headers whose body is the JSON text {@code bodyJson}, sent as it is: the
     * receivers get these very characters (whitespace around the value dropped). Throws
     * {@link IllegalArgumentException} if it is not one JSON value.
     */
    public static Request ofJson(String channelId, String type, String bodyJson) {
        try {
            return of(channelId, type, RawJson.parse(bodyJson));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        }
    }

    /** This request as a new message (fresh id and timestamp). */
    public Message toMessage() {
        return Message.create(type).withChannelId(channelId).withHeaders(headers).withBody(body);
    }
}
