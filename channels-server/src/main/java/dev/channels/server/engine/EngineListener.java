package dev.channels.server.engine;

/**
 * What an engine reports to the one server it serves. Called on engine threads (the in-memory engine:
 * on the thread that published, while it keeps the channel's order); implementations return quickly,
 * never block, and never wait on an engine future from inside a callback. Whatever a callback throws
 * is the listener's bug: the engine logs it and goes on.
 */
public interface EngineListener {

    /**
     * A publication of a channel this node subscribes to. Called once per publication, in offset
     * order per channel, never concurrently for one channel.
     */
    void onPublication(Publication publication);

    /** A control message sent to this node, or to every node ({@link Broker#sendControl}). */
    void onControl(String data);

    /**
     * The engine lost its connection: publications and control messages may have been missed since,
     * and calls fail with {@link EngineUnavailableException} until {@link #onConnectionRestored}.
     * The server closes the connections whose channels may have missed messages, so that they
     * rejoin with recovery (docs/protocol.md "Clusters": no silent loss).
     */
    default void onConnectionLost(Throwable cause) {
    }

    /**
     * The engine is connected again, with this node's subscriptions restored;
     * {@code dataLost}: the backing store lost its data (streams will have new epochs).
     */
    default void onConnectionRestored(boolean dataLost) {
    }
}
