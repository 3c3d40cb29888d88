package dev.channels.server;

import static dev.channels.server.ServerFixture.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.channels.api.Message;
import dev.channels.testkit.RecordingClient;
import dev.channels.testkit.StalledRawClient;
import dev.channels.transport.OverflowPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Many clients, slow readers and heartbeats over real sockets. */
class ChannelServerLoadTest {

    private final RecordingListener hooks = new RecordingListener();
    @AutoClose // after each test: the server and the clients it connected
    private ServerFixture fx;

    private ChannelServer.Builder chat() {
        return ChannelServer.builder()
                .listener(hooks)
                .channelHandler("chat", (ctx, msg) -> Optional.of(msg.newFrom("chat").withBody(msg.body())));
    }

    @Test
    void stalledReaderDoesNotDelayOtherMembersAndIsDisconnectedByPolicy() throws Exception {
        fx = new ServerFixture(chat().options(ServerOptions.builder()
                .maxQueuedFrames(64).maxQueuedChars(1_000_000).overflowPolicy(OverflowPolicy.DISCONNECT).build()));
        ServerFixture.Joined a = fx.join("slow");
        ServerFixture.Joined b = fx.join("slow");
        StalledRawClient stalled = StalledRawClient.connect(fx.running.port(), "/ws/slow");
        await().atMost(Duration.ofSeconds(20)).until(() -> fx.server.connectionCount() == 3);
        String payload = "p".repeat(8 * 1024);
        int count = 2016; // 16 MB per member (63 steps of 32): far beyond the stalled client's socket buffers
        // In steps of 32 (half the queue): the readers get each step before the next is sent, so a
        // busy machine that schedules the readers late cannot make them look slow; the stalled
        // client reads nothing and overflows all the same.
        int step = 32;
        for (int from = 0; from < count; from += step) {
            for (int i = from; i < from + step; i++) {
                fx.server.broadcast("slow", Message.create("bulk").withBody(Map.of("i", i, "pad", payload)));
            }
            for (ServerFixture.Joined member : List.of(a, b)) {
                for (int i = from; i < from + step; i++) {
                    Message got = message(member.client().next(Duration.ofSeconds(10)));
                    assertThat(got.body().asJsonObject().getInt("i")).isEqualTo(i);
                }
            }
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> fx.server.connectionCount() == 2);
        assertThat(fx.server.members("slow")).containsExactlyInAnyOrder(a.clientId(), b.clientId());
        assertThat(hooks.events.stream().filter(e -> e.startsWith("left:")).count()).isEqualTo(1);
        stalled.close();
    }

    @Test
    void twoHundredClientsPublishingAtOnceReachEveryMemberInPerSenderOrder() throws Exception {
        fx = new ServerFixture(chat());
        int clients = 200;
        int perClient = 5;
        List<ServerFixture.Joined> joined = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            joined.add(fx.join("crowd"));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> fx.server.members("crowd").size() == clients);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> sends = new ArrayList<>();
            for (ServerFixture.Joined j : joined) {
                sends.add(pool.submit(() -> {
                    for (int n = 0; n < perClient; n++) {
                        j.client().send(ServerFixture.request("chat", "crowd", Integer.toString(n)));
                    }
                    return null;
                }));
            }
            for (Future<?> f : sends) {
                f.get(30, TimeUnit.SECONDS);
            }
            List<Future<?>> checks = new ArrayList<>();
            for (ServerFixture.Joined receiver : joined) {
                checks.add(pool.submit(() -> {
                    Map<String, Integer> last = new HashMap<>();
                    for (int k = 0; k < clients * perClient; k++) {
                        Message m = message(receiver.client().next(Duration.ofSeconds(20)));
                        int n = Integer.parseInt(m.rawBody());
                        assertThat(n).as("order from " + m.clientId()).isEqualTo(last.getOrDefault(m.clientId(), -1) + 1);
                        last.put(m.clientId(), n);
                    }
                    assertThat(last).hasSize(clients);
                    return null;
                }));
            }
            for (Future<?> f : checks) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        for (ServerFixture.Joined j : joined) {
            j.client().close();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> fx.server.connectionCount() == 0);
        assertThat(fx.server.channels()).isEmpty();
        assertThat(hooks.count("closed:crowd")).isEqualTo(1);
    }

    @Test
    void pingsKeepALiveClientAndAClientThatNeverPongsIsClosed() throws Exception {
        fx = new ServerFixture(chat().options(ServerOptions.builder()
                .pingPeriod(Duration.ofMillis(250)).pongWait(Duration.ofSeconds(5)).build()));
        // a pong wait of 5 s: a live client's pong is never that late, even on a loaded 2-core machine
        ServerFixture.Joined live = fx.join("hb");
        StalledRawClient silent = StalledRawClient.connect(fx.running.port(), "/ws/hb");
        await().atMost(Duration.ofSeconds(20)).until(() -> fx.server.connectionCount() == 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> fx.server.connectionCount() == 1);
        // for longer than a pong wait, the live client answers every ping and stays
        await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(30))
                .until(() -> fx.server.members("hb").equals(java.util.Set.of(live.clientId())));
        assertThat(live.client().isOpen()).isTrue();
        silent.close();
    }
}
