package dev.channels.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.channels.engine.contract.ChannelEngineContract;
import dev.channels.engine.contract.RecordingListener;
import dev.channels.server.engine.ChannelEngine;
import dev.channels.server.engine.Publication;
import dev.channels.server.engine.StreamOptions;
import dev.channels.server.engine.StreamPosition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine contract on {@link RedisEngine} on a real Redis Cluster (three primaries, three replicas):
 * the keys of one channel in one slot, sharded Pub/Sub, presence and control messages across shards
 * (peer tests included). Before hash tags, the first publish failed with CROSSSLOT. Also what the
 * cluster adds to the merged delivery probe and exactly-once publish (issue 22 items 2, 3).
 */
class RedisClusterEngineTest extends ChannelEngineContract {

    private static final StreamOptions STREAM = StreamOptions.of(100, Duration.ofMinutes(5));
    private static RedisHa cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = RedisHa.cluster();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    protected ChannelEngine newEngine() {
        return RedisEngine.builder().uri(cluster.uri()).heartbeat(Duration.ofSeconds(1)).build();
    }

    @Override
    protected ChannelEngine newPeerEngine() {
        return RedisEngine.builder().uri(cluster.seedsUri()).heartbeat(Duration.ofSeconds(1)).build();
    }

    /**
     * The publish-id key ({@code ids.{C}}) is in the channel's slot: the publish script touches it with the
     * stream and meta keys (without the tag every publish with an id failed with CROSSSLOT), and a retry
     * with the same id is stored and delivered once.
     */
    @Test
    void aPublishSentTwiceWithOneIdIsStoredAndDeliveredOnceOnACluster() {
        RecordingListener peerEvents = new RecordingListener();
        ChannelEngine peer = peer(peerEvents);
        String channel = freshChannel();
        get(peer.broker().subscribe(channel));

        StreamPosition first = get(engine.broker().publish(channel, "hello", STREAM, "id-1"));
        StreamPosition again = get(engine.broker().publish(channel, "hello", STREAM, "id-1"));
        StreamPosition next = get(engine.broker().publish(channel, "world", STREAM, "id-2"));

        assertThat(again).isEqualTo(first);
        assertThat(next.offset()).isEqualTo(first.offset() + 1);
        await().atMost(WAIT).until(() -> peerEvents.publications(channel).size() >= 2);
        assertThat(peerEvents.publications(channel)).extracting(Publication::data).containsExactly("hello", "world");
        assertThat(get(engine.broker().history(channel, 0, 10, STREAM)).publications()).extracting(Publication::data)
                .containsExactly("hello", "world");
    }

    /**
     * A direct control message between nodes whose Pub/Sub connections start from different cluster
     * nodes never fails by mistake: every node subscribes its control channel on the {@code {nodes}}
     * shard, where the SPUBLISH runs, so the receiver count it answers (0 fails the send) covers them
     * all. (With plain Pub/Sub, PUBLISH counts only the subscribers of the node that ran it.)
     */
    @Test
    void aDirectSendBetweenNodesOfDifferentSeedsReachesItsNodeAndIsCountedOnACluster() {
        List<ChannelEngine> nodes = new ArrayList<>();
        List<RecordingListener> heard = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            RecordingListener l = new RecordingListener();
            heard.add(l);
            nodes.add(started(RedisEngine.builder().uri(cluster.nodeUri(i)).heartbeat(Duration.ofSeconds(1)).build(), l));
        }
        for (int from = 0; from < nodes.size(); from++) {
            for (int to = 0; to < nodes.size(); to++) {
                if (from != to) {
                    get(nodes.get(from).broker().sendControl(nodes.get(to).nodeId(), from + "->" + to));
                }
            }
        }
        await().atMost(WAIT).until(() -> heard.stream().allMatch(l -> l.controls.size() == nodes.size() - 1));
        for (int to = 0; to < nodes.size(); to++) {
            int target = to;
            assertThat(heard.get(to).controls).allMatch(m -> m.endsWith("->" + target));
        }
    }

    /**
     * The delivery probe on a cluster: sharded, one probe channel per primary, it comes back on every shard
     * (no false alarm), and a subscription of one shard made silent while its connection stays open (that
     * shard's probe channel unsubscribed behind the engine's back; not the shard of the control
     * channels) is found and repaired with a fresh cluster Pub/Sub connection: the engine is available
     * again and delivers both control messages and channels' publications.
     */
    @Test
    void theDeliveryProbeWorksAndRepairsASilentSubscriptionOnACluster() {
        RecordingListener probed = new RecordingListener();
        RedisEngine node = (RedisEngine) started(RedisEngine.builder().uri(cluster.nodeUri(1))
                .heartbeat(Duration.ofSeconds(1)).probeInterval(Duration.ofMillis(300)).build(), probed);
        String channel = freshChannel();
        get(node.broker().subscribe(channel));
        // several probes out and back: no false alarm
        await().during(Duration.ofMillis(1500)).atMost(WAIT).until(() -> node.deliveryStalls() == 0 && node.isAvailable());

        RedisKeys keys = new RedisKeys("channels:");
        keys.useHashTags();
        assertThat(node.probeChannels()).as("one probe channel per primary").hasSize(3).contains(keys.probe(node.nodeId()));
        // one shard silent (not the one of the control channels): open, answers, delivers no probe
        String elsewhere = node.probeChannels().stream().filter(c -> !c.equals(keys.probe(node.nodeId()))).findFirst().orElseThrow();
        node.pubSubCommands().sunsubscribe(elsewhere);

        await().atMost(WAIT).until(() -> node.deliveryStalls() == 1 && node.isAvailable());
        assertThat(probed.losses).hasSize(1);
        get(engine.broker().sendControl(node.nodeId(), "after the repair"));
        get(engine.broker().publish(channel, "after the repair", STREAM));
        await().atMost(WAIT).until(() -> probed.controls.contains("after the repair")
                && probed.publications(channel).stream().anyMatch(p -> p.data().equals("after the repair")));
        // the fresh connection's probes come back
        await().during(Duration.ofMillis(1500)).atMost(WAIT).until(() -> node.deliveryStalls() == 1 && node.isAvailable());
    }
}
