package dev.channels.transport;

import java.util.function.Consumer;

/**
 * Joins the parts of one inbound text message and enforces the maximum message size in UTF-8
 * bytes, counting as parts arrive so an oversized message is refused before it is buffered whole.
 * Server and client endpoints register {@link #accept} as a {@code MessageHandler.Partial<String>}
 * so that the limit, and the 1009 close that follows it, are theirs and portable rather than a
 * container's (Tyrus's client, for one, closes with 1011 when a frame overflows its buffer).
 *
 * <p>Containers call a session's message handler one call at a time, so this needs no lock; it is
 * owned by the container thread that delivers the session's frames.
 */
public final class TextAssembler {

    private final int maxBytes;
    private final Consumer<String> onMessage;
    private final Runnable onTooBig;
    private StringBuilder parts;
    private long bytes;
    private boolean discarding;

    /**
     * An assembler that hands each whole message to {@code onMessage} and calls {@code onTooBig} once
     * for each message over {@code maxBytes} UTF-8 bytes (its remaining parts are then discarded).
     */
    public TextAssembler(int maxBytes, Consumer<String> onMessage, Runnable onTooBig) {
        this.maxBytes = maxBytes;
        this.onMessage = onMessage;
        this.onTooBig = onTooBig;
    }

    /** Takes one part; hands on the message after its last part, or reports it too big once. */
    public void accept(String part, boolean last) {
        if (discarding) {
            if (last) {
                discarding = false;
            }
            return;
        }
        bytes += utf8Length(part);
        if (bytes > maxBytes) {
            parts = null;
            bytes = 0;
            discarding = !last;
            onTooBig.run();
            return;
        }
        if (last && parts == null) {
            bytes = 0;
            onMessage.accept(part);
            return;
        }
        if (parts == null) {
            parts = new StringBuilder(part.length() * 2);
        }
        parts.append(part);
        if (last) {
            String whole = parts.toString();
            parts = null;
            bytes = 0;
            onMessage.accept(whole);
        }
    }

    /** The length of {@code s} in UTF-8 bytes, without encoding it. */
    public static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
