/**
 * The channels protocol: message and error envelopes, handler and middleware types, the JSON codec
 * (also as Jakarta WebSocket encoders and decoders), standard middleware, and the per-connection
 * writer that server and client share. Micrometer is optional: only
 * {@link dev.channels.api.middleware.MicrometerMessageMetrics} needs it. Grizzly is optional too: only
 * the writer's raw frames on Tyrus's Grizzly container use it, when it is there.
 */
module dev.channels.api {
    requires transitive jakarta.json;
    requires transitive jakarta.websocket.client;
    requires jakarta.json.bind;
    requires static micrometer.core;
    requires static org.glassfish.grizzly;

    exports dev.channels.api;
    exports dev.channels.api.codec;
    exports dev.channels.api.middleware;
    exports dev.channels.transport;
}
