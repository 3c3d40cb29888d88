package dev.channels.server.engine;

import java.util.concurrent.CompletableFuture;

/**
 * Carries publications to every node that subscribes to their channel, numbers them in the
 * channel's stream and keeps their history (Centrifugo's {@code Broker}).
 *
 * <p>Guarantees every implementation gives (the contract tests check each):
 * <ul>
 *   <li><b>Thread-safety</b>: every method may be called from any thread, concurrently.</li>
 *   <li><b>Numbering</b>: with a stream ({@link StreamOptions#enabled()}), a channel's publications
 *       get offsets 1, 2, 3, ... with no gap and no repeat, in the order the engine accepted them;
 *       numbering and storing happen in one atomic step, so history and delivery never disagree.</li>
 *   <li><b>Delivery</b>: each accepted publication reaches {@link EngineListener#onPublication} once
 *       on every node that is subscribed to its channel when it is accepted, in offset order per
 *       channel, never two of one channel at the same time. Publications without a stream are
 *       delivered in the order they were accepted, relative to the other publications of their channel.
 *       Across a lost connection too: once connected again, the engine passes on what this node
 *       missed and the stream still retains, before any newer publication of the channel, and then
 *       reports the channel's stream position ({@link EngineListener#onChannelResumed}); what is gone
 *       for good is never skipped silently.</li>
 *   <li><b>Failure</b>: a future failed with {@link EngineUnavailableException} means nothing
 *       happened; any other exception is a bug of the caller (bad argument) or of the engine.</li>
 * </ul>
 *
 * @since 0.1.0
 */
public interface Broker {

    /**
     * Publishes {@code data} to {@code channelId}: numbers and stores it when {@code stream} is
     * enabled (trimming the history to {@code stream.historySize()}), then delivers it to every
     * subscribed node. Completes with the publication's position ({@link StreamPosition#NONE} when
     * {@code stream} is {@link StreamOptions#OFF}) once it is accepted; the in-memory engine has
     * also delivered it to the listener by then. A channel nobody subscribes to is still numbered
     * and stored.
     */
    CompletableFuture<StreamPosition> publish(String channelId, String data, StreamOptions stream);

    /**
     * {@link #publish(String, String, StreamOptions)} with an id that makes it idempotent: with a stream,
     * a publication of {@code channelId} with the {@code publishId} and the {@code data} of one the engine
     * has stored recently is not stored or delivered again, and the call completes with the position of
     * the first one (the same id with other data is another publication) (an engine
     * that re-sends a command after a reconnect relies on it; a caller that retries a publish whose
     * outcome it does not know may too). Without a stream the id is not looked at. The default (an
     * engine that never re-sends) ignores the id.
     *
     * @param publishId unique per publication, e.g. the message's {@code messageId}
     * @since 0.1.0
     */
    default CompletableFuture<StreamPosition> publish(String channelId, String data, StreamOptions stream,
                                                      String publishId) {
        return publish(channelId, data, stream);
    }

    /**
     * Makes this node receive the publications of {@code channelId}. Subscriptions are counted: the
     * node receives them while it has made more {@code subscribe} than {@link #unsubscribe} calls for
     * the channel, and the calls of one channel take effect in the order they were made. Completes
     * once every publication accepted after completion will be delivered here: a caller that then
     * reads {@link #history} sees every publication it will not receive live.
     */
    CompletableFuture<Void> subscribe(String channelId);

    /** Undoes one {@link #subscribe}; the last one stops delivery of {@code channelId} to this node. */
    CompletableFuture<Void> unsubscribe(String channelId);

    /**
     * The stream of {@code channelId}: its top position and the retained publications with offsets
     * after {@code since}, oldest first, at most {@code limit} of them (the oldest). A channel with no
     * stream (never used, or expired) gets a new one: a new epoch at offset 0, created with
     * {@code stream}'s TTL; with {@link StreamOptions#OFF} none is created and the top is
     * {@link StreamPosition#NONE}. Never trims or changes the stream otherwise (retained publications
     * past their TTL are simply not returned).
     *
     * @throws IllegalArgumentException (in the future) when {@code since} or {@code limit} is negative
     */
    CompletableFuture<History> history(String channelId, long since, int limit, StreamOptions stream);

    /**
     * The newest end of the stream of {@code channelId}, for reading it backwards (a "load older
     * messages" page): its top position and the newest retained publications with offsets below
     * {@code before} ({@code 0}: below none, so the newest of all), at most {@code limit} of them,
     * returned <b>oldest first</b> like {@link #history} (the caller reverses them for newest-first).
     * Creates the stream as {@link #history} does and otherwise never changes it.
     *
     * <p>The default reads the whole retained history through {@link #history} and keeps its end: correct
     * for any broker, but each call costs the whole history; a broker that can read a stream from its end
     * (the in-memory and Redis engines do) overrides it so a call costs {@code limit} publications.
     *
     * @throws IllegalArgumentException (in the future) when {@code before} or {@code limit} is negative
     * @since 0.1.0
     */
    default CompletableFuture<History> historyBefore(String channelId, long before, int limit, StreamOptions stream) {
        if (before < 0 || limit < 0) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "before and limit must not be negative: " + before + ", " + limit));
        }
        return history(channelId, 0, Integer.MAX_VALUE, stream).thenApply(all -> History.newestBelow(all, before, limit));
    }

    /** The stream's top position, creating the stream as {@link #history} does: {@code history(channelId, top, 0)}. */
    CompletableFuture<StreamPosition> position(String channelId, StreamOptions stream);

    /**
     * Forgets the stream of {@code channelId} (the channel was closed on purpose): the next use starts
     * a new epoch at offset 0. Publications accepted before completion are not delivered afterwards.
     */
    CompletableFuture<Void> removeStream(String channelId);

    /**
     * Sends a node-level control message (the server encodes it: close a channel everywhere, deliver
     * to a client on its node, hand a broadcast-and-await reply to the waiting node) to node
     * {@code nodeId}, or to every node including this one when {@code nodeId} is null. Delivered
     * through {@link EngineListener#onControl} at most once per node, in the order sent by one node
     * to one node; a node that is not connected then misses it (and is told through
     * {@link EngineListener#onConnectionLost}).
     */
    CompletableFuture<Void> sendControl(String nodeId, String data);
}
