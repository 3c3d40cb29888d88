package dev.channels.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.channels.api.ChannelHeaders;
import dev.channels.api.Message;
import dev.channels.api.Request;
import dev.channels.client.ChannelClient;
import dev.channels.client.ChannelState;
import dev.channels.client.JoinedChannel;
import dev.channels.client.ReconnectPolicy;
import dev.channels.server.ChannelServer;
import dev.channels.server.ServerOptions;
import dev.channels.testkit.RedisServerProcess;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Issue 22 item 5: three nodes on one Redis, clients that know all three, two of them chatting; each node in
 * turn is drained (its members closed with 1012 over the drain window) and started again on its port. Every
 * member moves to another node at once, rejoins with recovery ({@code recovered=true}: the stream is shared),
 * and ends with every message, once, in offset order.
 */
class RollingRestartTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String CHANNEL = "rolling";

    @AutoClose
    private final Opened open = new Opened();

    /** One member: what it received and whether each of its rejoins recovered. */
    private static final class Member {
        final List<Message> chat = new CopyOnWriteArrayList<>();
        final List<Boolean> rejoins = new CopyOnWriteArrayList<>();
        final ChannelClient client = ChannelClient.builder()
                .reconnect(ReconnectPolicy.forever(Duration.ofMillis(200)))
                .listener("chat", (ctx, msg) -> {
                    chat.add(msg);
                    return msg.noContent();
                })
                .onRejoin((channel, recovered) -> rejoins.add(recovered))
                .build();
        JoinedChannel channel;

        List<String> bodies() {
            return chat.stream().map(Message::rawBody).toList();
        }
    }

    private static ChannelServer server(String redisUri) {
        return ChannelServer.builder()
                .engine(RedisEngine.builder().uri(redisUri).heartbeat(Duration.ofSeconds(1))
                        .maxReconnectDelay(Duration.ofSeconds(1)).build())
                .options(ServerOptions.builder().historySize(1_000).historyTtl(Duration.ofMinutes(5))
                        .drainWindow(Duration.ofSeconds(1)).build())
                .channelHandler("chat", (ctx, msg) -> Optional.of(msg.newFrom("chat").withBody(msg.body())))
                .build();
    }

    @Test
    void restartingEachNodeInTurnLosesNoMessageAndEveryRejoinRecovers() throws Exception {
        RedisServerProcess redis = open.add(RedisServerProcess.start());
        ClusterNode[] nodes = new ClusterNode[3];
        for (int i = 0; i < 3; i++) {
            nodes[i] = ClusterNode.start(server(redis.uri()));
        }
        List<URI> bases = List.of(nodes[0].base(), nodes[1].base(), nodes[2].base());
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < 4; i++) { // member i starts on node i % 3: each node has members to move
            Member m = new Member();
            open.add(m.client);
            List<URI> order = new ArrayList<>(bases);
            java.util.Collections.rotate(order, -(i % 3));
            m.channel = m.client.join(order, CHANNEL);
            members.add(m);
        }
        try {
            AtomicBoolean stop = new AtomicBoolean();
            List<String> sent = new CopyOnWriteArrayList<>();
            // two publishers chatting: each sends its next line once it saw its last one come back
            List<CompletableFuture<Void>> publishers = List.of(members.get(0), members.get(1)).stream()
                    .map(p -> CompletableFuture.runAsync(() -> chat(p, p == members.get(0) ? "alice" : "bob", stop, sent)))
                    .toList();
            await().atMost(WAIT).until(() -> sent.size() >= 10);

            for (int i = 0; i < 3; i++) {
                int port = nodes[i].port();
                int before = sent.size();
                nodes[i].shutdown(); // drains: its members are closed with 1012 over 1 s and move on
                nodes[i] = ClusterNode.start(server(redis.uri()), port);
                await().atMost(WAIT).until(() -> sent.size() >= before + 10); // chat goes on
            }
            stop.set(true);
            for (CompletableFuture<Void> p : publishers) {
                p.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }

            await().atMost(WAIT).until(() -> members.stream().allMatch(m -> m.bodies().containsAll(sent)));
            List<String> reference = members.get(0).bodies();
            for (Member m : members) {
                assertThat(m.channel.state()).isEqualTo(ChannelState.OPEN);
                assertThat(m.rejoins).as("moved at least once, every rejoin recovered").isNotEmpty().containsOnly(true);
                assertThat(m.chat.stream().map(c -> Long.parseLong(c.header(ChannelHeaders.CHANNEL_OFFSET).orElseThrow())).toList())
                        .as("every offset once, in order")
                        .containsExactlyElementsOf(LongStream.rangeClosed(1, m.chat.size()).boxed().toList());
                assertThat(m.bodies()).isEqualTo(reference);
            }
        } finally {
            for (Member m : members) {
                m.client.close(); // before the nodes: no reconnect to a closed node
            }
            for (ClusterNode node : nodes) {
                node.close();
            }
        }
    }

    /** Members see a Redis outage of their node as engine.down, and its end as engine.up (docs/protocol.md "Engine events"). */
    @Test
    void membersAreToldWhenRedisGoesAwayAndWhenItIsBack() throws Exception {
        // persistent, restarted with its data: the member's stream survives, so the member stays to be told engine.up
        // (a Redis back EMPTY ends the stream instead, and the member is closed with 1012 before it could be told)
        RedisServerProcess redis = open.add(RedisServerProcess.startPersistent());
        ClusterNode node = open.add(ClusterNode.start(server(redis.uri())));
        List<String> events = new CopyOnWriteArrayList<>();
        ChannelClient client = open.add(ChannelClient.builder()
                .listener("engine.down", (ctx, msg) -> {
                    events.add(msg.type() + " " + msg.channelId());
                    return msg.noContent();
                })
                .listener("engine.up", (ctx, msg) -> {
                    events.add(msg.type() + " " + msg.channelId());
                    return msg.noContent();
                })
                .build());
        client.join(node.base(), "watched");

        redis.kill();
        await().atMost(WAIT).until(() -> events.equals(List.of("engine.down watched")));
        redis.restart(true);
        await().atMost(WAIT).until(() -> events.equals(List.of("engine.down watched", "engine.up watched")));
    }

    /** Sends {@code who-n} lines until told to stop, each once the last came back (again after a move). */
    private static void chat(Member m, String who, AtomicBoolean stop, List<String> sent) {
        for (int n = 1; !stop.get(); n++) {
            String line = who + "-" + n;
            String body = "\"" + line + "\"";
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!m.bodies().contains(body) && System.nanoTime() < deadline) {
                try {
                    m.client.publish(Request.of(CHANNEL, "chat", line));
                } catch (RuntimeException e) { // moving to another node: send it again there
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                    continue;
                }
                long wait = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                while (!m.bodies().contains(body) && System.nanoTime() < wait) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
                }
            }
            sent.add(body);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }
}
