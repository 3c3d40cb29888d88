package dev.channels.server;

import dev.channels.api.ErrorDetail;
import dev.channels.api.ErrorMessage;
import dev.channels.api.Message;
import dev.channels.api.codec.EnvelopeCodec;
import dev.channels.api.codec.MalformedFrameException;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's execution model for inbound frames (issue 23 item 1; Quarkus WebSockets Next is the
 * model). With {@link ReadThread#MAY_BLOCK} (the default: Jetty, application servers, Tyrus on worker
 * threads) it is not used: every frame is handled inline on the thread that read it, as before. With
 * {@link ReadThread#EVENT_LOOP} each connection gets, when it first needs one, a {@link HandlerLane}:
 * non-blocking work (a {@link dev.channels.api.Execution#NON_BLOCKING} handler, an engine that
 * {@linkplain dev.channels.server.engine.ChannelEngine#answersAtOnce() answers at once}) runs inline on
 * the read thread; work that may block (a blocking handler, a session's join or leave, which run the
 * application's hooks, anything that waits for an engine that answers over the network, any frame when
 * an application authorizer is installed, since it may block) goes to the lane, and so does every
 * later frame of the connection while the lane is active. A full lane answers the frame with an error
 * envelope {@code "429"} (the frame is not handled).
 *
 * <p>Workers ({@code channels.handler-workers}): virtual threads on JDK 21+ (reached by method handles:
 * the code compiles for Java 17), else a fixed pool of {@code channels.handler-pool-size} daemon
 * threads. The executor is made when the first lane runs and shut down with the server. Its queue holds
 * at most one run per connection (a lane submits its next run only after its previous one ended).
 *
 * <p>Thread-safe: the executor is made and published once under this object's monitor, which is never held
 * with a lane's (a lane is made after the executor is fetched) nor while a task runs; the lanes keep their own
 * state ({@link HandlerLane}). A connection's lane is made by the thread handling its frames (the read thread,
 * or one of its lane's tasks), one at a time.
 */
final class HandlerLanes {

    private static final System.Logger LOG = System.getLogger(HandlerLanes.class.getName());

    private final HandlerWorkers kind;
    private final int poolSize;
    private final int capacity;
    private final ServerCounters counters;
    /** What the container would do with something that escaped a frame's handling: close the connection with 1011. */
    private final java.util.function.BiConsumer<Connection, Throwable> escaped;
    /** Made on first use; guarded by this. */
    private ExecutorService executor;
    private boolean closed;

    HandlerLanes(ServerOptions options, ServerCounters counters, java.util.function.BiConsumer<Connection, Throwable> escaped) {
        this.escaped = escaped;
        this.kind = options.handlerWorkers();
        this.poolSize = options.handlerPoolSize();
        this.capacity = options.handlerLaneCapacity();
        this.counters = counters;
        if (kind == HandlerWorkers.VIRTUAL && virtualThreadFactory() == null) {
            throw new IllegalArgumentException("channels.handler-workers=VIRTUAL needs JDK 21 or later (this is "
                    + Runtime.version() + "): use AUTO or PLATFORM");
        }
    }

    /** {@code connection}'s lane, made on the first call (reading thread, or a worker of that lane). */
    HandlerLane laneOf(Connection connection) {
        HandlerLane lane = connection.lane();
        if (lane == null) {
            // the read thread and a closing thread (connectionClosed) may both get here: one lane wins
            HandlerLane made = new HandlerLane(executor(), capacity, connection);
            lane = connection.laneIfAbsent(made);
        }
        return lane;
    }

    /** {@code connection}'s lane if it has one and it is active: then every frame must queue there. */
    boolean mustQueue(Connection connection) {
        HandlerLane lane = connection.lane();
        return lane != null && lane.isActive();
    }

    /**
     * Hands {@code task}, the handling of {@code frame} (raw text, for the error envelope), to
     * {@code connection}'s lane; when the lane is full the sender gets an error envelope {@code "429"}
     * with the frame's message id, now (before the replies of the frames ahead of it).
     */
    void offload(Connection connection, String frame, Runnable task) {
        if (!laneOf(connection).offer(guarded(connection, task))) {
            rejectFull(connection, frame);
        }
    }

    /**
     * {@code task} for the lane of {@code connection}: what escapes it (an {@code Error} a handler threw, a
     * bug) closes that connection with 1011, as the container does for what escapes its message handler on
     * a read thread; the lane goes on with the next task.
     */
    Runnable guarded(Connection connection, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                escaped.accept(connection, e); // logged there (WARNING for what is not the client's doing)
            }
        };
    }

    private void rejectFull(Connection connection, String frame) {
        counters.laneRejections.increment();
        LOG.log(Level.DEBUG, "{0}: its worker lane is full ({1} frames wait): answered 429", connection, capacity);
        ErrorDetail detail = new ErrorDetail("too many requests", "this connection already has " + capacity
                + " messages waiting for its handlers: the message was not handled; wait for replies before sending more", "429");
        ErrorMessage error;
        try {
            Message decoded = EnvelopeCodec.decodeMessage(frame);
            error = decoded.withClientId(connection.clientId()).toError(detail);
        } catch (MalformedFrameException e) {
            error = new ErrorMessage("", "", "", "", null, detail.toJson(), connection.channelId(), connection.clientId(), Map.of());
        }
        connection.writer().send(EnvelopeCodec.encode(error));
    }

    private synchronized ExecutorService executor() {
        if (closed) {
            throw new java.util.concurrent.RejectedExecutionException("server closed");
        }
        if (executor == null) {
            java.util.concurrent.ThreadFactory virtual = kind == HandlerWorkers.PLATFORM ? null : virtualThreadFactory();
            if (virtual != null) {
                executor = threadPerTask(virtual);
            } else {
                AtomicInteger n = new AtomicInteger();
                ThreadPoolExecutor pool = new ThreadPoolExecutor(poolSize, poolSize, 60, TimeUnit.SECONDS,
                        new LinkedBlockingQueue<>(), r -> {
                            Thread t = new Thread(r, "channels-handler-" + n.incrementAndGet());
                            t.setDaemon(true);
                            return t;
                        });
                pool.allowCoreThreadTimeOut(true);
                executor = pool;
            }
            LOG.log(Level.DEBUG, "handler workers: {0}", virtual != null ? "virtual threads" : poolSize + " platform threads");
        }
        return executor;
    }

    /** Stops the workers (the server closes); lanes that run finish their current task. */
    synchronized void close() {
        closed = true;
        if (executor != null) {
            executor.shutdown();
        }
    }

    /** {@code Executors.newThreadPerTaskExecutor(factory)} (JDK 21+), by a method handle. */
    private static ExecutorService threadPerTask(java.util.concurrent.ThreadFactory factory) {
        try {
            return (ExecutorService) MethodHandles.publicLookup().findStatic(java.util.concurrent.Executors.class,
                    "newThreadPerTaskExecutor", MethodType.methodType(ExecutorService.class,
                            java.util.concurrent.ThreadFactory.class)).invoke(factory);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("virtual threads not available", e);
        }
    }

    /** {@code Thread.ofVirtual().name("channels-handler-", 0).factory()} on JDK 21+, else null. */
    static java.util.concurrent.ThreadFactory virtualThreadFactory() {
        try {
            Class<?> builderClass = Class.forName("java.lang.Thread$Builder");
            Class<?> ofVirtualClass = Class.forName("java.lang.Thread$Builder$OfVirtual");
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Object builder = lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(ofVirtualClass)).invoke();
            builder = lookup.findVirtual(ofVirtualClass, "name", MethodType.methodType(ofVirtualClass, String.class, long.class))
                    .invoke(builder, "channels-handler-", 0L);
            return (java.util.concurrent.ThreadFactory) lookup.findVirtual(builderClass, "factory",
                    MethodType.methodType(java.util.concurrent.ThreadFactory.class)).invoke(builder);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            return null; // before JDK 21
        } catch (Throwable e) {
            LOG.log(Level.DEBUG, "virtual threads not available: {0}", e.toString());
            return null;
        }
    }
}
