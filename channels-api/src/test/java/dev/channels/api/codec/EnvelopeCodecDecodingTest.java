package dev.channels.api.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.channels.api.Envelope;
import dev.channels.api.ErrorMessage;
import dev.channels.api.Message;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import jakarta.websocket.DecodeException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The reading rules of docs/protocol.md: lenient about what is absent, strict about what is wrong. */
class EnvelopeCodecDecodingTest {

    private static final List<String> MESSAGE_KEYS = List.of("messageId", "type", "channelId", "clientID",
            "correlationId", "appId", "userId", "expiration", "timestamp", "headers", "body");

    @Test
    void anEmptyObjectIsAMessageWithEveryFieldEmpty() {
        Message m = EnvelopeCodec.decodeMessage("{}");

        assertThat(m.id()).isEmpty();
        assertThat(m.type()).isEmpty();
        assertThat(m.channelId()).isEmpty();
        assertThat(m.clientId()).isEmpty();
        assertThat(m.correlationId()).isEmpty();
        assertThat(m.appId()).isEmpty();
        assertThat(m.userId()).isEmpty();
        assertThat(m.expiration()).isEmpty();
        assertThat(m.timestamp()).isEqualTo(Instant.EPOCH);
        assertThat(m.headers()).isEmpty();
        assertThat(m.body()).isEqualTo(JsonValue.NULL);
    }

    @Test
    void nullForEveryKeyReadsLikeAMissingKey() {
        StringBuilder frame = new StringBuilder("{");
        for (String key : MESSAGE_KEYS) {
            frame.append('"').append(key).append("\":null,");
        }
        frame.setCharAt(frame.length() - 1, '}');

        assertThat(EnvelopeCodec.decodeMessage(frame.toString())).isEqualTo(EnvelopeCodec.decodeMessage("{}"));
    }

    @Test
    void eachKeyAloneIsRead() {
        assertThat(EnvelopeCodec.decodeMessage("{\"messageId\":\"m\"}").id()).isEqualTo("m");
        assertThat(EnvelopeCodec.decodeMessage("{\"type\":\"t\"}").type()).isEqualTo("t");
        assertThat(EnvelopeCodec.decodeMessage("{\"channelId\":\"c\"}").channelId()).isEqualTo("c");
        assertThat(EnvelopeCodec.decodeMessage("{\"clientID\":\"x\"}").clientId()).isEqualTo("x");
        assertThat(EnvelopeCodec.decodeMessage("{\"correlationId\":\"r\"}").correlationId()).isEqualTo("r");
        assertThat(EnvelopeCodec.decodeMessage("{\"appId\":\"a\"}").appId()).isEqualTo("a");
        assertThat(EnvelopeCodec.decodeMessage("{\"userId\":\"u\"}").userId()).isEqualTo("u");
        assertThat(EnvelopeCodec.decodeMessage("{\"expiration\":\"2030-01-01T00:00:00Z\"}").expiration())
                .contains(Instant.parse("2030-01-01T00:00:00Z"));
        assertThat(EnvelopeCodec.decodeMessage("{\"body\":[1,\"two\",{\"three\":3}]}").rawBody())
                .isEqualTo("[1,\"two\",{\"three\":3}]");
    }

    @Test
    void unknownExtraKeysAreIgnored() {
        Message m = EnvelopeCodec.decodeMessage("{\"type\":\"t\",\"extra\":{\"deep\":[1,2]},"
                + "\"n\":12.5,\"flag\":true,\"nothing\":null}");

        assertThat(m).isEqualTo(Message.builder().type("t").build());
    }

    @Test
    void keysInAnotherLetterCaseAreReadAsGoDoesButTheExactKeyWins() {
        Message m = EnvelopeCodec.decodeMessage("{\"TYPE\":\"t\",\"clientId\":\"lower\",\"ChannelID\":\"c\","
                + "\"correlationId\":\"exact\",\"CorrelationID\":\"other\"}");

        assertThat(m.type()).isEqualTo("t");
        assertThat(m.clientId()).isEqualTo("lower");
        assertThat(m.channelId()).isEqualTo("c");
        assertThat(m.correlationId()).isEqualTo("exact");
    }

