package dev.channels.server;

/**
 * The token bucket of one connection ({@link RateLimit}). Owned by the connection's reading thread:
 * the container delivers a session's messages one at a time, so {@link #admit} is never called
 * concurrently and needs no lock; nothing else reads its state. The one {@link #UNLIMITED} limiter
 * has no state (its {@link #admit} only answers {@code ADMIT}) and is shared by every connection.
 */
final class InboundRateLimiter {

    /** What to do with one inbound message. */
    enum Verdict {
        /** Handle it. */
        ADMIT,
        /** Drop it and tell the sender (the first message dropped in a row of excess). */
        REJECT_AND_WARN,
        /** Drop it silently (the sender was told already). */
        REJECT,
        /** Drop it and close the connection: the excess went on. */
        DISCONNECT,
        /** Drop it: the connection is being closed for its excess (frames still in flight). */
        CLOSING
    }

    /** The limiter of {@link RateLimit#UNLIMITED}: stateless, so one serves every connection. */
    static final InboundRateLimiter UNLIMITED = new InboundRateLimiter(RateLimit.UNLIMITED, 0);

    private final RateLimit limit;
    private final double tokensPerNano;
    private double tokens;
    private long lastNanos;
    private boolean overLimit;
    private int dropped;
    private boolean disconnected;

    InboundRateLimiter(RateLimit limit, long nowNanos) {
        this.limit = limit;
        this.tokensPerNano = limit.messagesPerSecond() / 1e9;
        this.tokens = limit.burst();
        this.lastNanos = nowNanos;
    }

    Verdict admit(long nowNanos) {
        if (limit.isUnlimited()) {
            return Verdict.ADMIT;
        }
        if (disconnected) {
            return Verdict.CLOSING;
        }
        tokens = Math.min(limit.burst(), tokens + (nowNanos - lastNanos) * tokensPerNano);
        lastNanos = nowNanos;
        if (overLimit && tokens >= limit.burst()) { // quiet long enough to refill: forgiven
            overLimit = false;
            dropped = 0;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return Verdict.ADMIT;
        }
        dropped++;
        if (dropped > limit.disconnectAfter()) {
            disconnected = true;
            return Verdict.DISCONNECT;
        }
        if (!overLimit) {
            overLimit = true;
            return Verdict.REJECT_AND_WARN;
        }
        return Verdict.REJECT;
    }
}
