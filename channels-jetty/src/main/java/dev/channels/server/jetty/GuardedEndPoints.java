package dev.channels.server.jetty;

import dev.channels.server.RateLimit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import org.eclipse.jetty.ee10.websocket.jakarta.common.JakartaWebSocketSession;
import org.eclipse.jetty.ee10.websocket.jakarta.common.JakartaWebSocketSessionListener;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.websocket.core.WebSocketConnection;
import org.eclipse.jetty.websocket.core.WebSocketCoreSession;

/**
 * Puts a {@link FrameInspector} under every WebSocket connection: the endpoint a
 * {@link WebSocketConnection} reads from (the socket's, or for TLS the decrypted one) is a subclass
 * whose {@code fill} passes the bytes it read through the inspector, which Jetty offers no frame hook
 * for (its parser is internal; the Jakarta layer answers pings itself). The inspector starts when the
 * endpoint is upgraded to a WebSocket connection; {@link #sessions()} attaches the opened session to it.
 *
 * <p>Threads: Jetty's selector and pool threads create the endpoints; the one filling a connection
 * calls {@code fill}; {@code upgrade} runs on the thread that completes the handshake, before the
 * WebSocket connection reads (so the inspector field is published by Jetty's own hand-over).
 */
final class GuardedEndPoints {

    private GuardedEndPoints() {
    }

    /** A connector whose plain and TLS connections are inspected once upgraded. */
    static ServerConnector connector(Server jetty, Limits limits, SslContextFactory.Server tls,
                                     ConnectionFactory http) {
        if (tls == null) {
            return new Plain(jetty, limits, http);
        }
        // the sockets carry TLS records (never upgraded, nothing to follow); the decrypted endpoints are inspected
        return new Plain(jetty, null, new Tls(tls, limits), http);
    }

    /** The session listener that hands each opened session to its connection's inspector. */
    static JakartaWebSocketSessionListener sessions() {
        return new JakartaWebSocketSessionListener() {
            @Override
            public void onJakartaWebSocketSessionOpened(JakartaWebSocketSession session) {
                if (session.getCoreSession() instanceof WebSocketCoreSession core && core.getConnection() != null
                        && core.getConnection().getEndPoint() instanceof Guarded guarded) {
                    FrameInspector inspector = guarded.inspector();
                    if (inspector != null) {
                        inspector.attach(core);
                    }
                }
            }
        };
    }

    /** What the inspectors refuse: data frames over {@code maxPayload} bytes, pings over {@code pings}. */
    record Limits(long maxPayload, RateLimit pings) {
    }

    /** An endpoint with an inspector once upgraded to a WebSocket connection. */
    interface Guarded {
        FrameInspector inspector();
    }

    /**
     * Shared by both endpoints: follows the bytes read before the upgrade, starts the inspector at
     * the upgrade, inspects each fill after it.
     *
     * <p>Bytes a client sends right behind its upgrade request (RFC 6455 4.1 asks it to wait for the
     * response, but they are handled) are read by Jetty's HTTP connection, which hands them to the
     * WebSocket connection without a fill. So that the inspector knows where frames begin, the guard
     * keeps the bytes read since the last blank line that ended a request's headers (an upgrade
     * request has no body: they are the early bytes) and the inspector reads them first. A client that
     * puts a blank line into its early bytes only escapes the inspection of its own connection.
     */
    private static final class Guard {
        private static final int END_OF_HEADERS = 0x0d0a0d0a; // CR LF CR LF
        /**
         * Twice what Jetty's HTTP connection reads at once by default (8 KiB): more early bytes cannot
         * reach the upgrade, and an HTTP connection holds no more than this until its handshake deadline.
         */
        private static final int MAX_EARLY = 16 * 1024;
        private final Limits limits;
        /** The last four bytes read while the connection spoke HTTP; owned by the filling thread. */
        private int httpTail;
        /** The bytes read since the last end of headers; owned by the filling thread, dropped at the upgrade. */
        private ByteArrayOutputStream sinceHeaders = new ByteArrayOutputStream();
        private volatile FrameInspector inspector;

        Guard(Limits limits) {
            this.limits = limits;
        }

        /** Called on the thread that last filled the HTTP connection (it completes the handshake). */
        void upgrading(Connection to) {
            if (!(to instanceof WebSocketConnection)) {
                return;
            }
            FrameInspector started = new FrameInspector(limits.maxPayload(), limits.pings());
            ByteArrayOutputStream early = sinceHeaders;
            sinceHeaders = null;
            if (early.size() >= MAX_EARLY) {
                started.outOfStep();
            } else if (early.size() > 0) {
                started.inspectEarly(ByteBuffer.wrap(early.toByteArray()));
            }
            inspector = started;
        }

