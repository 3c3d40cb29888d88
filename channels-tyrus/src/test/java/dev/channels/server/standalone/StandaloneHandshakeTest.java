package dev.channels.server.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.server.ChannelServer;
import dev.channels.server.HandshakeCheck;
import dev.channels.server.HandshakeDecision;
import dev.channels.server.ServerOptions;
import dev.channels.testing.EchoChannelServer;
import dev.channels.testing.TestRunner;
import dev.channels.testkit.LogCapture;
import dev.channels.testkit.RawWebSocket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * What the Tyrus runner's upgrade filter says about a handshake it refuses; the refusals every runner
 * makes are the shared suite's (dev.channels.server.HandshakeRefusalTest).
 */
class StandaloneHandshakeTest {

    @Test
    void aMalformedRequestUriGets400AndOneDebugLineWithoutAStackTrace() throws Exception {
        Logger filterLogger = Logger.getLogger(WebSocketUpgradeFilter.class.getName());
        Level filterLevel = filterLogger.getLevel();
        filterLogger.setLevel(Level.FINE);
        String request = "GET /ws/a%zz HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        try (LogCapture log = LogCapture.root();
             TestRunner.Running running = TestRunner.current().start(EchoChannelServer.create(ServerOptions.defaults()), 0)) {
            try (RawWebSocket ws = RawWebSocket.openRaw(running.port(), request.getBytes(StandardCharsets.ISO_8859_1))) {
                assertThat(ws.status()).isEqualTo(400);
                assertThat(ws.body()).contains("malformed request URI");
            }
            assertThat(log.records()).noneMatch(r -> r.getThrown() != null);
            assertThat(log.records()).filteredOn(r -> String.valueOf(r.getMessage()).contains("malformed request URI")).hasSize(1);
        } finally {
            filterLogger.setLevel(filterLevel);
        }
    }

    /**
     * The runner hands each upgrade's HTTP request back to Grizzly's per-thread cache once the connection
     * has moved off HTTP, so the next handshake on that thread parses into the same objects: each
     * connection must still see only its own path, query and headers (a header only every other handshake
     * sends must not linger into the next), and the 101 must carry its own accept key.
     */
    @Test
    void handshakesOneAfterAnotherSeeOnlyTheirOwnPathQueryAndHeaders() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        ChannelServer server = ChannelServer.builder()
                .handshakeCheck(HandshakeCheck.admitting(h -> {
                    seen.add(h.channelId() + " n=" + h.queryParameter("n").orElse("-") + " seq="
                            + h.header("X-Seq").orElse("-") + " odd=" + h.header("X-Odd").orElse("-"));
                    return HandshakeDecision.accept();
                }))
                .build();
        List<String> expected = new java.util.ArrayList<>();
        try (TestRunner.Running running = TestRunner.current().start(server, 0)) {
            for (int i = 0; i < 40; i++) {
                Map<String, String> headers = new LinkedHashMap<>(RawWebSocket.handshakeHeaders(running.port()));
                headers.put("X-Seq", Integer.toString(i));
                if (i % 2 == 1) {
                    headers.put("X-Odd", "yes-" + i);
                }
                String query = i % 3 == 0 ? "" : "?n=" + i;
                try (RawWebSocket ws = RawWebSocket.open(running.port(), "/ws/room-" + i + query, headers)) {
                    assertThat(ws.status()).as("handshake %d", i).isEqualTo(101);
                    assertThat(ws.responseHead()).as("the accept key of handshake %d", i)
                            .containsIgnoringCase("Sec-WebSocket-Accept: " + acceptKey(headers.get("Sec-WebSocket-Key")));
                    assertThat(ws.readFrame().text()).as("join.success of handshake %d", i).contains("\"room-" + i + "\"");
                }
                expected.add("room-" + i + " n=" + (query.isEmpty() ? "-" : Integer.toString(i)) + " seq=" + i
                        + " odd=" + (i % 2 == 1 ? "yes-" + i : "-"));
            }
        }
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    private static String acceptKey(String key) throws java.security.NoSuchAlgorithmException {
        byte[] sha1 = java.security.MessageDigest.getInstance("SHA-1")
                .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.ISO_8859_1));
        return java.util.Base64.getEncoder().encodeToString(sha1);
    }
}
