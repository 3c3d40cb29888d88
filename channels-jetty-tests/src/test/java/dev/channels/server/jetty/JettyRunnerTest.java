package dev.channels.server.jetty;

import dev.channels.server.RunnerOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.channels.api.Message;
import dev.channels.api.Request;
import dev.channels.client.ChannelClient;
import dev.channels.server.ChannelServer;
import dev.channels.server.ServerOptions;
import dev.channels.testing.EchoChannelServer;
import dev.channels.testkit.RawWebSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Jetty runner's own surface, over real sockets: what channels-tyrus's shared tests cannot say
 * about it (its handshake screen, error pages, options, log lines, shutdown).
 */
class JettyRunnerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final List<LogRecord> records = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (records) {
                records.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private JettyChannelServer running;

    @BeforeEach
    void start() throws Exception {
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
        running = JettyChannelServer.start(EchoChannelServer.create(ServerOptions.defaults()), 0);
    }

    @AfterEach
    void stop() {
        running.close();
        Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void itListensOnLoopbackByDefaultAndNamesItsUris() {
        assertThat(running.host()).isEqualTo("127.0.0.1");
        assertThat(running.isSecure()).isFalse();
        assertThat(running.channelUri("a").toString()).isEqualTo("ws://localhost:" + running.port() + "/ws/a");
        assertThat(running.pageUri().toString()).isEqualTo("http://localhost:" + running.port() + "/");
    }

    @Test
    void aClientJoinsRequestsAndLeavesAndNothingAlarmingIsLogged() throws Exception {
        try (ChannelClient client = ChannelClient.builder().connectTimeout(WAIT).build()) {
            client.join(URI.create("ws://localhost:" + running.port() + "/ws"), "room");
            Message echo = client.request(Request.of("room", "echo", "ping"), WAIT);
            assertThat(echo.bind(String.class)).isEqualTo("ping");
        }
        await().atMost(WAIT).until(() -> running.server().members("room").isEmpty());
        synchronized (records) {
            assertThat(records).noneMatch(r -> r.getLevel().intValue() >= Level.WARNING.intValue());
            // one clear line says broadcasts take the portable path here
            assertThat(records).filteredOn(r -> String.valueOf(r.getMessage()).contains("portable sendText path"))
                    .hasSize(1);
        }
    }

    @Test
    void aHandshakeWithoutSecWebSocketKeyGets400AndIsClosed() throws Exception {
        Map<String, String> headers = RawWebSocket.handshakeHeaders(running.port());
        headers.remove("Sec-WebSocket-Key");
        try (RawWebSocket ws = RawWebSocket.open(running.port(), "/ws/room", headers)) {
            assertThat(ws.status()).isEqualTo(400);
            assertThat(ws.body()).contains("missing Sec-WebSocket-Key");
            assertThat(ws.isClosedByServer(20_000)).isTrue();
        }
        assertThat(running.server().connectionCount()).isZero();
    }

    @Test
    void aHandshakeWithAKeyThatIsNotSixteenBytesGets400() throws Exception {
        Map<String, String> headers = RawWebSocket.handshakeHeaders(running.port());
        headers.put("Sec-WebSocket-Key", "c2hvcnQ=");
        try (RawWebSocket ws = RawWebSocket.open(running.port(), "/ws/room", headers)) {
            assertThat(ws.status()).isEqualTo(400);
            assertThat(ws.body()).contains("16 bytes in base64");
        }
    }

    @Test
    void aMalformedRequestUriGets400WithoutAStackTraceInTheLog() throws Exception {
        String request = "GET /ws/a%zz HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        try (RawWebSocket ws = RawWebSocket.openRaw(running.port(), request.getBytes(StandardCharsets.ISO_8859_1))) {
            assertThat(ws.status()).isEqualTo(400);
        }
        synchronized (records) {
            assertThat(records).noneMatch(r -> r.getThrown() != null && r.getLevel().intValue() >= Level.INFO.intValue());
        }
    }

    @Test
    void errorPagesNameNoServerAndNoVersion() throws Exception {
        byte[] get = "GET /no-such-page HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        try (RawWebSocket http = RawWebSocket.openRaw(running.port(), get)) {
            assertThat(http.status()).isEqualTo(404);
            String page = http.responseHead() + http.body();
            assertThat(page).doesNotContainIgnoringCase("jetty").doesNotContain("12.1")
                    .doesNotContainIgnoringCase("server:").doesNotContainIgnoringCase("x-powered-by");
        }
    }

    @Test
    void aPageFromAnotherSiteGets403BeforeTheUpgrade() throws Exception {
        Map<String, String> headers = RawWebSocket.handshakeHeaders(running.port());
        headers.put("Origin", "https://evil.example");
        try (RawWebSocket ws = RawWebSocket.open(running.port(), "/ws/room", headers)) {
            assertThat(ws.status()).isEqualTo(403);
            assertThat(ws.body()).contains("origin not allowed");
        }
        assertThat(running.server().connectionCount()).isZero();
    }

    @Test
    void awaitShutdownReturnsOnceAnotherThreadClosesTheServer() throws Exception {
        JettyChannelServer other = JettyChannelServer.start(ChannelServer.builder().build(), 0);
        CompletableFuture<Void> waited = CompletableFuture.runAsync(() -> {
            try {
                other.awaitShutdown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(waited).isNotDone();
        other.close();
        waited.get(20, TimeUnit.SECONDS);
        other.close(); // idempotent
    }

    @Test
    void optionsAreValidated() {
        assertThatThrownBy(() -> RunnerOptions.builder().handshakeTimeout(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("handshakeTimeout");
        assertThatThrownBy(() -> RunnerOptions.builder().pages("/dev/channels/web/").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("class-path folder");
        assertThatThrownBy(() -> RunnerOptions.builder().maxThreads(2).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxThreads");
        assertThatThrownBy(() -> RunnerOptions.builder().host(" ").build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
