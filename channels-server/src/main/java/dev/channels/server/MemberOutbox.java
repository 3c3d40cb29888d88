package dev.channels.server;

import dev.channels.server.engine.StreamPosition;
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
 * <p>Thread-safety: all state is guarded by this object's monitor; it is held only while frames are
 * queued on the writer, which never blocks (the writer's own thread does the I/O). The broken-stream
 * callback runs outside the monitor.
 */
final class MemberOutbox {

    private record Held(String text, StreamPosition position) {
    }

    private final SessionWriter writer;
    private final int maxHeld;
    private final Consumer<String> onBroken;
    /** Frames waiting for {@link #open}; null once open. Guarded by this. */
    private List<Held> held = new ArrayList<>();
    /** The epoch and highest offset this member has (or was told of in join.success). Guarded by this. */
    private String epoch = "";
    private long offset;
    private boolean broken;

    /**
     * @param maxHeld  how many frames may wait for {@link #open} (the connection's queue bound); one more breaks it
     * @param onBroken called once, outside the monitor, with the reason, when the member must be closed
     */
    MemberOutbox(SessionWriter writer, int maxHeld, Consumer<String> onBroken) {
        this.writer = writer;
        this.maxHeld = maxHeld;
        this.onBroken = onBroken;
    }

    /** Sends a frame that is not a channel-stream message (direct message, event); held until open. */
    boolean send(String text) {
        return deliver(text, StreamPosition.NONE);
    }

    /** Sends a channel message at {@code position} ({@link StreamPosition#NONE}: not in a stream). */
    boolean deliver(String text, StreamPosition position) {
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
                breakReason = "too many messages while joining";
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
     * order), then the held frames that the member does not have yet, and opens the door.
     *
     * @param from the position the member has before the replay: the {@code since} of a recovery,
     *             the stream's top otherwise ({@link StreamPosition#NONE} without history)
     */
    void open(String joinSuccess, List<String> replayTexts, List<StreamPosition> replayPositions, StreamPosition from) {
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
    private String forward(String text, StreamPosition position) {
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
