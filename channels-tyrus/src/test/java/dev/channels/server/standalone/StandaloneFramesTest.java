package dev.channels.server.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.channels.server.ServerOptions;
import dev.channels.testing.EchoChannelServer;
import dev.channels.testkit.RawFrameClient;
import dev.channels.testkit.RawWebSocket;
import dev.channels.testing.TestRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Frames a well-behaved client never sends, over a raw socket to the standalone runner. */
class StandaloneFramesTest {

    private TestRunner.Running running;

    @BeforeEach
    void start() throws Exception {
        running = TestRunner.current().start(EchoChannelServer.create(ServerOptions.defaults()), 0);
    }

    @AfterEach
    void stop() {
        running.close();
    }

    @Test
    void aFrameAnnouncingMoreThanTyrusWouldBufferClosesWith1009AtItsHeader() throws Exception {
        try (RawWebSocket ws = RawWebSocket.upgrade(running.port(), "/ws/big")) {
            ws.readFrame(); // join.success
            ws.sendTextHeader(5_000_000); // over Tyrus's 4 MiB buffer: Tyrus alone answers 1011 "Buffer overflow."
            RawWebSocket.Frame close = ws.awaitClose();
            assertThat(close.closeCode()).isEqualTo(1009);
            assertThat(close.text()).contains("65536"); // Tyrus runner: "message larger than 65536 bytes"
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> running.server().connectionCount() == 0);
    }

    @Test
    void aSixtyFourBitLengthWithItsTopBitSetIsAProtocolError() throws Exception {
        try (RawFrameClient ws = RawFrameClient.connect(running.port(), "/ws/top-bit")) {
            ws.nextText(); // join.success
            // RFC 6455 5.2: the most significant bit of a 64-bit payload length MUST be 0
            ws.sendBytes(new byte[] {(byte) 0x81, (byte) (0x80 | 127), (byte) 0x80, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4});
            assertThat(ws.awaitClose()).isEqualTo(1002);
        }
    }

    @Test
    void aFrameJustOverTheLimitClosesWith1009BeforeItsPayloadIsSent() throws Exception {
        try (RawWebSocket ws = RawWebSocket.upgrade(running.port(), "/ws/big")) {
            ws.readFrame();
            ws.sendTextHeader(64 * 1024 + 1); // no payload follows: only the header can trigger the close
            assertThat(ws.awaitClose().closeCode()).isEqualTo(1009);
        }
    }

    @Test
    void aClientStillSendingWhenTheServerClosesItIsNotResetAndReadsTheCloseFrame() throws Exception {
        assumeTrue("tyrus".equals(TestRunner.current().name()),
                "the Jetty runner closes its socket over unread bytes, which resets the connection: README, known gaps");
        try (RawWebSocket ws = RawWebSocket.upgrade(running.port(), "/ws/big")) {
            ws.readFrame(); // join.success
            ws.sendTextHeader(64 * 1024 + 1); // refused at its header: the server closes with 1009 ...
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                try {
                    ws.sendPayload(8 * 1024 * 1024); // ... while the client goes on sending what nobody reads
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            assertThat(ws.awaitClose().closeCode()).isEqualTo(1009);
            // a server that closes its socket over unread bytes resets the connection: the client's writes
            // fail ("Connection reset", "Broken pipe") and a client library reports 1006, not the server's code
            assertThat(sending).succeedsWithin(Duration.ofSeconds(30));
        }
    }

    @Test
    void aFrameOfExactlyTheLimitIsAccepted() throws Exception {
        assumeTrue("tyrus".equals(TestRunner.current().name()),
                "Jetty sends the echo of a message this size in fragments, which readFrame does not join");
        try (RawWebSocket ws = RawWebSocket.upgrade(running.port(), "/ws/limit")) {
            ws.readFrame();
            String prefix = "{\"type\":\"echo\",\"body\":\"";
            String suffix = "\"}";
            ws.sendText(prefix + "x".repeat(64 * 1024 - prefix.length() - suffix.length()) + suffix, true);
            RawWebSocket.Frame echo = ws.readFrame();
            assertThat(echo.opcode()).isEqualTo(1);
            assertThat(echo.text()).contains("\"type\":\"echo\"");
        }
    }

    @Test
    void aFrameSentInTheSameWriteAsTheHandshakeIsHandled() throws Exception {
        // RFC 6455 asks clients to wait for the 101, but bytes right behind the request must not be lost
        byte[] payload = "{\"type\":\"echo\",\"body\":\"early\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] mask = {1, 2, 3, 4};
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        StringBuilder request = new StringBuilder("GET /ws/early HTTP/1.1\r\n");
        RawWebSocket.handshakeHeaders(running.port()).forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
        bytes.writeBytes(request.append("\r\n").toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        bytes.write(0x81);
        bytes.write(0x80 | payload.length);
        bytes.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            bytes.write(payload[i] ^ mask[i & 3]);
        }
        try (RawWebSocket ws = RawWebSocket.openRaw(running.port(), bytes.toByteArray())) {
            assertThat(ws.status()).isEqualTo(101);
            assertThat(ws.readFrame().text()).contains("join.success");
            RawWebSocket.Frame echo = ws.readFrame();
            assertThat(echo.opcode()).isEqualTo(1);
            assertThat(echo.text()).contains("\"type\":\"echo\"").contains("early");
        }
    }

    @Test
    void anUnmaskedClientFrameClosesWith1002AndIsNotHandled() throws Exception {
        try (RawWebSocket ws = RawWebSocket.upgrade(running.port(), "/ws/mask")) {
            ws.readFrame();
            ws.sendText("{\"type\":\"echo\",\"body\":\"unmasked\"}", false);
            RawWebSocket.Frame next = ws.readFrame(); // Tyrus alone would answer with the echo
            assertThat(next.opcode()).isEqualTo(8);
            assertThat(next.closeCode()).isEqualTo(1002);
            assertThat(next.text()).containsIgnoringCase("mask"); // Tyrus runner: "client frames must be masked"
        }
    }

    @Test
    void framesBeforeAnOffendingOneInTheSameReadAreStillHandled() throws Exception {
        try (RawWebSocket ws = RawWebSocket.upgrade(running.port(), "/ws/order")) {
            ws.readFrame();
            ws.sendText("{\"type\":\"echo\",\"body\":\"first\"}", true);
            ws.sendTextHeader(1_000_000);
            RawWebSocket.Frame echo = ws.readFrame();
            assertThat(echo.text()).contains("\"body\":\"first\"");
            assertThat(ws.awaitClose().closeCode()).isEqualTo(1009);
        }
    }
}
