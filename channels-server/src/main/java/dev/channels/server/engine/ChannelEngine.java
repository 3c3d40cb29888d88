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

    /** Disconnects and releases everything; later calls fail with {@link EngineUnavailableException}. Idempotent. */
    @Override
    void close();
}
