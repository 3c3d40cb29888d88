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
 * Tyrus's writer for one upgraded connection, with a lingering, bounded close.
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
 * close in its task queue); the completion of the empty write runs on a Grizzly thread.
 */
final class ReapingWriter extends Writer {

    private static final System.Logger LOG = System.getLogger(ReapingWriter.class.getName());
    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0).asReadOnlyBuffer();

    private final Writer delegate;
    private final org.glassfish.grizzly.Connection<?> connection;
    private final ConnectionReaper reaper;

    ReapingWriter(Writer delegate, org.glassfish.grizzly.Connection<?> connection, ConnectionReaper reaper) {
        this.delegate = delegate;
        this.connection = connection;
        this.reaper = reaper;
    }

    @Override
    public void write(ByteBuffer buffer, CompletionHandler<ByteBuffer> completionHandler) {
        delegate.write(buffer, completionHandler);
    }

    @Override
    public void write(ByteBuffer buffer, CompletionHandler<ByteBuffer> completionHandler, WriterInfo writerInfo) {
        delegate.write(buffer, completionHandler, writerInfo);
    }

    @Override
    public void close() throws IOException {
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
