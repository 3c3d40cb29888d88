package dev.channels.transport;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Bounds and policies of a {@link SessionWriter}.
 *
 * @param maxQueuedFrames most frames waiting to be sent (the one in flight not counted)
 * @param maxQueuedChars  most characters of text waiting to be sent
 * @param overflowPolicy  what happens to a frame that would pass a bound
 * @param sendTimeout     the container's send timeout for each frame ({@code Duration.ZERO} leaves
 *                        the container's default); a send that times out fails the writer
 * @param closeExecutor   runs {@code Session.close}, which may block on a stalled peer, away from the
 *                        caller that noticed the problem
 */
public record SessionWriterOptions(int maxQueuedFrames, long maxQueuedChars, OverflowPolicy overflowPolicy,
                                   Duration sendTimeout, Executor closeExecutor) {

    /** Default bound on queued frames. */
    public static final int DEFAULT_MAX_QUEUED_FRAMES = 1024;
    /** Default bound on queued characters (4 Mi). */
    public static final long DEFAULT_MAX_QUEUED_CHARS = 4L * 1024 * 1024;

    private static final ExecutorService SHARED_CLOSER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "channels-session-closer");
        t.setDaemon(true);
        return t;
    });

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

    /** 1024 frames, 4 Mi characters, {@link OverflowPolicy#DISCONNECT}, container's send timeout. */
    public static SessionWriterOptions defaults() {
        return new SessionWriterOptions(DEFAULT_MAX_QUEUED_FRAMES, DEFAULT_MAX_QUEUED_CHARS,
                OverflowPolicy.DISCONNECT, Duration.ZERO, SHARED_CLOSER);
    }

    /** A copy with other queue bounds. */
    public SessionWriterOptions withBounds(int maxQueuedFrames, long maxQueuedChars) {
        return new SessionWriterOptions(maxQueuedFrames, maxQueuedChars, overflowPolicy, sendTimeout, closeExecutor);
    }

    /** A copy with another overflow policy. */
    public SessionWriterOptions withOverflowPolicy(OverflowPolicy policy) {
        return new SessionWriterOptions(maxQueuedFrames, maxQueuedChars, policy, sendTimeout, closeExecutor);
    }

    /** A copy with another send timeout. */
    public SessionWriterOptions withSendTimeout(Duration timeout) {
        return new SessionWriterOptions(maxQueuedFrames, maxQueuedChars, overflowPolicy, timeout, closeExecutor);
    }

    /** A copy with another executor for closing sessions. */
    public SessionWriterOptions withCloseExecutor(Executor executor) {
        return new SessionWriterOptions(maxQueuedFrames, maxQueuedChars, overflowPolicy, sendTimeout, executor);
    }
}
