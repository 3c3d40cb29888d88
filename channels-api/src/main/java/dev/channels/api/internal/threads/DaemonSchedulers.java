package dev.channels.api.internal.threads;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The library's timer threads: a small {@link ScheduledThreadPoolExecutor} of named daemon threads
 * (they never keep a JVM alive) that drops a task from its queue when it is cancelled (the timers are
 * mostly timeouts and heartbeats that are cancelled long before they are due; kept, they would pile
 * up). The server's scheduler, the engines' sweeper and heartbeat, the standalone runner's reaper,
 * the client's scheduler and the timeout middleware each make theirs here. Not API: exported only to
 * the library's own modules.
 *
 * @since 0.1.0
 */
public final class DaemonSchedulers {

    private DaemonSchedulers() {
    }

    /**
     * A scheduler of {@code threads} daemon threads, named {@code name} when there is one, else
     * {@code name-1}, {@code name-2}, ..., that removes cancelled tasks at once. The caller owns it
     * and shuts it down.
     */
    public static ScheduledThreadPoolExecutor create(int threads, String name) {
        AtomicInteger started = new AtomicInteger();
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(threads, r -> {
            Thread t = new Thread(r, threads == 1 ? name : name + "-" + started.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        s.setRemoveOnCancelPolicy(true);
        return s;
    }
}
