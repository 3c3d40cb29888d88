package dev.channels.server;

import dev.channels.api.Message;
import dev.channels.api.codec.EnvelopeCodec;
import dev.channels.server.engine.ChannelEngine;
import dev.channels.server.engine.EngineListener;
import dev.channels.server.engine.Publication;
import dev.channels.server.engine.StreamOptions;
import dev.channels.server.engine.StreamPosition;
import dev.channels.transport.OutboundText;
import jakarta.json.JsonObject;
import java.lang.System.Logger.Level;
import java.util.Optional;

/**
 * The {@link Fanout} over a {@link ChannelEngine}, and the engine's {@link EngineListener}: a channel
 * message is encoded once and published through the engine's broker (which numbers it when history is
 * on); each publication the engine delivers to this node is framed once (with {@code X-Channel-Offset}
 * and {@code X-Channel-Epoch} when it is in a stream) and queued on the {@link MemberOutbox} of each
 * local member, in the engine's delivery order. A direct message to a client of this node goes straight
 * to its outbox; to a client the engine's presence places on another node, as a control message to
 * that node ({@code {"op":"deliver","clientId","data"}}); {@code closeChannel} is a control message to
 * every node ({@code {"op":"close","channelId"}}).
 *
 * <p>Threads: {@code toChannel}/{@code toClient} run on any caller's thread and wait for the engine
 * (bounded by {@link EngineCalls}); {@code onPublication} runs on the engine's thread (the in-memory
 * engine: the thread draining the channel's deliveries, outside any engine lock; Redis: the Pub/Sub
 * I/O thread) and only queues: on each member's outbox, which never calls back into membership on
 * this stack (a member's trouble is left on the membership thread). Presence events are dropped for
 * a member whose queue is half full ({@link MemberOutbox#deliverDroppable}). Stateless apart from final fields.
 */
final class EngineFanout implements Fanout, EngineListener {

    private static final System.Logger LOG = System.getLogger(EngineFanout.class.getName());
    /**
     * The bound of {@link StreamFrames}, in characters: a channel's whole retained history of 100
     * messages of 60,000 characters fits; with their encoded frames about 16 MB of heap at most.
     */
    static final long STREAM_FRAME_CACHE_CHARS = 8L << 20;

    private final ChannelRegistry registry;
    private final ChannelEngine engine;
    private final StreamOptions stream;
    private final EngineCalls calls;
    /** Producer spans of publications, consumer spans of deliveries ({@link ChannelTracing#off()}: none). */
    private final ChannelTracing tracing;
    /** The framed text of recent stream publications, shared by the live broadcast and every replay. */
    private final StreamFrames frames = new StreamFrames(STREAM_FRAME_CACHE_CHARS);
    /** Ends this node's part of a channel; set once by the server right after construction. */
    private volatile java.util.function.Consumer<String> closeChannel = id -> { };
    /** Other nodes' control messages for broadcast-and-await; set once by the server right after construction. */
    private volatile java.util.function.Consumer<JsonObject> awaitControl = c -> { };
    /** What the server does when the engine is connected again; set once by the server. */
    private volatile Runnable connectionRestored = () -> { };
    private volatile java.util.function.Consumer<Boolean> engineStatus = up -> { };

    EngineFanout(ChannelRegistry registry, ChannelEngine engine, StreamOptions stream, EngineCalls calls,
                 ChannelTracing tracing) {
        this.tracing = tracing;
        this.registry = registry;
        this.engine = engine;
        this.stream = stream;
        this.calls = calls;
    }

    @Override
    public int toChannel(String channelId, Message message) {
        return publish(channelId, message, stream, true);
    }

    /** Like {@link #toChannel} but never numbered nor stored (presence events). */
    int toChannelUnstreamed(String channelId, Message message) {
        return publish(channelId, message, StreamOptions.OFF, false);
    }

    /**
     * Publishes {@code message} to {@code channelId} unstreamed (never numbered nor stored) without waiting
     * for the engine: for batched presence ({@link PresenceBatcher}), which publishes from the server's
     * scheduler thread and must not hold it for an engine round trip.
     */
    java.util.concurrent.CompletableFuture<?> toChannelUnstreamedAsync(String channelId, Message message) {
        return engine.broker().publish(channelId, EnvelopeCodec.encode(message), StreamOptions.OFF);
    }

    /** Publishes {@code message}; {@code traced}: under a producer span whose context the publication carries (not presence events). */
    private int publish(String channelId, Message message, StreamOptions options, boolean traced) {
        int members = memberCount(channelId);
        if (members == 0) {
            return 0;
        }
        TraceSpan span = traced ? tracing.publish(channelId, message) : TraceSpan.NONE;
        try {
            String data = EnvelopeCodec.encode(span.carry(message));
            // the messageId makes the publish idempotent: one the engine stored already (its answer was lost, and the
            // sender, told 503, sends it again) is not stored or delivered twice (Broker#publish with an id)
            calls.await(message.id().isEmpty() ? engine.broker().publish(channelId, data, options)
                    : engine.broker().publish(channelId, data, options, message.id()));
        } catch (RuntimeException e) {
            span.failed(e);
            throw e;
        } finally {
            span.end();
        }
        return members;
    }

    /** Members of {@code channelId} on this node, or, when none, on every node. */
    int memberCount(String channelId) {
        int local = registry.channel(channelId).map(c -> c.members.size()).orElse(0);
        return local > 0 ? local : calls.await(engine.presence().count(channelId));
    }

