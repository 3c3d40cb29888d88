package dev.channels.server;

import static dev.channels.server.ServerFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.api.Envelope;
import dev.channels.api.ErrorDetail;
import dev.channels.api.ErrorMessage;
import dev.channels.api.Message;
import dev.channels.api.MessageTypes;
import dev.channels.api.codec.EnvelopeCodec;
import dev.channels.server.engine.PresenceInfo;
import dev.channels.testkit.RawFrameClient;
import dev.channels.testing.TestRunner;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The get.info flood (hardening issue II, case 5): clients that write thousands of {@code get.info} in
 * one write, on a channel of 2,000 members, are charged when their frames arrive, get their 429 and
 * are cut with 1008, while an innocent client of another channel, sending at a legal rate meanwhile,
 * keeps getting its echoes and is never cut.
 */
class GetInfoFloodTest {

    private static final int MEMBERS = 2_000;
    private static final int FLOOD = 3_000;

    private ServerFixture fx;

    @BeforeEach
    void start() throws Exception {
        fx = new ServerFixture(ChannelServer.builder() // the default rate limit and member cap
                .directHandler("echo", (ctx, msg) -> Optional.of(msg.newFrom("echo").withBody(msg.body()))));
        // members on "other nodes": listed by get.info like local ones, without 2,000 sockets
        String node = fx.server.engine().nodeId();
        for (int i = 0; i < MEMBERS; i++) {
            fx.server.engine().presence().add(new PresenceInfo("member-" + i, "crowd", "user-" + i, Instant.now(), node),
                    Duration.ofMinutes(10)).join();
        }
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    private static List<String> getInfos(int n) {
        List<String> frames = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            frames.add(EnvelopeCodec.encode(Message.create(MessageTypes.GET_INFO, "crowd").withCorrelationId("q" + i)));
        }
        return frames;
    }

    /** What a flooder saw until its connection ended: whether it got a 429, and the close code (-1: none). */
    private record Outcome(boolean got429, int closeCode) {
    }

    /** Reads what the server sends until it closes the connection, for at most {@code within}. */
    private static Outcome readUntilClosed(RawFrameClient flooder, Duration within) throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        boolean got429 = false;
        while (System.nanoTime() - deadline < 0) {
            RawFrameClient.Frame f = flooder.next();
            if (f.opcode() == 8) {
                return new Outcome(got429, f.closeCode());
            }
            if (f.opcode() == 1 && EnvelopeCodec.decode(f.text()) instanceof ErrorMessage e
                    && e.detail().map(ErrorDetail::errCode).filter("429"::equals).isPresent()) {
                got429 = true;
            }
        }
        return new Outcome(got429, -1);
    }

    private RawFrameClient joinRaw(String channelId) throws IOException {
        RawFrameClient raw = RawFrameClient.connect(fx.running.port(), "/ws/" + channelId);
        assertThat(raw.nextText()).contains("join.success");
        return raw;
    }

    @Test
    void thousandsOfGetInfoInOneWriteGet429AndTheCut() throws Exception {
        try (RawFrameClient flooder = joinRaw("crowd")) {
            flooder.sendTexts(getInfos(FLOOD));
            Outcome outcome = readUntilClosed(flooder, Duration.ofSeconds(60));
            assertThat(outcome.got429()).as("told 429 while its frames were still being handled").isTrue();
            if (!("jetty".equals(TestRunner.current().name()) && outcome.closeCode() == -1)) {
                // (on Jetty a reset may come instead: no lingering close there, a known gap in the README)
                assertThat(outcome.closeCode()).as("cut for going on").isEqualTo(1008);
            }
        }
        assertThat(fx.server.stats().rateLimitDisconnects()).isEqualTo(1);
    }

    @Test
    void anInnocentClientOfAnotherChannelKeepsItsEchoesAndIsNeverCutDuringTheFlood() throws Exception {
        ServerFixture.Joined innocent = fx.join("quiet");
        List<RawFrameClient> flooders = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            flooders.add(joinRaw("crowd"));
        }
        List<CompletableFuture<Outcome>> floods = new ArrayList<>();
        for (RawFrameClient flooder : flooders) {
            floods.add(CompletableFuture.supplyAsync(() -> {
                try {
                    flooder.sendTexts(getInfos(FLOOD));
                    return readUntilClosed(flooder, Duration.ofSeconds(90));
                } catch (IOException e) {
                    return new Outcome(false, -1); // reset after the cut while still writing
                }
            }));
        }
        int echoes = 60; // 3 s at 20 messages/s, a fifth of the default rate
        AtomicLongArray sentAt = new AtomicLongArray(echoes);
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        ConcurrentHashMap<Integer, Boolean> seen = new ConcurrentHashMap<>();
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            try {
                while (seen.size() < echoes && System.nanoTime() - deadline < 0) {
                    String frame = innocent.client().poll(Duration.ofMillis(200));
                    if (frame != null) {
                        record(frame, sentAt, seen, latencies);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long start = System.nanoTime();
        for (int i = 0; i < echoes; i++) {
            LockSupport.parkNanos(start + i * 50_000_000L - System.nanoTime()); // pacing the sender, not waiting for an outcome
            sentAt.set(i, System.nanoTime());
            innocent.client().send(request("echo", "quiet", Integer.toString(i)));
        }
        reader.get(90, TimeUnit.SECONDS);
        assertThat(seen).as("every echo came back").hasSize(echoes);
        assertThat(innocent.client().isOpen()).as("never cut").isTrue();
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf("[GetInfoFloodTest] %s: innocent's echo latency p50 %d ms, p99 %d ms, max %d ms%n",
                dev.channels.testing.TestRunner.current().name(), sorted.get(sorted.size() / 2),
                sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1), sorted.get(sorted.size() - 1));
        for (CompletableFuture<Outcome> flood : floods) {
            Outcome o = flood.get(120, TimeUnit.SECONDS);
            assertThat(o.closeCode()).as("each flooder is cut (or reset after its cut)").isIn(1008, -1);
        }
        assertThat(fx.server.stats().rateLimitDisconnects()).isEqualTo(4);
        for (RawFrameClient flooder : flooders) {
            flooder.close();
        }
    }

    private static void record(String frame, AtomicLongArray sentAt, ConcurrentHashMap<Integer, Boolean> seen, List<Long> latencies) {
        Envelope e = EnvelopeCodec.decode(frame);
        assertThat(e).as("no error for the innocent: %s", frame).isInstanceOf(Message.class);
        int i = Integer.parseInt(((Message) e).rawBody());
        assertThat(seen.put(i, true)).as("echo %d once", i).isNull();
        latencies.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sentAt.get(i)));
    }
}
