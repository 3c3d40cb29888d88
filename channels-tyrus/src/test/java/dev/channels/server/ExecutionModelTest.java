package dev.channels.server;

import static dev.channels.server.ServerFixture.error;
import static dev.channels.server.ServerFixture.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.channels.api.AsyncHandler;
import dev.channels.api.ErrorMessage;
import dev.channels.api.Handler;
import dev.channels.api.Message;
import dev.channels.api.codec.EnvelopeCodec;
import dev.channels.api.middleware.TimeoutMiddleware;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The handler execution model (issue 23 item 1) over real sockets, with the server told that frames
 * arrive on an event loop ({@link ReadThread#EVENT_LOOP}; the runners read on pooled threads today,
 * but the lane logic is the same): a blocking handler runs on a worker, off the read thread, and does
 * not hold up another connection; one connection's replies keep the order of its requests across
 * blocking, non-blocking and async handlers; a full lane answers {@code "429"}; an async handler's
 * reply arrives, also on a runtime that may block, and a late one is {@code "504"}.
 */
class ExecutionModelTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @AutoClose
    private ServerFixture fx;

    /** Released by each test (and after it, so that no worker stays blocked). */
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch slowStarted = new CountDownLatch(1);
    /** Handler name -> the thread it last ran on. */
    private final Map<String, String> threads = new ConcurrentHashMap<>();
    private final AtomicInteger fastCalls = new AtomicInteger();
    private final CompletableFuture<Optional<Message>> pendingAsync = new CompletableFuture<>();
    private final CountDownLatch asyncStarted = new CountDownLatch(1);

    @AfterEach
    void releaseWorkers() {
        release.countDown();
        pendingAsync.complete(Optional.empty());
    }

    private ChannelServer.Builder app(ServerOptions options) {
        Handler slow = (ctx, msg) -> { // blocking: the default
            threads.put("slow", Thread.currentThread().getName());
            slowStarted.countDown();
            assertThat(release.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            return Optional.of(msg.newFrom("slow.done").withBody(msg.body()));
        };
        Handler fast = Handler.nonBlocking((ctx, msg) -> {
            threads.put("fast", Thread.currentThread().getName());
            fastCalls.incrementAndGet();
            return Optional.of(msg.newFrom("fast.done").withBody(msg.body()));
        });
        AsyncHandler later = (ctx, msg) -> {
            threads.put("later", Thread.currentThread().getName());
            asyncStarted.countDown();
            return pendingAsync.thenApply(reply -> reply.map(r -> r.withBody(msg.body())));
        };
        return ChannelServer.builder().options(options)
                .directHandler("slow", slow)
                .directHandler("fast", fast)
                .asyncDirectHandler("later", later)
                .asyncDirectHandler("never", (ctx, msg) -> new CompletableFuture<>())
                .directHandler("wedge", (ctx, msg) -> {
                    throw new StackOverflowError("an Error that escapes the handler"); // blocking: on the lane
                });
    }

    private ServerFixture eventLoopServer(ServerOptions options) throws Exception {
        ServerFixture f = new ServerFixture(app(options));
        f.server.readThread(ReadThread.EVENT_LOOP);
        return f;
    }

    private static ServerOptions.Builder platformWorkers() {
        return ServerOptions.builder().handlerWorkers(HandlerWorkers.PLATFORM).handlerPoolSize(4);
    }

    private static String request(String type, String channelId, String correlationId, String body) {
        return EnvelopeCodec.encode(Message.create(type, channelId).toBuilder().correlationId(correlationId).build()
                .withRawBody(body));
    }

    @Test
    void aBlockingHandlerRunsOnAWorkerAndDoesNotHoldUpAnotherConnection() throws Exception {
        fx = eventLoopServer(platformWorkers().build());
        ServerFixture.Joined a = fx.join("exec");
        ServerFixture.Joined b = fx.join("exec");
        a.client().send(request("slow", "exec", "s1", "1"));
        assertThat(slowStarted.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        b.client().send(request("fast", "exec", "f1", "2")); // answered while a's handler still blocks
        Message fastReply = message(b.client().next(WAIT));
        assertThat(fastReply.type()).isEqualTo("fast.done");
        assertThat(release.getCount()).isEqualTo(1);

        release.countDown();
        assertThat(message(a.client().next(WAIT)).type()).isEqualTo("slow.done");
        assertThat(threads.get("slow")).as("the blocking handler's thread").startsWith("channels-handler-");
        assertThat(threads.get("fast")).as("the non-blocking handler's thread: the one that read the frame")
                .doesNotStartWith("channels-handler-");
    }

    @Test
    void repliesKeepTheOrderOfRequestsAcrossBlockingNonBlockingAndAsyncHandlers() throws Exception {
        fx = eventLoopServer(platformWorkers().build());
        ServerFixture.Joined a = fx.join("order");
        a.client().send(request("slow", "order", "1", "1"));
        a.client().send(request("fast", "order", "2", "2"));
        a.client().send(request("later", "order", "3", "3"));
        a.client().send(request("fast", "order", "4", "4"));
        assertThat(slowStarted.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(fastCalls).as("a non-blocking frame waits behind the blocking one").hasValue(0);
        release.countDown();

        assertThat(message(a.client().next(WAIT)).correlationId()).isEqualTo("1");
        assertThat(message(a.client().next(WAIT)).correlationId()).isEqualTo("2");
        assertThat(asyncStarted.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        // the async reply is pending: the frame after it waits (no thread waits for it)
        assertThat(fastCalls).as("the frame after a pending async reply waits for it").hasValue(1);
        pendingAsync.complete(Optional.of(Message.create("later.done")));

        Message third = message(a.client().next(WAIT));
        assertThat(third.type()).isEqualTo("later.done");
        assertThat(third.rawBody()).isEqualTo("3");
        Message fourth = message(a.client().next(WAIT));
        assertThat(fourth.correlationId()).isEqualTo("4");
        assertThat(fourth.type()).isEqualTo("fast.done");
    }

    @Test
    void aFullLaneAnswersTheFramesItCannotTakeWith429() throws Exception {
        fx = eventLoopServer(platformWorkers().handlerLaneCapacity(2).build());
        ServerFixture.Joined a = fx.join("full");
        a.client().send(request("slow", "full", "s", "0"));
        assertThat(slowStarted.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue(); // running: no longer queued
        for (int i = 1; i <= 4; i++) {
            a.client().send(request("fast", "full", "f" + i, String.valueOf(i)));
        }
        // f1 and f2 wait in the lane; f3 and f4 are answered at once, before the replies ahead of them
        for (String expected : List.of("f3", "f4")) {
            ErrorMessage e = error(a.client().next(WAIT));
            assertThat(e.correlationId()).isEqualTo(expected);
            assertThat(e.originType()).isEqualTo("fast");
            assertThat(e.detail().orElseThrow().errCode()).isEqualTo("429");
        }
        release.countDown();
        assertThat(message(a.client().next(WAIT)).correlationId()).isEqualTo("s");
        assertThat(message(a.client().next(WAIT)).correlationId()).isEqualTo("f1");
        assertThat(message(a.client().next(WAIT)).correlationId()).isEqualTo("f2");
        assertThat(fastCalls).hasValue(2);
    }

    @Test
    void anErrorEscapingABlockingHandlerOnTheLaneClosesThatConnectionWith1011AsOnAReadThread() throws Exception {
        fx = eventLoopServer(platformWorkers().build());
        ServerFixture.Joined a = fx.join("wedge");
        ServerFixture.Joined b = fx.join("wedge");
        a.client().send(request("wedge", "wedge", "w", "0"));
        assertThat(a.client().closed().get(WAIT.toSeconds(), TimeUnit.SECONDS).getCloseCode().getCode()).isEqualTo(1011);
        await().atMost(WAIT).until(() -> !fx.server.members("wedge").contains(a.clientId()));
        b.client().send(request("fast", "wedge", "f", "1")); // the workers go on for the others
        assertThat(message(b.client().next(WAIT)).correlationId()).isEqualTo("f");
    }

    @Test
    void anAsyncReplyArrivesWhenItsStageCompletesOnARuntimeThatMayBlock() throws Exception {
        fx = new ServerFixture(app(ServerOptions.defaults())); // MAY_BLOCK: the read thread waits, bounded
        ServerFixture.Joined a = fx.join("async");
        a.client().send(request("later", "async", "1", "\"x\""));
        assertThat(asyncStarted.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        CompletableFuture.runAsync(() -> pendingAsync.complete(Optional.of(Message.create("later.done"))));
        Message reply = message(a.client().next(WAIT));
        assertThat(reply.type()).isEqualTo("later.done");
        assertThat(reply.rawBody()).isEqualTo("\"x\"");
    }

    @Test
    void anAsyncReplyLaterThanItsDeadlineIsA504AndTheLaneGoesOn() throws Exception {
        fx = new ServerFixture(app(platformWorkers().build()).use(TimeoutMiddleware.of(Duration.ofMillis(500))));
        fx.server.readThread(ReadThread.EVENT_LOOP);
        ServerFixture.Joined a = fx.join("late");
        a.client().send(request("never", "late", "n", "1"));
        a.client().send(request("fast", "late", "f", "2"));
        ErrorMessage e = error(a.client().next(WAIT));
        assertThat(e.correlationId()).isEqualTo("n");
        assertThat(e.detail().orElseThrow().errCode()).isEqualTo("504");
        assertThat(message(a.client().next(WAIT)).correlationId()).isEqualTo("f");
        await().atMost(WAIT).untilAsserted(() -> assertThat(fastCalls).hasValue(1));
    }
}
