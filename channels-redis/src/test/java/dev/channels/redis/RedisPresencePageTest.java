package dev.channels.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.channels.engine.contract.RecordingListener;
import dev.channels.server.engine.EngineUnavailableException;
import dev.channels.server.engine.PresenceInfo;
import dev.channels.server.engine.PresencePage;
import dev.channels.testkit.RedisServerProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the engine contract cannot see of {@link RedisPresence#page}: a page is read in Redis without
 * reading the channel's other members, lapsed members leave every key, and entries without a join
 * entry (written by an earlier version of the engine) are counted and are paged once refreshed.
 */
class RedisPresencePageTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    @RegisterExtension
    static final SharedRedis REDIS = new SharedRedis();
    private RedisServerProcess redis;
    private RedisEngine engine;

    @BeforeEach
    void startEngine() {
        redis = REDIS.server();
        engine = RedisEngineTest.engineOn(redis);
        engine.start(new RecordingListener());
    }

    @AfterEach
    void closeEngine() {
        engine.close();
    }

    @Test
    void aPageOfAChannelOfThreeThousandMembersReadsOnlyThatPageInRedis() {
        String channel = "big-" + UUID.randomUUID();
        List<CompletableFuture<Void>> adds = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            adds.add(engine.presence().add(member(channel, "m" + i), Duration.ofMinutes(1)));
        }
        get(CompletableFuture.allOf(adds.toArray(CompletableFuture[]::new)));
        List<PresenceInfo> all = get(engine.presence().list(channel));
        assertThat(all).hasSize(3_000);

        redis.command("CONFIG", "RESETSTAT");
        PresencePage first = get(engine.presence().page(channel, "", 10));
        PresencePage second = get(engine.presence().page(channel, first.next(), 10));
        assertThat(first.members()).containsExactlyElementsOf(all.subList(0, 10));
        assertThat(second.members()).containsExactlyElementsOf(all.subList(10, 20));
        assertThat(first.count()).isEqualTo(3_000);
        assertThat(second.hasNext()).isTrue();
        // two pages of 10: at most 11 member details read each, never the whole hash
        assertThat(calls("hget")).isLessThanOrEqualTo(22);
        assertThat(calls("hmget") + calls("hgetall") + calls("hscan") + calls("hvals")).isZero();
    }

    @Test
    void aLapsedMemberIsNeitherCountedNorPagedAndLeavesEveryKey() {
        String channel = "lapse-" + UUID.randomUUID();
        PresenceInfo lapsing = member(channel, "lapsing");
        PresenceInfo kept = member(channel, "kept");
        get(engine.presence().add(lapsing, Duration.ofSeconds(1)));
        get(engine.presence().add(kept, Duration.ofMinutes(1)));
        assertThat(get(engine.presence().page(channel, "", 10)).members()).containsExactly(lapsing, kept);
        await().atMost(WAIT).until(() -> get(engine.presence().page(channel, "", 10)).count() == 1);
        PresencePage page = get(engine.presence().page(channel, "", 10));
        assertThat(page.members()).containsExactly(kept);
        assertThat(redis.command("ZCARD", "channels:presence.j." + channel)).isEqualTo("1");
        assertThat(redis.command("HLEN", "channels:presence.h." + channel)).isEqualTo("1");
        assertThat(redis.command("ZCARD", "channels:presence.z." + channel)).isEqualTo("1");
    }

    @Test
    void aMemberWithoutAJoinEntryIsCountedAndIsPagedInItsPlaceOnceRefreshed() {
        String channel = "old-" + UUID.randomUUID();
        PresenceInfo old = member(channel, "old");
        PresenceInfo other = member(channel, "other");
        get(engine.presence().add(old, Duration.ofMinutes(1)));
        get(engine.presence().add(other, Duration.ofMinutes(1)));
        // as an earlier version of the engine left it: no join order
        redis.command("DEL", "channels:presence.j." + channel);
        get(engine.presence().add(other, Duration.ofMinutes(1)));
        PresencePage before = get(engine.presence().page(channel, "", 10));
        assertThat(before.count()).isEqualTo(2);
        assertThat(before.members()).containsExactly(other);

        get(engine.presence().add(old, Duration.ofMinutes(1))); // its node refreshes it
        assertThat(get(engine.presence().page(channel, "", 10)).members()).containsExactly(old, other);
        get(engine.presence().remove(channel, old.clientId()));
        assertThat(get(engine.presence().page(channel, "", 10)).members()).containsExactly(other);
        assertThat(redis.command("ZCARD", "channels:presence.j." + channel)).isEqualTo("1");
    }

    private PresenceInfo member(String channel, String name) {
        return new PresenceInfo(name + "-" + UUID.randomUUID(), channel, name, Instant.now(), engine.nodeId());
    }

    /** How many times Redis ran {@code command} since the last CONFIG RESETSTAT, in scripts too. */
    private long calls(String command) {
        for (String line : redis.command("INFO", "commandstats").split("\r\n")) {
            if (line.startsWith("cmdstat_" + command + ":calls=")) {
                String rest = line.substring(("cmdstat_" + command + ":calls=").length());
                return Long.parseLong(rest.substring(0, rest.indexOf(',')));
            }
        }
        return 0;
    }

    private static <T> T get(CompletableFuture<T> future) {
        try {
            return future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e.getCause() instanceof EngineUnavailableException u) {
                throw u;
            }
            throw new AssertionError(e);
        }
    }
}
