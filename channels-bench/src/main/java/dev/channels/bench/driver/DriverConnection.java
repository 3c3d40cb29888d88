package dev.channels.bench.driver;

import java.net.http.WebSocket;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * One driver-side WebSocket connection (JDK {@link WebSocket}, non-blocking).
 *
 * <p>Receiving: the JDK calls {@link #onText} for one connection at a time; partial frames are
 * joined here and whole frames go to the {@link FrameListener}. The first frame that is a
 * {@code join.success} (channels) or {@code joined} (raw endpoint) completes {@link #joined()}.
 * On a {@link Wire#SOCKET_IO} connection the Engine.IO/Socket.IO control packets are answered here
 * (open {@code 0} -> connect {@code 40}; ping {@code 2} -> pong {@code 3}) and the {@code joined} event
 * completes {@link #joined()}; only events ({@code 42[...]}) reach the listener.
 * On a {@link Wire#SESSION} connection the server's {@code session.ready} makes it send its
 * {@code channel.join} frames (all at once, queued like any send); {@link #joined()} completes with the
 * last {@code join.success}, and a refused join ({@code originType} {@code channel.join}) fails it.
 * {@link #joinedNanos()} is when {@link #joined()} completed, read on the receive thread.
 *
 * <p>Sending: the JDK allows one outstanding send per connection, so {@link #send} queues frames in a
 * bounded queue guarded by {@code this} and the completion of one send starts the next. No lock is
 * held while the JDK sends.
 */
final class DriverConnection implements WebSocket.Listener {

    private final FrameListener listener;
    private final Wire wire;
    private final int maxQueued;
    private final CompletableFuture<DriverConnection> joined = new CompletableFuture<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private volatile WebSocket webSocket;
    private StringBuilder partial; // touched only by the JDK's (serial) receive callbacks
    private final List<String> sessionJoins; // SESSION: the channel.join frames to send on session.ready
    private int joinsPending; // SESSION: join.success frames still due; touched only by the receive callbacks
    private volatile long joinedNanos;

    // guarded by this
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private boolean sending;
    private Throwable sendFailure;

    DriverConnection(FrameListener listener, int maxQueued) {
        this(Wire.CHANNELS, listener, maxQueued);
    }

    DriverConnection(Wire wire, FrameListener listener, int maxQueued) {
        this(wire, listener, maxQueued, List.of());
    }

    /** A connection that, on a {@link Wire#SESSION}, sends {@code sessionJoins} once the session is ready. */
    DriverConnection(Wire wire, FrameListener listener, int maxQueued, List<String> sessionJoins) {
        if (wire == Wire.SESSION && sessionJoins.isEmpty()) {
            throw new IllegalArgumentException("a session member joins at least one channel");
        }
        this.wire = wire;
        this.listener = listener;
        this.maxQueued = maxQueued;
        this.sessionJoins = List.copyOf(sessionJoins);
        this.joinsPending = sessionJoins.size();
    }

    /** {@link System#nanoTime()} when the connection joined (every channel, on a session); 0 before. */
    long joinedNanos() {
        return joinedNanos;
    }

    private void markJoined(long now) {
        joinedNanos = now;
        joined.complete(this);
    }

    CompletableFuture<DriverConnection> joined() {
        return joined;
    }

    CompletableFuture<Void> closed() {
        return closed;
    }

    /** Queues {@code text} for sending; throws when the queue is full or a send failed. */
    void send(String text) {
        synchronized (this) {
            if (sendFailure != null) {
                throw new IllegalStateException("send failed", sendFailure);
            }
            if (sending) {
                if (queue.size() >= maxQueued) {
                    throw new IllegalStateException("send queue full (" + maxQueued + ")");
                }
                queue.add(text);
                return;
            }
            sending = true;
        }
        startSend(text);
    }

    private void startSend(String text) {
        webSocket.sendText(text, true).whenComplete((ws, failure) -> {
            String next;
            synchronized (this) {
                if (failure != null) {
                    sendFailure = failure;
                    queue.clear();
                    sending = false;
                    return;
                }
                next = queue.poll();
                if (next == null) {
                    sending = false;
                    return;
                }
            }
            startSend(next);
        });
    }

    /** Starts a normal close; aborts the connection if the server has not closed it within the timeout. */
    CompletableFuture<Void> close(long timeoutMillis) {
        WebSocket ws = webSocket;
        if (ws == null || closed.isDone()) {
            return closed;
        }
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "");
        closed.orTimeout(timeoutMillis, TimeUnit.MILLISECONDS).whenComplete((v, t) -> {
            if (t != null) {
                ws.abort();
                closed.complete(null);
            }
        });
        return closed.exceptionally(t -> null);
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        this.webSocket = webSocket;
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        long now = System.nanoTime();
        String text;
        if (partial == null && last) {
            text = data.toString();
        } else {
            if (partial == null) {
                partial = new StringBuilder(data.length() * 2);
            }
            partial.append(data);
            if (!last) {
                webSocket.request(1);
                return null;
            }
            text = partial.toString();
            partial = null;
        }
        if (wire == Wire.SOCKET_IO) {
            onSocketIoPacket(text, now);
        } else if (wire == Wire.SESSION && !joined.isDone()) {
            onSessionJoining(text, now);
        } else if (!joined.isDone() && isJoin(text)) {
            markJoined(now);
        } else {
            listener.onFrame(this, text, now);
        }
        webSocket.request(1);
        return null;
    }

    /** A frame on a session before every join succeeded: the session's readiness, a join's answer, or other. */
    private void onSessionJoining(String text, long now) {
        if (text.contains("\"type\":\"session.ready\"")) {
            for (String join : sessionJoins) {
                send(join);
            }
        } else if (text.contains("\"type\":\"join.success\"")) {
            if (--joinsPending == 0) {
                markJoined(now);
            }
        } else if (text.contains("\"originType\":\"channel.join\"")) {
            joined.completeExceptionally(new IllegalStateException("channel.join refused: " + text));
        } else {
            listener.onFrame(this, text, now);
        }
    }

    private static boolean isJoin(String text) {
        return text.contains("\"type\":\"join.success\"") || text.contains("\"type\":\"joined\"");
    }

    /** One Engine.IO packet (a whole text frame): answers the protocol's own packets, passes events on. */
    private void onSocketIoPacket(String text, long now) {
        if (text.startsWith("42")) {
            if (!joined.isDone() && text.startsWith("42[\"joined\"")) {
                markJoined(now);
            } else {
                listener.onFrame(this, text, now);
            }
        } else if ("2".equals(text)) {
            send("3");
        } else if (text.startsWith("0{")) {
            send("40");
        } else if (text.startsWith("44") || text.startsWith("41") || text.startsWith("1")) {
            joined.completeExceptionally(new IllegalStateException("Socket.IO refused or closed: " + text));
        }
        // "40{...}" (namespace connected) needs no answer: the room join follows as the "joined" event.
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(null);
        joined.completeExceptionally(new IllegalStateException("closed before join: " + statusCode + " " + reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(null);
        joined.completeExceptionally(error);
    }
}
