package dev.channels.testkit;

import jakarta.websocket.CloseReason;
import jakarta.websocket.EncodeException;
import jakarta.websocket.Extension;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;

/**
 * A {@link Session} with no socket, for unit tests of code that writes to sessions (OkHttp's
 * {@code RealWebSocketTest} is the model): its async remote records every text frame and ping, and
 * each {@code sendText(String, SendHandler)} stays in flight until the test {@link #completeNext()
 * completes} or {@link #failNext fails} it, so a test decides when the "network" has taken a frame
 * (with {@link #autoComplete(boolean) autoComplete} every send completes at once). {@link #close}
 * records its reason. The basic remote records synchronously.
 *
 * <p>Thread-safety: all state is guarded by this object's monitor; a send's {@link SendHandler} is
 * called outside it, on the thread that completes the send (the test's), so code that sends the
 * next frame from inside its handler does not deadlock with the fake.
 */
public final class FakeSession implements Session {

    private final String id;
    private final Map<String, Object> userProperties = new ConcurrentHashMap<>();
    /** Every text frame handed to the session, in order, whether or not its send completed. Guarded by this. */
    private final List<String> texts = new ArrayList<>();
    /** The sends not completed yet, oldest first. Guarded by this. */
    private final Deque<SendHandler> inFlight = new ArrayDeque<>();
    private int pings;
    private boolean autoComplete;
    private CloseReason closeReason;
    private long sendTimeout;

    /** An open session with id {@code id}, whose sends wait for the test. */
    public FakeSession(String id) {
        this.id = id;
    }

    /** With {@code true}, each later send completes (successfully) before {@code sendText} returns. */
    public synchronized FakeSession autoComplete(boolean on) {
        this.autoComplete = on;
        return this;
    }

    /** The text frames handed to the session so far, in order. */
    public synchronized List<String> texts() {
        return List.copyOf(texts);
    }

    /** How many sends are in flight (handed over, not completed). */
    public synchronized int inFlight() {
        return inFlight.size();
    }

    /** How many pings were sent. */
    public synchronized int pings() {
        return pings;
    }

    /** The reason the session was closed with, or null while open. */
    public synchronized CloseReason closeReason() {
        return closeReason;
    }

    /** The async remote's send timeout last set, in milliseconds. */
    public synchronized long sendTimeout() {
        return sendTimeout;
    }

    /** Completes the oldest send in flight successfully; fails when none is. */
    public void completeNext() {
        next().onResult(new SendResult());
    }

    /** Completes the oldest send in flight with {@code failure}; fails when none is. */
    public void failNext(Throwable failure) {
        next().onResult(new SendResult(failure));
    }

    private synchronized SendHandler next() {
        SendHandler handler = inFlight.pollFirst();
        if (handler == null) {
            throw new IllegalStateException("no send in flight");
        }
        return handler;
    }

    private void sendText(String text, SendHandler handler) {
        boolean now;
        synchronized (this) {
            texts.add(text);
            now = autoComplete;
            if (!now) {
                inFlight.addLast(handler);
            }
        }
        if (now) {
            handler.onResult(new SendResult());
        }
    }

    private synchronized void recordText(String text) throws IOException {
        if (closeReason != null) {
            throw new IOException("session closed");
        }
        texts.add(text);
    }

    private synchronized void ping() {
        pings++;
    }

    @Override
    public synchronized boolean isOpen() {
        return closeReason == null;
    }

