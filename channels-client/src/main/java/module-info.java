/**
 * The channel client for Java ({@link dev.channels.client.ChannelClient}), on the Tyrus WebSocket
 * client.
 */
module dev.channels.client {
    requires transitive dev.channels.api;
    requires org.glassfish.tyrus.client;
    requires org.glassfish.tyrus.core;

    exports dev.channels.client;
}
