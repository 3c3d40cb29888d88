package dev.channels.server;

import dev.channels.api.Message;
import dev.channels.api.MessageTypes;
import jakarta.json.JsonArrayBuilder;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * Batched presence events ({@code channels.presence-batch-interval}, docs/protocol.md "Presence"):
 * the joins and leaves of this node's members of a channel are gathered for one interval and go out
 * as one {@code presence.diff} {@code {"channelId","joins":[{"clientId","userId"}],"leaves":[...]}},
 * published through the engine like the per-member events (so every node's members get it, once per
 * interval and node), instead of one {@code presence.joined}/{@code presence.left} per member. A
 * channel filling up with N members thus costs each member one frame per interval, not one per join.
 *
 * <p>The diff holds each client id's last change over the interval: a join then a leave inside one
 * interval is reported as a leave, a leave then a join as a join. Clients apply diffs as set operations
 * keyed by client id, so a leave of a member they never saw costs nothing, and a client that read the
 * member with {@code get.info} in between still learns that it left (dropping both, as before, left
 * such a member in that client's list for good). A diff lists at most
 * {@link #MAX_CHANGES_PER_DIFF} changes; a bigger batch goes out as several diffs at once.
 *
 * <p>Threads and state. The pending changes of a channel live in its {@link Batch}, changed only
 * under the batch's monitor (never held across I/O or a call into another component): joining and
 * leaving threads add a change; the server's scheduler thread takes them all in {@link #flush} and
 * publishes them after leaving the monitor. A batch exists only while it has a flush scheduled: the
 * first change schedules one flush task on the scheduler (no thread per channel, at most one task
 * per channel); that flush removes the batch from {@link #batches}, so the next change starts a new
 * one. Bounded: a batch holds at most one change per client id, each for a member that joined in the
 * interval or was a member before it, so never more than the channel's members of one interval.
 *
 * <p>Order: flushes run one at a time on the single scheduler thread and hand their publishes to
 * the engine in that order, which delivers a channel's unstreamed publications in the order it
 * accepted them ({@link dev.channels.server.engine.Broker}); so one node's diffs of a channel arrive
 * in order. Diffs from different nodes are independent (each names only its own node's members).
 */
final class PresenceBatcher {

    private static final System.Logger LOG = System.getLogger(PresenceBatcher.class.getName());
    /** The most changes one {@code presence.diff} lists (about 80 KB of JSON at most); more go out as several. */
    static final int MAX_CHANGES_PER_DIFF = 1000;

    private final ScheduledExecutorService scheduler;
    private final long intervalNanos;
    /** Publishes a diff through the engine, unstreamed, without waiting for it (the fan-out's unstreamed publish). */
    private final BiFunction<String, Message, CompletableFuture<?>> publish;
    /** The channels with a flush scheduled; a batch is removed by its own flush. */
    private final Map<String, Batch> batches = new ConcurrentHashMap<>();

    PresenceBatcher(ScheduledExecutorService scheduler, Duration interval,
                    BiFunction<String, Message, CompletableFuture<?>> publish) {
        this.scheduler = scheduler;
        this.intervalNanos = interval.toNanos();
        this.publish = publish;
    }

    /** One client's pending change: joined (true) or left (false). */
    private record Change(String userId, boolean joined) {
    }

    /** The pending changes of one channel until its flush; guarded by its own monitor. */
    private static final class Batch {
        final String channelId;
        /** client id to its last change, in the order of first change; only under this monitor. */
        final LinkedHashMap<String, Change> changes = new LinkedHashMap<>();
        /** Set by the flush (under this monitor): a change that finds it set starts a new batch. */
        boolean flushed;

        Batch(String channelId) {
            this.channelId = channelId;
        }
    }

    /** {@code clientId} (shown as {@code userId}) joined {@code channelId}: goes into the channel's next diff. */
    void joined(String channelId, String clientId, String userId) {
        change(channelId, clientId, userId, true);
    }

    /** {@code clientId} left {@code channelId}: goes into the channel's next diff. */
    void left(String channelId, String clientId, String userId) {
        change(channelId, clientId, userId, false);
    }

    private void change(String channelId, String clientId, String userId, boolean joined) {
        while (true) {
            boolean[] created = {false};
            Batch batch = batches.computeIfAbsent(channelId, id -> {
                created[0] = true;
                return new Batch(id);
            });
            synchronized (batch) {
                if (batch.flushed) {
                    continue; // its flush took it out of the map just now: start the next one
                }
                batch.changes.put(clientId, new Change(userId, joined)); // the last change wins
            }
            if (created[0]) {
                schedule(batch);
            }
            return;
        }
    }

    private void schedule(Batch batch) {
        try {
            scheduler.schedule(() -> flush(batch), intervalNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) { // the server is closing: nobody is told any more
            batches.remove(batch.channelId, batch);
        }
    }

    /** On the scheduler thread: takes the batch's changes and publishes them as one diff (or a few). */
    private void flush(Batch batch) {
        List<Map.Entry<String, Change>> taken;
        synchronized (batch) {
            batch.flushed = true;
            batches.remove(batch.channelId, batch);
            taken = new ArrayList<>(batch.changes.entrySet());
            batch.changes.clear();
        }
        for (int from = 0; from < taken.size(); from += MAX_CHANGES_PER_DIFF) {
            Message diff = diff(batch.channelId, taken.subList(from, Math.min(taken.size(), from + MAX_CHANGES_PER_DIFF)));
            try {
                publish.apply(batch.channelId, diff).whenComplete((v, e) -> {
                    if (e != null) {
                        LOG.log(Level.DEBUG, "presence.diff of {0} not published: {1}", batch.channelId, e.toString());
                    }
                });
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "presence.diff of {0} not published: {1}", batch.channelId, e.toString());
            }
        }
    }

    private static Message diff(String channelId, List<Map.Entry<String, Change>> changes) {
        JsonArrayBuilder joins = ServerJson.PROVIDER.createArrayBuilder();
        JsonArrayBuilder leaves = ServerJson.PROVIDER.createArrayBuilder();
        for (Map.Entry<String, Change> c : changes) {
            (c.getValue().joined() ? joins : leaves).add(ServerJson.objectBuilder()
                    .add("clientId", c.getKey()).add("userId", c.getValue().userId()));
        }
        return Message.create(MessageTypes.PRESENCE_DIFF, channelId).toBuilder()
                .body(ServerJson.objectBuilder().add("channelId", channelId).add("joins", joins).add("leaves", leaves).build())
                .build();
    }

    /** Channels with changes waiting for their flush (for tests). */
    int pendingChannels() {
        return batches.size();
    }
}