    @Override
    public void close() {
        close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, ""));
    }

    @Override
    public synchronized void close(CloseReason reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public Map<String, Object> getUserProperties() {
        return userProperties;
    }

    @Override
    public RemoteEndpoint.Async getAsyncRemote() {
        return new Async();
    }

    @Override
    public RemoteEndpoint.Basic getBasicRemote() {
        return new Basic();
    }

    @Override
    public String toString() {
        return "FakeSession[" + id + "]";
    }

    /** The recording async remote. */
    private final class Async extends Remote implements RemoteEndpoint.Async {
        @Override
        public long getSendTimeout() {
            synchronized (FakeSession.this) {
                return sendTimeout;
            }
        }

        @Override
        public void setSendTimeout(long timeoutMillis) {
            synchronized (FakeSession.this) {
                sendTimeout = timeoutMillis;
            }
        }

        @Override
        public void sendText(String text, SendHandler handler) {
            FakeSession.this.sendText(text, handler);
        }

        @Override
        public Future<Void> sendText(String text) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            FakeSession.this.sendText(text, result -> {
                if (result.isOK()) {
                    done.complete(null);
                } else {
                    done.completeExceptionally(result.getException());
                }
            });
            return done;
        }

        @Override
        public Future<Void> sendBinary(ByteBuffer data) {
            throw new UnsupportedOperationException("binary frames");
        }

        @Override
        public void sendBinary(ByteBuffer data, SendHandler handler) {
            throw new UnsupportedOperationException("binary frames");
        }

        @Override
        public Future<Void> sendObject(Object data) {
            throw new UnsupportedOperationException("objects");
        }

        @Override
        public void sendObject(Object data, SendHandler handler) {
            throw new UnsupportedOperationException("objects");
        }
    }

    /** The recording basic remote: a text is recorded at once; fails once the session is closed. */
    private final class Basic extends Remote implements RemoteEndpoint.Basic {
        @Override
        public void sendText(String text) throws IOException {
            recordText(text);
        }

        @Override
        public void sendBinary(ByteBuffer data) {
            throw new UnsupportedOperationException("binary frames");
        }

        @Override
        public void sendText(String partialMessage, boolean isLast) {
            throw new UnsupportedOperationException("partial frames");
        }

        @Override
        public void sendBinary(ByteBuffer partialByte, boolean isLast) {
            throw new UnsupportedOperationException("binary frames");
        }

        @Override
        public OutputStream getSendStream() {
            throw new UnsupportedOperationException("streams");
        }

        @Override
        public Writer getSendWriter() {
            throw new UnsupportedOperationException("streams");
        }

        @Override
        public void sendObject(Object data) throws EncodeException {
            throw new UnsupportedOperationException("objects");
        }
    }

    /** What both remotes share: pings are counted, batching is off, pongs are ignored. */
    private abstract class Remote implements RemoteEndpoint {
        @Override
        public void setBatchingAllowed(boolean allowed) {
            // no batching
        }

        @Override
        public boolean getBatchingAllowed() {
            return false;
        }

        @Override
        public void flushBatch() {
            // nothing batched
        }

        @Override
        public void sendPing(ByteBuffer applicationData) {
            ping();
        }

        @Override
        public void sendPong(ByteBuffer applicationData) {
            // not recorded
        }
    }

    // What the code under test does not use: defaults, or unsupported.

    @Override
    public WebSocketContainer getContainer() {
        return null;
    }

    @Override
    public void addMessageHandler(MessageHandler handler) {
        throw new UnsupportedOperationException("message handlers");
    }

    @Override
    public <T> void addMessageHandler(Class<T> clazz, MessageHandler.Whole<T> handler) {
        throw new UnsupportedOperationException("message handlers");
    }

    @Override
    public <T> void addMessageHandler(Class<T> clazz, MessageHandler.Partial<T> handler) {
        throw new UnsupportedOperationException("message handlers");
    }

    @Override
    public Set<MessageHandler> getMessageHandlers() {
        return Set.of();
    }

    @Override
    public void removeMessageHandler(MessageHandler handler) {
        // none added
    }

    @Override
    public String getProtocolVersion() {
        return "13";
    }

    @Override
    public String getNegotiatedSubprotocol() {
        return "";
    }

    @Override
    public List<Extension> getNegotiatedExtensions() {
        return List.of();
    }

    @Override
    public boolean isSecure() {
        return false;
    }

    @Override
    public long getMaxIdleTimeout() {
        return 0;
    }

    @Override
    public void setMaxIdleTimeout(long milliseconds) {
        // no idle timeout
    }

    @Override
    public void setMaxBinaryMessageBufferSize(int length) {
        // not used
    }

    @Override
    public int getMaxBinaryMessageBufferSize() {
        return 0;
    }

    @Override
    public void setMaxTextMessageBufferSize(int length) {
        // not used
    }

    @Override
    public int getMaxTextMessageBufferSize() {
        return 0;
    }

    @Override
    public URI getRequestURI() {
        return URI.create("ws://localhost/fake/" + id);
    }

    @Override
    public Map<String, List<String>> getRequestParameterMap() {
        return new HashMap<>();
    }

    @Override
    public String getQueryString() {
        return null;
    }

    @Override
    public Map<String, String> getPathParameters() {
        return new HashMap<>();
    }

    @Override
    public Principal getUserPrincipal() {
        return null;
    }

    @Override
    public Set<Session> getOpenSessions() {
        return Set.of(this);
    }
}
