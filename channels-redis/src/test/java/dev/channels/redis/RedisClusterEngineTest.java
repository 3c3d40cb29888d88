package dev.channels.redis;

import dev.channels.engine.contract.ChannelEngineContract;
import dev.channels.server.engine.ChannelEngine;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The engine contract on {@link RedisEngine} on a real Redis Cluster (three primaries, three replicas):
 * the keys of one channel in one slot, sharded Pub/Sub, presence and control messages across shards
 * (peer tests included). Before hash tags, the first publish failed with CROSSSLOT.
 */
class RedisClusterEngineTest extends ChannelEngineContract {

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
}
