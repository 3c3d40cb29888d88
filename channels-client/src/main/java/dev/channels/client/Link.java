package dev.channels.client;

import dev.channels.api.Message;
import dev.channels.transport.SessionWriter;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One physical WebSocket connection of a channel: the first join makes one, each reconnect another.
 *
 * <p>Fields are written once by the container's {@code onOpen}/{@code onClose} threads or by the
 * owning {@link ChannelConnection} and read anywhere, hence volatile. {@link #joined} completes
 * with the {@code join.success} (reader thread) or fails when the link closes first;
 * {@link #closed} completes when the container reports the close.
 */
final class Link {

    final CompletableFuture<Message> joined = new CompletableFuture<>();
    final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    private final AtomicBoolean closeHandled = new AtomicBoolean();
    private volatile Session session;
    private volatile SessionWriter writer;
    private volatile long lastPongNanos = System.nanoTime();
    private volatile ScheduledFuture<?> heartbeat;

    void opened(Session session, SessionWriter writer) {
        this.session = session;
        this.writer = writer;
        this.lastPongNanos = System.nanoTime();
    }

    /** Records the container's close; a join still waiting fails. */
    void onClosed(CloseReason reason) {
        joined.completeExceptionally(new ClosedBeforeJoinException(reason));
        closed.complete(reason);
        stopHeartbeat();
    }

    /** Claims the single handling of this link's end; true for the first caller only. */
    boolean claimCloseHandling() {
        return closeHandled.compareAndSet(false, true);
    }

    SessionWriter writer() {
        return writer;
    }

    Session session() {
        return session;
    }

    void ponged() {
        lastPongNanos = System.nanoTime();
    }

    long silentNanos() {
        return System.nanoTime() - lastPongNanos;
    }

    void heartbeat(ScheduledFuture<?> task) {
        this.heartbeat = task;
        if (closed.isDone()) {
            task.cancel(false);
        }
    }

    void stopHeartbeat() {
        ScheduledFuture<?> task = heartbeat;
        if (task != null) {
            task.cancel(false);
        }
    }

    /** Drops a link that will not be used (join failed or the channel was left meanwhile). */
    void abandon(CloseReason reason) {
        stopHeartbeat();
        SessionWriter w = writer;
        if (w != null) {
            w.closeAfterDrain(reason);
        }
    }
}
