package dev.channels.transport;

import java.lang.invoke.MethodHandle;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import org.glassfish.grizzly.CompletionHandler;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Processor;
import org.glassfish.grizzly.WriteResult;
import org.glassfish.grizzly.asyncqueue.AsyncQueueEnabledTransport;
import org.glassfish.grizzly.asyncqueue.AsyncQueueWriter;
import org.glassfish.grizzly.asyncqueue.MessageCloner;
import org.glassfish.grizzly.asyncqueue.WritableMessage;
import org.glassfish.grizzly.filterchain.FilterChain;
import org.glassfish.grizzly.memory.ByteBufferWrapper;
import org.glassfish.grizzly.ssl.SSLBaseFilter;

/**
 * Raw frames on Tyrus's standalone Grizzly container, written straight into the connection's Grizzly
 * write queue ({@link AsyncQueueWriter}), the queue every write of that connection ends in. What Tyrus's
 * {@code sendRawFrame} adds per frame and this skips: the ProtocolHandler's send lock, a future, a
 * completion wrapper, {@code GrizzlyWriter}'s task queue and lock, and the whole Grizzly filter chain
 * on the way down (a filter chain context, an executor resolution, each filter's {@code handleWrite},
 * the idle-timeout filter's bookkeeping, which Tyrus's server turns off anyway: keep-alive idle
 * timeout -1). The bytes and their order are the same: the writer queues whole frames, one write at
 * a time (see {@link SessionWriter}), so they never interleave with the frames Tyrus writes itself
 * (pongs, its close frame), each a whole record of the same queue. Like {@code sendRawFrame}, it
 * refuses to write once Tyrus's web socket is no longer connected (a close frame went out).
 *
 * <p>Found only where {@link TyrusRawFrames} finds Tyrus's {@code GrizzlyWriter} and Grizzly 4 on the
 * class path, and only on a plain connection (no TLS filter in its chain: the queue takes wire bytes); anywhere else (Tyrus in a servlet container, Grizzly missing) the writer uses
 * {@code sendRawFrame}. This class is loaded only then: it is the only one of this module that links
 * against Grizzly (an optional dependency).
 *
 * <p>Thread-safety: one {@link SessionWriter} writes, never two writes at once; the completion
 * handler ({@code this}: no allocation per write beyond the buffer's wrapper) runs on whichever thread
 * finishes the write (the writing thread when the socket takes it all at once, else a Grizzly
 * selector or worker thread) and only calls the writer's callback. Final fields only.
 */
final class GrizzlyDirectFrames implements RawFrameWriter, CompletionHandler<WriteResult<WritableMessage, SocketAddress>> {

    private final Connection<SocketAddress> connection;
    private final AsyncQueueWriter<SocketAddress> queue;
    private final Object webSocket;
    /** {@code TyrusWebSocket.isConnected()}: false once a close frame went out or came in. */
    private final MethodHandle isConnected;
    private final Consumer<Throwable> done;

    private GrizzlyDirectFrames(Connection<SocketAddress> connection, AsyncQueueWriter<SocketAddress> queue,
                                Object webSocket, MethodHandle isConnected, Consumer<Throwable> done) {
        this.connection = connection;
        this.queue = queue;
        this.webSocket = webSocket;
        this.isConnected = isConnected;
        this.done = done;
    }

    /**
     * The direct writer of a Grizzly {@code connection} (the {@code connection} of Tyrus's
     * {@code GrizzlyWriter}), or null when its transport has no asynchronous write queue.
     */
    @SuppressWarnings("unchecked")
    static RawFrameWriter forConnection(Object connection, Object webSocket, MethodHandle isConnected,
                                        Consumer<Throwable> done) {
        if (!(connection instanceof Connection<?> c) || !(c.getTransport() instanceof AsyncQueueEnabledTransport t)
                || t.getAsyncQueueIO() == null || t.getAsyncQueueIO().getWriter() == null || !writesPlainBytes(c)) {
            return null;
        }
        return new GrizzlyDirectFrames((Connection<SocketAddress>) c,
                (AsyncQueueWriter<SocketAddress>) t.getAsyncQueueIO().getWriter(), webSocket, isConnected, done);
    }

    /**
     * Whether what goes into the write queue is what goes on the wire: the connection's filter chain has
     * no TLS filter (a {@code wss://} connection's frames must be encrypted by its chain, so they take
     * {@code sendRawFrame}); a processor that is not a filter chain is not known, so it is refused too.
     */
    private static boolean writesPlainBytes(Connection<?> c) {
        Processor<?> processor = c.getProcessor() != null ? c.getProcessor() : c.getTransport().getProcessor();
        return processor instanceof FilterChain chain && chain.indexOfType(SSLBaseFilter.class) < 0;
    }

    @Override
    public void write(ByteBuffer frames) {
        boolean connected;
        try {
            connected = (boolean) isConnected.invoke(webSocket);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
        if (!connected) {
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
}
