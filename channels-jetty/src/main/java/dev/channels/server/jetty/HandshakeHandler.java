package dev.channels.server.jetty;

import dev.channels.server.OriginPolicy;
import dev.channels.server.runner.UpgradeRequests;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * In front of the servlet context: screens WebSocket handshakes before Jetty's upgrade sees them, and
 * gives a keep-alive HTTP connection a fresh {@link HandshakeDeadlines handshake deadline} after each
 * plain request. A handshake without a valid {@code Sec-WebSocket-Key} (RFC 6455 4.1: 16 bytes in
 * base64) gets 400 (Jetty would not take it for an upgrade and answer 404), one whose {@code Origin}
 * the server's {@link OriginPolicy} refuses with the {@code Host} at hand gets 403, and every handshake gets
 * 503 while the server drains for a restart ({@code ChannelServer#drain}); each with a one
 * line plain-text body and {@code Connection: close}. A request whose path has a {@code .} or
 * {@code ..} segment gets 404 (Jetty would resolve it: {@code /ws/..} is {@code /}, the chat page).
 *
 * <p>Threads: Jetty's pool threads call it, one request of a connection at a time; it holds no
 * per-request state.
 */
final class HandshakeHandler extends Handler.Wrapper {

    private static final System.Logger LOG = System.getLogger(HandshakeHandler.class.getName());

    private final OriginPolicy originPolicy;
    private final HandshakeDeadlines deadlines;

    private final java.util.function.BooleanSupplier draining;

    /** {@code draining}: whether the server drains for a restart, when every handshake gets 503. */
    HandshakeHandler(Handler next, OriginPolicy originPolicy, HandshakeDeadlines deadlines,
                     java.util.function.BooleanSupplier draining) {
        super(next);
        this.draining = draining;
        this.originPolicy = originPolicy;
        this.deadlines = deadlines;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (hasDotSegment(request.getHttpURI().getPath())) {
            // Jetty resolves "/ws/.." to "/", which served the chat page (and a handshake got it with 200);
            // the docs promise 404 for such a path, as the Tyrus runner's pages give
            LOG.log(Level.DEBUG, "refused a request from {0}: a dot segment in its path", Request.getRemoteAddr(request));
            response.setStatus(HttpStatus.NOT_FOUND_404);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=UTF-8");
            response.write(true, ByteBuffer.wrap("not found\n".getBytes(StandardCharsets.UTF_8)), callback);
            return true;
        }
        if (!"websocket".equalsIgnoreCase(request.getHeaders().get(HttpHeader.UPGRADE))) {
            org.eclipse.jetty.io.EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
            return super.handle(request, response, Callback.from(callback, () -> deadlines.arm(endPoint)));
        }
        String keyProblem = UpgradeRequests.keyProblem(request.getHeaders().get(HttpHeader.SEC_WEBSOCKET_KEY));
        if (keyProblem != null) {
            return refuse(request, response, callback, HttpStatus.BAD_REQUEST_400, keyProblem, keyProblem);
        }
        if (draining.getAsBoolean()) { // ChannelServer#drain: the client should move to another node
            return refuse(request, response, callback, HttpStatus.SERVICE_UNAVAILABLE_503,
                    "server restarting: connect to another node", "draining");
        }
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (!originPolicy.allows(origin, request.getHeaders().get(HttpHeader.HOST))) {
            return refuse(request, response, callback, HttpStatus.FORBIDDEN_403, "origin not allowed",
                    "origin " + origin + " not allowed");
        }
        return super.handle(request, response, callback);
    }

    private static boolean refuse(Request request, Response response, Callback callback, int status, String why,
                                  String logLine) {
        LOG.log(Level.DEBUG, "refused a WebSocket handshake from {0}: {1}",
                Request.getRemoteAddr(request), logLine);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=UTF-8");
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        response.write(true, ByteBuffer.wrap((why + "\n").getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }

    /** Whether the raw (not yet normalised) {@code path} has a {@code .} or {@code ..} segment. */
    static boolean hasDotSegment(String path) {
        if (path == null || !path.contains(".")) {
            return false;
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return true;
            }
        }
        return false;
    }
}
