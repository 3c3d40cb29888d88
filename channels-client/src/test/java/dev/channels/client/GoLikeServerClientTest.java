package dev.channels.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.channels.api.ErrorDetail;
import dev.channels.api.Request;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The client contract against a raw JSR-356 server that behaves like the Go seed server: proves
 * interop with a Go-like peer (e.g. error details in Go's {@code Title}/{@code ErrCode} casing).
 */
class GoLikeServerClientTest extends ChannelClientContract {

    @Override
    TestServer startServer(int port) {
        return new GoLikeTestServer(port);
    }

    @Test
    void goStyleErrorDetailKeysAreRead() {
        Recorder r = new Recorder();
        ChannelClient client = client(r);
        client.join(server.base(), "room-1");

        client.publish(Request.of("room-1", "fail", 1));

        await().atMost(WAIT).until(() -> !r.serverErrors.isEmpty());
        assertThat(r.serverErrors.peek().detail()).contains(
                new ErrorDetail("unexpected server error", "failed on purpose", "500"));
    }

    @Test
    void aServerThatNeverSendsJoinSuccessFailsTheJoinWithATimeout() {
        ChannelClient client = track(ChannelClient.builder().connectTimeout(Duration.ofMillis(500)).build());

        assertThatThrownBy(() -> client.join(server.base(), "mute"))
                .isInstanceOfSatisfying(JoinException.class,
                        e -> assertThat(e.reason()).isEqualTo(JoinException.Reason.TIMEOUT));
        assertThat(client.hasChannel("mute")).isFalse();
    }
}
