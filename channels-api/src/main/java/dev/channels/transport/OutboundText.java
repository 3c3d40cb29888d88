package dev.channels.transport;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A text message on its way out, made once and shared by every {@link SessionWriter} it is queued on
 * (a broadcast hands one instance to all members). Besides the text it can give the complete,
 * unmasked WebSocket text frame of it (header and UTF-8 payload), encoded on first use and then
 * reused byte for byte for every member: server frames carry no mask, so one frame fits all.
 *
 * <p>Immutable: the encoded bytes are never written after they are made, and {@link SessionWriter}
 * only hands the runtime read-only views of them. Thread-safe: the frame is made lazily under a benign
 * race (two threads may both encode it; both results are equal and either may be kept).
 *
 * @since 0.1.0
 */
public final class OutboundText {

    private static final byte[] UNENCODABLE = new byte[0];

    private final String text;
    /** The encoded frame; null until first asked for, {@link #UNENCODABLE} when the text has no UTF-8 form. */
    private volatile byte[] frame;

    private OutboundText(String text) {
        this.text = text;
    }

    /** The outbound form of {@code text}. */
    public static OutboundText of(String text) {
        return new OutboundText(Objects.requireNonNull(text, "text"));
    }

    /** The text. */
    public String text() {
        return text;
    }

    /** Characters of the text (what the writer's queue bound counts). */
    public int length() {
        return text.length();
    }

    /**
     * A read-only view of the whole unmasked text frame (FIN, opcode 1, length, UTF-8 payload), or
     * null when the text has no UTF-8 form (an unpaired surrogate): such text is left to the
     * container, which refuses it as it always did. Each call returns a new view of the same bytes.
     */
    ByteBuffer serverFrame() {
        byte[] bytes = encodedFrame();
        return bytes == UNENCODABLE ? null : ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }

    /** Bytes of the encoded frame (encoding it if need be); 0 when the text has no UTF-8 form. */
    int frameSize() {
        return encodedFrame().length;
    }

    private byte[] encodedFrame() {
        byte[] bytes = frame;
        if (bytes == null) {
            bytes = encode(text);
            frame = bytes;
        }
        return bytes;
    }

    private static byte[] encode(String text) {
        byte[] payload = utf8(text);
        if (payload == null) {
            return UNENCODABLE;
        }
        int n = payload.length;
        int header = n <= 125 ? 2 : n <= 0xFFFF ? 4 : 10;
        byte[] out = new byte[header + n];
        out[0] = (byte) 0x81; // FIN, text
        if (n <= 125) {
            out[1] = (byte) n;
        } else if (n <= 0xFFFF) {
            out[1] = 126;
            out[2] = (byte) (n >>> 8);
            out[3] = (byte) n;
        } else {
            out[1] = 127;
            long len = n;
            for (int i = 0; i < 8; i++) {
                out[2 + i] = (byte) (len >>> (56 - 8 * i));
            }
        }
        System.arraycopy(payload, 0, out, header, n);
        return out;
    }

    /** The UTF-8 bytes of {@code text}, or null when it holds an unpaired surrogate. */
    private static byte[] utf8(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isSurrogate(text.charAt(i))) {
                return strictUtf8(text); // getBytes would turn a lone surrogate into '?' silently
            }
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] strictUtf8(String text) {
        try {
            ByteBuffer b = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(text));
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
