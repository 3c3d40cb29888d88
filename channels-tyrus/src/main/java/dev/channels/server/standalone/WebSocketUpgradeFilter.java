package dev.channels.server.standalone;

import dev.channels.server.OriginPolicy;
import dev.channels.server.RateLimit;
import jakarta.websocket.CloseReason;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.glassfish.grizzly.EmptyCompletionHandler;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.WriteResult;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.Protocol;
import org.glassfish.grizzly.http.util.DataChunk;
import org.glassfish.grizzly.http.util.Header;
import org.glassfish.grizzly.http.util.HttpStatus;
import org.glassfish.grizzly.http.util.MimeHeaders;
import org.glassfish.grizzly.http.util.Parameters;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.ssl.SSLBaseFilter;
import org.glassfish.tyrus.container.grizzly.client.GrizzlyWriter;
import org.glassfish.tyrus.container.grizzly.client.TaskProcessor;
import org.glassfish.tyrus.core.RequestContext;
import org.glassfish.tyrus.core.TyrusUpgradeResponse;
import org.glassfish.tyrus.core.Utils;
import org.glassfish.tyrus.spi.Connection;
import org.glassfish.tyrus.spi.UpgradeRequest;
import org.glassfish.tyrus.spi.UpgradeResponse;
import org.glassfish.tyrus.spi.WebSocketEngine;

/**
 * The Grizzly filter that hands WebSocket upgrades and then WebSocket bytes to a Tyrus
 * {@link WebSocketEngine}, placed right after Grizzly's HTTP codec (and so after its TLS filter on a
 * secure listener). Tyrus's own filter does the same but is package-private in Tyrus 2.1
 * (eclipse-ee4j/tyrus issues 494, 566, 915), so a listener configured by us needs this one; it uses
 * only public Tyrus SPI and Grizzly API.
 *
 * <p>On the way it hardens what Tyrus leaves open: a handshake must complete within the handshake
 * timeout ({@link ConnectionReaper}); a handshake with a malformed request URI gets 400 and one
 * log line (Grizzly logs a stack trace), one without a valid {@code Sec-WebSocket-Key} 400 (Tyrus
 * answers 500), one whose {@code Origin} the server's {@link OriginPolicy} refuses 403
 * ({@link HandshakeScreen}); every client frame passes a {@link FrameGuard} (unmasked: 1002, over the
 * size limit: 1009) before Tyrus buffers it ({@link GuardedReads}); Tyrus gets the bytes in slices, so its incoming buffer can be set to the size
 * limit; and a close the peer does not complete is cut after the grace period ({@link ReapingWriter}).
 *
 * <p>Once upgraded, a connection leaves the listener's filter chain for one without HTTP
 * ({@link UpgradedConnectionFilter}), and the HTTP request Grizzly kept for it is dropped: the
 * WebSocket bytes never pass the HTTP codec, which would otherwise hold ~8 KB per connection.
 *
 * <p>Threads: Grizzly calls {@code handleRead} on its worker threads (the upgrade, with the
 * endpoint's {@code onOpen}, never runs on a selector thread: {@link UpgradedReadsOnSelector}), one read
 * of a connection at a time; the reads after the upgrade go to {@link UpgradedConnectionFilter} on the
 * selector thread; the bytes of one connection are passed to Tyrus in order through that connection's
 * {@link TaskProcessor}. Per-connection state (the Tyrus connection, the read order, the frame
 * guard) lives in a Grizzly connection attribute; the filter keeps only the upgraded chain, made once.
 */
final class WebSocketUpgradeFilter extends BaseFilter {

    private static final System.Logger LOG = System.getLogger(WebSocketUpgradeFilter.class.getName());

    /** Tyrus gets the bytes of a connection in slices of at most this many bytes. */
    static final int READ_SLICE = 16 * 1024;

    private final WebSocketEngine engine;
    private final String contextPath;
    private final long maxPayload;
    private final HandshakeScreen screen;
    private final ConnectionReaper reaper;
    private final RateLimit pingLimit;
    private final UpgradedConnectionFilter upgraded = new UpgradedConnectionFilter();

    /**
     * A filter for {@code engine}'s endpoints under {@code contextPath}, refusing frames over
     * {@code maxPayload} bytes or pings over {@code pingLimit} (the engine's incoming buffer must hold {@code maxPayload +
     * FrameGuard.MAX_HEADER + READ_SLICE} bytes) and, with 403, handshakes {@code originPolicy} refuses.
     */
    WebSocketUpgradeFilter(WebSocketEngine engine, String contextPath, long maxPayload, OriginPolicy originPolicy,
                           RateLimit pingLimit, ConnectionReaper reaper, java.util.function.BooleanSupplier draining) {
        this.pingLimit = pingLimit;
        this.engine = engine;
        this.contextPath = contextPath.endsWith("/") ? contextPath : contextPath + "/";
        this.maxPayload = maxPayload;
        this.screen = new HandshakeScreen(originPolicy, draining);
        this.reaper = reaper;
    }

