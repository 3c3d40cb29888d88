package dev.channels.api.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.api.Envelope;
import dev.channels.api.ErrorDetail;
import dev.channels.api.ErrorMessage;
import dev.channels.api.Message;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.JsonValue.ValueType;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The codec writes exactly the keys and JSON types of docs/protocol.md, and reads the Go server's frame. */
class EnvelopeCodecGoldenTest {

    /** The sample frame of docs/protocol.md, as a Go server sends it. */
    static final String GO_JOIN_SUCCESS = "{\"correlationId\":\"\",\"appId\":\"\","
            + "\"clientID\":\"bc284a49-7013-452c-a078-e18c7a80dd79\",\"userId\":\"\",\"expiration\":null,"
            + "\"body\":null,\"messageId\":\"bc7802ab-0f39-4763-8d17-a7f43cdf377b\",\"channelId\":\"c1\","
            + "\"timestamp\":\"2026-11-25T22:58:13.451262537Z\",\"type\":\"join.success\",\"headers\":{}}";

    static Message fullMessage() {
        return Message.builder()
                .id("6f1c2b7e-7a4d-4f6e-9d0b-3c1a2b3c4d5e")
                .type("chat.send")
                .channelId("room-1")
                .clientId("client-7")
                .correlationId("corr-1")
                .appId("app-1")
                .userId("user-1")
                .expiration(Instant.parse("2030-01-02T03:04:05.123456789Z"))
                .timestamp(Instant.parse("2026-11-25T22:58:13.451262537Z"))
                .headers(Map.of("X-Trace", List.of("a", "b")))
                .body(Json.createObjectBuilder().add("text", "hi").add("n", 3).build())
                .build();
    }

    private static JsonObject parse(String json) {
        return Json.createReader(new StringReader(json)).readObject();
    }

    @Test
    void messageWithEveryFieldSetHasExactlyTheProtocolKeysAndTypes() {
        JsonObject o = parse(EnvelopeCodec.encode(fullMessage()));

        assertThat(o.keySet()).containsExactlyInAnyOrder("messageId", "type", "channelId", "clientID",
                "correlationId", "appId", "userId", "expiration", "timestamp", "headers", "body");
        assertThat(o.getString("messageId")).isEqualTo("6f1c2b7e-7a4d-4f6e-9d0b-3c1a2b3c4d5e");
        assertThat(o.getString("type")).isEqualTo("chat.send");
        assertThat(o.getString("channelId")).isEqualTo("room-1");
        assertThat(o.getString("clientID")).isEqualTo("client-7");
        assertThat(o.getString("correlationId")).isEqualTo("corr-1");
        assertThat(o.getString("appId")).isEqualTo("app-1");
        assertThat(o.getString("userId")).isEqualTo("user-1");
        assertThat(o.getString("expiration")).isEqualTo("2030-01-02T03:04:05.123456789Z");
        assertThat(o.getString("timestamp")).isEqualTo("2026-11-25T22:58:13.451262537Z");
        assertThat(o.get("headers").getValueType()).isEqualTo(ValueType.OBJECT);
        assertThat(o.getJsonObject("headers").getJsonArray("X-Trace").getValuesAs(jakarta.json.JsonString::getString))
                .containsExactly("a", "b");
        assertThat(o.get("body")).isEqualTo(parse("{\"text\":\"hi\",\"n\":3}"));
    }

    @Test
    void messageWithNothingOptionalWritesNullExpirationNullBodyAndEmptyHeaders() {
        JsonObject o = parse(EnvelopeCodec.encode(Message.create("ping")));

        assertThat(o.keySet()).hasSize(11);
        assertThat(o.get("expiration")).isEqualTo(JsonValue.NULL);
        assertThat(o.get("body")).isEqualTo(JsonValue.NULL);
        assertThat(o.getJsonObject("headers")).isEmpty();
        assertThat(o.getString("correlationId")).isEmpty();
        assertThat(o.get("timestamp").getValueType()).isEqualTo(ValueType.STRING);
        assertThat(o.getString("timestamp")).endsWith("Z");
    }

    @Test
    void errorEnvelopeHasExactlyTheProtocolKeysAndTypes() {
        ErrorMessage error = fullMessage().toError(ErrorDetail.unexpected("boom"));
        JsonObject o = parse(EnvelopeCodec.encode(error));

        assertThat(o.keySet()).containsExactlyInAnyOrder("type", "originType", "originBody", "errorBody",
                "correlationId", "appId", "userId", "channelId", "clientId", "headers");
        assertThat(o.getString("type")).isEqualTo("error");
        assertThat(o.getString("originType")).isEqualTo("chat.send");
        assertThat(o.get("originBody")).isEqualTo(parse("{\"text\":\"hi\",\"n\":3}"));
        assertThat(o.getJsonObject("errorBody")).isEqualTo(
                parse("{\"title\":\"unexpected server error\",\"description\":\"boom\",\"errCode\":\"500\"}"));
        assertThat(o.getString("correlationId")).isEqualTo("corr-1");
        assertThat(o.getString("appId")).isEqualTo("app-1");
        assertThat(o.getString("userId")).isEqualTo("user-1");
        assertThat(o.getString("channelId")).isEqualTo("room-1");
        assertThat(o.getString("clientId")).isEqualTo("client-7");
        assertThat(o.getJsonObject("headers").getJsonArray("X-Trace")).hasSize(2);
    }

