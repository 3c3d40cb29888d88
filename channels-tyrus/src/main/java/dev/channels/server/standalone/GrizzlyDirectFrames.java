package dev.channels.server.standalone;

import dev.channels.transport.RawFrameWriter;
import jakarta.websocket.Session;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.glassfish.grizzly.CompletionHandler;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.WriteResult;
import org.glassfish.grizzly.asyncqueue.AsyncQueueEnabledTransport;
import org.glassfish.grizzly.asyncqueue.AsyncQueueWriter;
import org.glassfish.grizzly.asyncqueue.MessageCloner;
import org.glassfish.grizzly.asyncqueue.WritableMessage;
import org.glassfish.grizzly.memory.ByteBufferWrapper;

/**
 * The standalone runner's raw frames ({@link RawFrameWriter}): a channel server's writers put their
 * pre-encoded frames straight into the connection's Grizzly write queue ({@link AsyncQueueWriter}),
 * the queue every write of that connection ends in. What Tyrus's own send adds per frame and this
 * skips: a new text frame (the UTF-8 encoding of the text, per session), the ProtocolHandler's send
 * lock, a future, a completion wrapper, {@code GrizzlyWriter}'s task queue and lock, and the whole
 * Grizzly filter chain on the way down. The bytes and their order are the same: a writer queues whole
 * frames, one write at a time, so they never interleave with the frames Tyrus writes itself (pongs,
 * its close frame), each a whole record of the same queue. No write is taken once Tyrus has queued its
 * close frame ({@link ReapingWriter#closeQueued()}).
 *
 * <p>How a writer finds its connection, without reflection: Tyrus opens the session (calls the
 * endpoint's {@code onOpen}) inside {@code UpgradeInfo.createConnection}, on the thread that handles
 * the upgrade, and the channel server makes the session's writer there. {@link WebSocketUpgradeFilter}
 * runs that call inside {@link #whileOpening}, which puts the connection's {@link ReapingWriter} (the
 * runner's own, holding the Grizzly connection) in a thread-local slot for exactly its duration;
 * {@link #FACTORY}, the factory the runner gives the channel server, takes it from there, once, for a
 * session of this runner's container. Asked anywhere else (another thread, after {@code onOpen}, a
 * second time for the same connection, for a client session) it has none and the writer uses
 * {@code sendText}. Only plain connections write into the queue: on a TLS
 * connection the queue would take bytes that must first be encrypted by the connection's filter chain,
 * so there the frames go through Tyrus's writer of the connection ({@link ThroughFilterChain}), down
 * the filter chain, as Tyrus's own {@code sendRawFrame} writes them.
 *
 * <p>Thread-safety: one {@link dev.channels.transport.SessionWriter} writes, never two writes at once;
 * the completion handler ({@code this}: no allocation per write beyond the buffer's wrapper) runs on
 * whichever thread finishes the write (the writing thread when the socket takes it all at once, else a
 * Grizzly selector or worker thread) and only calls the writer's callback. Final fields only; the
 * opening slot belongs to the thread that handles the upgrade.
 */
final class GrizzlyDirectFrames implements RawFrameWriter, CompletionHandler<WriteResult<WritableMessage, SocketAddress>> {

    /** A connection whose session is being opened: its writer, and whether its bytes go on the wire as written (no TLS). */
    private record Opening(ReapingWriter writer, boolean plain) {
    }

    /** Per thread: the connection whose session is being opened on it, or null. */
    private static final ThreadLocal<Opening> OPENING = new ThreadLocal<>();

    /** The factory the standalone runner gives the channel server ({@link StandaloneServer}). */
    static final RawFrameWriter.Factory FACTORY = GrizzlyDirectFrames::forOpeningSession;

    private final Connection<SocketAddress> connection;
    private final AsyncQueueWriter<SocketAddress> queue;
    private final ReapingWriter writer;
    private final Consumer<Throwable> done;