    @Override
    public NextAction handleAccept(FilterChainContext ctx) throws IOException {
        reaper.awaitUpgrade(ctx.getConnection());
        return ctx.getInvokeAction();
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        HttpContent content = ctx.getMessage();
        UpgradedConnectionFilter.Upgraded upgradedState = UpgradedConnectionFilter.upgraded(ctx.getConnection());
        if (upgradedState != null) { // bytes that came in the same read as the upgrade request, after it
            Buffer rest = content.getContent();
            content.recycle();
            UpgradedConnectionFilter.pass(upgradedState, rest);
            return ctx.getStopAction();
        }
        HttpHeader header = content.getHttpHeader();
        boolean upgrade = header.isRequest() && UpgradeRequest.WEBSOCKET.equalsIgnoreCase(header.getUpgrade());
        if (upgrade) {
            return upgrade(ctx, content);
        }
        if (content.isLast()) { // a plain HTTP request fully read: the next one gets its own deadline
            reaper.awaitUpgrade(ctx.getConnection());
        }
        return ctx.getInvokeAction();
    }

    @Override
    public NextAction handleClose(FilterChainContext ctx) throws IOException {
        reaper.upgraded(ctx.getConnection()); // no deadline for a closed connection
        return ctx.getInvokeAction();
    }

