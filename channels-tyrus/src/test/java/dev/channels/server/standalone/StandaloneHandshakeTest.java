package dev.channels.server.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.server.ServerOptions;
import dev.channels.testing.EchoChannelServer;
import dev.channels.testkit.RawWebSocket;
import dev.channels.testing.TestRunner;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Handshakes and HTTP requests a well-behaved client never sends, over raw sockets. */
class StandaloneHandshakeTest {

    private TestRunner.Running running;
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
    private final Logger filterLogger = Logger.getLogger(WebSocketUpgradeFilter.class.getName());
    private Level filterLevel;

    @BeforeEach
    void start() throws Exception {
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
        filterLevel = filterLogger.getLevel();
        filterLogger.setLevel(Level.FINE);
        running = TestRunner.current().start(EchoChannelServer.create(ServerOptions.defaults()), 0);
    }

    @AfterEach
    void stop() {
        running.close();
        Logger.getLogger("").removeHandler(capture);
        filterLogger.setLevel(filterLevel);
    }

    @Test
    void aHandshakeWithoutSecWebSocketKeyGets400() throws Exception {
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
    void aSpaceInTheRequestTargetGets400NotAnHttpVersionError() throws Exception {
        try (RawWebSocket ws = RawWebSocket.open(running.port(), "/ws/a b", RawWebSocket.handshakeHeaders(running.port()))) {
            assertThat(ws.status()).as(ws.responseHead()).isEqualTo(400);
        }
    }

    @Test
    void aHandshakeWithAKeyThatIsNotSixteenBytesGets400() throws Exception {
        Map<String, String> headers = RawWebSocket.handshakeHeaders(running.port());
        headers.put("Sec-WebSocket-Key", "c2hvcnQ=");
        try (RawWebSocket ws = RawWebSocket.open(running.port(), "/ws/room", headers)) {
            assertThat(ws.status()).isEqualTo(400);
        }
    }

    @Test
    void aMalformedRequestUriGets400AndOneLogLineWithoutAStackTrace() throws Exception {
        String request = "GET /ws/a%zz HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        try (RawWebSocket ws = RawWebSocket.openRaw(running.port(), request.getBytes(StandardCharsets.ISO_8859_1))) {
            assertThat(ws.status()).isEqualTo(400);
            assertThat(ws.body()).contains("malformed request URI");
        }
        synchronized (records) {
            assertThat(records).noneMatch(r -> r.getThrown() != null);
            assertThat(records).filteredOn(r -> String.valueOf(r.getMessage()).contains("malformed request URI")).hasSize(1);
        }
    }

    @Test
    void errorPagesNameNoServerAndNoVersion() throws Exception {
        byte[] get = "GET /no-such-page HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        try (RawWebSocket http = RawWebSocket.openRaw(running.port(), get)) {
            assertThat(http.status()).isEqualTo(404);
            String page = http.responseHead() + http.body();
            assertThat(page).doesNotContainIgnoringCase("grizzly").doesNotContainIgnoringCase("tyrus")
                    .doesNotContain("4.0.2").doesNotContainIgnoringCase("server:");
        }
    }
}
