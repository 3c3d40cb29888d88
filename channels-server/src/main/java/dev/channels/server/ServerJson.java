package dev.channels.server;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;

/**
 * The JSON-P provider of the server core, looked up once: {@code Json.create*} finds the provider
 * through the service loader on every call, far too slow for the per-message paths (presence events,
 * control messages between nodes, error and info answers). Thread-safe: the provider is.
 */
final class ServerJson {

    /** The provider, found once when this class is initialised. */
    static final JsonProvider PROVIDER = JsonProvider.provider();

    private ServerJson() {
    }

    /** A new object builder. */
    static JsonObjectBuilder objectBuilder() {
        return PROVIDER.createObjectBuilder();
    }

    /**
     * Reads {@code text} as one JSON object.
     *
     * @throws jakarta.json.JsonException when it is not one
     */
    static JsonObject readObject(String text) {
        try (JsonReader reader = PROVIDER.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
