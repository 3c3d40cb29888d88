package dev.channels.api.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** Message ids are version-4 UUID strings, all distinct, from any number of threads. */
class MessageIdsTest {

    @Test
    void idsAreVersion4UuidStrings() {
        for (int i = 0; i < 1000; i++) {
            String id = MessageIds.next();
            assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
            UUID uuid = UUID.fromString(id);
            assertThat(uuid.version()).isEqualTo(4);
            assertThat(uuid.variant()).isEqualTo(2);
            assertThat(uuid.toString()).isEqualTo(id);
        }
    }

    @Test
    void idsAreDistinctAcrossThreads() throws Exception {
        Set<String> ids = ConcurrentHashMap.newKeySet();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 100_000; i++) {
                    ids.add(MessageIds.next());
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(ids).hasSize(400_000);
    }

    @Test
    void theCounterMixIsABijection() {
        Set<Long> seen = new HashSet<>();
        for (long c = 0; c < 1 << 16; c++) {
            long mixed = MessageIds.mix62(c);
            assertThat(mixed).isBetween(0L, (1L << 62) - 1);
            seen.add(mixed);
        }
        assertThat(seen).hasSize(1 << 16);
        // consecutive counters do not give consecutive ids
        assertThat(Math.abs(MessageIds.mix62(1) - MessageIds.mix62(0))).isGreaterThan(1L << 32);
    }
}
