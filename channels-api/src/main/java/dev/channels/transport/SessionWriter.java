package dev.channels.transport;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one writer of a WebSocket {@link Session}: frames to one peer go out one at a time, in the
 * order they were queued, with no lock held across I/O and no thread per message.
 *
 * <p>{@link #send(String)} appends a pre-encoded text frame to a bounded queue and returns at once.
 * The queue is drained through {@link jakarta.websocket.RemoteEndpoint.Async#sendText(String,
 * jakarta.websocket.SendHandler)}: whichever thread finds the writer idle starts the next send, and
 * each send's completion callback starts the one after it. Containers reject concurrent sends on one
 * session, so pings ({@link #ping()}) and the final close ({@link #closeAfterDrain}) go through this
 * writer too; a requested ping goes out ahead of queued data.
 *
 * <p>When a slow reader lets the queue pass its bound ({@link SessionWriterOptions}), the
 * {@link OverflowPolicy} applies: by default the connection is closed with 1013 (Try Again Later) and
 * the listener told, on the caller's thread, inside whatever locks the caller holds (a server queues
 * frames under a member's outbox monitor): the listener must not block nor call back into anything
 * that takes locks or sends to other writers (hand such work to another thread); the caller that
 * overflowed never waits on the peer. A failed send (write
 * timeout, closed socket) fails the writer once: the queue is dropped, the listener told, the session
 * closed quietly.
 *
 * <p>Raw frames: given a {@link RawFrameWriter.Factory} by the module that owns the socket (the
 * standalone runner gives one; a container gives none) that has a raw writer for the session, and with
 * no extension negotiated, text goes out as the {@link OutboundText}'s pre-encoded frame, the same
 * bytes for every writer it is queued on (the runtime gets a read-only view), instead of
 * {@code sendText} encoding it again per session; and when several text frames are queued, up to
 * {@value #MAX_BATCH_BYTES} bytes of them go out in one write. Order, bounds, overflow, failures and
 * closes are the same on both paths; {@link #rawFrames()} says which one a writer uses (chosen once,
 * when it is made).
 *
 * <p>Thread-safety: every method may be called from any thread. The queue, its size counters and the
 * {@code writing}/{@code closed}/{@code pingRequested} flags are guarded by {@code lock}; container
 * calls ({@code sendText}, {@code sendPing}, {@code close}) are made outside it. Depends only on the
 * Jakarta WebSocket API, so clients and servers share it.
 *
 * @since 0.1.0
 */
public final class SessionWriter {

    private static final System.Logger LOG = System.getLogger(SessionWriter.class.getName());
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /** Most bytes of queued frames joined into one raw write. */
    static final int MAX_BATCH_BYTES = 64 * 1024;
    /** Most queued frames joined into one raw write. */
    static final int MAX_BATCH_FRAMES = 64;

    /** What goes out next: a text frame or the closing handshake. */
    private sealed interface Frame permits Ping, Text, Raw, RawBytes, Close {
    }

    private record Ping() implements Frame {
    }

    private record Text(OutboundText text) implements Frame {
    }

    /** Whole encoded frames for the raw writer: made outside the lock from the queued texts. */
    private record Raw(OutboundText[] texts, int count) implements Frame {
    }

    /** What the raw writer is handed: one or more whole frames. */
    private record RawBytes(ByteBuffer frames) implements Frame {
    }

    private record Close(CloseReason reason) implements Frame {
    }

    private static final Frame PING = new Ping();

    private final Session session;
    private final SessionWriterOptions options;
    private final SessionWriterListener listener;
    /** Times the send in flight ({@link #inFlightNanos()}); {@code System::nanoTime} but in tests. */
    private final LongSupplier nanoClock;
    /** The runtime's raw frame writer, or null: the portable {@code sendText}. Chosen once, in the constructor. */
    private final RawFrameWriter raw;
    private final AtomicBoolean failureReported = new AtomicBoolean();

    private final Object lock = new Object();
    // guarded by lock
    private final ArrayDeque<Frame> queue = new ArrayDeque<>(1); // not pre-sized: most connections are idle
    private long queuedChars;
    private boolean writing;
    private boolean closed;
    private boolean pingRequested;
    private Thread dispatchingThread;
    private long sendStartedNanos;

    /**
     * A writer for {@code session} that uses the portable {@code sendText}.
     *
     * @param session  the open session to write to
     * @param options  queue bounds, overflow policy and send timeout
     * @param listener told once when the writer gives up on the session (overflow or failed send)
     */
    public SessionWriter(Session session, SessionWriterOptions options, SessionWriterListener listener) {
        this(session, options, listener, RawFrameWriter.Factory.NONE);
    }

    /**
     * A writer for {@code session} that hands the runtime pre-encoded frames when {@code rawFrames}
     * has a raw writer for it and the session negotiated no extension, else uses {@code sendText}.
     * Only a server's writer may be given a factory other than {@link RawFrameWriter.Factory#NONE}
     * (client frames must be masked).
     *
     * @param session   the open session to write to
     * @param options   queue bounds, overflow policy and send timeout
     * @param listener  told once when the writer gives up on the session (overflow or failed send)
     * @param rawFrames the raw writers of the runtime that owns the socket, asked once, now
     */
    public SessionWriter(Session session, SessionWriterOptions options, SessionWriterListener listener,
                         RawFrameWriter.Factory rawFrames) {
        this(session, options, listener, rawFrames, System::nanoTime);
    }

    /**
     * As {@link #SessionWriter(Session, SessionWriterOptions, SessionWriterListener, RawFrameWriter.Factory)},
     * timing its sends ({@link #inFlightNanos()}) on {@code nanoClock} instead of {@link System#nanoTime()}:
     * for tests that pass the time in rather than wait for it.
     *
     * @param nanoClock a monotonic clock in nanoseconds (only differences of its readings are used)
     */
    public SessionWriter(Session session, SessionWriterOptions options, SessionWriterListener listener,
                         RawFrameWriter.Factory rawFrames, LongSupplier nanoClock) {
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.session = Objects.requireNonNull(session, "session");
        this.options = Objects.requireNonNull(options, "options");
        this.listener = Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(rawFrames, "rawFrames");
        this.raw = rawFrames != RawFrameWriter.Factory.NONE && session.getNegotiatedExtensions().isEmpty()
                ? rawFrames.forSession(session, this::completed) : null;
        if (options.sendTimeout().toMillis() > 0) {
            session.getAsyncRemote().setSendTimeout(options.sendTimeout().toMillis());
        }
    }

    /** A writer with default options and a listener that does nothing. */
    public SessionWriter(Session session) {
        this(session, SessionWriterOptions.defaults(), new SessionWriterListener() { });
    }

    /**
     * Whether this writer hands the runtime pre-encoded frames (the fast path) rather than
     * {@code sendText} (the portable path).
     */
    public boolean rawFrames() {
        return raw != null;
    }

    /** The raw frame writer this writer uses, or null on the portable path (for tests). */
    RawFrameWriter rawFrameWriter() {
        return raw;
    }

    /** The session this writer owns. */
    public Session session() {
        return session;
    }

    /**
     * Queues a text frame. Returns at once.
     *
     * @return {@code true} when queued; {@code false} when the writer is closed or the frame was
     *         refused by the overflow policy
     */
    public boolean send(String text) {
        return send(OutboundText.of(text));
    }

    /**
     * Queues a text frame that may be queued on other writers too (a broadcast): on the raw path
     * every writer sends the same encoded bytes. Returns at once.
     *
     * @return {@code true} when queued; {@code false} when the writer is closed or the frame was
     *         refused by the overflow policy
     */
    public boolean send(OutboundText text) {
        Objects.requireNonNull(text, "text");
        if (raw != null) {
            text.frameSize(); // encode (once for all writers) on the caller's thread, not under the lock
        }
        boolean overflow;
        synchronized (lock) {
            if (closed) {
                return false;
            }
            overflow = queue.size() >= options.maxQueuedFrames()
                    || queuedChars + text.length() > options.maxQueuedChars();
            if (!overflow) {
                queue.addLast(new Text(text));
                queuedChars += text.length();
            } else if (options.overflowPolicy() == OverflowPolicy.DISCONNECT) {
                closed = true;
                queue.clear();
                queuedChars = 0;
            }
        }
        if (overflow) {
            onOverflow();
            return false;
        }
        drain();
        return true;
    }

    /** Requests a ping; it goes out before any queued data. Ignored when closed. */
    public void ping() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            pingRequested = true;
        }
        drain();
    }

    /**
     * Sends the frames already queued, then closes the session with {@code reason}. Frames queued
     * later are refused.
     */
    public void closeAfterDrain(CloseReason reason) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            queue.addLast(new Close(reason));
        }
        drain();
    }

    /**
     * Drops whatever is queued and closes the session with {@code reason} at once, on the close
     * executor (like every other close of this writer), so the caller never blocks on the peer.
     */
    public void closeNow(CloseReason reason) {
        synchronized (lock) {
            closed = true;
            queue.clear();
            queuedChars = 0;
        }
        options.closeExecutor().execute(() -> closeQuietly(reason));
    }

    /** Whether the writer accepts no more frames. */
    public boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    /** Frames waiting to be sent (not counting one in flight). */
    public int queuedFrames() {
        synchronized (lock) {
            return queue.size();
        }
    }

    /** Characters of text waiting to be sent (not counting one in flight). */
    public long queuedChars() {
        synchronized (lock) {
            return queuedChars;
        }
    }

    /**
     * Whether the calling thread is inside this writer's hand-over of a frame to the container. A
     * container may report a close or an error on the session from inside a failed send (Jetty does):
     * an owner that reacts to such a callback by calling into other components must not do it on that
     * stack (it may hold the owner's locks: the server's member outbox, say), and can ask here.
     */
    public boolean isDispatchingOnThisThread() {
        synchronized (lock) {
            return dispatchingThread == Thread.currentThread();
        }
    }

    /**
     * How long the send in flight has been running, or 0 when the writer is idle. Lets an owner that
     * cannot rely on the container's send timeout detect a peer that stopped reading.
     */
    public long inFlightNanos() {
        synchronized (lock) {
            return writing ? nanoClock.getAsLong() - sendStartedNanos : 0;
        }
    }

    /**
     * Starts the next send when the writer is idle. Loops instead of recursing when a container
     * completes a send on the calling thread, so the stack stays flat.
     */
    private void drain() {
        Thread me = Thread.currentThread();
        for (;;) {
            Frame next;
            synchronized (lock) {
                if (writing) {
                    return;
                }
                next = pollNext();
                if (next == null) {
                    return;
                }
                writing = true;
                dispatchingThread = me;
                sendStartedNanos = nanoClock.getAsLong();
            }
            dispatch(next instanceof Raw r ? rawFrame(r) : next);
            synchronized (lock) {
                if (dispatchingThread == me) {
                    dispatchingThread = null;
                }
                if (writing) {
                    return; // still in flight: its completion callback continues the drain
                }
            }
        }
    }

    // guarded by lock
    private Frame pollNext() {
        if (pingRequested) {
            pingRequested = false;
            return PING;
        }
        Frame next = queue.pollFirst();
        if (next instanceof Text t) {
            queuedChars -= t.text().length();
            if (raw != null && t.text().frameSize() > 0) {
                return batch(t.text());
            }
        }
        return next;
    }

    /**
     * The raw frames to write next: {@code first} and the text frames queued right behind it, up to
     * {@link #MAX_BATCH_FRAMES} and {@link #MAX_BATCH_BYTES}. Guarded by lock.
     */
    private Frame batch(OutboundText first) {
        int bytes = first.frameSize();
        if (!(queue.peekFirst() instanceof Text)) {
            return new RawBytes(first.serverFrame()); // the common case: a read-only view, no copy
        }
        OutboundText[] texts = new OutboundText[Math.min(MAX_BATCH_FRAMES, queue.size() + 1)];
        texts[0] = first;
        int count = 1;
        while (count < texts.length && queue.peekFirst() instanceof Text t) {
            int size = t.text().frameSize();
            if (size == 0 || bytes + size > MAX_BATCH_BYTES) {
                break;
            }
            queue.pollFirst();
            queuedChars -= t.text().length();
            texts[count++] = t.text();
            bytes += size;
        }
        return new Raw(texts, count);
    }

    /** Joins a batch into one buffer (outside the lock); a single frame is a read-only view of the shared bytes. */
    private static Frame rawFrame(Raw batch) {
        if (batch.count() == 1) {
            return new RawBytes(batch.texts()[0].serverFrame());
        }
        int total = 0;
        for (int i = 0; i < batch.count(); i++) {
            total += batch.texts()[i].frameSize();
        }
        ByteBuffer joined = ByteBuffer.allocate(total);
        for (int i = 0; i < batch.count(); i++) {
            joined.put(batch.texts()[i].serverFrame());
        }
        return new RawBytes(joined.flip());
    }

    /**
     * Hands one frame to the container. Whatever the container throws, an Error included (Tyrus throws
     * one for text that has no UTF-8 form), fails this writer like a failed send: the writer must never
     * stay "writing" with nobody to complete it, and nothing may escape into the caller's loop (a
     * broadcast queues on every member from one thread).
     */
    private void dispatch(Frame frame) {
        if (frame instanceof Ping) {
            try {
                session.getAsyncRemote().sendPing(EMPTY.duplicate());
                completed(null);
            } catch (Throwable e) {
                completed(e);
            }
        } else if (frame instanceof Text t) {
            try {
                session.getAsyncRemote().sendText(t.text().text(), this::onSendResult);
            } catch (Throwable e) {
                completed(e);
            }
        } else if (frame instanceof RawBytes r) {
            try {
                raw.write(r.frames()); // completes through completed(), given to the raw writer once
            } catch (Throwable e) {
                completed(e);
            }
        } else {
            CloseReason reason = ((Close) frame).reason();
            options.closeExecutor().execute(() -> closeQuietly(reason));
            completed(null);
        }
    }

    private void onSendResult(SendResult result) {
        completed(result.isOK() ? null : result.getException());
    }

    private void completed(Throwable failure) {
        boolean continueHere;
        synchronized (lock) {
            writing = false;
            if (failure != null) {
                closed = true;
                queue.clear();
                queuedChars = 0;
            }
            continueHere = dispatchingThread != Thread.currentThread();
        }
        if (failure != null) {
            fail(failure);
        } else if (continueHere) {
            drain();
        }
    }

    private void onOverflow() {
        if (options.overflowPolicy() == OverflowPolicy.DROP) {
            LOG.log(Level.DEBUG, "outbound queue of session {0} is full: frame dropped", session.getId());
            listener.onFrameDropped(this);
            return;
        }
        // the peer's doing, once per connection: DEBUG, so that a crowd of slow readers cannot flood the log
        LOG.log(Level.DEBUG, "outbound queue of session {0} is full (slow reader): closing it", session.getId());
        if (failureReported.compareAndSet(false, true)) {
            listener.onOverflow(this);
        }
        options.closeExecutor().execute(() -> closeQuietly(
                new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER, "outbound queue full: reading too slowly")));
    }

    private void fail(Throwable failure) {
        if (!failureReported.compareAndSet(false, true)) {
            return;
        }
        LOG.log(Level.DEBUG, "send to session " + session.getId() + " failed: closing it", failure);
        listener.onFailure(this, failure);
        options.closeExecutor().execute(() -> closeQuietly(
                new CloseReason(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "send failed")));
    }

    private void closeQuietly(CloseReason reason) {
        try {
            if (session.isOpen()) {
                session.close(reason);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "closing session " + session.getId() + " failed", e);
        }
    }
}
