package dev.channels.server;

import static dev.channels.server.ServerFixture.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.channels.api.ChannelHeaders;
import dev.channels.api.Message;
import dev.channels.api.MessageTypes;
import dev.channels.testkit.RecordingClient;
import dev.channels.testkit.StalledRawClient;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Races between joining, leaving, expiry, closing a channel and failing hooks, made deterministic by
 * hooks that hold the thread that fires them until the test has done its part.
 */
class ChannelLifecycleRaceTest {

    @AutoClose // after each test: the server and the clients it connected
    private ServerFixture fx;

    @Test
    void aClientJoiningWhileItsChannelExpiresGetsAFreshChannelThatExpiresToo() throws Exception {
        Gate firstLeave = new Gate();
        RecordingListener hooks = new RecordingListener() {
            @Override
            public void onClientLeft(ClientInfo client) {
                super.onClientLeft(client);
                firstLeave.holdTheFirst();
            }
        };
        fx = new ServerFixture(ChannelServer.builder().listener(hooks)
                .options(ServerOptions.builder().channelTimeout(Duration.ofSeconds(3)).build()));
        ServerFixture.Joined a = fx.join("y");
        ServerFixture.Joined b = fx.join("y");
        // expiry runs: it tells the first member to leave, and that hook holds the expiry midway
        firstLeave.awaitHeld();
        ServerFixture.Joined late;
        try {
            late = fx.join("y");
        } finally {
            firstLeave.release();
        }
        for (ServerFixture.Joined old : new ServerFixture.Joined[] {a, b}) {
            assertThat(old.client().closed().get(10, TimeUnit.SECONDS).getCloseCode().getCode()).isEqualTo(1000);
        }
        expiresNoEarlierThanAnnounced(late);
        await().atMost(Duration.ofSeconds(30)).until(() -> hooks.count("closed:y") == 2);
        assertThat(hooks.count("created:y")).isEqualTo(2);
        assertThat(fx.server.channels()).isEmpty();
    }

    @Test
    void anExpiryScheduledForAChannelThatIsAlreadyGoneNeverEndsItsSuccessor() throws Exception {
        Gate created = new Gate();
        fx = new ServerFixture(ChannelServer.builder().listener(holdingTheFirstCreation(created))
                .options(ServerOptions.builder().channelTimeout(Duration.ofSeconds(2)).build()));
        // the channel is closed while its creation hook still runs, before its expiry is scheduled
        closeWhileItsCreationHookRuns("z", created);
        Thread.sleep(1000); // the successor is created well after the first channel's expiry was scheduled
        expiresNoEarlierThanAnnounced(fx.join("z"));
    }

    @Test
    void aChannelEndedWhileAMemberIsJoiningFiresJoinedBeforeLeftAndClosedLast() throws Exception {
        Gate created = new Gate();
        RecordingListener hooks = holdingTheFirstCreation(created);
        fx = new ServerFixture(ChannelServer.builder().listener(hooks));
        // the channel ends between the member's registration and its onClientJoined
        closeWhileItsCreationHookRuns("o", created);
        await().atMost(Duration.ofSeconds(30)).until(() -> hooks.events.size() == 4);
        String id = hooks.events.get(1).substring("joined:".length());
        assertThat(hooks.events).containsExactly("created:o", "joined:" + id, "left:" + id, "closed:o");
    }

    @Test
    void aHookThatThrowsAnErrorDoesNotStopTheHeartbeat() throws Exception {
        RecordingListener hooks = new RecordingListener() {
            @Override
            public void onClientLeft(ClientInfo client) {
                super.onClientLeft(client);
                throw new AssertionError("listener bug");
            }
        };
        fx = new ServerFixture(ChannelServer.builder().listener(hooks)
                .options(ServerOptions.builder().pingPeriod(Duration.ofMillis(200)).pongWait(Duration.ofSeconds(1)).build()));
        try (StalledRawClient silent = StalledRawClient.connect(fx.running.port(), "/ws/hb")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> hooks.events.stream().anyMatch(e -> e.startsWith("left:")));
        }
        try (StalledRawClient second = StalledRawClient.connect(fx.running.port(), "/ws/hb")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> hooks.events.stream().filter(e -> e.startsWith("left:")).count() == 2);
            await().atMost(Duration.ofSeconds(30)).until(() -> fx.server.connectionCount() == 0);
            assertThat(hooks.count("closed:hb")).isEqualTo(2);
        }
    }

    /** Hooks recorded; the first channel creation is held at {@code created}. */
    private static RecordingListener holdingTheFirstCreation(Gate created) {
        return new RecordingListener() {
            @Override
            public void onChannelCreated(String channelId) {
                super.onChannelCreated(channelId);
                created.holdTheFirst();
            }
        };
    }

    /**
     * A first member joins {@code channelId}; while the channel's creation hook is held at {@code created},
     * the channel is closed; then the hook goes on. Returns once that member's connection is closed.
     */
    private void closeWhileItsCreationHookRuns(String channelId, Gate created) throws Exception {
        RecordingClient first = fx.connect(channelId);
        created.awaitHeld();
        try {
            assertThat(fx.server.closeChannel(channelId)).isTrue();
        } finally {
            created.release();
        }
        first.closed().get(10, TimeUnit.SECONDS);
    }

    /** The member's channel expires, and not before the time its join.success announced. */
    private static void expiresNoEarlierThanAnnounced(ServerFixture.Joined member) throws Exception {
        Instant announced = OffsetDateTime.parse(
                member.joinSuccess().header(ChannelHeaders.CHANNEL_EXPIRES).orElseThrow()).toInstant();
        Message expired = message(member.client().next(Duration.ofSeconds(10)));
        assertThat(expired.type()).isEqualTo(MessageTypes.CHANNEL_EXPIRED);
        assertThat(Instant.now()).as("expired no earlier than announced (" + announced + ")")
                .isAfterOrEqualTo(announced.minusMillis(200));
    }

    /** Holds the first thread that passes it (a hook) until the test releases it; later ones pass. */
    private static final class Gate {
        private final CountDownLatch held = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private final AtomicBoolean used = new AtomicBoolean();

        /** Called by the hook: the first caller waits here (at most 10 s) until {@link #release()}. */
        void holdTheFirst() {
            if (used.compareAndSet(false, true)) {
                held.countDown();
                try {
                    released.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** Waits until a thread is held. */
        void awaitHeld() throws InterruptedException {
            assertThat(held.await(10, TimeUnit.SECONDS)).as("a hook reached the gate").isTrue();
        }

        void release() {
            released.countDown();
        }
    }
}
