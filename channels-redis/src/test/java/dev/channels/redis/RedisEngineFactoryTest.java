package dev.channels.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.channels.server.engine.ChannelEngine;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** The engine's own URI parameters ({@link RedisEngineFactory}); nothing connects. */
class RedisEngineFactoryTest {

    @Test
    void probeIntervalIsAParameterInMillisecondsAndABadOneIsRefused() {
        ChannelEngine engine = new RedisEngineFactory().create(URI.create("redis://127.0.0.1:1?nodeId=n1&probeInterval=750"));
        assertThat(engine.nodeId()).isEqualTo("n1");
        assertThat(new RedisEngineFactory().create(URI.create("redis://127.0.0.1:1?probeInterval=0"))).isNotNull();
        assertThatThrownBy(() -> new RedisEngineFactory().create(URI.create("redis://127.0.0.1:1?probeInterval=2s")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("probeInterval");
    }
}
