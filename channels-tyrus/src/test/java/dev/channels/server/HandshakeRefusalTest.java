package dev.channels.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.testing.EchoChannelServer;
import dev.channels.testing.TestRunner;
import dev.channels.testkit.LogCapture;
import dev.channels.testkit.RawWebSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Handshakes and HTTP requests a well-behaved client never sends, over raw sockets, on the runner under
 * test (the shared suite: Tyrus here, Jetty in channels-jetty-tests): each gets a plain 4xx, none
 * leaves a connection behind or a stack trace in the log, and no error page names the server.
 */
class HandshakeRefusalTest {

    private LogCapture log;
    private TestRunner.Running running;

    @BeforeEach
    void start() throws Exception {
        log = LogCapture.root(LogCapture.atLeast(Level.INFO));
        running = TestRunner.current().start(EchoChannelServer.create(ServerOptions.defaults()), 0);
    }

    @AfterEach
    void stop() {
        running.close();
        log.close();
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
    void aSpaceInTheRequestTargetGets400NotAnHttpVersionError() throws Exception {
        try (RawWebSocket ws = RawWebSocket.open(running.port(), "/ws/a b", RawWebSocket.handshakeHeaders(running.port()))) {
            assertThat(ws.status()).as(ws.responseHead()).isEqualTo(400);
        }
    }

    @Test
    void aMalformedRequestUriGets400WithoutAStackTraceInTheLog() throws Exception {
        String request = "GET /ws/a%zz HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        try (RawWebSocket ws = RawWebSocket.openRaw(running.port(), request.getBytes(StandardCharsets.ISO_8859_1))) {
            assertThat(ws.status()).isEqualTo(400);
        }
        assertThat(log.records()).noneMatch(r -> r.getThrown() != null);
    }

    @Test
    void errorPagesNameNoServerAndNoVersion() throws Exception {
        byte[] get = "GET /no-such-page HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        try (RawWebSocket http = RawWebSocket.openRaw(running.port(), get)) {
            assertThat(http.status()).isEqualTo(404);
            String page = http.responseHead() + http.body();
            // the runtimes' names and versions (Jetty 12.1; Tyrus, Grizzly 4.0.2), and the headers that carry them
            assertThat(page).doesNotContainIgnoringCase("jetty").doesNotContainIgnoringCase("grizzly")
                    .doesNotContainIgnoringCase("tyrus").doesNotContain("12.1").doesNotContain("4.0.2")
                    .doesNotContainIgnoringCase("server:").doesNotContainIgnoringCase("x-powered-by");
        }
    }
}
