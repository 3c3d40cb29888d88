package dev.channels.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.channels.api.Message;
import dev.channels.api.Request;
import dev.channels.client.ChannelClient;
import dev.channels.server.ServerFixture.Joined;
import dev.channels.testkit.RecordingClient;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A body's bytes survive server and client unchanged (docs/protocol.md: bodies stay raw): what one
 * member sends is what another member receives, character for character, when a channel handler
 * echoes {@code msg.body()}, over real sockets. The body holds what a JSON tree would rewrite:
 * {@code 1e2} (JSON-P wrote {@code 1E+2}), {@code -0} ({@code 0}), an escaped {@code é} (written as
 * the character), a {@code 1.50} and inner whitespace.
 */
class BodyFidelityTest {

    private static final String BODY = "{\"n\":1e2,\"z\":-0,\"s\":\"\\u00e9\",\"d\":1.50, \"a\" : [ 1E-7 ,true]}";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private ServerFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new ServerFixture(ChannelServer.builder()
                .channelHandler("chat", (ctx, msg) -> Optional.of(msg.newFrom("chat").withBody(msg.body()))));
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void aBodyEchoedByAChannelHandlerReachesAnotherMemberByteForByte() throws Exception {
        Joined ann = fixture.join("room-1");
        Joined bob = fixture.join("room-1");

        ann.client().send("{\"type\":\"chat\",\"channelId\":\"room-1\",\"body\":" + BODY + "}");

        String frame = nextOfType(bob.client(), "chat");
        assertThat(frame).contains("\"body\":" + BODY + ",");
        assertThat(ServerFixture.message(frame).rawBody()).isEqualTo(BODY);
    }

    @Test
    void aFailedMessagesBodyComesBackInTheErrorByteForByte() throws Exception {
        Joined ann = fixture.join("room-1");

        ann.client().send("{\"type\":\"no-such-type\",\"channelId\":\"room-1\",\"body\":" + BODY + "}");

        String frame = ann.client().next(WAIT);
        assertThat(frame).contains("\"originBody\":" + BODY + ",");
    }

    @Test
    void aBodyPublishedByTheJavaClientReachesAnotherJavaClientByteForByte() {
        Queue<String> bobGot = new ConcurrentLinkedQueue<>();
        URI base = URI.create("ws://localhost:" + fixture.running.port() + fixture.server.options().basePath());
        try (ChannelClient ann = ChannelClient.builder().build();
             ChannelClient bob = ChannelClient.builder()
                     .listener("chat", (ctx, msg) -> {
                         bobGot.add(msg.rawBody());
                         return msg.noContent();
                     })
                     .build()) {
            ann.join(base, "room-1");
            bob.join(base, "room-1");

            ann.publish(Request.ofJson("room-1", "chat", BODY));

            await().atMost(WAIT).until(() -> !bobGot.isEmpty());
            assertThat(bobGot.peek()).isEqualTo(BODY);
        }
    }

    private static String nextOfType(RecordingClient client, String type) throws InterruptedException {
        while (true) {
            String frame = client.next(WAIT);
            assertThat(frame).as("a frame within %s", WAIT).isNotNull();
            Message m = ServerFixture.message(frame);
            if (m.type().equals(type)) {
                return frame;
            }
        }
    }
}