    static Stream<Arguments> timestamps() {
        return Stream.of(
                Arguments.of("2026-11-25T22:58:13Z", Instant.parse("2026-11-25T22:58:13Z")),
                Arguments.of("2026-11-25T22:58:13.4Z", Instant.parse("2026-11-25T22:58:13.400Z")),
                Arguments.of("2026-11-25T22:58:13.45Z", Instant.parse("2026-11-25T22:58:13.450Z")),
                Arguments.of("2026-11-25T22:58:13.451Z", Instant.parse("2026-11-25T22:58:13.451Z")),
                Arguments.of("2026-11-25T22:58:13.4512Z", Instant.parse("2026-11-25T22:58:13.451200Z")),
                Arguments.of("2026-11-25T22:58:13.45126Z", Instant.parse("2026-11-25T22:58:13.451260Z")),
                Arguments.of("2026-11-25T22:58:13.451262Z", Instant.parse("2026-11-25T22:58:13.451262Z")),
                Arguments.of("2026-11-25T22:58:13.4512625Z", Instant.parse("2026-11-25T22:58:13.451262500Z")),
                Arguments.of("2026-11-25T22:58:13.45126253Z", Instant.parse("2026-11-25T22:58:13.451262530Z")),
                Arguments.of("2026-11-25T22:58:13.451262537Z", Instant.parse("2026-11-25T22:58:13.451262537Z")),
                Arguments.of("2026-11-26T04:28:13.451262537+05:30", Instant.parse("2026-11-25T22:58:13.451262537Z")),
                Arguments.of("2026-11-25T17:58:13.5-05:00", Instant.parse("2026-11-25T22:58:13.500Z")),
                Arguments.of("2026-11-25T22:58:13-00:00", Instant.parse("2026-11-25T22:58:13Z")),
                Arguments.of("2026-11-25T22:58:13+00:00", Instant.parse("2026-11-25T22:58:13Z")),
                Arguments.of("2026-11-25t22:58:13.1z", Instant.parse("2026-11-25T22:58:13.100Z")));
    }

