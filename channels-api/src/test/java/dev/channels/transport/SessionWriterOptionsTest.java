package dev.channels.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The default close executor is small and bounded: closes that block do not each get a thread. */
class SessionWriterOptionsTest {

    @Test
    void blockingClosesShareAtMostTwoThreads() throws Exception {
        Executor closer = SessionWriterOptions.defaults().closeExecutor();
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger done = new AtomicInteger();
        try {
            for (int i = 0; i < 20; i++) {
                closer.execute(() -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    done.incrementAndGet();
                });
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> closerThreads() >= 1);
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(20))
                    .until(() -> closerThreads() <= SessionWriterOptions.SHARED_CLOSER_THREADS);
        } finally {
            release.countDown();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> done.get() == 20);
    }

    private static long closerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().equals("channels-session-closer")).count();
    }
}
