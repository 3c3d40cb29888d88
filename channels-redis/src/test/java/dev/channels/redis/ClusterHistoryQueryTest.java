package dev.channels.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.channels.api.Message;
import dev.channels.api.Request;
import dev.channels.client.HistoryPage;
import dev.channels.client.HistoryQuery;
import dev.channels.client.ReconnectPolicy;
import dev.channels.client.ServerErrorReplyException;
import dev.channels.server.ServerListener;
import dev.channels.testkit.RedisServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code get.history} on the Redis engine (docs/protocol.md "History query"): a member on one node reads
 * the stream that a member on the other node published to, forward from {@code since} and newest first;
 * with Redis gone the query gets a 503.
 */
class ClusterHistoryQueryTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private RedisServerProcess redis;
    @AutoClose // after each test, last opened first; the Redis is opened first
    private final Opened open = new Opened();
    private ClusterNode a;
    private ClusterNode b;

    @BeforeEach
    void start() throws Exception {
        redis = open.add(RedisServerProcess.start());
        a = open.add(ClusterNode.chat(redis.uri(), new ServerListener() { }));
        b = open.add(ClusterNode.chat(redis.uri(), new ServerListener() { }));
    }

    private ChatMember member(ClusterNode node, String channel) {
        ChatMember member = new ChatMember(ReconnectPolicy.none());
        open.add(member.client);
        return member.joined(node, channel);
    }

    @Test
    void aMemberOnTheOtherNodePagesForwardAndBackwardThroughTheStream() throws Exception {
        String channel = "history-room";
        ChatMember alice = member(a, channel);
        ChatMember bob = member(b, channel);
        for (int i = 1; i <= 25; i++) {
            alice.client.publish(Request.of(channel, "chat", "m" + i));
        }
        await().atMost(WAIT).until(() -> bob.chat.size() == 25);

        List<Message> forward = new ArrayList<>();
        long since = 0;
        HistoryPage page;
        do {
            page = bob.client.history(channel, new HistoryQuery(since, 10, false)).get();
            forward.addAll(page.messages());
            since = HistoryPage.offsetOf(forward.get(forward.size() - 1));
        } while (since < page.top());
        assertThat(forward).extracting(Message::id).containsExactlyElementsOf(bob.chat.stream().map(Message::id).toList());
        assertThat(forward).extracting(Message::headers).containsExactlyElementsOf(bob.chat.stream().map(Message::headers).toList());

        List<Long> backward = new ArrayList<>();
        long below = 0;
        do {
            page = bob.client.history(channel, new HistoryQuery(below, 10, true)).get();
            page.messages().forEach(m -> backward.add(HistoryPage.offsetOf(m)));
            below = backward.get(backward.size() - 1);
        } while (below > 1);
        List<Long> newestFirst = new ArrayList<>();
        for (long o = 25; o >= 1; o--) {
            newestFirst.add(o);
        }
        assertThat(backward).isEqualTo(newestFirst);
        assertThat(page.epoch()).isEqualTo(bob.client.channel(channel).orElseThrow().streamEpoch());
    }

    @Test
    void withRedisGoneAQueryGets503() throws Exception {
        String channel = "history-down";
        ChatMember alice = member(a, channel);
        alice.client.publish(Request.of(channel, "chat", "m1"));
        await().atMost(WAIT).until(() -> alice.chat.size() == 1);
        redis.kill();
        await().atMost(WAIT).until(() -> !a.server.engine().isAvailable());
        assertThatThrownBy(() -> alice.client.history(channel, HistoryQuery.latest(10)).join())
                .cause().isInstanceOf(ServerErrorReplyException.class).hasMessageContaining("503");
    }
}
