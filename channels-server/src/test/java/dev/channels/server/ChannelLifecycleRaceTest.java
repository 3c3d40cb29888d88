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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Races between joining, leaving, expiry, closing a channel and failing hooks, made deterministic by
 * hooks that hold the thread that fires them until the test has done its part.
 */
class ChannelLifecycleRaceTest {

    private ServerFixture fx;

    @AfterEach
    void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void aClientJoiningWhileItsChannelExpiresGetsAFreshChannelThatExpiresToo() throws Exception {
        CountDownLatch firstLeaveEntered = new CountDownLatch(1);
        CountDownLatch releaseFirstLeave = new CountDownLatch(1);
        AtomicBoolean held = new AtomicBoolean();
        RecordingListener hooks = new RecordingListener() {
            @Override
            public void onClientLeft(ClientInfo client) {
                super.onClientLeft(client);
                if (held.compareAndSet(false, true)) {
                    firstLeaveEntered.countDown();
                    hold(releaseFirstLeave);
                }
            }
        };
        fx = new ServerFixture(ChannelServer.builder().listener(hooks)
                .options(ServerOptions.builder().channelTimeout(Duration.ofSeconds(3)).build()));
        ServerFixture.Joined a = fx.join("y");
        ServerFixture.Joined b = fx.join("y");
        // expiry runs: it tells the first member to leave, and that hook holds the expiry midway
        assertThat(firstLeaveEntered.await(10, TimeUnit.SECONDS)).isTrue();
        ServerFixture.Joined late;
        try {
            late = fx.join("y");
        } finally {
            releaseFirstLeave.countDown();
        }
        for (ServerFixture.Joined old : new ServerFixture.Joined[] {a, b}) {
            assertThat(old.client().closed().get(10, TimeUnit.SECONDS).getCloseCode().getCode()).isEqualTo(1000);
        }
        Instant announced = OffsetDateTime.parse(
                late.joinSuccess().header(ChannelHeaders.CHANNEL_EXPIRES).orElseThrow()).toInstant();
        Message expired = message(late.client().next(Duration.ofSeconds(10)));
        assertThat(expired.type()).isEqualTo(MessageTypes.CHANNEL_EXPIRED);
        assertThat(Instant.now()).isAfterOrEqualTo(announced.minusMillis(200));
        await().atMost(Duration.ofSeconds(30)).until(() -> hooks.count("closed:y") == 2);
        assertThat(hooks.count("created:y")).isEqualTo(2);
        assertThat(fx.server.channels()).isEmpty();
    }

    @Test
    void anExpiryScheduledForAChannelThatIsAlreadyGoneNeverEndsItsSuccessor() throws Exception {
        CountDownLatch createdEntered = new CountDownLatch(1);
        CountDownLatch releaseCreated = new CountDownLatch(1);
        AtomicBoolean held = new AtomicBoolean();
        RecordingListener hooks = new RecordingListener() {
            @Override
            public void onChannelCreated(String channelId) {
                super.onChannelCreated(channelId);
                if (held.compareAndSet(false, true)) {
                    createdEntered.countDown();
                    hold(releaseCreated);
                }
            }
        };
        fx = new ServerFixture(ChannelServer.builder().listener(hooks)
                .options(ServerOptions.builder().channelTimeout(Duration.ofSeconds(2)).build()));
        RecordingClient first = fx.connect("z");
        assertThat(createdEntered.await(10, TimeUnit.SECONDS)).isTrue();
        try {
            // the channel is closed while its creation hook still runs, before its expiry is scheduled
            assertThat(fx.server.closeChannel("z")).isTrue();
        } finally {
            releaseCreated.countDown();
        }
        first.closed().get(10, TimeUnit.SECONDS);
        Thread.sleep(1000); // the successor is created well after the first channel's expiry was scheduled
        ServerFixture.Joined successor = fx.join("z");
        Instant announced = OffsetDateTime.parse(
                successor.joinSuccess().header(ChannelHeaders.CHANNEL_EXPIRES).orElseThrow()).toInstant();
        Message expired = message(successor.client().next(Duration.ofSeconds(10)));
        assertThat(expired.type()).isEqualTo(MessageTypes.CHANNEL_EXPIRED);
        assertThat(Instant.now()).as("expired no earlier than announced (" + announced + ")")
                .isAfterOrEqualTo(announced.minusMillis(200));
    }

    @Test
    void aChannelEndedWhileAMemberIsJoiningFiresJoinedBeforeLeftAndClosedLast() throws Exception {
        CountDownLatch createdEntered = new CountDownLatch(1);
        CountDownLatch releaseCreated = new CountDownLatch(1);
        AtomicBoolean held = new AtomicBoolean();
        RecordingListener hooks = new RecordingListener() {
            @Override
            public void onChannelCreated(String channelId) {
                super.onChannelCreated(channelId);
                if (held.compareAndSet(false, true)) {
                    createdEntered.countDown();
                    hold(releaseCreated);
                }
            }
        };
        fx = new ServerFixture(ChannelServer.builder().listener(hooks));
        RecordingClient first = fx.connect("o");
        assertThat(createdEntered.await(10, TimeUnit.SECONDS)).isTrue();
        try {
            // the channel ends between the member's registration and its onClientJoined
            assertThat(fx.server.closeChannel("o")).isTrue();
        } finally {
            releaseCreated.countDown();
        }
        first.closed().get(10, TimeUnit.SECONDS);
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

    private static void hold(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
