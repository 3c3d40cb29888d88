package dev.channels.server.standalone;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import org.glassfish.grizzly.nio.NIOConnection;
import org.glassfish.tyrus.spi.CompletionHandler;
import org.glassfish.tyrus.spi.Writer;
import org.glassfish.tyrus.spi.WriterInfo;

/**
 * Tyrus's writer for one upgraded connection, with a lingering, bounded close and at most one pong
 * queued at a time ({@link #writePong}).
 *
 * <p>Tyrus closes its writer right after it queues a close frame. Closing the socket then has two
 * faults this writer avoids: (1) a socket closed while the peer's bytes are still unread (a flooding
 * client cut with 1008, a frame refused at its header with 1009) makes the kernel answer with a
 * reset, which throws away what is still queued for the peer, the close frame among it: the peer
 * sees 1006 instead of the code the server sent; (2) Grizzly's graceful close waits for every queued
 * byte to go out, for ever if the peer stopped reading (a slow reader cut with 1013 stayed
 * ESTABLISHED, holding its unsent frames). So a close here queues an empty write behind the close
 * frame and, once everything before it is written, only shuts the output down (FIN): the peer reads
 * every frame, the close frame last, then the end of the stream. Whatever the peer still sends is
 * read and dropped ({@link UpgradedConnectionFilter#forget}); the connection ends when the peer
 * closes its side, or is aborted by the {@link ConnectionReaper} after the grace period.
 *
 * <p>Thread-safety: as its delegate (Tyrus's {@code GrizzlyWriter}, which orders writes and this
 * close in its task queue); the completion of the empty write runs on a Grizzly thread. The pong
 * state is written by the reading thread (Tyrus answers a ping there) and by the Grizzly thread that
 * completes a pong, under {@code pongLock}, which is never held across a write or a handler.
 */
final class ReapingWriter extends Writer {

