package dev.channels.bench.presence;

import dev.channels.server.ChannelServer;
import dev.channels.server.ConnectionLimits;
import dev.channels.server.RateLimit;
import dev.channels.server.ServerOptions;
import dev.channels.server.standalone.StandaloneServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A join storm with presence on (issue 23, "Presence that scales"; target: at most 20 presence frames
 * per member in all, batched): {@code N} members join one channel as fast as the clients can, and every
 * member counts the presence frames it receives ({@code presence.joined} per member, or
 * {@code presence.diff} per interval), until no more come for a few seconds. The server (the
 * standalone Tyrus runner) runs in this JVM, the clients in a child JVM (the JDK's WebSocket client),
 * so neither process holds more than {@code N} sockets (the machine allows 20,000 open files each).
 *
 * <pre>
 * java -cp "$CP" dev.channels.bench.presence.PresenceJoinStorm --members 5000 --interval PT0.5S
 * java -cp "$CP" dev.channels.bench.presence.PresenceJoinStorm --members 5000 --interval 0     # per-member events
 * java -cp "$CP" dev.channels.bench.presence.PresenceJoinStorm --members 5000 --out results.jsonl  # also one JSON line
 * </pre>
 * Logs one line: members, mode, storm time and joins/s, presence frames in all and per member
 * (mean, and the first member's, who sees the whole storm), and what per-member events would be; with
 * {@code --out FILE} it also appends the figures as one JSON line (workload {@code presence-storm}, target
 * {@code ours}, {@code mode} {@code each} or {@code batched}) to that file, for the report.
 *
 * @since 0.1.0
 */
public final class PresenceJoinStorm {

    private static final System.Logger LOG = System.getLogger(PresenceJoinStorm.class.getName());
    /** No presence frame for this long ends the count. */
    private static final Duration QUIET = Duration.ofSeconds(3);

    private PresenceJoinStorm() {
    }

    public static void main(String[] args) throws Exception {
        int members = 5000;
        Duration interval = Duration.ofMillis(500);
        int port = -1;
        String out = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--members" -> members = Integer.parseInt(args[i + 1]);
                case "--interval" -> interval = args[i + 1].equals("0") ? Duration.ZERO : Duration.parse(args[i + 1]);
                case "--client" -> port = Integer.parseInt(args[i + 1]);
                case "--out" -> out = args[i + 1];
                default -> throw new IllegalArgumentException("unknown flag " + args[i]);
            }
        }
        if (port >= 0) {
            runClients(port, members);
            return;
        }
        ChannelServer server = ChannelServer.builder()
                .options(ServerOptions.builder().presenceEvents(true).presenceBatchInterval(interval)
                        .rateLimit(RateLimit.unlimited()).connectionLimits(ConnectionLimits.unlimited()).build())
                .build();
        try (StandaloneServer running = StandaloneServer.start(server, 0)) {
            Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                    "-Xmx1g", "-cp", System.getProperty("java.class.path"), PresenceJoinStorm.class.getName(),
                    "--members", Integer.toString(members), "--client", Integer.toString(running.port()))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader from = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String result = null;
            String figures = null;
            for (String line; (line = from.readLine()) != null; ) {
                if (line.startsWith("RESULT ")) {
                    result = line.substring("RESULT ".length());
                } else if (line.startsWith("FIGURES ")) {
                    figures = line.substring("FIGURES ".length());
                }
            }
            child.waitFor(1, TimeUnit.MINUTES);
            String mode = interval.isZero() ? "each (presence.joined per member)" : "batched presence.diff every " + interval.toMillis() + " ms";
            LOG.log(Level.INFO, "presence join storm, {0}: {1}; per-member events would be {2} frames per member on average",
                    mode, result, String.format(Locale.ROOT, "%,.0f", (members + 1) / 2.0));
            if (out != null && figures != null) {
                String line = String.format(Locale.ROOT, "{\"workload\":\"presence-storm\",\"target\":\"ours\","
                                + "\"runtime\":\"standalone\",\"mode\":\"%s\",\"intervalMs\":%d,%s,"
                                + "\"perMemberEventsWouldBe\":%.1f}%n",
                        interval.isZero() ? "each" : "batched", interval.toMillis(), figures, (members + 1) / 2.0);
                java.nio.file.Files.writeString(java.nio.file.Path.of(out), line, StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            }
        } finally {
            server.close();
        }
    }

    // ---------------------------------------------------------------- the client JVM

    /** One member: counts the presence frames it gets. */
    private static final class Member implements WebSocket.Listener {
        final AtomicLong presenceFrames = new AtomicLong();
        final AtomicLong lastPresenceNanos;
        final CompletableFuture<Void> joined = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        /** The close code the server sent, 0 while open. */
        volatile int closed;

        Member(AtomicLong lastPresenceNanos) {
            this.lastPresenceNanos = lastPresenceNanos;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            String text;
            if (!last || partial.length() > 0) {
                partial.append(data);
                text = last ? partial.toString() : null;
                if (last) {
                    partial.setLength(0);
                }
            } else {
                text = data.toString();
            }
            if (text != null) {
                if (text.contains("\"type\":\"presence.")) {
                    presenceFrames.incrementAndGet();
                    lastPresenceNanos.set(System.nanoTime());
                } else if (text.contains("\"type\":\"join.success\"")) {
                    joined.complete(null);
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            joined.completeExceptionally(error);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed = statusCode;
            joined.completeExceptionally(new IOException("closed " + statusCode + " " + reason));
            return null;
        }
    }

    private static void runClients(int port, int count) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        AtomicLong lastPresence = new AtomicLong(System.nanoTime());
        List<Member> members = new ArrayList<>(count);
        List<WebSocket> sockets = new ArrayList<>(count);
        Semaphore inFlight = new Semaphore(Integer.getInteger("storm.inflight", 256)); // joins in flight at once: a storm, not a SYN flood
        URI uri = URI.create("ws://localhost:" + port + "/ws/storm");
        long start = System.nanoTime();
        List<CompletableFuture<Void>> joins = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Member m = new Member(lastPresence);
            members.add(m);
            inFlight.acquire();
            CompletableFuture<Void> joined = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(60)).buildAsync(uri, m)
                    .thenCompose(ws -> {
                        synchronized (sockets) {
                            sockets.add(ws);
                        }
                        return m.joined;
                    });
            joined.whenComplete((v, e) -> inFlight.release());
            joins.add(joined.exceptionally(e -> null)); // a member cut or refused is counted below, not waited for
        }
        CompletableFuture.allOf(joins.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
        long stormNanos = System.nanoTime() - start;
        while (System.nanoTime() - lastPresence.get() < QUIET.toNanos()) {
            Thread.sleep(200);
        }
        long total = members.stream().mapToLong(m -> m.presenceFrames.get()).sum();
        long max = members.stream().mapToLong(m -> m.presenceFrames.get()).max().orElse(0);
        long cut = members.stream().filter(m -> m.closed != 0 || m.joined.isCompletedExceptionally()).count();
        System.out.println(String.format(Locale.ROOT,
                "RESULT members=%d storm=%d ms (%.0f joins/s) presenceFrames=%,d perMember=%.1f first=%d max=%d cutOrRefused=%d",
                count, stormNanos / 1_000_000, count / (stormNanos / 1e9), total, total / (double) count,
                members.get(0).presenceFrames.get(), max, cut));
        // the same figures for the parent's --out line (a JSON object's members, without braces)
        System.out.println(String.format(Locale.ROOT,
                "FIGURES \"members\":%d,\"stormMs\":%d,\"joinsPerSec\":%.1f,\"presenceFrames\":%d,"
                        + "\"framesPerMember\":%.2f,\"firstMemberFrames\":%d,\"maxMemberFrames\":%d,\"cutOrRefused\":%d",
                count, stormNanos / 1_000_000, count / (stormNanos / 1e9), total, total / (double) count,
                members.get(0).presenceFrames.get(), max, cut));
        for (WebSocket ws : sockets) {
            ws.abort();
        }
    }
}
