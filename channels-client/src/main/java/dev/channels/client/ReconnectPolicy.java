package dev.channels.client;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When and how often a {@link ChannelClient} reconnects a channel whose connection closed abnormally
 * (network loss, server restart, no pong in time). Off by default, as in the seed. A connection the
 * client itself closes with 1009 because the server sent a message over the client's maximum message
 * size is not reconnected: that is a configuration mismatch a new connection would not fix. A channel
 * joined with several nodes ({@link ChannelClient#join(java.util.List, String)}) reconnects to the next node,
 * at once after a 1012 (a node draining for a restart), 1013 or 1001 close; an attempt is then one round
 * over the nodes.
 *
 * <p>The seed's behaviour is {@link #attempts(int, Duration)}: a fixed wait before each of N tries.
 * {@link #withBackoff} adds exponential growth of the wait, a cap and random jitter. Immutable.
 *
 * <pre>{@code
 * ReconnectPolicy p = ReconnectPolicy.forever(Duration.ofSeconds(1)).withBackoff(2.0, Duration.ofSeconds(30), 0.2);
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ReconnectPolicy {

    /** The seed's default number of attempts. */
    public static final int DEFAULT_ATTEMPTS = 3;
    /** The seed's default wait between attempts. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);

    private static final int FOREVER = -1;
    private static final ReconnectPolicy NONE = new ReconnectPolicy(0, Duration.ZERO, 1.0, Duration.ZERO, 0.0);

    private final int attempts;
    private final Duration wait;
    private final double multiplier;
    private final Duration maxWait;
    private final double jitter;

    private ReconnectPolicy(int attempts, Duration wait, double multiplier, Duration maxWait, double jitter) {
        this.attempts = attempts;
        this.wait = wait;
        this.multiplier = multiplier;
        this.maxWait = maxWait;
        this.jitter = jitter;
    }

    /** Never reconnect (the default). */
    public static ReconnectPolicy none() {
        return NONE;
    }

    /** The seed's defaults when reconnect is on: 3 attempts, 30 s apart. */
    public static ReconnectPolicy defaults() {
        return attempts(DEFAULT_ATTEMPTS, DEFAULT_WAIT);
    }

    /** Up to {@code attempts} tries, waiting {@code wait} before each. */
    public static ReconnectPolicy attempts(int attempts, Duration wait) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
        }
        return new ReconnectPolicy(attempts, requireNonNegative(wait), 1.0, wait, 0.0);
    }

    /** Tries until it succeeds or the channel is left, waiting {@code wait} before each try. */
    public static ReconnectPolicy forever(Duration wait) {
        return new ReconnectPolicy(FOREVER, requireNonNegative(wait), 1.0, wait, 0.0);
    }

    /**
     * A copy whose wait grows by {@code multiplier} after each failed try, never beyond {@code maxWait},
     * and is then spread by up to {@code ±jitter} (a fraction, 0 to 1) so that many clients do not
     * reconnect in lock-step.
     */
    public ReconnectPolicy withBackoff(double multiplier, Duration maxWait, double jitter) {
        if (!enabled()) {
            throw new IllegalStateException("backoff needs a policy that reconnects");
        }
        if (multiplier < 1.0 || jitter < 0.0 || jitter > 1.0) {
            throw new IllegalArgumentException("need multiplier >= 1 and 0 <= jitter <= 1");
        }
        return new ReconnectPolicy(attempts, wait, multiplier, requireNonNegative(maxWait), jitter);
    }

    /** Whether this policy reconnects at all. */
    public boolean enabled() {
        return attempts != 0;
    }

    /** Whether try number {@code attempt} (1-based) may be made. */
    public boolean allows(int attempt) {
        return attempts == FOREVER || attempt <= attempts;
    }

    /** Whether the policy retries without limit. */
    public boolean isForever() {
        return attempts == FOREVER;
    }

    /** The wait before try number {@code attempt} (1-based), with backoff and jitter applied. */
    public Duration delayBefore(int attempt) {
        double millis = wait.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
        millis = Math.min(millis, Math.max(maxWait.toMillis(), wait.toMillis()));
        if (jitter > 0) {
            millis *= 1.0 - jitter + 2.0 * jitter * ThreadLocalRandom.current().nextDouble();
        }
        return Duration.ofMillis(Math.max(0, Math.round(millis)));
    }

    private static Duration requireNonNegative(Duration d) {
        Objects.requireNonNull(d, "wait");
        if (d.isNegative()) {
            throw new IllegalArgumentException("wait must not be negative: " + d);
        }
        return d;
    }

    @Override
    public String toString() {
        return !enabled() ? "ReconnectPolicy[none]"
                : "ReconnectPolicy[attempts=" + (isForever() ? "forever" : attempts) + ", wait=" + wait
                + ", multiplier=" + multiplier + ", maxWait=" + maxWait + ", jitter=" + jitter + "]";
    }
}