    @Override
    public boolean toClient(String clientId, Message message) {
        Connection connection = registry.connection(clientId).orElse(null);
        if (connection != null) {
            // a session's message goes through the outbox of its membership in the message's channel
            return connection.sendDirect(message.channelId(), EnvelopeCodec.encode(message));
        }
        Optional<String> node = calls.await(engine.presence().find(clientId)).map(p -> p.nodeId())
                .filter(n -> !n.equals(engine.nodeId()));
        if (node.isEmpty()) {
            return false;
        }
        JsonObject control = ServerJson.objectBuilder()
                .add("op", "deliver")
                .add("clientId", clientId)
                .add("data", EnvelopeCodec.encode(message))
                .build();
        calls.await(engine.broker().sendControl(node.get(), control.toString()));
        return true;
    }

    @Override
    public void onPublication(Publication publication) {
        ChannelRegistry.Channel channel = registry.channel(publication.channelId()).orElse(null);
        if (channel == null || channel.members.isEmpty()) {
            return;
        }
        OutboundText text = framed(publication); // encoded once, the same bytes for every member and every replay
        if (isPresenceEvent(publication)) {
            for (Member member : channel.members) {
                member.outbox().deliverDroppable(text); // a burst of leaves never cuts a busy member
            }
            return;
        }
        TraceSpan span = tracing.deliver(publication, channel.members.size()); // NONE unless tracing and the publication carries a context
        try {
            for (Member member : channel.members) {
                member.outbox().deliver(text, publication.position());
            }
        } finally {
            span.end();
        }
    }

    /**
     * Whether {@code publication} is a presence event: not in a stream, of type {@code presence.*}. The
     * type is read from the end of the envelope as the codec wrote it, not decoded ({@link EnvelopeCodec#typeOf}).
     */
    static boolean isPresenceEvent(Publication publication) {
        if (publication.position().inStream()) {
            return false;
        }
        try {
            return EnvelopeCodec.typeOf(publication.data()).startsWith("presence.");
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * The frame members get for {@code publication} as one shared {@link OutboundText}: for a stream
     * publication the same instance for the live broadcast and every replay of it, while it is cached.
     */
    OutboundText framed(Publication publication) {
        return frames.frame(publication);
    }

    /** Drops the shared frames no replay or broadcast used for a while (the server's scheduler, every second). */
    void expireFrames() {
        frames.expire(System.nanoTime());
    }

    /** Characters of the shared frames held now (for tests). */
    long framesHeld() {
        return frames.chars();
    }

    /**
     * The frame members get for {@code publication}: the data as published, plus the stream headers when
     * it is in a stream, written into the encoded envelope next to its other headers (not decoded and
     * encoded again: {@link EnvelopeCodec#withStreamPosition}). Without the trace context a traced
     * publication carries ({@link TraceHeader}): it is for the nodes, never for clients.
     */
    static String frame(Publication publication) {
        String data = TraceHeader.strip(publication.data());
        StreamPosition position = publication.position();
        if (!position.inStream()) {
            return data;
        }
        return EnvelopeCodec.withStreamPosition(data, position.offset(), position.epoch());
    }

    /** The channelId of an encoded envelope ("" when it has none or is not one). */
    private static String channelOf(String data) {
        try {
            return EnvelopeCodec.decodeMessage(data).channelId();
        } catch (RuntimeException e) {
            return "";
        }
    }

    void onCloseChannel(java.util.function.Consumer<String> handler) {
        this.closeChannel = handler;
    }

    void onAwaitControl(java.util.function.Consumer<JsonObject> handler) {
        this.awaitControl = handler;
    }

    void onConnectionRestored(Runnable handler) {
        this.connectionRestored = handler;
    }

    /** Sets what is told, on the engine's thread, that the engine went down ({@code false}) or is back ({@code true}). */
    void onEngineStatus(java.util.function.Consumer<Boolean> handler) {
        this.engineStatus = handler;
    }

    /** The control message that closes {@code channelId} on every node. */
    static String closeControl(String channelId) {
        return ServerJson.objectBuilder().add("op", "close").add("channelId", channelId).build().toString();
    }

    @Override
    public void onControl(String data) {
        JsonObject control;
        try {
            control = ServerJson.readObject(data);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "ignored a control message that is not a JSON object: {0}", data);
            return;
        }
        String op = control.getString("op", "");
        if ("deliver".equals(op)) {
            String delivered = control.getString("data", "");
            registry.connection(control.getString("clientId", ""))
                    .ifPresent(c -> c.sendDirect(c.isSession() ? channelOf(delivered) : "", delivered));
        } else if ("close".equals(op)) {
            closeChannel.accept(control.getString("channelId", ""));
        } else if ("await".equals(op) || "reply".equals(op)) {
            awaitControl.accept(control);
        } else {
            LOG.log(Level.DEBUG, "ignored control message {0}", data);
        }
    }

    @Override
    public void onConnectionLost(Throwable cause) {
        LOG.log(Level.WARNING, "engine connection lost: connections stay open, publishes are refused (503) until "
                + "it is back; then each channel catches up from its stream", cause);
        engineStatus.accept(false);
    }

    @Override
    public void onConnectionRestored(boolean dataLost) {
        LOG.log(Level.INFO, "engine connection restored{0}", dataLost ? " (its data was lost: streams start over)" : "");
        connectionRestored.run();
        engineStatus.accept(true);
    }

    /**
     * Each open member of {@code channelId} on this node must now have every offset up to {@code top}
     * (the engine delivered what its stream retained); one that does not, or any member when the
     * channel has no stream, may have lost messages for good and is closed (1012), so that its
     * recovery join answers {@code false}. The others stay connected and notice nothing.
     */
    @Override
    public void onChannelResumed(String channelId, StreamPosition top) {
        registry.channel(channelId).ifPresent(channel -> {
            for (Member member : channel.members) {
                member.outbox().resume(top);
            }
        });
    }
}
