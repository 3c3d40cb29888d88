package dev.channels.server;

/**
 * Which threads run a connection's worker lane (setting {@code channels.handler-workers}): the work
 * that may block when the runtime reads frames on an event loop ({@link ReadThread#EVENT_LOOP}). On a
 * runtime that reads on threads that may block ({@link ReadThread#MAY_BLOCK}) there is no lane and this
 * setting has no effect.
 *
 * @since 0.1.0
 */
public enum HandlerWorkers {

    /** Virtual threads on JDK 21 and later, else {@link #PLATFORM}. The default. */
    AUTO,

    /** A fixed pool of {@code channels.handler-pool-size} platform threads shared by every connection. */
    PLATFORM,

    /** A virtual thread for each run of a lane (not for each message); fails at start before JDK 21. */
    VIRTUAL
}
