package dev.channels.api.internal;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.List;
import java.util.Set;

/**
 * JSON values that keep the exact text they were read from: a message body as the raw slice of its
 * frame. {@link Object#toString()} is that text, so writing the value again copies it byte for byte
 * ({@code 1e2} stays {@code 1e2}, {@code -0} stays {@code -0}, {@code "&#92;u00e9"} keeps its escape),
 * and a handler that echoes {@code msg.body()} sends what the client sent. Everything else
 * (reading keys, elements, numbers, equality) goes to a JSON-P tree parsed from the text on first
 * use, so a value that no one looks into is never parsed into a tree.
 *
 * <p>The lazily parsed tree is published through a volatile field; two threads may both parse it
 * at once, harmlessly (the trees are immutable and equal). Equality and hash codes are those of
 * the tree, so a raw value equals the JSON-P value of the same JSON.
 *
 * <p>Not part of the public API.
 *
 * @since 0.1.0
 */
public final class RawJson {

    private RawJson() {
    }

    /**
     * The value of {@code text}, which must be one JSON value; throws
     * {@link JsonScanner.JsonSyntaxException} if it is not. Whitespace around the value is dropped.
     */
    public static JsonValue parse(String text) {
        int start = JsonScanner.checkSingleValue(text);
        int end = text.length();
        while (end > start && isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        return ofChecked(start == 0 && end == text.length() ? text : text.substring(start, end));
    }

    /** The value of {@code text}, which is exactly one JSON value that passed {@link JsonScanner}. */
    public static JsonValue ofChecked(String text) {
        switch (text.charAt(0)) {
            case '{':
                return new RawObject(text);
            case '[':
                return new RawArray(text);
            case '"':
                return new RawString(text);
            case 't':
                return JsonValue.TRUE;
            case 'f':
                return JsonValue.FALSE;
            case 'n':
                return JsonValue.NULL;
            default:
                return new RawNumber(text);
        }
    }

    /** The JSON text of {@code value}: the raw text for a raw value, else JSON-P's. */
    public static String text(JsonValue value) {
        return value.toString();
    }

    /** Whether {@code value} is a raw value (its text is the one it was read from). */
    public static boolean isRaw(JsonValue value) {
        return value instanceof RawObject || value instanceof RawArray || value instanceof RawString
                || value instanceof RawNumber;
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }

    private static JsonValue tree(String text) {
        return JsonSupport.parse(text);
    }

    /** A raw JSON object. */
    private static final class RawObject extends AbstractMap<String, JsonValue> implements JsonObject {
        private final String text;
        private volatile JsonObject tree;

        RawObject(String text) {
            this.text = text;
        }

        private JsonObject tree() {
            JsonObject t = tree;
            if (t == null) {
                t = RawJson.tree(text).asJsonObject();
                tree = t;
            }
            return t;
        }

        @Override
        public Set<Entry<String, JsonValue>> entrySet() {
            return tree().entrySet();
        }

        @Override
        public JsonValue get(Object key) {
            return tree().get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return tree().containsKey(key);
        }

        @Override
        public int size() {
            return tree().size();
        }

        @Override
        public JsonArray getJsonArray(String name) {
            return tree().getJsonArray(name);
        }

        @Override
        public JsonObject getJsonObject(String name) {
            return tree().getJsonObject(name);
        }

        @Override
        public JsonNumber getJsonNumber(String name) {
            return tree().getJsonNumber(name);
        }

        @Override
        public JsonString getJsonString(String name) {
            return tree().getJsonString(name);
        }

        @Override
        public String getString(String name) {
            return tree().getString(name);
        }

        @Override
        public String getString(String name, String defaultValue) {
            return tree().getString(name, defaultValue);
        }

        @Override
        public int getInt(String name) {
            return tree().getInt(name);
        }

        @Override
        public int getInt(String name, int defaultValue) {
            return tree().getInt(name, defaultValue);
        }

        @Override
        public boolean getBoolean(String name) {
            return tree().getBoolean(name);
        }

        @Override
        public boolean getBoolean(String name, boolean defaultValue) {
            return tree().getBoolean(name, defaultValue);
        }

        @Override
        public boolean isNull(String name) {
            return tree().isNull(name);
        }

        @Override
        public ValueType getValueType() {
            return ValueType.OBJECT;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** A raw JSON array. */
    private static final class RawArray extends AbstractList<JsonValue> implements JsonArray {
        private final String text;
        private volatile JsonArray tree;

        RawArray(String text) {
            this.text = text;
        }

        private JsonArray tree() {
            JsonArray t = tree;
            if (t == null) {
                t = RawJson.tree(text).asJsonArray();
                tree = t;
            }
            return t;
        }

        @Override
        public JsonValue get(int index) {
            return tree().get(index);
        }

        @Override
        public int size() {
            return tree().size();
        }

        @Override
        public JsonObject getJsonObject(int index) {
            return tree().getJsonObject(index);
        }

        @Override
        public JsonArray getJsonArray(int index) {
            return tree().getJsonArray(index);
        }

        @Override
        public JsonNumber getJsonNumber(int index) {
            return tree().getJsonNumber(index);
        }

        @Override
        public JsonString getJsonString(int index) {
            return tree().getJsonString(index);
        }

        @Override
        public <T extends JsonValue> List<T> getValuesAs(Class<T> clazz) {
            return tree().getValuesAs(clazz);
        }

        @Override
        public String getString(int index) {
            return tree().getString(index);
        }

        @Override
        public String getString(int index, String defaultValue) {
            return tree().getString(index, defaultValue);
        }

        @Override
        public int getInt(int index) {
            return tree().getInt(index);
        }

        @Override
        public int getInt(int index, int defaultValue) {
            return tree().getInt(index, defaultValue);
        }

        @Override
        public boolean getBoolean(int index) {
            return tree().getBoolean(index);
        }

        @Override
        public boolean getBoolean(int index, boolean defaultValue) {
            return tree().getBoolean(index, defaultValue);
        }

        @Override
        public boolean isNull(int index) {
            return tree().isNull(index);
        }

        @Override
        public ValueType getValueType() {
            return ValueType.ARRAY;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** A raw JSON string; its text is decoded on first use. */
    private static final class RawString implements JsonString {
        private final String text;
        private volatile String value;

        RawString(String text) {
            this.text = text;
        }

        @Override
        public String getString() {
            String v = value;
            if (v == null) {
                v = JsonScanner.decodeString(text, 0, text.length());
                value = v;
            }
            return v;
        }

        @Override
        public CharSequence getChars() {
            return getString();
        }

        @Override
        public ValueType getValueType() {
            return ValueType.STRING;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof JsonString s && getString().equals(s.getString());
        }

        @Override
        public int hashCode() {
            return getString().hashCode();
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /**
     * A raw JSON number; its value is JSON-P's, parsed on first use (so JSON-P's limits on scale
     * apply to {@link #bigIntegerValue()} as they do to a number in a tree).
     */
    private static final class RawNumber implements JsonNumber {
        private final String text;
        private volatile JsonNumber tree;

        RawNumber(String text) {
            this.text = text;
        }

        private JsonNumber tree() {
            JsonNumber t = tree;
            if (t == null) {
                t = (JsonNumber) RawJson.tree(text);
                tree = t;
            }
            return t;
        }

        @Override
        public BigDecimal bigDecimalValue() {
            return tree().bigDecimalValue();
        }

        @Override
        public boolean isIntegral() {
            return tree().isIntegral();
        }

        @Override
        public int intValue() {
            return tree().intValue();
        }

        @Override
        public int intValueExact() {
            return tree().intValueExact();
        }

        @Override
        public long longValue() {
            return tree().longValue();
        }

        @Override
        public long longValueExact() {
            return tree().longValueExact();
        }

        @Override
        public BigInteger bigIntegerValue() {
            return tree().bigIntegerValue();
        }

        @Override
        public BigInteger bigIntegerValueExact() {
            return tree().bigIntegerValueExact();
        }

        @Override
        public double doubleValue() {
            return tree().doubleValue();
        }

        @Override
        public Number numberValue() {
            return tree().numberValue();
        }

        @Override
        public ValueType getValueType() {
            return ValueType.NUMBER;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof JsonNumber n && bigDecimalValue().equals(n.bigDecimalValue());
        }

        @Override
        public int hashCode() {
            return tree().hashCode();
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
