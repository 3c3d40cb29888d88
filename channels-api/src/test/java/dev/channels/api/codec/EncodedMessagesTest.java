package dev.channels.api.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.channels.api.ChannelHeaders;
import dev.channels.api.Message;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * A stream publication's frame and a publication's type without decoding it: for every message the codec
 * writes, the same text (and type) that decoding, adding the headers and encoding again gives, and
 * the fast path is the one taken.
 */
class EncodedMessagesTest {

    static Stream<Message> messages() {
        Message base = Message.create("chat", "room").withRawBody("{\"text\":\"hi\"}");
        return Stream.of(
                base,
                base.withHeader("X-A", "1"),
                base.withHeader("X-A", "1", "2").withHeader("X-B"),
                base.withHeader("X-Tricky", "ends with ]}}", "quote \" and \\\\ backslash \\", "\"headers\":{}}"),
                base.withRawBody("{\"headers\":{\"X-Channel-Offset\":[\"9\"]}}"),
                base.withRawBody("\"type\\\":\\\"presence.joined\""),
                Message.create("presence.joined", "room").withRawBody("{\"clientId\":\"c\"}"),
                Message.create("ty\"pe\\", "room"),
                Message.create("", "").withRawBody("null").withHeader("é€😀", "lone \uD800 surrogate"));
    }

    @ParameterizedTest
    @MethodSource("messages")
    void theStreamFrameIsWhatDecodingAndEncodingAgainGivesWithoutDecoding(Message m) {
        String encoded = EnvelopeCodec.encode(m);
        String expected = EnvelopeCodec.encode(EnvelopeCodec.decodeMessage(encoded)
                .withHeader(ChannelHeaders.CHANNEL_OFFSET, "42").withHeader(ChannelHeaders.CHANNEL_EPOCH, "ep\"och"));

        assertThat(EncodedMessages.withStreamPosition(encoded, 42, "ep\"och")).as("fast path").isEqualTo(expected);
        assertThat(EnvelopeCodec.withStreamPosition(encoded, 42, "ep\"och")).isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("messages")
    void theTypeIsReadWithoutDecoding(Message m) {
        String encoded = EnvelopeCodec.encode(m);
        if (m.type().indexOf('\\') < 0 && m.type().indexOf('"') < 0) {
            assertThat(EncodedMessages.type(encoded)).as("fast path").isEqualTo(m.type());
        }
        assertThat(EnvelopeCodec.typeOf(encoded)).isEqualTo(m.type());
    }

    @Test
    void aMessageThatHasTheStreamHeadersAlreadyGetsThemReplacedByDecoding() {
        String encoded = EnvelopeCodec.encode(Message.create("chat", "room")
                .withHeader(ChannelHeaders.CHANNEL_OFFSET, "1").withHeader("X-A", "a"));
        assertThat(EncodedMessages.withStreamPosition(encoded, 7, "e")).isNull();
        Message framed = EnvelopeCodec.decodeMessage(EnvelopeCodec.withStreamPosition(encoded, 7, "e"));
        assertThat(framed.headers().get(ChannelHeaders.CHANNEL_OFFSET)).isEqualTo(List.of("7"));
        assertThat(framed.headers().get(ChannelHeaders.CHANNEL_EPOCH)).isEqualTo(List.of("e"));
    }

    @Test
    void textInAnotherFormIsDecoded() {
        String spaced = "{ \"type\": \"presence.left\", \"channelId\": \"room\", \"headers\": {} }";
        assertThat(EncodedMessages.type(spaced)).isNull();
        assertThat(EnvelopeCodec.typeOf(spaced)).isEqualTo("presence.left");
        String headersFirst = "{\"headers\":{},\"body\":{\"a\":[\"b\"]}}";
        assertThat(EncodedMessages.withStreamPosition(headersFirst, 1, "e")).isNull();
        assertThat(EnvelopeCodec.decodeMessage(EnvelopeCodec.withStreamPosition(headersFirst, 1, "e"))
                .header(ChannelHeaders.CHANNEL_OFFSET)).hasValue("1");
        for (String odd : List.of("", "}}", "]}}", "\"]}}", "{}}", ":{}}", "\"headers\":{}}", "x\"]}}")) {
            assertThat(EncodedMessages.headersKey(odd)).as(odd).isEqualTo(-1);
        }
        assertThatThrownBy(() -> EnvelopeCodec.typeOf("not json")).isInstanceOf(MalformedFrameException.class);
    }
}
