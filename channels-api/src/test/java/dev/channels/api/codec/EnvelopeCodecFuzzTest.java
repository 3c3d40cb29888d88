package dev.channels.api.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.channels.api.Envelope;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing of the codec with Jazzer. In a normal build ({@code ./mvnw verify}) it runs
 * in regression mode: only the stored inputs under {@code src/test/resources/.../EnvelopeCodecFuzzTestInputs}
 * and whatever crash inputs were added there. To fuzz (3 minutes, the {@code maxDuration}; edit it for longer):
 * {@code JAZZER_FUZZ=1 ./mvnw -pl channels-api test-compile surefire:test@fuzz-tests -Dtest=EnvelopeCodecFuzzTest#decodeThenEncodeRoundTrips}
 * runs one method for its {@code maxDuration}
 * (findings are written beside the stored inputs; commit them, they become regression cases).
 *
 * <p>Properties, for any text: decoding throws nothing but {@link MalformedFrameException}; what
 * decodes re-encodes to text that has a UTF-8 form (so a WebSocket runtime can send it), decodes to
 * an equal envelope, and encodes to the same text again.
 */
class EnvelopeCodecFuzzTest {

    @FuzzTest(maxDuration = "3m")
    void decodeThenEncodeRoundTrips(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        Envelope decoded;
        try {
            decoded = EnvelopeCodec.decode(text);
        } catch (MalformedFrameException expected) {
            return;
        }
        String encoded = EnvelopeCodec.encode(decoded);
        assertThat(hasUtf8Form(encoded)).as("encoded text has a UTF-8 form: %s", encoded).isTrue();
        Envelope again = EnvelopeCodec.decode(encoded);
        assertThat(again).isEqualTo(decoded);
        assertThat(EnvelopeCodec.encode(again)).isEqualTo(encoded);
    }

    @FuzzTest(maxDuration = "3m")
    void decodeMessageThrowsOnlyMalformedFrame(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        try {
            String encoded = EnvelopeCodec.encode(EnvelopeCodec.decodeMessage(text));
            assertThat(hasUtf8Form(encoded)).isTrue();
        } catch (MalformedFrameException expected) {
            // the one failure allowed
        }
    }

    private static boolean hasUtf8Form(String s) {
        try {
            StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(s));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