    private GrizzlyDirectFrames(Connection<SocketAddress> connection, AsyncQueueWriter<SocketAddress> queue,
                                ReapingWriter writer, Consumer<Throwable> done) {
        this.connection = connection;
        this.queue = queue;
        this.writer = writer;
        this.done = done;
    }

    /**
     * Runs {@code open} (Tyrus's {@code createConnection}, which opens the session) with {@code writer}'s
     * connection as the one whose session is being opened on this thread; {@code plain}: no TLS in its
     * filter chain.
     */
    static <T> T whileOpening(ReapingWriter writer, boolean plain, Supplier<T> open) {
        Opening outer = OPENING.get();
        OPENING.set(new Opening(writer, plain));
        try {
            return open.get();
        } finally {
            if (outer == null) {
                OPENING.remove();
            } else {
                OPENING.set(outer);
            }
        }
    }

    /** The direct writer of the connection whose session is opening on this thread, once; else null. */
    @SuppressWarnings("unchecked")
    private static RawFrameWriter forOpeningSession(Session session, Consumer<Throwable> done) {
        Opening opening = OPENING.get();
        if (opening == null || !(session.getContainer() instanceof GrizzlyChannelContainer)) {
            return null; // not inside an upgrade of this runner, or not a session of its (a client's, say)
        }
        OPENING.set(null); // one raw writer per connection
        ReapingWriter writer = opening.writer();
        if (!opening.plain()) {
            return new ThroughFilterChain(writer, done);
        }
        Connection<?> c = writer.connection();
        if (!(c.getTransport() instanceof AsyncQueueEnabledTransport t) || t.getAsyncQueueIO() == null
                || t.getAsyncQueueIO().getWriter() == null) {
            return null;
        }
        return new GrizzlyDirectFrames((Connection<SocketAddress>) c,
                (AsyncQueueWriter<SocketAddress>) t.getAsyncQueueIO().getWriter(), writer, done);
    }

    @Override
    public void write(ByteBuffer frames) {
        if (writer.closeQueued()) {
            throw new IllegalStateException("the WebSocket is closed");
        }
        // no cloner: the frame bytes are never written to after they are made, so Grizzly may keep
        // this very buffer queued when the socket cannot take it at once
        queue.write(connection, null, new ByteBufferWrapper(frames), this, (MessageCloner<WritableMessage>) null);
    }

    @Override
    public void completed(WriteResult<WritableMessage, SocketAddress> result) {
        done.accept(null);
    }

    @Override
    public void failed(Throwable throwable) {
        done.accept(throwable);
    }

    @Override
    public void cancelled() {
        done.accept(new CancellationException("write cancelled by Grizzly"));
    }

    @Override
    public void updated(WriteResult<WritableMessage, SocketAddress> result) {
        // partial progress of a queued write: nothing to do until it completes
    }

    /**
     * Raw frames on a TLS connection: handed to Tyrus's writer of the connection ({@code GrizzlyWriter},
     * behind {@link ReapingWriter}), which writes them down the connection's filter chain, its TLS filter
     * included, in its own order; what Tyrus's {@code sendRawFrame} does, without its send lock and future.
     * Same threads as the enclosing class: one writer writes, the completion runs on whichever thread ends
     * the write.
     */
    static final class ThroughFilterChain extends org.glassfish.tyrus.spi.CompletionHandler<ByteBuffer>
            implements RawFrameWriter {
        private final ReapingWriter writer;
        private final Consumer<Throwable> done;

        ThroughFilterChain(ReapingWriter writer, Consumer<Throwable> done) {
            this.writer = writer;
            this.done = done;
        }

        @Override
        public void write(ByteBuffer frames) {
            if (writer.closeQueued()) {
                throw new IllegalStateException("the WebSocket is closed");
            }
            writer.write(frames, this);
        }

        @Override
        public void completed(ByteBuffer result) {
            done.accept(null);
        }

        @Override
        public void failed(Throwable throwable) {
            done.accept(throwable);
        }

        @Override
        public void cancelled() {
            done.accept(new CancellationException("write cancelled"));
        }
    }
}