        /** {@code filled} bytes were just appended up to {@code buffer}'s limit: keeps the allowed ones. */
        int filled(ByteBuffer buffer, int filled) {
            FrameInspector current = inspector;
            if (current != null && current.refused()) {
                current.drained();
                if (filled > 0) {
                    buffer.limit(buffer.limit() - filled); // read and dropped, so the client can finish sending
                }
                return filled < 0 ? filled : 0;
            }
            if (filled <= 0) {
                return filled;
            }
            int end = buffer.limit();
            if (current == null) {
                if (sinceHeaders != null) {
                    followHttp(buffer, end - filled, end);
                }
                return filled;
            }
            ByteBuffer fresh = buffer.duplicate();
            fresh.position(end - filled);
            int allowed = current.inspect(fresh);
            if (allowed < filled) {
                buffer.limit(end - filled + allowed); // dropped: the client's bytes after a refused frame
            }
            return allowed;
        }

        private void followHttp(ByteBuffer buffer, int from, int to) {
            for (int i = from; i < to; i++) {
                byte b = buffer.get(i);
                httpTail = (httpTail << 8) | (b & 0xff);
                if (httpTail == END_OF_HEADERS) {
                    sinceHeaders.reset();
                } else if (sinceHeaders.size() < MAX_EARLY) {
                    sinceHeaders.write(b);
                }
            }
        }
    }

    private static final class Plain extends ServerConnector {
        private final Limits limits;

        Plain(Server jetty, Limits limits, ConnectionFactory... factories) {
            super(jetty, factories);
            this.limits = limits;
        }

        /** {@code limits} null: the sockets carry TLS, their endpoints are Jetty's own. */
        @Override
        protected SocketChannelEndPoint newEndPoint(SocketChannel channel, ManagedSelector selector, SelectionKey key) {
            SocketChannelEndPoint endPoint = limits == null
                    ? new SocketChannelEndPoint(channel, selector, key, getScheduler())
                    : new SocketEndPoint(channel, selector, key, this, new Guard(limits));
            endPoint.setIdleTimeout(getIdleTimeout());
            return endPoint;
        }
    }

    private static final class SocketEndPoint extends SocketChannelEndPoint implements Guarded {
        private final Guard guard;

        SocketEndPoint(SocketChannel channel, ManagedSelector selector, SelectionKey key, ServerConnector connector,
                       Guard guard) {
            super(channel, selector, key, connector.getScheduler());
            this.guard = guard;
        }

        @Override
        public int fill(ByteBuffer buffer) throws IOException {
            return guard.filled(buffer, super.fill(buffer));
        }

        @Override
        public void upgrade(Connection to) {
            guard.upgrading(to);
            super.upgrade(to);
        }

        @Override
        public FrameInspector inspector() {
            return guard.inspector;
        }
    }

    private static final class Tls extends SslConnectionFactory {
        private final Limits limits;

        Tls(SslContextFactory.Server tls, Limits limits) {
            super(tls, HttpVersion.HTTP_1_1.asString());
            this.limits = limits;
        }

        @Override
        protected SslConnection newSslConnection(Connector connector, EndPoint endPoint, SSLEngine engine) {
            Guard guard = new Guard(limits);
            return new SslConnection(connector.getByteBufferPool(), connector.getExecutor(), getSslContextFactory(),
                    endPoint, engine, isDirectBuffersForEncryption(), isDirectBuffersForDecryption()) {
                @Override
                protected SslEndPoint newSslEndPoint() {
                    return new DecryptedEndPoint(this, guard);
                }
            };
        }
    }

    private static final class DecryptedEndPoint extends SslConnection.SslEndPoint implements Guarded {
        private final Guard guard;

        DecryptedEndPoint(SslConnection tls, Guard guard) {
            tls.super();
            this.guard = guard;
        }

        @Override
        public int fill(ByteBuffer buffer) throws IOException {
            return guard.filled(buffer, super.fill(buffer));
        }

        @Override
        public void upgrade(Connection to) {
            guard.upgrading(to);
            super.upgrade(to);
        }

        @Override
        public FrameInspector inspector() {
            return guard.inspector;
        }
    }
}
