package dev.channels.server;

/**
 * The trace context a traced publication carries from the node that published it to the nodes that
 * deliver it: the W3C {@code traceparent} of the producer span, in the envelope's header
 * {@value #NAME}, written as the envelope's <em>last</em> header. The publication stays an encoded
 * envelope, opaque to the engine: no engine (in-memory, Redis, a third party's) or its serialization
 * changes, and the stream stores the context with the message. Each node strips the header from the
 * frame before any member gets it ({@link EngineFanout#frame}): clients never see it.
 *
 * <p>Because the header is last and a version-00 {@code traceparent} has a fixed length (55
 * characters), finding it costs a comparison of a few characters at a fixed distance from the text's
 * end, with no allocation: cheap enough to run on every publication, traced or not (a node with
 * tracing off still strips what a tracing node published). Stateless.
 */
final class TraceHeader {

    /** The header's name; its one value is a W3C {@code traceparent}. */
    static final String NAME = "X-Channel-Traceparent";
    /** Length of a version-00 traceparent: {@code 00-<32 hex>-<16 hex>-<2 hex>}. */
    static final int TRACEPARENT_LENGTH = 55;
    private static final String KEY = "\"" + NAME + "\":[\"";
    private static final String END = "\"]}}";
    private static final int SUFFIX = KEY.length() + TRACEPARENT_LENGTH + END.length();

    private TraceHeader() {
    }

    /** The traceparent {@code encoded} (a message envelope) carries as its last header, or null. */
    static String traceparent(String encoded) {
        int key = keyAt(encoded);
        return key < 0 ? null : encoded.substring(key + KEY.length(), key + KEY.length() + TRACEPARENT_LENGTH);
    }

    /** {@code encoded} without the trace header; {@code encoded} itself (no copy) when it has none. */
    static String strip(String encoded) {
        int key = keyAt(encoded);
        if (key < 0) {
            return encoded;
        }
        int cut = encoded.charAt(key - 1) == ',' ? key - 1 : key; // after a previous header, or the first one
        return encoded.substring(0, cut) + "}}";
    }

    /**
     * Where the trace header's key starts (its opening quote) when it is the last header of {@code s},
     * in this class's form, after a {@code ,} or {@code {} (so not inside a string: a quote there would
     * be escaped); else -1.
     */
    private static int keyAt(String s) {
        int key = s.length() - SUFFIX;
        if (key < 1 || !s.endsWith(END) || !s.startsWith(KEY, key)) {
            return -1;
        }
        char before = s.charAt(key - 1);
        if (before != ',' && before != '{') {
            return -1;
        }
        for (int i = key + KEY.length(), end = i + TRACEPARENT_LENGTH; i < end; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c == '-')) {
                return -1;
            }
        }
        return key;
    }
}
