package dev.channels.server.standalone;

import jakarta.websocket.CloseReason;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.Protocol;
import org.glassfish.grizzly.http.util.Parameters;
import org.glassfish.grizzly.memory.ByteBufferArray;
import org.glassfish.tyrus.container.grizzly.client.GrizzlyWriter;
import org.glassfish.tyrus.container.grizzly.client.TaskProcessor;
import org.glassfish.tyrus.core.CloseReasons;
import org.glassfish.tyrus.core.RequestContext;
import org.glassfish.tyrus.core.TyrusUpgradeResponse;
import org.glassfish.tyrus.core.Utils;
import org.glassfish.tyrus.spi.Connection;
import org.glassfish.tyrus.spi.ReadHandler;
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
 * <p>Threads: Grizzly calls {@code handleRead} on its worker threads; the bytes of one connection
 * are passed to Tyrus in order through that connection's {@link TaskProcessor}. Per-connection
 * state lives in Grizzly connection attributes; the filter itself is stateless.
 */
final class WebSocketUpgradeFilter extends BaseFilter {

    private static final Attribute<Connection> TYRUS_CONNECTION =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(WebSocketUpgradeFilter.class.getName() + ".connection");
    private static final Attribute<TaskProcessor> READ_ORDER =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(WebSocketUpgradeFilter.class.getName() + ".readOrder");

    private final WebSocketEngine engine;
    private final String contextPath;

    WebSocketUpgradeFilter(WebSocketEngine engine, String contextPath) {
        this.engine = engine;
        this.contextPath = contextPath.endsWith("/") ? contextPath : contextPath + "/";
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        HttpContent content = ctx.getMessage();
        Connection tyrus = TYRUS_CONNECTION.get(ctx.getConnection());
        if (tyrus == null) {
            boolean upgrade = content.getHttpHeader().isRequest()
                    && UpgradeRequest.WEBSOCKET.equalsIgnoreCase(content.getHttpHeader().getUpgrade());
            return upgrade ? upgrade(ctx, content) : ctx.getInvokeAction();
        }
        Buffer buffer = content.getContent();
        content.recycle();
        if (buffer.hasRemaining()) {
            ReadHandler reader = tyrus.getReadHandler();
            TaskProcessor order = READ_ORDER.get(ctx.getConnection());
            if (buffer.isComposite()) {
                ByteBufferArray parts = buffer.toByteBufferArray();
                ByteBuffer[] array = parts.getArray();
                for (int i = 0; i < parts.size(); i++) {
                    order.processTask(new Read(reader, array[i]));
                }
                parts.recycle();
            } else {
                order.processTask(new Read(reader, buffer.toByteBuffer()));
            }
        }
        return ctx.getStopAction();
    }

    @Override
    public NextAction handleClose(FilterChainContext ctx) throws IOException {
        Connection tyrus = TYRUS_CONNECTION.get(ctx.getConnection());
        if (tyrus != null) {
            TaskProcessor order = READ_ORDER.get(ctx.getConnection());
            order.processTask(new TaskProcessor.Task() {
                @Override
                public void execute() {
                    tyrus.close(CloseReasons.CLOSED_ABNORMALLY.getCloseReason());
                }
            });
        }
        return ctx.getStopAction();
    }

    private NextAction upgrade(FilterChainContext ctx, HttpContent content) {
        HttpRequestPacket request = (HttpRequestPacket) content.getHttpHeader();
        UpgradeRequest upgradeRequest = upgradeRequest(request);
        if (!upgradeRequest.getRequestURI().getPath().startsWith(contextPath)) {
            return ctx.getInvokeAction();
        }
        UpgradeResponse response = new TyrusUpgradeResponse();
        WebSocketEngine.UpgradeInfo info = engine.upgrade(upgradeRequest, response);
        switch (info.getStatus()) {
            case SUCCESS:
                org.glassfish.grizzly.Connection<?> grizzly = ctx.getConnection();
                writeResponse(ctx, request, response);
                Connection tyrus = info.createConnection(new GrizzlyWriter(grizzly), reason -> grizzly.close());
                TYRUS_CONNECTION.set(grizzly, tyrus);
                READ_ORDER.set(grizzly, new TaskProcessor());
                grizzly.addCloseListener((closeable, type) -> {
                    tyrus.close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "connection closed"));
                    TYRUS_CONNECTION.remove(grizzly);
                    READ_ORDER.remove(grizzly);
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

    private static void writeResponse(FilterChainContext ctx, HttpRequestPacket request, UpgradeResponse response) {
        HttpResponsePacket packet = request.getResponse();
        packet.setProtocol(Protocol.HTTP_1_1);
        packet.setStatus(response.getStatus());
        response.getHeaders().forEach((name, values) -> packet.setHeader(name, Utils.getHeaderFromList(values)));
        ctx.write(HttpContent.builder(packet).build());
    }

    private static UpgradeRequest upgradeRequest(HttpRequestPacket request) {
        Parameters query = new Parameters();
        query.setQuery(request.getQueryStringDC());
        query.setQueryStringEncoding(StandardCharsets.UTF_8);
        Map<String, String[]> parameters = new HashMap<>();
        for (String name : query.getParameterNames()) {
            parameters.put(name, query.getParameterValues(name));
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
        for (String name : request.getHeaders().names()) {
            for (String value : request.getHeaders().values(name)) {
                headers.computeIfAbsent(name, n -> new java.util.ArrayList<>())
                        .addAll(Utils.parseHeaderValue(value.trim()));
            }
        }
        return context;
    }

    /** Hands one chunk of WebSocket bytes to Tyrus's frame parser. */
    private static final class Read extends TaskProcessor.Task {
        private final ReadHandler reader;
        private final ByteBuffer bytes;

        Read(ReadHandler reader, ByteBuffer bytes) {
            this.reader = reader;
            this.bytes = bytes;
        }

        @Override
        public void execute() {
            reader.handle(bytes);
        }
    }
}
