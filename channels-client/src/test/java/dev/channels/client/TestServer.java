package dev.channels.client;

import dev.channels.api.Message;
import java.net.URI;
import java.util.List;

/**
 * A server the client contract tests run against. It must serve {@code {base}/{channel}}, reply to
 * {@code echo} only to the sender, broadcast {@code chat} to the channel, answer {@code fail} with an
 * error envelope, ignore other types while recording them, and refuse handshakes under
 * {@link #refusingBase()}.
 */
interface TestServer extends AutoCloseable {

    /** The base URI, {@code ws://localhost:port/ws}. */
    URI base();

    /** A base URI whose handshakes the server refuses. */
    URI refusingBase();

    int port();

    /** Broadcasts {@code message} to its channel. */
    void broadcast(Message message);

    /** Sends {@code channel.closed} to the channel's members and closes their connections. */
    void closeChannel(String channelId);

    /** Closes every connection of the channel normally (1000), without any message. */
    void closeNormally(String channelId);

    /** The clientIDs of the channel's members. */
    List<String> clientIds(String channelId);

    /** Messages received from clients, with the server-assigned clientID. */
    List<Message> received();

    @Override
    void close();
}
