/**
 * The channels protocol: message and error envelopes, handler and middleware types, the JSON codec
 * (also as Jakarta WebSocket encoders and decoders), standard middleware, and the per-connection
 * writer that server and client share. Depends only on the Jakarta JSON-P, JSON-B and WebSocket APIs;
 * Micrometer is optional: only {@link dev.channels.api.middleware.MicrometerMessageMetrics} needs it. It
 * knows no WebSocket runtime: a runner that can write encoded frames itself supplies a
 * {@link dev.channels.transport.RawFrameWriter.Factory}.
 */
module dev.channels.api {
    requires transitive jakarta.json;
    requires transitive jakarta.websocket.client;
    requires jakarta.json.bind;
    requires static micrometer.core;

    exports dev.channels.api;
    exports dev.channels.api.codec;
    exports dev.channels.api.middleware;
    exports dev.channels.transport;
    // the library's timer threads, one recipe for every module (not API)
    exports dev.channels.api.internal.threads to dev.channels.server, dev.channels.client, dev.channels.tyrus,
            dev.channels.redis;
}
