package dev.channels.server;

/**
 * The inbound rate limit of each connection: a token bucket that refills at
 * {@code messagesPerSecond} up to {@code burst} messages. A message that finds the bucket empty is
 * dropped unhandled; the first one dropped in a row of excess gets the sender an error envelope with
 * {@code errCode} {@code "429"}; when more than {@code disconnectAfter} messages are dropped before the
 * sender has stayed quiet long enough to refill the whole bucket, the connection is closed with 1008
 * (policy violation). The limit is per connection, so a flooding client slows down only itself.
 *
 * <p>A message is charged when it arrived where the runner knows it ({@link ArrivalClock}), else when it
 * is handled; and the 1008 also needs the sender to be over what it banked in pauses of a second or more
 * (up to a minute of {@code messagesPerSecond}), so a client whose messages the server read late, all at
 * once, may have the excess over its burst dropped but is not cut for it.
 *
 * @param messagesPerSecond sustained rate a connection may send; {@link Double#POSITIVE_INFINITY} for no limit
 * @param burst             how many messages a connection may send at once after being quiet
 * @param disconnectAfter   how many dropped messages are tolerated before the connection is closed
 */
public record RateLimit(double messagesPerSecond, int burst, int disconnectAfter) {

    /** No limit (for benchmarks and trusted peers). */
    public static final RateLimit UNLIMITED = new RateLimit(Double.POSITIVE_INFINITY, Integer.MAX_VALUE, Integer.MAX_VALUE);

    /** Validates the values. */
    public RateLimit {
        if (!(messagesPerSecond > 0) || burst < 1 || disconnectAfter < 1) {
            throw new IllegalArgumentException("rate, burst and disconnectAfter must be positive");
        }
    }

    /**
     * 100 messages/s sustained, bursts of 200, closed after 100 dropped messages: far above what a
     * person or a well-behaved program sends on one connection, far below what one client needs to
     * slow a channel down.
     */
    public static RateLimit defaults() {
        return new RateLimit(100, 200, 100);
    }

    /** {@code messagesPerSecond} sustained with bursts of {@code burst}, closed after {@code burst} dropped messages. */
    public static RateLimit of(double messagesPerSecond, int burst) {
        return new RateLimit(messagesPerSecond, burst, burst);
    }

    /** Whether this is {@link #UNLIMITED}. */
    public boolean isUnlimited() {
        return Double.isInfinite(messagesPerSecond);
    }
}