    private static final System.Logger LOG = System.getLogger(ReapingWriter.class.getName());
    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0).asReadOnlyBuffer();

    private final Writer delegate;
    private final org.glassfish.grizzly.Connection<?> connection;
    private final ConnectionReaper reaper;
    /**
     * Whether Tyrus has queued its close frame (or closed this writer): from then on the runner's direct
     * writes ({@link GrizzlyDirectFrames}) are refused. Written by whichever thread Tyrus closes on.
     */
    private volatile boolean closeQueued;

    /** Guards the pong state below; held for no call (no I/O, no handler). */
    private final Object pongLock = new Object();
    /** Whether a pong is written and not yet completed. Guarded by {@link #pongLock}. */
    private boolean pongInFlight;
    /** The latest pong waiting for the one in flight, with its handler and info, or null. Guarded by {@link #pongLock}. */
    private ByteBuffer pendingPong;
    private CompletionHandler<ByteBuffer> pendingHandler;
    private WriterInfo pendingInfo;

    ReapingWriter(Writer delegate, org.glassfish.grizzly.Connection<?> connection, ConnectionReaper reaper) {
        this.delegate = delegate;
        this.connection = connection;
        this.reaper = reaper;
    }

    @Override
    public void write(ByteBuffer buffer, CompletionHandler<ByteBuffer> completionHandler) {
        delegate.write(buffer, completionHandler);
    }

    /** The Grizzly connection this writer writes to. */
    org.glassfish.grizzly.Connection<?> connection() {
        return connection;
    }

    /** Whether Tyrus has queued its close frame on this connection (or closed this writer). */
    boolean closeQueued() {
        return closeQueued;
    }

    @Override
    public void write(ByteBuffer buffer, CompletionHandler<ByteBuffer> completionHandler, WriterInfo writerInfo) {
        if (writerInfo != null && writerInfo.getMessageType() == WriterInfo.MessageType.PONG) {
            writePong(buffer, completionHandler, writerInfo);
            return;
        }
        if (writerInfo != null && writerInfo.getMessageType() == WriterInfo.MessageType.CLOSE) {
            closeQueued = true; // before the close frame: no direct write may follow it
        }
        delegate.write(buffer, completionHandler, writerInfo);
    }

    /**
     * Tyrus answers every ping with a pong of its own, written into Grizzly's write queue, which has
     * no bound: a client that sends pings and never reads grew the server's heap by ~650 B a ping
     * until it ran out (issue 20, case 2). RFC 6455 5.5.3 lets an endpoint answer only the most recent
     * of several pings, so at most one pong is written at a time: a pong that comes while another is
     * still unwritten waits in {@link #pendingPong}, replacing (and completing) the one waiting before
     * it. A client that does not read keeps one pong queued, whatever it sends.
     */
    private void writePong(ByteBuffer pong, CompletionHandler<ByteBuffer> handler, WriterInfo info) {
        CompletionHandler<ByteBuffer> replaced = null;
        boolean writeNow;
        synchronized (pongLock) {
            writeNow = !pongInFlight;
            if (writeNow) {
                pongInFlight = true;
            } else {
                replaced = pendingHandler;
                pendingPong = pong;
                pendingHandler = handler;
                pendingInfo = info;
            }
        }
        if (replaced != null) {
            replaced.completed(null); // answered by the newer pong
        }
        if (writeNow) {
            delegate.write(pong, new PongWritten(handler), info); // outside the lock: it may complete at once
        }
    }

    /** Completes one pong and writes the one that waited for it, if any. Runs on a Grizzly thread. */
    private final class PongWritten extends CompletionHandler<ByteBuffer> {
        private final CompletionHandler<ByteBuffer> handler;

        PongWritten(CompletionHandler<ByteBuffer> handler) {
            this.handler = handler;
        }

        @Override
        public void completed(ByteBuffer result) {
            if (handler != null) {
                handler.completed(result);
            }
            ByteBuffer next;
            CompletionHandler<ByteBuffer> nextHandler;
            WriterInfo nextInfo;
            synchronized (pongLock) {
                next = pendingPong;
                nextHandler = pendingHandler;
                nextInfo = pendingInfo;
                pendingPong = null;
                pendingHandler = null;
                pendingInfo = null;
                pongInFlight = next != null;
            }
            if (next != null) {
                delegate.write(next, new PongWritten(nextHandler), nextInfo);
            }
        }

        @Override
        public void failed(Throwable throwable) {
            CompletionHandler<ByteBuffer> dropped = dropPending();
            if (handler != null) {
                handler.failed(throwable);
            }
            if (dropped != null) {
                dropped.failed(throwable);
            }
        }

        @Override
        public void cancelled() {
            CompletionHandler<ByteBuffer> dropped = dropPending();
            if (handler != null) {
                handler.cancelled();
            }
            if (dropped != null) {
                dropped.cancelled();
            }
        }

        private CompletionHandler<ByteBuffer> dropPending() {
            synchronized (pongLock) {
                CompletionHandler<ByteBuffer> dropped = pendingHandler;
                pendingPong = null;
                pendingHandler = null;
                pendingInfo = null;
                pongInFlight = false;
                return dropped;
            }
        }
    }

    @Override
    public void close() throws IOException {
        closeQueued = true;
        reaper.closing(connection); // whatever happens below, the connection ends within the grace period
        UpgradedConnectionFilter.forget(connection); // from now on the peer's bytes are read and dropped
        delegate.write(NOTHING.duplicate(), new CompletionHandler<>() {
            @Override
            public void completed(ByteBuffer result) {
                shutdownOutput();
            }

            @Override
            public void failed(Throwable throwable) {
                connection.closeSilently();
            }

            @Override
            public void cancelled() {
                connection.closeSilently();
            }
        });
    }

    /** Sends FIN after the queued frames; the peer's close (end of stream) then ends the connection. */
    private void shutdownOutput() {
        if (connection instanceof NIOConnection nio && nio.getChannel() instanceof SocketChannel socket) {
            try {
                socket.shutdownOutput();
                return;
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.DEBUG, "shutting down the output of {0} failed ({1}): closing it", connection.getPeerAddress(), e.toString());
            }
        }
        connection.closeSilently();
    }
}
