package dev.channels.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.channels.cdi.lifecycle.ChannelClosed;
import dev.channels.cdi.lifecycle.ChannelCreated;
import dev.channels.cdi.lifecycle.ClientJoined;
import dev.channels.cdi.lifecycle.ClientLeft;
import dev.channels.cdi.se.ChannelsSe;
import dev.channels.cdi.testing.TestClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.websocket.CloseReason.CloseCodes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Lifecycle events reach synchronous and asynchronous observers, exactly once each. */
class LifecycleEventsTest {

    private static final List<String> SYNC = new CopyOnWriteArrayList<>();
    private static final List<String> ASYNC = new CopyOnWriteArrayList<>();

    private ChannelsSe channels;

    @BeforeEach
    void start() {
        SYNC.clear();
        ASYNC.clear();
        channels = ChannelsSe.builder().port(0).disableDiscovery().beanClasses(Recorder.class, Echo.class).start();
    }

    @AfterEach
    void stop() {
        channels.close();
    }

    @Test
    void joins_and_leaves_are_observed_synchronously_in_order_and_asynchronously_exactly_once() throws Exception {
        String alice;
        String bob;
        try (TestClient a = join("lobby"); TestClient b = join("lobby")) {
            alice = a.clientId();
            bob = b.clientId();
            assertThat(SYNC).as("synchronous observers ran before join.success").containsExactly(
                    "created lobby", "joined " + alice + " lobby", "joined " + bob + " lobby");
            a.disconnect();
            await().atMost(Duration.ofSeconds(20)).until(() -> SYNC.contains("left " + alice + " lobby"));
        }
        List<String> expected = List.of("created lobby", "joined " + alice + " lobby", "joined " + bob + " lobby",
                "left " + alice + " lobby", "left " + bob + " lobby", "closed lobby");
        await().atMost(Duration.ofSeconds(20)).until(() -> SYNC.size() >= expected.size() && ASYNC.size() >= expected.size());
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
            assertThat(SYNC).containsExactlyElementsOf(expected);
            assertThat(ASYNC).containsExactlyInAnyOrderElementsOf(expected);
        });
    }

    @Test
    void a_failing_synchronous_observer_neither_breaks_the_connection_nor_stops_the_asynchronous_ones() throws Exception {
        try (TestClient a = join("explosive")) {
            a.send("echo", "fine");
            assertThat(a.nextMessage().rawBody()).isEqualTo("\"fine\"");
            await().atMost(Duration.ofSeconds(20)).until(() -> ASYNC.contains("created explosive"));
        }
    }

    @Test
    void closing_the_application_closes_connections_while_observers_still_see_them_leave() throws Exception {
        TestClient a = join("closing");
        String alice = a.clientId();
        channels.close();
        assertThat(a.closed().get(20, TimeUnit.SECONDS).getCloseCode()).isEqualTo(CloseCodes.GOING_AWAY);
        assertThat(SYNC).endsWith("left " + alice + " closing", "closed closing");
        assertThat(channels.server().isClosed()).isTrue();
    }

    private TestClient join(String channel) throws Exception {
        return TestClient.join(channels.channelUri(channel));
    }

    /** Records every lifecycle event it observes. */
    @ApplicationScoped
    public static class Recorder {
        void created(@Observes ChannelCreated e) {
            SYNC.add("created " + e.channelId());
            if (e.channelId().equals("explosive")) {
                throw new IllegalStateException("observer failure for the test");
            }
        }

        void joined(@Observes ClientJoined e) {
            SYNC.add("joined " + e.clientId() + " " + e.channelId());
        }

        void left(@Observes ClientLeft e) {
            SYNC.add("left " + e.clientId() + " " + e.channelId());
        }

        void closed(@Observes ChannelClosed e) {
            SYNC.add("closed " + e.channelId());
        }

        void createdAsync(@ObservesAsync ChannelCreated e) {
            ASYNC.add("created " + e.channelId());
        }

        void joinedAsync(@ObservesAsync ClientJoined e) {
            ASYNC.add("joined " + e.clientId() + " " + e.channelId());
        }

        void leftAsync(@ObservesAsync ClientLeft e) {
            ASYNC.add("left " + e.clientId() + " " + e.channelId());
        }

        void closedAsync(@ObservesAsync ChannelClosed e) {
            ASYNC.add("closed " + e.channelId());
        }
    }

    /** Something to talk to. */
    @ApplicationScoped
    public static class Echo {
        void echo(@Observes @MessageType("echo") Inbound msg) {
            msg.reply("echo", msg.message().body());
        }
    }
}
