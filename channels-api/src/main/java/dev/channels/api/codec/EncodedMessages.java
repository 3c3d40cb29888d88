package dev.channels.api.codec;

import dev.channels.api.ChannelHeaders;

/**
 * Reads and extends a message envelope as {@link EnvelopeCodec#encode(dev.channels.api.Message)} wrote
 * it, without decoding it: that text has no white space and ends with {@code ,"type":"...","headers":{...}}},
 * so the type and the headers object can be found by scanning back from its end. A text in any other
 * form (another writer, white space, headers not last) is not recognised here and the callers decode it.
 *
 * <p>Scanning back through valid JSON is unambiguous: a string ends at a quote preceded by an even number
 * of backslashes and starts at the previous such quote (a string holds no unescaped quote). Stateless.
 */
final class EncodedMessages {

    private static final String HEADERS_KEY = "\"headers\":";
    private static final String TYPE_KEY = "\"type\":";

    private EncodedMessages() {
    }

    /**
     * Where the {@code "headers"} key of {@code s} starts (its opening quote), or -1 when {@code s} does
     * not end with a headers object in the codec's form; -2 when the headers hold the offset or epoch
     * header already (adding them must replace those: the callers decode).
     */
    static int headersKey(String s) {
        try {
            return scanHeaders(s);
        } catch (IndexOutOfBoundsException e) { // ran off the start: not in the codec's form
            return -1;
        }
    }

    private static int scanHeaders(String s) {
        int end = s.length() - 1;
        if (end < 2 || s.charAt(end) != '}' || s.charAt(end - 1) != '}') {
            return -1;
        }
        int i = end - 2;
        boolean streamHeader = false;
        if (s.charAt(i) != '{') { // one or more "name":["value",...] pairs, scanned from the last
            for (;;) {
                if (s.charAt(i) != ']') {
                    return -1;
                }
                i--;
                if (s.charAt(i) != '[') {
                    for (;;) {
                        int start = stringStart(s, i);
                        if (start < 1) {
                            return -1;
                        }
                        i = start - 1;
                        if (s.charAt(i) == ',') {
                            i--;
                        } else {
                            break;
                        }
                    }
                    if (s.charAt(i) != '[') {
                        return -1;
                    }
                }
                i--;
                if (i < 1 || s.charAt(i) != ':') {
                    return -1;
                }
                int nameEnd = i - 1;
                int nameStart = stringStart(s, nameEnd);
                if (nameStart < 1) {
                    return -1;
                }
                streamHeader |= isName(s, nameStart, nameEnd, ChannelHeaders.CHANNEL_OFFSET)
                        || isName(s, nameStart, nameEnd, ChannelHeaders.CHANNEL_EPOCH);
                i = nameStart - 1;
                if (s.charAt(i) == ',') {
                    i--;
                } else if (s.charAt(i) == '{') {
                    break;
                } else {
                    return -1;
                }
            }
        }
        // i is the headers object's '{'
        int key = i - HEADERS_KEY.length();
        if (key < 1 || !s.startsWith(HEADERS_KEY, key) || (s.charAt(key - 1) != ',' && s.charAt(key - 1) != '{')) {
            return -1;
        }
        return streamHeader ? -2 : key;
    }

    /**
     * The type of message {@code s} when it is in the codec's form and its type has no escape; else
     * null (decode it).
     */
    static String type(String s) {
        int headers = headersKey(s);
        if (headers == -1) {
            return null;
        }
        if (headers == -2) { // the headers are in the codec's form: only the key's place is needed
            return null;
        }
        int valueEnd = headers - 2; // the type's closing quote, before ','
        if (valueEnd < 1 || s.charAt(headers - 1) != ',' || s.charAt(valueEnd) != '"') {
            return null;
        }
        int valueStart = stringStart(s, valueEnd);
        int key = valueStart - TYPE_KEY.length();
        if (valueStart < 1 || key < 1 || !s.startsWith(TYPE_KEY, key)) {
            return null;
        }
        String type = s.substring(valueStart + 1, valueEnd);
        return type.indexOf('\\') >= 0 ? null : type;
    }

    /**
     * {@code s} with the stream headers added at the end of its headers, or null when it is not in the
     * codec's form or has one of them already (decode it).
     */
    static String withStreamPosition(String s, long offset, String epoch) {
        int headers = headersKey(s);
        if (headers < 0) {
            return null;
        }
        int insertAt = s.length() - 2; // before the headers object's '}'
        boolean empty = s.charAt(insertAt - 1) == '{';
        StringBuilder out = new StringBuilder(s.length() + 64 + epoch.length());
        out.append(s, 0, insertAt);
        if (!empty) {
            out.append(',');
        }
        out.append('"').append(ChannelHeaders.CHANNEL_OFFSET).append("\":[\"").append(offset).append("\"],\"")
                .append(ChannelHeaders.CHANNEL_EPOCH).append("\":[");
        EnvelopeWriter.quote(out, epoch);
        return out.append("]}}").toString();
    }

    /**
     * The index of the opening quote of the JSON string whose closing quote is at {@code end}, or -1 when
     * {@code end} is not an unescaped quote or no opening quote precedes it.
     */
    private static int stringStart(String s, int end) {
        if (end < 1 || s.charAt(end) != '"' || escaped(s, end)) {
            return -1;
        }
        for (int i = end - 1; i >= 0; i--) {
            if (s.charAt(i) == '"' && !escaped(s, i)) {
                return i;
            }
        }
        return -1;
    }

    /** Whether the quote at {@code quote} is preceded by an odd number of backslashes. */
    private static boolean escaped(String s, int quote) {
        int backslashes = 0;
        for (int i = quote - 1; i >= 0 && s.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return (backslashes & 1) == 1;
    }

    /** Whether the string literal from quote {@code start} to quote {@code end} is exactly {@code name}. */
    private static boolean isName(String s, int start, int end, String name) {
        return end - start - 1 == name.length() && s.startsWith(name, start + 1);
    }
}
