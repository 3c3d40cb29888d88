package dev.channels.server.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.channels.api.Message;
import dev.channels.server.ServerOptions;
import dev.channels.testing.EchoChannelServer;
import dev.channels.testkit.RawWebSocket;
import dev.channels.testing.TestRunner;
import dev.channels.testkit.StalledRawClient;
import dev.channels.testkit.TcpTable;
import dev.channels.transport.OverflowPolicy;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Connections the server must end itself: they never upgrade, or never let a close complete. */
class StandaloneReapingTest {

    private TestRunner.Running running;

    @AfterEach
    void stop() {
        if (running != null) {
            running.close();
        }
    }

    @Test
    void aSilentTcpConnectionIsClosedAfterTheHandshakeTimeout() throws Exception {
        running = TestRunner.current().start(EchoChannelServer.create(ServerOptions.defaults()), 0); // default timeout: 10 s
        try (Socket silent = new Socket()) {
            silent.connect(new InetSocketAddress("localhost", running.port()), 10_000);
            silent.setSoTimeout(40_000);
            long started = System.nanoTime();
            assertThat(endOfStreamOrReset(silent)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(40));
        }
    }

    @Test
    void aHandshakeDribbledByteByByteIsCutAfterTheHandshakeTimeout() throws Exception {
        running = TestRunner.current().start(EchoChannelServer.create(ServerOptions.defaults()), 0, Duration.ofSeconds(2), Duration.ofSeconds(5));
        try (Socket slow = new Socket()) {
            slow.connect(new InetSocketAddress("localhost", running.port()), 10_000);
            OutputStream out = slow.getOutputStream();
            out.write("GET /ws/room HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            boolean cut = false;
            int i = 0;
            while (!cut && System.nanoTime() < deadline) {
                try {
                    out.write(("X-Slow-" + i++ + ": a\r\n").getBytes(StandardCharsets.ISO_8859_1)); // never the blank line
                    out.flush();
                    Thread.sleep(500);
                } catch (java.io.IOException e) {
                    cut = true; // the server reset the connection
                }
            }
            assertThat(cut).as("server cut the slowloris connection within 30 s").isTrue();
        }
    }

    @Test
    void manySilentConnectionsAreAllClosed() throws Exception {
        running = TestRunner.current().start(EchoChannelServer.create(ServerOptions.defaults()), 0, Duration.ofSeconds(2), Duration.ofSeconds(5));
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("localhost", running.port()), 10_000);
                s.setSoTimeout(30_000);
                sockets.add(s);
            }
            for (Socket s : sockets) {
                assertThat(endOfStreamOrReset(s)).isTrue();
            }
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    @Test
    void aKeepAliveHttpConnectionGetsAFreshDeadlineAfterEachRequest() throws Exception {
        running = TestRunner.current().start(EchoChannelServer.create(ServerOptions.defaults()), 0, Duration.ofSeconds(3), Duration.ofSeconds(5));
        String get = "GET /page HTTP/1.1\r\nHost: localhost\r\n\r\n";
        try (RawWebSocket http = RawWebSocket.openRaw(running.port(), get.getBytes(StandardCharsets.ISO_8859_1))) {
            assertThat(http.status()).isEqualTo(404);
            http.body();
            long end = System.nanoTime() + Duration.ofSeconds(7).toNanos(); // more than two timeouts in all
            while (System.nanoTime() < end) {
                Thread.sleep(1_000);
                assertThat(http.request(get)).isEqualTo(404);
            }
        }
    }

    @Test
    void anUpgradedConnectionIsNotCutByTheHandshakeTimeout() throws Exception {
        running = TestRunner.current().start(EchoChannelServer.create(ServerOptions.defaults()), 0, Duration.ofSeconds(1), Duration.ofSeconds(5));
        try (RawWebSocket ws = RawWebSocket.upgrade(running.port(), "/ws/stay")) {
            ws.readFrame();
            assertThat(ws.isClosedByServer(3_000)).isFalse();
            ws.sendText("{\"type\":\"echo\",\"body\":\"still here\"}", true);
            assertThat(ws.readFrame().text()).contains("still here");
        }
    }

    @Test
    void aSlowReaderCutWith1013IsDisconnectedAtTheTcpLevelAfterTheCloseGrace() throws Exception {

        assumeTrue(TcpTable.available(), "needs /proc/net/tcp (Linux)");
        running = TestRunner.current().start(EchoChannelServer.create(ServerOptions.builder()
                        .maxQueuedFrames(16).maxQueuedChars(1_000_000).overflowPolicy(OverflowPolicy.DISCONNECT).build()), 0, Duration.ofSeconds(10), Duration.ofSeconds(2));
        StalledRawClient stalled = StalledRawClient.connect(running.port(), "/ws/slow");
        try {
            int serverPort = running.port();
            int clientPort = stalled.localPort();
            await().atMost(Duration.ofSeconds(20)).until(() -> running.server().connectionCount() == 1);
            assertThat(TcpTable.isEstablished(serverPort, clientPort)).isTrue();
            String pad = "p".repeat(16 * 1024);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                running.server().broadcast("slow", Message.create("bulk").withBody(pad));
                return running.server().connectionCount() == 0; // cut with 1013: queue full
            });
            // Tyrus alone keeps the socket, and the unsent megabytes, ESTABLISHED for as long as the peer lives
            await().atMost(Duration.ofSeconds(30)).until(() -> !TcpTable.isEstablished(serverPort, clientPort));
        } finally {
            stalled.close();
        }
    }

    private static boolean endOfStreamOrReset(Socket socket) {
        try {
            byte[] skip = new byte[4096];
            while (socket.getInputStream().read(skip) >= 0) {
                // skip whatever the server says before it closes
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (java.io.IOException e) {
            return true; // reset
        }
    }
}
