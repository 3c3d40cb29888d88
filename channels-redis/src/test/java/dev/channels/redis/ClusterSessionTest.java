package dev.channels.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.api.Envelope;
import dev.channels.api.Message;
import dev.channels.api.MessageTypes;
import dev.channels.api.codec.EnvelopeCodec;
import dev.channels.server.ServerListener;
import dev.channels.testkit.RecordingClient;
import dev.channels.testkit.RedisServerProcess;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sessions (docs/protocol.md "Sessions") on two nodes sharing one real redis-server: channel messages
 * and direct sends reach a session's memberships across nodes; the Redis data model is the one channel
 * connections use (one presence entry per membership).
 */
class ClusterSessionTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @AutoClose // after each test, last opened first; the Redis is opened first
    private final Opened open = new Opened();
    private ClusterNode a;
    private ClusterNode b;

    @BeforeEach
    void start() throws Exception {
        RedisServerProcess redis = open.add(RedisServerProcess.start());
        a = open.add(ClusterNode.chat(redis.uri(), new ServerListener() { }));
        b = open.add(ClusterNode.chat(redis.uri(), new ServerListener() { }));
    }

    private RecordingClient session(ClusterNode node) throws Exception {
        RecordingClient client = open.add(RecordingClient.connect(node.base().toString()));
        assertThat(next(client, MessageTypes.SESSION_READY).channelId()).isEmpty();
        return client;
    }

    private static Message join(RecordingClient session, String channelId) throws Exception {
        session.send(EnvelopeCodec.encode(Message.create(MessageTypes.CHANNEL_JOIN, channelId).withCorrelationId("j-" + channelId)));
        Message joined = next(session, MessageTypes.JOIN_SUCCESS);
        assertThat(joined.correlationId()).isEqualTo("j-" + channelId);
        return joined;
    }

    private static Message next(RecordingClient client, String type) throws Exception {
        while (true) {
            Envelope e = EnvelopeCodec.decode(client.next(WAIT));
            if (e instanceof Message m && m.type().equals(type)) {
                return m;
            }
        }
    }

    @Test
    void sessionMembershipsOnTwoNodesGetChannelMessagesAndDirectSendsAcrossNodes() throws Exception {
        RecordingClient onA = session(a);
        String idA = join(onA, "room").clientId();
        join(onA, "side");
        RecordingClient onB = session(b);
        join(onB, "room");

        onB.send(EnvelopeCodec.encode(Message.create("chat", "room").withRawBody("\"from B\"")));
        Message chat = next(onA, "chat");
        assertThat(chat.channelId()).isEqualTo("room");
        assertThat(chat.body().toString()).isEqualTo("\"from B\"");

        assertThat(b.server.send(idA, Message.create("note", "side").withRawBody("1"))).isTrue();
        assertThat(next(onA, "note").channelId()).isEqualTo("side");
        // leaving one channel keeps the session findable for the channel it is still in
        onA.send(EnvelopeCodec.encode(Message.create(MessageTypes.CHANNEL_LEAVE, "side")));
        next(onA, MessageTypes.LEAVE_SUCCESS);
        assertThat(b.server.send(idA, Message.create("note", "room").withRawBody("2"))).isTrue();
        assertThat(next(onA, "note").channelId()).isEqualTo("room");
        assertThat(b.server.presence("side")).isEmpty();
        assertThat(b.server.presence("room")).hasSize(2);
    }
}
