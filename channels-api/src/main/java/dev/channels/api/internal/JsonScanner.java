package dev.channels.api.internal;

/**
 * A validating scan of JSON text (RFC 8259) that builds nothing: it says where a value ends, or throws
 * {@link JsonSyntaxException}. With it the codec keeps a message body as the raw slice of its frame
 * and still refuses a frame that is not JSON.
 *
 * <p>It accepts exactly what the JSON-P parser (Parsson) accepts with its default limits, so a body
 * that passed the scan always parses later when a handler reads it as a tree: nesting deeper than
 * {@value #MAX_DEPTH} (Parsson refuses its {@code maxDepth} of 1000) and a number of more than
 * {@value #MAX_NUMBER_LENGTH} characters (Parsson's {@code maxBigDecimalLength}) are errors, lone
 * surrogates in strings are not, and duplicate keys are not (the last one wins, as in JSON-P).
 * {@code JsonScannerTest} checks that agreement on tricky and random inputs.
 *
 * <p>Why hand-written rather than JSON-P's streaming parser: the parser validates as well, but the
 * offset at which a value starts and ends ({@code JsonParser.getLocation()}) is loosely specified
 * and differs between providers (an application server brings its own), so a raw slice cannot be
 * cut portably from it; and on {@code CodecBenchmark} in channels-bench ({@code jsonpEventScan})
 * merely iterating the parser's events cost about as much as this whole decode (a busy machine:
 * see the figures in channels-bench/README.md). Stateless; thread-safe.
 *
 * <p>Not part of the public API.
 *
 * @since 0.1.0
 */
public final class JsonScanner {

    /** The deepest nesting of arrays and objects accepted, counting the outermost value as 1. */
    public static final int MAX_DEPTH = 999;

    /** The longest number accepted, in characters. */
    public static final int MAX_NUMBER_LENGTH = 1100;

    private JsonScanner() {
    }

    /**
     * Checks that {@code text} is exactly one JSON value, with whitespace around it allowed.
     *
     * @return the index of the value's first character
     */
    public static int checkSingleValue(String text) {
        int start = skipWhitespace(text, 0);
        if (start == text.length()) {
            throw new JsonSyntaxException("no JSON value in the text", start);
        }
        int end = skipValue(text, start, 1);
        int after = skipWhitespace(text, end);
        if (after != text.length()) {
            throw new JsonSyntaxException("unexpected text after the JSON value at offset " + after, after);
        }
        return start;
    }

