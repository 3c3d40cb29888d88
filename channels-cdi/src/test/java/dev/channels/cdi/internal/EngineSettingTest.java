package dev.channels.cdi.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.channels.redis.RedisEngine;
import dev.channels.server.engine.ChannelEngine;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** {@code channels.engine} and {@code channels.redis.*}, read as context parameters (the engine is built, not started). */
class EngineSettingTest {

    private static UnaryOperator<String> settings(Map<String, String> values) {
        return values::get;
    }

    @Test
    void noSettingOrMemoryKeepsTheInMemoryDefault() {
        assertThat(EngineSetting.resolve(settings(Map.of()))).isEmpty();
        assertThat(EngineSetting.resolve(settings(Map.of(EngineSetting.ENGINE, "memory")))).isEmpty();
    }

    @Test
    void redisWithAUriAndANodeIdBuildsARedisEngine() {
        ChannelEngine engine = EngineSetting.resolve(settings(Map.of(EngineSetting.ENGINE, "redis",
                EngineSetting.REDIS_URI, "redis://:secret@localhost:6390/0", EngineSetting.REDIS_NODE_ID, "node-7"))).orElseThrow();
        try {
            assertThat(engine).isInstanceOf(RedisEngine.class);
            assertThat(engine.nodeId()).isEqualTo("node-7");
            assertThat(engine.isAvailable()).as("built, not started").isFalse();
        } finally {
            engine.close();
        }
    }

    @Test
    void redisWithoutAUriOrAnUnknownEngineFailsWithTheSettingsName() {
        assertThatThrownBy(() -> EngineSetting.resolve(settings(Map.of(EngineSetting.ENGINE, "redis"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(EngineSetting.REDIS_URI);
        assertThatThrownBy(() -> EngineSetting.resolve(settings(Map.of(EngineSetting.ENGINE, "etcd"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(EngineSetting.ENGINE).hasMessageContaining("etcd");
        assertThatThrownBy(() -> EngineSetting.resolve(settings(Map.of(EngineSetting.ENGINE, "redis",
                EngineSetting.REDIS_URI, "redis://localhost", EngineSetting.REDIS_NODE_ID, "bad\tid"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(EngineSetting.REDIS_NODE_ID);
    }
}
