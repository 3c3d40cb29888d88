package dev.channels.bench.streams;

import dev.channels.api.Message;
import dev.channels.api.codec.EnvelopeCodec;
import dev.channels.server.ChannelServer;
import dev.channels.server.ServerOptions;
import dev.channels.server.engine.InMemoryEngine;
import dev.channels.server.engine.StreamOptions;
import dev.channels.server.standalone.StandaloneServer;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Two measurements of channel streams, printed as one JSON line each plus a {@code #} summary line:
 * <ol>
 *   <li><b>heap per retained message</b>: the in-memory engine keeps {@code channels x history}
 *       publications of real encoded chat envelopes ({@code bodyChars} of text); used heap after full
 *       GCs, before and after, divided by the number retained, for each body size; also minus the
 *       envelope text itself, which is the bookkeeping cost of the stream;</li>
 *   <li><b>replay time</b>: a real server on a free port with history {@code missed}; that many
 *       broadcasts; then, {@code rounds} times, a recovery join over a real socket
 *       ({@code since=0}): from opening the connection until the last replayed message arrived.</li>
 * </ol>
 * <pre>
 * java -cp "$CP" dev.channels.bench.streams.StreamsBench [--channels 100] [--history 1000] [--missed 1000] [--rounds 20]
 * </pre>
 * Run it on a quiet machine with a fixed heap ({@code -Xms1g -Xmx1g}) for stable figures.
 */
public final class StreamsBench {

    private StreamsBench() {
    }

    public static void main(String[] args) throws Exception {
        int channels = 100;
        int history = 1000;
        int missed = 1000;
        int rounds = 20;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--channels" -> channels = Integer.parseInt(args[++i]);
                case "--history" -> history = Integer.parseInt(args[++i]);
                case "--missed" -> missed = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (usage: [--channels N] [--history N] [--missed N] [--rounds N])");
            }
        }
        for (int bodyChars : new int[] {16, 100, 1000}) {
            heapPerMessage(channels, history, bodyChars);
        }
        replayTime(missed, rounds);
    }

    /** Heap cost of retaining {@code channels * history} messages with {@code bodyChars}-character bodies. */
    static double[] heapPerMessage(int channels, int history, int bodyChars) {
        InMemoryEngine engine = InMemoryEngine.create();
        engine.start(new NoListener());
        StreamOptions stream = StreamOptions.of(history, Duration.ofHours(1));
        String text = "x".repeat(bodyChars);
        long envelopeChars = 0;
        long before = settledHeap();
        for (int c = 0; c < channels; c++) {
            String channel = "room-" + c;
            for (int i = 0; i < history; i++) {
                String data = EnvelopeCodec.encode(Message.create("chat", channel).withBody(text));
                envelopeChars += data.length();
                engine.broker().publish(channel, data, stream).join();
            }
        }
        long after = settledHeap();
        long retained = (long) channels * history;
        double perMessage = (after - before) / (double) retained;
        double envelopeBytes = envelopeChars / (double) retained; // Latin-1 compact strings: one byte per char
        double overhead = perMessage - envelopeBytes;
        System.out.printf(Locale.ROOT, "{\"measurement\":\"history-heap\",\"channels\":%d,\"history\":%d,\"bodyChars\":%d,"
                        + "\"bytesPerMessage\":%.1f,\"envelopeBytes\":%.1f,\"overheadBytes\":%.1f}%n",
                channels, history, bodyChars, perMessage, envelopeBytes, overhead);
        System.out.printf(Locale.ROOT, "# history heap: %.0f B per retained message (%d-char body; envelope text %.0f B, "
                + "stream bookkeeping %.0f B); %d messages in %d channels took %.1f MiB%n",
                perMessage, bodyChars, envelopeBytes, overhead, retained, channels, (after - before) / 1048576.0);
        if (engine.channelStateCount() != channels) { // keeps the engine reachable until after the measurement
            throw new IllegalStateException("engine lost channels");
        }
        engine.close();
        return new double[] {perMessage, overhead};
    }

    /** Recovery joins that replay {@code missed} messages, {@code rounds} times: time to the last replayed message. */
    static double[] replayTime(int missed, int rounds) throws Exception {
        ChannelServer server = ChannelServer.builder()
                .options(ServerOptions.builder().maxQueuedFrames(Math.max(1024, missed * 4)).maxQueuedChars(64L * 1024 * 1024).overflowPolicy(dev.channels.transport.OverflowPolicy.DISCONNECT).historySize(missed).historyTtl(Duration.ofHours(1)).build())
                .build();
        try (StandaloneServer running = StandaloneServer.start(server, 0)) {
            HttpClient http = HttpClient.newHttpClient();
            Counter anchor = new Counter(Integer.MAX_VALUE);
            WebSocket keep = http.newWebSocketBuilder().buildAsync(running.channelUri("replay"), anchor).get(30, TimeUnit.SECONDS);
            anchor.joined.get(30, TimeUnit.SECONDS);
            for (int i = 0; i < missed; i++) {
                server.broadcast("replay", Message.create("tick").withBody("message " + i));
            }
            String epoch = server.engine().broker().position("replay", server.options().streamOptions()).join().epoch();
            URI recover = URI.create(running.channelUri("replay") + "?since=0&epoch=" + epoch);
            double[] millis = new double[rounds + 3];
            for (int r = 0; r < millis.length; r++) { // the first three warm up and are dropped
                Counter counter = new Counter(missed);
                long start = System.nanoTime();
                WebSocket ws = http.newWebSocketBuilder().buildAsync(recover, counter).get(30, TimeUnit.SECONDS);
                counter.done.get(60, TimeUnit.SECONDS);
                millis[r] = (System.nanoTime() - start) / 1e6;
                if (!counter.recovered) {
                    throw new IllegalStateException("the join did not recover");
                }
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
            }
            keep.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
            double[] measured = Arrays.copyOfRange(millis, 3, millis.length);
            Arrays.sort(measured);
            double median = measured[measured.length / 2];
            double p90 = measured[(int) Math.min(measured.length - 1, Math.ceil(measured.length * 0.9) - 1)];
            System.out.printf(Locale.ROOT, "{\"measurement\":\"replay\",\"missed\":%d,\"rounds\":%d,\"minMs\":%.2f,"
                    + "\"medianMs\":%.2f,\"p90Ms\":%.2f}%n", missed, rounds, measured[0], median, p90);
            System.out.printf(Locale.ROOT, "# replay of %d missed messages (recovery join to the last replayed message, "
                    + "real socket): median %.1f ms, p90 %.1f ms, min %.1f ms over %d rounds%n", missed, median, p90, measured[0], rounds);
            return new double[] {median, p90};
        } finally {
            server.close();
        }
    }

    /** Used heap once it stops shrinking under repeated full GCs. */
    private static long settledHeap() {
        var memory = ManagementFactory.getMemoryMXBean();
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            long used = memory.getHeapMemoryUsage().getUsed();
            if (used >= last - 64 * 1024) {
                return Math.min(used, last);
            }
            last = used;
        }
        return last;
    }

    /** Counts frames after join.success until {@code expected} have arrived. */
    private static final class Counter implements WebSocket.Listener {
        final CompletableFuture<Void> joined = new CompletableFuture<>();
        final CompletableFuture<Void> done = new CompletableFuture<>();
        private final int expected;
        private final StringBuilder partial = new StringBuilder();
        private int frames;
        volatile boolean recovered;

        Counter(int expected) {
            this.expected = expected;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                partial.setLength(0);
                if (!joined.isDone()) {
                    recovered = frame.contains("\"X-Channel-Recovered\":[\"true\"]");
                    joined.complete(null);
                } else if (++frames == expected) {
                    done.complete(null);
                }
            }
            ws.request(1);
            return null;
        }
    }

    private static final class NoListener implements dev.channels.server.engine.EngineListener {
        @Override
        public void onPublication(dev.channels.server.engine.Publication publication) {
        }

        @Override
        public void onControl(String data) {
        }
    }

}
