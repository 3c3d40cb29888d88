package dev.channels.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.channels.testkit.RecordingClient;
import dev.channels.testkit.StalledRawClient;
import dev.channels.testkit.TyrusTestServer;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The per-connection writer over real sockets: order, pings, close, and slow readers, on the portable
 * {@code sendText} path ({@link RawFramesSessionWriterTest} runs them all again on the raw frame path).
 */
class SessionWriterTest {

    /** The raw frame writers the writers under test get: none here ({@code sendText}). */
    RawFrameWriter.Factory rawFrames() {
        return RawFrameWriter.Factory.NONE;
    }

    /** Starts the server the tests connect to, with {@code config} deployed. */
    TyrusTestServer start(ServerEndpointConfig config) throws Exception {
        return TyrusTestServer.start(config);
    }

    private final AtomicInteger overflows = new AtomicInteger();
    private final AtomicInteger drops = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private final CompletableFuture<SessionWriter> serverWriter = new CompletableFuture<>();
    private final CompletableFuture<Void> pong = new CompletableFuture<>();
    private TyrusTestServer server;

    private final SessionWriterListener listener = new SessionWriterListener() {
        @Override
        public void onOverflow(SessionWriter writer) {
            overflows.incrementAndGet();
        }

        @Override
        public void onFrameDropped(SessionWriter writer) {
            drops.incrementAndGet();
        }

        @Override
        public void onFailure(SessionWriter writer, Throwable error) {
            failures.incrementAndGet();
        }
    };

    private void startServer(SessionWriterOptions options) throws Exception {
        ServerEndpointConfig config = ServerEndpointConfig.Builder.create(WriterEndpoint.class, "/w")
                .configurator(new ServerEndpointConfig.Configurator() {
                    @Override
                    public <T> T getEndpointInstance(Class<T> endpointClass) {
                        return endpointClass.cast(new WriterEndpoint(options));
                    }
                }).build();
        server = start(config);
    }

    /** Hands the test a writer for each new session. */
    public final class WriterEndpoint extends Endpoint {
        private final SessionWriterOptions options;

        WriterEndpoint(SessionWriterOptions options) {
            this.options = options;
        }

