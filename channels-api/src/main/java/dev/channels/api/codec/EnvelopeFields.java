package dev.channels.api.codec;

import dev.channels.api.internal.JsonScanner;
import dev.channels.api.internal.JsonScanner.JsonSyntaxException;
import dev.channels.api.internal.RawJson;
import dev.channels.api.internal.Rfc3339;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The top-level keys of one frame, each with the place of its value in the frame text: the
 * streaming half of {@link EnvelopeCodec}. Reading a frame validates all of it with
 * {@link JsonScanner} but builds no tree; a value is turned into a Java value only when the codec
 * asks for its key, and a body is kept as the raw slice of the frame ({@link RawJson}).
 *
 * <p>Keys behave as they did when frames were read into a JSON-P object: a duplicate key keeps its
 * first place and takes its last value, and a lookup that finds no exact key takes the first key
 * (in that order) that matches in another letter case, as Go's {@code encoding/json} does.
 *
 * <p>One instance per frame, used by one thread.
 */
final class EnvelopeFields {

    /** Beyond this many keys, exact lookups go through a hash map rather than a scan. */
    private static final int LINEAR_KEYS = 16;

    /**
     * The nesting level {@link JsonScanner} is told for a value of the envelope's object: 1, so the
     * envelope itself is not counted against {@link JsonScanner#MAX_DEPTH} (999, JSON-P's own limit
     * for a value read alone). A frame may so nest 1,000 levels, the envelope object counted as the
     * first (docs/protocol.md), and its body 999, which JSON-P still reads when a handler binds it.
     */
    private static final int IN_ENVELOPE = 1;

    /** Markers, by identity, for a header whose value is not a list of strings. */
    private static final List<String> NOT_STRINGS = new ArrayList<>(0);
    private static final List<String> NOT_AN_ARRAY = new ArrayList<>(0);

    private final String text;
    private String[] keys = new String[12];
    private int[] starts = new int[12];
    private int[] ends = new int[12];
    private int size;
    private Map<String, Integer> index;

    private EnvelopeFields(String text) {
        this.text = text;
    }

