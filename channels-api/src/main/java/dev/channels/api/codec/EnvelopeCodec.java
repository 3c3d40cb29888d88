package dev.channels.api.codec;

import dev.channels.api.Envelope;
import dev.channels.api.ErrorMessage;
import dev.channels.api.Message;
import dev.channels.api.MessageTypes;
import dev.channels.api.internal.RawJson;
import dev.channels.api.internal.Rfc3339;
import java.time.Instant;

/**
 * Reads and writes the wire format of the channels protocol (see {@code docs/protocol.md}): one JSON
 * object per text frame.
 *
 * <p>Writing produces exactly the keys of the seed, including {@code clientID} in a message and
 * {@code clientId} in an error envelope; times are RFC 3339 in UTC. Reading accepts missing keys,
 * {@code null} for any key, unknown keys, keys in another letter case (as Go does), and any RFC 3339 precision and offset; anything that is
 * not a JSON object, or a key of the wrong JSON type, fails with {@link MalformedFrameException}.
 *
 * <p>Bodies stay raw JSON: a body read from a frame is the slice of the frame text, and writing it
 * copies that text, so {@code 1e2}, {@code -0} or {@code "&#92;u00e9"} reach the other side as the
 * client wrote them. Reading scans the frame once, checking all of it, and builds no JSON tree
 * ({@link EnvelopeFields}); writing appends to one {@link StringBuilder} ({@link EnvelopeWriter}).
 * Both are hand-written rather than JSON-P's streaming parser and generator, because those cannot
 * hand over a value's raw text portably and cost more (see {@code CodecBenchmark} in
 * channels-bench; its figures before and after are in that module's README). Stateless and
 * thread-safe.
 *
 * @since 0.1.0
 */
public final class EnvelopeCodec {

    private EnvelopeCodec() {
    }

    /** Writes a message envelope. */
    public static String encode(Message m) {
        String body = RawJson.text(m.body());
        return new EnvelopeWriter(320 + body.length())
                .string("correlationId", m.correlationId())
                .string("appId", m.appId())
                .string("clientID", m.clientId())
                .string("userId", m.userId())
                .time("expiration", m.expiration().orElse(null))
                .json("body", m.body())
                .string("messageId", m.id())
                .string("channelId", m.channelId())
                .time("timestamp", m.timestamp())
                .string("type", m.type())
                .headers(m.headers())
                .end();
    }

    /** Writes an error envelope. */
    public static String encode(ErrorMessage e) {
        return new EnvelopeWriter(256)
                .string("correlationId", e.correlationId())
                .string("appId", e.appId())
                .string("userId", e.userId())
                .string("type", e.type())
                .string("originType", e.originType())
                .json("originBody", e.originBody())
                .json("errorBody", e.errorBody())
                .string("channelId", e.channelId())
                .string("clientId", e.clientId())
                .headers(e.headers())
                .end();
    }

    /** Writes either kind of envelope. */
    public static String encode(Envelope envelope) {
        return envelope instanceof Message m ? encode(m) : encode((ErrorMessage) envelope);
    }

    /**
     * The frame a member gets for a message published in a stream: {@code encodedMessage} (a message
     * envelope) with the stream headers {@link dev.channels.api.ChannelHeaders#CHANNEL_OFFSET} and
     * {@link dev.channels.api.ChannelHeaders#CHANNEL_EPOCH} set, exactly as {@code encode(decodeMessage(
     * encodedMessage).withHeader(CHANNEL_OFFSET, offset).withHeader(CHANNEL_EPOCH, epoch))} writes it.
     * A text this codec wrote (without those headers) is not decoded: the headers are written into it;
     * any other text is decoded and encoded again.
     *
     * @throws MalformedFrameException when {@code encodedMessage} must be decoded and is not an envelope
     */
    public static String withStreamPosition(String encodedMessage, long offset, String epoch) {
        String framed = EncodedMessages.withStreamPosition(encodedMessage, offset, epoch);
        if (framed != null) {
            return framed;
        }
        return encode(decodeMessage(encodedMessage)
                .withHeader(dev.channels.api.ChannelHeaders.CHANNEL_OFFSET, Long.toString(offset))
                .withHeader(dev.channels.api.ChannelHeaders.CHANNEL_EPOCH, epoch));
    }

    /**
     * The {@code type} of message envelope {@code encodedMessage}, as {@code decodeMessage(encodedMessage).type()}
     * reads it; a text this codec wrote is not decoded for it.
     *
     * @throws MalformedFrameException when {@code encodedMessage} must be decoded and is not an envelope
     */
    public static String typeOf(String encodedMessage) {
        String type = EncodedMessages.type(encodedMessage);
        return type != null ? type : decodeMessage(encodedMessage).type();
    }

    /** Reads a frame as a message, whatever its type (this is how a server reads client frames). */
    public static Message decodeMessage(String text) {
        return readMessage(EnvelopeFields.read(text));
    }

    /** Reads a frame as an error envelope. */
    public static ErrorMessage decodeError(String text) {
        return readError(EnvelopeFields.read(text));
    }

    /**
     * Reads a frame from a server: an {@link ErrorMessage} when its type is {@code "error"},
     * otherwise a {@link Message}.
     */
    public static Envelope decode(String text) {
        EnvelopeFields o = EnvelopeFields.read(text);
        if (MessageTypes.ERROR.equals(o.string("type"))) {
            return readError(o);
        }
        return readMessage(o);
    }

    private static Message readMessage(EnvelopeFields o) {
        return Message.builder()
                .id(o.string("messageId"))
                .type(o.string("type"))
                .channelId(o.string("channelId"))
                .clientId(o.string("clientID"))
                .correlationId(o.string("correlationId"))
                .appId(o.string("appId"))
                .userId(o.string("userId"))
                .expiration(o.time("expiration"))
                .timestamp(o.time("timestamp"))
                .headers(o.headers())
                .body(o.value("body"))
                .build();
    }

    private static ErrorMessage readError(EnvelopeFields o) {
        return new ErrorMessage(
                o.string("correlationId"),
                o.string("appId"),
                o.string("userId"),
                o.string("originType"),
                o.value("originBody"),
                o.value("errorBody"),
                o.string("channelId"),
                o.string("clientId"),
                o.headers());
    }

    /**
     * {@code json} with every unpaired UTF-16 surrogate written as a JSON escape (backslash, {@code u},
     * four hex digits). A JSON string may hold one (the escape of D800 alone is valid JSON, and Java
     * strings allow it), but such a
     * string has no UTF-8 form, so a WebSocket runtime cannot send it (Tyrus throws). In JSON text such
     * a character can only be inside a string literal, where the escape means the same character: the
     * frame reads back as the same message and is plain ASCII at that spot. The writer does this as it
     * writes; this method is the same rule for a whole text.
     */
    static String escapeLoneSurrogates(String json) {
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < json.length() && Character.isLowSurrogate(json.charAt(i + 1))) {
                i++; // a well-formed pair
            } else if (Character.isSurrogate(c)) {
                StringBuilder out = new StringBuilder(json.length() + 16);
                EnvelopeWriter.appendEscapingLoneSurrogates(out, json);
                return out.toString();
            }
        }
        return json;
    }

    /** Formats an instant as RFC 3339 in UTC, with as many fraction digits as it needs. */
    public static String formatTime(Instant instant) {
        return Rfc3339.format(instant);
    }
}
