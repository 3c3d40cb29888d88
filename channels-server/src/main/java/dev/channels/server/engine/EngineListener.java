package dev.channels.server.engine;

import java.lang.System.Logger.Level;
import java.util.function.Consumer;

/**
 * What an engine reports to the one server it serves. Called on engine threads (the in-memory engine:
 * on the thread that published, while it keeps the channel's order); implementations return quickly,
 * never block, and never wait on an engine future from inside a callback. Whatever a callback throws
 * is the listener's bug: the engine logs it and goes on.
 *
 * @since 0.1.0
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
     * The engine lost its connection: publications and control messages may be missed until it is
     * back, and calls fail with {@link EngineUnavailableException} until {@link #onConnectionRestored}.
     * Nothing is missed silently: once connected again, the engine delivers what its streams still
     * retain and reports each subscribed channel through {@link #onChannelResumed}.
     */
    default void onConnectionLost(Throwable cause) {
    }

    /**
     * The engine is connected again, with this node's subscriptions restored;
     * {@code dataLost}: the backing store lost its data (streams will have new epochs, presence
     * entries are gone until their members are added again). {@link #onChannelResumed} follows for
     * each subscribed channel.
     */
    default void onConnectionRestored(boolean dataLost) {
    }

    /**
     * After {@link #onConnectionRestored}, once per channel this node subscribes to: the publications
     * of {@code channelId} that this node may have missed while disconnected and that the channel's
     * stream still retains have been passed to {@link #onPublication}, in offset order, and
     * {@code top} is the stream's position as read then. Called in the channel's delivery order:
     * after those publications, before any publication after {@code top}. A member that does not
     * have every offset up to {@code top} of {@code top}'s epoch has lost messages for good (the
     * epoch changed, they were trimmed); {@link StreamPosition#NONE}: the channel has no stream, so
     * what was missed cannot be known. The server closes such members so that their recovery join
     * tells them (docs/protocol.md "Clusters"). An engine that never loses its connection never calls it.
     */
    default void onChannelResumed(String channelId, StreamPosition top) {
    }

    /**
     * Makes one call into {@code listener} for an engine, on the calling engine thread: whatever the
     * call throws is the listener's bug, so it is logged at WARNING ({@code callback} and, where there is
     * one, {@code channelId}) and goes no further; the engine's thread carries on with its next event.
     * The library's engines make every listener call through it.
     *
     * @param channelId the channel the call is about, or null
     * @since 0.1.0
     */
    static void tell(EngineListener listener, String callback, String channelId, Consumer<EngineListener> call) {
        try {
            call.accept(listener);
        } catch (RuntimeException | LinkageError | AssertionError e) {
            System.getLogger(EngineListener.class.getName()).log(Level.WARNING, "engine listener " + callback
                    + " failed" + (channelId == null ? "" : " for " + channelId), e);
        }
    }
}
