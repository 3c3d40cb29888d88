package dev.channels.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.channels.api.Message;
import dev.channels.api.MessageTypes;
import dev.channels.client.ChannelClient;
import dev.channels.server.ChannelServer;
import dev.channels.server.ServerOptions;
import dev.channels.testkit.RedisServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Events that cross nodes on one real redis-server (docs/protocol.md "Presence", "Clusters"): presence
 * events, channel expiry, and a broadcast-and-await made on a node where the channel has no member.
 */
class ClusterEventsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration CHANNEL_LIFETIME = Duration.ofSeconds(4);

    private RedisServerProcess redis;
    @AutoClose // after each test, last opened first; the Redis is opened first
    private final Opened open = new Opened();
    private ClusterNode a;
    private ClusterNode b;

    @BeforeEach
    void start() throws Exception {
        redis = open.add(RedisServerProcess.start());
        a = node();
        b = node();
    }

    private ClusterNode node() throws Exception {
        ChannelServer server = ChannelServer.builder()
                .engine(RedisEngine.builder().uri(redis.uri()).heartbeat(Duration.ofSeconds(1)).build())
                .options(ServerOptions.builder().historySize(100).historyTtl(Duration.ofMinutes(5)).presenceEvents(true)
                        .channelTimeout(CHANNEL_LIFETIME).build())
                .build();
        ClusterNode node = ClusterNode.start(server);
        open.add(node);
        return node;
    }

    /** A client that records every event and answers {@code ask}. */
    private ChannelClient client(List<Message> events) {
        ChannelClient client = ChannelClient.builder()
                .listener(MessageTypes.PRESENCE_JOINED, (ctx, msg) -> record(events, msg))
                .listener(MessageTypes.PRESENCE_LEFT, (ctx, msg) -> record(events, msg))
                .listener(MessageTypes.CHANNEL_EXPIRED, (ctx, msg) -> record(events, msg))
                .listener("ask", (ctx, msg) -> Optional.of(msg.newFrom("answer").withBody("from " + ctx.channelId())))
                .build();
        open.add(client);
        return client;
    }

    private static Optional<Message> record(List<Message> events, Message msg) {
        events.add(msg);
        return Optional.empty();
    }

    @Test
    void aMemberOnNodeAHearsOfJoinsAndLeavesOnNodeB() {
        List<Message> seenByAlice = new CopyOnWriteArrayList<>();
        client(seenByAlice).join(a.base(), "presence-room");
        ChannelClient bob = client(new CopyOnWriteArrayList<>());
        String bobId = bob.join(b.base(), "presence-room").clientId();
        await().atMost(WAIT).until(() -> seenByAlice.stream().anyMatch(m -> m.type().equals(MessageTypes.PRESENCE_JOINED)
                && m.rawBody().contains(bobId)));
        bob.leave("presence-room");
        await().atMost(WAIT).until(() -> seenByAlice.stream().anyMatch(m -> m.type().equals(MessageTypes.PRESENCE_LEFT)
                && m.rawBody().contains(bobId)));
        await().atMost(WAIT).until(() -> a.server.presence("presence-room").size() == 1);
    }

    @Test
    void aChannelWithMembersOnBothNodesExpiresOnBothAndStartsANewEpoch() {
        List<Message> seenByAlice = new CopyOnWriteArrayList<>();
        List<Message> seenByBob = new CopyOnWriteArrayList<>();
        String epoch = client(seenByAlice).join(a.base(), "expiring").streamEpoch();
        client(seenByBob).join(b.base(), "expiring");
        await().atMost(CHANNEL_LIFETIME.plus(WAIT)).until(() -> expired(seenByAlice) && expired(seenByBob));
        await().atMost(WAIT).until(() -> !a.server.hasChannel("expiring") && !b.server.hasChannel("expiring"));
        String next = client(new CopyOnWriteArrayList<>()).join(b.base(), "expiring").streamEpoch();
        assertThat(next).isNotEqualTo(epoch);
    }

    private static boolean expired(List<Message> events) {
        return events.stream().anyMatch(m -> m.type().equals(MessageTypes.CHANNEL_EXPIRED));
    }

    @Test
    void aBroadcastAndAwaitOnANodeWithoutMembersOfTheChannelIsAnsweredByAMemberOnTheOtherNode() throws Exception {
        client(new CopyOnWriteArrayList<>()).join(b.base(), "remote-only");
        assertThat(a.server.hasChannel("remote-only")).isTrue();
        Message answer = a.server.broadcastAwait("remote-only", Message.create("ask").withBody("?"), WAIT)
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(answer.type()).isEqualTo("answer");
        assertThat(answer.rawBody()).isEqualTo("\"from remote-only\"");
        assertThat(a.server.pendingReplies()).isZero();
    }
}