    /** Reads {@code text}, which must be one JSON object, else {@link MalformedFrameException}. */
    static EnvelopeFields read(String text) {
        if (text == null) {
            throw new MalformedFrameException(null, "frame is null", null);
        }
        try {
            int i = JsonScanner.skipWhitespace(text, 0);
            if (i >= text.length() || text.charAt(i) != '{') {
                int start = JsonScanner.checkSingleValue(text);
                throw new MalformedFrameException(text, "frame is not a JSON object but " + kind(text.charAt(start)), null);
            }
            EnvelopeFields fields = new EnvelopeFields(text);
            int end = fields.readObject(i);
            int after = JsonScanner.skipWhitespace(text, end);
            if (after != text.length()) {
                throw new JsonSyntaxException("unexpected text after the JSON value at offset " + after, after);
            }
            return fields;
        } catch (JsonSyntaxException e) {
            throw new MalformedFrameException(text, "frame is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** Scans the object at {@code i}, recording its keys; returns the index after it. */
    private int readObject(int i) {
        i = JsonScanner.skipWhitespace(text, i + 1);
        if (i < text.length() && text.charAt(i) == '}') {
            return i + 1;
        }
        while (true) {
            if (i >= text.length() || text.charAt(i) != '"') {
                // let the scanner word the error for the whole object from here
                JsonScanner.skipValue(text, JsonScanner.skipWhitespace(text, 0), 1);
                throw new IllegalStateException("scanner accepted a bad object");
            }
            int keyEnd = JsonScanner.skipString(text, i);
            String key = JsonScanner.decodeString(text, i, keyEnd);
            i = JsonScanner.skipWhitespace(text, keyEnd);
            if (i >= text.length() || text.charAt(i) != ':') {
                JsonScanner.skipValue(text, JsonScanner.skipWhitespace(text, 0), 1);
                throw new IllegalStateException("scanner accepted a bad object");
            }
            int valueStart = JsonScanner.skipWhitespace(text, i + 1);
            int valueEnd = JsonScanner.skipValue(text, valueStart, IN_ENVELOPE);
            put(key, valueStart, valueEnd);
            i = JsonScanner.skipWhitespace(text, valueEnd);
            if (i < text.length() && text.charAt(i) == '}') {
                return i + 1;
            }
            if (i >= text.length() || text.charAt(i) != ',') {
                JsonScanner.skipValue(text, JsonScanner.skipWhitespace(text, 0), 1);
                throw new IllegalStateException("scanner accepted a bad object");
            }
            i = JsonScanner.skipWhitespace(text, i + 1);
        }
    }

    private void put(String key, int start, int end) {
        int at = exact(key);
        if (at >= 0) {
            starts[at] = start;
            ends[at] = end;
            return;
        }
        if (size == keys.length) {
            int capacity = size * 2;
            keys = java.util.Arrays.copyOf(keys, capacity);
            starts = java.util.Arrays.copyOf(starts, capacity);
            ends = java.util.Arrays.copyOf(ends, capacity);
        }
        keys[size] = key;
        starts[size] = start;
        ends[size] = end;
        if (index != null) {
            index.put(key, size);
        } else if (size == LINEAR_KEYS) {
            index = new HashMap<>();
            for (int k = 0; k <= size; k++) {
                index.put(keys[k], k);
            }
        }
        size++;
    }

    private int exact(String key) {
        if (index != null) {
            Integer at = index.get(key);
            return at == null ? -1 : at;
        }
        for (int k = 0; k < size; k++) {
            if (keys[k].equals(key)) {
                return k;
            }
        }
        return -1;
    }

    /** The slot of {@code key}: the exact key, else the first key equal to it ignoring case; -1 if none. */
    private int find(String key) {
        int at = exact(key);
        if (at >= 0) {
            return at;
        }
        for (int k = 0; k < size; k++) {
            if (keys[k].equalsIgnoreCase(key)) {
                return k;
            }
        }
        return -1;
    }

    /** The value of {@code key} as a raw JSON value, or null when the key is absent. */
    JsonValue value(String key) {
        int at = find(key);
        return at < 0 ? null : RawJson.ofChecked(text.substring(starts[at], ends[at]));
    }

    /** The string value of {@code key}; {@code ""} when absent or null. */
    String string(String key) {
        int at = find(key);
        if (at < 0) {
            return "";
        }
        char first = text.charAt(starts[at]);
        if (first == '"') {
            return JsonScanner.decodeString(text, starts[at], ends[at]);
        }
        if (first == 'n') {
            return "";
        }
        throw new MalformedFrameException(text, "key '" + key + "' must be a string, not " + kind(first), null);
    }

    /** The time value of {@code key}; null when absent, null or empty. */
    Instant time(String key) {
        String s = string(key);
        if (s.isEmpty()) {
            return null;
        }
        try {
            return Rfc3339.parse(s);
        } catch (DateTimeParseException e) {
            throw new MalformedFrameException(text, "key '" + key + "' is not an RFC 3339 time: " + s, e);
        }
    }

    /** The headers: an object of string arrays (or null for a name without values); empty when absent. */
    Map<String, List<String>> headers() {
        int at = find("headers");
        if (at < 0) {
            return Map.of();
        }
        int i = starts[at];
        char first = text.charAt(i);
        if (first == 'n') {
            return Map.of();
        }
        if (first != '{') {
            throw new MalformedFrameException(text, "key 'headers' must be an object, not " + kind(first), null);
        }
        // the object passed the scan already: walk it without checking its syntax again
        Map<String, List<String>> headers = new LinkedHashMap<>();
        i = JsonScanner.skipWhitespace(text, i + 1);
        while (text.charAt(i) != '}') {
            int nameEnd = JsonScanner.skipString(text, i);
            String name = JsonScanner.decodeString(text, i, nameEnd);
            i = JsonScanner.skipWhitespace(text, JsonScanner.skipWhitespace(text, nameEnd) + 1);
            char c = text.charAt(i);
            if (c == 'n') {
                headers.put(name, List.of());
                i += 4;
            } else if (c == '[') {
                List<String> values = new ArrayList<>(1);
                i = JsonScanner.skipWhitespace(text, i + 1);
                while (text.charAt(i) != ']') {
                    int valueEnd = JsonScanner.skipValue(text, i, IN_ENVELOPE + 2);
                    if (values != NOT_STRINGS && text.charAt(i) == '"') {
                        values.add(JsonScanner.decodeString(text, i, valueEnd));
                    } else {
                        values = NOT_STRINGS;
                    }
                    i = JsonScanner.skipWhitespace(text, valueEnd);
                    if (text.charAt(i) == ',') {
                        i = JsonScanner.skipWhitespace(text, i + 1);
                    }
                }
                headers.put(name, values);
                i++;
            } else {
                headers.put(name, NOT_AN_ARRAY);
                i = JsonScanner.skipValue(text, i, IN_ENVELOPE + 1);
            }
            i = JsonScanner.skipWhitespace(text, i);
            if (text.charAt(i) == ',') {
                i = JsonScanner.skipWhitespace(text, i + 1);
            }
        }
        // a name given twice counts with its last value only, as it did in a JSON-P object
        headers.forEach((name, values) -> {
            if (values == NOT_STRINGS) {
                throw new MalformedFrameException(text, "header '" + name + "' must hold strings", null);
            }
            if (values == NOT_AN_ARRAY) {
                throw new MalformedFrameException(text, "header '" + name + "' must be an array of strings", null);
            }
        });
        return headers;
    }

    /** The JSON-P name of the type of the value that starts with {@code c}, as error messages name it. */
    private static JsonValue.ValueType kind(char c) {
        return switch (c) {
            case '{' -> JsonValue.ValueType.OBJECT;
            case '[' -> JsonValue.ValueType.ARRAY;
            case '"' -> JsonValue.ValueType.STRING;
            case 't' -> JsonValue.ValueType.TRUE;
            case 'f' -> JsonValue.ValueType.FALSE;
            case 'n' -> JsonValue.ValueType.NULL;
            default -> JsonValue.ValueType.NUMBER;
        };
    }
}
