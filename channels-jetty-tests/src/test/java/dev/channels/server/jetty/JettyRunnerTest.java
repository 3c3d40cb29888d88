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
import dev.channels.testkit.LogCapture;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Jetty runner's own surface, over real sockets: what channels-tyrus's shared tests cannot say
 * about it (its URIs, options, log lines, shutdown); its handshake refusals and error pages are the
 * shared suite's (dev.channels.server.HandshakeRefusalTest, OriginCheckTest).
 */
class JettyRunnerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private LogCapture log;
    private JettyChannelServer running;

    @BeforeEach
    void start() throws Exception {
        log = LogCapture.root();
        running = JettyChannelServer.start(EchoChannelServer.create(ServerOptions.defaults()), 0);
    }

    @AfterEach
    void stop() {
        running.close();
        log.close();
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
        assertThat(log.records()).noneMatch(LogCapture.atLeast(Level.WARNING));
        // one clear line says broadcasts take the portable path here
        assertThat(log.records()).filteredOn(r -> String.valueOf(r.getMessage()).contains("portable sendText path"))
                .hasSize(1);
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
