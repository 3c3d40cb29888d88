package dev.channels.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.channels.api.ErrorDetail;
import dev.channels.api.ErrorMessage;
import dev.channels.api.Message;
import dev.channels.client.ChannelClient;
import dev.channels.api.Request;
import dev.channels.client.ReconnectPolicy;
import dev.channels.server.ChannelServer;
import dev.channels.server.ServerOptions;
import dev.channels.server.engine.EngineUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 22 item 3, with real clients: a direct message to a client whose node is cut off from Redis is
 * never lost without a word: the client whose message caused it gets an error envelope {@code "503"},
 * a server-side send throws, and once the node is back direct messages reach the client again.
 */
class ClusterCutOffTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final SharedRedis REDIS = new SharedRedis();

    @AutoClose
    private final Opened open = new Opened();
    /** Whom the {@code whisper} handler sends to. */
    private volatile String whisperTo = "";

    private ClusterNode node(String redisUri) throws Exception {
        return open.add(ClusterNode.start(ChannelServer.builder()
                .engine(RedisEngine.builder().uri(redisUri).heartbeat(Duration.ofSeconds(1))
                        .maxReconnectDelay(Duration.ofMillis(500)).build())
                .options(ServerOptions.builder().historySize(100).historyTtl(Duration.ofMinutes(5)).build())
                .directHandler("whisper", (ctx, msg) -> Optional.of(msg.newFrom("note").withBody(msg.body())
                        .withClientId(whisperTo)))
                .build()));
    }

    private ChatMember member() {
        ChatMember member = new ChatMember(ReconnectPolicy.none());
        open.add(member.client);
        return member;
    }

    @Test
    void aDirectMessageToAClientOfANodeCutOffFromRedisFailsToItsSender() throws Exception {
        RedisProxy relay = open.add(RedisProxy.to(REDIS.server().port()));
        ClusterNode a = node(REDIS.server().uri());
        ClusterNode b = node(relay.uri());
        String channel = "cut-off-direct";
        ChatMember alice = member().joined(a, channel);
        ChatMember bob = member();
        whisperTo = bob.client.join(b.base(), channel).clientId();

        alice.client.publish(Request.of(channel, "whisper", "psst"));
        await().atMost(WAIT).until(() -> bob.bodies().contains("\"psst\""));

        relay.cut(); // node B is cut off from Redis; its presence entries stay there until their TTL
        await().atMost(WAIT).until(() -> !b.server.engine().isAvailable());
        alice.client.publish(Request.of(channel, "whisper", "lost?"));
        await().atMost(WAIT).until(() -> !alice.errors.isEmpty());
        assertThat(alice.errors.get(0).bind(ErrorDetail.class).errCode()).isEqualTo("503");
        assertThat(alice.errors.get(0).originType()).isEqualTo("whisper");
        assertThatThrownBy(() -> a.server.send(whisperTo, Message.create("note").withBody("server-side")))
                .isInstanceOf(EngineUnavailableException.class);

        relay.heal();
        await().atMost(WAIT).until(() -> b.server.engine().isAvailable());
        alice.client.publish(Request.of(channel, "whisper", "back"));
        await().atMost(WAIT).until(() -> bob.bodies().contains("\"back\""));
        assertThat(bob.bodies()).doesNotContain("\"lost?\"", "\"server-side\"");
        assertThat(alice.errors).hasSize(1);
    }

    @Test
    void anAnswerToABroadcastAndAwaitOfANodeCutOffFromRedisGetsTheMemberA503AndTheCallerTimesOut() throws Exception {
        RedisProxy relay = open.add(RedisProxy.to(REDIS.server().port()));
        ClusterNode a = node(REDIS.server().uri());
        ClusterNode b = node(relay.uri());
        String channel = "cut-off-await";
        CountDownLatch asked = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        List<ErrorMessage> errors = new CopyOnWriteArrayList<>();
        ChannelClient alice = open.add(ChannelClient.builder()
                .listener("ask", (ctx, msg) -> {
                    asked.countDown();
                    try {
                        answer.await(WAIT.toSeconds(), TimeUnit.SECONDS); // answers once the test lets it
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return Optional.of(msg.newFrom("answer").withBody("42"));
                })
                .onServerError(errors::add)
                .build());
        alice.join(a.base(), channel);

        // node B waits for an answer from a member on node A, and is cut off before it comes
        CompletableFuture<Message> awaited = b.server.broadcastAwait(channel, Message.create("ask").withBody("?"),
                Duration.ofSeconds(5));
        assertThat(asked.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        relay.cut();
        await().atMost(WAIT).until(() -> !b.server.engine().isAvailable());
        answer.countDown();

        await().atMost(WAIT).until(() -> !errors.isEmpty());
        assertThat(errors.get(0).bind(ErrorDetail.class).errCode()).isEqualTo("503");
        assertThat(errors.get(0).originType()).isEqualTo("answer");
        assertThat(awaited).failsWithin(WAIT);
    }
}
