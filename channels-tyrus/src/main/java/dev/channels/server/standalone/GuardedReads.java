package dev.channels.server.standalone;

import jakarta.websocket.CloseReason;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import org.glassfish.tyrus.container.grizzly.client.TaskProcessor;
import org.glassfish.tyrus.spi.Connection;
import org.glassfish.tyrus.spi.ReadHandler;

/**
 * Passes one read's bytes of an upgraded connection on to Tyrus, in slices, through the frame
 * guard; on the first offending frame it closes the connection with the guard's reason instead.
 * Made per read on the thread that reads the connection; the tasks run in the connection's order.
 */
final class GuardedReads {

    private static final System.Logger LOG = System.getLogger(GuardedReads.class.getName());

    private final Connection tyrus;
    private final TaskProcessor order;
    private final FrameGuard guard;
    /** When this read came off the socket: the rate limit charges its frames then ({@link ReadArrival}). */
    private final long arrivalNanos = System.nanoTime();

    GuardedReads(Connection tyrus, TaskProcessor order, FrameGuard guard) {
        this.tyrus = tyrus;
        this.order = order;
        this.guard = guard;
    }

    /** Passes {@code bytes}; returns false when the connection is done (a frame was refused). */
    boolean pass(ByteBuffer bytes) {
        if (guard.violation() != null) {
            return false;
        }
        int allowed = guard.inspect(bytes);
        ReadHandler reader = tyrus.getReadHandler();
        int start = bytes.position();
        for (int off = 0; off < allowed; off += WebSocketUpgradeFilter.READ_SLICE) {
            order.processTask(new Read(reader, arrivalNanos, bytes.slice(start + off,
                    Math.min(WebSocketUpgradeFilter.READ_SLICE, allowed - off))));
        }
        CloseReason refused = guard.violation();
        if (refused == null) {
            return true;
        }
        LOG.log(Level.DEBUG, "closing a connection with {0}: {1}", refused.getCloseCode().getCode(),
                refused.getReasonPhrase());
        order.processTask(new TaskProcessor.Task() {
            @Override
            public void execute() {
                tyrus.close(refused);
            }
        });
        return false;
    }

    /** Hands one chunk of WebSocket bytes to Tyrus's frame parser. */
    private static final class Read extends TaskProcessor.Task {
        private final ReadHandler reader;
        private final long arrivalNanos;
        private final ByteBuffer bytes;

        Read(ReadHandler reader, long arrivalNanos, ByteBuffer bytes) {
            this.reader = reader;
            this.arrivalNanos = arrivalNanos;
            this.bytes = bytes;
        }

        @Override
        public void execute() {
            ReadArrival.during(arrivalNanos, () -> reader.handle(bytes));
        }
    }
}
