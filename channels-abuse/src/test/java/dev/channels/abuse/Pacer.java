package dev.channels.abuse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A well-behaved member that sends one request every {@code 1000 / rate} ms and times each round
 * trip: the canary ({@code echo} in a channel of its own, the reply comes back to it alone) or the
 * innocent chatter ({@code chat}, the reply goes to the whole channel, itself included). A request
 * whose reply never came counts, in {@link #summary()}, with the time it has waited so far, so a
 * server that stops answering shows up in the percentiles, not as missing samples.
 *
 * <p>Threads: one scheduler thread sends; the client's reader thread records replies; the maps and
 * queues they share are concurrent.
 */
final class Pacer implements AutoCloseable {

    /** What the pacer saw: round trips in ms and how the connection fared. */
    record Summary(String name, int sent, int answered, int unanswered, long p50, long p99, long max,
                   boolean closed, int closeCode, int sendFailures) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s: %d sent, %d answered, %d unanswered, round trip p50 %d ms, p99 %d ms,"
                            + " max %d ms, %s%s", name, sent, answered, unanswered, p50, p99, max,
                    closed ? "CLOSED by the server (code " + closeCode + ")" : "never closed",
                    sendFailures > 0 ? ", " + sendFailures + " sends failed" : "");
        }
    }

    private final String name;
    private final String type;
    private final String body;
    private final WsClient client;
    private final ScheduledExecutorService sender;
    private final Map<String, Long> pending = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Long> roundTripsNanos = new ConcurrentLinkedQueue<>();
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger sendFailures = new AtomicInteger();

    private Pacer(String name, String type, String body, WsClient client) {
        this.name = name;
        this.type = type;
        this.body = body;
        this.client = client;
        this.sender = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name + "-sender");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Joins {@code channel} and starts sending {@code type} messages with a JSON string body of
     * {@code bodyChars} characters at {@code perSecond}.
     */
    static Pacer start(String name, int port, String channel, String type, int bodyChars, int perSecond) throws IOException {
        WsClient client = WsClient.join(port, channel);
        Pacer pacer = new Pacer(name, type, "\"" + "x".repeat(bodyChars) + "\"", client);
        client.startReader(name + "-reader", pacer::onText);
        long period = 1_000_000 / perSecond;
        pacer.sender.scheduleAtFixedRate(pacer::sendOne, 0, period, TimeUnit.MICROSECONDS);
        return pacer;
    }

    private void sendOne() {
        if (client.isClosed()) {
            return;
        }
        String id = name + "-" + sent.incrementAndGet();
        pending.put(id, System.nanoTime());
        try {
            client.sendText("{\"type\":\"" + type + "\",\"correlationId\":\"" + id + "\",\"body\":" + body + "}");
        } catch (IOException e) {
            sendFailures.incrementAndGet();
        }
    }

    private void onText(WsClient.Frame frame) {
        String text = frame.text();
        if (!type.equals(WsClient.field(text, "type"))) {
            return;
        }
        Long started = pending.remove(WsClient.field(text, "correlationId"));
        if (started != null) {
            roundTripsNanos.add(System.nanoTime() - started);
        }
    }

    /** Stops sending (replies still count). */
    void stop() {
        sender.shutdownNow();
        try {
            sender.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How many requests still wait for their reply. */
    int unanswered() {
        return pending.size();
    }

    /** How many requests went out. */
    int sent() {
        return sent.get();
    }

    /** How many replies came. */
    int answered() {
        return roundTripsNanos.size();
    }

    /** Whether the server ended this member's connection. */
    boolean isClosed() {
        return client.isClosed();
    }

    /** The round trips so far; a request still unanswered counts with its wait until now. */
    Summary summary() {
        long now = System.nanoTime();
        List<Long> all = new ArrayList<>(roundTripsNanos);
        int answered = all.size();
        pending.values().forEach(started -> all.add(now - started));
        all.sort(null);
        return new Summary(name, sent.get(), answered, pending.size(), percentile(all, 50), percentile(all, 99),
                all.isEmpty() ? 0 : TimeUnit.NANOSECONDS.toMillis(all.get(all.size() - 1)),
                client.isClosed(), client.closeCode(), sendFailures.get());
    }

    private static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return TimeUnit.NANOSECONDS.toMillis(sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))));
    }

    /** Stops and ends the connection (reset: the harness checks the server's cleanup separately). */
    @Override
    public void close() {
        stop();
        client.endRst();
    }
}
