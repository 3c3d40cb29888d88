package dev.channels.api.codec;

import dev.channels.api.internal.RawJson;
import dev.channels.api.internal.Rfc3339;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Writes envelope text into a {@link StringBuilder}: the writing half of {@link EnvelopeCodec}.
 *
 * <p>Strings are escaped as JSON-P's generator (Parsson) escapes them, so the text is the one the
 * codec wrote when it used the generator ({@code EnvelopeWriterTest} compares the two): {@code "}
 * and {@code \} with a backslash, the control characters with their short escapes or
 * {@code &#92;u00XX} in lower-case hex, and nothing else, except that an unpaired surrogate, which has
 * no UTF-8 form, is written as {@code &#92;uXXXX} in upper-case hex (see
 * {@link EnvelopeCodec#escapeLoneSurrogates}). A JSON value (a body) is copied as its text: a raw
 * body as the client sent it, any other as JSON-P writes it; unpaired surrogates in it are escaped
 * the same way (they can only be inside its strings).
 *
 * <p>Why not the generator: it cannot copy a raw body (it writes a {@code JsonValue} again token
 * by token, which is what changed {@code 1e2} to {@code 1E+2}), and on {@code CodecBenchmark} the
 * encode with it (plus a second pass for lone surrogates) cost 10 to 20 times this writer (three
 * runs on a busy machine, channels-bench/README.md). One instance per call, used by one thread.
 */
final class EnvelopeWriter {

    private static final char[] HEX_LOWER = "0123456789abcdef".toCharArray();
    private static final char[] HEX_UPPER = "0123456789ABCDEF".toCharArray();

    private final StringBuilder out;
    private boolean first = true;

    EnvelopeWriter(int capacity) {
        out = new StringBuilder(capacity).append('{');
    }

    EnvelopeWriter string(String key, String value) {
        key(key);
        quoted(value);
        return this;
    }

    EnvelopeWriter time(String key, Instant value) {
        if (keyOfValue(key, value)) {
            out.append('"').append(Rfc3339.format(value)).append('"');
        }
        return this;
    }

    EnvelopeWriter json(String key, JsonValue value) {
        if (keyOfValue(key, value)) {
            appendEscapingLoneSurrogates(out, RawJson.text(value));
        }
        return this;
    }

    EnvelopeWriter headers(Map<String, List<String>> headers) {
        key("headers");
        out.append('{');
        boolean firstHeader = true;
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (!firstHeader) {
                out.append(',');
            }
            firstHeader = false;
            quoted(e.getKey());
            out.append(":[");
            List<String> values = e.getValue();
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                quoted(values.get(i));
            }
            out.append(']');
        }
        out.append('}');
        return this;
    }

    String end() {
        return out.append('}').toString();
    }

    private void key(String key) {
        if (!first) {
            out.append(',');
        }
        first = false;
        quoted(key);
        out.append(':');
    }

    /** Writes {@code key}, and {@code null} for a null value; true when the value is there for the caller to write. */
    private boolean keyOfValue(String key, Object value) {
        key(key);
        if (value == null) {
            out.append("null");
            return false;
        }
        return true;
    }

    private void quoted(String s) {
        quote(out, s);
    }

    /** Appends {@code s} to {@code out} as a JSON string, escaped as the class comment says. */
    static void quote(StringBuilder out, String s) {
        out.append('"');
        int n = s.length();
        int run = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && !Character.isSurrogate(c)) {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++; // a well-formed pair stays as it is
                continue;
            }
            out.append(s, run, i);
            run = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> unicodeEscape(out, c, Character.isSurrogate(c) ? HEX_UPPER : HEX_LOWER);
            }
        }
        out.append(s, run, n).append('"');
    }

    /** Appends {@code json}, writing every unpaired surrogate as an escape in upper-case hex. */
    static void appendEscapingLoneSurrogates(StringBuilder out, String json) {
        int n = json.length();
        int run = 0;
        for (int i = 0; i < n; i++) {
            char c = json.charAt(i);
            if (!Character.isSurrogate(c)) {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(json.charAt(i + 1))) {
                i++;
                continue;
            }
            out.append(json, run, i);
            unicodeEscape(out, c, HEX_UPPER);
            run = i + 1;
        }
        out.append(json, run, n);
    }

    private static void unicodeEscape(StringBuilder out, char c, char[] digits) {
        out.append('\\').append('u')
                .append(digits[c >> 12 & 0xF]).append(digits[c >> 8 & 0xF])
                .append(digits[c >> 4 & 0xF]).append(digits[c & 0xF]);
    }
}