    /** The index of the first non-whitespace character at or after {@code i}. */
    public static int skipWhitespace(String s, int i) {
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return i;
            }
            i++;
        }
        return i;
    }

    /**
     * Validates the value that starts at {@code i} (no whitespace before it) at nesting level
     * {@code depth} (1 for a value at the top, 2 for one inside a top-level object, ...).
     *
     * @return the index just after the value
     */
    public static int skipValue(String s, int i, int depth) {
        if (i >= s.length()) {
            throw endOfText(i, "a value");
        }
        char c = s.charAt(i);
        switch (c) {
            case '{':
                return skipObject(s, i, depth);
            case '[':
                return skipArray(s, i, depth);
            case '"':
                return skipString(s, i);
            case 't':
                return literal(s, i, "true");
            case 'f':
                return literal(s, i, "false");
            case 'n':
                return literal(s, i, "null");
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return skipNumber(s, i);
                }
                throw unexpected(s, i, "a value");
        }
    }

    private static int skipObject(String s, int i, int depth) {
        i = enter(s, i, depth);
        if (i < s.length() && s.charAt(i) == '}') {
            return i + 1;
        }
        while (true) {
            if (i >= s.length() || s.charAt(i) != '"') {
                throw i >= s.length() ? endOfText(i, "a key") : unexpected(s, i, "a key");
            }
            i = skipWhitespace(s, skipString(s, i));
            i = expect(s, i, ':');
            i = skipWhitespace(s, i);
            i = skipWhitespace(s, skipValue(s, i, depth + 1));
            if (closes(s, i, '}')) {
                return i + 1;
            }
            i = skipWhitespace(s, i + 1);
        }
    }

    private static int skipArray(String s, int i, int depth) {
        i = enter(s, i, depth);
        if (i < s.length() && s.charAt(i) == ']') {
            return i + 1;
        }
        while (true) {
            i = skipWhitespace(s, skipValue(s, i, depth + 1));
            if (closes(s, i, ']')) {
                return i + 1;
            }
            i = skipWhitespace(s, i + 1);
        }
    }

    /**
     * Enters the object or array whose opening bracket is at {@code i}, {@code depth} levels deep:
     * refuses nesting beyond the limit, returns the index of what follows the bracket and its whitespace.
     */
    private static int enter(String s, int i, int depth) {
        checkDepth(depth, i);
        return skipWhitespace(s, i + 1);
    }

    /**
     * After a member of an object ({@code close} '}') or an element of an array (']'): whether the
     * character at {@code i} closes it (else it is the ',' before the next one).
     *
     * @throws JsonSyntaxException when the text ends there or holds anything else
     */
    private static boolean closes(String s, int i, char close) {
        String expected = close == '}' ? "',' or '}'" : "',' or ']'";
        if (i >= s.length()) {
            throw endOfText(i, expected);
        }
        char c = s.charAt(i);
        if (c == close) {
            return true;
        }
        if (c != ',') {
            throw unexpected(s, i, expected);
        }
        return false;
    }

    /** Validates the string literal whose opening quote is at {@code i}; returns the index after its closing quote. */
    public static int skipString(String s, int i) {
        int n = s.length();
        i++;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\') {
                i = skipEscape(s, i);
            } else if (c < 0x20) {
                throw unexpected(s, i, "a string character (control characters must be escaped)");
            } else {
                i++;
            }
        }
        throw endOfText(i, "the end of the string");
    }

    private static int skipEscape(String s, int i) {
        if (i + 1 >= s.length()) {
            throw endOfText(i + 1, "an escape");
        }
        switch (s.charAt(i + 1)) {
            case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
                return i + 2;
            case 'u':
                for (int k = i + 2; k < i + 6; k++) {
                    if (k >= s.length()) {
                        throw endOfText(k, "a hex digit");
                    }
                    if (hex(s.charAt(k)) < 0) {
                        throw unexpected(s, k, "a hex digit");
                    }
                }
                return i + 6;
            default:
                throw unexpected(s, i + 1, "an escape");
        }
    }

    private static int skipNumber(String s, int start) {
        int n = s.length();
        int i = start;
        if (s.charAt(i) == '-') {
            i++;
        }
        if (i >= n) {
            throw endOfText(i, "a digit");
        }
        char c = s.charAt(i);
        if (c == '0') {
            i++;
        } else if (c >= '1' && c <= '9') {
            i = digits(s, i);
        } else {
            throw unexpected(s, i, "a digit");
        }
        if (i < n && s.charAt(i) == '.') {
            i = atLeastOneDigit(s, i + 1);
        }
        int exponentDigits = 0;
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int digitsStart = i;
            i = atLeastOneDigit(s, i);
            exponentDigits = i - digitsStart;
        }
        if (i - start > MAX_NUMBER_LENGTH) {
            throw new JsonSyntaxException("number of " + (i - start) + " characters at offset " + start
                    + " is longer than the " + MAX_NUMBER_LENGTH + " allowed", start);
        }
        if (exponentDigits >= 10) {
            // JSON-P makes every number a BigDecimal, whose scale is an int: refuse what it cannot hold
            try {
                new java.math.BigDecimal(s.substring(start, i));
            } catch (NumberFormatException e) {
                throw new JsonSyntaxException("number at offset " + start + " is out of range: " + e.getMessage(), start);
            }
        }
        return i;
    }

    private static int atLeastOneDigit(String s, int i) {
        if (i >= s.length()) {
            throw endOfText(i, "a digit");
        }
        char c = s.charAt(i);
        if (c < '0' || c > '9') {
            throw unexpected(s, i, "a digit");
        }
        return digits(s, i);
    }

    private static int digits(String s, int i) {
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return i;
            }
            i++;
        }
        return i;
    }

    private static int literal(String s, int i, String word) {
        if (!s.startsWith(word, i)) {
            int k = i;
            while (k < s.length() && k - i < word.length() && s.charAt(k) == word.charAt(k - i)) {
                k++;
            }
            throw k >= s.length() ? endOfText(k, "'" + word + "'") : unexpected(s, k, "'" + word + "'");
        }
        return i + word.length();
    }

    /**
     * The text of the string literal {@code s[start, end)} (quotes included) with its escapes
     * resolved. The literal must have passed {@link #skipString}.
     */
    public static String decodeString(String s, int start, int end) {
        int close = end - 1;
        int backslash = s.indexOf('\\', start + 1);
        if (backslash < 0 || backslash >= close) {
            return s.substring(start + 1, close);
        }
        StringBuilder out = new StringBuilder(close - start);
        int i = start + 1;
        while (i < close) {
            char c = s.charAt(i);
            if (c != '\\') {
                out.append(c);
                i++;
                continue;
            }
            char e = s.charAt(i + 1);
            switch (e) {
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    out.append((char) (hex(s.charAt(i + 2)) << 12 | hex(s.charAt(i + 3)) << 8
                            | hex(s.charAt(i + 4)) << 4 | hex(s.charAt(i + 5))));
                    i += 4;
                }
                default -> out.append(e); // " \ /
            }
            i += 2;
        }
        return out.toString();
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static int expect(String s, int i, char c) {
        if (i >= s.length()) {
            throw endOfText(i, "'" + c + "'");
        }
        if (s.charAt(i) != c) {
            throw unexpected(s, i, "'" + c + "'");
        }
        return i + 1;
    }

    private static void checkDepth(int depth, int i) {
        if (depth > MAX_DEPTH) {
            throw new JsonSyntaxException("nesting deeper than " + MAX_DEPTH + " at offset " + i, i);
        }
    }

    private static JsonSyntaxException unexpected(String s, int i, String expected) {
        char c = s.charAt(i);
        String shown = c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
        return new JsonSyntaxException("unexpected character " + shown + " at offset " + i + ", expecting " + expected, i);
    }

    private static JsonSyntaxException endOfText(int i, String expected) {
        return new JsonSyntaxException("unexpected end of text at offset " + i + ", expecting " + expected, i);
    }

    /**
     * The text is not JSON, or passes a limit; the message says where.
     *
     * @since 0.1.0
     */
    public static final class JsonSyntaxException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int offset;

        public JsonSyntaxException(String message, int offset) {
            super(message, null, false, false);
            this.offset = offset;
        }

        /** The offset in the text (in chars) where the problem is. */
        public int offset() {
            return offset;
        }
    }
}
