package dev.channels.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.api.Message;
import dev.channels.api.MessageTypes;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The net-change rule of {@link PresenceBatcher}, with the flush run by hand instead of by time. */
class PresenceBatcherTest {

    /** Holds the scheduled flushes until the test runs them. */
    private static final class HeldScheduler extends ScheduledThreadPoolExecutor {
        final List<Runnable> held = new ArrayList<>();

        HeldScheduler() {
            super(1);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            held.add(command);
            return null;
        }

        void runHeld() {
            List<Runnable> now = new ArrayList<>(held);
            held.clear();
            now.forEach(Runnable::run);
        }
    }

    private final HeldScheduler scheduler = new HeldScheduler();
    private final List<Message> published = new ArrayList<>();
    private final PresenceBatcher batcher = new PresenceBatcher(scheduler, Duration.ofMillis(100), (channel, m) -> {
        published.add(m);
        return CompletableFuture.completedFuture(null);
    });

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private static List<String> ids(JsonObject body, String key) {
        return body.getJsonArray(key).stream().map(v -> v.asJsonObject().getString("clientId") + "/"
                + v.asJsonObject().getString("userId")).toList();
    }

    @Test
    void oneFlushPerIntervalCarriesEachClientsLastChange() {
        batcher.joined("room", "a", "alice");
        batcher.joined("room", "b", "bob");
        batcher.left("room", "b", "bob");
        batcher.joined("other", "c", "carol");
        assertThat(scheduler.held).as("one flush per channel, however many changes").hasSize(2);
        scheduler.runHeld();
        assertThat(published).hasSize(2);
        JsonObject room = published.get(0).body().asJsonObject();
        assertThat(published.get(0).type()).isEqualTo(MessageTypes.PRESENCE_DIFF);
        assertThat(room.getString("channelId")).isEqualTo("room");
        assertThat(ids(room, "joins")).containsExactly("a/alice");
        assertThat(ids(room, "leaves")).as("joined and left within the interval: a client that read bob with get.info meanwhile must learn he left")
                .containsExactly("b/bob");

        published.clear();
        batcher.left("room", "a", "alice");
        batcher.joined("room", "a", "alice"); // left and came back within one interval: reported as there
        batcher.left("room", "d", "dave");
        scheduler.runHeld();
        assertThat(published).hasSize(1);
        assertThat(ids(published.get(0).body().asJsonObject(), "joins")).containsExactly("a/alice");
        assertThat(ids(published.get(0).body().asJsonObject(), "leaves")).containsExactly("d/dave");
        assertThat(batcher.pendingChannels()).isZero();
    }

    @Test
    void aBigBatchGoesOutInDiffsOfBoundedSize() {
        int n = PresenceBatcher.MAX_CHANGES_PER_DIFF * 2 + 1;
        for (int i = 0; i < n; i++) {
            batcher.joined("big", "c" + i, "");
        }
        scheduler.runHeld();
        assertThat(published).hasSize(3);
        assertThat(published.stream().mapToInt(m -> m.body().asJsonObject().getJsonArray("joins").size()).sum()).isEqualTo(n);
    }
}
