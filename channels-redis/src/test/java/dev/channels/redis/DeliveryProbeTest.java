package dev.channels.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.channels.api.Message;
import dev.channels.client.ReconnectPolicy;
import dev.channels.server.ChannelServer;
import dev.channels.server.ServerOptions;
import dev.channels.server.metrics.ChannelServerMetrics;
import dev.channels.testkit.LogCapture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 22 item 2: a node's Pub/Sub subscription goes silent while its TCP connection stays up (a relay
 * drops what Redis sends it); the delivery probe finds it within two probe intervals, the node reports
 * it (readiness false, the stalls metric, one WARNING line) and repairs it (a fresh Pub/Sub connection,
 * each channel caught up from its stream), and its member gets what was published meanwhile, in offset
 * order, once, without being closed.
 */
class DeliveryProbeTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration PROBE = Duration.ofMillis(500);

    @RegisterExtension
    static final SharedRedis REDIS = new SharedRedis();

    @AutoClose
    private final Opened open = new Opened();

    private ClusterNode node(String redisUri) throws Exception {
        return open.add(ClusterNode.start(ChannelServer.builder()
                .engine(RedisEngine.builder().uri(redisUri).heartbeat(Duration.ofSeconds(1)).probeInterval(PROBE)
                        .maxReconnectDelay(Duration.ofSeconds(1)).build())
                .options(ServerOptions.builder().historySize(1_000).historyTtl(Duration.ofMinutes(5)).build())
                .channelHandler("chat", (ctx, msg) -> Optional.of(msg.newFrom("chat").withBody(msg.body())))
                .build()));
    }

    @Test
    void aSilentSubscriptionIsFoundReportedAndRepairedAndItsMemberGetsWhatWasPublishedMeanwhileOnceInOrder() throws Exception {
        RedisProxy relay = open.add(RedisProxy.to(REDIS.server().port()));
        ClusterNode a = node(relay.uri());
        ClusterNode b = node(REDIS.server().uri());
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        new ChannelServerMetrics(a.server).bindTo(meters);
        String channel = "probe-silent";
        ChatMember alice = new ChatMember(ReconnectPolicy.none());
        open.add(alice.client);
        alice.joined(a, channel);
        ChatMember bob = new ChatMember(ReconnectPolicy.none());
        open.add(bob.client);
        bob.joined(b, channel);
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sent.add(broadcast(b, channel, "before " + i));
        }
        await().atMost(WAIT).until(() -> alice.chat.size() == 5);
        assertThat(a.server.isReady()).isTrue();

        // watch node A's readiness closely: the repair may take only milliseconds
        AtomicLong notReadyAt = new AtomicLong();
        AtomicLong readyAgainAt = new AtomicLong();
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread watcher = new Thread(() -> {
            while (watching.get()) {
                boolean ready = a.server.isReady();
                long now = System.nanoTime();
                if (!ready && notReadyAt.get() == 0) {
                    notReadyAt.set(now);
                } else if (ready && notReadyAt.get() != 0 && readyAgainAt.get() == 0) {
                    readyAgainAt.set(now);
                }
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
            }
        }, "readiness-watcher");
        watcher.setDaemon(true);
        try (LogCapture warnings = LogCapture.root(r -> r.getLevel().intValue() >= Level.WARNING.intValue()
                && r.getLoggerName().startsWith("dev.channels"))) {
            watcher.start();
            long silentAt = System.nanoTime();
            relay.muteSubscribers(); // node A's Pub/Sub connection: open, its PINGs reach Redis, nothing comes back
            for (int i = 0; i < 3; i++) {
                sent.add(broadcast(b, channel, "during " + i)); // stored in the stream; its live delivery to A is lost
            }

            await().atMost(WAIT).until(() -> a.server.engine().deliveryStalls() >= 1);
            long detectedAt = System.nanoTime();
            await().atMost(WAIT).until(() -> readyAgainAt.get() != 0);
            watching.set(false);
            watcher.join();
            long detectionMs = TimeUnit.NANOSECONDS.toMillis(notReadyAt.get() - silentAt);
            System.out.printf("probe: interval %d ms, silence to detection (readiness false) %d ms, stall counted after "
                    + "%d ms, not ready for %d ms%n", PROBE.toMillis(), detectionMs,
                    TimeUnit.NANOSECONDS.toMillis(detectedAt - silentAt),
                    TimeUnit.NANOSECONDS.toMillis(readyAgainAt.get() - notReadyAt.get()));
            assertThat(detectionMs).as("found within two probe intervals (and a busy machine's delays)")
                    .isLessThan(2 * PROBE.toMillis() + 3_000);

            for (int i = 0; i < 2; i++) {
                sent.add(broadcast(b, channel, "after " + i));
            }
            await().atMost(WAIT).until(() -> alice.chat.size() >= sent.size());
            assertThat(alice.bodies()).as("every message once, in order").containsExactlyElementsOf(sent);
            assertThat(alice.offsets()).containsExactlyElementsOf(LongStream.rangeClosed(1, sent.size()).boxed().toList());
            assertThat(bob.bodies()).containsExactlyElementsOf(sent);
            assertThat(alice.client.hasChannel(channel)).as("alice stays connected: nothing was lost").isTrue();
            assertThat(a.server.isReady()).isTrue();
            assertThat(a.server.engine().deliveryStalls()).isEqualTo(1);
            assertThat(meters.get("channels.server.engine.delivery.stalls").functionCounter().count()).isEqualTo(1);
            assertThat(warnings.records()).as("one WARNING line for the incident")
                    .filteredOn(r -> r.getLoggerName().equals(RedisEngine.class.getName())).hasSize(1)
                    .allSatisfy(r -> assertThat(r.getMessage()).contains("went silent"));
        } finally {
            watching.set(false);
        }
    }

    private static String broadcast(ClusterNode node, String channel, String body) {
        node.server.broadcast(channel, Message.create("chat").withBody(body));
        return "\"" + body + "\"";
    }
}
