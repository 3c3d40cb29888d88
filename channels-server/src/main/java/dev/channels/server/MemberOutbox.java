package dev.channels.server;

import dev.channels.server.engine.StreamPosition;
import dev.channels.transport.OutboundText;
import dev.channels.transport.SessionWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The door in front of one member's {@link SessionWriter}: holds everything sent to the member until
 * its {@code join.success} (and, for a recovery, its replay) is out, then lets frames through in
 * stream order. It is what makes recovery exact: the member is registered (and so receives live
 * publications) before the server reads the history; {@link #open} writes {@code join.success}, the
 * replay, then the held frames, dropping every channel message whose offset the member already has.
 * From then on a channel message with an offset other than the next one (a gap, or another epoch)
 * breaks the stream: the member is closed so that its recovery join answers {@code false}, never
 * left with a silent hole (docs/protocol.md "Clusters").
 *
 * <p>Presence events ({@link #deliverDroppable}) are the one kind of frame an outbox may drop: when
 * the member's outbound queue (or its held frames while joining) is already half full, so that a
 * burst of joins or leaves in a crowded channel never cuts a member that reads as a slow reader
 * (docs/protocol.md "Presence" says what a member may then miss).
 *
 * <p>Thread-safety and lock order: all state is guarded by this object's monitor; it is held only
 * while frames are queued on the writer, which never blocks (the writer's own thread does the I/O).
 * That is the one place two locks nest in the server core: this monitor, then the writer's lock
 * (taken and released inside {@link SessionWriter#send}); nothing else is called under the monitor.
 * The writer's overflow or failure callback may run inside it: the server's callback only closes the
 * socket and hands the member's leave to the membership thread ({@link ChannelMembership}), so no
 * leave, publish or other member's outbox is ever reached from here. The broken-stream callback runs
 * outside the monitor (and defers the leave the same way).
 */
final class MemberOutbox {

    private record Held(OutboundText text, StreamPosition position) {
    }

    private final SessionWriter writer;
    private final int maxHeld;
    private final long maxQueuedChars;
    private final Consumer<String> onBroken;
    /** Frames waiting for {@link #open}; null once open. Guarded by this. */
    private List<Held> held = new ArrayList<>();
    /** The epoch and highest offset this member has (or was told of in join.success). Guarded by this. */
    private String epoch = "";
    private long offset;
    private boolean broken;

    /**
     * The break reason when more frames arrive while the member is joining than the outbox holds: a
     * client's doing (it joined a busy channel, or many joined at once), not server trouble, so it
     * is logged at DEBUG (see {@code ChannelMembership.ConnectionTrouble}).
     */
    static final String JOIN_OVERFLOW = "too many messages while joining";

    /**
     * @param maxHeld        how many frames may wait for {@link #open} (the connection's queue bound); one more breaks it
     * @param maxQueuedChars the connection's queue bound in characters (presence events stop at half of it)
     * @param onBroken       called once, outside the monitor, with the reason, when the member must be closed
     */
    MemberOutbox(SessionWriter writer, int maxHeld, long maxQueuedChars, Consumer<String> onBroken) {
        this.writer = writer;
        this.maxHeld = maxHeld;
        this.maxQueuedChars = maxQueuedChars;
        this.onBroken = onBroken;
    }

    /**
     * Sends a presence event (not in a stream) unless the member's queue is half full or more (frames
     * or characters; while joining: its held frames): then it is dropped. Returns whether it was queued.
     */
    boolean deliverDroppable(OutboundText text) {
        if (writer.queuedFrames() >= maxHeld / 2 || writer.queuedChars() >= maxQueuedChars / 2) {
            return false;
        }
        synchronized (this) {
            if (held != null && held.size() >= maxHeld / 2) {
                return false;
            }
        }
        return deliver(text, StreamPosition.NONE);
    }

    /** Sends a frame that is not a channel-stream message (direct message, event); held until open. */
    boolean send(String text) {
        return deliver(OutboundText.of(text), StreamPosition.NONE);
    }

    /**
     * Sends a channel message at {@code position} ({@link StreamPosition#NONE}: not in a stream). A
     * broadcast hands the same {@code text} to every member: it is encoded once for all of them.
     */
    boolean deliver(OutboundText text, StreamPosition position) {
        String breakReason;
        synchronized (this) {
            if (broken) {
                return false;
            }
            if (held != null) {
                if (held.size() < maxHeld) {
                    held.add(new Held(text, position));
                    return true;
                }
                breakReason = JOIN_OVERFLOW;
            } else {
                breakReason = forward(text, position);
                if (breakReason == null) {
                    return true;
                }
                if (breakReason.isEmpty()) {
                    return false;
                }
            }
            broken = true;
        }
        onBroken.accept(breakReason);
        return false;
    }

    /**
     * Writes {@code joinSuccess}, then {@code replay} (publications after {@code from}, in offset
     * order, each text shared with the live broadcast and other replays), then the held frames that the member does not have yet, and opens the door.
     *
     * @param from the position the member has before the replay: the {@code since} of a recovery,
     *             the offset before the first replayed publication of a new epoch (a member that
     *             asked to recover another epoch), the stream's top otherwise
     *             ({@link StreamPosition#NONE} without history)
     */
    void open(String joinSuccess, List<OutboundText> replayTexts, List<StreamPosition> replayPositions, StreamPosition from) {
        String breakReason = null;
        synchronized (this) {
            if (broken || held == null) {
                return;
            }
            writer.send(joinSuccess);
            epoch = from.epoch();
            offset = from.offset();
            List<Held> waiting = held;
            held = null;
            for (int i = 0; i < replayTexts.size() && breakReason == null; i++) {
                breakReason = nonEmpty(forward(replayTexts.get(i), replayPositions.get(i)));
            }
            for (int i = 0; i < waiting.size() && breakReason == null; i++) {
                breakReason = nonEmpty(forward(waiting.get(i).text(), waiting.get(i).position()));
            }
            if (breakReason == null) {
                return;
            }
            broken = true;
        }
        onBroken.accept(breakReason);
    }

    /**
     * After the engine reconnected and delivered what the channel's stream retained: breaks the stream
     * (the member is closed) unless the member has every offset up to {@code top} of {@code top}'s
     * epoch and none after it; always for {@link StreamPosition#NONE} (no stream: what was missed cannot be known).
     * A member still joining is left alone: its join read the stream after the reconnect.
     */
    void resume(StreamPosition top) {
        String breakReason;
        synchronized (this) {
            if (broken || held != null) {
                return;
            }
            if (!top.inStream()) {
                breakReason = "channel messages may have been missed while the engine was unreachable";
            } else if (!top.epoch().equals(epoch)) {
                breakReason = "the channel's stream changed (epoch " + top.epoch() + ")";
            } else if (offset < top.offset()) {
                breakReason = "missed channel messages " + (offset + 1) + ".." + top.offset();
            } else if (offset > top.offset()) {
                breakReason = "the channel's stream went back to offset " + top.offset();
            } else {
                return;
            }
            broken = true;
        }
        onBroken.accept(breakReason);
    }

    /** The highest offset sent to this member (for tests and monitoring). */
    synchronized long offset() {
        return offset;
    }

    /**
     * Queues one frame; caller holds the monitor. Returns null when sent (or refused by a writer that
     * closes itself), "" when dropped as already had, otherwise why the stream is broken.
     */
    private String forward(OutboundText text, StreamPosition position) {
        if (position.inStream()) {
            if (!position.epoch().equals(epoch)) {
                return "the channel's stream changed (epoch " + position.epoch() + ")";
            }
            if (position.offset() <= offset) {
                return ""; // replayed already, or older than what join.success announced
            }
            if (position.offset() != offset + 1) {
                return "missed channel messages " + (offset + 1) + ".." + (position.offset() - 1);
            }
            offset = position.offset();
        }
        writer.send(text);
        return null;
    }

    private static String nonEmpty(String reason) {
        return reason == null || reason.isEmpty() ? null : reason;
    }
}
