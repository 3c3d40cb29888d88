package dev.channels.server;

import dev.channels.api.Message;
import dev.channels.api.MessageTypes;
import dev.channels.api.codec.EnvelopeCodec;
import java.lang.System.Logger.Level;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Tells this node's members that its cluster engine went down ({@code engine.down}) and that it is back
 * ({@code engine.up}), so that an application can show it (docs/protocol.md "Engine events"): while it is
 * down, publishes are refused (503) and other nodes' messages do not arrive. One frame per member, with
 * the member's channel as {@code channelId}; a peer that does not know the types ignores them.
 *
 * <p>Threads: the engine reports a change on its own thread ({@link #changed}); the frames are sent on
 * {@code executor} (the server's scheduler), so the engine's thread never fans out. {@code up} flips once
 * per change, so a repeated report sends nothing.
 */
final class EngineStatusEvents {

    private static final System.Logger LOG = System.getLogger(EngineStatusEvents.class.getName());

    private final Supplier<Collection<Member>> members;
    private final Executor executor;
    private final AtomicBoolean up = new AtomicBoolean(true);

    EngineStatusEvents(Supplier<Collection<Member>> members, Executor executor) {
        this.members = members;
        this.executor = executor;
    }

    /** The engine is connected ({@code true}) or lost its connection ({@code false}); on the engine's thread. */
    void changed(boolean nowUp) {
        if (up.getAndSet(nowUp) == nowUp) {
            return;
        }
        try {
            executor.execute(() -> tell(nowUp ? MessageTypes.ENGINE_UP : MessageTypes.ENGINE_DOWN));
        } catch (RejectedExecutionException e) {
            LOG.log(Level.DEBUG, "server closed: members not told the engine status");
        }
    }

    private void tell(String type) {
        Map<String, String> frames = new HashMap<>(); // one encoding per channel
        int told = 0;
        for (Member c : members.get()) { // every membership: a session hears it once per channel
            String frame = frames.computeIfAbsent(c.channelId(), id -> EnvelopeCodec.encode(Message.create(type, id)));
            if (c.outbox().send(frame)) {
                told++;
            }
        }
        LOG.log(Level.INFO, "told {0} members {1}", told, type);
    }
}
