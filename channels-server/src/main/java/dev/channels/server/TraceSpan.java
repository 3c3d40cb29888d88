package dev.channels.server;

import dev.channels.api.Message;

/**
 * One span the server opened through its {@link ChannelTracing}, as the server code sees it: no
 * OpenTelemetry type in sight, so this package runs without the OpenTelemetry API. When tracing is
 * off every span is {@link #NONE}, a constant whose methods do nothing: the hot path allocates
 * nothing for tracing then.
 *
 * <p>Threads: a span is used by the one thread that opened it, which ends it ({@link #end}) on the
 * same stack; a span made current when it was opened stops being current there.
 */
interface TraceSpan {

    /** The span of tracing off: every method does nothing, {@link #carry} returns its argument. */
    TraceSpan NONE = new TraceSpan() {
        @Override
        public void set(String key, String value) {
        }

        @Override
        public void failed(Throwable error) {
        }

        @Override
        public void failed(String description) {
        }

        @Override
        public Message carry(Message message) {
            return message;
        }

        @Override
        public void end() {
        }
    };

    /** Sets a string attribute (ignored when {@code value} is null or empty). */
    void set(String key, String value);

    /** Marks the span failed by {@code error} (status ERROR, the exception recorded). */
    void failed(Throwable error);

    /** Marks the span failed (status ERROR) with {@code description}, for a failure that is no exception. */
    void failed(String description);

    /**
     * {@code message} carrying this span's context to the nodes that receive it (a producer span: the
     * {@link TraceHeader} added as its last header); {@code message} itself for any other span.
     */
    Message carry(Message message);

    /** Ends the span (and, when it was made current, leaves its scope). Idempotent. */
    void end();
}
