/**
 * The channel server: a portable Jakarta WebSocket endpoint ({@link dev.channels.server.ChannelServer})
 * that any container, or the standalone runner of {@code dev.channels.tyrus}, serves.
 */
module dev.channels.server {
    requires transitive dev.channels.api;
    requires transitive jakarta.websocket;

    exports dev.channels.server;
    exports dev.channels.server.engine;
}
