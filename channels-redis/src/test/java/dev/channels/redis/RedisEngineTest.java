package dev.channels.redis;

import dev.channels.server.engine.ChannelEngine;
import dev.channels.engine.contract.ChannelEngineContract;
import dev.channels.testkit.RedisServerProcess;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The engine contract on {@link RedisEngine}, every node on one real redis-server (peer tests included). */
class RedisEngineTest extends ChannelEngineContract {

    private static RedisServerProcess redis;

    @BeforeAll
    static void startRedis() {
        redis = RedisServerProcess.start();
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @Override
    protected ChannelEngine newEngine() {
        return engineOn(redis);
    }

    @Override
    protected ChannelEngine newPeerEngine() {
        return engineOn(redis);
    }

    static RedisEngine engineOn(RedisServerProcess redis) {
        return RedisEngine.builder().uri(redis.uri()).heartbeat(Duration.ofSeconds(1)).build();
    }
}
