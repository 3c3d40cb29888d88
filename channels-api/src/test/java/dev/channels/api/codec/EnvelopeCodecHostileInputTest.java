package dev.channels.api.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.channels.api.ErrorDetail;
import dev.channels.api.Message;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Input that the JSON parser or a WebSocket runtime refuses in ways other than a syntax error. */
class EnvelopeCodecHostileInputTest {

    private static void assertEncodableAsUtf8(String text) throws CharacterCodingException {
        StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(text)); // throws on a lone surrogate
    }

    @Test
    void nestingBeyondTheParsersLimitIsAMalformedFrame() {
        assertThatThrownBy(() -> EnvelopeCodec.decodeMessage("[".repeat(1001) + "]".repeat(1001)))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> EnvelopeCodec.decode("{\"type\":\"x\",\"body\":" + "{\"a\":".repeat(1001) + "1"
                + "}".repeat(1001) + "}")).isInstanceOf(MalformedFrameException.class);
    }

    @Test
    void aFrameMayNestExactly1000LevelsTheEnvelopeCountedAndItsBodyStillBinds() {
        String body999 = "{\"a\":".repeat(999) + "1" + "}".repeat(999);
        Message m = EnvelopeCodec.decodeMessage("{\"type\":\"x\",\"body\":" + body999 + "}");
        assertThat(m.bind(jakarta.json.JsonObject.class)).isNotNull(); // JSON-P reads a 999-deep body
        assertThatThrownBy(() -> EnvelopeCodec.decode("{\"type\":\"x\",\"body\":" + "{\"a\":".repeat(1000) + "1"
                + "}".repeat(1000) + "}")).isInstanceOf(MalformedFrameException.class);
    }

    @Test
    void aNumberBeyondTheParsersLimitIsAMalformedFrame() {
        assertThatThrownBy(() -> EnvelopeCodec.decodeMessage("{\"type\":\"x\",\"body\":" + "9".repeat(1_200) + "}"))
                .isInstanceOf(MalformedFrameException.class);
    }

    @Test
    void loneSurrogatesAreWrittenAsEscapesAndReadBackUnchanged() throws Exception {
        Message m = Message.create("chat", "room").withBody("a\ud800b\udc00");
        String text = EnvelopeCodec.encode(m);

        assertEncodableAsUtf8(text);
        assertThat(text).contains("\"body\":\"a\\uD800b\\uDC00\"");
        assertThat(EnvelopeCodec.decodeMessage(text).body()).isEqualTo(m.body());
    }

    @Test
    void wellFormedPairsAreLeftAsTheyAre() {
        String text = EnvelopeCodec.encode(Message.create("chat", "room").withBody("smile \ud83d\ude00"));
        assertThat(text).contains("\"body\":\"smile \ud83d\ude00\"");
    }

    @Test
    void errorEnvelopesEscapeLoneSurrogatesToo() throws Exception {
        Message failed = Message.create("chat", "room").withBody("\udbff");
        String text = EnvelopeCodec.encode(failed.toError(ErrorDetail.badRequest("bad \ud800").toJson()));

        assertEncodableAsUtf8(text);
        assertThat(EnvelopeCodec.decodeError(text).originBody()).isEqualTo(failed.body());
    }

    @Test
    void escapingLeavesPlainTextAlone() {
        String plain = "{\"a\":\"b\"}";
        assertThat(EnvelopeCodec.escapeLoneSurrogates(plain)).isSameAs(plain);
        assertThat(EnvelopeCodec.escapeLoneSurrogates("\"\ud800\"")).isEqualTo("\"\\uD800\"");
        assertThat(EnvelopeCodec.escapeLoneSurrogates("\"x\udc00\"")).isEqualTo("\"x\\uDC00\"");
        assertThat(EnvelopeCodec.escapeLoneSurrogates("\"\ud800\ud800\udc00\"")).isEqualTo("\"\\uD800\ud800\udc00\"");
    }
}
