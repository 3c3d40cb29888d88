package dev.channels.api;

import dev.channels.api.internal.JsonSupport;
import dev.channels.api.internal.MessageIds;
import dev.channels.api.internal.RawJson;
import jakarta.json.JsonValue;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The message envelope of the channels protocol (the seed's {@code sockets.Message}).
 *
 * <p>Immutable: every {@code with...} method returns a changed copy, so one message can be shared by
 * all the connections of a channel. The body stays raw JSON ({@link JsonValue}) until a handler
 * binds it with {@link #bind(Class)}. String fields are never {@code null}; unused ones are empty.
 *
 * <pre>{@code
 * Message reply = request.newFrom("chat").withBody(new ChatLine("hello"));
 * ChatLine line = reply.bind(ChatLine.class);
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Message implements Envelope {

    private final String id;
    private final String type;
    private final String channelId;
    private final String clientId;
    private final String correlationId;
    private final String appId;
    private final String userId;
    private final Instant expiration;
    private final Instant timestamp;
    private final Map<String, List<String>> headers;
    private final JsonValue body;

    private Message(Builder b) {
        this.id = nonNull(b.id);
        this.type = nonNull(b.type);
        this.channelId = nonNull(b.channelId);
        this.clientId = nonNull(b.clientId);
        this.correlationId = nonNull(b.correlationId);
        this.appId = nonNull(b.appId);
        this.userId = nonNull(b.userId);
        this.expiration = b.expiration;
        this.timestamp = b.timestamp == null ? Instant.EPOCH : b.timestamp;
        this.headers = HeaderMaps.copy(b.headers);
        this.body = b.body == null ? JsonValue.NULL : b.body;
    }

    /**
     * A new message of {@code type} with a fresh id (a UUID, unique but not secret), the current UTC
     * time, empty headers and no body.
     */
    public static Message create(String type) {
        return builder().id(MessageIds.next()).type(type).timestamp(Instant.now()).build();
    }

    /** A new message of {@code type} for {@code channelId}. */
    public static Message create(String type, String channelId) {
        return create(type).withChannelId(channelId);
    }

    /** A builder with every field empty; used by codecs and tests that need exact values. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this message's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * A new message of {@code type} that answers this one: it copies clientID, channelId, appId,
     * userId, correlationId and expiration, and gets a fresh id and timestamp, empty headers and no body.
     */
    public Message newFrom(String type) {
        return builder()
                .id(MessageIds.next())
                .type(type)
                .timestamp(Instant.now())
                .clientId(clientId)
                .channelId(channelId)
                .appId(appId)
                .userId(userId)
                .correlationId(correlationId)
                .expiration(expiration)
                .build();
    }

    /** The "no reply" idiom for handlers: {@code return msg.noContent();} sends nothing back. */
    public Optional<Message> noContent() {
        return Optional.empty();
    }

    /**
     * Converts this message into an error envelope for its sender, with {@code detail} as error body
     * ({@code null} for none; an {@link ErrorDetail} or any JSON-B serialisable object).
     */
    public ErrorMessage toError(Object detail) {
        JsonValue errorBody = detail instanceof ErrorDetail d ? d.toJson() : JsonSupport.toJsonValue(detail);
        return new ErrorMessage(correlationId, appId, userId, type, body, errorBody, channelId, clientId, headers);
    }

    /** Binds the body to {@code type} with JSON-B; throws {@link BodyBindException} when it cannot. */
    public <T> T bind(Class<T> type) {
        return JsonSupport.bind(body, type, "body of '" + this.type + "' message");
    }

    /** Binds the body to a generic type such as {@code new ArrayList<Foo>(){}.getClass().getGenericSuperclass()}. */
    public <T> T bind(Type type) {
        return JsonSupport.bind(body, type, "body of '" + this.type + "' message");
    }

    /** A copy whose body is {@code value} serialised with JSON-B ({@code null} for JSON null). */
    public Message withBody(Object value) {
        return toBuilder().body(JsonSupport.toJsonValue(value)).build();
    }

    /**
     * A copy whose body is the given JSON text, sent as it is (whitespace around the value dropped);
     * throws {@link IllegalArgumentException} if it is not JSON.
     */
    public Message withRawBody(String json) {
        try {
            return toBuilder().body(RawJson.parse(json)).build();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        }
    }

    /** A copy with another type. */
    public Message withType(String type) {
        return toBuilder().type(type).build();
    }

    /** A copy with another channel id. */
    public Message withChannelId(String channelId) {
        return toBuilder().channelId(channelId).build();
    }

    /** A copy with another client id. */
    public Message withClientId(String clientId) {
        return toBuilder().clientId(clientId).build();
    }

    /** A copy with another correlation id. */
    public Message withCorrelationId(String correlationId) {
        return toBuilder().correlationId(correlationId).build();
    }

    /** A copy with another app id. */
    public Message withAppId(String appId) {
        return toBuilder().appId(appId).build();
    }

    /** A copy with another user id. */
    public Message withUserId(String userId) {
        return toBuilder().userId(userId).build();
    }

    /** A copy with another expiration ({@code null} for none). */
    public Message withExpiration(Instant expiration) {
        return toBuilder().expiration(expiration).build();
    }

    /** A copy whose headers are exactly {@code headers}. */
    public Message withHeaders(Map<String, List<String>> headers) {
        return toBuilder().headers(headers).build();
    }

    /** A copy with header {@code name} set to {@code values}, replacing earlier values of that name. */
    public Message withHeader(String name, String... values) {
        Map<String, List<String>> copy = new LinkedHashMap<>(headers);
        copy.put(name, List.of(values));
        return toBuilder().headers(copy).build();
    }

    /** The unique id of this message ({@code messageId} on the wire). */
    public String id() {
        return id;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public String channelId() {
        return channelId;
    }

    /** The connection the message came from or goes to; set by the server ({@code clientID} on the wire). */
    public String clientId() {
        return clientId;
    }

    @Override
    public String correlationId() {
        return correlationId;
    }

    /** Free metadata. */
    public String appId() {
        return appId;
    }

    /** Free metadata. */
    public String userId() {
        return userId;
    }

    /** Free metadata: when the message expires, if set. */
    public Optional<Instant> expiration() {
        return Optional.ofNullable(expiration);
    }

    /** When the message was created. */
    public Instant timestamp() {
        return timestamp;
    }

    /** The headers, unmodifiable; never {@code null}. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The first value of header {@code name}, matched case-insensitively as HTTP does. */
    public Optional<String> header(String name) {
        return HeaderMaps.first(headers, name);
    }

    /**
     * The raw body; {@link JsonValue#NULL} when there is none. A body read from a frame is that frame's
     * text: its {@code toString()} is what the sender wrote, byte for byte, and a reply
     * {@code withBody(msg.body())} sends the same bytes on. It is parsed into a JSON-P tree only when
     * something looks inside it.
     */
    public JsonValue body() {
        return body;
    }

    /** Whether the body is anything but JSON null. */
    public boolean hasBody() {
        return body.getValueType() != JsonValue.ValueType.NULL;
    }

    /** The body as JSON text ({@code "null"} when there is none); as the sender wrote it when read from a frame. */
    public String rawBody() {
        return RawJson.text(body);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Message m
                && id.equals(m.id) && type.equals(m.type) && channelId.equals(m.channelId)
                && clientId.equals(m.clientId) && correlationId.equals(m.correlationId)
                && appId.equals(m.appId) && userId.equals(m.userId)
                && Objects.equals(expiration, m.expiration) && timestamp.equals(m.timestamp)
                && headers.equals(m.headers) && body.equals(m.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, type, channelId, clientId, correlationId, timestamp);
    }

    @Override
    public String toString() {
        return "Message[type=" + type + ", id=" + id + ", channelId=" + channelId + ", clientId=" + clientId
                + ", correlationId=" + correlationId + ", body=" + abbreviate(rawBody()) + "]";
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    /**
     * Builds a {@link Message} with exact values; fields left unset are empty.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private String id;
        private String type;
        private String channelId;
        private String clientId;
        private String correlationId;
        private String appId;
        private String userId;
        private Instant expiration;
        private Instant timestamp;
        private Map<String, List<String>> headers;
        private JsonValue body;

        private Builder() {
        }

        private Builder(Message m) {
            id = m.id;
            type = m.type;
            channelId = m.channelId;
            clientId = m.clientId;
            correlationId = m.correlationId;
            appId = m.appId;
            userId = m.userId;
            expiration = m.expiration;
            timestamp = m.timestamp;
            headers = m.headers;
            body = m.body;
        }

        /** Sets the message id. */
        public Builder id(String id) {
            this.id = id;
            return this;
        }

        /** Sets the type. */
        public Builder type(String type) {
            this.type = type;
            return this;
        }

        /** Sets the channel id. */
        public Builder channelId(String channelId) {
            this.channelId = channelId;
            return this;
        }

        /** Sets the client id. */
        public Builder clientId(String clientId) {
            this.clientId = clientId;
            return this;
        }

        /** Sets the correlation id. */
        public Builder correlationId(String correlationId) {
            this.correlationId = correlationId;
            return this;
        }

        /** Sets the app id. */
        public Builder appId(String appId) {
            this.appId = appId;
            return this;
        }

        /** Sets the user id. */
        public Builder userId(String userId) {
            this.userId = userId;
            return this;
        }

        /** Sets the expiration, or {@code null} for none. */
        public Builder expiration(Instant expiration) {
            this.expiration = expiration;
            return this;
        }

        /** Sets the creation time. */
        public Builder timestamp(Instant timestamp) {
            this.timestamp = timestamp;
            return this;
        }

        /** Sets the headers (copied). */
        public Builder headers(Map<String, List<String>> headers) {
            this.headers = headers;
            return this;
        }

        /** Adds one header value. */
        public Builder addHeader(String name, String value) {
            Map<String, List<String>> copy = headers == null ? new LinkedHashMap<>() : new LinkedHashMap<>(headers);
            List<String> values = new ArrayList<>(copy.getOrDefault(name, List.of()));
            values.add(value);
            copy.put(name, values);
            this.headers = copy;
            return this;
        }

        /** Sets the raw body. */
        public Builder body(JsonValue body) {
            this.body = body;
            return this;
        }

        /** Builds the immutable message. */
        public Message build() {
            return new Message(this);
        }
    }
}
