package dev.channels.server;

import dev.channels.api.Message;

/**
 * The one path by which messages leave the server for clients. The local implementation writes to
 * this node's connections; a cluster engine can implement it to carry messages between nodes too.
 * Implementations encode a message once however many members receive it, never block on a
 * client, and are thread-safe.
 */
interface Fanout {

    /** Sends {@code message} to every member of {@code channelId}; returns how many members it was queued for. */
    int toChannel(String channelId, Message message);

    /** Sends {@code message} to client {@code clientId}; returns whether it was queued. */
    boolean toClient(String clientId, Message message);
}
