package dev.channels.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The client's own pings notice a server that stopped answering without closing the connection. */
class DeadServerDetectionTest {

    @Test
    void aServerThatSendsNoPongIsDroppedAndReconnectedTo() throws Exception {
        try (SilentRawServer server = new SilentRawServer();
             ChannelClient client = ChannelClient.builder()
                     .pongWait(Duration.ofMillis(400))
                     .reconnect(ReconnectPolicy.attempts(1, Duration.ofMillis(50)))
                     .build()) {
            JoinedChannel joined = client.join(server.base(), "room-1");
            assertThat(joined.clientId()).isEqualTo("silent-1");

            await().atMost(Duration.ofSeconds(30)).until(() -> joined.reconnects() == 1);
            assertThat(joined.clientId()).isEqualTo("silent-2");
            server.close(); // the next drop finds nobody: one failed attempt, then the channel ends
            await().atMost(Duration.ofSeconds(30)).until(() -> joined.state() == ChannelState.CLOSED);
            assertThat(client.hasChannel("room-1")).isFalse();
        }
    }
}
