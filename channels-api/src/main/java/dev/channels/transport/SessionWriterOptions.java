package dev.channels.transport;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Bounds and policies of a {@link SessionWriter}: immutable, made by a {@link Builder} whose every
 * setting has a default ({@link #defaults()} is a builder's {@code build()} with nothing set).
 *
 * <pre>{@code
 * SessionWriterOptions options = SessionWriterOptions.builder()
 *         .bounds(256, 1_000_000)
 *         .overflowPolicy(OverflowPolicy.DROP)
 *         .build();
 * SessionWriterOptions slower = options.mutate().sendTimeout(Duration.ofSeconds(30)).build();
 * }</pre>
 *
 * <p>Thread-safety: instances are immutable and may be shared by any number of writers; a builder is
 * not thread-safe.
 *
 * @since 0.1.0
 */
public final class SessionWriterOptions {

    /** Default bound on queued frames. */
    public static final int DEFAULT_MAX_QUEUED_FRAMES = 1024;
    /** Default bound on queued characters (4 Mi). */
    public static final long DEFAULT_MAX_QUEUED_CHARS = 4L * 1024 * 1024;
    /** Default overflow policy: close the connection with 1013. */
    public static final OverflowPolicy DEFAULT_OVERFLOW_POLICY = OverflowPolicy.DISCONNECT;
    /** Default send timeout: {@code Duration.ZERO}, the container's own. */
    public static final Duration DEFAULT_SEND_TIMEOUT = Duration.ZERO;

    /** Threads of the default close executor. */
    public static final int SHARED_CLOSER_THREADS = 2;
    /** Closes the default close executor queues before callers run them themselves. */
    public static final int SHARED_CLOSER_QUEUE = 10_000;

    private static final Executor SHARED_CLOSER = sharedCloser();
    private static final SessionWriterOptions DEFAULTS = new Builder().build();

    private final int maxQueuedFrames;
    private final long maxQueuedChars;
    private final OverflowPolicy overflowPolicy;
    private final Duration sendTimeout;
    private final Executor closeExecutor;

    private SessionWriterOptions(Builder b) {
        this.maxQueuedFrames = b.maxQueuedFrames;
        this.maxQueuedChars = b.maxQueuedChars;
        this.overflowPolicy = b.overflowPolicy;
        this.sendTimeout = b.sendTimeout;
        this.closeExecutor = b.closeExecutor;
    }

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

    /**
     * {@value #DEFAULT_MAX_QUEUED_FRAMES} frames, 4 Mi characters, {@link OverflowPolicy#DISCONNECT},
     * the container's send timeout, the shared close executor.
     */
    public static SessionWriterOptions defaults() {
        return DEFAULTS;
    }

    /** A builder with every setting at its default. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from these options. */
    public Builder mutate() {
        Builder b = new Builder();
        b.maxQueuedFrames = maxQueuedFrames;
        b.maxQueuedChars = maxQueuedChars;
        b.overflowPolicy = overflowPolicy;
        b.sendTimeout = sendTimeout;
        b.closeExecutor = closeExecutor;
        return b;
    }

    /** Most frames waiting to be sent (the one in flight not counted). */
    public int maxQueuedFrames() {
        return maxQueuedFrames;
    }

    /** Most characters of text waiting to be sent. */
    public long maxQueuedChars() {
        return maxQueuedChars;
    }

    /** What happens to a frame that would pass a bound. */
    public OverflowPolicy overflowPolicy() {
        return overflowPolicy;
    }

    /**
     * The container's send timeout for each frame ({@code Duration.ZERO} leaves the container's
     * default); a send that times out fails the writer.
     */
    public Duration sendTimeout() {
        return sendTimeout;
    }

    /** Runs {@code Session.close}, which may block on a stalled peer, away from the caller that noticed the problem. */
    public Executor closeExecutor() {
        return closeExecutor;
    }

    @Override
    public String toString() {
        return "SessionWriterOptions[maxQueuedFrames=" + maxQueuedFrames + ", maxQueuedChars=" + maxQueuedChars
                + ", overflowPolicy=" + overflowPolicy + ", sendTimeout=" + sendTimeout + "]";
    }

    /**
     * Builds {@link SessionWriterOptions}; each setting not given keeps its default. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private int maxQueuedFrames = DEFAULT_MAX_QUEUED_FRAMES;
        private long maxQueuedChars = DEFAULT_MAX_QUEUED_CHARS;
        private OverflowPolicy overflowPolicy = DEFAULT_OVERFLOW_POLICY;
        private Duration sendTimeout = DEFAULT_SEND_TIMEOUT;
        private Executor closeExecutor = SHARED_CLOSER;

        private Builder() {
        }

        /**
         * Sets the queue bounds: most frames waiting to be sent (default {@value #DEFAULT_MAX_QUEUED_FRAMES};
         * the one in flight is not counted) and most characters of their text (default 4 Mi). Both positive.
         */
        public Builder bounds(int maxQueuedFrames, long maxQueuedChars) {
            if (maxQueuedFrames < 1 || maxQueuedChars < 1) {
                throw new IllegalArgumentException("queue bounds must be positive");
            }
            this.maxQueuedFrames = maxQueuedFrames;
            this.maxQueuedChars = maxQueuedChars;
            return this;
        }

        /** Sets what happens to a frame that would pass a bound (default {@link OverflowPolicy#DISCONNECT}). */
        public Builder overflowPolicy(OverflowPolicy policy) {
            this.overflowPolicy = Objects.requireNonNull(policy, "overflowPolicy");
            return this;
        }

        /**
         * Sets the container's send timeout for each frame (default {@code Duration.ZERO}: the
         * container's own); a send that times out fails the writer. Not negative.
         */
        public Builder sendTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "sendTimeout");
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("sendTimeout must not be negative");
            }
            this.sendTimeout = timeout;
            return this;
        }

        /**
         * Sets the executor that runs {@code Session.close}. The default is shared by every writer of
         * the JVM: at most {@value SessionWriterOptions#SHARED_CLOSER_THREADS} daemon threads (started
         * on demand, ended after 30 idle seconds) and a queue of at most
         * {@value SessionWriterOptions#SHARED_CLOSER_QUEUE} closes; beyond that the caller runs the close
         * itself rather than a close being lost.
         */
        public Builder closeExecutor(Executor executor) {
            this.closeExecutor = Objects.requireNonNull(executor, "closeExecutor");
            return this;
        }

        /** The options. */
        public SessionWriterOptions build() {
            return new SessionWriterOptions(this);
        }
    }
}
