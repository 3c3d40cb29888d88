package dev.channels.bench.driver;

import java.net.URI;

/**
 * How a target frames what the driver sends and receives over its WebSocket.
 * <ul>
 *   <li>{@link #CHANNELS}: one text frame per channels envelope; the channel is the last path segment;
 *       a {@code join.success} (ours) or {@code joined} (raw) frame says the connection joined.</li>
 *   <li>{@link #SOCKET_IO}: Engine.IO v4 / Socket.IO v5 over a plain WebSocket (no polling): the server
 *       opens with {@code 0{...}}, the driver connects the default namespace with {@code 40}, events
 *       are {@code 42["name",data]}, the server pings with {@code 2} and the driver answers {@code 3}.
 *       The channel is the {@code channel} query parameter (the server joins that room and emits
 *       {@code joined}).</li>
 *   <li>{@link #SESSION}: a channels session (docs/protocol.md, "sessions"): the connection opens the base
 *       path itself ({@code ws://host:port/ws}), the server's first frame is {@code session.ready}, the
 *       driver then sends one {@code channel.join} per channel and every message names its channel in
 *       {@code channelId}; the frames are otherwise those of {@link #CHANNELS}.</li>
 * </ul>
 * Either way the body is the same {@code {"seq":n,"t":nanos,"pad":"..."}} and the driver reads
 * {@code seq} and {@code t} from it the same way ({@link Frames}).
 */
enum Wire {
    CHANNELS,
    SOCKET_IO,
    SESSION;

    /** The WebSocket URI of {@code channel} at {@code path} on the server at {@code baseUrl} ({@code ws://host:port}). */
    URI uri(String baseUrl, String path, String channel) {
        if (this == SOCKET_IO) {
            return URI.create(baseUrl + "/socket.io/?EIO=4&transport=websocket&channel=" + channel);
        }
        if (this == SESSION) {
            return URI.create(baseUrl + path); // the channel is joined over the session, not named in the URI
        }
        return URI.create(baseUrl + path + channel);
    }
}
