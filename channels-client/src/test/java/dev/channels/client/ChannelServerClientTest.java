package dev.channels.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.channels.api.Message;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/** The client contract against the project's own {@code dev.channels.server} server. */
class ChannelServerClientTest extends ChannelClientContract {

    @Override
    TestServer startServer(int port) {
        return new RealTestServer(port);
    }

    @Override
    @Test
    @Disabled("the channel server closes channels only with a message (channel.closed/expired); covered by GoLikeServerClientTest")
    void aNormalCloseByTheServerDoesNotReconnect() {
    }

    @Test
    void aJoinRefusedByTheServersHandshakeCheckFailsAsRefused() {
        ChannelClient client = client(new Recorder());

        assertThatThrownBy(() -> client.join(server.base(), "room-1", Map.of("X-Token", List.of("bad")), Map.of()))
                .isInstanceOfSatisfying(JoinException.class, e -> {
                    assertThat(e.reason()).isEqualTo(JoinException.Reason.REFUSED);
                    assertThat(e.getMessage()).contains("1008").contains("bad token");
                });
        assertThat(client.hasChannel("room-1")).isFalse();
        client.join(server.base(), "room-1", Map.of("X-Token", List.of("good")), Map.of());
        assertThat(client.hasChannel("room-1")).isTrue();
    }

    @Test
    void theServersBroadcastAndAwaitGetsTheListenersReply() throws Exception {
        ChannelClient client = track(ChannelClient.builder()
                .listener("question", (ctx, msg) -> java.util.Optional.of(msg.newFrom("answer").withBody(42)))
                .build());
        client.join(server.base(), "room-1");

        Message answer = ((RealTestServer) server).channelServer()
                .broadcastAwait("room-1", Message.create("question", "room-1"), Duration.ofSeconds(5))
                .get();

        assertThat(answer.type()).isEqualTo("answer");
        assertThat(answer.rawBody()).isEqualTo("42");
        await().atMost(WAIT).until(() -> ((RealTestServer) server).channelServer().pendingReplies() == 0);
    }
}