    @ParameterizedTest
    @MethodSource("timestamps")
    void timestampsWithAnyPrecisionAndOffsetAreRead(String text, Instant expected) {
        Message m = EnvelopeCodec.decodeMessage("{\"timestamp\":\"" + text + "\",\"expiration\":\"" + text + "\"}");

        assertThat(m.timestamp()).isEqualTo(expected);
        assertThat(m.expiration()).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2026-11-25", "2026-11-25T22:58:13", "2026-13-25T22:58:13Z",
            "2026-11-25T22:58:13.1234567890Z", "1700000000"})
    void aTimestampThatIsNotRfc3339FailsNamingTheKey(String text) {
        String frame = "{\"timestamp\":\"" + text + "\"}";

        MalformedFrameException e = catchThrowableOfType(MalformedFrameException.class,
                () -> EnvelopeCodec.decodeMessage(frame));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("timestamp").contains(text);
        assertThat(e.rawText()).isEqualTo(frame);
    }

    @Test
    void headerValuesAreReadInOrderWithNullAsNoValues() {
        Message m = EnvelopeCodec.decodeMessage(
                "{\"headers\":{\"Accept\":[\"a\",\"b\"],\"X-Empty\":[],\"X-Null\":null,\"X-Channel-Expires\":"
                        + "[\"2030-01-01T00:00:00Z\"]}}");

        assertThat(m.headers()).containsExactly(
                Map.entry("Accept", List.of("a", "b")),
                Map.entry("X-Empty", List.of()),
                Map.entry("X-Null", List.of()),
                Map.entry("X-Channel-Expires", List.of("2030-01-01T00:00:00Z")));
        assertThat(m.header("accept")).contains("a");
        assertThat(m.header("x-channel-expires")).contains("2030-01-01T00:00:00Z");
        assertThat(m.header("X-Empty")).isEmpty();
        assertThat(m.header("missing")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{\"type\":\"t\"}]", "\"a string\"", "42", "-1.5e3", "true", "null",
            "garbage", "", "   ", "{", "{\"type\":\"t\"", "{\"type\":}", "{\"type\":\"t\",}", "{'type':'t'}",
            "{\"type\":\"t\"} trailing", "{} {}"})
    void anythingButAJsonObjectFailsWithTheRawText(String text) {
        MalformedFrameException e = catchThrowableOfType(MalformedFrameException.class,
                () -> EnvelopeCodec.decodeMessage(text));
        assertThat(e).as("decodeMessage(%s)", text).isNotNull();
        assertThat(e.rawText()).isEqualTo(text);
        assertThat(e.getMessage()).isNotBlank();

        assertThatThrownBy(() -> EnvelopeCodec.decode(text)).isInstanceOf(MalformedFrameException.class);
        assertThatThrownBy(() -> EnvelopeCodec.decodeError(text)).isInstanceOf(MalformedFrameException.class);
    }

    @Test
    void aNullFrameFails() {
        assertThatThrownBy(() -> EnvelopeCodec.decodeMessage(null)).isInstanceOf(MalformedFrameException.class);
        assertThat(new MessageDecoder().willDecode(null)).isFalse();
        assertThat(new EnvelopeDecoder().willDecode(null)).isFalse();
        assertThat(new ErrorMessageDecoder().willDecode(null)).isFalse();
    }

    static Stream<Arguments> wrongTypes() {
        return Stream.of(
                Arguments.of("{\"type\":42}", "type"),
                Arguments.of("{\"messageId\":{}}", "messageId"),
                Arguments.of("{\"channelId\":[\"c\"]}", "channelId"),
                Arguments.of("{\"clientID\":true}", "clientID"),
                Arguments.of("{\"correlationId\":1}", "correlationId"),
                Arguments.of("{\"appId\":false}", "appId"),
                Arguments.of("{\"userId\":[]}", "userId"),
                Arguments.of("{\"expiration\":1700000000}", "expiration"),
                Arguments.of("{\"timestamp\":{}}", "timestamp"),
                Arguments.of("{\"headers\":[]}", "headers"),
                Arguments.of("{\"headers\":\"a: b\"}", "headers"),
                Arguments.of("{\"headers\":{\"Accept\":\"text/plain\"}}", "Accept"),
                Arguments.of("{\"headers\":{\"Accept\":[1]}}", "Accept"),
                Arguments.of("{\"headers\":{\"Accept\":[null]}}", "Accept"));
    }

    @ParameterizedTest
    @MethodSource("wrongTypes")
    void aKeyOfTheWrongJsonTypeFailsNamingTheKey(String frame, String key) {
        MalformedFrameException e = catchThrowableOfType(MalformedFrameException.class,
                () -> EnvelopeCodec.decodeMessage(frame));

        assertThat(e).as(frame).isNotNull();
        assertThat(e.getMessage()).contains(key);
        assertThat(e.rawText()).isEqualTo(frame);
    }

    @Test
    void errorEnvelopeKeysOfTheWrongTypeFail() {
        String frame = "{\"type\":\"error\",\"originType\":7}";

        assertThatThrownBy(() -> EnvelopeCodec.decode(frame))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("originType");
    }

    @Test
    void decodeYieldsAnErrorMessageForTypeErrorAndAMessageOtherwise() {
        Envelope error = EnvelopeCodec.decode("{\"type\":\"error\",\"originType\":\"x\",\"clientId\":\"c\"}");
        Envelope message = EnvelopeCodec.decode("{\"type\":\"errors\",\"clientID\":\"c\"}");

        assertThat(error).isInstanceOf(ErrorMessage.class);
        assertThat(((ErrorMessage) error).originType()).isEqualTo("x");
        assertThat(((ErrorMessage) error).clientId()).isEqualTo("c");
        assertThat(message).isInstanceOf(Message.class);
        assertThat(((Message) message).clientId()).isEqualTo("c");
    }

    @Test
    void decodeMessageReadsAnErrorFrameAsAMessageOfTypeError() {
        Message m = EnvelopeCodec.decodeMessage("{\"type\":\"error\",\"channelId\":\"c1\"}");

        assertThat(m.type()).isEqualTo("error");
        assertThat(m.channelId()).isEqualTo("c1");
    }

    @Test
    void anErrorEnvelopeWithNothingButItsTypeHasEmptyFieldsAndNullBodies() {
        ErrorMessage e = EnvelopeCodec.decodeError("{\"type\":\"error\"}");

        assertThat(e).isEqualTo(new ErrorMessage(null, null, null, null, null, null, null, null, null));
        assertThat(e.originBody()).isEqualTo(JsonValue.NULL);
        assertThat(e.errorBody()).isEqualTo(JsonValue.NULL);
        assertThat(e.headers()).isEmpty();
        assertThat(e.detail()).isEmpty();
    }

    @Test
    void errorEnvelopeNullsReadLikeMissingKeys() {
        String frame = "{\"type\":\"error\",\"originType\":null,\"originBody\":null,\"errorBody\":null,"
                + "\"correlationId\":null,\"appId\":null,\"userId\":null,\"channelId\":null,\"clientId\":null,"
                + "\"headers\":null,\"unknown\":[1]}";

        assertThat(EnvelopeCodec.decode(frame)).isEqualTo(EnvelopeCodec.decodeError("{}"));
    }

    @Test
    void jakartaDecodersWrapMalformedFramesInDecodeExceptionWithTheText() {
        String text = "[\"not an object\"]";

        DecodeException fromMessage = catchThrowableOfType(DecodeException.class,
                () -> new MessageDecoder().decode(text));
        DecodeException fromEnvelope = catchThrowableOfType(DecodeException.class,
                () -> new EnvelopeDecoder().decode(text));
        DecodeException fromError = catchThrowableOfType(DecodeException.class,
                () -> new ErrorMessageDecoder().decode(text));

        for (DecodeException e : List.of(fromMessage, fromEnvelope, fromError)) {
            assertThat(e.getText()).isEqualTo(text);
            assertThat(e.getCause()).isInstanceOf(MalformedFrameException.class);
            assertThat(((MalformedFrameException) e.getCause()).rawText()).isEqualTo(text);
            assertThat(e.getMessage()).contains("not a JSON object");
        }
    }

    @Test
    void jakartaDecodersAcceptEveryTextSoThatBadFramesReachDecode() {
        assertThat(new MessageDecoder().willDecode("garbage")).isTrue();
        assertThat(new EnvelopeDecoder().willDecode("garbage")).isTrue();
    }

    @Test
    void jakartaDecodersDecodeGoodFrames() throws Exception {
        String error = "{\"type\":\"error\",\"errorBody\":{\"errCode\":\"400\"}}";

        assertThat(new EnvelopeDecoder().decode(error)).isInstanceOf(ErrorMessage.class);
        assertThat(new ErrorMessageDecoder().willDecode(error)).isTrue();
        assertThat(new ErrorMessageDecoder().willDecode("garbage")).isFalse();
        assertThat(new ErrorMessageDecoder().decode(error).detail().orElseThrow().errCode()).isEqualTo("400");
        assertThat(new MessageDecoder().decode("{\"type\":\"t\",\"body\":\"b\"}").bind(String.class)).isEqualTo("b");
    }

    @Test
    void bodiesStayRawIncludingNumbersAndEscapes() {
        String frame = "{\"body\":{\"big\":123456789012345678901234567890,\"f\":1.50,\"s\":\"a\\\"b\\\\c\\u00e9\\n\"}}";

        Message m = EnvelopeCodec.decodeMessage(frame);

        assertThat(m.body().asJsonObject().getJsonNumber("big").bigIntegerValue())
                .isEqualTo(new java.math.BigInteger("123456789012345678901234567890"));
        assertThat(m.body().asJsonObject().getString("s")).isEqualTo("a\"b\\cé\n");
        assertThat(EnvelopeCodec.decodeMessage(EnvelopeCodec.encode(m)).body()).isEqualTo(m.body());
        assertThat(m.body()).isEqualTo(Json.createReader(new java.io.StringReader(
                "{\"big\":123456789012345678901234567890,\"f\":1.50,\"s\":\"a\\\"b\\\\c\\u00e9\\n\"}")).readObject());
    }
}