    private NextAction upgrade(FilterChainContext ctx, HttpContent content) {
        HttpRequestPacket request = (HttpRequestPacket) content.getHttpHeader();
        UpgradeRequest upgradeRequest;
        try {
            upgradeRequest = upgradeRequest(request);
        } catch (IllegalArgumentException e) { // URI.create: not a valid URI
            LOG.log(Level.DEBUG, "refused a WebSocket handshake from {0}: malformed request URI ({1})",
                    request.getRemoteAddress(), e.getMessage());
            return refuse(ctx, request, content, HttpStatus.BAD_REQUEST_400, "malformed request URI");
        }
        if (!upgradeRequest.getRequestURI().getPath().startsWith(contextPath)) {
            return ctx.getInvokeAction();
        }
        Optional<HandshakeScreen.Refusal> refusal = screen.refusal(request);
        if (refusal.isPresent()) {
            LOG.log(Level.DEBUG, "refused a WebSocket handshake from {0}: {1}", request.getRemoteAddress(),
                    refusal.get().logLine());
            return refuse(ctx, request, content, refusal.get().status(), refusal.get().reason());
        }
        UpgradeResponse response = new TyrusUpgradeResponse();
        WebSocketEngine.UpgradeInfo info = engine.upgrade(upgradeRequest, response);
        switch (info.getStatus()) {
            case SUCCESS:
                org.glassfish.grizzly.Connection<?> grizzly = ctx.getConnection();
                reaper.upgraded(grizzly);
                writeResponse(ctx, request, response);
                ReapingWriter writer = new ReapingWriter(new GrizzlyWriter(grizzly), grizzly, reaper);
                // Tyrus opens the session (the endpoint's onOpen) inside createConnection, on this thread: the
                // connection's writer is offered there to the channel server's raw frames (GrizzlyDirectFrames)
                boolean plain = ctx.getFilterChain().indexOfType(SSLBaseFilter.class) < 0;
                Connection tyrus = GrizzlyDirectFrames.whileOpening(writer, plain,
                        () -> info.createConnection(writer, reason -> grizzly.close()));
                // from here on the connection's reads and writes bypass HTTP, whose request state is dropped;
                // the next read of this connection comes after this one returns
                UpgradedConnectionFilter.Upgraded state =
                        new UpgradedConnectionFilter.Upgraded(tyrus, new TaskProcessor(), new FrameGuard(maxPayload, pingLimit));
                upgraded.takeOver(grizzly, ctx.getFilterChain(), state);
                UpgradedConnectionFilter.pass(state, content.getContent()); // frames sent right behind the request
                reuse(request);
                grizzly.addCloseListener((closeable, type) -> {
                    tyrus.close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "connection closed"));
                    UpgradedConnectionFilter.forget(grizzly);
                });
                return ctx.getStopAction();
            case HANDSHAKE_FAILED:
                writeResponse(ctx, request, response);
                content.recycle();
                return ctx.getStopAction();
            default: // NOT_APPLICABLE: no endpoint at this path, let HTTP answer (404)
                return ctx.getInvokeAction();
        }
    }

    /**
     * Hands the upgrade request (and its response, whose 101 is encoded already: {@code ctx.write} runs the
     * HTTP codec on this thread) back to Grizzly's per-thread cache, so that the next handshake on this
     * thread reuses its ~40 header chunks, char and byte buffers instead of allocating ~13 KB afresh. Grizzly
     * does this itself for a plain HTTP request when its response completes; an upgrade never completes (its
     * request "expects content": the WebSocket bytes), so without this every handshake left its request to
     * the collector. Call only once the connection has left the HTTP chain ({@link UpgradedConnectionFilter#takeOver})
     * and nothing reads the request any more: everything taken from it ({@link #upgradeRequest}) is copied.
     */
    private static void reuse(HttpRequestPacket request) {
        HttpResponsePacket response = request.getResponse();
        request.setExpectContent(false); // what Grizzly's recycle() asks of both before it resets them
        if (response != null) {
            response.recycle();
        }
        request.recycle();
    }

    /** Answers {@code status} with {@code why} as the body and closes the connection once it is written. */
    private static NextAction refuse(FilterChainContext ctx, HttpRequestPacket request, HttpContent content,
                                     HttpStatus status, String why) {
        HttpResponsePacket packet = request.getResponse();
        packet.setProtocol(Protocol.HTTP_1_1);
        packet.setStatus(status);
        packet.setContentType("text/plain;charset=UTF-8");
        packet.setHeader(Header.Connection, "close");
        byte[] body = (why + "\n").getBytes(StandardCharsets.UTF_8);
        packet.setContentLength(body.length);
        org.glassfish.grizzly.Connection<?> grizzly = ctx.getConnection();
        Buffer bytes = Buffers.wrap(grizzly.getMemoryManager(), body);
        ctx.write(HttpContent.builder(packet).content(bytes).last(true).build(), new EmptyCompletionHandler<WriteResult>() {
            @Override
            public void completed(WriteResult result) {
                grizzly.closeSilently();
            }

            @Override
            public void failed(Throwable throwable) {
                grizzly.closeSilently();
            }
        });
        content.recycle();
        return ctx.getStopAction();
    }

    private static void writeResponse(FilterChainContext ctx, HttpRequestPacket request, UpgradeResponse response) {
        HttpResponsePacket packet = request.getResponse();
        packet.setProtocol(Protocol.HTTP_1_1);
        packet.setStatus(response.getStatus());
        response.getHeaders().forEach((name, values) -> packet.setHeader(name, Utils.getHeaderFromList(values)));
        ctx.write(HttpContent.builder(packet).build());
    }

    /**
     * Tyrus's view of the upgrade request, with every value copied out of Grizzly's request (which
     * {@link #reuse} then hands back). The query is parsed only when there is one (Grizzly's
     * {@code Parameters} allocates ~3.5 KB of char buffers up front), and each header is converted to
     * strings once, by position ({@code names()} / {@code values(name)} convert every name again for
     * each name they look up); the map is Tyrus's case-insensitive one, so repeated names still merge.
     */
    private static UpgradeRequest upgradeRequest(HttpRequestPacket request) {
        Map<String, String[]> parameters = new HashMap<>();
        DataChunk queryString = request.getQueryStringDC();
        if (!queryString.isNull() && queryString.getLength() > 0) {
            Parameters query = new Parameters();
            query.setQuery(queryString);
            query.setQueryStringEncoding(StandardCharsets.UTF_8);
            for (String name : query.getParameterNames()) {
                parameters.put(name, query.getParameterValues(name));
            }
        }
        RequestContext context = RequestContext.Builder.create()
                .requestURI(URI.create(request.getRequestURI()))
                .queryString(request.getQueryString())
                .parameterMap(parameters)
                .secure(request.isSecure())
                .remoteAddr(request.getRemoteAddress())
                .serverAddr(request.getLocalHost() == null ? request.getLocalAddress() : request.getLocalHost())
                .serverPort(request.getLocalPort())
                .build();
        Map<String, List<String>> headers = context.getHeaders();
        MimeHeaders mime = request.getHeaders();
        for (int i = 0; i < mime.size(); i++) {
            String name = mime.getName(i).toString();
            String value = mime.getValue(i).toString();
            if (name != null && value != null) {
                headers.computeIfAbsent(name, n -> new java.util.ArrayList<>(1))
                        .addAll(Utils.parseHeaderValue(value.trim()));
            }
        }
        return context;
    }
}
