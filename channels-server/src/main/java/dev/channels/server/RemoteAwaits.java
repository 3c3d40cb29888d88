package dev.channels.server;

import dev.channels.api.ErrorDetail;
import dev.channels.api.Message;
import dev.channels.api.codec.EnvelopeCodec;
import dev.channels.server.engine.ChannelEngine;
import jakarta.json.JsonObject;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Broadcast-and-await across nodes (docs/protocol.md "Clusters": the first reply from a member on any
 * node). The node that waits tells every node, before it broadcasts, which correlation id it waits
 * for on which channel ({@code {"op":"await",...}}); a node whose member answers with that id hands
 * the reply to the waiting node ({@code {"op":"reply",...}}) instead of running a handler, and forgets
 * the wait. Waits lapse after their timeout. With the in-memory engine there is no other node and
 * nothing is ever recorded here.
 *
 * <p>Thread-safe: a concurrent map; each entry is taken once ({@code remove(key, value)}).
 */
final class RemoteAwaits {

    private static final System.Logger LOG = System.getLogger(RemoteAwaits.class.getName());

    private record Await(String channelId, String nodeId, long deadlineNanos) {
    }

    private final Map<String, Await> awaits = new ConcurrentHashMap<>();
    private final ChannelEngine engine;

    RemoteAwaits(ChannelEngine engine) {
        this.engine = engine;
    }

    /** The control message announcing that this node waits for {@code correlationId} on {@code channelId}. */
    String announce(String correlationId, String channelId, Duration timeout) {
        return ServerJson.objectBuilder().add("op", "await").add("correlationId", correlationId)
                .add("channelId", channelId).add("node", engine.nodeId()).add("timeoutMs", timeout.toMillis())
                .build().toString();
    }

    /** Another node waits: remember it until its timeout. */
    void onAwait(JsonObject control) {
        String node = control.getString("node", "");
        if (node.equals(engine.nodeId())) {
            return; // our own announcement
        }
        long now = System.nanoTime();
        awaits.values().removeIf(a -> now - a.deadlineNanos() > 0);
        awaits.put(control.getString("correlationId", ""), new Await(control.getString("channelId", ""), node,
                now + Duration.ofMillis(control.getJsonNumber("timeoutMs").longValue()).toNanos()));
    }

    /** When another node waits for {@code message} from {@code from}'s channel, hands it over; returns whether it did. */
    boolean forward(Member from, Message message) {
        if (message.correlationId().isEmpty() || awaits.isEmpty()) {
            return false;
        }
        Await await = awaits.get(message.correlationId());
        if (await == null || !await.channelId().equals(from.channelId()) || System.nanoTime() - await.deadlineNanos() > 0
                || !awaits.remove(message.correlationId(), await)) {
            return false;
        }
        String reply = ServerJson.objectBuilder().add("op", "reply").add("correlationId", message.correlationId())
                .add("channelId", from.channelId()).add("data", EnvelopeCodec.encode(message)).build().toString();
        engine.broker().sendControl(await.nodeId(), reply).whenComplete((v, e) -> {
            if (e != null) {
                // never lost without a word: the member that answered is told (503); the waiting caller times out
                Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
                LOG.log(Level.DEBUG, "a broadcast-and-await reply could not be handed to node {0}: {1}",
                        await.nodeId(), cause.getMessage());
                from.outbox().send(EnvelopeCodec.encode(message.toError(
                        new ErrorDetail("service unavailable", String.valueOf(cause.getMessage()), "503"))));
            }
        });
        return true;
    }

    /** How many other nodes' waits are remembered (for tests and monitoring). */
    int size() {
        return awaits.size();
    }
}
