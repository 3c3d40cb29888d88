package dev.channels.server;

import dev.channels.server.engine.Broker;
import dev.channels.server.engine.EngineListener;
import dev.channels.server.engine.History;
import dev.channels.server.engine.InMemoryEngine;
import dev.channels.server.engine.StreamOptions;
import dev.channels.server.engine.StreamPosition;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The real in-memory engine, with what tests need to control: a hook that runs just before the next
 * history or position read (e.g. publish through the server), i.e. at the worst moment for a joiner,
 * after it is subscribed and before it reads the stream; publishes that fail as an unreachable engine's
 * do; and the listener, to report a lost connection. Everything else is the in-memory engine's.
 */
final class ControllableEngine extends ForwardingEngine {

    private volatile Consumer<String> beforeRead = channel -> { };
    private volatile boolean publishFails;
    private volatile boolean readsFail;
    private volatile EngineListener listener;

    ControllableEngine() {
        super(InMemoryEngine.create());
    }

    /** From now on publishes fail with {@link dev.channels.server.engine.EngineUnavailableException} (or work again). */
    void failPublishes(boolean fail) {
        this.publishFails = fail;
    }

    /** From now on history and position reads fail as an unreachable engine's do (or work again). */
    void failReads(boolean fail) {
        this.readsFail = fail;
    }

    /** The server's listener. */
    EngineListener listener() {
        return listener;
    }

    /** Runs {@code hook} once, just before the next history or position read (on the reading thread). */
    void beforeNextRead(Runnable hook) {
        AtomicBoolean ran = new AtomicBoolean();
        this.beforeRead = channel -> {
            if (ran.compareAndSet(false, true)) {
                beforeRead = c -> { };
                hook.run();
            }
        };
    }

    @Override
    public void start(EngineListener listener) {
        this.listener = listener;
        super.start(listener);
    }

    @Override
    public Broker broker() {
        Broker b = super.broker();
        return new Broker() {
            @Override
            public CompletableFuture<StreamPosition> publish(String channelId, String data, StreamOptions stream) {
                if (publishFails) {
                    return CompletableFuture.failedFuture(new dev.channels.server.engine.EngineUnavailableException("redis down (test)"));
                }
                return b.publish(channelId, data, stream);
            }

            @Override
            public CompletableFuture<Void> subscribe(String channelId) {
                return b.subscribe(channelId);
            }

            @Override
            public CompletableFuture<Void> unsubscribe(String channelId) {
                return b.unsubscribe(channelId);
            }

            @Override
            public CompletableFuture<History> history(String channelId, long since, int limit, StreamOptions stream) {
                beforeRead.accept(channelId);
                if (readsFail) {
                    return CompletableFuture.failedFuture(new dev.channels.server.engine.EngineUnavailableException("redis down (test)"));
                }
                return b.history(channelId, since, limit, stream);
            }

            @Override
            public CompletableFuture<StreamPosition> position(String channelId, StreamOptions stream) {
                beforeRead.accept(channelId);
                if (readsFail) {
                    return CompletableFuture.failedFuture(new dev.channels.server.engine.EngineUnavailableException("redis down (test)"));
                }
                return b.position(channelId, stream);
            }

            @Override
            public CompletableFuture<Void> removeStream(String channelId) {
                return b.removeStream(channelId);
            }

            @Override
            public CompletableFuture<Void> sendControl(String nodeId, String data) {
                return b.sendControl(nodeId, data);
            }
        };
    }
}
