package dev.channels.api.internal;

import dev.channels.api.BodyBindException;
import jakarta.json.Json;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.stream.JsonGeneratorFactory;
import java.io.StringReader;
import java.lang.reflect.Type;
import java.util.Map;

/**
 * Shared, thread-safe JSON-P factories and the JSON-B instance. Looked up once: provider
 * lookup through the service loader is far too slow for the per-message path.
 *
 * <p>Not part of the public API.
 */
public final class JsonSupport {

    private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());
    private static final JsonGeneratorFactory GENERATORS = Json.createGeneratorFactory(Map.of());

    private JsonSupport() {
    }

    /** The shared generator factory. */
    public static JsonGeneratorFactory generators() {
        return GENERATORS;
    }

    /** Parses any JSON value; throws {@link jakarta.json.JsonException} or its subtypes on bad JSON. */
    public static JsonValue parse(String json) {
        try (JsonReader reader = READERS.createReader(new StringReader(json))) {
            return reader.readValue();
        }
    }

    /** Converts any object to a JSON value: JSON values pass through, {@code null} is JSON null. */
    public static JsonValue toJsonValue(Object value) {
        if (value == null) {
            return JsonValue.NULL;
        }
        if (value instanceof JsonValue json) {
            return json;
        }
        return parse(JsonbHolder.JSONB.toJson(value));
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
