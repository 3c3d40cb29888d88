package dev.channels.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The limit is in UTF-8 bytes, exact to the byte, for whole messages and for messages in parts. */
class TextAssemblerTest {

    private final List<String> messages = new ArrayList<>();
    private int tooBig;

    private TextAssembler assembler(int maxBytes) {
        return new TextAssembler(maxBytes, messages::add, () -> tooBig++);
    }

    @Test
    void aWholeMessageIsMeasuredInUtf8Bytes() {
        TextAssembler text = assembler(10);
        text.accept("\u00e9".repeat(5), true);          // 10 bytes: fits
        text.accept("\u00e9".repeat(6), true);          // 12 bytes, 6 chars: too big
        text.accept("a".repeat(10), true);              // 10: fits
        text.accept("a".repeat(11), true);              // 11: too big
        text.accept("\ud83d\ude00\ud83d\ude00a", true); // 9 bytes in 5 chars (3 x 5 > 10): fits
        text.accept("\u20ac\u20ac\u20ac\u20ac", true);  // 12 bytes in 4 chars: too big

        assertThat(messages).containsExactly("\u00e9".repeat(5), "a".repeat(10), "\ud83d\ude00\ud83d\ude00a");
        assertThat(tooBig).isEqualTo(3);
    }

    @Test
    void aMessageInPartsIsMeasuredAsAWhole() {
        TextAssembler text = assembler(10);
        text.accept("\u00e9\u00e9", false);
        text.accept("\u00e9\u00e9", false);
        text.accept("\u00e9", true);                    // 10 bytes: fits
        text.accept("\u00e9\u00e9\u00e9", false);
        text.accept("\u00e9\u00e9", false);
        text.accept("a", false);                        // 11 bytes: too big, the rest is dropped
        text.accept("rest", true);
        text.accept("ab", false);
        text.accept("c", true);

        assertThat(messages).containsExactly("\u00e9".repeat(5), "abc");
        assertThat(tooBig).isEqualTo(1);
    }

    @Test
    void utf8LengthIsTheEncodedLength() {
        String s = "a\u00e9\u20ac\ud83d\ude00";
        assertThat(TextAssembler.utf8Length(s)).isEqualTo(s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    }
}
