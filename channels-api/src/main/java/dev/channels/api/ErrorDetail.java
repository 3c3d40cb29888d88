package dev.channels.api;

import dev.channels.api.internal.JsonSupport;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The default body of an error envelope: {@code {"title":..,"description":..,"errCode":..}}.
 *
 * <p>We write the keys in lower camel case; {@link #fromJson(JsonValue)} reads them in any letter
 * case, because the Go server writes {@code Title}, {@code Description}, {@code ErrCode}.
 *
 * @param title       short summary, e.g. {@code "unexpected server error"}
 * @param description what went wrong
 * @param errCode     an HTTP-like code as a string, e.g. {@code "500"}, {@code "400"}
 *
 * @since 0.1.0
 */
public record ErrorDetail(String title, String description, String errCode) {

    /** Normalises {@code null} components to empty strings. */
    public ErrorDetail {
        title = title == null ? "" : title;
        description = description == null ? "" : description;
        errCode = errCode == null ? "" : errCode;
    }

    /** The detail the default server error handler sends for an unexpected failure. */
    public static ErrorDetail unexpected(String description) {
        return new ErrorDetail("unexpected server error", description, "500");
    }

    /** The detail sent for a frame that could not be read (errCode {@code "400"}). */
    public static ErrorDetail badRequest(String description) {
        return new ErrorDetail("bad request", description, "400");
    }

    /** The detail sent for a message whose type has no handler (errCode {@code "404"}). */
    public static ErrorDetail noHandler(String type) {
        return new ErrorDetail("not found", "no handler for type " + type, "404");
    }

    /** The detail sent for a message over the connection's rate limit (errCode {@code "429"}). */
    public static ErrorDetail tooManyRequests(String description) {
        return new ErrorDetail("too many requests", description, "429");
    }

    /** This detail as the JSON object written on the wire. */
    public JsonObject toJson() {
        return JsonSupport.objectBuilder()
                .add("title", title)
                .add("description", description)
                .add("errCode", errCode)
                .build();
    }

    /**
     * Reads an error detail object whose keys may be in any letter case; missing keys become
     * empty strings. Empty when {@code json} is not an object.
     */
    public static Optional<ErrorDetail> fromJson(JsonValue json) {
        if (json == null || json.getValueType() != JsonValue.ValueType.OBJECT) {
            return Optional.empty();
        }
        String title = "";
        String description = "";
        String errCode = "";
        for (Map.Entry<String, JsonValue> e : json.asJsonObject().entrySet()) {
            String text = e.getValue() instanceof JsonString s ? s.getString()
                    : e.getValue().getValueType() == JsonValue.ValueType.NULL ? "" : e.getValue().toString();
            switch (e.getKey().toLowerCase(Locale.ROOT)) {
                case "title" -> title = text;
                case "description" -> description = text;
                case "errcode" -> errCode = text;
                default -> { }
            }
        }
        return Optional.of(new ErrorDetail(title, description, errCode));
    }
}
