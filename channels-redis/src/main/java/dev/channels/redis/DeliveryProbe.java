package dev.channels.redis;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 * <p>A probe may go out on several paths ({@link #paths}), each a probe channel: one on a single Redis; on
 * a Redis Cluster one per primary (sharded Pub/Sub, a channel in a slot of that primary, so each
 * probe proves the Pub/Sub connection to every shard). A probe is back when it came back on every path;
 * activity counts per path (a busy shard's connection does not excuse a silent one).
 *
 * <p>Threads: {@link #tick}, {@link #paths} and {@link #reset} run on the engine's heartbeat thread only, which owns
 * {@code sentSeq} and {@code sentAt} and writes {@code paths} (volatile); {@link #received}, {@link #activity},
 * {@link #published} and {@link #forget} run on Lettuce's I/O threads and only raise {@code receivedSeq},
 * {@code publishedSeq} (atomics) and the per-path entries of {@code arrived} and {@code lastMessageAt}
 * (concurrent maps; each path's arrival is recorded before the check of all paths, so of two paths that
 * arrive at once the later sees both). No lock; nothing here calls back into the engine.
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
    private final long createdAt = System.nanoTime();
    /** The probe channels a probe goes out on; set by the heartbeat thread before a SEND. */
    private volatile Set<String> paths = Set.of("");
    /** Per path: the highest probe that came back on it; raised by the I/O threads. */
    private final ConcurrentHashMap<String, Long> arrived = new ConcurrentHashMap<>();
    /** Per path: System.nanoTime() of its connection's last message of any kind; written by its I/O thread. */
    private final ConcurrentHashMap<String, Long> lastMessageAt = new ConcurrentHashMap<>();
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
            if (busy(now)) {
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

    /** Whether a path the last probe has not come back on still had messages within the interval. */
    private boolean busy(long now) {
        for (String path : paths) {
            if (arrived.getOrDefault(path, 0L) < sentSeq && now - lastMessageAt.getOrDefault(path, createdAt) < intervalNanos) {
                return true;
            }
        }
        return false;
    }

    /**
     * The probe channels the next probe goes out on (heartbeat thread, before {@link #tick}): the engine's
     * one on a single Redis, one per primary on a Redis Cluster (they change with the topology).
     */
    void paths(Set<String> probeChannels) {
        if (!probeChannels.isEmpty()) {
            paths = Set.copyOf(probeChannels);
        }
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

    /** Any message on the Pub/Sub connection (one path), on its I/O thread: it is not silent. */
    void activity() {
        activity("");
    }

    /** Any message on the connection of probe path {@code path}, on its I/O thread: that path is not silent. */
    void activity(String path) {
        lastMessageAt.put(path, System.nanoTime());
    }

    /** A message on the probe channel (one path), on the Pub/Sub I/O thread: the probe it names is back. */
    void received(String payload) {
        received("", payload);
    }

    /**
     * A message on probe channel {@code path}, on that connection's I/O thread: the probe it names came back
     * on that path; it is back once it came back on every path.
     */
    void received(String path, String payload) {
        int colon = payload.lastIndexOf(':');
        if (colon < 0 || !payload.substring(0, colon).equals(nodeId)) {
            return;
        }
        long seq;
        try {
            seq = Long.parseLong(payload, colon + 1, payload.length(), 10);
        } catch (NumberFormatException e) {
            return; // not a probe of this engine: ignored
        }
        arrived.merge(path, seq, Math::max);
        for (String p : paths) {
            if (arrived.getOrDefault(p, 0L) < seq) {
                return;
            }
        }
        receivedSeq.accumulateAndGet(seq, Math::max);
    }

    /** Forgets the probe that is out (the engine is down, or its Pub/Sub connection was replaced); heartbeat thread. */
    void reset() {
        publishedSeq.accumulateAndGet(sentSeq, Math::max);
        receivedSeq.accumulateAndGet(sentSeq, Math::max);
        for (String p : paths) {
            arrived.merge(p, sentSeq, Math::max);
        }
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
