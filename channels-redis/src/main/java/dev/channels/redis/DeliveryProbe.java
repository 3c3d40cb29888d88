package dev.channels.redis;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Proves, on a period, that this node's Pub/Sub subscription really delivers (issue 22 item 2; after
 * centrifuge's PR #594): a Pub/Sub connection can stay open and answer PING while Redis no longer
 * delivers to it (after a failover, a proxy or NAT that lost one direction). Each {@link #tick} either
 * sends a probe, a PUBLISH over the command connection to a Pub/Sub channel of this node alone
 * ({@link RedisKeys#probe}) that the Pub/Sub connection subscribes to, or, while the last probe is
 * out, checks that it came back within the interval: one that did not means the subscription is
 * silent, unless other messages still arrive on that connection (it is busy delivering what Redis
 * sent before the probe, not silent), and the engine repairs it (a fresh Pub/Sub connection, then each
 * channel's catch-up from its stream). So a silent subscription is found at most two intervals after
 * it went silent (plus the scheduler's delay on a busy machine).
 *
 * <p>Threads: {@link #tick} and {@link #reset} run on the engine's heartbeat thread only, which owns
 * {@code sentSeq} and {@code sentAt}; {@link #received}, {@link #published} and {@link #forget} run on
 * Lettuce's I/O threads and only raise {@code receivedSeq} and {@code publishedSeq} (atomics). No lock; nothing here calls back into the engine.
 */
final class DeliveryProbe {

    /** What {@link #tick} asks the engine to do. */
    enum Action {
        /** Publish {@link #payload()} to the probe channel now. */
        SEND,
        /** The probe is out and not yet due: nothing to do. */
        WAIT,
        /** Redis published the last probe, but it did not come back within the interval: the subscription is silent. */
        SILENT
    }

    private final String nodeId;
    private final long intervalNanos;
    private final AtomicLong receivedSeq = new AtomicLong();
    private final AtomicLong publishedSeq = new AtomicLong();
    private final AtomicLong stalls = new AtomicLong();
    /** System.nanoTime() of the last message of any kind on the Pub/Sub connection; written by its I/O thread. */
    private volatile long lastMessageAt = System.nanoTime();
    private long sentSeq;   // heartbeat thread
    private long sentAt;    // heartbeat thread: System.nanoTime() when probe sentSeq went out
    private long silentFor; // heartbeat thread: nanos from the probe's sending to its detection, of the last stall

    DeliveryProbe(String nodeId, Duration interval) {
        this.nodeId = nodeId;
        this.intervalNanos = interval.toNanos();
    }

    /** On the heartbeat thread, once per interval while the engine is available. */
    Action tick(long now) {
        if (sentSeq > receivedSeq.get()) {
            if (now - sentAt < intervalNanos / 2) {
                return Action.WAIT; // a tick came early (the scheduler caught up): give the probe its time
            }
            if (publishedSeq.get() < sentSeq) {
                return Action.WAIT; // Redis has not answered the PUBLISH: the command connection is slow, the heartbeat's PING judges it
            }
            if (now - lastMessageAt < intervalNanos) {
                // messages still arrive: the connection is busy with what Redis sent before the probe, not silent
                // (a false alarm would close the members of channels without a stream)
                return Action.WAIT;
            }
            silentFor = now - sentAt;
            stalls.incrementAndGet();
            return Action.SILENT;
        }
        sentSeq++;
        sentAt = now;
        return Action.SEND;
    }

    /** The number of the probe just sent ({@link Action#SEND}). */
    long sent() {
        return sentSeq;
    }

    /** Redis answered the PUBLISH of probe {@code seq} (any thread): it was published. */
    void published(long seq) {
        publishedSeq.accumulateAndGet(seq, Math::max);
    }

    /** The PUBLISH of probe {@code seq} failed (any thread): it is not waited for. */
    void forget(long seq) {
        publishedSeq.accumulateAndGet(seq, Math::max);
        receivedSeq.accumulateAndGet(seq, Math::max);
    }

    /** The payload of the probe just sent ({@link Action#SEND}): this node's id and the probe's number. */
    String payload() {
        return nodeId + ":" + sentSeq;
    }

    /** Any message on the Pub/Sub connection, on its I/O thread: it is not silent. */
    void activity() {
        lastMessageAt = System.nanoTime();
    }

    /** A message on the probe channel, on the Pub/Sub I/O thread: the probe it names is back. */
    void received(String payload) {
        int colon = payload.lastIndexOf(':');
        if (colon < 0 || !payload.substring(0, colon).equals(nodeId)) {
            return;
        }
        try {
            long seq = Long.parseLong(payload, colon + 1, payload.length(), 10);
            receivedSeq.accumulateAndGet(seq, Math::max);
        } catch (NumberFormatException e) {
            // not a probe of this engine: ignored
        }
    }

    /** Forgets the probe that is out (the engine is down, or its Pub/Sub connection was replaced); heartbeat thread. */
    void reset() {
        publishedSeq.accumulateAndGet(sentSeq, Math::max);
        receivedSeq.accumulateAndGet(sentSeq, Math::max);
    }

    /** How many silent subscriptions this probe found. */
    long stalls() {
        return stalls.get();
    }

    /** How long the last probe that did not come back had been out when it was found missing. */
    Duration lastSilence() {
        return Duration.ofNanos(silentFor);
    }
}
