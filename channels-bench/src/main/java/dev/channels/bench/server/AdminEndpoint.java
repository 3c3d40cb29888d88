package dev.channels.bench.server;

import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Lets the driver look inside the server process. Path {@code /admin}; a frame {@code stats}
 * answers one JSON object of numbers; {@code gc} first runs full collections until the used heap
 * settles, then answers the same object. Keys: {@code heapUsed}, {@code heapCommitted},
 * {@code threads}, {@code gcPauses} and {@code gcPauseMillis} (stop-the-world collections since start and
 * their total time, from the collector beans), {@code rawChannels}, {@code rawSessions} and whatever the server under test
 * reports (its registry sizes).
 *
 * <p>Only for benchmarks: never deploy it in an application. Threads: each request is answered
 * on the Tyrus thread that delivered it, with a blocking send (the admin connection is idle otherwise).
 */
public final class AdminEndpoint extends Endpoint {

    private final RawChannelRegistry raw;
    private final Supplier<Map<String, Long>> serverUnderTest;

    AdminEndpoint(RawChannelRegistry raw, Supplier<Map<String, Long>> serverUnderTest) {
        this.raw = raw;
        this.serverUnderTest = serverUnderTest;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        session.setMaxIdleTimeout(0);
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) command -> {
            if ("gc".equals(command.trim())) {
                fullGc();
            }
            // asynchronous: on the runner with event-loop reads this runs on a selector thread, which a
            // blocking send could wait on for ever (the full collections above stop every thread anyway)
            session.getAsyncRemote().sendText(toJson(stats()), result -> {
                if (!result.isOK()) {
                    System.getLogger(AdminEndpoint.class.getName())
                            .log(System.Logger.Level.WARNING, "admin reply failed", result.getException());
                }
            });
        });
    }

    /** Collects until two successive full collections leave the same used heap (at most 5). */
    static void fullGc() {
        long previous = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            if (Math.abs(previous - used) < 64 * 1024) {
                return;
            }
            previous = used;
        }
    }

    Map<String, Long> stats() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        Map<String, Long> stats = new LinkedHashMap<>();
        stats.put("heapUsed", heap.getUsed());
        stats.put("heapCommitted", heap.getCommitted());
        stats.put("threads", (long) ManagementFactory.getThreadMXBean().getThreadCount());
        long pauses = 0;
        long pauseMillis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (isPauses(gc.getName())) {
                pauses += Math.max(0, gc.getCollectionCount());
                pauseMillis += Math.max(0, gc.getCollectionTime());
            }
        }
        stats.put("gcPauses", pauses);
        stats.put("gcPauseMillis", pauseMillis);
        stats.put("rawChannels", (long) raw.channelCount());
        stats.put("rawSessions", (long) raw.sessionCount());
        stats.putAll(serverUnderTest.get());
        return stats;
    }

    /**
     * Whether a collector bean counts stop-the-world pauses: G1's young and old, Parallel's, Serial's and
     * ZGC's "ZGC Pauses" do; concurrent cycles ("ZGC Cycles", "G1 Concurrent GC", Shenandoah "Cycles") do not.
     */
    static boolean isPauses(String collector) {
        return !(collector.contains("Cycles") || collector.contains("Concurrent"));
    }

    static String toJson(Map<String, Long> values) {
        StringBuilder json = new StringBuilder("{");
        values.forEach((k, v) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"').append(k).append("\":").append(v);
        });
        return json.append('}').toString();
    }
}
