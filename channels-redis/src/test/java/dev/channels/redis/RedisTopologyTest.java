package dev.channels.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.server.engine.ChannelEngine;
import dev.channels.server.engine.ChannelEngineFactory;
import io.lettuce.core.RedisURI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one setting names a single Redis, Sentinel, or cluster seed nodes (issue 22 item 1). */
class RedisTopologyTest {

    @Test
    void aSentinelUriReachesTheRedisEngineThroughTheSetting() {
        ChannelEngine engine = ChannelEngineFactory.create("redis-sentinel://127.0.0.1:26411,127.0.0.1:26412?nodeId=n1#mymaster");
        assertThat(engine).isInstanceOf(RedisEngine.class);
        assertThat(engine.nodeId()).isEqualTo("n1");
    }

    @Test
    void sentinelUrisAreLettucesWithEverySentinelAndTheMasterId() {
        List<RedisURI> seeds = RedisTopology.parse("redis-sentinel://secret@127.0.0.1:26411,127.0.0.1:26412,127.0.0.1:26413/2#mymaster");
        assertThat(seeds).singleElement().satisfies(u -> {
            assertThat(u.getSentinels()).extracting(RedisURI::getPort).containsExactly(26411, 26412, 26413);
            assertThat(u.getSentinelMasterId()).isEqualTo("mymaster");
            assertThat(u.getDatabase()).isEqualTo(2);
        });
        assertThat(RedisTopology.isSentinel(seeds)).isTrue();
        assertThat(RedisTopology.describe(seeds))
                .isEqualTo("redis-sentinel://127.0.0.1:26411,127.0.0.1:26412,127.0.0.1:26413#mymaster").doesNotContain("secret");
    }

    @Test
    void severalSeedNodesEachKeepTheCredentialsAndOptionsOfTheWhole() {
        List<RedisURI> seeds = RedisTopology.parse("rediss://user:secret@10.0.0.1:7000,10.0.0.2:7001?timeout=3s");
        assertThat(seeds).extracting(RedisURI::getHost).containsExactly("10.0.0.1", "10.0.0.2");
        assertThat(seeds).extracting(RedisURI::getPort).containsExactly(7000, 7001);
        assertThat(seeds).allSatisfy(u -> {
            assertThat(u.isSsl()).isTrue();
            io.lettuce.core.RedisCredentials credentials = u.getCredentialsProvider().resolveCredentials().block();
            assertThat(credentials.getUsername()).isEqualTo("user");
            assertThat(new String(credentials.getPassword())).isEqualTo("secret");
        });
        assertThat(RedisTopology.isSentinel(seeds)).isFalse();
        assertThat(RedisTopology.describe(seeds)).isEqualTo("rediss://10.0.0.1:7000,10.0.0.2:7001");
        assertThat(RedisTopology.parse("redis://127.0.0.1:6379")).extracting(RedisURI::getPort).containsExactly(6379);
    }

    @Test
    void onAClusterEveryNameOfAChannelCarriesItsIdAsAHashTag() {
        RedisKeys keys = new RedisKeys("channels:");
        assertThat(keys.stream("room-1")).isEqualTo("channels:stream.room-1"); // a single Redis: names as before
        assertThat(keys.channelOf("channels:pub.room-1")).isEqualTo("room-1");
        keys.useHashTags();
        assertThat(List.of(keys.stream("room-1"), keys.meta("room-1"), keys.presenceExpiries("room-1"),
                keys.presenceMembers("room-1"), keys.presenceOrder("room-1"), keys.pubSub("room-1")))
                .allSatisfy(name -> assertThat(name).endsWith(".{room-1}"));
        assertThat(keys.channelOf(keys.pubSub("a{b}c"))).isEqualTo("a{b}c");
        assertThat(keys.channelOf("channels:node.n1")).isNull();
    }
}
