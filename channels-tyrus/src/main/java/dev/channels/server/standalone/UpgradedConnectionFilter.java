package dev.channels.server.standalone;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChain;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpCodecFilter;
import org.glassfish.grizzly.memory.ByteBufferArray;
import org.glassfish.tyrus.container.grizzly.client.TaskProcessor;
import org.glassfish.tyrus.core.CloseReasons;
import org.glassfish.tyrus.spi.Connection;

/**
 * The last filter of an upgraded connection's own filter chain: the listener's filters below HTTP
 * (transport, TLS) and then this one, which hands the WebSocket bytes to Tyrus through the
 * connection's {@link FrameGuard} and read order ({@link GuardedReads}).
 *
 * <p>Why a chain of its own: on the listener's chain every read of an upgraded connection still goes
 * through Grizzly's HTTP codec, which for that keeps the whole HTTP request and response (header
 * chunks, their byte and char buffers, the read buffer the headers were parsed from: ~8 KB) for as
 * long as the connection lives. {@link #takeOver} moves the connection to this chain and drops that
 * state; the WebSocket bytes are the same either way.
 *
 * <p>Threads: Grizzly calls {@code handleRead} on the selector thread that found the connection
 * readable ({@link UpgradedReadsOnSelector}), one read of a connection at a time; {@code handleClose}
 * on a worker thread. The per-connection state ({@link Upgraded}) is one Grizzly connection attribute, set by the
 * upgrading thread before the connection is moved to this chain; the filter itself is stateless.
 */
final class UpgradedConnectionFilter extends BaseFilter {

    private static final System.Logger LOG = System.getLogger(UpgradedConnectionFilter.class.getName());

    private static final Attribute<Upgraded> UPGRADED =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(UpgradedConnectionFilter.class.getName() + ".upgraded");

    /** Grizzly's HTTP codec ({@code org.glassfish.grizzly.http.HttpServerFilter}) keeps these per connection. */
    private static final String[] HTTP_STATE = {
            org.glassfish.grizzly.http.HttpServerFilter.HTTP_SERVER_REQUEST_ATTR_NAME,
            "HttpServerFilter.KeepAliveContext",
    };

    /** What an upgraded connection needs: its Tyrus connection, its read order and its frame guard. */
    record Upgraded(Connection tyrus, TaskProcessor readOrder, FrameGuard guard) {
    }

    /** The chain upgraded connections move to, made from the listener's chain on the first upgrade. */
    private volatile FilterChain chain;

    /**
     * Moves {@code grizzly}, whose upgrade is being handled on {@code httpChain}, to the upgraded
     * chain with {@code upgraded} as its state, and drops the HTTP request the codec kept for it.
     * Call after the 101 response has been written and before Tyrus writes anything.
     */
    void takeOver(org.glassfish.grizzly.Connection<?> grizzly, FilterChain httpChain, Upgraded upgraded) {
        UPGRADED.set(grizzly, upgraded);
        grizzly.setProcessor(chainBelowHttp(httpChain));
        for (String name : HTTP_STATE) {
            grizzly.getAttributes().removeAttribute(name);
        }
    }

    /** The state of an upgraded connection, or null. */
    static Upgraded upgraded(org.glassfish.grizzly.Connection<?> grizzly) {
        return UPGRADED.get(grizzly);
    }

    /** Forgets the state of a closed connection. */
    static void forget(org.glassfish.grizzly.Connection<?> grizzly) {
        UPGRADED.remove(grizzly);
    }

    private FilterChain chainBelowHttp(FilterChain httpChain) {
        FilterChain lean = chain;
        if (lean == null) {
            int http = httpChain.indexOfType(HttpCodecFilter.class);
            if (http < 0) {
                throw new IllegalStateException("no HTTP codec in the listener's filter chain: " + httpChain);
            }
            FilterChainBuilder builder = FilterChainBuilder.stateless();
            for (int i = 0; i < http; i++) {
                builder.add(httpChain.get(i)); // transport (TLS-wrapped on a secure listener), TLS
            }
            lean = builder.add(this).build();
            chain = lean; // racing first upgrades build equal chains; any of them will do
        }
        return lean;
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        Buffer buffer = ctx.getMessage();
        Upgraded upgraded = UPGRADED.get(ctx.getConnection());
        if (upgraded == null) { // closed meanwhile
            return ctx.getStopAction();
        }
        pass(upgraded, buffer);
        return ctx.getStopAction();
    }

    /** Passes {@code buffer}'s bytes to {@code upgraded}'s Tyrus connection through its frame guard, in its read order. */
    static void pass(Upgraded upgraded, Buffer buffer) {
        if (buffer == null || !buffer.hasRemaining()) {
            return;
        }
        GuardedReads frames = new GuardedReads(upgraded.tyrus(), upgraded.readOrder(), upgraded.guard());
        if (buffer.isComposite()) {
            ByteBufferArray parts = buffer.toByteBufferArray();
            ByteBuffer[] array = parts.getArray();
            for (int i = 0; i < parts.size(); i++) {
                if (!frames.pass(array[i])) {
                    break;
                }
            }
            parts.recycle();
        } else {
            frames.pass(buffer.toByteBuffer());
        }
    }

    @Override
    public NextAction handleClose(FilterChainContext ctx) throws IOException {
        Upgraded upgraded = UPGRADED.get(ctx.getConnection());
        if (upgraded != null) {
            upgraded.readOrder().processTask(new TaskProcessor.Task() {
                @Override
                public void execute() {
                    try {
                        upgraded.tyrus().close(CloseReasons.CLOSED_ABNORMALLY.getCloseReason());
                    } catch (IllegalStateException alreadyClosed) {
                        // the server closed the session first (a 1008 to a flooder, say) and the peer's TCP close
                        // comes after: Tyrus says "The connection has been closed."; nothing is left to do, and a
                        // client must not make Grizzly log it at WARNING ("GRIZZLY0013"), as it did in the abuse suite
                        LOG.log(System.Logger.Level.DEBUG, "TCP close of a session closed already: {0}", alreadyClosed.getMessage());
                    }
                }
            });
        }
        return ctx.getStopAction();
    }
}
