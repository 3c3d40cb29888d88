package dev.channels.api.codec;

import dev.channels.api.Envelope;
import dev.channels.api.ErrorMessage;
import dev.channels.api.Message;
import dev.channels.api.MessageTypes;
import dev.channels.api.internal.JsonSupport;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import java.io.StringWriter;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads and writes the wire format of the channels protocol (see {@code docs/protocol.md}): one JSON
 * object per text frame.
 *
 * <p>Writing produces exactly the keys of the seed, including {@code clientID} in a message and
 * {@code clientId} in an error envelope; times are RFC 3339 in UTC. Reading accepts missing keys,
 * {@code null} for any key, unknown keys, keys in another letter case (as Go does), and any RFC 3339 precision and offset; anything that is
 * not a JSON object, or a key of the wrong JSON type, fails with {@link MalformedFrameException}.
 * Bodies stay raw JSON. Stateless and thread-safe.
 */
public final class EnvelopeCodec {

    private EnvelopeCodec() {
    }

    /** Writes a message envelope. */
    public static String encode(Message m) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator g = JsonSupport.generators().createGenerator(out)) {
            g.writeStartObject()
                    .write("correlationId", m.correlationId())
                    .write("appId", m.appId())
                    .write("clientID", m.clientId())
                    .write("userId", m.userId());
            if (m.expiration().isPresent()) {
                g.write("expiration", formatTime(m.expiration().get()));
            } else {
                g.writeNull("expiration");
            }
            g.write("body", m.body())
                    .write("messageId", m.id())
                    .write("channelId", m.channelId())
                    .write("timestamp", formatTime(m.timestamp()))
                    .write("type", m.type());
            writeHeaders(g, m.headers());
            g.writeEnd();
        }
        return escapeLoneSurrogates(out.toString());
    }

    /** Writes an error envelope. */
    public static String encode(ErrorMessage e) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JsonSupport.generators().createGenerator(out)) {
            g.writeStartObject()
                    .write("correlationId", e.correlationId())
                    .write("appId", e.appId())
                    .write("userId", e.userId())
                    .write("type", e.type())
                    .write("originType", e.originType())
                    .write("originBody", e.originBody())
                    .write("errorBody", e.errorBody())
                    .write("channelId", e.channelId())
                    .write("clientId", e.clientId());
            writeHeaders(g, e.headers());
            g.writeEnd();
        }
        return escapeLoneSurrogates(out.toString());
    }

    /** Writes either kind of envelope. */
    public static String encode(Envelope envelope) {
        return envelope instanceof Message m ? encode(m) : encode((ErrorMessage) envelope);
    }

    /** Reads a frame as a message, whatever its type (this is how a server reads client frames). */
    public static Message decodeMessage(String text) {
        JsonObject o = parseObject(text);
        return readMessage(text, o);
    }

    /** Reads a frame as an error envelope. */
    public static ErrorMessage decodeError(String text) {
        return readError(text, parseObject(text));
    }

    /**
     * Reads a frame from a server: an {@link ErrorMessage} when its type is {@code "error"},
     * otherwise a {@link Message}.
     */
    public static Envelope decode(String text) {
        JsonObject o = parseObject(text);
        if (MessageTypes.ERROR.equals(string(text, o, "type"))) {
            return readError(text, o);
        }
        return readMessage(text, o);
    }

    private static Message readMessage(String text, JsonObject o) {
        return Message.builder()
                .id(string(text, o, "messageId"))
                .type(string(text, o, "type"))
                .channelId(string(text, o, "channelId"))
                .clientId(string(text, o, "clientID"))
                .correlationId(string(text, o, "correlationId"))
                .appId(string(text, o, "appId"))
                .userId(string(text, o, "userId"))
                .expiration(time(text, o, "expiration"))
                .timestamp(time(text, o, "timestamp"))
                .headers(headers(text, o))
                .body(value(o, "body"))
                .build();
    }

    private static ErrorMessage readError(String text, JsonObject o) {
        return new ErrorMessage(
                string(text, o, "correlationId"),
                string(text, o, "appId"),
                string(text, o, "userId"),
                string(text, o, "originType"),
                value(o, "originBody"),
                value(o, "errorBody"),
                string(text, o, "channelId"),
                string(text, o, "clientId"),
                headers(text, o));
    }

    private static JsonObject parseObject(String text) {
        if (text == null) {
            throw new MalformedFrameException(null, "frame is null", null);
        }
        JsonValue value;
        try {
            value = JsonSupport.parse(text);
        } catch (RuntimeException e) {
            // JsonException for bad syntax, but the parser also throws plain RuntimeExceptions for its
            // own limits (nesting depth, digits in a number): every one of them means a bad frame
            throw new MalformedFrameException(text, "frame is not valid JSON: " + e.getMessage(), e);
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new MalformedFrameException(text, "frame is not a JSON object but " + value.getValueType(), null);
        }
        return value.asJsonObject();
    }

    /**
     * The value of {@code key}; like Go's {@code encoding/json}, a key in another letter case
     * matches when the exact one is absent (so {@code clientId} reads as {@code clientID}).
     */
    private static JsonValue value(JsonObject o, String key) {
        JsonValue v = o.get(key);
        if (v != null) {
            return v;
        }
        for (Map.Entry<String, JsonValue> e : o.entrySet()) {
            if (e.getKey().equalsIgnoreCase(key)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static String string(String text, JsonObject o, String key) {
        JsonValue v = value(o, key);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return "";
        }
        if (v instanceof JsonString s) {
            return s.getString();
        }
        throw new MalformedFrameException(text, "key '" + key + "' must be a string, not " + v.getValueType(), null);
    }

    private static Instant time(String text, JsonObject o, String key) {
        String s = string(text, o, key);
        if (s.isEmpty()) {
            return null;
        }
        try {
            // RFC 3339 allows lower-case 't' and 'z'; java.time wants upper case. Copy only then.
            String iso = s.indexOf('t') >= 0 || s.indexOf('z') >= 0 ? s.toUpperCase(Locale.ROOT) : s;
            return OffsetDateTime.parse(iso, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new MalformedFrameException(text, "key '" + key + "' is not an RFC 3339 time: " + s, e);
        }
    }

    private static Map<String, List<String>> headers(String text, JsonObject o) {
        JsonValue v = value(o, "headers");
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return Map.of();
        }
        if (v.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new MalformedFrameException(text, "key 'headers' must be an object, not " + v.getValueType(), null);
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Map.Entry<String, JsonValue> e : v.asJsonObject().entrySet()) {
            JsonValue values = e.getValue();
            if (values.getValueType() == JsonValue.ValueType.NULL) {
                headers.put(e.getKey(), List.of());
            } else if (values instanceof JsonArray array) {
                List<String> list = new ArrayList<>(array.size());
                for (JsonValue item : array) {
                    if (!(item instanceof JsonString s)) {
                        throw new MalformedFrameException(text, "header '" + e.getKey() + "' must hold strings", null);
                    }
                    list.add(s.getString());
                }
                headers.put(e.getKey(), list);
            } else {
                throw new MalformedFrameException(text, "header '" + e.getKey() + "' must be an array of strings", null);
            }
        }
        return headers;
    }

    private static void writeHeaders(JsonGenerator g, Map<String, List<String>> headers) {
        g.writeStartObject("headers");
        headers.forEach((name, values) -> {
            g.writeStartArray(name);
            values.forEach(g::write);
            g.writeEnd();
        });
        g.writeEnd();
    }

    /**
     * {@code json} with every unpaired UTF-16 surrogate written as a JSON escape (backslash, {@code u},
     * four hex digits). A JSON string may hold one (the escape of D800 alone is valid JSON, and Java
     * strings allow it), but such a
     * string has no UTF-8 form, so a WebSocket runtime cannot send it (Tyrus throws). The generator
     * writes such characters as they are, and only ever inside a string literal, where the escape means
     * the same character: the frame reads back as the same message and is plain ASCII at that spot.
     */
    static String escapeLoneSurrogates(String json) {
        int first = firstLoneSurrogate(json, 0);
        if (first < 0) {
            return json;
        }
        StringBuilder out = new StringBuilder(json.length() + 16).append(json, 0, first);
        int from = first;
        while (from >= 0) {
            out.append(String.format(Locale.ROOT, "\\u%04X", (int) json.charAt(from)));
            int next = firstLoneSurrogate(json, from + 1);
            out.append(json, from + 1, next < 0 ? json.length() : next);
            from = next;
        }
        return out.toString();
    }

    private static int firstLoneSurrogate(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++; // a well-formed pair
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** Formats an instant as RFC 3339 in UTC, with as many fraction digits as it needs. */
    public static String formatTime(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }
}