        @Override
        public void onOpen(Session session, EndpointConfig c) {
            // Tyrus calls the endpoint reflectively: the class must be public
            session.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) p -> pong.complete(null));
            SessionWriter writer = new SessionWriter(session, options, listener, rawFrames());
            if (writer.rawFrames() != (rawFrames() != RawFrameWriter.Factory.NONE)) {
                serverWriter.completeExceptionally(new AssertionError("raw frame path: " + writer.rawFrames()));
            }
            serverWriter.complete(writer);
        }
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void framesFromManyThreadsArriveWholeAndInPerThreadOrder() throws Exception {
        startServer(SessionWriterOptions.builder().bounds(100_000, 100_000_000).build());
        try (RecordingClient client = RecordingClient.connect(server.uri("/w"))) {
            SessionWriter writer = serverWriter.get(20, TimeUnit.SECONDS);
            int threads = 8;
            int perThread = 500;
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> senders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                Thread sender = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < perThread; i++) {
                        assertThat(writer.send(id + ":" + i)).isTrue();
                    }
                });
                sender.start();
                senders.add(sender);
            }
            start.countDown();
            for (Thread sender : senders) {
                sender.join();
            }
            Map<Integer, Integer> lastSeen = new HashMap<>();
            for (int n = 0; n < threads * perThread; n++) {
                String[] parts = client.next().split(":");
                int id = Integer.parseInt(parts[0]);
                int seq = Integer.parseInt(parts[1]);
                assertThat(seq).as("sequence of thread " + id).isEqualTo(lastSeen.getOrDefault(id, -1) + 1);
                lastSeen.put(id, seq);
            }
            assertThat(lastSeen).hasSize(threads).allSatisfy((id, last) -> assertThat(last).isEqualTo(perThread - 1));
            assertThat(failures).hasValue(0);
        }
    }

    @Test
    void closeNowClosesOnTheCloseExecutorNotOnTheCallersThread() throws Exception {
        java.util.concurrent.BlockingQueue<Runnable> closes = new java.util.concurrent.LinkedBlockingQueue<>();
        startServer(SessionWriterOptions.builder().closeExecutor(closes::add).build());
        try (RecordingClient client = RecordingClient.connect(server.uri("/w"))) {
            SessionWriter writer = serverWriter.get(20, TimeUnit.SECONDS);
            writer.send("queued");

            writer.closeNow(new CloseReason(CloseReason.CloseCodes.TOO_BIG, "too big"));

            assertThat(writer.isClosed()).isTrue();
            assertThat(writer.send("after")).isFalse();
            assertThat(writer.session().isOpen()).as("not closed on the caller's thread").isTrue();
            Runnable close = closes.poll(5, TimeUnit.SECONDS);
            assertThat(close).as("the close went to the close executor").isNotNull();
            close.run();
            CloseReason reason = client.closed().get(20, TimeUnit.SECONDS);
            assertThat(reason.getCloseCode().getCode()).isEqualTo(1009);
        }
    }

    @Test
    void closeAfterDrainSendsEveryQueuedFrameThenCloses() throws Exception {
        startServer(SessionWriterOptions.defaults());
        try (RecordingClient client = RecordingClient.connect(server.uri("/w"))) {
            SessionWriter writer = serverWriter.get(20, TimeUnit.SECONDS);
            for (int i = 0; i < 200; i++) {
                writer.send("frame-" + i);
            }
            writer.closeAfterDrain(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "bye"));
            assertThat(writer.send("too late")).isFalse();
            for (int i = 0; i < 200; i++) {
                assertThat(client.next()).isEqualTo("frame-" + i);
            }
            CloseReason reason = client.closed().get(20, TimeUnit.SECONDS);
            assertThat(reason.getCloseCode().getCode()).isEqualTo(1000);
            assertThat(reason.getReasonPhrase()).isEqualTo("bye");
            assertThat(client.drain()).isEmpty();
        }
    }

    @Test
    void pingGoesOutThroughTheWriterAndThePeerAnswers() throws Exception {
        startServer(SessionWriterOptions.defaults());
        try (RecordingClient client = RecordingClient.connect(server.uri("/w"))) {
            SessionWriter writer = serverWriter.get(20, TimeUnit.SECONDS);
            for (int i = 0; i < 50; i++) {
                writer.send("data-" + i);
            }
            writer.ping();
            pong.get(20, TimeUnit.SECONDS);
            for (int i = 0; i < 50; i++) {
                assertThat(client.next()).isEqualTo("data-" + i);
            }
        }
    }

    @Test
    void stalledReaderOverflowsTheBoundAndIsClosedWithoutBlockingTheSender() throws Exception {
        startServer(SessionWriterOptions.builder().bounds(32, 1_000_000).build());
        try (StalledRawClient stalled = StalledRawClient.connect(server.port(), "/w")) {
            SessionWriter writer = serverWriter.get(20, TimeUnit.SECONDS);
            String frame = "x".repeat(16 * 1024);
            int accepted = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                int n = 0;
                while (writer.send(frame)) {
                    n++;
                    assertThat(n).as("frames accepted before overflow").isLessThan(100_000);
                }
                return n;
            });
            assertThat(accepted).isGreaterThanOrEqualTo(32);
            assertThat(overflows).hasValue(1);
            assertThat(writer.isClosed()).isTrue();
            assertThat(writer.queuedFrames()).isZero();
            assertThat(writer.send("after")).isFalse();
            assertThat(overflows).hasValue(1);
        }
    }

    @Test
    void dropPolicyRefusesFramesButKeepsTheConnection() throws Exception {
        startServer(SessionWriterOptions.builder().bounds(16, 1_000_000).overflowPolicy(OverflowPolicy.DROP).build());
        try (StalledRawClient stalled = StalledRawClient.connect(server.port(), "/w")) {
            SessionWriter writer = serverWriter.get(20, TimeUnit.SECONDS);
            String frame = "y".repeat(16 * 1024);
            int refused = 0;
            for (int i = 0; i < 5_000 && refused < 10; i++) {
                if (!writer.send(frame)) {
                    refused++;
                }
            }
            assertThat(refused).isEqualTo(10);
            assertThat(drops).hasValue(10);
            assertThat(overflows).hasValue(0);
            assertThat(writer.isClosed()).isFalse();
            assertThat(writer.session().isOpen()).isTrue();
        }
    }

    @Test
    void peerThatVanishesFailsTheWriterOnce() throws Exception {
        startServer(SessionWriterOptions.defaults());
        StalledRawClient vanishing = StalledRawClient.connect(server.port(), "/w");
        SessionWriter writer = serverWriter.get(20, TimeUnit.SECONDS);
        vanishing.close();
        String frame = "z".repeat(8 * 1024);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            writer.send(frame);
            return writer.isClosed();
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> !writer.session().isOpen());
        assertThat(failures.get()).isLessThanOrEqualTo(1);
        assertThat(writer.send(frame)).isFalse();
    }
}
