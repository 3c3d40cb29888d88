package dev.channels.server;

import dev.channels.transport.RawFrameWriter;
import dev.channels.transport.TextAssembler;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;

/**
 * The WebSocket endpoint of a {@link ChannelServer} at {@code {base}/{channelId}} (a channel
 * connection: one membership, joined with the handshake) and at {@code {base}} (a session: joins and
 * leaves channels with frames; docs/protocol.md "Sessions"); one class, one code path: portable Jakarta
 * WebSocket code, no container types. Instances are handed out, one per connection, by the
 * configurator of {@link ChannelServer#endpointConfig()}; do not instantiate or register it yourself.
 *
 * <p>Threading: the container calls each instance's callbacks for its one session, one at a time;
 * the text handler (partial, so that the size limit is ours and portable) runs the application's
 * handler on that container thread. Joining and leaving are {@link ChannelMembership}'s; frames go
 * to the server's dispatcher, through the connection's {@link InboundRateLimiter}, charged at the
 * time the runner's {@link ArrivalClock} gives for the frame (the handling time on other containers). The only state is the connection, set in {@code onOpen} before any
 * message handler is registered.
 *
 * @since 0.1.0
 */
public final class ChannelEndpoint extends Endpoint {

    private final ChannelServer server;
    private final ArrivalClock arrivals;
    private final RawFrameWriter.Factory rawFrames;
    /** Whether this is a session ({@code {base}}) rather than a channel connection ({@code {base}/{channelId}}). */
    private final boolean session;
    private volatile Connection connection;

    ChannelEndpoint(ChannelServer server, ArrivalClock arrivals, RawFrameWriter.Factory rawFrames, boolean session) {
        this.server = server;
        this.arrivals = arrivals;
        this.rawFrames = rawFrames;
        this.session = session;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        Handshake handshake = ChannelEndpointConfigurator.handshakeOf(session, config);
        if (server.refuseWhileDraining(session)) {
            return; // closed with 1012
        }
        // tracing off: NONE, a constant; on: the join's span, current while it runs (the join hooks are its children)
        TraceSpan span = server.tracing().join(handshake);
        try {
            open(session, handshake, span);
        } catch (RuntimeException | Error e) {
            span.failed(e);
            throw e;
        } finally {
            span.end();
        }
    }

    private void open(Session session, Handshake handshake, TraceSpan span) {
        ChannelMembership membership = server.membership();
        Connection joined = membership.open(session, handshake, this.session, rawFrames); // the writer is made here, in onOpen
        if (joined == null) {
            span.failed("refused");
            return; // refused and closed
        }
        span.set("messaging.client.id", joined.clientId());
        connection = joined;
        if (!session.isOpen()) {
            // closed while open() ran its hooks: onClose may have come before 'connection' was set
            membership.close(joined, "closed while joining");
            return;
        }
        InboundRateLimiter limiter = server.newRateLimiter();
        // the arrival clock is asked on the thread delivering the message's last part, while it delivers it
        TextAssembler text = new TextAssembler(server.options().maxMessageSize(),
                message -> server.onText(joined, limiter, arrivals.arrivalNanos(), message), () -> server.onTooBig(joined));
        session.addMessageHandler(String.class, (MessageHandler.Partial<String>) text::accept);
        // partial: a binary message is refused (1003) at its first fragment, not once the container has buffered all of it
        boolean[] refused = {false}; // this session's reading thread only
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Partial<ByteBuffer>) (data, last) -> {
            if (!refused[0]) {
                refused[0] = true;
                server.onBinary(joined);
            }
        });
        session.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) pong -> joined.ponged());
        if (this.session) {
            membership.ready(joined);
        } else {
            membership.welcome(joined.fixedMember(), "");
        }
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        Connection c = connection;
        if (c != null) {
            c.sessionClosed();
            String why = "closed: " + reason.getCloseCode().getCode() + " " + reason.getReasonPhrase();
            if (c.writer().isDispatchingOnThisThread()) {
                // reported from inside a failed send (Jetty does), maybe under the member's outbox monitor:
                // never leave on that stack
                server.membership().closeSoon(c, why);
            } else {
                // the common case, on the container's own thread: leave now (on an event loop: on the
                // connection's lane), so that churn leaves at the pace of the container's threads, not of
                // the one membership thread
                server.connectionClosed(c, why);
            }
        }
    }

    @Override
    public void onError(Session session, Throwable error) {
        Connection c = connection;
        if (c != null) {
            server.onTransportError(c, error);
        }
    }
}
