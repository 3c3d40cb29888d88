package dev.channels.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.api.Execution;
import dev.channels.api.Message;
import dev.channels.cdi.se.ChannelsSe;
import dev.channels.cdi.testing.TestClient;
import dev.channels.server.HandlerWorkers;
import dev.channels.server.ReadThread;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How CDI observers declare where they run (issue 23 item 1): by signature (a {@code CompletionStage}
 * return is non-blocking, and its reply comes when the stage completes) and by {@link Blocking} /
 * {@link NonBlocking}; over real sockets with the server told that frames arrive on an event loop.
 */
class ExecutionDeclarationTest {

    private static ChannelsSe channels;

    @BeforeAll
    static void start() {
        channels = ChannelsSe.builder().port(0).disableDiscovery()
                .beanClasses(Observers.class, Settings.class)
                .start();
        channels.server().readThread(ReadThread.EVENT_LOOP);
    }

    @AfterAll
    static void stop() {
        channels.close();
    }

    @Test
    void theSignatureAndTheAnnotationsDecideEachTypesExecution() {
        ChannelsExtension extension = channels.container().select(ChannelsExtension.class).get();
        assertThat(extension.executionOf("work")).as("void: blocking by default").isEqualTo(Execution.BLOCKING);
        assertThat(extension.executionOf("ping")).as("@NonBlocking").isEqualTo(Execution.NON_BLOCKING);
        assertThat(extension.executionOf("quote")).as("a CompletionStage return").isEqualTo(Execution.NON_BLOCKING);
        assertThat(extension.isAsync("quote")).isTrue();
        assertThat(extension.executionOf("heavy")).as("@Blocking over a CompletionStage return").isEqualTo(Execution.BLOCKING);
        assertThat(extension.isAsync("heavy")).isTrue();
        assertThat(extension.isAsync("work")).isFalse();
    }

    @Test
    void aBlockingObserverRunsOnAWorkerAndANonBlockingOneOnTheReadThread() throws Exception {
        try (TestClient alice = TestClient.join(channels.channelUri("exec"))) {
            alice.send("work", "w");
            assertThat(alice.nextMessage().type()).isEqualTo("work.done");
            alice.send("ping", "p");
            assertThat(alice.nextMessage().type()).isEqualTo("pong");
        }
        assertThat(Observers.THREADS.get("work")).startsWith("channels-handler-");
        assertThat(Observers.THREADS.get("ping")).doesNotStartWith("channels-handler-");
    }

    @Test
    void anObserverThatReturnsAStageRepliesWhenItCompletes() throws Exception {
        try (TestClient alice = TestClient.join(channels.channelUri("async"))) {
            Message sent = alice.send("quote", "ACME");
            alice.send("ping", "after");
            Message quote = alice.nextMessage();
            assertThat(quote.type()).isEqualTo("quote");
            assertThat(quote.rawBody()).isEqualTo("\"ACME:42\"");
            assertThat(quote.correlationId()).isEqualTo(sent.correlationId());
            assertThat(alice.nextMessage().type()).as("the next frame's reply comes after").isEqualTo("pong");
            alice.send("heavy", "h");
            assertThat(alice.nextMessage().type()).isEqualTo("heavy.done");
        }
        assertThat(Observers.THREADS.get("heavy")).startsWith("channels-handler-");
        assertThat(Observers.THREADS.get("quote")).doesNotStartWith("channels-handler-");
    }

    /** Observers of each kind. */
    @ApplicationScoped
    public static class Observers {
        static final Map<String, String> THREADS = new ConcurrentHashMap<>();

        void onWork(@Observes @MessageType("work") Inbound msg) {
            THREADS.put("work", Thread.currentThread().getName());
            msg.reply("work.done", msg.message().body());
        }

        @NonBlocking
        void onPing(@Observes @MessageType("ping") Inbound msg) {
            THREADS.put("ping", Thread.currentThread().getName());
            msg.reply("pong", msg.message().body());
        }

        CompletionStage<Void> onQuote(@Observes @MessageType("quote") Inbound msg) {
            THREADS.put("quote", Thread.currentThread().getName());
            String symbol = msg.bind(String.class);
            return CompletableFuture.supplyAsync(() -> symbol + ":42",
                            CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS))
                    .thenAccept(price -> msg.reply("quote", price)); // replies from the thread that completes it
        }

        @Blocking
        CompletionStage<Void> onHeavy(@Observes @MessageType("heavy") Inbound msg) {
            THREADS.put("heavy", Thread.currentThread().getName());
            msg.reply("heavy.done", msg.message().body());
            return CompletableFuture.completedFuture(null);
        }
    }

    /** Platform workers, so that their names are known. */
    @ApplicationScoped
    public static class Settings {
        void configure(@Observes ChannelsConfiguration config) {
            config.handlerWorkers(HandlerWorkers.PLATFORM).handlerPoolSize(4);
        }
    }
}
