package dev.channels.server.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The engine contract on the in-memory engine, plus what only it promises. */
class InMemoryEngineTest extends ChannelEngineContract {

    @Override
    protected ChannelEngine newEngine() {
        return InMemoryEngine.create();
    }

    @Test
    void anUnusedChannelLeavesNoStateBehindAfterItsTtl() {
        InMemoryEngine memory = (InMemoryEngine) engine;
        String channel = freshChannel();
        StreamOptions ttl = StreamOptions.of(10, Duration.ofSeconds(1));
        get(memory.broker().subscribe(channel));
        get(memory.broker().publish(channel, "x", ttl));
        get(memory.broker().unsubscribe(channel));
        await().atMost(WAIT).until(() -> memory.channelStateCount() == 0);
    }

    @Test
    void publishDeliversBeforeItsFutureCompletes() {
        String channel = freshChannel();
        get(engine.broker().subscribe(channel));
        assertThat(engine.broker().publish(channel, "now", StreamOptions.OFF)).isDone();
        assertThat(events.publications(channel)).hasSize(1);
    }
}
