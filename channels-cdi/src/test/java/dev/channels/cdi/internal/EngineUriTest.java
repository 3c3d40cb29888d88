package dev.channels.cdi.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.channels.redis.RedisEngine;
import dev.channels.server.ChannelsSetting;
import dev.channels.server.ServerOptions;
import dev.channels.server.engine.ChannelEngine;
import dev.channels.server.engine.ChannelEngineFactory;
import dev.channels.server.engine.InMemoryEngine;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code channels.engine.uri}, read as the CDI integration reads it (here from context parameters), and the
 * engine it names, found through channels-redis's {@link ChannelEngineFactory} service (built, not started).
 */
class EngineUriTest {

    private static final String KEY = ChannelsSetting.ENGINE_URI.key();

    private static String engineUri(Map<String, String> contextParameters) {
        return ServerOptions.builder().settings(ChannelsSettings.source(contextParameters::get)).build().engineUri();
    }

    @Test
    void noSettingOrMemoryIsTheInMemoryEngine() throws Exception {
        assertThat(engineUri(Map.of())).isEqualTo("memory");
        try (ChannelEngine engine = ChannelEngineFactory.create(engineUri(Map.of(KEY, "memory")))) {
            assertThat(engine).isInstanceOf(InMemoryEngine.class);
        }
    }

    @Test
    void aRedisUriWithANodeIdBuildsARedisEngine() throws Exception {
        ChannelEngine engine = ChannelEngineFactory.create(engineUri(Map.of(KEY, "redis://:secret@localhost:6390/0?nodeId=node-7")));
        try {
            assertThat(engine).isInstanceOf(RedisEngine.class);
            assertThat(engine.nodeId()).isEqualTo("node-7");
            assertThat(engine.isAvailable()).as("built, not started").isFalse();
        } finally {
            engine.close();
        }
    }

    @Test
    void anUnknownSchemeOrABadNodeIdFailsWithTheReason() {
        assertThatThrownBy(() -> ChannelEngineFactory.create(engineUri(Map.of(KEY, "etcd://localhost:2379"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("etcd").hasMessageContaining("redis");
        assertThatThrownBy(() -> engineUri(Map.of(KEY, "localhost:6379 x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(KEY);
        assertThatThrownBy(() -> ChannelEngineFactory.create(engineUri(Map.of(KEY, "redis://localhost?nodeId=bad%09id"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("node id");
    }
}
