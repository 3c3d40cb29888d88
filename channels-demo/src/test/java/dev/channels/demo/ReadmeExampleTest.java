package dev.channels.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.channels.api.Message;
import dev.channels.api.Request;
import dev.channels.client.ChannelClient;
import dev.channels.demo.DemoServer.Runner;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The client half of the README's example, as written there, against the demo server on each runner. */
class ReadmeExampleTest {

    private DemoServer.Running running;

    @AfterEach
    void stop() {
        if (running != null) {
            running.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Runner.class)
    void theReadmeClientChatsAndGetsItsEchoFromTheDemoServer(Runner runner) throws Exception {
        running = DemoServer.start(runner, DemoApp.create(DemoApp.options("/ws")), 0, null);
        List<String> log = new CopyOnWriteArrayList<>();
        URI base = URI.create("ws://localhost:" + running.port() + "/ws");

        // --- as in README.md (with the demo's address and a list for a logger) ---
        String body;
        try (ChannelClient client = ChannelClient.builder()
                .listener("chat", (ctx, msg) -> {
                    log.add("chat on " + msg.channelId() + ": " + msg.rawBody());
                    return msg.noContent();
                })
                .build()) {
            client.join(base, "room-1");
            client.publish(Request.of("room-1", "chat", Map.of("text", "hello")));
            Message echo = client.request(Request.of("room-1", "echo", "ping"), Duration.ofSeconds(5));
            body = echo.bind(String.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> !log.isEmpty());
        }
        // --- end of the README's code ---

        assertThat(body).isEqualTo("ping");
        assertThat(log).containsExactly("chat on room-1: {\"text\":\"hello\"}");
    }
}
