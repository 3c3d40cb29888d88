package dev.channels.redis;

import dev.channels.engine.contract.ChannelEngineContract;
import dev.channels.server.engine.ChannelEngine;
import dev.channels.testkit.RedisServerProcess;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The engine contract on {@link RedisEngine}, every node on one real redis-server (peer tests included). */
class RedisEngineTest extends ChannelEngineContract {

    @RegisterExtension
    static final SharedRedis REDIS = new SharedRedis();

    @Override
    protected ChannelEngine newEngine() {
        return engineOn(REDIS.server());
    }

    @Override
    protected ChannelEngine newPeerEngine() {
        return engineOn(REDIS.server());
    }

    static RedisEngine engineOn(RedisServerProcess redis) {
        return RedisEngine.builder().uri(redis.uri()).heartbeat(Duration.ofSeconds(1)).build();
    }
}
