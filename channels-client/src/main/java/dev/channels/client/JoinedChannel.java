package dev.channels.client;

import java.net.URI;

/** A channel this client has joined: a live view of its connection. Safe to read from any thread. */
public interface JoinedChannel {

    /** The channel id. */
    String channelId();

    /** The URI the connection opens, {@code {base}/{channelId}?params}. */
    URI uri();

    /** The clientID from the latest {@code join.success}; it changes after each reconnect. */
    String clientId();

    /** The connection's state. */
    ChannelState state();

    /** How many times this channel has been reconnected after an abnormal close. */
    int reconnects();
}
