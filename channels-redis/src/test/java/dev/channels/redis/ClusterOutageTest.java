package dev.channels.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.channels.api.ChannelHeaders;
import dev.channels.api.ErrorDetail;
import dev.channels.api.Message;
import dev.channels.api.Request;
import dev.channels.client.JoinedChannel;
import dev.channels.client.ReconnectPolicy;
import dev.channels.server.ClientInfo;
import dev.channels.server.ServerListener;
import dev.channels.server.engine.EngineUnavailableException;
import dev.channels.server.metrics.ChannelServerMetrics;
import dev.channels.testkit.RedisServerProcess;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Redis dying under two server nodes with real clients (docs/protocol.md "Clusters", the gap rule):
 * connections stay open through the outage, a publish meanwhile gets a 503, and once Redis is back
 * each member either gets every message it missed, in order, without noticing, or, when they are
 * gone for good, is closed so that its recovery join says {@code false}.
 */
class ClusterOutageTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private RedisServerProcess redis;
    @AutoClose // after each test, last opened first; the Redis is opened first
    private final Opened open = new Opened();
    private final List<ClientInfo> joined = new CopyOnWriteArrayList<>();
    private final List<ClientInfo> left = new CopyOnWriteArrayList<>();

    private ClusterNode node(String redisUri) throws Exception {
        ClusterNode node = ClusterNode.chat(redisUri, new ServerListener() {
            @Override
            public void onClientJoined(ClientInfo client) {
                joined.add(client);
            }

            @Override
            public void onClientLeft(ClientInfo client) {
                left.add(client);
            }
        });
        open.add(node);
        return node;
    }

    private ChatMember member(ReconnectPolicy reconnect) {
        ChatMember member = new ChatMember(reconnect);
        open.add(member.client);
        return member;
    }

    @Test
    void redisKilledMidStreamAndRestartedWithItsDataLeavesMembersConnectedAndTheyGetEveryMessageInOrder() throws Exception {
        redis = open.add(RedisServerProcess.startPersistent());
        RedisProxy toRedisFromA = RedisProxy.to(redis.port());
        open.add(toRedisFromA);
        ClusterNode a = node(toRedisFromA.uri());
        ClusterNode b = node(redis.uri());
        String channel = "outage-kept";
        ChatMember alice = member(ReconnectPolicy.none()).joined(a, channel);
        ChatMember bob = member(ReconnectPolicy.none()).joined(b, channel);

        // a server-side publisher on node B, publishing through the outage
        List<String> accepted = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Void> publisher = CompletableFuture.runAsync(() -> {
            for (int i = 0; !stop.get(); i++) {
                try {
                    b.server.broadcast(channel, Message.create("chat").withBody("m" + i));
                    accepted.add("\"m" + i + "\"");
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)); // at most ~1,000/s: the catch-up stays within the history
                } catch (EngineUnavailableException e) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // refused at once while Redis is away: do not spin
                }
            }
        });
        await().atMost(WAIT).until(() -> alice.chat.size() >= 50 && bob.chat.size() >= 50);

        redis.kill(); // kill -9, mid-stream
        await().atMost(WAIT).until(() -> !a.server.engine().isAvailable() && !b.server.engine().isAvailable());
        alice.client.publish(Request.of(channel, "chat", "during the outage"));
        await().atMost(WAIT).until(() -> !alice.errors.isEmpty());
        assertThat(alice.errors.get(0).bind(ErrorDetail.class).errCode()).isEqualTo("503");
        assertThat(alice.client.hasChannel(channel) && bob.client.hasChannel(channel)).as("connections stay open").isTrue();

        toRedisFromA.cut(); // node A stays away a while longer: it misses what node B publishes meanwhile
        redis.restart(true);
        await().atMost(WAIT).until(() -> b.server.engine().isAvailable());
        int atRestart = accepted.size();
        await().atMost(WAIT).until(() -> accepted.size() >= atRestart + 50);
        assertThat(a.server.engine().isAvailable()).isFalse();
        toRedisFromA.heal();
        await().atMost(WAIT).until(() -> a.server.engine().isAvailable());
        int atHeal = accepted.size();
        await().atMost(WAIT).until(() -> accepted.size() >= atHeal + 50);
        stop.set(true);
        publisher.get(WAIT.toSeconds(), TimeUnit.SECONDS);

        await().atMost(WAIT).until(() -> alice.bodies().containsAll(accepted) && bob.bodies().containsAll(accepted));
        for (ChatMember m : List.of(alice, bob)) {
            // every offset once, in order; every accepted publication, in the order it was made (a publish that
            // timed out, or that Lettuce sent again after reconnecting, may have been done by Redis too: it is there as well)
            assertThat(m.offsets()).containsExactlyElementsOf(LongStream.rangeClosed(1, m.chat.size()).boxed().toList());
            Set<String> acceptedSet = new HashSet<>(accepted);
            assertThat(m.bodies().stream().filter(acceptedSet::contains).distinct().toList()).containsExactlyElementsOf(accepted);
            assertThat(m.chat).extracting(c -> c.header(ChannelHeaders.CHANNEL_EPOCH).orElseThrow()).containsOnly(
                    alice.chat.get(0).header(ChannelHeaders.CHANNEL_EPOCH).orElseThrow());
        }
        assertThat(alice.bodies()).isEqualTo(bob.bodies());
        assertThat(alice.client.hasChannel(channel) && bob.client.hasChannel(channel)).as("never closed").isTrue();
        assertThat(left).as("nobody left either node").isEmpty();
    }

    @Test
    void redisRestartedEmptyClosesTheMembersAndTheirRecoveryJoinSaysFalseWithANewEpoch() throws Exception {
        redis = open.add(RedisServerProcess.start());
        ClusterNode a = node(redis.uri());
        ClusterNode b = node(redis.uri());
        String channel = "outage-empty";
        ChatMember alice = member(ReconnectPolicy.forever(Duration.ofMillis(200))).joined(a, channel);
        ChatMember bob = member(ReconnectPolicy.forever(Duration.ofMillis(200))).joined(b, channel);
        alice.client.publish(Request.of(channel, "chat", "before"));
        await().atMost(WAIT).until(() -> bob.chat.size() == 1 && alice.chat.size() == 1);
        String oldEpoch = alice.chat.get(0).header(ChannelHeaders.CHANNEL_EPOCH).orElseThrow();
        JoinedChannel aliceChannel = alice.client.channel(channel).orElseThrow();
        JoinedChannel bobChannel = bob.client.channel(channel).orElseThrow();
        String aliceBefore = aliceChannel.clientId();

        redis.kill();
        await().atMost(WAIT).until(() -> !a.server.engine().isAvailable() && !b.server.engine().isAvailable());
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        new ChannelServerMetrics(a.server).bindTo(meters);
        assertThat(a.server.readiness().problems()).contains("engine unavailable");
        assertThat(meters.get("channels.server.engine.available").gauge().value()).isZero();
        // local connections stay open; what they send is answered with a 503, a server-side call fails promptly
        alice.client.publish(Request.of(channel, "chat", "during"));
        await().atMost(WAIT).until(() -> !alice.errors.isEmpty());
        assertThat(alice.errors.get(0).bind(ErrorDetail.class).errCode()).isEqualTo("503");
        long before = System.nanoTime();
        assertThatThrownBy(() -> a.server.broadcast(channel, Message.create("chat").withBody("during")))
                .isInstanceOf(EngineUnavailableException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - before)).as("fails promptly").isLessThan(Duration.ofSeconds(10));
        assertThat(aliceChannel.clientId()).isEqualTo(aliceBefore);
        assertThat(aliceChannel.reconnects() + bobChannel.reconnects()).as("nobody closed while Redis is away").isZero();

        redis.restart(false); // empty: the stream's past is gone
        await().atMost(WAIT).until(() -> a.server.engine().isAvailable() && b.server.engine().isAvailable());
        assertThat(meters.get("channels.server.engine.available").gauge().value()).isEqualTo(1.0);
        // both members are closed (1012) and rejoin with recovery, which says false, with a new epoch
        await().atMost(WAIT).until(() -> aliceChannel.reconnects() == 1 && bobChannel.reconnects() == 1
                && aliceChannel.state() == dev.channels.client.ChannelState.OPEN
                && bobChannel.state() == dev.channels.client.ChannelState.OPEN);
        for (JoinedChannel c : List.of(aliceChannel, bobChannel)) {
            assertThat(c.lastRejoinRecovered()).isFalse();
            assertThat(c.streamEpoch()).isNotEmpty().isNotEqualTo(oldEpoch);
        }
        assertThat(joined).filteredOn(c -> c.clientId().equals(aliceChannel.clientId()))
                .singleElement().satisfies(c -> assertThat(c.recovered()).isFalse());
        // and delivery resumes across the nodes, in the new epoch from offset 1
        alice.client.publish(Request.of(channel, "chat", "after"));
        await().atMost(WAIT).until(() -> bob.bodies().contains("\"after\""));
        Message after = bob.chat.get(bob.chat.size() - 1);
        assertThat(after.header(ChannelHeaders.CHANNEL_EPOCH)).contains(bobChannel.streamEpoch());
        assertThat(after.header(ChannelHeaders.CHANNEL_OFFSET)).contains("1");
    }

    /**
     * Issue 22 item 4, the user's report: Redis restarted empty, Alice rejoined at once and wrote in the
     * new epoch while Bob (on the other node) was still rejoining; Bob's recovery join says false (the
     * old epoch's gap is lost) and then brings him Alice's message, before anything live, once.
     */
    @Test
    void afterRedisRestartedEmptyAMessageOfTheNewEpochPublishedBeforeBobRejoinedReachesHim() throws Exception {
        redis = open.add(RedisServerProcess.start());
        ClusterNode a = node(redis.uri());
        ClusterNode b = node(redis.uri());
        String channel = "outage-new-epoch";
        ChatMember alice = member(ReconnectPolicy.forever(Duration.ofMillis(200))).joined(a, channel);
        ChatMember bob = member(ReconnectPolicy.forever(Duration.ofSeconds(4))).joined(b, channel); // rejoins late
        alice.client.publish(Request.of(channel, "chat", "before"));
        await().atMost(WAIT).until(() -> bob.chat.size() == 1 && alice.chat.size() == 1);
        String oldEpoch = bob.chat.get(0).header(ChannelHeaders.CHANNEL_EPOCH).orElseThrow();
        JoinedChannel aliceChannel = alice.client.channel(channel).orElseThrow();
        JoinedChannel bobChannel = bob.client.channel(channel).orElseThrow();

        redis.kill();
        await().atMost(WAIT).until(() -> !a.server.engine().isAvailable() && !b.server.engine().isAvailable());
        redis.restart(false); // empty: the stream's past is gone
        await().atMost(WAIT).until(() -> aliceChannel.reconnects() == 1
                && aliceChannel.state() == dev.channels.client.ChannelState.OPEN
                && bobChannel.state() == dev.channels.client.ChannelState.RECONNECTING);
        alice.client.publish(Request.of(channel, "chat", "new epoch"));
        await().atMost(WAIT).until(() -> alice.bodies().contains("\"new epoch\""));
        assertThat(bobChannel.reconnects()).as("Bob has not rejoined yet: the scenario of the report").isZero();

        await().atMost(WAIT).until(() -> bobChannel.reconnects() == 1
                && bobChannel.state() == dev.channels.client.ChannelState.OPEN);
        assertThat(bobChannel.lastRejoinRecovered()).as("the old epoch's gap is lost").isFalse();
        assertThat(bobChannel.streamEpoch()).isNotEmpty().isNotEqualTo(oldEpoch);
        await().atMost(WAIT).until(() -> bob.bodies().contains("\"new epoch\""));
        alice.client.publish(Request.of(channel, "chat", "after"));
        await().atMost(WAIT).until(() -> bob.bodies().contains("\"after\""));
        assertThat(bob.bodies()).containsExactly("\"before\"", "\"new epoch\"", "\"after\"");
        assertThat(bob.offsets()).containsExactly(1L, 1L, 2L);
        assertThat(bob.chat.get(2).header(ChannelHeaders.CHANNEL_EPOCH)).contains(bobChannel.streamEpoch());
        assertThat(bobChannel.lastOffset()).isEqualTo(2);
    }

    @Test
    void redisRestoredFromAnOlderSnapshotGivesTheStreamANewEpochAndTheMembersRecoveryJoinSaysFalse() throws Exception {
        redis = open.add(RedisServerProcess.start());
        ClusterNode a = node(redis.uri());
        String channel = "outage-snapshot";
        ChatMember alice = member(ReconnectPolicy.forever(Duration.ofMillis(200))).joined(a, channel);
        JoinedChannel aliceChannel = alice.client.channel(channel).orElseThrow();
        for (int i = 1; i <= 6; i++) {
            alice.client.publish(Request.of(channel, "chat", "m" + i));
            int n = i;
            await().atMost(WAIT).until(() -> alice.chat.size() == n);
            if (i == 3) {
                redis.save(); // the snapshot Redis will come back with: offsets 1 to 3
            }
        }
        String epoch = aliceChannel.streamEpoch();

        redis.kill();
        redis.restart(true); // offsets 4 to 6 are gone, and the stream would hand them out again
        await().atMost(WAIT).until(() -> aliceChannel.reconnects() == 1 && aliceChannel.state() == dev.channels.client.ChannelState.OPEN);
        assertThat(aliceChannel.lastRejoinRecovered()).isFalse();
        assertThat(aliceChannel.streamEpoch()).isNotEmpty().isNotEqualTo(epoch);
        alice.client.publish(Request.of(channel, "chat", "after"));
        await().atMost(WAIT).until(() -> alice.bodies().contains("\"after\""));
        Message after = alice.chat.get(alice.chat.size() - 1);
        assertThat(after.header(ChannelHeaders.CHANNEL_EPOCH)).contains(aliceChannel.streamEpoch());
        assertThat(after.header(ChannelHeaders.CHANNEL_OFFSET)).contains("4");
    }
}
