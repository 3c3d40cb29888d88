package dev.channels.server.standalone;

import java.nio.ByteBuffer;
import org.glassfish.tyrus.spi.CompletionHandler;
import org.glassfish.tyrus.spi.Writer;
import org.glassfish.tyrus.spi.WriterInfo;

/**
 * Tyrus's writer for one upgraded connection, with a bounded close: Tyrus closes its writer right
 * after it queues a close frame, and Grizzly's graceful close then waits for every queued byte to
 * go out, for ever if the peer stopped reading (a slow reader cut with 1013 stayed ESTABLISHED,
 * holding its unsent frames). This writer hands the close on and asks the {@link ConnectionReaper}
 * to abort the connection if it is still open after the grace period. Thread-safe as its delegate.
 */
final class ReapingWriter extends Writer {

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
    public void close() throws java.io.IOException {
        try {
            delegate.close();
        } finally {
            reaper.closing(connection);
        }
    }
}
