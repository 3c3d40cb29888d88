package dev.channels.api;

/**
 * Where a server may run a handler: the model of Quarkus WebSockets Next. A server whose runtime
 * reads frames on an event loop (a selector thread shared by many connections) runs a
 * {@link #NON_BLOCKING} handler on that thread, inline, and hands a {@link #BLOCKING} one to the
 * connection's worker lane (a pooled worker or, on JDK 21+, a virtual thread), in order. A runtime
 * that reads on threads that may block (Jetty, application servers) runs both inline.
 *
 * <p>A plain {@link Handler} is {@link #BLOCKING} unless declared otherwise with
 * {@link Handler#nonBlocking(Handler)}: code that may block (JDBC, a remote call, a lock) then never
 * stalls the other connections of a selector thread by mistake, and the safe default costs one
 * hand-off per message only where the runtime reads on an event loop. An {@link AsyncHandler},
 * which returns a {@code CompletionStage}, is {@link #NON_BLOCKING} by its signature.
 *
 * @since 0.1.0
 */
public enum Execution {

    /** May block: on an event-loop runtime it runs on the connection's worker lane. The default of a {@link Handler}. */
    BLOCKING,

    /** Never blocks: it runs on the thread that read its frame. The default of an {@link AsyncHandler}. */
    NON_BLOCKING
}
