package dev.channels.server;

/**
 * Tells the server when the bytes of the inbound frame it is handling arrived, so that each
 * connection's {@link RateLimit} is charged at arrival rather than when the server gets round to the
 * frame. A runner that reads the socket itself supplies one through
 * {@link ChannelServer#endpointConfig(ArrivalClock)}; any other container gets {@link #HANDLING_TIME}.
 *
 * <p>Threads: {@link #arrivalNanos()} is called on the container thread that delivers the frame to the
 * endpoint's message handler, during that call; an implementation typically answers from state that
 * the runner set on that same thread around handing the read's bytes to the frame parser (a
 * thread-local), and must answer {@link System#nanoTime()} when it knows nothing better. It must be
 * cheap, never block and never throw.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ArrivalClock {

    /** The clock of runtimes that say nothing about arrival: the time the frame is handled. */
    ArrivalClock HANDLING_TIME = System::nanoTime;

    /**
     * When the bytes of the frame being delivered on the calling thread arrived, on the scale of
     * {@link System#nanoTime()}; never later than now.
     */
    long arrivalNanos();
}
