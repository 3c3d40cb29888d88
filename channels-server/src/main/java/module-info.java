/**
 * The channel server: a portable Jakarta WebSocket endpoint ({@link dev.channels.server.ChannelServer})
 * that any container, or the standalone runner of {@code dev.channels.tyrus}, serves; and the engine
 * SPI ({@code dev.channels.server.engine}) where channels, streams and presence live. Micrometer is
 * optional: only {@link dev.channels.server.metrics.ChannelServerMetrics} needs it.
 */
module dev.channels.server {
    requires transitive dev.channels.api;
    requires transitive jakarta.websocket;
    requires static micrometer.core;
    // optional, like Micrometer: only ChannelTracing's OpenTelemetry implementation uses it, when present
    // (both are automatic modules: a hard requires would keep every jlink image of an application out)
    requires static io.opentelemetry.api;
    requires static io.opentelemetry.context;

    exports dev.channels.server;
    exports dev.channels.server.engine;
    exports dev.channels.server.metrics;
    // what both standalone runners (Tyrus, Jetty) do alike on the socket: not API
    exports dev.channels.server.runner to dev.channels.tyrus, dev.channels.jetty;

    // setting channels.engine.uri: cluster engines provide a factory per URI scheme (channels-redis: redis, rediss)
    uses dev.channels.server.engine.ChannelEngineFactory;
}
