package dev.channels.transport;

import java.util.function.Consumer;

/**
 * Joins the parts of one inbound text message and enforces the maximum message size in UTF-8
 * bytes, counting as parts arrive so an oversized message is refused before it is buffered whole.
 * Server and client endpoints register {@link #accept} as a {@code MessageHandler.Partial<String>}
 * so that the limit, and the 1009 close that follows it, are theirs and portable rather than a
 * container's (Tyrus's client, for one, closes with 1011 when a frame overflows its buffer).
 *
 * <p>Counting is skipped while it cannot matter: a message of n chars has at most 3n UTF-8 bytes, so
 * as long as 3n fits the limit nothing is counted (counting char by char on every frame was 9% of
 * the server's CPU on request-reply, issue 15).
 *
 * <p>Containers call a session's message handler one call at a time, so this needs no lock; it is
 * owned by the container thread that delivers the session's frames.
 *
 * @since 0.1.0
 */
public final class TextAssembler {

    private final int maxBytes;
    private final Consumer<String> onMessage;
    private final Runnable onTooBig;
    private StringBuilder parts;
    private long bytes;
    private int countedChars;
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
        if (last && parts == null) {
            // the whole message in one part, the usual case: count only when it may be too big
            if (3L * part.length() > maxBytes && utf8Length(part) > maxBytes) {
                tooBig(true);
                return;
            }
            onMessage.accept(part);
            return;
        }
        if (parts == null) {
            parts = new StringBuilder(part.length() * 2);
        }
        // bytes counts the UTF-8 bytes of the first countedChars chars of parts, the rest is uncounted
        if (bytes + 3L * (parts.length() - countedChars + part.length()) > maxBytes) {
            bytes += utf8Length(parts, countedChars, parts.length()) + utf8Length(part);
            if (bytes > maxBytes) {
                tooBig(last);
                return;
            }
            countedChars = parts.length() + part.length();
        }
        parts.append(part);
        if (last) {
            String whole = parts.toString();
            parts = null;
            bytes = 0;
            countedChars = 0;
            onMessage.accept(whole);
        }
    }

    private void tooBig(boolean last) {
        parts = null;
        bytes = 0;
        countedChars = 0;
        discarding = !last;
        onTooBig.run();
    }

    /**
     * The length of {@code s} in UTF-8 bytes, without encoding it. A char is at most 3 bytes (a
     * surrogate pair, 2 chars, is 4), which is why {@link #accept} needs no count while 3 x the
     * length fits the limit.
     */
    public static long utf8Length(CharSequence s) {
        return utf8Length(s, 0, s.length());
    }

    private static long utf8Length(CharSequence s, int from, int to) {
        long n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3; // a lone surrogate too: no more than a runtime can make of it
            }
        }
        return n;
    }
}
