package dev.channels.server.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.server.ServerOptions;
import dev.channels.testing.EchoChannelServer;
import dev.channels.testing.TestRunner;
import dev.channels.testkit.LogCapture;
import dev.channels.testkit.RawWebSocket;
import java.nio.charset.StandardCharsets;
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
}
