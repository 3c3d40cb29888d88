package dev.channels.transport;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Bounds and policies of a {@link SessionWriter}.
 *
 * @param maxQueuedFrames most frames waiting to be sent (the one in flight not counted)
 * @param maxQueuedChars  most characters of text waiting to be sent
 * @param overflowPolicy  what happens to a frame that would pass a bound
 * @param sendTimeout     the container's send timeout for each frame ({@code Duration.ZERO} leaves
 *                        the container's default); a send that times out fails the writer
 * @param closeExecutor   runs {@code Session.close}, which may block on a stalled peer, away from the
 *                        caller that noticed the problem. The default is shared by every writer of the
 *                        JVM: at most {@value #SHARED_CLOSER_THREADS} daemon threads (started on demand,
 *                        ended after 30 idle seconds) and a queue of at most
 *                        {@value #SHARED_CLOSER_QUEUE} closes; beyond that the caller runs the close
 *                        itself rather than a close being lost.
 * @param rawServerFrames whether the writer may hand the runtime whole pre-encoded, unmasked frames
 *                        (one {@link OutboundText}'s bytes shared by every member of a broadcast, several
 *                        queued frames in one write) where the runtime allows it (Tyrus 2.1, no extension
 *                        negotiated); elsewhere, or with the system property
 *                        {@code channels.transport.rawFrames=false}, it uses the portable {@code sendText}.
 *                        Only a server's writer may turn it on (client frames must be masked); off by default.
 */
public record SessionWriterOptions(int maxQueuedFrames, long maxQueuedChars, OverflowPolicy overflowPolicy,
                                   Duration sendTimeout, Executor closeExecutor, boolean rawServerFrames) {

    /** Default bound on queued frames. */
    public static final int DEFAULT_MAX_QUEUED_FRAMES = 1024;
    /** Default bound on queued characters (4 Mi). */
    public static final long DEFAULT_MAX_QUEUED_CHARS = 4L * 1024 * 1024;

    /** Threads of the default close executor. */
    public static final int SHARED_CLOSER_THREADS = 2;
    /** Closes the default close executor queues before callers run them themselves. */
    public static final int SHARED_CLOSER_QUEUE = 10_000;

    private static final Executor SHARED_CLOSER = sharedCloser();

    private static Executor sharedCloser() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(SHARED_CLOSER_THREADS, SHARED_CLOSER_THREADS,
                30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(SHARED_CLOSER_QUEUE), r -> {
                    Thread t = new Thread(r, "channels-session-closer");
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Validates the values. */
    public SessionWriterOptions {
        if (maxQueuedFrames < 1 || maxQueuedChars < 1) {
            throw new IllegalArgumentException("queue bounds must be positive");
        }
        Objects.requireNonNull(overflowPolicy, "overflowPolicy");
        Objects.requireNonNull(sendTimeout, "sendTimeout");
        if (sendTimeout.isNegative()) {
            throw new IllegalArgumentException("sendTimeout must not be negative");
        }
        Objects.requireNonNull(closeExecutor, "closeExecutor");
    }

    /** Options that always use the portable {@code sendText} ({@code rawServerFrames} off). */
    public SessionWriterOptions(int maxQueuedFrames, long maxQueuedChars, OverflowPolicy overflowPolicy,
                                Duration sendTimeout, Executor closeExecutor) {
        this(maxQueuedFrames, maxQueuedChars, overflowPolicy, sendTimeout, closeExecutor, false);
    }

    /** 1024 frames, 4 Mi characters, {@link OverflowPolicy#DISCONNECT}, container's send timeout, portable sends. */
    public static SessionWriterOptions defaults() {
        return new SessionWriterOptions(DEFAULT_MAX_QUEUED_FRAMES, DEFAULT_MAX_QUEUED_CHARS,
                OverflowPolicy.DISCONNECT, Duration.ZERO, SHARED_CLOSER);
    }

    /** A copy with other queue bounds. */
    public SessionWriterOptions withBounds(int maxQueuedFrames, long maxQueuedChars) {
        return new SessionWriterOptions(maxQueuedFrames, maxQueuedChars, overflowPolicy, sendTimeout, closeExecutor, rawServerFrames);
    }

    /** A copy with another overflow policy. */
    public SessionWriterOptions withOverflowPolicy(OverflowPolicy policy) {
        return new SessionWriterOptions(maxQueuedFrames, maxQueuedChars, policy, sendTimeout, closeExecutor, rawServerFrames);
    }

    /** A copy with another send timeout. */
    public SessionWriterOptions withSendTimeout(Duration timeout) {
        return new SessionWriterOptions(maxQueuedFrames, maxQueuedChars, overflowPolicy, timeout, closeExecutor, rawServerFrames);
    }

    /** A copy with another executor for closing sessions. */
    public SessionWriterOptions withCloseExecutor(Executor executor) {
        return new SessionWriterOptions(maxQueuedFrames, maxQueuedChars, overflowPolicy, sendTimeout, executor, rawServerFrames);
    }

    /**
     * A copy that may (or may not) send pre-encoded server frames where the runtime allows it; see
     * {@code rawServerFrames}. Servers only.
     */
    public SessionWriterOptions withRawServerFrames(boolean on) {
        return new SessionWriterOptions(maxQueuedFrames, maxQueuedChars, overflowPolicy, sendTimeout, closeExecutor, on);
    }
}
