package dev.channels.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.channels.api.ChannelHeaders;
import dev.channels.api.ErrorDetail;
import dev.channels.api.ErrorMessage;
import dev.channels.api.Message;
import dev.channels.api.Request;
import dev.channels.client.ChannelPresence;
import dev.channels.client.ReconnectPolicy;
import dev.channels.server.metrics.ChannelServerMetrics;
import dev.channels.testkit.RedisServerProcess;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import dev.channels.server.ClientInfo;
import dev.channels.server.ServerListener;
import dev.channels.server.engine.EngineUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two server nodes on different ports sharing one real redis-server, with real clients on each
 * (docs/protocol.md "Clusters"): what one node's members send reaches the other's, in one offset order.
 */
class ClusterServerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private RedisServerProcess redis;
    @AutoClose // after each test, last opened first; the Redis is opened first
    private final Opened open = new Opened();
    private final List<ClientInfo> joinedOnA = new CopyOnWriteArrayList<>();
    private ClusterNode a;
    private ClusterNode b;

    @BeforeEach
    void start() throws Exception {
        redis = open.add(RedisServerProcess.start());
        a = node(joinedOnA);
        b = node(new CopyOnWriteArrayList<>());
    }

    private ClusterNode node(List<ClientInfo> joins) throws Exception {
        ClusterNode node = ClusterNode.chat(redis.uri(), new ServerListener() {
            @Override
            public void onClientJoined(ClientInfo client) {
                joins.add(client);
            }
        });
        open.add(node);
        return node;
    }

    private ChatMember member() {
        ChatMember member = new ChatMember(ReconnectPolicy.none());
        open.add(member.client);
        return member;
    }

    @Test
    void channelRepliesFromMembersOnBothNodesReachEveryMemberInOneOffsetOrder() {
        String channel = "room-1";
        ChatMember alice = member().joined(a, channel);
        ChatMember bob = member().joined(b, channel);

        CompletableFuture<Void> fromAlice = CompletableFuture.runAsync(() -> IntStream.range(0, 100)
                .forEach(i -> alice.client.publish(Request.of(channel, "chat", "alice " + i))));
        CompletableFuture<Void> fromBob = CompletableFuture.runAsync(() -> IntStream.range(0, 100)
                .forEach(i -> bob.client.publish(Request.of(channel, "chat", "bob " + i))));
        CompletableFuture.allOf(fromAlice, fromBob).join();

        await().atMost(WAIT).until(() -> alice.chat.size() >= 200 && bob.chat.size() >= 200);
        assertThat(alice.bodies()).hasSize(200).isEqualTo(bob.bodies());
        assertThat(alice.offsets()).containsExactlyElementsOf(IntStream.rangeClosed(1, 200).mapToObj(i -> (long) i).toList());
        assertThat(bob.offsets()).isEqualTo(alice.offsets());
    }

    @Test
    void presenceAndDirectSendsCoverBothNodes() {
        String channel = "room-2";
        ChatMember alice = member().joined(a, channel);
        ChatMember bob = member();
        String bobId = bob.client.join(b.base(), channel).clientId();

        ChannelPresence seenByAlice = alice.client.channel(channel).orElseThrow().presence();
        assertThat(seenByAlice.count()).isEqualTo(2);
        assertThat(seenByAlice.members()).extracting(ChannelPresence.Member::clientId).contains(bobId);
        assertThat(a.server.presence(channel)).hasSize(2);

        assertThat(a.server.send(bobId, Message.create("note").withBody("from node A"))).isTrue();
        await().atMost(WAIT).until(() -> bob.bodies().contains("\"from node A\""));
        assertThat(a.server.broadcast(channel, Message.create("note").withBody("to all"))).isPositive();
        await().atMost(WAIT).until(() -> alice.bodies().contains("\"to all\"") && bob.bodies().contains("\"to all\""));
    }

    @Test
    void aClientThatLeftNodeBRecoversWhatItMissedByRejoiningOnNodeA() {
        String channel = "room-3";
        ChatMember alice = member().joined(a, channel);
        ChatMember carol = member().joined(b, channel);
        for (int i = 1; i <= 3; i++) {
            alice.client.publish(Request.of(channel, "chat", "m" + i));
        }
        await().atMost(WAIT).until(() -> carol.chat.size() == 3);
        String epoch = carol.chat.get(2).header(ChannelHeaders.CHANNEL_EPOCH).orElseThrow();
        carol.client.leave(channel);
        alice.client.publish(Request.of(channel, "chat", "m4"));
        alice.client.publish(Request.of(channel, "chat", "m5"));
        await().atMost(WAIT).until(() -> alice.chat.size() == 5);

        ChatMember carolAgain = member();
        carolAgain.client.join(a.base(), channel, Map.of(), Map.of("since", "3", "epoch", epoch));
        await().atMost(WAIT).until(() -> carolAgain.chat.size() == 2);
        assertThat(carolAgain.bodies()).containsExactly("\"m4\"", "\"m5\"");
        assertThat(carolAgain.offsets()).containsExactly(4L, 5L);
        assertThat(joinedOnA).filteredOn(c -> c.clientId().equals(carolAgain.client.channel(channel).orElseThrow().clientId()))
                .singleElement().satisfies(c -> assertThat(c.recovered()).isTrue());
    }

    @Test
    void aBroadcastAndAwaitOnNodeAIsAnsweredByAMemberOnNodeB() throws Exception {
        String channel = "room-6";
        ChatMember alice = member().joined(a, channel);
        alice.answers = false; // node A's own member stays silent: the answer must come from node B
        ChatMember bob = member().joined(b, channel);
        await().atMost(WAIT).until(() -> a.server.presence(channel).size() == 2);
        Message answer = a.server.broadcastAwait(channel, Message.create("ask").withBody("?"), WAIT)
                .get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        assertThat(answer.type()).isEqualTo("answer");
        assertThat(answer.rawBody()).isEqualTo("\"42 from " + channel + "\"");
    }

    @Test
    void closingAChannelOnNodeAClosesItsMembersOnNodeB() {
        String channel = "room-7";
        ChatMember alice = member().joined(a, channel);
        ChatMember bob = member().joined(b, channel);
        a.server.closeChannel(channel);
        await().atMost(WAIT).until(() -> !alice.client.hasChannel(channel) && !bob.client.hasChannel(channel));
        await().atMost(WAIT).until(() -> a.server.presence(channel).isEmpty());
    }

    @Test
    void aChannelReplyRedisRefusesGetsTheSenderA503AndTheConnectionStaysOpen() {
        String channel = "room-4";
        ChatMember alice = member().joined(a, channel);
        ChatMember bob = member().joined(b, channel);
        redis.command("CONFIG", "SET", "maxmemory", "1"); // Redis answers, but refuses every write: OOM
        try {
            alice.client.publish(Request.of(channel, "chat", "refused"));
            await().atMost(WAIT).until(() -> !alice.errors.isEmpty());
        } finally {
            redis.command("CONFIG", "SET", "maxmemory", "0");
        }
        ErrorMessage error = alice.errors.get(0);
        assertThat(error.bind(ErrorDetail.class).errCode()).isEqualTo("503");
        assertThat(error.originType()).isEqualTo("chat");
        assertThat(alice.client.hasChannel(channel)).as("the sender's connection stays open").isTrue();
        alice.client.publish(Request.of(channel, "chat", "accepted"));
        await().atMost(WAIT).until(() -> bob.bodies().contains("\"accepted\""));
        assertThat(bob.bodies()).containsExactly("\"accepted\"");
    }
}