    @Test
    void envelopeEncodeDispatchesOnTheKindOfEnvelope() {
        Envelope message = fullMessage();
        Envelope error = fullMessage().toError(null);

        assertThat(parse(EnvelopeCodec.encode(message)).keySet()).contains("clientID", "messageId");
        assertThat(parse(EnvelopeCodec.encode(error)).keySet()).contains("clientId", "originType");
        assertThat(new EnvelopeEncoder().encode(error)).isEqualTo(EnvelopeCodec.encode((ErrorMessage) error));
        assertThat(new MessageEncoder().encode((Message) message)).isEqualTo(EnvelopeCodec.encode((Message) message));
        assertThat(new ErrorMessageEncoder().encode((ErrorMessage) error))
                .isEqualTo(EnvelopeCodec.encode((ErrorMessage) error));
    }

    @Test
    void readsTheGoSampleFrameExactly() {
        Message m = EnvelopeCodec.decodeMessage(GO_JOIN_SUCCESS);

        assertThat(m.id()).isEqualTo("bc7802ab-0f39-4763-8d17-a7f43cdf377b");
        assertThat(m.type()).isEqualTo("join.success");
        assertThat(m.channelId()).isEqualTo("c1");
        assertThat(m.clientId()).isEqualTo("bc284a49-7013-452c-a078-e18c7a80dd79");
        assertThat(m.correlationId()).isEmpty();
        assertThat(m.appId()).isEmpty();
        assertThat(m.userId()).isEmpty();
        assertThat(m.expiration()).isEmpty();
        assertThat(m.timestamp()).isEqualTo(Instant.ofEpochSecond(
                Instant.parse("2026-11-25T22:58:13Z").getEpochSecond(), 451_262_537));
        assertThat(m.timestamp().getNano()).isEqualTo(451_262_537);
        assertThat(m.headers()).isEmpty();
        assertThat(m.hasBody()).isFalse();
        assertThat(m.body()).isEqualTo(JsonValue.NULL);
    }

    @Test
    void theGoSampleFrameDecodesAsAMessageThroughEveryDecoder() throws Exception {
        Envelope envelope = EnvelopeCodec.decode(GO_JOIN_SUCCESS);

        assertThat(envelope).isInstanceOf(Message.class).isEqualTo(EnvelopeCodec.decodeMessage(GO_JOIN_SUCCESS));
        assertThat(new EnvelopeDecoder().decode(GO_JOIN_SUCCESS)).isEqualTo(envelope);
        assertThat(new MessageDecoder().decode(GO_JOIN_SUCCESS)).isEqualTo(envelope);
        assertThat(new ErrorMessageDecoder().willDecode(GO_JOIN_SUCCESS)).isFalse();
    }

    @Test
    void reEncodingTheGoSampleKeepsEveryValue() {
        JsonObject original = parse(GO_JOIN_SUCCESS);
        JsonObject ours = parse(EnvelopeCodec.encode(EnvelopeCodec.decodeMessage(GO_JOIN_SUCCESS)));

        assertThat(ours).isEqualTo(original);
    }

    @Test
    void readsAGoErrorEnvelopeWithCapitalisedDetailKeys() {
        String frame = "{\"correlationId\":\"c\",\"appId\":\"a\",\"userId\":\"u\",\"type\":\"error\","
                + "\"originType\":\"do.it\",\"originBody\":{\"x\":1},"
                + "\"errorBody\":{\"Title\":\"unexpected server error\",\"Description\":\"nope\",\"ErrCode\":\"500\"},"
                + "\"channelId\":\"c1\",\"clientId\":\"cl\",\"headers\":{\"H\":[\"v\"]}}";

        Envelope envelope = EnvelopeCodec.decode(frame);

        assertThat(envelope).isInstanceOf(ErrorMessage.class);
        ErrorMessage e = (ErrorMessage) envelope;
        assertThat(e.type()).isEqualTo("error");
        assertThat(e.originType()).isEqualTo("do.it");
        assertThat(e.originBody()).isEqualTo(parse("{\"x\":1}"));
        assertThat(e.correlationId()).isEqualTo("c");
        assertThat(e.appId()).isEqualTo("a");
        assertThat(e.userId()).isEqualTo("u");
        assertThat(e.channelId()).isEqualTo("c1");
        assertThat(e.clientId()).isEqualTo("cl");
        assertThat(e.headers()).isEqualTo(Map.of("H", List.of("v")));
        assertThat(e.detail()).contains(new ErrorDetail("unexpected server error", "nope", "500"));
        assertThat(e.bind(ErrorDetail.class)).isEqualTo(new ErrorDetail("unexpected server error", "nope", "500"));
    }
}
