package dev.channels.server.engine;

/**
 * Where channels live: a {@link Broker} and a {@link PresenceManager} for one server node. A
 * {@link dev.channels.server.ChannelServer} is given one engine at build time (the default:
 * {@link InMemoryEngine#create()}), calls {@link #start} once before anything else and
 * {@link #close} when it closes. Several nodes share a channel space by sharing a cluster engine's
 * backing store (e.g. Redis), each with its own engine instance and {@link #nodeId()}.
 *
 * <p>Thread-safe. An engine serves one server.
 *
 * @since 0.1.0
 */
public interface ChannelEngine extends AutoCloseable {

    /** This node's id: unique among the nodes that share the engine's store; stable for the engine's life. */
    String nodeId();

    /**
     * Connects (when there is something to connect to) and starts reporting to {@code listener}.
     * Called once.
     *
     * @throws EngineUnavailableException when the engine cannot start
     * @throws IllegalStateException      when called twice
     */
    void start(EngineListener listener);

    /** The broker: publications, subscriptions, streams, control messages. */
    Broker broker();

    /** The presence manager: members of each channel on every node. */
    PresenceManager presence();

    /** Whether the engine is connected now: while false, calls fail with {@link EngineUnavailableException}. */
    boolean isAvailable();

    /**
     * Whether every future this engine returns is complete when it is returned (the in-memory engine):
     * then the server may wait for one on an event-loop thread, since the wait costs nothing. Default
     * {@code false} (a cluster engine answers over the network): on an event-loop runtime the server
     * then does everything that waits for the engine on the connection's worker lane.
     */
    default boolean answersAtOnce() {
        return false;
    }

    /**
     * How many times this engine found its delivery silent (connected and answering, yet its
     * publications no longer arriving: a cluster engine's delivery probe did not come back) and
     * repaired it; published as metric {@code channels.server.engine.delivery.stalls}. An engine that
     * does not probe answers 0.
     *
     * @since 0.1.0
     */
    default long deliveryStalls() {
        return 0;
    }

    /** Disconnects and releases everything; later calls fail with {@link EngineUnavailableException}. Idempotent. */
    @Override
    void close();
}
