package dev.channels.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.channels.api.Request;
import dev.channels.server.ChannelServer;
import dev.channels.testing.TestRunner;
import dev.channels.testkit.SelfSignedCertificate;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wss://}: the standalone server speaks TLS with a self-signed certificate made at test time;
 * the client joins with an {@code SSLContext} that trusts it, and fails clearly without one.
 */
class TlsJoinTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    static Path dir;

    private static SelfSignedCertificate certificate;
    private static TestRunner.Running running;

    @BeforeAll
    static void startTlsServer() throws Exception {
        certificate = SelfSignedCertificate.generate(dir);
        ChannelServer server = ChannelServer.builder()
                .channelHandler("chat", (ctx, msg) -> Optional.of(msg.newFrom("chat").withRawBody(msg.rawBody())))
                .build();
        running = TestRunner.current().startTls(server, 0, certificate.serverContext());
    }

    @AfterAll
    static void stop() {
        if (running != null) {
            running.close();
        }
    }

    private static URI base() {
        URI room = running.channelUri("room");
        return URI.create(room.toString().substring(0, room.toString().lastIndexOf('/')));
    }

    @Test
    void aClientTrustingTheCertificateJoinsPublishesAndReceivesOverWss() throws Exception {
        assertThat(running.isSecure()).isTrue();
        assertThat(base().getScheme()).isEqualTo("wss");
        Recorder r = new Recorder();
        try (ChannelClient client = r.attach(ChannelClient.builder()
                .sslContext(certificate.trustingClientContext()).connectTimeout(WAIT), "chat").build()) {

            JoinedChannel joined = client.join(base(), "room");
            client.publish(Request.of("room", "chat", "over tls"));

            await().atMost(WAIT).until(() -> r.ofType("chat").size() == 1);
            assertThat(r.ofType("chat").get(0).rawBody()).isEqualTo("\"over tls\"");
            assertThat(running.server().members("room")).containsExactly(joined.clientId());
        }
    }

    @Test
    void aClientWithThePlatformTrustStoreFailsToJoinWithATlsReason() {
        try (ChannelClient client = ChannelClient.builder().connectTimeout(WAIT).build()) {

            assertThatThrownBy(() -> client.join(base(), "room"))
                    .isInstanceOfSatisfying(JoinException.class, e -> {
                        assertThat(e.reason()).isEqualTo(JoinException.Reason.TLS);
                        assertThat(e.getMessage()).contains("TLS handshake");
                    });
            assertThat(client.hasChannel("room")).isFalse();
        }
        await().atMost(WAIT).until(() -> running.server().members("room").isEmpty());
    }
}
