package dev.channels.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.channels.testkit.RawFrameClient;
import dev.channels.testkit.RawWebSocket;
import dev.channels.testkit.SelfSignedCertificate;
import dev.channels.testing.TestRunner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pings count against a connection's rate limit on both runners: a ping flood is closed with 1008 as
 * a message flood is (issue 20, case 2), and pings within the limit are answered. (Tyrus runner:
 * {@code FrameGuard}; Jetty runner: {@code FrameInspector}.)
 */
class PingLimitTest {

    @TempDir
    static Path dir;

    @Test
    void aPingFloodIsClosedWith1008AndPingsWithinTheLimitAreAnswered() throws Exception {
        ChannelServer server = ChannelServer.builder().options(ServerOptions.builder().rateLimit(RateLimit.builder().messagesPerSecond(50).burst(20).disconnectAfter(20).build()).build()).build();
        try (TestRunner.Running running = TestRunner.current().start(server, 0)) {
            floodAndCheck(server, path -> RawFrameClient.connect(running.port(), path));
        }
    }

    @Test
    void aPingFloodOverTlsIsClosedWith1008Too() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.generate(dir);
        ChannelServer server = ChannelServer.builder().options(ServerOptions.builder().rateLimit(RateLimit.builder().messagesPerSecond(50).burst(20).disconnectAfter(20).build()).build()).build();
        try (TestRunner.Running running = TestRunner.current().startTls(server, 0, certificate.serverContext())) {
            SSLContext trusting = certificate.trustingClientContext();
            floodAndCheck(server, path -> RawFrameClient.connectTls(running.port(), path, trusting));
        }
    }

    @Test
    void pingsSentInTheSameWriteAsTheHandshakeAreChargedToo() throws Exception {
        // they reach the WebSocket side without a read of its own (Jetty runner: through the HTTP connection)
        ChannelServer server = ChannelServer.builder().options(ServerOptions.builder().rateLimit(RateLimit.builder().messagesPerSecond(50).burst(20).disconnectAfter(20).build()).build()).build();
        try (TestRunner.Running running = TestRunner.current().start(server, 0)) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            StringBuilder request = new StringBuilder("GET /ws/pings HTTP/1.1\r\n");
            RawWebSocket.handshakeHeaders(running.port()).forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
            bytes.writeBytes(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            for (int i = 0; i < 200; i++) {
                bytes.writeBytes(RawFrameClient.frame(0x89, new byte[16]));
            }
            try (RawWebSocket ws = RawWebSocket.openRaw(running.port(), bytes.toByteArray())) {
                assertThat(ws.status()).isEqualTo(101);
                assertThat(ws.awaitClose().closeCode()).isEqualTo(1008);
            }
        }
    }

    private interface Connector {
        RawFrameClient connect(String path) throws IOException;
    }

    private static void floodAndCheck(ChannelServer server, Connector connector) throws Exception {
        try (RawFrameClient polite = connector.connect("/ws/pings");
             RawFrameClient flooder = connector.connect("/ws/pings")) {
            assertThat(polite.nextText()).contains("join.success");
            assertThat(flooder.nextText()).contains("join.success");

            polite.sendFrame(0x89, new byte[] {1, 2, 3});
            RawFrameClient.Frame pong = polite.next();
            while (pong.opcode() != 0xA) {
                pong = polite.next();
            }
            assertThat(pong.payload()).containsExactly(1, 2, 3);

            ByteArrayOutputStream pings = new ByteArrayOutputStream();
            for (int i = 0; i < 1_000; i++) {
                pings.writeBytes(RawFrameClient.frame(0x89, new byte[125]));
            }
            try {
                flooder.sendBytes(pings.toByteArray());
            } catch (IOException e) {
                // cut while still sending: the close frame may still be read below
            }
            int code = flooder.awaitClose();
            if ("jetty".equals(TestRunner.current().name()) && code == -1) {
                // known gap (README): the Jetty runner has no lingering close, so a client still sending when
                // it is closed may be reset before it reads the close code; it is cut all the same
            } else {
                assertThat(code).isEqualTo(1008);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> server.members("pings").size() == 1);
        }
    }
}
