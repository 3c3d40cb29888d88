package dev.channels.api.internal;

import dev.channels.api.BodyBindException;
import jakarta.json.Json;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.stream.JsonGeneratorFactory;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.lang.reflect.Type;
import java.util.Map;

/**
 * Shared, thread-safe JSON-P factories and the JSON-B instance. Looked up once: provider
 * lookup through the service loader is far too slow for the per-message path.
 *
 * <p>Not part of the public API.
 *
 * @since 0.1.0
 */
public final class JsonSupport {

    private static final JsonParserFactory PARSERS = Json.createParserFactory(Map.of());
    private static final JsonGeneratorFactory GENERATORS = Json.createGeneratorFactory(Map.of());
    private static final JsonBuilderFactory BUILDERS = Json.createBuilderFactory(Map.of());

    private JsonSupport() {
    }

    /** A new object builder, from the shared builder factory. */
    public static JsonObjectBuilder objectBuilder() {
        return BUILDERS.createObjectBuilder();
    }

    /** The shared generator factory. */
    public static JsonGeneratorFactory generators() {
        return GENERATORS;
    }

    /**
     * Parses exactly one JSON value (surrounding whitespace allowed); throws
     * {@link jakarta.json.JsonException} or its subtypes on bad JSON, on empty text, and on anything
     * after the value (as Go's {@code json.Unmarshal} does: {@code {} {}} is not one frame).
     */
    public static JsonValue parse(String json) {
        try (JsonParser parser = PARSERS.createParser(new StringReader(json))) {
            if (!parser.hasNext()) {
                throw new JsonParsingException("no JSON value in the text", parser.getLocation());
            }
            parser.next();
            JsonValue value = parser.getValue();
            if (parser.hasNext()) {
                throw new JsonParsingException("unexpected text after the JSON value", parser.getLocation());
            }
            return value;
        }
    }

    /**
     * Converts any object to a JSON value: JSON values pass through, {@code null} is JSON null, and
     * anything else is JSON-B's text of it, kept raw (see {@link RawJson}): checked, not parsed.
     */
    public static JsonValue toJsonValue(Object value) {
        if (value == null) {
            return JsonValue.NULL;
        }
        if (value instanceof JsonValue json) {
            return json;
        }
        return RawJson.parse(JsonbHolder.JSONB.toJson(value));
    }

    /** Binds {@code json} to {@code type} with JSON-B; {@code what} names the value in errors. */
    public static <T> T bind(JsonValue json, Type type, String what) {
        if (json == null || json.getValueType() == JsonValue.ValueType.NULL) {
            throw new BodyBindException(what + " is empty: nothing to bind to " + type.getTypeName(), null);
        }
        try {
            return JsonbHolder.JSONB.fromJson(json.toString(), type);
        } catch (RuntimeException e) {
            throw new BodyBindException("cannot bind " + what + " to " + type.getTypeName() + ": " + e.getMessage(), e);
        }
    }

    /** Lazily created so that the codec works without a JSON-B provider until a body is bound. */
    private static final class JsonbHolder {
        static final Jsonb JSONB = JsonbBuilder.create();
    }
}
