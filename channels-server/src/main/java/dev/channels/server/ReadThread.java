package dev.channels.server;

/**
 * What kind of thread a runtime delivers inbound frames on, as its runner declares it with
 * {@link ChannelServer#readThread(ReadThread)}: it decides where the server runs work that may block
 * (a handler not declared non-blocking, a wait for a remote engine).
 *
 * @since 0.1.0
 */
public enum ReadThread {

    /**
     * A pooled container thread that may block without stalling other connections (Tyrus's worker
     * threads, Jetty's pool, an application server's): everything runs on it, in order. The default.
     */
    MAY_BLOCK,

    /**
     * A selector (event-loop) thread shared by many connections: only non-blocking work runs on it;
     * work that may block goes to the connection's own worker lane, in order.
     */
    EVENT_LOOP
}
