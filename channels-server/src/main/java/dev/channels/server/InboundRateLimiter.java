package dev.channels.server;

/**
 * The token bucket of one connection ({@link RateLimit}), charged when a frame <em>arrived</em>, not
 * when it is handled: the caller passes the frame's arrival time ({@link ArrivalClock}; where the runtime
 * knows none, the time it is handled). A backlog the server builds (its threads were busy elsewhere)
 * therefore does not refill the bucket while it waits: a client that wrote thousands of frames in one
 * write has them all charged at that instant and gets its 429 however late the server reads them.
 *
 * <p>Being cut (1008) needs more than an empty bucket. Besides the bucket (at most {@code burst}
 * tokens) the limiter keeps the client's <em>credit</em>: charged for every message, dropped or not,
 * and refilled like the bucket, except that a gap of at least {@link #PAUSE_NANOS} between two
 * arrivals (the client paused, or the server did not read it) banks the gap's refill beyond the burst,
 * up to {@link #CREDIT_WINDOW_SECONDS} seconds of the rate. In a run of messages without such a gap the
 * credit never exceeds the bucket, so a flood is cut exactly as a plain token bucket would cut it.
 * A dropped message counts towards {@code disconnectAfter} only while the credit is spent, that is
 * while the client has sent more than its rate over the last minute as well. A client that sent at a
 * legal rate while the server did not read it (a stalled server reads its frames late, all at once)
 * gets the excess over its burst dropped with a 429, but is never cut for it; a client that floods,
 * right away or for long, spends its credit and is cut after {@code disconnectAfter} dropped
 * messages, as before.
 *
 * <p>Threads: {@link #admit} locks this limiter, so a runner's read path may charge a frame (a ping, say)
 * from its reading thread while the connection's message handler charges another; the lock guards only
 * this object's fields, is never held across a call out, and nests inside no other lock. The one
 * {@link #UNLIMITED} limiter has no state (its {@link #admit} only answers {@code ADMIT}) and is shared
 * by every connection.
 */
final class InboundRateLimiter {

    /** How many seconds of its rate a quiet client banks as credit against being cut. */
    static final int CREDIT_WINDOW_SECONDS = 60;

    /** A gap between two arrivals at least this long banks credit beyond the burst: the client paused, or the server did not read it. */
    static final long PAUSE_NANOS = 1_000_000_000L;

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

    /** The limiter of {@link RateLimit#unlimited()}: stateless, so one serves every connection. */
    static final InboundRateLimiter UNLIMITED = new InboundRateLimiter(RateLimit.unlimited(), 0);

    private final RateLimit limit;
    private final double tokensPerNano;
    private final double maxCredit;
    // guarded by this
    private double tokens;
    private double credit;
    private long lastNanos;
    private boolean overLimit;
    private int dropped;
    private boolean disconnected;
    private boolean charged;

    InboundRateLimiter(RateLimit limit, long nowNanos) {
        this.limit = limit;
        this.tokensPerNano = limit.messagesPerSecond() / 1e9;
        this.maxCredit = limit.burst() + limit.messagesPerSecond() * CREDIT_WINDOW_SECONDS;
        this.tokens = limit.burst();
        this.lastNanos = nowNanos;
    }

    /**
     * Charges one message that arrived at {@code arrivalNanos} ({@link System#nanoTime()} scale) and
     * says what to do with it. Arrival times may go backwards a little (frames of an earlier read
     * handled after a later one's timestamp was taken); such a message is charged at the latest time seen.
     */
    Verdict admit(long arrivalNanos) {
        if (limit.isUnlimited()) {
            return Verdict.ADMIT; // stateless, and shared by every connection: no lock
        }
        synchronized (this) {
            return charge(arrivalNanos);
        }
    }

    private Verdict charge(long arrivalNanos) { // holds this
        if (disconnected) {
            return Verdict.CLOSING;
        }
        long elapsed = Math.max(0, arrivalNanos - lastNanos);
        lastNanos = Math.max(lastNanos, arrivalNanos);
        tokens = Math.min(limit.burst(), tokens + elapsed * tokensPerNano);
        double refill = elapsed * tokensPerNano;
        if (!charged) { // the credit banks from the first message on: before it the client has a full bucket and no more
            credit = tokens;
            charged = true;
        } else if (elapsed >= PAUSE_NANOS) { // a pause (or a stall: nothing arrived, or nothing was read): bank it
            credit = Math.min(maxCredit, credit + refill);
        } else { // in a run of messages the credit refills like the bucket, never eating what was banked
            credit = Math.min(Math.max(credit, limit.burst()), credit + refill);
        }
        credit -= 1;
        if (overLimit && tokens >= limit.burst()) { // quiet long enough to refill: forgiven
            overLimit = false;
            dropped = 0;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return Verdict.ADMIT;
        }
        if (credit < 0) { // over the rate for the last minute too, not only over the burst
            dropped++;
        }
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
